#!/usr/bin/env bash
# Installs what the browser and export tests need from Debian (chromium, poppler-utils, LibreOffice Impress
# without its GUI, which prints the deck in tests/test_reports_render.py) when missing. Never `playwright
# install`: it downloads its own browser, which fails offline.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# --no-install-recommends keeps LibreOffice to what converting a deck needs (~10 s from the Debian mirror).
lean=()
command -v soffice >/dev/null 2>&1 || lean+=(libreoffice-impress-nogui)
[ ${#need[@]} -eq 0 ] && [ ${#lean[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${need[*]} ${lean[*]} — run: sudo apt-get install -y ${need[*]} ${lean[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${need[*]} ${lean[*]}"
apt-get update -qq
[ ${#need[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
[ ${#lean[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
