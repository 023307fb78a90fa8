#!/usr/bin/env bash
# The recipes for the systems this machine cannot build packages for at least parse.
#
#   syntax_test.sh pkgbuild PKGBUILD   bash parses it and, sourced as makepkg does, it defines the
#                                      build, check and package functions (namcap, Arch's linter,
#                                      is not in Debian)
#   syntax_test.sh homebrew FORMULA    ruby -c parses it (brew audit needs Homebrew)
#
# Exits 77 (skipped) when ruby is missing.
set -euo pipefail

kind=$1 file=$2

case $kind in
  pkgbuild)
    bash -n "$file"
    # Sourcing a PKGBUILD runs nothing but its assignments; the functions are only defined.
    functions=$(bash -c 'set -eu; source "$1"; declare -F | awk "{ print \$3 }"' _ "$file")
    for function in build check package; do
      if ! grep -qx "$function" <<<"$functions"; then
        echo "FAIL: $file defines no $function()" >&2
        exit 1
      fi
    done
    ;;
  homebrew)
    if ! command -v ruby >/dev/null; then
      echo "SKIP: ruby is not installed (Debian package: ruby)"
      exit 77
    fi
    ruby -c "$file" >/dev/null
    ;;
  *)
    echo "usage: syntax_test.sh pkgbuild|homebrew FILE" >&2
    exit 2
    ;;
esac
echo "ok: $file parses"
