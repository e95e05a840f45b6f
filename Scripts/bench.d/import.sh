#!/usr/bin/env bash
# The import benchmark: an mbox of 10,000 replies (about 100 MB, a third with attachments) matched
# and stored by 'samrad import', beside a Python script that only parses the same mbox with
# mailbox and email. The two run in turn, --runs N times each (3) on a fresh copy of the database,
# after the new mbox is written out to disk (sync), so that neither pays for the other's writes.
# Prints each run, the median messages per second and peak memory of each, and the ratio of the
# medians; then the
# peak memory of importing 100,000 replies (--large N; 0 leaves it out), which stays flat when the
# import streams. With --instructions, also the instructions per message of each under valgrind's
# callgrind on a smaller mbox (--instruction-messages N, 1,000), and samrad's functions that
# executed the most of them.
# Measured in a release build.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$(repo_root)"

messages=10000
runs=3
large=100000
instructions=0
instruction_messages=1000
while [ $# -gt 0 ]; do
    case "$1" in
        --messages) messages=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --large) large=$2; shift 2 ;;
        --instructions) instructions=1; shift ;;
        --instruction-messages) instruction_messages=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
    esac
done
ensure_packages "${SAMRAD_BUILD_PACKAGES[@]}" time sqlite3
[ "$instructions" -eq 0 ] || ensure_packages valgrind
swift build -c release --static-swift-stdlib --product samrad >&2
samrad=$(swift build -c release --static-swift-stdlib --show-bin-path)/samrad
root=$(pwd)
work=$(mktemp -d /tmp/samrad-bench-import.XXXXXX)
trap 'rm -rf "$work"' EXIT

