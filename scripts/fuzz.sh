#!/usr/bin/env bash
# Fuzzes the daemon's entry points with libFuzzer and AddressSanitizer (Fuzz/README.md):
#
#   json     the JSON parser (control requests, CLI arguments, payloads)
#   config   the config loader with every built-in module type's schema and checks
#   control  the control socket's request handling, against running modules
#
# For each target it first replays every seed and every kept regression case once, then fuzzes
# for a bounded time. Any crash, sanitizer report, leak, timeout or broken property fails the
# run and leaves the input under .build-fuzz/artifacts/TARGET/.
#
# usage: scripts/fuzz.sh [--seconds N] [--jobs N] [TARGET…]     (default: 60 s each, all targets)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${LC_FUZZ_SECONDS:-60}"
jobs=1
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(json config control)

scratch=.build-fuzz
mkdir -p "$scratch"
echo "fuzz.sh: building the fuzz targets (libFuzzer, AddressSanitizer)"
# The daemon is a path dependency: without caching, a source file added to it is seen.
if ! swift build --package-path Fuzz --scratch-path "$scratch" \
    --disable-build-manifest-caching -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >"$scratch/build.log" 2>&1; then
    grep -v "^\[[0-9]*/[0-9]*\]" "$scratch/build.log" | tail -40
    echo "fuzz.sh: the fuzz targets do not build (log: $scratch/build.log)" >&2
    exit 1
fi
binary="$scratch/debug/looselycoupled-fuzz"

# Swift keeps pointers in enum spare bits, which LeakSanitizer misses in globals (see the file).
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export SWIFT_BACKTRACE=enable=no

# The config target's extra seeds: the shipped configs and every YAML example in the docs.
seeds_from_docs() {
    local out="$scratch/seeds/config"
    rm -rf "$out" && mkdir -p "$out"
    cp config/*.yaml "$out/"
    local file
    for file in README.md docs/*.md; do
        awk -v out="$out/$(basename "$file" .md)" '
            /^```yaml/ { n++; inside = 1; next }
            /^```/ { inside = 0; next }
            inside { print > (out "-" n ".yaml") }' "$file"
    done
    echo "$out"
}

failed=()
for target in "${targets[@]}"; do
    [ -d "Fuzz/corpus/$target" ] || { echo "fuzz.sh: no target '$target' (Fuzz/corpus/$target)" >&2; exit 2; }
    seeds=("Fuzz/corpus/$target")
    [ "$target" = config ] && seeds+=("$(seeds_from_docs)")
    regressions="Fuzz/regressions/$target"
    work="$scratch/corpus/$target"
    artifacts="$scratch/artifacts/$target/"
    log="$scratch/$target.log"
    mkdir -p "$work" "$artifacts"

    echo "== $target: replaying the seeds and the kept regression cases"
    mapfile -t files < <(find "${seeds[@]}" "$regressions" -type f ! -name 'README*' ! -name 'LICENSE*' ! -name '*.dict' | sort)
    if ! "$binary" "$target" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts" "${files[@]}" >"$log" 2>&1; then
        tail -40 "$log"
        echo "fuzz.sh: $target: a seed or regression case fails (log: $log)" >&2
        failed+=("$target")
        continue
    fi
    echo "   ${#files[@]} inputs, all pass"

    echo "== $target: fuzzing for ${seconds}s"
    options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096
        -artifact_prefix="$artifacts" -print_final_stats=1)
    [ -f "Fuzz/dictionaries/$target.dict" ] && options+=(-dict="Fuzz/dictionaries/$target.dict")
    [ "$jobs" -gt 1 ] && options+=(-fork="$jobs")
    if ! "$binary" "$target" "${options[@]}" "$work" "${seeds[@]}" "$regressions" >"$log" 2>&1; then
        grep -v "^#[0-9]\|NEW_FUNC\|^\"" "$log" | tail -60
        echo "fuzz.sh: $target: found a failing input:" >&2
        ls -1 "$artifacts" >&2
        echo "fuzz.sh: fix it, and keep it as a regression case: cp $artifacts<file> $regressions/" >&2
        failed+=("$target")
        continue
    fi
    awk '/^stat::number_of_executed_units/ { runs = $2 } /^stat::average_exec_per_sec/ { rate = $2 }
         /^stat::new_units_added/ { added = $2 } /^stat::peak_rss_mb/ { rss = $2 }
         END { printf "   %d inputs (%d/s), %d new in the corpus, peak RSS %d MB\n", runs, rate, added, rss }' "$log"
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz.sh: ${targets[*]}: no crash, leak, timeout or broken property"
