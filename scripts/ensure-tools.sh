#!/usr/bin/env bash
# Tools the tests drive from Debian's packages, installed when missing:
#   docker-compose  tests/deploy parses docker-compose.yml with it (a parser only: no Docker engine)
#   promtool        (package prometheus) checks and unit-tests deploy/'s alert rules
#   haproxy         the reverse proxy in front of two instances in the rolling-restart test
set -euo pipefail
missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} from Debian's packages..."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
# Only their binaries are used: the tests start private instances on free ports.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