# setup DIR: a database with the sample registry and round, its mailout sent, in DIR; written out
# whole (no write-ahead log left), so that a copy of the folder is the same database.
setup() {
    mkdir -p "$1"
    cp -rL "$root/contacts" "$root/consultations" "$1"
    (
        cd "$1"
        export SAMRAD_NOW=2019-04-11T08:05
        "$samrad" contacts load contacts >/dev/null
        "$samrad" consultation add consultations/mal-2019.yaml >/dev/null
        "$samrad" send mal-2019 >/dev/null
        sqlite3 samrad.sqlite "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    )
}

# measure DIR MBOX: imports MBOX into DIR's database under /usr/bin/time; prints "seconds peak-KiB responses".
measure() {
    (
        cd "$1"
        SAMRAD_NOW=2019-05-31T09:00 /usr/bin/time -f "%e %M" -o samrad.time "$samrad" import "$2" >import.log
        echo "$(cat samrad.time) $(sqlite3 samrad.sqlite "SELECT count(*) FROM response")"
    )
}

python3 Scripts/bench.d/make_mbox.py "$work/replies.mbox" "$messages" "$root/contacts"
setup "$work/base"
sync
samrad_runs=""
python_runs=""
for run in $(seq "$runs"); do
    rm -rf "$work/main"
    cp -r "$work/base" "$work/main"
    sync
    read -r samrad_s samrad_kib responses < <(measure "$work/main" "$work/replies.mbox")
    samrad_runs="$samrad_runs $samrad_s:$samrad_kib:$responses"
    /usr/bin/time -f "%e %M" -o "$work/python.time" python3 Scripts/bench.d/python_parse.py "$work/replies.mbox" >/dev/null
    read -r python_s python_kib <"$work/python.time"
    python_runs="$python_runs $python_s:$python_kib"
done

large_line=""
if [ "$large" -gt 0 ]; then
    python3 Scripts/bench.d/make_mbox.py "$work/large.mbox" "$large" "$root/contacts"
    setup "$work/large"
    sync
    read -r large_s large_kib large_responses < <(measure "$work/large" "$work/large.mbox")
    large_line="$large $(stat -c %s "$work/large.mbox") $large_s $large_kib $large_responses"
    rm -f "$work/large.mbox"
fi

export SAMRAD_ROOT="$root"
python3 - "$messages" "$(stat -c %s "$work/replies.mbox")" "$samrad_runs" "$python_runs" "$large_line" <<'PY'
import statistics
import sys
n, size = int(sys.argv[1]), int(sys.argv[2])
samrad = [tuple(map(float, run.split(":"))) for run in sys.argv[3].split()]
python = [tuple(map(float, run.split(":"))) for run in sys.argv[4].split()]
print(f"import: an mbox of {n:,} replies, {size / 1e6:.0f} MB, {len(samrad)} runs of each in turn")
print(f"{'':36} {'msg/s':>8} {'seconds':>8} {'peak MiB':>9}")
for index, (s, p) in enumerate(zip(samrad, python), 1):
    print(f"{f'  run {index}: samrad':36} {n / s[0]:8.0f} {s[0]:8.2f} {s[1] / 1024:9.1f}")
    print(f"{f'  run {index}: python':36} {n / p[0]:8.0f} {p[0]:8.2f} {p[1] / 1024:9.1f}")
samrad_s = statistics.median(s[0] for s in samrad)
python_s = statistics.median(p[0] for p in python)
samrad_kib = max(s[1] for s in samrad)
python_kib = max(p[1] for p in python)
print(f"{'samrad import (parse, match, store)':36} {n / samrad_s:8.0f} {samrad_s:8.2f} {samrad_kib / 1024:9.1f}  (median; peak of all runs)")
print(f"{'python mailbox + email (parse only)':36} {n / python_s:8.0f} {python_s:8.2f} {python_kib / 1024:9.1f}")
print(f"ratio samrad / python (medians): {python_s / samrad_s:.2f}  (target >= 3)")
print(f"samrad peak memory at {n:,}: {samrad_kib / 1024:.1f} MiB  (target <= 150)")
failed = any(int(s[2]) != n for s in samrad)
if sys.argv[5]:
    large, large_size, large_s, large_kib, large_responses = sys.argv[5].split()
    large, large_s, large_kib, large_responses = int(large), float(large_s), float(large_kib), int(large_responses)
    print(f"samrad import of {large:,} replies ({int(large_size) / 1e6:.0f} MB): {large / large_s:.0f} msg/s, "
          f"{large_s:.1f} s, peak memory {large_kib / 1024:.1f} MiB  (target <= 160)")
    failed = failed or large_responses != large
if failed:
    print("error: some replies were not stored as responses")
    sys.exit(1)
PY

if [ "$instructions" -eq 1 ]; then
    python3 Scripts/bench.d/make_mbox.py "$work/small.mbox" "$instruction_messages" "$root/contacts"
    setup "$work/counted"
    python3 - "$instruction_messages" "$samrad" "$work" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(os.environ["SAMRAD_ROOT"], "Scripts", "bench.d"))
from instructions import count, top_functions
n, samrad, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
env = dict(os.environ, SAMRAD_NOW="2019-05-31T09:00")
total, top = top_functions([samrad, "import", os.path.join(work, "small.mbox")], work, cwd=os.path.join(work, "counted"), env=env)
python = count([sys.executable, os.path.join(os.environ["SAMRAD_ROOT"], "Scripts", "bench.d", "python_parse.py"),
                os.path.join(work, "small.mbox")], work)
print(f"instructions (valgrind --tool=callgrind, one run each, an mbox of {n:,} replies):")
print(f"{'samrad import (parse, match, store)':36} {total:>16,}  {total / n:>12,.0f} per message")
print(f"{'python mailbox + email (parse only)':36} {python:>16,}  {python / n:>12,.0f} per message")
print(f"ratio python / samrad: {python / max(1, total):.2f}")
print("samrad's functions by the instructions they executed themselves:")
for instructions, share, name in top:
    print(f"  {share * 100:5.1f}%  {instructions:>14,}  {name[:110]}")
PY
fi
