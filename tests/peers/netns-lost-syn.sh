#!/usr/bin/env bash
# In a network namespace of its own, iptables drops every second SYN to nginx (statistic nth), so
# the first SYN of a run is lost.
#   1. The default connect timeout (10 s) outlasts the kernel's SYN retransmission (1 s): success,
#      which took a retry or more than 900 ms.
#   2. --connect-timeout 500ms gives up before the kernel retransmits: rfetch's own retry sends the
#      second SYN, which gets through.
source "$(dirname "$0")/lib.sh"
peers_setup netns-lost-syn "$@"
require_nginx
make_netns lostsyn
start_nginx server-http.conf.in 8080
url="http://127.0.0.1:8080/flaky?fails=0"
lose_first_syn() {
    netns_iptables -F INPUT
    netns_iptables -A INPUT -p tcp --dport 8080 --syn -m statistic --mode nth --every 2 --packet 0 -j DROP
}

lose_first_syn
run_rfetch --log json --deadline 20s --retries 3 --delay 50ms --jitter none "$url&key=kernel"
expect_exit 0
expect_stdout_is $'ok kernel after 1\n'
expect_log_true '(.[-1].attempts > 1) or (.[-1].elapsed_ms >= 900)' "a retry or a SYN retransmission"
expect_result outcome '"success"'
wait_access_lines 1
expect_access 3 "/flaky?fails=0&key=kernel"

lose_first_syn
reset_access_log
run_rfetch --log json --deadline 20s --connect-timeout 500ms --retries 3 --delay 50ms \
    --jitter none "$url&key=rfetch"
expect_exit 0
expect_stdout_is $'ok rfetch after 1\n'
expect_attempts error '["timeout",null]'
expect_attempts decision '["retry","success"]'
wait_access_lines 1
expect_access 1 "200"
pass "a lost SYN is recovered by the kernel's retransmission, or by rfetch's retry"
