#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang in ${FUZZ_BUILD_DIR:-build-fuzz} and
# runs each, one after another, for SECONDS (default 20) on a copy of its seed corpus. Fails on
# any crash, leak, timeout or broken property. Prints one line per target with the number of
# executions it reached; on a failure, the end of its log and the input that broke it.
#
#   scripts/fuzz.sh [SECONDS]
#
# Environment: FUZZ_BUILD_DIR; FUZZ_CXX (default: clang++, then clang++-14); FUZZ_SOURCE_DIR,
# a tree whose src/core to fuzz instead of this one (to try a fix without touching the checkout).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: scripts/fuzz.sh [SECONDS], where SECONDS is a whole number above 0" >&2
    exit 2
fi

cxx=${FUZZ_CXX:-}
if [[ -z $cxx ]]; then
    for candidate in clang++ clang++-14; do
        if command -v "$candidate" >/dev/null; then
            cxx=$candidate
            break
        fi
    done
fi
if [[ -z $cxx ]]; then
    echo "fuzz: no clang++ found (set FUZZ_CXX)" >&2
    exit 1
fi

build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)
build_log=$build_dir/fuzz-build.log

if ! { cmake -S tests/fuzz -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
           -DRFETCH_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
           -DRFETCH_FUZZ_SOURCE_DIR="${FUZZ_SOURCE_DIR:-$PWD}" &&
       cmake --build "$build_dir" --parallel "$(nproc)"; } >"$build_log" 2>&1; then
    echo "fuzz: the build failed (full log: $build_log)" >&2
    tail -n 40 "$build_log" >&2
    exit 1
fi

targets=()
for source in tests/fuzz/fuzz_*.cpp; do
    targets+=("$(basename "$source" .cpp)")
done

# A stack trace for undefined behaviour too, so the report names the line in src/core.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
for target in "${targets[@]}"; do
    # A fresh copy each run: what the fuzzer adds stays in the build directory.
    corpus=$build_dir/corpus/$target
    artifacts=$build_dir/artifacts/$target
    log=$build_dir/$target.log
    rm -rf "$corpus" "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    if [[ -d tests/fuzz/corpus/$target ]]; then
        cp -R "tests/fuzz/corpus/$target/." "$corpus/"
    fi
    options=(-max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
             -max_len=4096 -artifact_prefix="$artifacts/")
    if [[ -f tests/fuzz/dict/$target.dict ]]; then
        options+=(-dict="tests/fuzz/dict/$target.dict")
    fi
    status=0
    # The outer timeout is a backstop for a hang libFuzzer itself cannot stop.
    timeout --kill-after=10 $((seconds + 60)) "$build_dir/$target" "${options[@]}" "$corpus" \
        >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if ((status == 0)); then
        printf 'fuzz: %-18s ok      %12s executions in %ss\n' "$target" "${runs:-?}" "$seconds"
    else
        failed=1
        printf 'fuzz: %-18s FAILED  %12s executions (exit %s; log: %s)\n' \
            "$target" "${runs:-?}" "$status" "$log"
        # What broke and where in our code; the full trace is in the log.
        grep -E '^property failed|^input \(|runtime error|^==[0-9]+==ERROR|^SUMMARY|ERROR: libFuzzer|#[0-9]+ .*(/src/core/|/tests/fuzz/)' \
            "$log" | head -n 25 >&2 || true
        for input in "$artifacts"/*; do
            [[ -f $input ]] || continue
            echo "  input as base64: $(base64 -w0 "$input" | head -c 600)" >&2
            echo "  reproduce: $build_dir/$target $input" >&2
        done
    fi
done
exit "$failed"
