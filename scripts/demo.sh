#!/usr/bin/env bash
# Installs what building rfetch and the demo server needs, builds those two targets only, and
# shows rfetch retrying against a local flaky server. The tests and their tools are left to
# scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --for demo
build_dir=${BUILD_DIR:-build}

# A fresh build directory is configured without the tests (no Catch2; 71 of 140 build steps) and
# without debug information (a quarter less compiling). -O2, as in the tested RelWithDebInfo
# build: GCC 12 at Release's -O3 warns about std::string code it inlines. A directory that
# scripts/build.sh configured keeps its settings: the demo then reuses what it built.
options=(-DRFETCH_BUILD_DEMO=ON)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  options+=(-DRFETCH_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG")
fi
cmake -S . -B "$build_dir" -G Ninja "${options[@]}" >/dev/null
cmake --build "$build_dir" --target rfetch flaky_server --parallel "$(nproc)"

port_file=$(mktemp)
"$build_dir/demo/flaky_server" >"$port_file" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$port_file"' EXIT
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$port_file")"

show() {
  printf '\n$ %s\n' "$*"
  set +e
  "$@"
  printf '(exit %d)\n' $?
  set -e
}

echo "A server on $url answers /flaky with 503, 503 + Retry-After: 1, then 200."
show "$build_dir/rfetch" --log text --delay 200ms "$url/flaky"
echo
echo "The same, with the JSON attempt log a script would read (stderr):"
show "$build_dir/rfetch" --delay 200ms --seed 7 "$url/flaky"
echo
echo "A 404 is not retried: exit 22, and nothing on stdout."
show "$build_dir/rfetch" --log text "$url/missing"
echo
echo "Nothing listening: connection refused is retried, then libcurl's exit code 7."
show "$build_dir/rfetch" --log text --retries 2 --delay 100ms http://127.0.0.1:9/
