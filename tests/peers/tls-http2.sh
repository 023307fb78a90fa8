#!/usr/bin/env bash
# nginx with TLS and HTTP/2 (ALPN), its certificate signed by a CA made here with openssl.
#   tls-http2.sh RFETCH cacert     --cacert CA: HTTP/2 200, and nginx saw HTTP/2.0; -w's %{certs}
#                                  and %{num_certs} show the chain
#   tls-http2.sh RFETCH untrusted  no --cacert: a TLS error, not retried (exit 60 or 35); retried
#                                  only when --retry-on names tls
#   tls-http2.sh RFETCH insecure   -k: HTTP/2 200 without verifying
source "$(dirname "$0")/lib.sh"
mode=${2:-}
case "$mode" in cacert | untrusted | insecure) ;; *) echo "usage: $0 RFETCH cacert|untrusted|insecure" >&2; exit 2 ;; esac
peers_setup "tls-$mode" "$1"
require_cmd openssl
make_test_ca
tls="$WORK/nginx/tls"
start_nginx server-tls.conf.in
url="https://127.0.0.1:$NGINX_PORT/secure"

# -v writes the response head with '< ' on stderr, between the JSON lines.
expect_http2_head() {
    grep -q '^< HTTP/2 200' "$WORK/err" || fail "expected '< HTTP/2 200' in the -v output"
}

case "$mode" in
cacert)
    run_rfetch --log json -v --deadline 10s --retries 1 --cacert "$tls/ca.crt" \
        -H 'Authorization: Bearer h2secret' -u 'alice:h2password' "$url"
    expect_exit 0
    expect_stdout_is $'secure ok\n'
    expect_http2_head
    # Over HTTP/2 libcurl notes every request header again in brackets; none may show a secret.
    if grep -qE 'h2secret|h2password|YWxpY2U6aDJwYXNzd29yZA' "$WORK/err"; then
        fail "a secret reached the -v output over HTTP/2"
    fi
    expect_attempts status '[200]'
    expect_attempts decision '["success"]'
    wait_access_lines 1
    expect_access 1 "200"
    expect_access 4 "HTTP/2.0"
    # curl's -w %{certs} and %{num_certs}: the chain nginx sent (its certificate alone), each
    # field a line and its PEM; verified, so %{ssl_verify_result} is 0.
    run_rfetch --log json --deadline 10s --cacert "$tls/ca.crt" -o /dev/null \
        -w '%{num_certs}|%{ssl_verify_result}|%{certs}' "$url"
    expect_exit 0
    [ "$(cut -d'|' -f1,2 <"$WORK/out" | head -1)" = "1|0" ] ||
        fail "expected num_certs 1 and ssl_verify_result 0, got: $(head -1 "$WORK/out")"
    grep -q 'Subject:' "$WORK/out" || fail "%{certs} has no Subject line"
    grep -q '^-----BEGIN CERTIFICATE-----$' "$WORK/out" || fail "%{certs} has no PEM"
    pass "HTTP/2 over TLS verified with the test CA"
    ;;
untrusted)
    run_rfetch --log json --deadline 10s --retries 3 --delay 20ms "$url"
    case "$RC" in 60 | 35) ;; *) fail "expected exit 60 or 35 for an unknown CA, got $RC" ;; esac
    expect_stdout_empty
    expect_attempts error '["tls"]'
    expect_attempts status '[null]'
    expect_attempts decision '["give_up"]'
    expect_result outcome '"not_retryable"'
    expect_result exit_code "$RC"
    # The handshake failed, so nginx never saw a request.
    [ ! -s "$WORK/nginx/access.log" ] || fail "nginx logged a request after a failed handshake"

    # Only --retry-on tls makes it retryable.
    run_rfetch --log json --deadline 10s --retry-on tls --retries 1 --delay 20ms --jitter none "$url"
    case "$RC" in 60 | 35) ;; *) fail "expected exit 60 or 35 with --retry-on tls, got $RC" ;; esac
    expect_attempts error '["tls","tls"]'
    expect_attempts decision '["retry","give_up"]'
    pass "an unknown CA is a TLS error, not retried by default (exit $RC)"
    ;;
insecure)
    run_rfetch --log json -v --deadline 10s --retries 1 -k "$url"
    expect_exit 0
    expect_stdout_is $'secure ok\n'
    expect_http2_head
    expect_attempts decision '["success"]'
    wait_access_lines 1
    expect_access 4 "HTTP/2.0"
    pass "-k skips verification, HTTP/2 200"
    ;;
esac
