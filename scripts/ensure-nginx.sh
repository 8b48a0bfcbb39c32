#!/usr/bin/env bash
# The reference server's behind-a-proxy test runs it behind Debian's nginx, a real reverse proxy
# that terminates TLS. Installs nginx when it is missing and this user may (root, with apt-get);
# otherwise says how, and the test is skipped with that reason.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's nginx for the behind-a-proxy test…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
  # Only the binary is wanted: no service runs at start.
  { command -v systemctl >/dev/null 2>&1 && systemctl disable --now nginx >/dev/null 2>&1; } || true
  pkill -x nginx 2>/dev/null || true
  exit 0
fi
echo "The behind-a-proxy test needs nginx: sudo apt-get install -y nginx (it is skipped without)" >&2
exit 0
