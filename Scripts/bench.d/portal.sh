#!/usr/bin/env bash
# The portal benchmark: wrk at 200 connections against a body's page and against submissions of its form, on
# 'samrad serve' (release) over the demo's database, beside nginx serving a static file of the page's size in the
# same run. Prints requests per second, p99 latency and errors of each, and the page's ratio to nginx.
# Targets: at least 0.3x nginx for the page, p99 under 50 ms for a submission, no errors.
# Usage: Scripts/bench portal [--connections N] [--seconds S]
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$(repo_root)"

connections=200
seconds=10
while [ $# -gt 0 ]; do
    case "$1" in
        --connections) connections=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
    esac
done

ensure_packages "${SAMRAD_BUILD_PACKAGES[@]}" wrk nginx curl
swift build -c release --static-swift-stdlib --product samrad >&2
samrad=$(swift build -c release --static-swift-stdlib --show-bin-path)/samrad
work=$(mktemp -d /tmp/samrad-bench-portal.XXXXXX)
chmod 755 "$work"
serve_pid=""
nginx_pid=""
cleanup() {
    [ -z "$serve_pid" ] || kill "$serve_pid" 2>/dev/null || true
    [ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true
    [ -z "$serve_pid" ] || wait "$serve_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The demo's round with the portal on, served as on 2019-05-15 10.00, before the deadline.
export SAMRAD_PUBLIC_URL=https://samrad.kommun.example
export SAMRAD_DB="$work/samrad.sqlite" SAMRAD_OUTBOX="$work/outbox" SAMRAD_ATTACHMENTS="$work/attachments"
"$samrad" demo --dir "$work/demo" >/dev/null
mv "$work/demo/samrad.sqlite" "$SAMRAD_DB"
mv "$work/demo/outbox" "$SAMRAD_OUTBOX"
path=$(python3 - "$SAMRAD_OUTBOX/mal-2019-ALN-mailout.eml" <<'PY'
import email, email.policy, re, sys
mail = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
print(re.search(r"/svar/[A-Za-z0-9_-]{43}", mail.get_body(preferencelist=("plain",)).get_content()).group(0))
PY
)
mkfifo "$work/ready"
SAMRAD_NOW=2019-05-15T10:00 "$samrad" serve --listen 127.0.0.1:0 >"$work/ready" 2>/dev/null &
serve_pid=$!
read -r line <"$work/ready"
base=${line#listening on }
page="$base$path"
curl -sf "$page" -o "$work/page.html"
size=$(stat -c %s "$work/page.html")
csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$work/page.html" | cut -d'"' -f4)

# nginx with a file of the same size, on a free port, with everything it writes in the work folder.
mkdir -p "$work/www" "$work/nginx"
head -c "$size" /dev/zero | tr '\0' 'x' >"$work/www/page.html"
chmod -R a+rX "$work/www"
chmod 777 "$work/nginx"
nginx_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/www;
        default_type text/html;
    }
}
CONF
# As root, nginx's workers run as nobody (the files are readable by all); as another user, as that user.
[ "$(id -u)" -ne 0 ] || sed -i '1i user nobody nogroup;' "$work/nginx.conf"
# Started as a daemon, nginx returns once it listens; its pid file names the master to stop.
nginx -c "$work/nginx.conf" -e "$work/nginx/error.log"
nginx_pid=$(cat "$work/nginx/nginx.pid")
curl -sf "http://127.0.0.1:$nginx_port/page.html" -o /dev/null

# A submission: the form as a browser without JavaScript posts it (urlencoded), with the page's CSRF token.
cat >"$work/submit.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "csrf=$csrf&omrade-1-stallning=supports&omrade-1-text=Bench&omrade-2-stallning=opposes&namn=Fiktiv+Person&roll=sekreterare&atgard=skicka"
LUA

run() {
    # run CONNECTIONS WRK-ARGUMENTS...: wrk's summary: requests/s, p99, and errors (socket errors and non-2xx/3xx answers).
    local count=$1
    shift
    wrk -t2 -c"$count" -d"${seconds}s" --latency "$@" | python3 -c '
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
errors += sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", text))
print(f"{rps:.0f} {ms:.2f} {errors}")'
}

echo "portal: wrk -t2 -c$connections -d${seconds}s on 127.0.0.1, page of $size bytes"
read -r nginx_rps nginx_p99 nginx_errors < <(run "$connections" "http://127.0.0.1:$nginx_port/page.html")
read -r page_rps page_p99 page_errors < <(run "$connections" "$page")
# Submissions at 10 connections first: the latency of a submission when the server is not saturated (and the
# database holds only the demo). In a closed loop the mean latency is the connections over the throughput: at 200
# it says how many submissions a second go through.
read -r few_rps few_p99 few_errors < <(run 10 -s "$work/submit.lua" "$page")
read -r submit_rps submit_p99 submit_errors < <(run "$connections" -s "$work/submit.lua" "$page")
printf '%-28s %12s %10s %8s\n' "" "requests/s" "p99 ms" errors
printf '%-28s %12s %10s %8s\n' "nginx, static file" "$nginx_rps" "$nginx_p99" "$nginx_errors"
printf '%-28s %12s %10s %8s\n' "samrad serve, body's page" "$page_rps" "$page_p99" "$page_errors"
printf '%-28s %12s %10s %8s\n' "samrad serve, submission" "$submit_rps" "$submit_p99" "$submit_errors"
printf '%-28s %12s %10s %8s\n' "  the same, 10 connections" "$few_rps" "$few_p99" "$few_errors"
python3 - "$page_rps" "$nginx_rps" "$submit_p99" "$page_errors" "$((submit_errors + few_errors))" <<'PY'
import sys
page, nginx, p99, page_errors, submit_errors = map(float, sys.argv[1:])
ratio = page / nginx
print(f"page: {ratio:.2f}x nginx (target >= 0.3x): {'met' if ratio >= 0.3 else 'missed'}")
print(f"submission p99 at the full connections: {p99:.1f} ms (target < 50 ms): {'met' if p99 < 50 else 'missed'}")
print(f"errors: {int(page_errors + submit_errors)} (target 0): {'met' if page_errors + submit_errors == 0 else 'missed'}")
PY
