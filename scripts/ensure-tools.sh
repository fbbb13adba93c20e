#!/usr/bin/env bash
# tests/deploy checks docker-compose.yml with Debian's docker-compose (a parser only: no Docker
# engine is needed or started). Install it from Debian's packages when it is missing.
set -euo pipefail
command -v docker-compose >/dev/null 2>&1 && exit 0
echo "Installing docker-compose from Debian's packages..."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker-compose
