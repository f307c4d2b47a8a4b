#!/usr/bin/env bash
# Installs HAProxy from Debian when missing: `make serve` runs the dashboard's Streamlit processes behind
# it (dashboard/serving/), and tests/test_serve.py checks that set-up. Nothing is written to /etc by us:
# the proxy's configuration is generated into a run folder at every start.
set -euo pipefail
if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian package: haproxy — run: sudo apt-get install -y haproxy" >&2
  exit 1
fi
echo "installing Debian package: haproxy"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
# Debian's package enables a system-wide service on port 80 with its own /etc configuration; the dashboard
# does not use it (it starts its own proxy as the serving user), so it is stopped where systemd runs.
if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
  systemctl disable --now haproxy >/dev/null 2>&1 || true
fi
