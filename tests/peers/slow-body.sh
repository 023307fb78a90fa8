#!/usr/bin/env bash
# nginx's limit_rate 64k on a 96 KiB file: the body keeps coming, slowly (about 1 s), so a 1 s
# stall timeout lets it finish, while a 500 ms attempt timeout cuts every attempt ("timeout", 28).
source "$(dirname "$0")/lib.sh"
peers_setup slow-body "$@"
start_nginx server-http.conf.in
mkdir -p "$WORK/nginx/www/slow"
head -c 98304 /dev/urandom >"$WORK/nginx/www/slow/96k.bin"
url="http://127.0.0.1:$NGINX_PORT/slow/96k.bin"

run_rfetch --log json --deadline 20s --stall-timeout 1s --retries 0 "$url"
expect_exit 0
expect_stdout_file "$WORK/nginx/www/slow/96k.bin"
expect_attempts decision '["success"]'
expect_between "wall time of a 96 KiB body at 64 KiB/s" "$WALL_MS" 400 10000

run_rfetch --log json --deadline 20s --timeout 500ms --retries 1 --delay 20ms --jitter none "$url"
expect_exit 28
expect_stdout_empty
expect_attempts error '["timeout","timeout"]'
expect_attempts decision '["retry","give_up"]'
expect_log_true '[.[] | select(.event == "attempt") | .elapsed_ms | . >= 400 and . <= 3000] | all' \
    "each attempt cut after about 500 ms"
expect_between "wall time" "$WALL_MS" 900 8000
pass "a slow body finishes within the stall timeout and is cut by the attempt timeout"
