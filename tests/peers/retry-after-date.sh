#!/usr/bin/env bash
# A 503 whose Retry-After is an HTTP-date two seconds ahead (ngx.http_time(ngx.time() + 2)). The
# date has whole seconds, so the real wait is between 1 and 2 s, plus at most 10%.
source "$(dirname "$0")/lib.sh"
peers_setup retry-after-date "$@"
start_nginx server-http.conf.in

run_rfetch --log json --deadline 20s --retries 3 --delay 10ms --jitter none \
    "http://127.0.0.1:$NGINX_PORT/flaky?key=rad&fails=1&ra=date2"
expect_exit 0
expect_stdout_is $'ok rad after 2\n'
expect_attempts status '[503,200]'
expect_attempts delay_source '["retry-after",null]'
expect_log_true '[.[] | select(.event == "attempt")][0].retry_after |
    test("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$")' \
    "an IMF-fixdate Retry-After"
expect_log_true '[.[] | select(.event == "attempt")][0].delay_ms | . >= 900 and . <= 2300' \
    "a delay of 900..2300 ms"
expect_between "wall time" "$WALL_MS" 900 8000
wait_access_lines 2
expect_access 1 "503 200"
pass "HTTP-date Retry-After honoured"
