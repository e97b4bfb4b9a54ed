#!/usr/bin/env bash
# Installs the Debian packages the tests drive for real: Chromium (the browser tests) and
# LibreOffice Writer (opens the Word framework as a real client would). Does nothing when they
# are already there.
set -eu
packages=(chromium chromium-driver libreoffice-writer)
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
