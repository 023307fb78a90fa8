#!/usr/bin/env bash
# Installs, from Debian's archive, what the machine lacks for one purpose:
#
#   scripts/install-deps.sh --for demo   building rfetch and the demo server (scripts/demo.sh)
#   scripts/install-deps.sh [--for test] that, and every tool of the tests, the sanitizer, the
#                                        fuzzers and the benchmarks (scripts/test.sh)
#
# Does nothing (and needs no network) when everything is already there.
set -euo pipefail

purpose="test"
case "${1:-}" in
  "") ;;
  --for) purpose=${2:-} ;;
  *) purpose=invalid ;;
esac

# rfetch's own libraries and the demo server's cpp-httplib; nothing else is needed to build them.
build=(g++ cmake ninja-build pkg-config libcurl4-openssl-dev libcli11-dev nlohmann-json3-dev
       libcpp-httplib-dev libhiredis-dev)
tests=(
  make catch2
  python3-minimal python3-jsonschema groff-base man-db curl
  # tests/e2e: the Redis state store against a real redis-server, which each test starts on its
  # own socket (nothing is started on install), and libfaketime for hosts whose clocks differ.
  redis-server faketime
  # tests/docs: each completion is parsed by its own shell.
  zsh fish
  # tests/packaging: dpkg-shlibdeps and file(1) for the .deb and lintian to check it; rpmbuild for
  # the RPM spec; ruby to parse the Homebrew formula.
  dpkg-dev file lintian rpm ruby
  # scripts/fuzz.sh: libFuzzer comes with clang's runtime.
  clang libclang-rt-14-dev
  # tests/peers: third-party servers and network faults. Nothing is started on install.
  nginx libnginx-mod-http-lua libnginx-mod-http-echo openssl iproute2 iptables jq
  # bench/run.sh: timing (hyperfine), peak RSS (/usr/bin/time), instruction counts (valgrind), and
  # pgrep to end the processes it started; gnuplot draws the outage plot of case 5.
  hyperfine time valgrind procps gnuplot-nox
)

case $purpose in
  demo) packages=("${build[@]}") ;;
  test) packages=("${build[@]}" "${tests[@]}") ;;
  *)
    echo "usage: scripts/install-deps.sh [--for demo|test]" >&2
    exit 2
    ;;
esac

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
