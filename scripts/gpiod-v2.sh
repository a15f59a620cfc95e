#!/usr/bin/env bash
# Builds and tests the GPIO module against libgpiod 2.x, next to the normal build against the
# libgpiod 1.6 that Debian 12 installs system-wide.
#
# libgpiod-dev 2.x comes from the bookworm-backports suite of the Debian archive that
# /etc/apt already uses. Nothing is installed system-wide: a private apt state under
# .build-gpiod2/apt knows only that suite, `apt-get download` fetches the .debs, `dpkg -x`
# unpacks them into .build-gpiod2/libgpiod-2, and SwiftPM finds them through PKG_CONFIG_PATH,
# in its own scratch path (.build-gpiod2) so the two builds never share a module cache.
#
# Idempotent: the download happens once (again with --refresh). Usage:
#
#   scripts/gpiod-v2.sh             # fetch if needed, build, run the GPIO tests against 2.x
#   scripts/gpiod-v2.sh --refresh   # fetch the newest 2.x from backports again first
#   scripts/gpiod-v2.sh --fetch-only
#   scripts/gpiod-v2.sh --daemon      # instead of the tests: the release daemon built against 2.x,
#                                     # for scripts/vm-test-gpio.sh (prints the binary's path, and
#                                     # the library directory it needs on LD_LIBRARY_PATH)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$root/.build-gpiod2"
state="$scratch/apt"
prefix="$scratch/libgpiod-2"
refresh=false
fetch_only=false
daemon=false
for argument in "$@"; do
    case "$argument" in
        --refresh) refresh=true ;;
        --fetch-only) fetch_only=true ;;
        --daemon) daemon=true ;;
        *) echo "usage: $0 [--refresh] [--fetch-only | --daemon]" >&2; exit 2 ;;
    esac
done

say() { echo "gpiod-v2: $*" >&2; }

# The Debian release this machine runs, e.g. bookworm.
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
if [ -z "$codename" ]; then
    say "cannot tell the Debian release from /etc/os-release" >&2
    exit 1
fi

# Prints "URI KEYRING" of the first enabled source in /etc/apt that serves "$codename" main
# (not the security archive), from deb822 .sources files or one-line .list files.
find_archive() {
    local file
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        awk -v codename="$codename" '
            function flush() {
                if (uri != "" && enabled != "no" && types ~ /(^| )deb( |$)/ && suites ~ ("(^| )" codename "( |$)") &&
                    components ~ /(^| )main( |$)/ && uri !~ /security/) {
                    print uri, (keyring == "" ? "-" : keyring); found = 1; exit
                }
                uri = ""; types = ""; suites = ""; components = ""; keyring = ""; enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            {
                key = tolower($1); sub(/:$/, "", key); value = $0; sub(/^[^:]*:[ \t]*/, "", value)
                if (key == "uris") { split(value, parts, /[ \t]+/); uri = parts[1] }
                else if (key == "types") types = value
                else if (key == "suites") suites = value
                else if (key == "components") components = value
                else if (key == "signed-by") keyring = value
                else if (key == "enabled") enabled = tolower(value)
            }
            END { if (!found) flush() }
        ' "$file" | head -n 1 | grep . && return 0
    done
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$file" ] || continue
        awk -v codename="$codename" '
            $1 != "deb" { next }
            {
                keyring = "-"; field = 2
                if ($2 ~ /^\[/) {
                    options = ""
                    for (; field <= NF; field++) { options = options " " $field; if ($field ~ /\]$/) { field++; break } }
                    if (match(options, /signed-by=[^] ]+/)) keyring = substr(options, RSTART + 10, RLENGTH - 10)
                }
                uri = $field; suite = $(field + 1)
                main = 0
                for (i = field + 2; i <= NF; i++) if ($i == "main") main = 1
                if (suite == codename && main && uri !~ /security/) { print uri, keyring; exit }
            }
        ' "$file" | head -n 1 | grep . && return 0
    done
    return 1
}

