#!/usr/bin/env bash
# The docs page's browser test drives Debian's Chromium, never a downloaded browser. Installs it
# when it is missing and this user may (root, with apt-get); otherwise says how and fails.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the docs browser test…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The docs browser test needs Chromium: sudo apt-get install -y chromium" >&2
exit 1
