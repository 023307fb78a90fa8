#!/usr/bin/env bash
# rpmbuild builds the RPM spec that CMake wrote from packaging/rfetch.spec.in, from a source
# tarball of this tree made by CPack (the same rfetch-VERSION/ layout as the git archive the spec's
# comment describes), without the network when a network namespace can be made. The binary RPM
# holds the expected files at Fedora's paths, its version, and a dependency on libcurl found by
# rpm's ELF dependency generator.
#
# usage: rpm_test.sh CPACK SOURCE_CONFIG SPEC MACROS EXPECTED_FILES VERSION
# Exits 77 (skipped) when rpmbuild is missing (Debian package: rpm).
set -euo pipefail

cpack=$1 source_config=$2 spec=$3 macros=$4 expected_files=$5 version=$6

if ! command -v rpmbuild >/dev/null; then
  echo "SKIP: rpmbuild is not installed (Debian package: rpm)"
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rfetch-rpm-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! (cd "$work" && "$cpack" --config "$source_config" -B "$work/sources") >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  echo "FAIL: cpack of the source tarball failed" >&2
  exit 1
fi

# BuildRequires name Fedora's packages, which Debian's empty RPM database cannot have: --nodeps.
isolate=()
if unshare --net true 2>/dev/null; then
  isolate=(unshare --net)
fi
start=$SECONDS
if ! "${isolate[@]}" rpmbuild -bb --nodeps --load "$macros" \
       --define "_topdir $work/rpmbuild" --define "_sourcedir $work/sources" \
       "$spec" >"$work/rpmbuild.log" 2>&1; then
  tail -n 40 "$work/rpmbuild.log" >&2
  echo "FAIL: rpmbuild -bb $spec failed" >&2
  exit 1
fi
took=$((SECONDS - start))

rpms=("$work"/rpmbuild/RPMS/*/rfetch-"$version"-*.rpm)
rpm=${rpms[0]}
if [ ! -f "$rpm" ]; then
  echo "FAIL: rpmbuild made no rfetch-$version RPM:" >&2
  find "$work/rpmbuild/RPMS" -type f >&2
  exit 1
fi

status=0
fail() {
  echo "FAIL: $*" >&2
  status=1
}

# The files: those of cmake --install under /usr, with Fedora's zsh directory and the man page
# gzipped by rpm's brp-compress.
# The /usr/lib/.build-id links that rpm adds to a package without a debuginfo package are left out.
rpm -qpl "$rpm" | grep -v '^/usr/lib/\.build-id' | LC_ALL=C sort >"$work/actual"
sed -e 's|^|/usr/|' -e 's|/zsh/vendor-completions/|/zsh/site-functions/|' \
    -e 's|^\(/usr/share/man/man[1-9]/.*\)$|\1.gz|' "$expected_files" | LC_ALL=C sort >"$work/expected"
# rpm -qpl lists the directory the spec owns (%dir) too.
echo /usr/share/doc/rfetch >>"$work/expected"
LC_ALL=C sort -o "$work/expected" "$work/expected"
if ! diff -u "$work/expected" "$work/actual" >"$work/diff"; then
  fail "the RPM's files differ from $expected_files (- missing, + unexpected):"
  cat "$work/diff" >&2
fi

[ "$(rpm -qp --qf '%{VERSION}' "$rpm")" = "$version" ] ||
  fail "the RPM's version is $(rpm -qp --qf '%{VERSION}' "$rpm"), not $version"
rpm -qp --requires "$rpm" >"$work/requires"
grep -q '^libcurl\.so\.4()' "$work/requires" || {
  fail "the RPM does not require libcurl.so.4:"
  cat "$work/requires" >&2
}

if ((status == 0)); then
  echo "ok: $(basename "$rpm") built in ${took}s${isolate:+ without network}"
fi
exit "$status"
