#!/usr/bin/env bash
# The mailout benchmark: N personalised messages, each with a 200 KB PDF attachment, to postfix's
# smtp-sink on loopback, ledger included. Beside it, in the same run and against the same sink:
# postfix's smtp-source (same connection count, the same message), a Python smtplib script
# sending the same .eml files over one connection, and the curl tool sending the same message over
# the same connection count (libcurl with nothing to render or record). The four run in turn, --runs N times each
# (3), samrad each time from a fresh copy of the database; prints each run, and the median messages per second, the
# peak memory and the ratios of the medians. With --db postgres, samrad also sends the same round with its ledger on PostgreSQL (a cluster of the
# script's own on 127.0.0.1), and the ratio against the SQLite run is printed: the claims, records and renewals of
# 4 workers, on the server. SAMRAD_BENCH_PG_SYNC=off runs that database with synchronous_commit off, to show what
# the server's flush at each commit costs (SQLite's WAL mode with synchronous=NORMAL does not flush at each commit).
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$(repo_root)"

messages=10000
connections=4
runs=3
db=sqlite
while [ $# -gt 0 ]; do
    case "$1" in
        --messages) messages=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --db) db=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
    esac
done
case "$db" in sqlite | postgres) ;; *) echo "--db is sqlite or postgres, not $db" >&2; exit 64 ;; esac

ensure_packages "${SAMRAD_BUILD_PACKAGES[@]}" postfix time curl
swift build -c release --static-swift-stdlib --product samrad >&2
samrad=$(swift build -c release --static-swift-stdlib --show-bin-path)/samrad

