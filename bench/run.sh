#!/usr/bin/env bash
# rfetch against the machine's curl, in the same run, on loopback, written up as a Markdown report
# with the ratio rfetch/curl for every figure and whether the issue's target was met.
#
#   bench/run.sh [--small] [--rfetch PATH] [--out FILE]
#
# Defaults: --rfetch build/rfetch and --out bench/RESULTS.md, both under the repository. --small
# shrinks every case (few runs, a 64 MiB file, 200 requests, a 1 s outage) to check in well under a
# minute that the script works; its figures are not worth comparing.
#
# The cases and their targets (from the issue):
#   1. one small GET as a whole process: rfetch's median wall time <= 1.05 x curl's (hyperfine);
#   2. 1 GiB (sparse) to /dev/null: throughput >= 0.95 x curl's, rfetch's peak RSS < 32 MiB;
#   3. 10,000 small GETs, 50 in flight: rfetch's requests/s >= curl's (needs rfetch -Z; reported
#      as not run while the binary lacks it);
#   4. instructions for one small GET (callgrind): <= 1.2 x curl's;
#   5. a 5 s outage (503 from the first request on) met by 50 clients at once: requests during
#      the outage, the peak in any 100 ms, the time until every client succeeded, for rfetch,
#      rfetch --cooperate on the file store and on Redis (two hosts of 25 clients), and curl;
#      targets for --cooperate: at most 10 retries during the outage, 50/50 succeed, the last
#      at most 1.0 s after the outage ends, at most 25 requests in any 100 ms after it; and a
#      plot of requests over time per tool (RESULTS-outage.png beside the report);
#   6. --rate auto against nginx's limit_req at 100 r/s over 1,000 URLs, 50 at once: fewer than 5%
#      429s, at most 1.3 x the ideal 10 s (bench/rate_auto.sh, which runs alone too).
#
# Public tools only: one nginx from Debian (with its Lua module, for the outage) started here with
# its own config in a temporary directory, hyperfine, GNU time, valgrind, redis-server (started
# here on a socket in the temporary directory) and gnuplot. scripts/install-deps.sh
# installs them. nginx runs as root (`user root;`), so the script needs root.
#
# Exit status: 0 when the report was written, targets met or not (it is a report, not a test);
# 77 when a tool is missing or we are not root (ctest's skip); 1 when it cannot run; 2 usage.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
    echo "usage: $0 [--small] [--rfetch PATH] [--out FILE]" >&2
    exit 2
}