fetch() {
    local archive uri keyring options
    if ! archive="$(find_archive)"; then
        say "no source for '$codename main' in /etc/apt; add the Debian archive there first" >&2
        exit 1
    fi
    read -r uri keyring <<<"$archive"
    options=""
    [ "$keyring" != "-" ] && options="[signed-by=$keyring] "
    say "using the $codename-backports suite of $uri"

    rm -rf "$state" "$prefix"
    mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/sources.list.d" "$state/preferences.d" "$state/debs"
    echo "deb ${options}${uri} ${codename}-backports main" >"$state/sources.list"
    apt_options=(
        -o "Dir::Etc::SourceList=$state/sources.list"
        -o "Dir::Etc::SourceParts=$state/sources.list.d"
        -o "Dir::Etc::PreferencesParts=$state/preferences.d"
        -o "Dir::State::Lists=$state/lists"
        -o "Dir::Cache=$state/cache"
    )
    # As root, apt drops privileges to _apt for downloads, which may not write into this tree.
    [ "$(id -u)" -eq 0 ] && apt_options+=(-o "APT::Sandbox::User=root")

    apt-get "${apt_options[@]}" -q update
    local version depends runtime
    version="$(apt-cache "${apt_options[@]}" show "libgpiod-dev/${codename}-backports" | awk '/^Version:/ { print $2; exit }')"
    case "$version" in
        2.*) ;;
        *) say "${codename}-backports has libgpiod-dev '$version', not 2.x" >&2; exit 1 ;;
    esac
    # The runtime library package libgpiod-dev depends on (libgpiod3 for 2.1).
    depends="$(apt-cache "${apt_options[@]}" show "libgpiod-dev/${codename}-backports" | awk '/^Depends:/ { sub(/^Depends:[ \t]*/, ""); print; exit }')"
    runtime="$(tr ',' '\n' <<<"$depends" | awk '{ print $1 }' | grep '^libgpiod[0-9]' | head -n 1)"
    if [ -z "$runtime" ]; then
        say "cannot find the runtime library in libgpiod-dev's Depends: $depends" >&2
        exit 1
    fi
    say "downloading libgpiod-dev and $runtime $version"
    (cd "$state/debs" && apt-get "${apt_options[@]}" -q download "libgpiod-dev=$version" "$runtime=$version")

    mkdir -p "$prefix"
    for deb in "$state/debs"/*.deb; do
        dpkg -x "$deb" "$prefix"
    done
    local pc
    pc="$(find "$prefix" -name libgpiod.pc | head -n 1)"
    if [ -z "$pc" ]; then
        say "libgpiod.pc is missing from the unpacked packages" >&2
        exit 1
    fi
    # The .pc file says prefix=/usr; point it at the unpacked tree. And link the 2.x soname by
    # file name: SwiftPM puts other libraries' -L/usr/lib/<multiarch> before this prefix, where
    # a plain -lgpiod would find the system's libgpiod 1.6 (libgpiod.so.2) first.
    local soname
    soname="$(cd "$(dirname "$pc")/.." && ls libgpiod.so.[0-9]* | grep -E '^libgpiod\.so\.[0-9]+$' | head -n 1)"
    if [ -z "$soname" ]; then
        say "the unpacked packages have no libgpiod.so.N" >&2
        exit 1
    fi
    sed -i -e "s|^prefix=.*|prefix=$prefix/usr|" -e "s|^Libs:.*|Libs: -L\${libdir} -l:$soname|" "$pc"
    echo "$version" >"$prefix/VERSION"
    say "unpacked libgpiod $version into $prefix"
}

if $refresh || [ ! -f "$prefix/VERSION" ]; then
    fetch
else
    say "libgpiod $(cat "$prefix/VERSION") already in $prefix (--refresh fetches again)"
fi
$fetch_only && exit 0

pc_dir="$(dirname "$(find "$prefix" -name libgpiod.pc | head -n 1)")"
lib_dir="$(dirname "$(find "$prefix" -name 'libgpiod.so.*' | head -n 1)")"
export PKG_CONFIG_PATH="$pc_dir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
say "pkg-config sees libgpiod $(pkg-config --modversion libgpiod)"

cd "$root"
if $daemon; then
    swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product looselycoupled >&2
    echo "$scratch/release/looselycoupled $lib_dir"
    exit 0
fi
# The tests check that the hardware backend really compiled against the 2.x API.
export LOOSELYCOUPLED_EXPECT_LIBGPIOD_API=2
swift build --scratch-path "$scratch" --target LooselyCoupledGPIO
swift test --scratch-path "$scratch" --filter LooselyCoupledGPIOTests
