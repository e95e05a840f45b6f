#!/usr/bin/env bash
# The cron benchmark: 'samrad remind' with nothing due on a database of 200 rounds over a registry
# of 300 bodies, beside two peers on the same file: a sqlite3 process running one SELECT (the floor
# for a process that opens the database) and the Python script a municipality would write for the
# same check (python3 -c 'import sqlite3; …': the rounds whose next send has come, and any delivery
# due). Prints the median wall time of each over repeated runs and the ratios; with --instructions,
# also each one's instruction count under valgrind's callgrind, which a busy machine does not move.
# With --db postgres, the same rounds are also added to a PostgreSQL database (a cluster of the script's own on
# 127.0.0.1) and 'samrad remind' on it is measured beside the run on SQLite, with the ratio between the two.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$(repo_root)"

rounds=200
bodies=300
runs=21
instructions=0
db=sqlite
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --bodies) bodies=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --instructions) instructions=1; shift ;;
        --db) db=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
    esac
done
case "$db" in sqlite | postgres) ;; *) echo "--db is sqlite or postgres, not $db" >&2; exit 64 ;; esac

ensure_packages "${SAMRAD_BUILD_PACKAGES[@]}" sqlite3
[ "$instructions" -eq 0 ] || ensure_packages valgrind
swift build -c release --static-swift-stdlib --product samrad >&2
samrad=$(swift build -c release --static-swift-stdlib --show-bin-path)/samrad

root=$(pwd)
work=$(mktemp -d /tmp/samrad-bench-remind.XXXXXX)
pg_folder=""
cleanup() {
    [ -z "$pg_folder" ] || { postgres_stop; rm -rf "$pg_folder"; }
    rm -rf "$work"
}
trap cleanup EXIT
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
# A first real run plans every round once and remembers when each next has something due, as cron's
# first run after 'consultation add' does; the runs measured are the quiet ones that follow.
"$samrad" remind >/dev/null
postgres_url=""
if [ "$db" = postgres ]; then
    source "$root/Scripts/lib/postgres.sh"
    pg_folder=$(mktemp -d /tmp/samrad-bench-pg.XXXXXX)
    postgres_start "$pg_folder"
    postgres_url=$(postgres_createdb samrad_bench)
    SAMRAD_NOW=2019-04-01T09:00 SAMRAD_DB="$postgres_url" "$samrad" contacts load contacts >/dev/null
    for file in rounds/*.yaml; do SAMRAD_NOW=2019-04-01T09:00 SAMRAD_DB="$postgres_url" "$samrad" consultation add "$file" >/dev/null; done
    SAMRAD_DB="$postgres_url" "$samrad" remind >/dev/null
fi

SAMRAD_ROOT="$root" python3 - "$runs" "$samrad" "$SAMRAD_DB" "$rounds" "$bodies" "$instructions" "$postgres_url" <<'PY'
import os, re, statistics, subprocess, sys, time
sys.path.insert(0, os.path.join(os.environ["SAMRAD_ROOT"], "Scripts", "bench.d"))
from instructions import count
runs, samrad, db, rounds, bodies = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
count_instructions = sys.argv[6] == "1"
postgres_url = sys.argv[7]
# The check a cron script would make: the open rounds whose next planned send has come (or is not known), and
# whether any delivery of an open round is due. The same conditions as samrad's.
script = """
import sqlite3, sys
now = '2019-04-09 08:00:00.000'
db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
rounds = db.execute("SELECT id FROM consultation WHERE closed_at IS NULL AND (next_due_at IS NULL OR next_due_at <= ?)", (now,)).fetchall()
due = db.execute(
    "SELECT 1 FROM delivery d JOIN message m ON m.id = d.message_id WHERE (d.state = 'queued'"
    " OR (d.state = 'sending' AND d.lease_until <= ?) OR (d.state = 'deferred' AND d.next_attempt_at <= ?))"
    " AND NOT EXISTS (SELECT 1 FROM consultation c WHERE c.id = m.consultation_id AND c.closed_at IS NOT NULL) LIMIT 1",
    (now, now)).fetchone()
if rounds or due: print(len(rounds), due)
"""
peers = [
    ("sqlite3, one SELECT", ["sqlite3", db, "SELECT count(*) FROM consultation;"]),
    ("python3 sqlite3 script", [sys.executable, "-c", script, db]),
    ("samrad remind", [samrad, "remind"]),
]
environments = {}
if postgres_url:
    peers.append(("samrad remind, PostgreSQL", [samrad, "remind"]))
    environments["samrad remind, PostgreSQL"] = dict(os.environ, SAMRAD_DB=postgres_url)
def median(name, command):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, check=True, stdout=subprocess.PIPE, env=environments.get(name))
        if command[0] != "sqlite3" and result.stdout.strip():
            sys.exit(f"error: {command[0]} found something due: {result.stdout!r}")
        times.append(time.perf_counter() - start)
    return statistics.median(times)
times = {name: median(name, command) for name, command in peers}
print(f"remind with nothing due: {rounds} rounds x {bodies} bodies, median of {runs} runs")
for name, _ in peers:
    print(f"{name:28} {times[name] * 1000:8.1f} ms")
remind = times["samrad remind"]
print(f"ratio samrad / sqlite3:       {remind / times['sqlite3, one SELECT']:.2f}")
print(f"ratio samrad / python script: {remind / times['python3 sqlite3 script']:.2f}  (target <= 1)")
if postgres_url:
    print(f"ratio PostgreSQL / SQLite:    {times['samrad remind, PostgreSQL'] / remind:.2f}  (time; the same rounds, server on loopback)")
if count_instructions:
    counts = {name: count(command, os.path.dirname(db)) for name, command in peers if name not in environments}
    print("instructions (valgrind --tool=callgrind, one run each):")
    for name in counts:
        print(f"{name:28} {counts[name]:>14,}")
    print(f"ratio samrad / python script: {counts['samrad remind'] / max(1, counts['python3 sqlite3 script']):.2f}")
PY
