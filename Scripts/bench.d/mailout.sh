#!/usr/bin/env bash
# The mailout benchmark: N personalised messages, each with a 200 KB PDF attachment, to postfix's
# smtp-sink on loopback, ledger included. Beside it, in the same run and against the same sink:
# postfix's smtp-source (same connection count, the same message), a Python smtplib script
# sending the same .eml files over one connection, and the curl tool sending the same message over
# the same connection count (libcurl with nothing to render or record). Prints messages per second, peak memory and
# the ratios. With --db postgres, samrad also sends the same round with its ledger on PostgreSQL (a cluster of the
# script's own on 127.0.0.1), and the ratio against the SQLite run is printed: the claims, records and renewals of
# 4 workers, on the server. SAMRAD_BENCH_PG_SYNC=off runs that database with synchronous_commit off, to show what
# the server's flush at each commit costs (SQLite's WAL mode with synchronous=NORMAL does not flush at each commit).
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$(repo_root)"

messages=10000
connections=4
db=sqlite
while [ $# -gt 0 ]; do
    case "$1" in
        --messages) messages=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
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

# Samråd: records every message in the ledger, renders it and sends it.
cp "$work/samrad.sqlite" "$work/empty.sqlite"
read -r samrad_s samrad_kib < <(cd "$work" && SAMRAD_SMTP_URL="smtp://127.0.0.1:$port" SAMRAD_SMTP_TLS=none \
    measure samrad "$samrad" send bench --connections "$connections")
sent=$(sqlite3 "$work/samrad.sqlite" "SELECT count(*) FROM delivery WHERE state = 'sent'")

# The same send with the ledger on PostgreSQL.
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
(cd "$work" && SAMRAD_DB=empty.sqlite SAMRAD_OUTBOX=outbox "$samrad" send bench >/dev/null)
sample=$(find "$work/outbox" -name "*.eml" -print -quit)
size=$(stat -c %s "$sample")

read -r source_s source_kib < <(measure smtp-source smtp-source -s "$connections" -m "$messages" -d -F "$sample" \
    -f bench@kommun.example -t sink@kommun.example 127.0.0.1:"$port")
read -r python_s python_kib < <(measure smtplib python3 Scripts/bench.d/smtplib_send.py 127.0.0.1 "$port" "$work/outbox")
# libcurl alone: the curl tool sends the same message N times over the same number of connections, with nothing to
# render or record. What samrad adds to libcurl's own cost shows against it.
python3 - "$port" "$messages" "$sample" >"$work/curl.cfg" <<'PY'
import sys
port, n, sample = sys.argv[1], int(sys.argv[2]), sys.argv[3]
entry = (f'url = "smtp://127.0.0.1:{port}"\nupload-file = "{sample}"\nmail-from = "bench@kommun.example"\n'
         'mail-rcpt = "sink@kommun.example"\noutput = "/dev/null"\n')
print("next\n".join([entry] * n), end="")
PY
read -r curl_s curl_kib < <(measure curl curl --silent --show-error --fail --parallel --parallel-max "$connections" --config "$work/curl.cfg")

python3 - "$messages" "$sent" "$size" "$connections" "$samrad_s" "$samrad_kib" "$source_s" "$source_kib" "$python_s" "$python_kib" \
    "$db" "$pg_s" "$pg_kib" "$pg_sent" "$curl_s" "$curl_kib" <<'PY'
import sys
n, sent, size, conns = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rows = [("samrad send", float(sys.argv[5]), int(sys.argv[6])),
        (f"smtp-source -s {conns}", float(sys.argv[7]), int(sys.argv[8])),
        ("python smtplib, 1 connection", float(sys.argv[9]), int(sys.argv[10])),
        (f"curl --parallel-max {conns} (libcurl)", float(sys.argv[15]), int(sys.argv[16]))]
postgres = sys.argv[11] == "postgres"
if postgres:
    rows.append(("samrad send, PostgreSQL", float(sys.argv[12]), int(sys.argv[13])))
print(f"mailout: {n} messages of {size / 1024:.0f} KiB, {conns} connections, to smtp-sink on loopback; samrad sent {sent}")
print(f"{'':32} {'msg/s':>9} {'seconds':>9} {'peak MiB':>9}")
for name, seconds, kib in rows:
    print(f"{name:32} {n / seconds:9.0f} {seconds:9.2f} {kib / 1024:9.1f}")
samrad, source, python = (n / r[1] for r in rows[:3])
print(f"ratio samrad / smtp-source: {samrad / source:.2f}  (target >= 1.0)")
print(f"ratio samrad / smtplib:     {samrad / python:.2f}  (target >= 2)")
print(f"ratio samrad / curl:        {samrad / (n / rows[3][1]):.2f}  (libcurl with nothing to render or record; no target)")
print(f"ratio curl / smtp-source:   {n / rows[3][1] / source:.2f}  (what libcurl itself reaches)")
print(f"samrad peak memory:         {rows[0][2] / 1024:.1f} MiB  (target <= 100)")
if postgres:
    print(f"ratio PostgreSQL / SQLite:   {n / rows[4][1] / samrad:.2f}  (msg/s, {conns} workers claiming; target >= 0.5)")
if sent != n:
    print(f"error: samrad sent {sent} of {n}")
    sys.exit(1)
if postgres and int(sys.argv[14]) != n:
    print(f"error: samrad on PostgreSQL sent {sys.argv[14]} of {n}")
    sys.exit(1)
PY
