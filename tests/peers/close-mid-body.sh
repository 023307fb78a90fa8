#!/usr/bin/env bash
# nginx + Lua promises 1000 bytes, sends 100 and closes the connection (FIN): "partial" (curl 18)
# is retried, and stdout gets the whole body once, never the cut-off 100 bytes before it.
source "$(dirname "$0")/lib.sh"
peers_setup close-mid-body "$@"
start_nginx server-http.conf.in
body=$(printf '0123456789%.0s' $(seq 1 100))

run_rfetch --log json --deadline 20s --retries 3 --delay 20ms --jitter none \
    "http://127.0.0.1:$NGINX_PORT/partial?key=cmb&times=1"
expect_exit 0
expect_stdout_is "$body"
expect_attempts error '["partial",null]'
expect_attempts curl_code '[18,null]'
expect_attempts decision '["retry","success"]'
expect_result outcome '"success"'
wait_access_lines 2
expect_access 3 "/partial?key=cmb&times=1 /partial?key=cmb&times=1"

# Cut short every time: exit 18 after the retries, and still nothing on stdout.
run_rfetch --log json --deadline 20s --retries 2 --delay 20ms --jitter none \
    "http://127.0.0.1:$NGINX_PORT/partial?key=cmb-always&times=1000"
expect_exit 18
expect_stdout_empty
expect_attempts error '["partial","partial","partial"]'
expect_attempts decision '["retry","retry","give_up"]'
expect_result exit_code '18'
pass "a close in mid-body is retried; the partial body never reaches stdout"
