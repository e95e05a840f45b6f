#!/usr/bin/env bash
# The report benchmark: rounds of 30, 300 and 3,000 bodies x 4 goal areas with contributions of
# about 2 KB, each rendered in every format by 'samrad report'. Prints the time per body for each
# size from one run: a cost that grows no faster than linearly keeps that figure flat.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$(repo_root)"
ensure_packages "${SAMRAD_BUILD_PACKAGES[@]}"
swift build -c release --static-swift-stdlib --product samrad >&2
samrad=$(swift build -c release --static-swift-stdlib --show-bin-path)/samrad
work=$(mktemp -d /tmp/samrad-bench-report.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$(pwd)

echo "report: time per body for each size (all four formats, one run each)"
printf '%8s %10s %10s %10s %10s %12s\n' bodies md html csv json "ms per body"
for size in 30 300 3000; do
    dir="$work/$size"
    mkdir -p "$dir"
    python3 "$root/Scripts/bench.d/make_report_round.py" "$dir" "$size"
    (
        cd "$dir"
        export SAMRAD_NOW=2019-04-11T08:05 SAMRAD_OUTBOX="$dir/outbox"
        "$samrad" contacts load contacts >/dev/null
        "$samrad" consultation add round.yaml >/dev/null
        "$samrad" send bench >/dev/null
        SAMRAD_NOW=2019-05-20T09:00 "$samrad" import svar.csv --consultation bench >/dev/null
    )
    python3 - "$samrad" "$dir" "$size" <<'PY'
import os, subprocess, sys, time
samrad, folder, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
env = dict(os.environ, SAMRAD_NOW="2019-05-20T09:00")
times = {}
for fmt in ["md", "html", "csv", "json"]:
    start = time.perf_counter()
    subprocess.run([samrad, "report", "bench", "--format", fmt, "-o", f"report.{fmt}"], cwd=folder, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    times[fmt] = time.perf_counter() - start
total = sum(times.values())
print(f"{size:8d} " + " ".join(f"{times[f] * 1000:8.0f}ms" for f in ["md", "html", "csv", "json"]) + f" {total * 1000 / size:12.3f}")
PY
done
