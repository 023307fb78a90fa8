#!/usr/bin/env bash
# nginx + Lua answers 503, 503, then 200 (a lua_shared_dict counter keyed per test): rfetch retries
# twice, writes only the final body, and nginx saw exactly three GETs with the same request id.
source "$(dirname "$0")/lib.sh"
peers_setup fail-then-succeed "$@"
start_nginx server-http.conf.in

run_rfetch --log json --deadline 20s --retries 3 --delay 50ms --jitter none \
    --request-id=peers-fts "http://127.0.0.1:$NGINX_PORT/flaky?key=fts&fails=2"
expect_exit 0
expect_stdout_is $'ok fts after 3\n'
expect_attempts status '[503,503,200]'
expect_attempts error '[null,null,null]'
expect_attempts decision '["retry","retry","success"]'
expect_attempts delay_source '["backoff","backoff",null]'
expect_attempts delay_ms '[50,100,null]'
expect_result outcome '"success"'
expect_result attempts '3'
expect_result exit_code '0'

wait_access_lines 3
expect_access 1 "503 503 200"
expect_access 2 "GET GET GET"
expect_access 6 "rid=peers-fts rid=peers-fts rid=peers-fts"

# With one retry allowed, a fresh key fails twice: exit 22 and nothing on stdout.
reset_access_log
run_rfetch --log json --deadline 20s --retries 1 --delay 50ms --jitter none \
    "http://127.0.0.1:$NGINX_PORT/flaky?key=fts-short&fails=2"
expect_exit 22
expect_stdout_empty
expect_attempts status '[503,503]'
expect_attempts decision '["retry","give_up"]'
expect_result outcome '"exhausted"'
wait_access_lines 2
expect_access 1 "503 503"
pass "503, 503, 200 retried to success; exhausted after 2 with --retries 1"
