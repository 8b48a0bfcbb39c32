#!/usr/bin/env bash
# The reference server's behind-a-proxy test runs it behind Debian's nginx, a real reverse proxy
# that terminates TLS. Installs nginx when it is missing and this user may (root, with apt-get);
# otherwise says how, and the test is skipped with that reason. Never fails: the test decides.
# The test and test:postgres tasks may start this at the same moment: a lock makes the second
# wait for the first's install instead of racing it for dpkg's lock.
set -uo pipefail
have_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
if have_nginx; then exit 0; fi
exec 9>"${TMPDIR:-/tmp}/taxii-ensure-nginx.lock"
flock 9
if have_nginx; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's nginx for the behind-a-proxy test…" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light; } >/dev/null 2>&1 \
    || echo "Could not install nginx; the behind-a-proxy test is skipped." >&2
  # Only the binary is wanted: a service the package may have started is stopped.
  pkill -x nginx 2>/dev/null || true
  exit 0
fi
echo "The behind-a-proxy test needs nginx: sudo apt-get install -y nginx-light (it is skipped without)" >&2
exit 0
