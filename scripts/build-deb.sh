#!/usr/bin/env bash
# Builds the Debian package: dist/looselycoupled_<version>_<arch>.deb (and its -dbgsym package,
# .buildinfo and .changes). The same command on amd64 and on a Raspberry Pi (arm64).
#
#   scripts/build-deb.sh                  release build of the daemon, then the package
#   scripts/build-deb.sh --binary PATH    package PATH, a binary built already with
#                                         swift build -c release --static-swift-stdlib --product looselycoupled
#
# Installs what it needs with apt (debhelper, dpkg-dev, lintian, and scripts/install-deps.sh's
# libyaml-dev, libgpiod-dev, libi2c-dev and pkg-config) when missing. The Swift toolchain is not
# a Debian package: `swift` must be on PATH. SwiftPM fetches the dependencies with git as
# configured for the user running this (mirrors included).
# Prints the path of the .deb on stdout, and everything else on stderr. DIST=DIR puts the
# output elsewhere.
set -euo pipefail

# stdout carries only the result, so that deb="$(scripts/build-deb.sh)" works and the build log
# still shows.
exec 3>&1 1>&2

usage() { sed -n '2,15s/^# \{0,1\}//p' "$0"; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="${DIST:-$root/dist}"
binary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
        --binary=*) binary="${1#--binary=}"; shift ;;
        -h | --help) usage >&3; exit 0 ;;
        *) echo "build-deb: unknown argument '$1'" >&2; usage >&2; exit 64 ;;
    esac
done

if [ -n "$binary" ]; then
    [ -x "$binary" ] || { echo "build-deb: --binary $binary is not an executable file" >&2; exit 1; }
    binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
elif ! command -v swift >/dev/null 2>&1; then
    echo "build-deb: swift is not on PATH; install the Swift toolchain (see docs/PACKAGE.md) or pass --binary" >&2
    exit 1
fi

"$root/scripts/install-deps.sh" debhelper dpkg-dev lintian

cd "$root"
version="$(dpkg-parsechangelog --show-field Version)"
arch="$(dpkg --print-architecture)"
base="looselycoupled_${version}_${arch}"
mkdir -p "$dist"
rm -f "$dist/$base.deb" "$dist/looselycoupled-dbgsym_${version}_${arch}".*deb "$dist/$base.buildinfo" "$dist/$base.changes"

start=$SECONDS
# dpkg-buildpackage writes into the parent directory unless told otherwise: the .deb files go
# where debian/rules' dh_builddeb puts them, the .buildinfo and .changes beside them.
LOOSELYCOUPLED_BINARY="$binary" LOOSELYCOUPLED_DEB_DESTDIR="$dist" \
    dpkg-buildpackage -us -uc -b \
    --buildinfo-file="$dist/$base.buildinfo" --buildinfo-option="-u$dist" \
    --changes-file="$dist/$base.changes" --changes-option="-u$dist"

echo "build-deb: built in $((SECONDS - start)) s:"
ls -l "$dist"/*"_${version}_${arch}".*
echo "$dist/$base.deb" >&3
