# Shared by the peers tests: set-up, a private nginx, network namespaces, running rfetch, and
# assertions. Each test script sources this file and calls `peers_setup NAME RFETCH_BINARY`.
#
# Exit statuses: 0 pass, 1 fail, 77 skip (ctest's SKIP_RETURN_CODE). A test that cannot run here
# (not root, no nginx or Lua module, no namespaces, no iptables match) skips and says why.
#
# Everything a test makes lives in its own mktemp directory, its own nginx on a port of its own
# (or on its own network namespace's loopback), and is removed on exit, pass or fail. Set
# PEERS_KEEP=1 to keep the directory for a look afterwards.

set -uo pipefail

PEERS_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEERS_PYTHON=/usr/bin/python3
[ -x "$PEERS_PYTHON" ] || PEERS_PYTHON=python3

WORK=""
NGINX_PID=""
NGINX_PORT=""
NETNS=""
RC=""
WALL_MS=""

skip() {
    echo "SKIP: $*"
    exit 77
}

# Fails the test with a message and what rfetch and nginx said.
fail() {
    echo "FAIL: $*" >&2
    if [ -n "$WORK" ]; then
        for f in "$WORK/cmd" "$WORK/err" "$WORK/nginx/access.log"; do
            if [ -s "$f" ]; then
                echo "--- ${f#"$WORK"/}:" >&2
                head -c 4000 "$f" >&2
                echo >&2
            fi
        done
        if [ -s "$WORK/nginx/error.log" ]; then
            echo "--- nginx/error.log (errors only):" >&2
            grep -E '\[(emerg|alert|crit|error)\]' "$WORK/nginx/error.log" | tail -n 20 >&2
        fi
    fi
    exit 1
}

pass() {
    echo "PASS: $*"
    exit 0
}

require_cmd() {
    local cmd
    for cmd in "$@"; do
        command -v "$cmd" >/dev/null 2>&1 || skip "$cmd is not installed (scripts/install-deps.sh installs it)"
    done
}

require_root() {
    [ "$(id -u)" -eq 0 ] || skip "needs root (nginx runs as root here; namespaces and iptables need CAP_NET_ADMIN)"
}

