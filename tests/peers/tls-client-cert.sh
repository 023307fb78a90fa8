#!/usr/bin/env bash
# curl's client-certificate and TLS flags against nginx with ssl_verify_client on and the test CA.
#   tls-client-cert.sh RFETCH cert      no --cert: 400 (exit 22); --cert/--key: 200; --cert C:PASS
#                                       and --pass open an encrypted key; a wrong password exits 58
#                                       after one attempt, --retry-all-errors too, and no password
#                                       reaches the log, -v, --libcurl or an error
#   tls-client-cert.sh RFETCH versions  --tlsv1.3 --tls-max 1.3 against a TLS 1.2 server: exit 35;
#                                       --tlsv1.2 --tls-max 1.2 reaches it
#   tls-client-cert.sh RFETCH pin       --pinnedpubkey with the server key's sha256: 200; another
#                                       key's: exit 90 after one attempt
source "$(dirname "$0")/lib.sh"
mode=${2:-}
case "$mode" in cert | versions | pin) ;; *) echo "usage: $0 RFETCH cert|versions|pin" >&2; exit 2 ;; esac
peers_setup "client-cert-$mode" "$1"
require_cmd openssl base64
make_test_ca
tls="$WORK/nginx/tls"
password='pa:ss\w0rd'
(
    cd "$tls" &&
    openssl req -new -config "$PEERS_SRC/test-ca.cnf" -subj "/CN=rfetch client" \
        -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.csr &&
    openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 \
        -extfile "$PEERS_SRC/test-ca.cnf" -extensions client -out client.crt &&
    openssl pkey -in client.key -aes256 -passout "pass:$password" -out client-encrypted.key
) >"$WORK/openssl-client.log" 2>&1 || { cat "$WORK/openssl-client.log" >&2; fail "openssl could not make the client certificate"; }
start_nginx server-client-cert.conf.in
url="https://127.0.0.1:$NGINX_PORT/secure"

# sha256//BASE64 of a certificate's public key, as curl's --pinnedpubkey takes it.
key_pin() {
    openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der |
        openssl dgst -sha256 -binary | base64
}

expect_no_password() {
    if grep -qF -e 'pa:ss' -e 'ss\w0rd' -e 'wrong-phrase' "$WORK/out" "$WORK/err" "$@"; then
        fail "a key password reached the output, the log or $*"
    fi
}

case "$mode" in
cert)
    run_rfetch --log json --deadline 10s --retries 2 --delay 20ms --cacert "$tls/ca.crt" "$url"
    expect_exit 22
    expect_attempts status '[400]'
    expect_attempts decision '["give_up"]'
    wait_access_lines 1
    expect_access 1 "400"

    run_rfetch --log json --deadline 10s --retries 2 --cacert "$tls/ca.crt" \
        --cert "$tls/client.crt" --key "$tls/client.key" "$url"
    expect_exit 0
    expect_stdout_is $'client ok\n'
    expect_attempts status '[200]'

    # The password after the name, its ':' and '\' escaped as curl reads them; -E is --cert.
    escaped=${password//\\/\\\\}
    escaped=${escaped//:/\\:}
    run_rfetch --log json -v --deadline 10s --cacert "$tls/ca.crt" --libcurl "$WORK/setup.c" \
        -E "$tls/client.crt:$password" --key "$tls/client-encrypted.key" "$url"
    expect_exit 0
    expect_stdout_is $'client ok\n'
    grep -q 'CURLOPT_KEYPASSWD, "REDACTED"' "$WORK/setup.c" || fail "--libcurl did not write the redacted KEYPASSWD"
    expect_no_password "$WORK/setup.c"

    run_rfetch --log json --deadline 10s --cacert "$tls/ca.crt" --cert "$tls/client.crt" \
        --key "$tls/client-encrypted.key" --pass "$password" "$url"
    expect_exit 0
    expect_stdout_is $'client ok\n'

    # A wrong password is a certificate problem no retry mends: libcurl's 58, one attempt.
    run_rfetch --log json -v --deadline 10s --retries 3 --delay 20ms --retry-all-errors \
        --cacert "$tls/ca.crt" --cert "$tls/client.crt" --key "$tls/client-encrypted.key" \
        --pass wrong-phrase "$url"
    expect_exit 58
    expect_stdout_empty
    expect_attempts error '["tls_setup"]'
    expect_attempts decision '["give_up"]'
    expect_result outcome '"not_retryable"'
    expect_no_password
    pass "a client certificate opens ssl_verify_client; a wrong --pass exits 58 once"
    ;;
versions)
    tls12=(--connect-to "127.0.0.1:$NGINX_PORT:127.0.0.2:$NGINX_PORT")
    run_rfetch --log json --deadline 10s --retries 2 --delay 20ms --cacert "$tls/ca.crt" \
        "${tls12[@]}" --tlsv1.3 --tls-max 1.3 "$url"
    expect_exit 35
    expect_attempts error '["tls"]'
    expect_attempts decision '["give_up"]'

    run_rfetch --log json --deadline 10s --cacert "$tls/ca.crt" "${tls12[@]}" \
        --tlsv1.2 --tls-max 1.2 "$url"
    expect_exit 0
    expect_stdout_is $'tls12 ok\n'
    pass "--tlsv1.3 cannot reach a TLS 1.2 server (exit 35); --tlsv1.2 --tls-max 1.2 can"
    ;;
pin)
    pin="sha256//$(key_pin "$tls/server.crt")"
    run_rfetch --log json --deadline 10s --cacert "$tls/ca.crt" --cert "$tls/client.crt" \
        --key "$tls/client.key" --pinnedpubkey "sha256//AAAA;$pin" "$url"
    expect_exit 0
    expect_stdout_is $'client ok\n'

    run_rfetch --log json --deadline 10s --retries 3 --delay 20ms --retry-on +tls \
        --cacert "$tls/ca.crt" --cert "$tls/client.crt" --key "$tls/client.key" \
        --pinnedpubkey "sha256//$(key_pin "$tls/ca.crt")" "$url"
    expect_exit 90
    expect_attempts error '["tls_setup"]'
    expect_attempts decision '["give_up"]'
    pass "--pinnedpubkey takes the server's key hash and refuses another (exit 90, once)"
    ;;
esac
