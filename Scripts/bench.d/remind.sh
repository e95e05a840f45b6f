#!/usr/bin/env bash
# The cron benchmark: 'samrad remind' with nothing due on a database of 200 rounds over a registry
# of 300 bodies, beside a sqlite3 process running one SELECT on the same file (the floor for a
# process that opens the database). Prints the median wall time of each over repeated runs and
# the ratio.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$(repo_root)"

rounds=200
bodies=300
runs=21
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --bodies) bodies=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
    esac
done

ensure_packages "${SAMRAD_BUILD_PACKAGES[@]}" sqlite3
swift build -c release --static-swift-stdlib --product samrad >&2
samrad=$(swift build -c release --static-swift-stdlib --show-bin-path)/samrad

work=$(mktemp -d /tmp/samrad-bench-remind.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 Scripts/bench.d/make_rounds.py "$work" "$rounds" "$bodies"
cd "$work"
export SAMRAD_DB="$work/samrad.sqlite" SAMRAD_OUTBOX="$work/outbox"
export SAMRAD_NOW=2019-04-01T09:00
"$samrad" contacts load contacts >/dev/null
for file in rounds/*.yaml; do "$samrad" consultation add "$file" >/dev/null; done
# Nothing is due on 2019-04-09 at 10.00: every mailout and reminder lies ahead.
export SAMRAD_NOW=2019-04-09T10:00
due=$("$samrad" remind --dry-run | wc -l)
[ "$due" -eq 0 ] || { echo "error: $due sends are due; the benchmark wants none" >&2; exit 1; }

python3 - "$runs" "$samrad" "$SAMRAD_DB" "$rounds" "$bodies" <<'PY'
import os, statistics, subprocess, sys, time
runs, samrad, db, rounds, bodies = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def median(command):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
sqlite = median(["sqlite3", db, "SELECT count(*) FROM consultation;"])
remind = median([samrad, "remind"])
print(f"remind with nothing due: {rounds} rounds x {bodies} bodies, median of {runs} runs")
print(f"{'sqlite3, one SELECT':28} {sqlite * 1000:8.1f} ms")
print(f"{'samrad remind':28} {remind * 1000:8.1f} ms")
print(f"ratio samrad / sqlite3: {remind / sqlite:.2f}  (target <= 2)")
PY
