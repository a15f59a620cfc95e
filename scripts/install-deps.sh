#!/usr/bin/env bash
# Installs the Debian packages that building and testing looselycoupled need, and any further
# packages named as arguments (scripts/build-deb.sh and scripts/test-deb.sh name theirs).
# (scripts/gpiod-v2.sh adds libgpiod 2.x in a private prefix, for the second GPIO build.)
#
# Idempotent: installs only what is missing, and runs `apt-get update` only then. Works as root
# without sudo, and through sudo otherwise.
set -euo pipefail

packages=(
    libyaml-dev   # the config parser (CYAML system library)
    libgpiod-dev  # the gpio module's hardware backend (CGPIOD system library), libgpiod 1.6 on Debian 12
    libi2c-dev    # the i2c module's SMBus library (CI2C system library; i2c-tools' libi2c)
    pkg-config    # finds libyaml and libgpiod for SwiftPM
    "$@"
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all present (${packages[*]})"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-deps: missing ${missing[*]}; run this script as root or install sudo" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
