#!/usr/bin/env bash
# nginx's echo_sleep 5 before any byte: --timeout 1s ends the attempt ("timeout", 28); --deadline
# 1500ms ends the run in flight on the second attempt, with outcome "deadline".
source "$(dirname "$0")/lib.sh"
peers_setup slow-first-byte "$@"
start_nginx server-http.conf.in
url="http://127.0.0.1:$NGINX_PORT/slow-first-byte"

run_rfetch --log json --timeout 1s --retries 0 --deadline 20s "$url"
expect_exit 28
expect_stdout_empty
expect_attempts error '["timeout"]'
expect_attempts decision '["give_up"]'
expect_between "wall time" "$WALL_MS" 900 4000

run_rfetch --log json --timeout 1s --retries 5 --delay 10ms --jitter none --deadline 1500ms "$url"
expect_exit 28
expect_stdout_empty
expect_result outcome '"deadline"'
expect_attempts 'error' '["timeout","timeout"]'
expect_between "wall time" "$WALL_MS" 1300 4000
pass "a silent server is cut by --timeout, and the run by --deadline"
