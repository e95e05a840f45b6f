# A PostgreSQL cluster of a script's own, for the benchmarks that compare the store on PostgreSQL with SQLite:
# initdb in a temporary folder, pg_ctl as an unprivileged user (the server refuses to run as root) on a free port on
# 127.0.0.1 only, a password login over TCP (the password in a file only its owner reads, as SAMRAD_DB_PASSWORD_FILE
# wants), and pg_ctl stop on that data folder at the end. Nothing outside the machine is reached.
# shellcheck shell=bash

SAMRAD_PG_USER=samrad-pg
SAMRAD_PG_PID=""

# postgres_start FOLDER: makes and starts the cluster in FOLDER and exports SAMRAD_PG_PORT, SAMRAD_PG_BIN,
# SAMRAD_PG_FOLDER and SAMRAD_DB_PASSWORD_FILE. Stop it with postgres_stop.
postgres_start() {
    local folder=$1 bin version
    ensure_packages postgresql
    version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -1)
    bin=/usr/lib/postgresql/$version/bin
    [ -x "$bin/initdb" ] || { echo "error: no initdb under $bin; install Debian's postgresql" >&2; return 1; }
    mkdir -p "$folder"
    local run=()
    if [ "$(id -u)" -eq 0 ]; then
        id -u "$SAMRAD_PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$SAMRAD_PG_USER"
        chown "$SAMRAD_PG_USER" "$folder"
        chmod 0755 "$folder"
        run=(runuser -u "$SAMRAD_PG_USER" --)
    fi
    local password
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    (umask 077 && printf '%s\n' "$password" >"$folder/password" && printf '%s' "$password" >"$folder/initdb-password")
    [ "$(id -u)" -ne 0 ] || chown "$SAMRAD_PG_USER" "$folder/initdb-password"
    SAMRAD_PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${run[@]}" "$bin/initdb" -D "$folder/data" -U samrad --pwfile="$folder/initdb-password" --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C --no-sync >/dev/null
    "${run[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $SAMRAD_PG_PORT -k $folder -c max_connections=60" start >/dev/null
    SAMRAD_PG_BIN=$bin
    SAMRAD_PG_FOLDER=$folder
    SAMRAD_DB_PASSWORD_FILE=$folder/password
    export SAMRAD_PG_PORT SAMRAD_PG_BIN SAMRAD_PG_FOLDER SAMRAD_DB_PASSWORD_FILE
}

# postgres_createdb NAME: creates an empty database and prints its SAMRAD_DB URL.
postgres_createdb() {
    "$SAMRAD_PG_BIN/psql" -X -q -h "$SAMRAD_PG_FOLDER" -p "$SAMRAD_PG_PORT" -U samrad -d postgres -c "CREATE DATABASE $1" >/dev/null
    echo "postgres://samrad@127.0.0.1:$SAMRAD_PG_PORT/$1?sslmode=disable"
}

# postgres_stop: stops the cluster postgres_start started, by its own data folder.
postgres_stop() {
    [ -n "${SAMRAD_PG_FOLDER:-}" ] && [ -d "$SAMRAD_PG_FOLDER/data" ] || return 0
    local run=()
    [ "$(id -u)" -ne 0 ] || run=(runuser -u "$SAMRAD_PG_USER" --)
    "${run[@]}" "$SAMRAD_PG_BIN/pg_ctl" -D "$SAMRAD_PG_FOLDER/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}
