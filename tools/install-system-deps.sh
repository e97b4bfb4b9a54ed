#!/usr/bin/env bash
# Installs the Debian packages the project drives for real. Does nothing when they are there.
#   build: Pango and the DejaVu fonts, for WeasyPrint's learning pack (PDF)
#   test:  also Chromium (the browser tests), LibreOffice Writer (opens the Word framework) and nginx
#          with its brotli_static module (tests/test_deploy.py serves the site with deploy/nginx/)
set -eu
packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
if [ "${1:-build}" = "test" ]; then
  packages+=(chromium chromium-driver libreoffice-writer nginx-light libnginx-mod-http-brotli-static)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
