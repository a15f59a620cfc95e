#!/usr/bin/env bash
# Runs a command while every core is kept busy by a `yes` loop, as on a user's loaded Pi or a
# shared CI machine, and exits with the command's status.
#
# usage: scripts/loaded.sh COMMAND [ARGUMENTS…]
set -euo pipefail

loads=()
stop() { [ ${#loads[@]} -eq 0 ] || kill "${loads[@]}" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 1 "$(nproc)"); do
    yes > /dev/null &
    loads+=($!)
done
echo "loaded.sh: ${#loads[@]} busy loops; running $*"
"$@"
