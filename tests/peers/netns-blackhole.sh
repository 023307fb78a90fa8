#!/usr/bin/env bash
# In a network namespace of its own: SYNs to one port are dropped (a blackhole), so each attempt
# ends at --connect-timeout 500ms with "timeout", retried, exit 28; SYNs to another port are
# rejected with an RST, which is "connect" (exit 7) and comes back at once.
source "$(dirname "$0")/lib.sh"
peers_setup netns-blackhole "$@"
make_netns blackhole
netns_iptables -A INPUT -p tcp --dport 8080 --syn -j DROP
netns_iptables -A INPUT -p tcp --dport 8081 --syn -j REJECT --reject-with tcp-reset

run_rfetch --log json --deadline 20s --connect-timeout 500ms --retries 2 --delay 50ms \
    --jitter none "http://127.0.0.1:8080/"
expect_exit 28
expect_stdout_empty
expect_attempts error '["timeout","timeout","timeout"]'
expect_attempts curl_code '[28,28,28]'
expect_attempts decision '["retry","retry","give_up"]'
expect_result outcome '"exhausted"'
expect_log_true '[.[] | select(.event == "attempt") | .elapsed_ms | . >= 400 and . <= 2500] | all' \
    "each attempt cut at about 500 ms"
expect_between "wall time of 3 x 500 ms + 150 ms of waits" "$WALL_MS" 1500 9000

run_rfetch --log json --deadline 20s --connect-timeout 500ms --retries 1 --delay 50ms \
    --jitter none "http://127.0.0.1:8081/"
expect_exit 7
expect_attempts error '["connect","connect"]'
expect_attempts decision '["retry","give_up"]'
expect_between "wall time" "$WALL_MS" 0 1500
pass "a blackholed connect times out (28) after the retries; a rejected one is 'connect' (7)"
