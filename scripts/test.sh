#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: unit, end-to-end, third-party peers,
# documentation and packaging; then the whole suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer, and each fuzz target for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure --parallel "$(nproc)"

# The README's examples carry wall-clock bounds that a sanitized binary, several times slower
# to start, cannot keep; they add nothing to memory safety that the rest does not.
scripts/sanitize.sh -E 'docs.readme-examples'
scripts/fuzz.sh "${RFETCH_FUZZ_SECONDS:-20}"
