#!/usr/bin/env bash
# nginx's limit_req at 100 r/s (burst 10, nodelay, 429): 300 URLs fetched 50 at once. Without a
# pace, a large share of the requests earn a 429; with --rate auto, few (under 10%: the slow start
# overshoots once, some 15-20 429s, which weigh more in 300 URLs than in the benchmark's 1,000,
# where they stay under 5%), and every URL comes back whole. The test needs the first figure too, or it could not tell --rate auto from a
# server that limits nothing.
source "$(dirname "$0")/lib.sh"
peers_setup rate-auto "$@"
start_nginx server-http.conf.in
echo paced >"$WORK/nginx/www/paced.txt"
urls=300
for i in $(seq 1 "$urls"); do
    echo "http://127.0.0.1:$NGINX_PORT/paced/$i"
done >"$WORK/urls"
: >"$WORK/expected-body"
for i in $(seq 1 "$urls"); do echo paced >>"$WORK/expected-body"; done

count_429() {
    grep -c '^429 ' "$WORK/nginx/access.log" || true
}

run_rfetch -Z --parallel-max 50 --log json --deadline 30s --retries 10 --delay 200ms \
    --urls "$WORK/urls"
expect_exit 0
wait_access_lines "$urls"
unpaced=$(count_429)
seen=$(wc -l <"$WORK/nginx/access.log")
echo "without a pace: $unpaced 429s of $seen requests"
[ $((unpaced * 5)) -ge "$seen" ] || fail "without a pace only $unpaced of $seen requests got a 429"

# The zone's excess leaks at 100 a second: after a second the next run starts afresh.
sleep 1
reset_access_log
run_rfetch -Z --parallel-max 50 --log json --deadline 30s --rate auto \
    --state-dir "$WORK/state" --urls "$WORK/urls"
expect_exit 0
expect_stdout_file "$WORK/expected-body"
wait_access_lines "$urls"
paced=$(count_429)
seen=$(wc -l <"$WORK/nginx/access.log")
echo "with --rate auto: $paced 429s of $seen requests in $WALL_MS ms"
[ $((paced * 10)) -lt "$seen" ] || fail "with --rate auto $paced of $seen requests got a 429"
[ $((paced * 4)) -lt "$unpaced" ] || fail "with --rate auto $paced 429s, without a pace $unpaced"
expect_log_true '[.[] | select(.event == "wait" and .why == "token")] | length > 0' \
    "waits for a token in the log"
expect_log_true '[.[] | select(.event == "result" and .outcome == "success")] | length == '"$urls" \
    "every URL a success"
# 300 URLs at 100 a second: 3 s at best; the slow start and the cuts cost a little more.
expect_between "wall time" "$WALL_MS" 2500 8000
jq -e '.adaptive_rate.phase == "cubic"' "$WORK"/state/http_127.0.0.1_*.json >/dev/null ||
    fail "the state does not keep a rate learnt from a throttle"
pass "--rate auto: $paced 429s of $seen requests (without a pace: $unpaced)"
