#!/usr/bin/env bash
# `cmake --install` of the current build puts exactly the expected files under the prefix:
# the binary, the man page, the three completions, README and LICENSE; nothing else (no test
# binary, no demo server).
#
# usage: install_test.sh CMAKE BUILD_DIR EXPECTED_FILES
set -euo pipefail

cmake=$1 build_dir=$2 expected_files=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/rfetch-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

prefix=$work/prefix
if ! "$cmake" --install "$build_dir" --prefix "$prefix" >"$work/install.log" 2>&1; then
  cat "$work/install.log" >&2
  echo "FAIL: cmake --install $build_dir failed" >&2
  exit 1
fi

(cd "$prefix" && find . -mindepth 1 \( -type f -o -type l \) -printf '%P\n' | LC_ALL=C sort) \
  >"$work/actual"
LC_ALL=C sort "$expected_files" >"$work/expected"
if ! diff -u "$work/expected" "$work/actual" >"$work/diff"; then
  echo "FAIL: the installed files differ from $expected_files (- missing, + unexpected):" >&2
  cat "$work/diff" >&2
  exit 1
fi

status=0
if [ ! -x "$prefix/bin/rfetch" ]; then
  echo "FAIL: bin/rfetch is not executable" >&2
  status=1
fi
for file in share/man/man1/rfetch.1 share/doc/rfetch/README.md share/doc/rfetch/LICENSE; do
  if [ -x "$prefix/$file" ]; then
    echo "FAIL: $file is installed executable" >&2
    status=1
  fi
done
if ! "$prefix/bin/rfetch" --version >"$work/version" 2>&1; then
  echo "FAIL: the installed rfetch --version failed:" >&2
  cat "$work/version" >&2
  status=1
fi
if ((status == 0)); then
  echo "ok: $(wc -l <"$work/actual") files installed, as expected"
fi
exit "$status"
