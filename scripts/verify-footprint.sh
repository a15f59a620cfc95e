#!/usr/bin/env bash
# Fails if the daemon links more of Foundation than FoundationEssentials: full Foundation and
# ICU (FoundationInternationalization, _FoundationICU) cost a Pi 30+ MiB of mappings and
# seconds of start-up. Checks the executables of the debug build, which link the Swift runtime
# dynamically, so every library they load is listed (Hummingbird's scripts/verify-foundation.sh
# is the model).
#
# usage: scripts/verify-footprint.sh [BUILD_DIR]     (default: .build/debug)
set -euo pipefail
cd "$(dirname "$0")/.."

build="${1:-.build/debug}"
forbidden='libFoundation\.so|libFoundationNetworking|libFoundationXML|libFoundationInternationalization|lib_FoundationICU|libicu'
status=0
for executable in looselycoupled looselycoupled-bench; do
    binary="$build/$executable"
    if [ ! -x "$binary" ]; then
        echo "verify-footprint: $binary is not built" >&2
        status=1
        continue
    fi
    libraries="$(ldd "$binary")"
    if grep -Eq "$forbidden" <<<"$libraries"; then
        echo "verify-footprint: $executable links more than FoundationEssentials:" >&2
        grep -E "$forbidden" <<<"$libraries" >&2
        status=1
    else
        echo "verify-footprint: $executable: $(grep -c '=>' <<<"$libraries") libraries, Foundation at most FoundationEssentials"
    fi
done
exit $status