work=$(mktemp -d /tmp/samrad-bench.XXXXXX)
sink_pid=""
pg_folder=""
cleanup() {
    [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
    [ -z "$pg_folder" ] || { postgres_stop; rm -rf "$pg_folder"; }
    rm -rf "$work"
}
trap cleanup EXIT

python3 Scripts/bench.d/make_round.py "$work" "$messages"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
smtp-sink -u nobody -c 127.0.0.1:"$port" 1000 >/dev/null 2>&1 &
sink_pid=$!
for _ in $(seq 50); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
    sleep 0.1
done

# measure NAME COMMAND...: runs the command under GNU time; prints "seconds peak_kib".
measure() {
    local log="$work/$1.time"
    shift
    /usr/bin/time -f "%e %M" -o "$log" "$@" >"$work/out.log" 2>&1 || { cat "$work/out.log" >&2; return 1; }
    cat "$log"
}

export SAMRAD_NOW=2019-04-11T08:00
(cd "$work" && "$samrad" contacts load contacts >/dev/null && "$samrad" consultation add round.yaml >/dev/null)

# The round before its mailout, kept to start each run of samrad from; a copy of it renders the messages the peers
# send (samrad's outbox: the same bytes it sends).
sqlite3 "$work/samrad.sqlite" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$work/samrad.sqlite" "$work/unsent.sqlite"
cp "$work/samrad.sqlite" "$work/empty.sqlite"
(cd "$work" && SAMRAD_DB=empty.sqlite SAMRAD_OUTBOX=outbox "$samrad" send bench >/dev/null)
sample=$(find "$work/outbox" -name "*.eml" -print -quit)
size=$(stat -c %s "$sample")
python3 - "$port" "$messages" "$sample" >"$work/curl.cfg" <<'PY'
import sys
port, n, sample = sys.argv[1], int(sys.argv[2]), sys.argv[3]
entry = (f'url = "smtp://127.0.0.1:{port}"\nupload-file = "{sample}"\nmail-from = "bench@kommun.example"\n'
         'mail-rcpt = "sink@kommun.example"\noutput = "/dev/null"\n')
print("next\n".join([entry] * n), end="")
PY

# Each run: samrad on a fresh copy of the database, then the three peers; "seconds:KiB" of each, in that order.
samrad_runs="" source_runs="" python_runs="" curl_runs=""
for run in $(seq "$runs"); do
    rm -f "$work"/samrad.sqlite*
    cp "$work/unsent.sqlite" "$work/samrad.sqlite"
    sync
    read -r samrad_s samrad_kib < <(cd "$work" && SAMRAD_SMTP_URL="smtp://127.0.0.1:$port" SAMRAD_SMTP_TLS=none \
        measure samrad "$samrad" send bench --connections "$connections")
    sent=$(sqlite3 "$work/samrad.sqlite" "SELECT count(*) FROM delivery WHERE state = 'sent'")
    [ "$sent" -eq "$messages" ] || { echo "error: samrad sent $sent of $messages in run $run" >&2; exit 1; }
    samrad_runs="$samrad_runs $samrad_s:$samrad_kib"
    read -r source_s source_kib < <(measure smtp-source smtp-source -s "$connections" -m "$messages" -d -F "$sample" \
        -f bench@kommun.example -t sink@kommun.example 127.0.0.1:"$port")
    source_runs="$source_runs $source_s:$source_kib"
    read -r python_s python_kib < <(measure smtplib python3 Scripts/bench.d/smtplib_send.py 127.0.0.1 "$port" "$work/outbox")
    python_runs="$python_runs $python_s:$python_kib"
    read -r curl_s curl_kib < <(measure curl curl --silent --show-error --fail --parallel --parallel-max "$connections" \
        --config "$work/curl.cfg")
    curl_runs="$curl_runs $curl_s:$curl_kib"
done

pg_s=0 pg_kib=0 pg_sent=0
if [ "$db" = postgres ]; then
    source Scripts/lib/postgres.sh
    pg_folder=$(mktemp -d /tmp/samrad-bench-pg.XXXXXX)
    postgres_start "$pg_folder"
    pg_url=$(postgres_createdb samrad_bench)
    if [ "${SAMRAD_BENCH_PG_SYNC:-on}" = off ]; then
        "$SAMRAD_PG_BIN/psql" -X -q -h "$SAMRAD_PG_FOLDER" -p "$SAMRAD_PG_PORT" -U samrad -d postgres \
            -c "ALTER DATABASE samrad_bench SET synchronous_commit = off" >/dev/null
    fi
    (cd "$work" && SAMRAD_DB="$pg_url" "$samrad" contacts load contacts >/dev/null \
        && SAMRAD_DB="$pg_url" "$samrad" consultation add round.yaml >/dev/null)
    read -r pg_s pg_kib < <(cd "$work" && SAMRAD_DB="$pg_url" SAMRAD_SMTP_URL="smtp://127.0.0.1:$port" SAMRAD_SMTP_TLS=none \
        measure samrad-pg "$samrad" send bench --connections "$connections")
    pg_sent=$("$SAMRAD_PG_BIN/psql" -X -At -h "$SAMRAD_PG_FOLDER" -p "$SAMRAD_PG_PORT" -U samrad -d samrad_bench \
        -c "SELECT count(*) FROM delivery WHERE state = 'sent'")
fi

# The same messages as .eml files, for the peers.
python3 - "$messages" "$size" "$connections" "$samrad_runs" "$source_runs" "$python_runs" "$curl_runs" \
    "$db" "$pg_s" "$pg_kib" "$pg_sent" <<'PY'
import statistics
import sys
n, size, conns = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def runs(argument):
    return [tuple(map(float, run.split(":"))) for run in argument.split()]
names = ["samrad send", f"smtp-source -s {conns}", "python smtplib, 1 connection", f"curl --parallel-max {conns} (libcurl)"]
measured = [runs(argument) for argument in sys.argv[4:8]]
postgres = sys.argv[8] == "postgres"
print(f"mailout: {n} messages of {size / 1024:.0f} KiB, {conns} connections, to smtp-sink on loopback; "
      f"{len(measured[0])} runs of each in turn, samrad sent all {n} in each")
print(f"{'':42} {'msg/s':>9} {'seconds':>9} {'peak MiB':>9}")
for index in range(len(measured[0])):
    for name, results in zip(names, measured):
        seconds, kib = results[index]
        print(f"{f'  run {index + 1}: ' + name:42} {n / seconds:9.0f} {seconds:9.2f} {kib / 1024:9.1f}")
rows = [(name, statistics.median(r[0] for r in results), max(r[1] for r in results)) for name, results in zip(names, measured)]
if postgres:
    rows.append(("samrad send, PostgreSQL", float(sys.argv[9]), int(sys.argv[10])))
for name, seconds, kib in rows:
    print(f"{name:42} {n / seconds:9.0f} {seconds:9.2f} {kib / 1024:9.1f}  (median; peak of all runs)")
samrad, source, python, curl = (n / r[1] for r in rows[:4])
print(f"ratio samrad / smtp-source: {samrad / source:.2f}  (target >= 1.0)")
print(f"ratio samrad / smtplib:     {samrad / python:.2f}  (target >= 2)")
print(f"ratio samrad / curl:        {samrad / curl:.2f}  (libcurl with nothing to render or record; no target)")
print(f"ratio curl / smtp-source:   {curl / source:.2f}  (what libcurl itself reaches)")
print(f"samrad peak memory:         {rows[0][2] / 1024:.1f} MiB  (target <= 100)")
if postgres:
    print(f"ratio PostgreSQL / SQLite:   {n / rows[4][1] / samrad:.2f}  (msg/s, {conns} workers claiming; target >= 0.5)")
    if int(sys.argv[11]) != n:
        print(f"error: samrad on PostgreSQL sent {sys.argv[11]} of {n}")
        sys.exit(1)
PY