require_nginx() {
    require_cmd nginx
    ls /etc/nginx/modules-enabled/*http-lua*.conf >/dev/null 2>&1 ||
        skip "nginx's Lua module is not enabled (package libnginx-mod-http-lua)"
    ls /etc/nginx/modules-enabled/*http-echo*.conf >/dev/null 2>&1 ||
        skip "nginx's echo module is not enabled (package libnginx-mod-http-echo)"
}

# peers_setup NAME RFETCH: checks the binary, makes the work directory and the cleanup trap.
peers_setup() {
    local name=$1
    RFETCH=${2:-}
    [ -n "$RFETCH" ] || { echo "usage: $0 RFETCH_BINARY" >&2; exit 2; }
    [ -x "$RFETCH" ] || fail "rfetch binary not found at $RFETCH"
    RFETCH=$(cd "$(dirname "$RFETCH")" && pwd)/$(basename "$RFETCH")
    require_root
    require_cmd jq timeout
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/rfetch-peers.$name.XXXXXX") || fail "mktemp failed"
    chmod 755 "$WORK"
    trap peers_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

peers_cleanup() {
    local status=$?
    stop_nginx
    if [ -n "$NETNS" ]; then
        # Whatever still runs in our namespace was started by this test.
        local pid
        for pid in $(ip netns pids "$NETNS" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
        ip netns del "$NETNS" 2>/dev/null
        NETNS=""
    fi
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ "${PEERS_KEEP:-0}" = 1 ]; then
            echo "kept $WORK" >&2
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$status"
}

free_port() {
    "$PEERS_PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

in_netns() {
    if [ -n "$NETNS" ]; then ip netns exec "$NETNS" "$@"; else "$@"; fi
}

# make_netns: a fresh network namespace with its loopback up; later nginx and rfetch run in it.
make_netns() {
    require_cmd ip
    local name="rfpeers-$$-$1"
    ip netns add "$name" 2>"$WORK/netns.err" ||
        skip "cannot create a network namespace: $(head -n 1 "$WORK/netns.err")"
    NETNS=$name
    ip netns exec "$NETNS" ip link set lo up || fail "cannot bring up lo in $NETNS"
}

# netns_iptables ARGS...: one rule in the test's namespace; a match the kernel lacks is a skip.
netns_iptables() {
    require_cmd iptables
    ip netns exec "$NETNS" iptables -w 5 "$@" 2>"$WORK/iptables.err" ||
        skip "iptables $* failed here: $(head -n 1 "$WORK/iptables.err")"
}

# start_nginx TEMPLATE [PORT]: renders nginx.conf.in and TEMPLATE (a server block) into
# $WORK/nginx and starts nginx in the foreground of a background job, in the namespace when there
# is one. Without PORT it picks a free one and tries again if another process takes it first.
# make_test_ca: a throwaway CA and a certificate it signed for 127.0.0.1, in $WORK/nginx/tls
# (ca.crt, server.crt, server.key), for server-tls.conf.in.
make_test_ca() {
    local tls="$WORK/nginx/tls"
    mkdir -p "$tls"
    (
        cd "$tls" &&
        openssl req -x509 -config "$PEERS_SRC/test-ca.cnf" -extensions ca -subj "/CN=rfetch peers test CA" \
            -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 1 &&
        openssl req -new -config "$PEERS_SRC/test-ca.cnf" -subj "/CN=127.0.0.1" \
            -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr &&
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 \
            -extfile "$PEERS_SRC/test-ca.cnf" -extensions server -out server.crt
    ) >"$WORK/openssl.log" 2>&1 || { cat "$WORK/openssl.log" >&2; fail "openssl could not make the test CA"; }
}

start_nginx() {
    require_nginx
    local template=$1 port=${2:-} _
    local dir="$WORK/nginx"
    mkdir -p "$dir/tmp" "$dir/www"
    for _ in 1 2 3 4 5; do
        NGINX_PORT=${port:-$(free_port)}
        sed -e "s|@DIR@|$dir|g" "$PEERS_SRC/nginx.conf.in" >"$dir/nginx.conf"
        sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@LUA@|$PEERS_SRC/lua|g" \
            "$PEERS_SRC/$template" >"$dir/server.conf"
        rm -f "$dir/nginx.pid"
        : >"$dir/error.log"
        # Not through in_netns: a function run with & is a subshell, and $! would be its pid.
        # `ip netns exec` execs nginx, so $! is nginx's master either way.
        if [ -n "$NETNS" ]; then
            ip netns exec "$NETNS" nginx -e "$dir/error.log" -c "$dir/nginx.conf" </dev/null \
                >>"$dir/stdout" 2>&1 &
        else
            nginx -e "$dir/error.log" -c "$dir/nginx.conf" </dev/null >>"$dir/stdout" 2>&1 &
        fi
        NGINX_PID=$!
        # nginx writes its pid file after it has bound its listening sockets.
        for _ in $(seq 1 250); do
            if [ -s "$dir/nginx.pid" ]; then
                [ "$(cat "$dir/nginx.pid")" = "$NGINX_PID" ] ||
                    fail "nginx's pid file says $(cat "$dir/nginx.pid"), but its job is $NGINX_PID"
                return 0
            fi
            kill -0 "$NGINX_PID" 2>/dev/null || break
            sleep 0.02
        done
        wait "$NGINX_PID" 2>/dev/null
        NGINX_PID=""
        if [ -z "$port" ] && grep -q "Address already in use" "$dir/error.log"; then
            continue
        fi
        cat "$dir/stdout" >&2
        fail "nginx did not start"
    done
    fail "nginx found no free port in 5 tries"
}

stop_nginx() {
    [ -n "$NGINX_PID" ] || return 0
    local pid=$NGINX_PID _
    NGINX_PID=""
    # TERM is nginx's fast shutdown: the master stops its worker, removes its pid file and exits.
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "nginx ($pid) ignored TERM for 3 s; killing it and its workers" >&2
        local workers
        mapfile -t workers < <(pgrep -P "$pid")
        kill -KILL "$pid" "${workers[@]}" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    return 0
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

# run_rfetch ARGS...: runs rfetch (in the namespace when there is one) with stdout in $WORK/out and
# stderr in $WORK/err; sets RC and WALL_MS. Every call passes its own --deadline or --timeout;
# timeout(1) is only a backstop so that a hung rfetch fails the test instead of the whole suite.
run_rfetch() {
    printf '%q ' "$RFETCH" "$@" >"$WORK/cmd"
    echo >>"$WORK/cmd"
    local start
    start=$(now_ms)
    in_netns timeout -s KILL 40 "$RFETCH" "$@" >"$WORK/out" 2>"$WORK/err"
    RC=$?
    WALL_MS=$(($(now_ms) - start))
    # The JSON attempt log: every line of stderr that is an object (-v adds '<', '>', '*' lines).
    grep '^{' "$WORK/err" >"$WORK/events"
    jq -e . "$WORK/events" >/dev/null 2>&1 || fail "the attempt log is not JSON lines"
    echo "ran: $(cat "$WORK/cmd")-> exit $RC in ${WALL_MS} ms"
}

expect_exit() {
    [ "$RC" = "$1" ] || fail "expected exit $1, got $RC"
}

# expect_stdout_is STRING: stdout holds exactly STRING (printf %s, so pass the newline).
expect_stdout_is() {
    printf '%s' "$1" >"$WORK/expected"
    cmp -s "$WORK/expected" "$WORK/out" ||
        fail "stdout differs: expected $(wc -c <"$WORK/expected") bytes '$(head -c 80 "$WORK/expected")', got $(wc -c <"$WORK/out") bytes '$(head -c 80 "$WORK/out")'"
}

expect_stdout_file() {
    cmp -s "$1" "$WORK/out" ||
        fail "stdout differs from $1: expected $(wc -c <"$1") bytes, got $(wc -c <"$WORK/out")"
}

expect_stdout_empty() {
    [ ! -s "$WORK/out" ] || fail "expected no stdout, got $(wc -c <"$WORK/out") bytes"
}

# expect_log FILTER EXPECTED: jq FILTER over the array of log events prints EXPECTED (compact).
expect_log() {
    local got
    got=$(jq -c -s "$1" "$WORK/events") || fail "jq filter failed: $1"
    [ "$got" = "$2" ] || fail "log: $1: expected $2, got $got"
}

# expect_attempts FIELD EXPECTED: the FIELD of every attempt event, as a compact JSON array.
expect_attempts() {
    expect_log "[.[] | select(.event == \"attempt\") | .$1]" "$2"
}

# expect_result FIELD EXPECTED: the FIELD of the result event, the last line of the log.
expect_result() {
    expect_log ".[-1] | select(.event == \"result\") | .$1" "$2"
}

# expect_log_true FILTER WHAT: jq FILTER over the array of log events is true.
expect_log_true() {
    jq -e -s "$1" "$WORK/events" >/dev/null || fail "log: expected $2 ($1)"
}

expect_between() {
    local what=$1 value=$2 low=$3 high=$4
    if [ "$value" -lt "$low" ] || [ "$value" -gt "$high" ]; then
        fail "$what: expected $low..$high, got $value"
    fi
}

# wait_access_lines N: nginx logs a request when it ends, which for a dropped connection can be
# a moment after rfetch has gone; wait (at most 3 s) for N lines.
wait_access_lines() {
    local _ log="$WORK/nginx/access.log"
    for _ in $(seq 1 150); do
        [ "$(wc -l <"$log" 2>/dev/null || echo 0)" -ge "$1" ] && return 0
        sleep 0.02
    done
    fail "expected $1 requests in nginx's access log, got $(wc -l <"$log" 2>/dev/null || echo 0)"
}

# expect_access FIELD EXPECTED: the space-separated FIELD (1 status, 2 method, 3 URI, 4 protocol,
# 5 bytes sent, 6 rid=X-Request-Id) of every request nginx logged.
expect_access() {
    local got
    got=$(awk -v f="$1" '{ printf "%s%s", sep, $f; sep = " " }' "$WORK/nginx/access.log")
    [ "$got" = "$2" ] || fail "access log field $1: expected '$2', got '$got'"
}

reset_access_log() {
    : >"$WORK/nginx/access.log"
}
