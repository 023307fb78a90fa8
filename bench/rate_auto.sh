#!/usr/bin/env bash
# --rate auto against a real rate limiter: nginx's limit_req at 100 r/s (burst 10, nodelay,
# answering 429), fetched over 1,000 URLs by curl --rate 100/s (one after another: curl's --rate
# does not pace -Z), by rfetch -Z --parallel-max 50 with its defaults, and by the same with
# --rate auto. Prints a Markdown section: for each tool the wall time as a ratio to the ideal
# 10 s, the requests nginx saw, the share of them that got a 429, and whether the issue's
# targets (fewer than 5% 429s, at most 1.3 x 10 s) were met.
#
#   bench/rate_auto.sh [--small] [--rfetch PATH] [--out FILE]
#
# --small fetches 200 URLs instead of 1,000 (about 12 s in all), for ctest's bench.rate-auto-smoke:
# its figures are not worth comparing. Without --out the section goes to stdout. RATE_AUTO_KEEP=1
# keeps the temporary directory (nginx's log, each tool's stderr) for a look afterwards.
#
# Public tools only: Debian's nginx and curl, and jq. nginx runs as root (`user root;`), so the
# script needs root. TEST-PEERS.md's traps are avoided: limit_req keys on $binary_remote_addr and
# the location serves a file, since `return` answers before limit_req runs.
#
# Exit status: 0 when the section was written (targets met or not: it is a report); 77 when a
# tool is missing or we are not root (ctest's skip); 1 when it cannot run; 2 usage.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
    echo "usage: $0 [--small] [--rfetch PATH] [--out FILE]" >&2
    exit 2
}

SMALL=0
RFETCH=$ROOT/build/rfetch
OUT=""
while (($#)); do
    case $1 in
        --small) SMALL=1 ;;
        --rfetch) (($# > 1)) || usage; RFETCH=$2; shift ;;
        --out) (($# > 1)) || usage; OUT=$2; shift ;;
        -h | --help) usage ;;
        *) usage ;;
    esac
    shift
done

skip() {
    echo "SKIP: $*" >&2
    exit 77
}
say() {
    echo "rate_auto: $*" >&2
}

[ "$(id -u)" -eq 0 ] || skip "needs root: nginx runs as root here"
for tool in nginx curl jq; do
    command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/install-deps.sh)"
done
[ -x "$RFETCH" ] || { echo "no rfetch binary at $RFETCH" >&2; exit 1; }

URLS=1000
((SMALL)) && URLS=200
RATE=100
IDEAL_S=$((URLS / RATE))

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rfetch-rate-auto.XXXXXX")
NGINX_PID=""
cleanup() {
    if [ -n "$NGINX_PID" ]; then
        kill -TERM "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    [ "${RATE_AUTO_KEEP:-0}" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    /usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

PORT=$(free_port)
mkdir -p "$WORK/nginx/tmp" "$WORK/www"
echo ok >"$WORK/www/ok.txt"
cat >"$WORK/nginx/nginx.conf" <<EOF
user root;
daemon off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 256; }
http {
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    log_format status '\$status';
    access_log $WORK/nginx/access.log status;
    limit_req_zone \$binary_remote_addr zone=bench:1m rate=${RATE}r/s;
    limit_req_status 429;
    server {
        listen 127.0.0.1:$PORT;
        root $WORK/www;
        location /r/ {
            limit_req zone=bench burst=10 nodelay;
            try_files /ok.txt =404;
        }
    }
}
EOF
nginx -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" </dev/null >/dev/null 2>&1 &
NGINX_PID=$!
for _ in $(seq 1 250); do
    [ -s "$WORK/nginx/nginx.pid" ] && break
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$WORK/nginx/error.log" >&2; exit 1; }
    sleep 0.02
done

: >"$WORK/urls"
: >"$WORK/curl.cfg"
for i in $(seq 1 "$URLS"); do
    echo "http://127.0.0.1:$PORT/r/$i" >>"$WORK/urls"
    printf 'url = "http://127.0.0.1:%s/r/%s"\noutput = "/dev/null"\n' "$PORT" "$i" >>"$WORK/curl.cfg"
done

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

