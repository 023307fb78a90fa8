#!/usr/bin/env bash
# nginx's `return 444` closes the connection without a reply: every attempt fails with "empty"
# (curl 52), each is retried, and rfetch exits 52 with nothing on stdout.
source "$(dirname "$0")/lib.sh"
peers_setup empty-reply "$@"
start_nginx server-http.conf.in

run_rfetch --log json --deadline 20s --retries 2 --delay 20ms --jitter none \
    "http://127.0.0.1:$NGINX_PORT/empty"
expect_exit 52
expect_stdout_empty
expect_attempts error '["empty","empty","empty"]'
expect_attempts curl_code '[52,52,52]'
expect_attempts status '[null,null,null]'
expect_attempts decision '["retry","retry","give_up"]'
expect_result outcome '"exhausted"'
expect_result exit_code '52'
wait_access_lines 3
expect_access 1 "444 444 444"
pass "three empty replies, exit 52"
