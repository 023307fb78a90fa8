#!/usr/bin/env bash
# The version has one source, project() in CMakeLists.txt: the recipes in packaging/ are templates
# that state none (CMake writes them into the build tree with it), and the newest entry of each
# changelog names it, so that a new version cannot ship with the last one's notes.
# `rfetch --version` and the man page are checked against it by docs.defaults.
#
# usage: versions_test.sh SOURCE_DIR BINARY_DIR VERSION
set -euo pipefail

source_dir=$1 binary_dir=$2 version=$3

status=0
fail() {
  echo "FAIL: $*" >&2
  status=1
}

# The templates name the version only as @PROJECT_VERSION@; the RPM %changelog is history.
for template in rfetch.spec.in arch/PKGBUILD.in homebrew/rfetch.rb.in; do
  stated=$(sed '/^%changelog/,$d' "$source_dir/packaging/$template" | grep -nF "$version" || true)
  if [ -n "$stated" ]; then
    fail "packaging/$template states the version $version itself:"
    echo "$stated" >&2
  fi
done

# What CMake wrote from them.
spec=$binary_dir/packaging/rfetch.spec
pkgbuild=$binary_dir/packaging/arch/PKGBUILD
formula=$binary_dir/packaging/homebrew/rfetch.rb
grep -Eq "^Version: +$version$" "$spec" || fail "$spec has no 'Version: $version'"
grep -q "^pkgver=$version$" "$pkgbuild" || fail "$pkgbuild has no 'pkgver=$version'"
grep -Fq "/rfetch-$version.tar.gz\"" "$formula" || fail "$formula's url is not rfetch-$version.tar.gz"

# The newest changelog entries.
top=$(head -n 1 "$source_dir/packaging/deb/changelog")
[[ $top == "rfetch ($version) "* ]] ||
  fail "packaging/deb/changelog starts '$top'; add an entry for rfetch ($version)"
top=$(sed -n '/^%changelog/,$ { /^\*/ { p; q } }' "$spec")
[[ $top =~ \ -\ $version-[0-9]+$ ]] ||
  fail "the newest %changelog entry of packaging/rfetch.spec.in is '$top'; add one for $version-1"

if ((status == 0)); then
  echo "ok: the recipes and both changelogs say $version"
fi
exit "$status"
