#!/usr/bin/env bash
# Runs every BENCHMARKS.md scenario of the release benchmark executable, one process per run,
# and prints each JSON line. With --runs N, each scenario runs N times; with --check, a line
# whose "ok" is not true fails the script.
#
#   swift build -c release --static-swift-stdlib --product looselycoupled-bench
#   scripts/bench.sh --runs 5
set -euo pipefail
cd "$(dirname "$0")/.."

runs=1
check=false
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --check) check=true; shift ;;
        *) echo "usage: scripts/bench.sh [--runs N] [--check] [SCENARIO...]" >&2; exit 2 ;;
    esac
done

bench=.build/release/looselycoupled-bench
scenarios=(events queued_calls sync_calls thread_trigger_latency idle gpio_edge_latency blink_jitter i2c_poll)
failed=0
passed=0
for scenario in "${scenarios[@]}"; do
    for _ in $(seq "$runs"); do
        # For `idle`, the binary stamps the spawn time and re-executes itself (see main.swift).
        line=$("$bench" "$scenario")
        echo "$line"
        if [ "$check" = true ]; then
            if python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d.get("ok") is True else 1)' "$line"; then
                passed=$((passed + 1))
            else
                echo "bench: $scenario reported ok != true" >&2
                failed=$((failed + 1))
            fi
        fi
    done
done
if [ "$check" = true ]; then
    echo "benchmarks: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
fi
