#!/usr/bin/env bash
# Builds rfetch and every test with AddressSanitizer and UndefinedBehaviorSanitizer in
# ${SAN_BUILD_DIR:-build-asan} and runs the whole ctest suite there. The end-to-end tests spawn
# the rfetch of that build, so the binary under test runs sanitized too.
#
# Sanitizer reports go to files (log_path), not only to stderr: a test that expects rfetch to
# fail would otherwise accept a sanitizer's exit as the failure it was waiting for. Any report
# fails the run, whatever the tests said.
#
# Quiet on success: one summary line. On failure: the failing tests and every report.
#   scripts/sanitize.sh [CTEST_ARGS...]     e.g. -E 'docs.readme-examples' to leave a test out
#
# Environment: SAN_BUILD_DIR, CXX (default g++), SAN_TIME_LIMIT (seconds for the tests, 900:
# a guard against a hang, some four times what a loaded 2-core machine takes).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${SAN_BUILD_DIR:-build-asan}
time_limit=${SAN_TIME_LIMIT:-900}
jobs=$(nproc)
san_flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)
log_dir=$build_dir/sanitizer-logs
build_log=$build_dir/sanitize-build.log
test_log=$build_dir/sanitize-test.log

fail() {
    echo "sanitize: $1" >&2
    if [[ -n ${2:-} && -f $2 ]]; then
        tail -n "${3:-60}" "$2" >&2
    fi
    exit 1
}

start=$SECONDS
# libstdc++ stays shared here: linked into the binary, its operator new would stand in front of
# the sanitizer's, which must see every allocation.
if ! { cmake -S . -B "$build_dir" -G Ninja \
           -DCMAKE_CXX_COMPILER="${CXX:-g++}" \
           -DCMAKE_BUILD_TYPE=Debug \
           -DRFETCH_STATIC_LIBSTDCXX=OFF \
           -DCMAKE_CXX_FLAGS="$san_flags" \
           -DCMAKE_EXE_LINKER_FLAGS="$san_flags" \
           -DCMAKE_SHARED_LINKER_FLAGS="$san_flags" \
           -DCMAKE_MODULE_LINKER_FLAGS="$san_flags" &&
       cmake --build "$build_dir" --parallel "$jobs"; } >"$build_log" 2>&1; then
    fail "the sanitized build failed (full log: $build_log)" "$build_log"
fi
build_time=$((SECONDS - start))

rm -rf "$log_dir"
mkdir -p "$log_dir"
# log_path gets ".<pid>" appended; a file appears only when a sanitizer reports something.
export ASAN_OPTIONS="detect_leaks=1:log_path=$log_dir/asan:strict_string_checks=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$log_dir/ubsan"
export LSAN_OPTIONS="log_path=$log_dir/lsan"

start=$SECONDS
status=0
timeout --kill-after=10 "$time_limit" \
    ctest --test-dir "$build_dir" --parallel "$jobs" --output-on-failure "$@" >"$test_log" 2>&1 ||
    status=$?
test_time=$((SECONDS - start))

reports=$(find "$log_dir" -type f | sort)
if [[ -n $reports ]]; then
    echo "sanitize: sanitizer reports (test log: $test_log):" >&2
    for report in $reports; do
        echo "=== $report" >&2
        cat "$report" >&2
    done
    status=1
fi
if ((status == 124 || status == 137)); then
    fail "the sanitized tests ran past ${time_limit}s (log: $test_log)" "$test_log" 30
fi
summary=$(grep -E '^[0-9]+% tests passed' "$test_log" || echo "no ctest summary")
if ((status != 0)); then
    echo "sanitize: FAILED: $summary (log: $test_log)" >&2
    # What each failed test printed: CI keeps only this output, not the log file.
    awk '/\*\*\*(Failed|Timeout|Exception)/ { show = 1; lines = 0 }
         /^ *Start +[0-9]+:/ { show = 0 }
         show && lines++ < 80' "$test_log" >&2
    sed -n '/The following tests FAILED:/,$p' "$test_log" >&2
    exit 1
fi
echo "sanitize: OK: $summary; build ${build_time}s, tests ${test_time}s (ASan+UBSan, $build_dir)"
