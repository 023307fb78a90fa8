#!/usr/bin/env bash
# nginx + Lua sends 100 of 1000 bytes and then nothing for 30 s. rfetch documents --stall-timeout
# as "end an attempt that receives nothing for this long", so --stall-timeout 1s must end each
# attempt ("timeout", 28) after about a second, and the run must retry it.
source "$(dirname "$0")/lib.sh"
peers_setup stall-mid-body "$@"
start_nginx server-http.conf.in

run_rfetch --log json --deadline 30s --stall-timeout 1s --retries 1 --delay 20ms --jitter none \
    "http://127.0.0.1:$NGINX_PORT/stall"
expect_exit 28
expect_stdout_empty
expect_attempts error '["timeout","timeout"]'
expect_attempts curl_code '[28,28]'
expect_attempts decision '["retry","give_up"]'
# Generous: 1 s of silence, rounded to whole seconds by libcurl, plus a slow machine.
expect_log_true '[.[] | select(.event == "attempt") | .elapsed_ms | . >= 900 and . <= 3500] | all' \
    "each attempt ended after 1 s of silence, give or take (--stall-timeout 1s)"
pass "a stalled body is cut by --stall-timeout and retried"
