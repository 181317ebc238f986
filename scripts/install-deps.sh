#!/bin/sh
# Installs the Debian packages weft needs to build and test, only those
# missing. Uses sudo when not root. Called by `make test` and `make demo`;
# with arguments, installs those packages instead (make deps-python: the
# Python module's, which the core never needs).
set -e
[ $# -gt 0 ] && need="$*" || need="pkg-config gcc make clang libclang-rt-14-dev bc parallel time lua5.4 liblua5.4-dev libpcre2-dev libxml2-dev libjansson-dev zlib1g-dev libcmocka-dev python3 jq"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "weft: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
