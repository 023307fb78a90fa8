#!/usr/bin/env bash
# `cpack -G DEB` builds rfetch_<version>_<arch>.deb holding exactly the installed files under
# /usr (the man page gzipped, as Debian Policy §12.1 asks) plus the copyright file and the
# changelog, with the control fields of cmake/Packaging.cmake and a Depends line computed by
# dpkg-shlibdeps, whose libcurl bound is the 7.85 rfetch needs.
#
# usage: deb_test.sh CPACK CPACK_CONFIG EXPECTED_FILES VERSION
# Exits 77 (skipped) when a tool that building the .deb needs is missing.
set -euo pipefail

cpack=$1 config=$2 expected_files=$3 version=$4

# dpkg-shlibdeps is in dpkg-dev; without it CPack silently writes no Depends at all. CPack needs
# file(1) to find the ELF files to hand to dpkg-shlibdeps.
for tool in dpkg-deb dpkg-shlibdeps file; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (Debian packages: dpkg, dpkg-dev, file)"
    exit 77
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/rfetch-deb-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

# -B puts both the package and CPack's staging tree (_CPack_Packages) in our own directory.
if ! (cd "$work" && "$cpack" --config "$config" -G DEB -B "$work/out") >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  echo "FAIL: cpack -G DEB failed" >&2
  exit 1
fi

arch=$(dpkg --print-architecture)
deb=$work/out/rfetch_${version}_${arch}.deb
if [ ! -f "$deb" ]; then
  echo "FAIL: cpack did not make $deb; it made:" >&2
  ls -l "$work/out" >&2
  exit 1
fi

status=0
fail() {
  echo "FAIL: $*" >&2
  status=1
}

# The contents: the installed files under ./usr/, the man page compressed, the two files of
# Debian Policy §12.5 and §12.7, nothing else (no debian/shlibs.local left from dpkg-shlibdeps).
dpkg-deb -c "$deb" >"$work/listing"
awk '$1 !~ /^d/ { print $6 }' "$work/listing" | LC_ALL=C sort >"$work/actual"
{
  sed -e 's|^|./usr/|' -e 's|^\(\./usr/share/man/man[1-9]/.*\)$|\1.gz|' "$expected_files"
  printf '%s\n' ./usr/share/doc/rfetch/copyright ./usr/share/doc/rfetch/changelog.gz
} | LC_ALL=C sort >"$work/expected"
if ! diff -u "$work/expected" "$work/actual" >"$work/diff"; then
  fail "the .deb's files differ from $expected_files (- missing, + unexpected):"
  cat "$work/diff" >&2
fi
if ! awk '$6 == "./usr/bin/rfetch" && $1 == "-rwxr-xr-x" && $2 == "root/root" { found = 1 }
          END { exit !found }' "$work/listing"; then
  fail "./usr/bin/rfetch is not -rwxr-xr-x root/root:"
  grep -F './usr/bin/rfetch' "$work/listing" >&2 || true
fi

# The control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = rfetch ] || fail "Package is '$(field Package)', not rfetch"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)', not $arch"
[ "$(field Section)" = web ] || fail "Section is '$(field Section)', not web"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"

depends=$(field Depends)
# libcurl4 is libcurl4t64 from Debian 13 on; either is right.
# libstdc++ is linked in (RFETCH_STATIC_LIBSTDCXX), so libstdc++6 is no longer among them.
if ! grep -Eq "(^|, )libc6( |,|$)" <<<"$depends"; then
  fail "Depends lacks libc6: '$depends'"
fi
# Once, with rfetch's own lower bound rather than the one libcurl's symbols give.
libcurl=$(grep -Eo "(^|, )libcurl4(t64)?( [^,]*)?" <<<"$depends" | sed 's/^, //' || true)
if [[ ! $libcurl =~ ^libcurl4(t64)?\ \(\>=\ 7\.85\)$ ]]; then
  fail "Depends should name libcurl4 once, as 'libcurl4 (>= 7.85)': '$depends'"
fi

# The man page is valid gzip, and the packaged (stripped) binary still runs.
dpkg-deb -x "$deb" "$work/root"
gzip -t "$work/root/usr/share/man/man1/rfetch.1.gz" 2>/dev/null ||
  fail "usr/share/man/man1/rfetch.1.gz is not valid gzip"
# The changelog's newest entry is this version; the copyright file carries the licence text.
top=$(gzip -dc "$work/root/usr/share/doc/rfetch/changelog.gz" 2>/dev/null | head -n 1)
[[ $top == "rfetch ($version) "* ]] || fail "changelog.gz starts '$top', not 'rfetch ($version)'"
grep -q '^ Permission is hereby granted' "$work/root/usr/share/doc/rfetch/copyright" ||
  fail "usr/share/doc/rfetch/copyright lacks the licence text"
if ! "$work/root/usr/bin/rfetch" --version >"$work/version" 2>&1; then
  fail "the packaged rfetch --version failed:"
  cat "$work/version" >&2
fi

if ((status == 0)); then
  echo "ok: $(basename "$deb"), Depends: $depends"
  sed 's/^/  /' "$work/actual"
fi
exit "$status"
