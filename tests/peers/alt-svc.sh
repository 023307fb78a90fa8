#!/usr/bin/env bash
# curl's --alt-svc against nginx over TLS: the Alt-Svc header of an HTTPS response fills the
# cache file, and an entry of the file sends an https:// request to the alternative it names.
source "$(dirname "$0")/lib.sh"
peers_setup alt-svc "$1"
require_cmd openssl
make_test_ca
start_nginx server-tls.conf.in
cache="$WORK/alt-svc.txt"

# The header fills the cache, which rfetch writes back when it is done.
run_rfetch --log json --deadline 10s --retries 0 --cacert "$WORK/nginx/tls/ca.crt" \
    --alt-svc "$cache" "https://127.0.0.1:$NGINX_PORT/alt-svc"
expect_exit 0
expect_stdout_is $'alt-svc ok\n'
grep -q "^h2 127.0.0.1 $NGINX_PORT h2 127.0.0.1 $NGINX_PORT \"" "$cache" ||
    fail "the cache file has no entry from the Alt-Svc header: $(cat "$cache" 2>/dev/null)"

# An entry sends a request for a port where nothing listens to nginx's.
nowhere=$(free_port)
printf 'h2 127.0.0.1 %s h2 127.0.0.1 %s "20991231 00:00:00" 0 0\n' "$nowhere" "$NGINX_PORT" >"$cache"
run_rfetch --log json --deadline 10s --retries 0 --cacert "$WORK/nginx/tls/ca.crt" \
    --alt-svc "$cache" "https://127.0.0.1:$nowhere/secure"
expect_exit 0
expect_stdout_is $'secure ok\n'

# Without --alt-svc the same request finds nobody there.
run_rfetch --log json --deadline 10s --retries 0 --cacert "$WORK/nginx/tls/ca.crt" \
    "https://127.0.0.1:$nowhere/secure"
expect_exit 7
pass "Alt-Svc over TLS: the header fills the cache file, and an entry is followed"
