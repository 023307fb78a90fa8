#!/usr/bin/env bash
# Installs, from Debian's archive, whatever rfetch's build, tests and demo need and the machine
# lacks. Does nothing (and needs no network) when everything is already there.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config make
  libcurl4-openssl-dev libcli11-dev nlohmann-json3-dev
  catch2 libcpp-httplib-dev
  python3-minimal python3-jsonschema groff-base man-db curl
  dpkg-dev file
  # scripts/fuzz.sh: libFuzzer comes with clang's runtime.
  clang libclang-rt-14-dev
  # tests/peers: third-party servers and network faults. Nothing is started on install.
  nginx libnginx-mod-http-lua libnginx-mod-http-echo openssl iproute2 iptables jq
  # bench/run.sh: timing (hyperfine), peak RSS (/usr/bin/time), instruction counts (valgrind), and
  # pgrep to end the processes it started.
  hyperfine time valgrind procps
)

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
