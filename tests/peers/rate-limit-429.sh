#!/usr/bin/env bash
# nginx's limit_req (30 r/m, no burst, limit_req_status 429): a request right after another gets a
# real 429, which rfetch retries after its backoff (no Retry-After here) and then gets the 200.
source "$(dirname "$0")/lib.sh"
peers_setup rate-limit-429 "$@"
start_nginx server-http.conf.in
url="http://127.0.0.1:$NGINX_PORT/limited"

# The first request takes the only slot of the next 2 s.
run_rfetch --log json --deadline 10s --retries 0 "$url"
expect_exit 0
expect_stdout_is $'limited ok\n'

# So this one is limited, and its retry 2.3 s later is let through.
run_rfetch --log json --deadline 10s --retries 3 --delay 2300ms --jitter none "$url"
expect_exit 0
expect_stdout_is $'limited ok\n'
expect_attempts status '[429,200]'
expect_attempts decision '["retry","success"]'
expect_attempts delay_source '["backoff",null]'
expect_attempts retry_after '[null,null]'
expect_between "wall time" "$WALL_MS" 2200 9000

wait_access_lines 3
expect_access 1 "200 429 200"
pass "limit_req's 429 retried after the backoff"
