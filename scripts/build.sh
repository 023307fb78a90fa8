#!/usr/bin/env bash
# Configures and builds rfetch and its tests in ${BUILD_DIR:-build}. The tests are turned on
# explicitly, since scripts/demo.sh may have configured the same directory without them;
# arguments are passed to cmake after, so -DRFETCH_BUILD_TESTS=OFF still wins.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" \
  -DRFETCH_BUILD_TESTS=ON "$@" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