# measure NAME COMMAND...: runs one tool over every URL; sets WALL_MS, SEEN, THROTTLED, OK, RC.
measure() {
    local name=$1 before start
    shift
    # The zone's excess leaks at 100 r/s: a second is ample for the tools not to meet each other.
    sleep 1
    before=$(wc -l <"$WORK/nginx/access.log")
    say "$name ..."
    start=$(now_ms)
    RC=0
    "$@" >/dev/null 2>"$WORK/$name.err" || RC=$?
    WALL_MS=$(($(now_ms) - start))
    # nginx writes a request's line when it is done; the client has its answer by then.
    sleep 0.2
    tail -n +"$((before + 1))" "$WORK/nginx/access.log" >"$WORK/$name.seen"
    SEEN=$(wc -l <"$WORK/$name.seen")
    THROTTLED=$(grep -c '^429$' "$WORK/$name.seen" || true)
    OK=$(grep -c '^200$' "$WORK/$name.seen" || true)
    say "$name: exit $RC in $WALL_MS ms, $SEEN requests, $THROTTLED 429s, $OK 200s"
}

# share PART WHOLE: PART as a percentage of WHOLE, one decimal.
share() {
    awk -v p="$1" -v w="$2" 'BEGIN { printf "%.1f%%", w ? 100 * p / w : 0 }'
}
ratio() {
    awk -v ms="$1" -v ideal="$IDEAL_S" 'BEGIN { printf "%.2f", ms / 1000 / ideal }'
}
seconds() {
    awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'
}

declare -A row
record() {
    row[$1]="| $2 | $(seconds "$WALL_MS") | $(ratio "$WALL_MS") | $SEEN | $THROTTLED | $(share "$THROTTLED" "$SEEN") | $OK | $RC |"
}

measure curl curl -s --rate "$RATE/s" -K "$WORK/curl.cfg"
record curl "curl --rate $RATE/s (one after another)"

measure rfetch "$RFETCH" -s -Z --parallel-max 50 --urls "$WORK/urls"
record rfetch "rfetch -Z --parallel-max 50"

measure auto "$RFETCH" -Z --parallel-max 50 --rate auto --state-dir "$WORK/state" --log json \
    --urls "$WORK/urls"
record auto "rfetch -Z --parallel-max 50 --rate auto"
AUTO_WALL_MS=$WALL_MS AUTO_SEEN=$SEEN AUTO_THROTTLED=$THROTTLED AUTO_RC=$RC
WAITS=$(jq -s '[.[] | select(.event == "wait" and .why == "token")] | length' "$WORK/auto.err")
WAITED_S=$(jq -s '[.[] | select(.event == "wait" and .why == "token") | .waited_ms] | add // 0 | . / 1000 | floor' "$WORK/auto.err")
FINAL_RATE=$(jq -r '.adaptive_rate.rate | . * 10 | round / 10' "$WORK"/state/*.json)

verdict() {
    local share_ok time_ok
    share_ok=$(awk -v t="$AUTO_THROTTLED" -v s="$AUTO_SEEN" 'BEGIN { print (s && t * 20 < s) ? "met" : "missed" }')
    time_ok=$(awk -v ms="$AUTO_WALL_MS" -v ideal="$IDEAL_S" 'BEGIN { print (ms <= 1300 * ideal) ? "met" : "missed" }')
    echo "fewer than 5% 429s: $share_ok ($(share "$AUTO_THROTTLED" "$AUTO_SEEN")); at most 1.3 x ${IDEAL_S} s: $time_ok ($(ratio "$AUTO_WALL_MS") x); exit $AUTO_RC"
}

section() {
    cat <<EOF
## Case 6: --rate auto against nginx's limit_req

nginx's \`limit_req\` at $RATE r/s with \`burst=10 nodelay\`, answering 429, keyed on the client's
address, over $URLS URLs of one origin (ideal: $IDEAL_S s at $RATE r/s). curl paces with
\`--rate $RATE/s\` one URL after another (its \`--rate\` does not pace \`-Z\`); rfetch runs
\`-Z --parallel-max 50\` with its defaults (5 retries, backoff from 1 s), then the same with
\`--rate auto\` and a fresh state directory. Requests and 429s are counted from nginx's access log.

| tool | wall (s) | wall / ${IDEAL_S} s | requests | 429s | 429 share | 200s | exit |
|---|---:|---:|---:|---:|---:|---:|---:|
${row[curl]}
${row[rfetch]}
${row[auto]}

With \`--rate auto\`, $WAITS waits for a token ($WAITED_S s in all, summed over the transfers);
the origin's rate ended at $FINAL_RATE r/s.

Targets for \`--rate auto\` (issue 15 item 4): $(verdict).

EOF
}

if [ -n "$OUT" ]; then
    section >"$OUT"
    say "wrote $OUT"
else
    section
fi
