#!/usr/bin/env bash
# Install the Debian packages listed in deploy/debian-packages.txt that are missing.
# With --if-root: do it only when running as root with apt-get, silently skip otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
wanted=$(sed -e 's/#.*//' -e '/^\s*$/d' deploy/debian-packages.txt | awk '{print $1}')
missing=()
for pkg in $wanted; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  [ "${1:-}" = "--if-root" ] && { echo "Not installed (features that need them are skipped): ${missing[*]}"; exit 0; }
  echo "Run as root to install: ${missing[*]}"; exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