SMALL=0
RFETCH=$ROOT/build/rfetch
OUT=$ROOT/bench/RESULTS.md
while (($#)); do
    case $1 in
        --small) SMALL=1 ;;
        --rfetch) (($# > 1)) || usage; RFETCH=$2; shift ;;
        --rfetch=*) RFETCH=${1#*=} ;;
        --out) (($# > 1)) || usage; OUT=$2; shift ;;
        --out=*) OUT=${1#*=} ;;
        -h | --help) usage ;;
        *) echo "$0: unknown argument '$1'" >&2; usage ;;
    esac
    shift
done

skip() {
    echo "bench: skipped: $*" >&2
    exit 77
}

die() {
    echo "bench: $*" >&2
    exit 1
}

say() {
    echo "bench: $*" >&2
}

# Anything else that fails unexpectedly stops the run with a line that says where.
trap 'echo "bench: line $LINENO: $BASH_COMMAND failed" >&2; exit 1' ERR

if ((SMALL)); then
    CASE1_RUNS=10 CASE1_ROUNDS=2
    BIG_SIZE=64M BIG_BYTES=$((64 << 20)) BIG_LABEL="64 MiB"
    CASE2_RUNS=3 CASE2_ROUNDS=1 RSS_RUNS=1
    MANY=200 CASE3_RUNS=2
    OUTAGE_S=1
else
    CASE1_RUNS=200 CASE1_ROUNDS=4
    BIG_SIZE=1G BIG_BYTES=$((1 << 30)) BIG_LABEL="1 GiB"
    CASE2_RUNS=10 CASE2_ROUNDS=2 RSS_RUNS=3
    MANY=10000 CASE3_RUNS=5
    OUTAGE_S=5
fi
IN_FLIGHT=50
CLIENTS=50
RSS_LIMIT_KIB=$((32 * 1024))

[ "$(id -u)" -eq 0 ] || skip "needs root: nginx runs its worker as root with a config of our own"
for tool in nginx hyperfine valgrind curl jq flock timeout awk pgrep redis-server redis-cli \
    gnuplot; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed (scripts/install-deps.sh installs it)"
done
[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (package time)"
ls /etc/nginx/modules-enabled/*http-lua*.conf >/dev/null 2>&1 ||
    skip "nginx's Lua module is not enabled (package libnginx-mod-http-lua)"

[ -x "$RFETCH" ] || die "no rfetch binary at $RFETCH (build it, or pass --rfetch PATH)"
RFETCH=$(cd "$(dirname "$RFETCH")" && pwd)/$(basename "$RFETCH")
CURL=$(command -v curl)

WORK=""
NGINX_PID=""
REDIS_PID=""
CLIENT_PIDS=()

# Every process this script started, and its children: the clients of case 5 run flock, timeout
# and the tool under it.
kill_tree() {
    local child
    for child in $(pgrep -P "$1" 2>/dev/null || true); do kill_tree "$child"; done
    kill -KILL "$1" 2>/dev/null || true
}

cleanup() {
    local status=$? pid
    for pid in "${CLIENT_PIDS[@]}"; do kill_tree "$pid"; done
    if [ -n "$REDIS_PID" ]; then
        kill -TERM "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
    fi
    if [ -n "$NGINX_PID" ]; then
        # TERM is nginx's fast shutdown; the master takes its worker with it.
        kill -TERM "$NGINX_PID" 2>/dev/null || true
        for _ in $(seq 1 150); do
            kill -0 "$NGINX_PID" 2>/dev/null || break
            sleep 0.02
        done
        kill_tree "$NGINX_PID"
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    [ -z "$WORK" ] || rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rfetch-bench.XXXXXX")
chmod 755 "$WORK"
mkdir -p "$WORK/www" "$WORK/tmp" "$WORK/home"

# Each tool with its own defaults, not this user's: no ~/.curlrc, no rfetch config or state
# file, no RFETCH_* variables, no proxy.
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_STATE_HOME=$WORK/home/.state
unset CURL_HOME http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
while read -r var; do unset "$var"; done < <(compgen -e | grep '^RFETCH_' || true)

# --- the server --------------------------------------------------------------------------------

# One worker: the machine has two cores, and the client under test should have the other one.
# Access logs only where requests are counted (case 3's check run, and the outage), so that
# logging costs neither tool anything in the timed runs.
write_nginx_conf() {
    sed -e "s|@DIR@|$WORK|g" -e "s|@PORT@|$1|g" >"$WORK/nginx.conf" <<'EOF'
user root;
daemon off;
master_process on;
worker_processes 1;
pid @DIR@/nginx.pid;
error_log @DIR@/error.log warn;
include /etc/nginx/modules-enabled/*.conf;

events {
    worker_connections 1024;
}

http {
    default_type application/octet-stream;
    client_body_temp_path @DIR@/tmp/client_body;
    proxy_temp_path @DIR@/tmp/proxy;
    fastcgi_temp_path @DIR@/tmp/fastcgi;
    uwsgi_temp_path @DIR@/tmp/uwsgi;
    scgi_temp_path @DIR@/tmp/scgi;
    access_log off;
    sendfile on;

    log_format counted '$status $uri';
    log_format outage '$msec $status $uri $arg_client';
    lua_shared_dict outage 64k;

    server {
        listen 127.0.0.1:@PORT@;
        root @DIR@/www;

        # /small and /big come from root; /counted/ serves the same files and logs each request.
        location /counted/ {
            alias @DIR@/www/;
            access_log @DIR@/counted.log counted;
        }

        # Arms a fresh outage of `seconds`. Its clock starts at the first request to /outage/,
        # so that the time a busy machine takes to fork 50 clients cannot eat into it.
        location = /outage-start {
            content_by_lua_block {
                local outage = ngx.shared.outage
                outage:flush_all()
                outage:set("seconds", tonumber(ngx.var.arg_seconds))
                ngx.say("armed")
            }
        }

        # /outage/NAME?client=N: 503 during the outage, then 200. NAME keeps each tool's lines
        # apart; N tells a client's first request from its retries.
        location /outage/ {
            access_log @DIR@/outage.log outage;
            content_by_lua_block {
                ngx.update_time()
                local outage, now = ngx.shared.outage, ngx.now()
                outage:add("start", now)
                if now - outage:get("start") < outage:get("seconds") then
                    return ngx.exit(503)
                end
                ngx.say("ok")
            }
        }
    }
}
EOF
}

start_nginx() {
    local _ port
    for _ in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        write_nginx_conf "$port"
        rm -f "$WORK/nginx.pid"
        : >"$WORK/error.log"
        nginx -e "$WORK/error.log" -c "$WORK/nginx.conf" </dev/null >>"$WORK/nginx.out" 2>&1 &
        NGINX_PID=$!
        # nginx writes its pid file once it listens.
        for _ in $(seq 1 250); do
            if [ -s "$WORK/nginx.pid" ]; then
                PORT=$port
                return 0
            fi
            kill -0 "$NGINX_PID" 2>/dev/null || break
            sleep 0.02
        done
        wait "$NGINX_PID" 2>/dev/null || true
        NGINX_PID=""
        grep -qs "Address already in use" "$WORK/error.log" "$WORK/nginx.out" || break
    done
    cat "$WORK/nginx.out" "$WORK/error.log" >&2
    die "nginx did not start"
}

# 1 KiB of text: a typical small API answer.
head -c 768 /dev/urandom | base64 -w 64 >"$WORK/www/small"
# Sparse: no disk and no time to make, and the page cache holds it at once.
truncate -s "$BIG_SIZE" "$WORK/www/big"

start_nginx
BASE=http://127.0.0.1:$PORT
"$CURL" -sf -o /dev/null "$BASE/small" || die "nginx does not serve $BASE/small"

# --- helpers -----------------------------------------------------------------------------------

# ratio A B: A/B to three decimals.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.3f", a / b }'
}

# verdict VALUE OP LIMIT: "met" or "missed"; OP is <=, <, >=.
verdict() {
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
        ok = (op == "<=") ? v <= l : (op == "<") ? v < l : v >= l
        print ok ? "**met**" : "**missed**"
    }'
}

# fmt SCALE DIGITS VALUE: VALUE * SCALE with DIGITS decimals.
fmt() {
    awk -v s="$1" -v d="$2" -v v="$3" 'BEGIN { printf "%.*f", d, v * s }'
}

# quote ARGS...: one command line for hyperfine -N (it splits like a shell).
quote() {
    printf '%q ' "$@"
}

# timed NAME RUNS ROUNDS WARMUP LABEL CMD [LABEL CMD]: RUNS runs of each command, in ROUNDS
# hyperfine runs that take turns at which command goes first, so that a machine growing busier or
# quieter during the case does not favour one tool. -N: no shell between hyperfine and the tool.
# Leaves every run's wall time in $WORK/NAME.times.json as {"LABEL": [seconds...], ...}.
timed() {
    local name=$1 runs=$2 rounds=$3 warmup=$4 round
    shift 4
    local commands=() reversed=()
    while (($#)); do
        commands+=(-n "$1" "$2")
        reversed=(-n "$1" "$2" "${reversed[@]}")
        shift 2
    done
    for ((round = 1; round <= rounds; round++)); do
        local order=("${commands[@]}")
        ((round % 2)) || order=("${reversed[@]}")
        hyperfine -N --style basic --warmup "$warmup" --runs $(((runs + rounds - 1) / rounds)) \
            --export-json "$WORK/$name.$round.json" "${order[@]}" >&2 ||
            die "hyperfine failed (a command exited nonzero?)"
    done
    jq -s '[.[].results[]] | group_by(.command)
           | map({key: .[0].command, value: [.[].times[]]}) | from_entries' \
        "$WORK/$name".[0-9]*.json >"$WORK/$name.times.json"
}

# timed_text NAME ROUNDS WARMUP: how `timed` ran, for the report.
timed_text() {
    local runs
    runs=$(tstat "$1" rfetch runs)
    if (($2 == 1)); then
        echo "hyperfine, $runs runs each after $3 warm-up run(s)"
    else
        echo "hyperfine, $runs runs each in $2 rounds that take turns at going first, each round after $3 warm-up run(s)"
    fi
}

# tstat NAME LABEL STAT: median, mean, stddev (sample), min or runs of LABEL's wall times (s).
tstat() {
    jq -r --arg tool "$2" --arg stat "$3" '.[$tool] | sort as $t | ($t | length) as $n
        | ($t | add / $n) as $mean
        | {median: (($t[($n - 1) / 2 | floor] + $t[$n / 2 | floor]) / 2), mean: $mean,
           stddev: (if $n > 1 then ($t | map(. - $mean | . * .) | add / ($n - 1) | sqrt) else 0 end),
           min: $t[0], runs: $n}[$stat]' "$WORK/$1.times.json"
}

REPORT=$WORK/report.md
out() {
    printf '%s\n' "$@" >>"$REPORT"
}

# --- the machine -------------------------------------------------------------------------------

rfetch_help=$("$RFETCH" --help 2>&1 || true)
if grep -q -- --parallel-max <<<"$rfetch_help"; then HAS_PARALLEL=1; else HAS_PARALLEL=0; fi

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
rfetch_version=$("$RFETCH" --version 2>&1 | head -n 1 || true)
curl_version=$("$CURL" --version | head -n 1 || true)
nginx_version=$(nginx -v 2>&1 | head -n 1)

out "# rfetch against curl: benchmark results" ""
if ((SMALL)); then
    out "**Smoke run (\`--small\`): every case shrunk to check that the script works; these" \
        "figures are not worth comparing.**" ""
fi
invocation="bench/run.sh"
((SMALL)) && invocation+=" --small"
out "Made by \`$invocation\`. Both tools run in the same run, one after the other," \
    "against one nginx on 127.0.0.1 (one worker process). Ratios are rfetch/curl. This machine is" \
    "noisy: compare the ratios, not the figures, with other runs." "" \
    "| | |" "|---|---|" \
    "| CPU | ${cpu:-unknown} |" \
    "| Cores | $(nproc) |" \
    "| Kernel | $(uname -sr) |" \
    "| curl | \`$curl_version\` |" \
    "| rfetch | \`$rfetch_version\` |" \
    "| nginx | \`$nginx_version\` |" \
    "| hyperfine | \`$(hyperfine --version)\` |" \
    "| valgrind | \`$(valgrind --version)\` |" \
    "| Date | $(date -u '+%Y-%m-%d %H:%M UTC') |" \
    "| Load average at the start (1, 5, 15 min) | $(cut -d' ' -f1-3 /proc/loadavg) |" \
    "| Load average at the end | @LOAD_END@ |" ""

# --- case 1: one small GET, whole process ------------------------------------------------------

say "case 1: one small GET, $CASE1_RUNS runs each"
timed case1 "$CASE1_RUNS" "$CASE1_ROUNDS" 5 \
    rfetch "$(quote "$RFETCH" -s "$BASE/small")" curl "$(quote "$CURL" -s "$BASE/small")"
r_med=$(tstat case1 rfetch median) c_med=$(tstat case1 curl median)
r_mean=$(tstat case1 rfetch mean) c_mean=$(tstat case1 curl mean)
r_sd=$(tstat case1 rfetch stddev) c_sd=$(tstat case1 curl stddev)
r_min=$(tstat case1 rfetch min) c_min=$(tstat case1 curl min)
case1_ratio=$(ratio "$r_med" "$c_med")

out "## Case 1: one small GET, whole process" "" \
    "\`rfetch -s URL\` against \`curl -s URL\` for a 1 KiB file, stdout to /dev/null;" \
    "$(timed_text case1 "$CASE1_ROUNDS" 5)." "" \
    "| | rfetch | curl | rfetch/curl |" "|---|---:|---:|---:|" \
    "| median wall time (ms) | $(fmt 1000 2 "$r_med") | $(fmt 1000 2 "$c_med") | $case1_ratio |" \
    "| mean wall time (ms) | $(fmt 1000 2 "$r_mean") ± $(fmt 1000 2 "$r_sd") | $(fmt 1000 2 "$c_mean") ± $(fmt 1000 2 "$c_sd") | $(ratio "$r_mean" "$c_mean") |" \
    "| fastest run (ms) | $(fmt 1000 2 "$r_min") | $(fmt 1000 2 "$c_min") | $(ratio "$r_min" "$c_min") |" "" \
    "Target: rfetch's median ≤ 1.05 × curl's. Ratio $case1_ratio: $(verdict "$case1_ratio" "<=" 1.05)." ""

# --- case 2: a large file to /dev/null ---------------------------------------------------------

say "case 2: $BIG_LABEL to /dev/null, $CASE2_RUNS runs each"
timed case2 "$CASE2_RUNS" "$CASE2_ROUNDS" 1 \
    rfetch "$(quote "$RFETCH" -s "$BASE/big" -o /dev/null)" curl "$(quote "$CURL" -s "$BASE/big" -o /dev/null)"
r_mean=$(tstat case2 rfetch mean) c_mean=$(tstat case2 curl mean)
r_sd=$(tstat case2 rfetch stddev) c_sd=$(tstat case2 curl stddev)
r_tput=$(awk -v b="$BIG_BYTES" -v t="$r_mean" 'BEGIN { print b / t }')
c_tput=$(awk -v b="$BIG_BYTES" -v t="$c_mean" 'BEGIN { print b / t }')
tput_ratio=$(ratio "$r_tput" "$c_tput")

# peak_rss RUNS CMD...: the largest maximum resident set size (KiB) over RUNS runs.
peak_rss() {
    local runs=$1 peak=0 rss _
    shift
    for _ in $(seq 1 "$runs"); do
        /usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null 2>&1 || die "failed: $*"
        rss=$(tail -n 1 "$WORK/rss")
        ((rss > peak)) && peak=$rss
    done
    echo "$peak"
}
r_rss=$(peak_rss "$RSS_RUNS" "$RFETCH" -s "$BASE/big" -o /dev/null)
c_rss=$(peak_rss "$RSS_RUNS" "$CURL" -s "$BASE/big" -o /dev/null)

out "## Case 2: a large file to /dev/null" "" \
    "\`rfetch -s URL -o /dev/null\` against \`curl -s URL -o /dev/null\` for a $BIG_LABEL sparse file" \
    "($BIG_BYTES bytes); $(timed_text case2 "$CASE2_ROUNDS" 1)." \
    "Peak RSS from \`/usr/bin/time -f %M\`, the largest of $RSS_RUNS run(s)." "" \
    "| | rfetch | curl | rfetch/curl |" "|---|---:|---:|---:|" \
    "| mean wall time (s) | $(fmt 1 3 "$r_mean") ± $(fmt 1 3 "$r_sd") | $(fmt 1 3 "$c_mean") ± $(fmt 1 3 "$c_sd") | $(ratio "$r_mean" "$c_mean") |" \
    "| throughput (MB/s) | $(fmt 1e-6 0 "$r_tput") | $(fmt 1e-6 0 "$c_tput") | $tput_ratio |" \
    "| peak RSS (KiB) | $r_rss | $c_rss | $(ratio "$r_rss" "$c_rss") |" "" \
    "Targets: throughput ≥ 0.95 × curl's: ratio $tput_ratio, $(verdict "$tput_ratio" ">=" 0.95)." \
    "rfetch's peak RSS < 32 MiB ($RSS_LIMIT_KIB KiB): $r_rss KiB, $(verdict "$r_rss" "<" "$RSS_LIMIT_KIB")." ""

# --- case 3: many small GETs, 50 in flight -----------------------------------------------------

# url_files PREFIX NAME: NAME.urls (one URL a line, for rfetch --urls) and NAME.curlrc (curl's
# config syntax); a distinct query string per request.
url_files() {
    awk -v n="$MANY" -v u="$1" 'BEGIN { for (i = 1; i <= n; i++) print u "?" i }' >"$WORK/$2.urls"
    awk '{ print "url = \"" $0 "\"" }' "$WORK/$2.urls" >"$WORK/$2.curlrc"
}
url_files "$BASE/small" case3
url_files "$BASE/counted/small" counted

RFETCH_MANY=("$RFETCH" -s -Z --parallel-max "$IN_FLIGHT" --urls)
CURL_MANY=("$CURL" -s -Z --parallel-max "$IN_FLIGHT" --config)

# counted_run NAME CMD...: one untimed run against /counted/, so that the report can show that
# the tool made every request; prints "EXIT REQUESTS".
counted_run() {
    local name=$1 rc=0
    shift
    : >"$WORK/counted.log"
    timeout -s KILL 300 "$@" >/dev/null 2>"$WORK/$name.err" || rc=$?
    sleep 0.2  # nginx logs a request just after it answers it
    echo "$rc $(grep -c ' /counted/small$' "$WORK/counted.log" || true)"
}

say "case 3: $MANY small GETs, $IN_FLIGHT in flight"
read -r c_rc c_seen < <(counted_run curl "${CURL_MANY[@]}" "$WORK/counted.curlrc")
out "## Case 3: many small GETs, $IN_FLIGHT in flight" "" \
    "$MANY GETs of the 1 KiB file, $IN_FLIGHT at a time, bodies to /dev/null:" \
    "\`rfetch -s -Z --parallel-max $IN_FLIGHT --urls FILE\` (one URL a line) against" \
    "\`curl -s -Z --parallel-max $IN_FLIGHT --config FILE\` (\`url = \"...\"\` lines). One untimed" \
    "run of each counts the requests nginx logged; then hyperfine, 1 warm-up run and $CASE3_RUNS" \
    "runs each, without logging." ""
# The baseline must have done the work, or no ratio means anything.
if [ "$c_rc" -ne 0 ] || [ "$c_seen" -ne "$MANY" ]; then
    die "curl made $c_seen of $MANY requests (exit $c_rc): $(head -c 300 "$WORK/curl.err")"
fi
r_rc="not run" r_seen="not run" r_mean="" why=""
if ((HAS_PARALLEL)); then
    read -r r_rc r_seen < <(counted_run rfetch "${RFETCH_MANY[@]}" "$WORK/counted.urls")
    if [ "$r_rc" -ne 0 ] || [ "$r_seen" -ne "$MANY" ]; then
        why="**missed**: rfetch made $r_seen of $MANY requests and exited $r_rc, so it was not timed"
    fi
else
    why="**not run: rfetch lacks -Z** (its \`--help\` has no \`--parallel-max\`); curl's figures are the baseline for when it has"
fi
if [ -z "$why" ]; then
    timed case3 "$CASE3_RUNS" 1 1 \
        rfetch "$(quote "${RFETCH_MANY[@]}" "$WORK/case3.urls")" curl "$(quote "${CURL_MANY[@]}" "$WORK/case3.curlrc")"
    r_mean=$(tstat case3 rfetch mean) c_mean=$(tstat case3 curl mean)
    r_rps=$(awk -v n="$MANY" -v t="$r_mean" 'BEGIN { print n / t }')
    rps_ratio=$(ratio "$r_rps" "$(awk -v n="$MANY" -v t="$c_mean" 'BEGIN { print n / t }')")
    why="Ratio $rps_ratio: $(verdict "$rps_ratio" ">=" 1)"
else
    # curl alone, so that its figure is on record all the same.
    timed case3 "$CASE3_RUNS" 1 1 curl "$(quote "${CURL_MANY[@]}" "$WORK/case3.curlrc")"
    c_mean=$(tstat case3 curl mean)
fi
c_rps=$(awk -v n="$MANY" -v t="$c_mean" 'BEGIN { print n / t }')
if [ -n "$r_mean" ]; then
    r_time=$(fmt 1 3 "$r_mean") r_rate=$(fmt 1 0 "$r_rps")
    time_ratio=$(ratio "$r_mean" "$c_mean") rate_ratio=$rps_ratio
else
    r_time="not run" r_rate="not run" time_ratio="" rate_ratio=""
fi
out "| | rfetch | curl | rfetch/curl |" "|---|---:|---:|---:|" \
    "| requests nginx logged (counted run) | $r_seen | $c_seen | |" \
    "| exit status (counted run) | $r_rc | $c_rc | |" \
    "| mean wall time (s) | $r_time | $(fmt 1 3 "$c_mean") | $time_ratio |" \
    "| requests/s | $r_rate | $(fmt 1 0 "$c_rps") | $rate_ratio |" "" \
    "Target: rfetch's requests/s ≥ curl's. $why." ""

# --- case 4: instructions for one small GET ----------------------------------------------------

# instructions CMD...: the instructions callgrind counted for CMD.
instructions() {
    local count
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$WORK/callgrind.err" || {
        cat "$WORK/callgrind.err" >&2
        die "failed under callgrind: $*"
    }
    count=$(awk '/Collected/ { print $NF }' "$WORK/callgrind.err")
    [ -n "$count" ] || die "callgrind counted nothing for: $*"
    echo "$count"
}

say "case 4: instructions for one small GET (callgrind)"
r_ir=$(instructions "$RFETCH" -s "$BASE/small")
c_ir=$(instructions "$CURL" -s "$BASE/small")
ir_ratio=$(ratio "$r_ir" "$c_ir")
out "## Case 4: instructions for one small GET" "" \
    "\`valgrind --tool=callgrind --callgrind-out-file=/dev/null\` on \`rfetch -s URL\` and" \
    "\`curl -s URL\` (the 1 KiB file), one run each: the whole process, start-up included." "" \
    "| | rfetch | curl | rfetch/curl |" "|---|---:|---:|---:|" \
    "| instructions (millions) | $(fmt 1e-6 2 "$r_ir") | $(fmt 1e-6 2 "$c_ir") | $ir_ratio |" "" \
    "Target: ≤ 1.2 × curl's. Ratio $ir_ratio: $(verdict "$ir_ratio" "<=" 1.2)." ""

# --- case 5: an outage met by 50 clients at once -----------------------------------------------

# outage NAME CMD...: arms a fresh outage and runs $CLIENTS copies of CMD (each with its own
# URL appended) together, waits for them all, and sets O_* from the server's log and the clients'
# exits. The clients block on a shared flock until all are forked, so none gets a head start.
outage() {
    local name=$1 i lockfd
    shift
    local lock=$WORK/outage-$name.lock dir=$WORK/outage-$name
    mkdir -p "$dir"
    : >"$lock"
    exec {lockfd}>"$lock"
    flock -x "$lockfd"
    "$CURL" -sf -o /dev/null "$BASE/outage-start?seconds=$OUTAGE_S" || die "cannot arm the outage"
    CLIENT_PIDS=()
    for i in $(seq 1 "$CLIENTS"); do
        (
            rc=0
            export BENCH_CLIENT=$i
            flock -s "$lock" timeout -s KILL 120 "$@" "$BASE/outage/$name?client=$i" >/dev/null 2>&1 ||
                rc=$?
            echo "$rc $EPOCHREALTIME" >"$dir/client.$i"
        ) {lockfd}>&- &
        CLIENT_PIDS+=("$!")
    done
    sleep 0.5  # for the clients to reach flock; a late one would only pass it at once
    flock -u "$lockfd"
    exec {lockfd}>&-
    wait "${CLIENT_PIDS[@]}"
    CLIENT_PIDS=()
    sleep 0.2  # nginx logs a request just after it answers it

    # From the server's log, in ms from the first request (the outage's start): requests in all,
    # 503s, the most in any 100 ms (a window sliding from each request) of all requests and of the
    # retries alone, and when the last client's first request came.
    awk -v uri="/outage/$name" '$3 == uri' "$WORK/outage.log" | sort -n -k1,1 >"$dir/requests.log"
    # Requests per 100 ms from the first one, for the plot.
    awk '{ ms = int($1 * 1000 + 0.5); if (NR == 1) start = ms; b = int((ms - start) / 100)
           n[b]++; if (b > last) last = b }
         END { for (b = 0; b <= last + 1; b++) printf "%.1f %d\n", b / 10, n[b] + 0 }' \
        "$dir/requests.log" >"$WORK/timeline-$name.dat"
    # For the targets of --cooperate: the retries (not a client's first request) answered 503,
    # when the last 200 came after the outage ended, and the most requests in any 100 ms from
    # the end of the outage on.
    read -r O_RETRIES_DURING O_LAST_OK_AFTER O_PEAK_AFTER < <(
        awk -v outage="$OUTAGE_S" '
            {
                ms = int($1 * 1000 + 0.5)
                if (NR == 1) start = ms
                t = ms - start
                if ($4 in seen) { if ($2 == 503) retries++ } else seen[$4] = 1
                if ($2 == 200 && t > lastok) lastok = t
                if (t >= outage * 1000) after[++n] = t
            }
            END {
                best = 0; j = 1
                for (i = 1; i <= n; i++) {
                    while (after[i] - after[j] >= 100) j++
                    if (i - j + 1 > best) best = i - j + 1
                }
                printf "%d %.2f %d\n", retries, lastok / 1000 - outage, best
            }' "$dir/requests.log")
    read -r O_START O_TOTAL O_DURING O_PEAK O_PEAK_RETRIES O_SPREAD < <(
        cat "$dir/requests.log" |
            awk 'function peak(t, n,    i, j, best) {
                     best = 0; j = 1
                     for (i = 1; i <= n; i++) {
                         while (t[i] - t[j] >= 100) j++
                         if (i - j + 1 > best) best = i - j + 1
                     }
                     return best
                 }
                 {
                     ms = int($1 * 1000 + 0.5)
                     if (NR == 1) start = ms
                     all[NR] = ms
                     if ($2 == 503) during++
                     if ($4 in seen) retries[++nretries] = ms
                     else { seen[$4] = 1; spread = ms - start }
                 }
                 END {
                     printf "%.3f %d %d %d %d %.2f\n", start / 1000, NR, during, peak(all, NR),
                         peak(retries, nretries), spread / 1000
                 }')
    [ "$O_TOTAL" -gt 0 ] || die "nginx logged no request of $name's clients"
    # From the clients: how many succeeded, and when the last success and the last exit came.
    read -r O_OK O_LAST_OK O_LAST < <(
        cat "$dir"/client.* | awk -v s="$O_START" '
            { t = $2 - s; if (t > last) last = t; if ($1 == 0) { ok++; if (t > lastok) lastok = t } }
            END { printf "%d %.2f %.2f\n", ok, lastok, last }')
    O_FAILED=$((CLIENTS - O_OK))
    if ((O_FAILED == 0)); then O_ALL_OK=$O_LAST_OK; else O_ALL_OK="never ($O_FAILED failed)"; fi
}

# The fleet's Redis: one redis-server on a socket of our own, without persistence.
redis-server --port 0 --unixsocket "$WORK/redis.sock" --unixsocketperm 700 --save '' \
    --appendonly no --dir "$WORK" --logfile "$WORK/redis.log" &
REDIS_PID=$!
for _ in $(seq 1 250); do
    [ "$(redis-cli -s "$WORK/redis.sock" PING 2>/dev/null)" = PONG ] && break
    sleep 0.02
done
[ "$(redis-cli -s "$WORK/redis.sock" PING 2>/dev/null)" = PONG ] || die "redis-server did not start"
# Two hosts of half the clients each, every host with its own state directory: only Redis is
# shared between them. outage() numbers its clients in BENCH_CLIENT.
printf '%s\n' '#!/usr/bin/env bash' \
    "host=\$(( BENCH_CLIENT <= $CLIENTS / 2 ? 1 : 2 ))" \
    "RFETCH_STATE_DIR=$WORK/host-\$host exec \"\$@\"" >"$WORK/two-hosts.sh"
chmod 755 "$WORK/two-hosts.sh"

# row: the figures of the last outage, one a line, in the order of the table below.
row() {
    printf '%s\n' "$O_TOTAL" "$O_DURING" "$O_RETRIES_DURING" "$O_PEAK" "$O_PEAK_RETRIES" \
        "$O_PEAK_AFTER" "$O_SPREAD" "$O_OK" "$O_ALL_OK" "$O_LAST_OK_AFTER" "$O_LAST"
}

say "case 5: a ${OUTAGE_S} s outage, $CLIENTS clients of rfetch"
outage rfetch "$RFETCH" -s
mapfile -t r < <(row)
say "case 5: a ${OUTAGE_S} s outage, $CLIENTS clients of rfetch --cooperate (file store)"
outage coop-file env RFETCH_STATE_DIR="$WORK/state-file" "$RFETCH" -s --cooperate
mapfile -t f < <(row)
say "case 5: a ${OUTAGE_S} s outage, $CLIENTS clients of rfetch --cooperate (Redis, two hosts)"
outage coop-redis "$WORK/two-hosts.sh" "$RFETCH" -s --cooperate --state-url "unix://$WORK/redis.sock"
mapfile -t d < <(row)
say "case 5: a ${OUTAGE_S} s outage, $CLIENTS clients of curl"
outage curl "$CURL" -sf --retry 5
mapfile -t c < <(row)

# The plot: requests per 100 ms over time, one line per tool, beside the report.
PLOT=${OUT%.md}-outage.png
mkdir -p "$(dirname "$PLOT")"
printf '%s\n' \
    'set terminal pngcairo size 1000,500' \
    "set output '$PLOT.tmp'" \
    "set title '${OUTAGE_S} s outage (503 from the first request on), $CLIENTS clients started together'" \
    "set xlabel 'seconds from the first request'" \
    "set ylabel 'requests per 100 ms'" \
    'set key top right' \
    "set arrow from $OUTAGE_S, graph 0 to $OUTAGE_S, graph 1 nohead dashtype 2" \
    "plot '$WORK/timeline-curl.dat' with steps lw 2 title 'curl -sf --retry 5', \\" \
    "     '$WORK/timeline-rfetch.dat' with steps lw 2 title 'rfetch -s', \\" \
    "     '$WORK/timeline-coop-file.dat' with steps lw 2 title 'rfetch -s --cooperate (file store)', \\" \
    "     '$WORK/timeline-coop-redis.dat' with steps lw 2 title 'rfetch -s --cooperate (Redis, two hosts)'" \
    >"$WORK/outage.gnuplot"
gnuplot "$WORK/outage.gnuplot"
mv "$PLOT.tmp" "$PLOT"

# coop_verdict RETRIES OK AFTER PEAK: the issue's targets for one --cooperate row.
coop_verdict() {
    awk -v r="$1" -v ok="$2" -v n="$CLIENTS" -v a="$3" -v p="$4" 'BEGIN {
        printf "%d retries during the outage (target ≤ 10): %s; %d of %d succeeded: %s; ", r,
            r <= 10 ? "**met**" : "**missed**", ok, n, ok == n ? "**met**" : "**missed**"
        printf "the last success %.2f s after the outage ended (target ≤ 1.0): %s; ", a,
            (ok == n && a <= 1.0) ? "**met**" : "**missed**"
        printf "at most %d requests in any 100 ms after it (target ≤ 25): %s", p,
            p <= 25 ? "**met**" : "**missed**"
    }'
}

out "## Case 5: an outage met by $CLIENTS clients at once" "" \
    "nginx (Lua) answers 503 for ${OUTAGE_S} s from the first request it gets, then 200 (a fresh" \
    "outage for each tool). $CLIENTS clients start together: each waits on a shared lock that is" \
    "released once all are forked. Times are from the first request. rfetch runs with its defaults" \
    "(\`rfetch -s URL\`: 5 retries, full-jitter backoff from 1 s, doubling), then with" \
    "\`--cooperate\` on the file store (one state directory for every client) and on Redis (one" \
    "redis-server on a unix socket, \`--state-url unix://...\`, the clients split into two hosts of" \
    "$((CLIENTS / 2)), each host with a state directory of its own). curl runs as" \
    "\`curl -sf --retry 5 URL\`: without \`-f\` curl takes a 503 for a success and never retries;" \
    "\`--retry\` waits 1 s, then doubles, with no jitter." "" \
    "| | rfetch | rfetch --cooperate, file | rfetch --cooperate, Redis | curl |" \
    "|---|---:|---:|---:|---:|" \
    "| requests the server received during the outage (503s) | ${r[1]} | ${f[1]} | ${d[1]} | ${c[1]} |" \
    "| retries during the outage (503s after a client's first request) | ${r[2]} | ${f[2]} | ${d[2]} | ${c[2]} |" \
    "| requests in all | ${r[0]} | ${f[0]} | ${d[0]} | ${c[0]} |" \
    "| peak requests in any 100 ms | ${r[3]} | ${f[3]} | ${d[3]} | ${c[3]} |" \
    "| peak requests in any 100 ms, retries only | ${r[4]} | ${f[4]} | ${d[4]} | ${c[4]} |" \
    "| peak requests in any 100 ms after the outage ended | ${r[5]} | ${f[5]} | ${d[5]} | ${c[5]} |" \
    "| last client's first request (s) | ${r[6]} | ${f[6]} | ${d[6]} | ${c[6]} |" \
    "| clients that succeeded | ${r[7]} of $CLIENTS | ${f[7]} of $CLIENTS | ${d[7]} of $CLIENTS | ${c[7]} of $CLIENTS |" \
    "| time until every client succeeded (s) | ${r[8]} | ${f[8]} | ${d[8]} | ${c[8]} |" \
    "| last success after the outage ended (s, by the server's log) | ${r[9]} | ${f[9]} | ${d[9]} | ${c[9]} |" \
    "| time until the last client exited (s) | ${r[10]} | ${f[10]} | ${d[10]} | ${c[10]} |" "" \
    "The first row of peaks is the $CLIENTS first requests arriving together; the second leaves" \
    "each client's first request out, so it shows whether the retries come back as a herd." "" \
    "![Requests per 100 ms over time, per tool]($(basename "$PLOT"))" "" \
    "Targets for \`--cooperate\` (issue 13), in the same run as curl:" "" \
    "- file store: $(coop_verdict "${f[2]}" "${f[7]}" "${f[9]}" "${f[5]}")." \
    "- Redis: $(coop_verdict "${d[2]}" "${d[7]}" "${d[9]}" "${d[5]}")." ""

# --- case 6: --rate auto against limit_req -----------------------------------------------------

say "case 6: --rate auto against limit_req (bench/rate_auto.sh)"
rate_args=(--rfetch "$RFETCH")
((SMALL)) && rate_args+=(--small)
bash "$ROOT/bench/rate_auto.sh" "${rate_args[@]}" >>"$REPORT"

# --- the report --------------------------------------------------------------------------------

mkdir -p "$(dirname "$OUT")"
# A load that rose during the run says other work competed with it.
sed -e "s|@LOAD_END@|$(cut -d' ' -f1-3 /proc/loadavg)|" "$REPORT" >"$OUT.tmp.$$"
mv "$OUT.tmp.$$" "$OUT"
say "wrote $OUT"
