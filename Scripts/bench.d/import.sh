#!/usr/bin/env bash
# The import benchmark: an mbox of 10,000 replies (about 60 MB, a third with attachments) matched
# and stored by 'samrad import', beside a Python script that only parses the same mbox with
# mailbox and email. Prints messages per second and peak memory of each, and the ratios.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$(repo_root)"

messages=10000
while [ $# -gt 0 ]; do
    case "$1" in
        --messages) messages=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
    esac
done
ensure_packages "${SAMRAD_BUILD_PACKAGES[@]}" time
swift build -c release --static-swift-stdlib --product samrad >&2
samrad=$(swift build -c release --static-swift-stdlib --show-bin-path)/samrad
root=$(pwd)
work=$(mktemp -d /tmp/samrad-bench-import.XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 Scripts/bench.d/make_mbox.py "$work/replies.mbox" "$messages" "$root/contacts"
size=$(stat -c %s "$work/replies.mbox")
cd "$work"
cp -rL "$root/contacts" "$root/consultations" .
export SAMRAD_NOW=2019-04-11T08:05
"$samrad" contacts load contacts >/dev/null
"$samrad" consultation add consultations/mal-2019.yaml >/dev/null
"$samrad" send mal-2019 >/dev/null
export SAMRAD_NOW=2019-05-31T09:00

/usr/bin/time -f "%e %M" -o samrad.time "$samrad" import replies.mbox > import.log
/usr/bin/time -f "%e %M" -o python.time python3 "$root/Scripts/bench.d/python_parse.py" replies.mbox > python.log
responses=$(sqlite3 samrad.sqlite "SELECT count(*) FROM response")

python3 - "$messages" "$size" "$responses" samrad.time python.time <<'PY'
import sys
n, size, responses = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
samrad_s, samrad_kib = map(float, open(sys.argv[4]).read().split())
python_s, python_kib = map(float, open(sys.argv[5]).read().split())
print(f"import: an mbox of {n} replies, {size / 1e6:.0f} MB; samrad matched and stored {responses} responses")
print(f"{'':36} {'msg/s':>8} {'seconds':>8} {'peak MiB':>9}")
print(f"{'samrad import (parse, match, store)':36} {n / samrad_s:8.0f} {samrad_s:8.2f} {samrad_kib / 1024:9.1f}")
print(f"{'python mailbox + email (parse only)':36} {n / python_s:8.0f} {python_s:8.2f} {python_kib / 1024:9.1f}")
print(f"ratio samrad / python: {python_s / samrad_s:.2f}  (target >= 3)")
print(f"samrad peak memory:    {samrad_kib / 1024:.1f} MiB  (target <= 150)")
if responses != n:
    print(f"error: {n - responses} replies were not stored as responses")
    sys.exit(1)
PY
