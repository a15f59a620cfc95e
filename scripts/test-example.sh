#!/usr/bin/env bash
# Builds examples/custom-daemon — a package that depends on this one by path and adds a module
# type — runs its tests, then runs its daemon: `check` takes the new type's config, and a
# running daemon answers the new module's typed method and rings it from a simulated button.
set -euo pipefail
cd "$(dirname "$0")/.."

example=examples/custom-daemon
scratch=.build-example
# The daemon is a path dependency: without caching, a source file added to it is seen.
swift build --package-path "$example" --scratch-path "$scratch" --build-tests --disable-build-manifest-caching 2>&1 \
    | grep -v "^\[[0-9]*/[0-9]*\]"
swift test --package-path "$example" --scratch-path "$scratch" --skip-build

daemon="$scratch/debug/custom-daemon"
work="$(mktemp -d)"
socket="$work/control.sock"
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
sed "s|state_dir: .*|state_dir: $work/state|" "$example/doorbell.yaml" > "$work/doorbell.yaml"

echo "== check: the doorbell type's schema is the daemon's"
"$daemon" check --config "$work/doorbell.yaml"
printf 'modules:\n  bell: {type: doorbell, greting: hi}\n' > "$work/bad.yaml"
if "$daemon" check --config "$work/bad.yaml" > "$work/bad.out" 2>&1; then
    echo "test-example: a misspelt doorbell key passed check" >&2; exit 1
fi
grep -q "bad.yaml:2:26: modules.bell.greting: unknown key 'greting' (did you mean 'greeting'?" "$work/bad.out" \
    || { cat "$work/bad.out" >&2; echo "test-example: check did not name the misspelt key" >&2; exit 1; }

echo "== run: the doorbell answers and rings"
"$daemon" run --config "$work/doorbell.yaml" --simulate --control-socket "$socket" > "$work/daemon.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    "$daemon" status --control-socket "$socket" > /dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/daemon.log" >&2; echo "test-example: the daemon exited" >&2; exit 1; }
    sleep 0.1
done
reply="$("$daemon" call bell.chime '{"times": 2}' --control-socket "$socket")"
grep -q '"rings": *2' <<<"$reply" || { echo "test-example: chime replied $reply" >&2; exit 1; }
"$daemon" call panel.simulate_press '{"input": "doorbell", "duration": "20ms"}' --control-socket "$socket" > /dev/null
rings=""
for _ in $(seq 1 100); do
    rings="$("$daemon" call bell.rings --control-socket "$socket")"
    [ "$rings" = 3 ] && break
    sleep 0.05
done
[ "$rings" = 3 ] || { echo "test-example: after a press, bell.rings is '$rings', not 3" >&2; exit 1; }
kill -TERM "$pid"
wait "$pid"
pid=""
echo "test-example: the custom daemon builds, checks, runs and rings"
