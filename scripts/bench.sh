#!/usr/bin/env bash
# Runs every BENCHMARKS.md scenario of the release benchmark executable (or only the scenarios
# named), one process per run, and prints each JSON line. With --runs N, each scenario runs N
# times; with --check, a line whose "ok" is not true fails the script.
#
#   swift build -c release --static-swift-stdlib --product looselycoupled-bench
#   scripts/bench.sh --runs 5
#   scripts/bench.sh --runs 5 rule_latency rules_scaling
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/bench.sh [--runs N] [--check] [SCENARIO...]"
all=(events queued_calls sync_calls thread_trigger_latency idle gpio_edge_latency blink_jitter rule_latency
    rules_scaling serial_frames i2c_poll)
runs=1
check=false
scenarios=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --check) check=true; shift ;;
        -*) echo "$usage" >&2; exit 2 ;;
        *)
            if [[ " ${all[*]} " != *" $1 "* ]]; then
                echo "bench: no scenario '$1' (${all[*]})" >&2
                exit 2
            fi
            scenarios+=("$1"); shift ;;
    esac
done
if [ ${#scenarios[@]} -eq 0 ]; then scenarios=("${all[@]}"); fi

bench=.build/release/looselycoupled-bench
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
