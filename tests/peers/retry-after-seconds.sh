#!/usr/bin/env bash
# A 503 with Retry-After: 1 from nginx + Lua: rfetch waits the server's second (plus at most 10%),
# not its 10 ms backoff, and says so in the log.
source "$(dirname "$0")/lib.sh"
peers_setup retry-after-seconds "$@"
start_nginx server-http.conf.in

run_rfetch --log json --deadline 20s --retries 3 --delay 10ms --jitter none \
    "http://127.0.0.1:$NGINX_PORT/flaky?key=ras&fails=1&ra=1"
expect_exit 0
expect_stdout_is $'ok ras after 2\n'
expect_attempts status '[503,200]'
expect_attempts retry_after '["1",null]'
expect_attempts delay_source '["retry-after",null]'
expect_log_true '[.[] | select(.event == "attempt")][0].delay_ms | . >= 1000 and . <= 1100' \
    "a delay of 1000..1100 ms"
expect_between "wall time" "$WALL_MS" 1000 8000
wait_access_lines 2
expect_access 1 "503 200"

# A Retry-After longer than --max-retry-after gives up at once.
reset_access_log
run_rfetch --log json --deadline 20s --retries 3 --delay 10ms --max-retry-after 2s \
    "http://127.0.0.1:$NGINX_PORT/flaky?key=ras-long&fails=1&ra=30"
expect_exit 22
expect_stdout_empty
expect_attempts status '[503]'
expect_attempts decision '["give_up"]'
expect_result outcome '"retry_after_too_long"'
expect_between "wall time" "$WALL_MS" 0 3000
pass "Retry-After: 1 honoured; Retry-After: 30 over --max-retry-after 2s gives up at once"
