#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this):
#   1. a debug build that must have zero warnings and link no Foundation beyond
#      FoundationEssentials, sources that pass `swift format lint --strict`, and every test;
#      the GPIO and daemon tests once more with both cores busy; examples/custom-daemon built,
#      tested and run;
#   2. the whole suite again under ThreadSanitizer (the daemon the tests start is built so too);
#   3. the GPIO module built and tested again against libgpiod 2.x;
#      the JSON parser, the config loader and the control requests fuzzed for a minute each;
#   4. the daemon and the benchmark executable built as shipped (release, static Swift runtime);
#      each benchmark scenario run once and its JSON line checked;
#   5. the Debian package made from that daemon binary: lintian, install, run, reinstall, purge
#      (as root only, since it installs the package system-wide);
#   6. in a Debian 12 VM (qemu; as root on amd64): the GPIO hardware backend against the kernel's
#      gpio-sim driver, built against libgpiod 1.6 and 2.x; the serial module against the
#      kernel's ftdi_sio driver on qemu's emulated FTDI adapter; the I2C hardware backend against
#      i2c-stub and the kernel's bmp280 driver; and the package under a real systemd.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

step() { printf '\n== %s\n' "$*"; }

step "debug build (warnings are errors)"
swift build --build-tests 2>&1 | tee .build-warnings.log
if grep -q "warning:" .build-warnings.log; then
    echo "test.sh: the build has warnings" >&2
    exit 1
fi

step "swift format lint --strict (.swift-format: 120 columns, documented public API, no force unwraps)"
swift format lint --strict --recursive Package.swift Sources Modules Benchmarks Tests \
    Fuzz/Package.swift Fuzz/Sources examples/custom-daemon/Package.swift examples/custom-daemon/Sources \
    examples/custom-daemon/Tests

step "footprint: no Foundation beyond FoundationEssentials, no ICU"
bash scripts/verify-footprint.sh .build/debug

step "tests"
# The memory tests (two million events, a million event names) run alone, one at a time, as
# their RSS measures want.
swift test --skip-build --skip 'memoryStays'
swift test --skip-build --filter memoryStaysBoundedOverTwoMillionEvents
swift test --skip-build --filter memoryStaysFlatOverAMillionEventNames

step "the GPIO and daemon tests again, with both cores kept busy (tests assert order and values, never lateness)"
bash scripts/loaded.sh swift test --skip-build --filter 'LooselyCoupledGPIOTests|DaemonTests'

step "examples/custom-daemon: a package of its own that adds a module type, built, tested and run"
bash scripts/test-example.sh

step "the whole suite under ThreadSanitizer: core, module types, catalog and daemon"
# The memory tests measure RSS, which TSan's shadow memory would distort.
swift test --sanitize=thread --scratch-path .build-tsan --skip 'memoryStays'

step "GPIO module against libgpiod 2.x (the build above used Debian 12's 1.6)"
bash scripts/gpiod-v2.sh

step "fuzzing: the JSON parser, the config loader and the control requests (Fuzz/README.md)"
bash scripts/fuzz.sh --seconds "${LC_FUZZ_SECONDS:-60}"

step "release build with the static Swift runtime"
swift build -c release --static-swift-stdlib

step "benchmarks"
bash scripts/bench.sh --runs 1 --check

step "Debian package"
if [ "$(id -u)" -eq 0 ]; then
    bash scripts/test-deb.sh --binary .build/release/looselycoupled
else
    echo "skipped: the package test installs system-wide and needs root (CI runs as root)"
fi

step "in a Debian 12 VM: the GPIO backend against gpio-sim, the serial module against ftdi_sio, the I2C backend against i2c-stub; the package under systemd"
if [ "$(id -u)" -eq 0 ] && [ "$(dpkg --print-architecture)" = amd64 ]; then
    v2="$(bash scripts/gpiod-v2.sh --daemon)"
    read -r binary_v2 lib_v2 <<<"$v2"
    bash scripts/vm-test-gpio.sh --binary .build/release/looselycoupled --binary-v2 "$binary_v2" --lib-v2 "$lib_v2"
    bash scripts/vm-test-serial.sh --binary .build/release/looselycoupled
    bash scripts/vm-test-i2c.sh --binary .build/release/looselycoupled
    bash scripts/vm-test-deb.sh
else
    echo "skipped: the VM tests debootstrap and boot Debian 12 for amd64, as root (CI runs as root on amd64)"
fi
