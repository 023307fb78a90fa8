#!/usr/bin/env bash
# lintian finds no error and no warning in the .deb that `cpack -G DEB` builds. Its
# informational tags (hardening flags that dpkg-buildflags would add, the LICENSE beside the
# copyright file) are shown but do not fail the test.
#
# usage: lintian_test.sh CPACK CPACK_CONFIG
# Exits 77 (skipped) when lintian or a tool that building the .deb needs is missing.
set -euo pipefail

cpack=$1 config=$2

for tool in lintian dpkg-deb dpkg-shlibdeps file; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (Debian packages: lintian, dpkg, dpkg-dev, file)"
    exit 77
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/rfetch-lintian-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! (cd "$work" && "$cpack" --config "$config" -G DEB -B "$work/out") >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  echo "FAIL: cpack -G DEB failed" >&2
  exit 1
fi

debs=("$work"/out/rfetch_*.deb)
# --fail-on sets what fails; --pedantic only shows more. lintian says so when run as root.
status=0
lintian --fail-on error,warning --info --pedantic "${debs[0]}" >"$work/lintian.log" 2>&1 || status=$?
grep -v '^running with root privileges' "$work/lintian.log" || true
if ((status != 0)); then
  echo "FAIL: lintian found errors or warnings in $(basename "${debs[0]}") (exit $status)" >&2
  exit 1
fi
echo "ok: lintian: no error or warning in $(basename "${debs[0]}")"
