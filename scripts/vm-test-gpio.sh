#!/usr/bin/env bash
# Runs the gpio module's hardware backend against the kernel's own GPIO character device: boots a
# minimal Debian 12 VM (qemu), creates a GPIO chip with the kernel's gpio-sim driver (configfs: a
# bank labelled lc-test-bank with named lines), and drives the daemon there
# with `backend: hardware`: the chip found by label and lines by name, the consumer name gpioinfo
# shows, outputs on the line, presses made by pulling the simulated line (kernel edge events and
# timestamps), bounces, long press and hold, and the busy, unknown-chip and unknown-line errors.
#
#   scripts/vm-test-gpio.sh [--binary PATH] [--binary-v2 PATH --lib-v2 DIR]
#
# --binary: the daemon built against Debian 12's libgpiod 1.6 (default .build/release/looselycoupled,
# from `swift build -c release --static-swift-stdlib`). --binary-v2 and --lib-v2: the same daemon
# built against libgpiod 2.x and the directory of its libgpiod.so.3, as `scripts/gpiod-v2.sh
# --daemon` prints them; the scenario then runs again with it, where debounce is the kernel's.
#
# Debian's kernel has no gpio-sim, so the script builds it once from the Debian kernel source of
# the VM's kernel version, as an out-of-tree module (see below).
#
# CI runs it (scripts/test.sh, as root on amd64): the CI machine's own kernel has no GPIO support
# at all. The first run downloads about 450 MB of Debian packages (debootstrap into .build-vm/,
# shared with scripts/vm-test-deb.sh, and the kernel source); a run then takes about a minute.
# amd64 hosts, as root. Ends with "N passed, M failed"; exits 1 on a failure.
set -euo pipefail

usage() { sed -n '2,22s/^# \{0,1\}//p' "$0"; }

binary=""
binary_v2=""
lib_v2=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
        --binary-v2) binary_v2="${2:?--binary-v2 needs a path}"; shift 2 ;;
        --lib-v2) lib_v2="${2:?--lib-v2 needs a directory}"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "vm-test-gpio: unknown argument '$1'" >&2; usage >&2; exit 64 ;;
    esac
done
. "$(dirname "${BASH_SOURCE[0]}")/vm-lib.sh"
binary="${binary:-$vm_root/.build/release/looselycoupled}"
[ -x "$binary" ] || vm_fail "no daemon at $binary; build it with: swift build -c release --static-swift-stdlib"
if [ -n "$binary_v2" ]; then
    [ -x "$binary_v2" ] && [ -d "$lib_v2" ] || vm_fail "--binary-v2 needs an executable and --lib-v2 the directory of its libgpiod"
fi
vm_prepare
rootfs="$vm_rootfs"

vm_build_gpio_sim

install -m 0755 "$binary" "$rootfs/usr/local/bin/looselycoupled"
rm -rf "$rootfs/usr/local/lib/lc-v2"
if [ -n "$binary_v2" ]; then
    mkdir -p "$rootfs/usr/local/lib/lc-v2"
    install -m 0755 "$binary_v2" "$rootfs/usr/local/lib/lc-v2/looselycoupled"
    cp -a "$lib_v2"/libgpiod.so.* "$rootfs/usr/local/lib/lc-v2/"
fi

cat >"$rootfs/usr/local/lib/vmtest-gpio.sh" <<'VMTEST'
#!/bin/bash
. /usr/local/lib/vm-check.sh
echo "=== kernel $(uname -r); $(gpiodetect --version | head -n 1)"

# A chip from the kernel's gpio-sim driver: 8 lines, four of them named.
modprobe gpio-sim
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
sim=/sys/kernel/config/gpio-sim/lc
mkdir "$sim" "$sim/bank0"
echo 8 >"$sim/bank0/num_lines"
echo lc-test-bank >"$sim/bank0/label"
index=0
for name in DOORBELL PORCH HALL SWITCH; do
    mkdir "$sim/bank0/line$index"
    echo "$name" >"$sim/bank0/line$index/name"
    index=$((index + 1))
done
echo 1 >"$sim/live"
udevadm settle
chip="$(cat "$sim/bank0/chip_name")"
lines="/sys/devices/platform/$(cat "$sim/dev_name")/$chip"
gpiodetect
check "gpio-sim made /dev/$chip, labelled lc-test-bank" bash -c "gpiodetect | grep -q '^$chip \[lc-test-bank\]'"

# The outside world of the simulated chip: pull an input up or down, read what an output drives.
pull() { echo "pull-$2" >"$lines/sim_gpio$1/pull"; }
level() { cat "$lines/sim_gpio$1/value"; }
# The gpio_* event names in FILE from line FROM on, one line, space-separated.
names() { tail -n +"${2:-1}" "$1" | sed -n 's/.*"event":"\(gpio_[a-z_]*\)".*/\1/p' | tr '\n' ' ' | sed 's/ $//'; }
# A daemon config with one gpio module, its chip and lines given as arguments.
config() {
    cat <<EOF
state_dir: /var/lib/lc-test
modules:
  panel:
    type: gpio
    required: true
    chip: $1
    backend: hardware
    inputs:
      doorbell: {line: $2, bias: pull-up, active_low: true, debounce: 30ms}
    outputs:
      porch: {line: PORCH, initial: restore, on_exit: off}
      hall: {line: 2}
EOF
}

# Starts `looselycoupled events` into FILE and returns once it is subscribed: it toggles hall
# until the watcher has seen that. Uses the calling scenario's lc and socket; sets its watcher.
watch_events() {
    local file="$1"
    "${lc[@]}" events 'gpio_*' --control-socket "$socket" >"$file" 2>&1 &
    watcher=$!
    for _ in $(seq 1 100); do
        "${lc[@]}" call panel.set '{"output":"hall","state":"toggle"}' --control-socket "$socket" >/dev/null 2>&1
        grep -q gpio_output "$file" && break
        sleep 0.05
    done
}

scenario() {
    local name="$1" debounce="$2"
    shift 2
    local lc=("$@")
    local socket="/run/lc-$name.sock" events="/tmp/events-$name" log="/tmp/daemon-$name.log"
    echo "--- $name"
    rm -rf /var/lib/lc-test
    config lc-test-bank DOORBELL >/etc/lc.yaml
    "${lc[@]}" run --config /etc/lc.yaml --control-socket "$socket" >"$log" 2>&1 &
    local daemon=$!
    check "[$name] the daemon starts on the chip found by its label, lines by name" await "$log" "modules active"
    gpioinfo "$chip" | grep -E 'DOORBELL|PORCH' | sed 's/^/    /'
    check "[$name] gpioinfo names the consumer of each requested line" \
        bash -c "gpioinfo $chip | grep DOORBELL | grep -q 'looselycoupled:panel.doorbell' && gpioinfo $chip | grep PORCH | grep -q 'looselycoupled:panel.porch'"
    local get
    get="$("${lc[@]}" call panel.get '{"input":"doorbell"}' --control-socket "$socket")"
    check "[$name] debounce is done by the $debounce ($get)" grep -q "\"debounce\":\"$debounce\"" <<<"$get"

    local watcher
    watch_events "$events"
    "${lc[@]}" call panel.set '{"output":"hall","state":"off"}' --control-socket "$socket" >/dev/null

    "${lc[@]}" call panel.set '{"output":"porch","state":"on"}' --control-socket "$socket" >/dev/null
    check "[$name] set porch on drives the line high" [ "$(level 1)" = 1 ]
    "${lc[@]}" call panel.set '{"output":"porch","state":"off"}' --control-socket "$socket" >/dev/null
    check "[$name] set porch off drives it low" [ "$(level 1)" = 0 ]

    local from clicks releases
    from=$(($(wc -l <"$events") + 1))
    pull 0 down; sleep 0.15; pull 0 up
    check "[$name] a 150 ms press: gpio_press, gpio_release, then gpio_click" await "$events" gpio_click
    check "[$name] in that order, each after its gpio_input" \
        [ "$(names "$events" "$from")" = "gpio_input gpio_press gpio_input gpio_release gpio_click" ]
    local stamps
    stamps="$(tail -n +"$from" "$events" | grep gpio_input | sed -n 's/.*"timestamp_ns":\([0-9]*\).*/\1/p' | tr '\n' ' ')"
    check "[$name] gpio_input carries the kernel's edge timestamps, 150 ms apart give or take the shell ($stamps)" \
        bash -c "set -- $stamps; d=\$(( (\$2 - \$1) / 1000000 )); [ \$d -ge 140 ] && [ \$d -le 1000 ]"

    from=$(($(wc -l <"$events") + 1))
    clicks=$(grep -c gpio_click "$events")
    # Bounces a few milliseconds apart, shorter than the 30 ms debounce, then held and released.
    pull 0 down; pull 0 up; pull 0 down; pull 0 up; pull 0 down; sleep 0.15; pull 0 up
    check "[$name] a press that bounced gives one click" await "$events" gpio_click $((clicks + 1))
    check "[$name] and no bounce reached the events" \
        [ "$(names "$events" "$from")" = "gpio_input gpio_press gpio_input gpio_release gpio_click" ]

    from=$(($(wc -l <"$events") + 1))
    releases=$(grep -c gpio_release "$events")
    pull 0 down; sleep 1.35; pull 0 up
    await "$events" gpio_release $((releases + 1)) >/dev/null
    check "[$name] held 1.35 s: long press at 800 ms, holds at 1 s and 1.25 s, no click" \
        [ "$(names "$events" "$from")" = "gpio_input gpio_press gpio_long_press gpio_hold gpio_hold gpio_input gpio_release" ]
    echo "    $(names "$events" "$from")"

    config lc-test-bank DOORBELL >/etc/lc-busy.yaml
    "${lc[@]}" run --config /etc/lc-busy.yaml --control-socket "/run/lc-busy.sock" >/tmp/busy.log 2>&1 || true
    check "[$name] a second daemon wanting the same line is told who holds it" \
        grep -q "is busy: 'looselycoupled:panel.doorbell' holds it" /tmp/busy.log
    grep -m 1 "is busy" /tmp/busy.log | sed 's/^/    /'

    "${lc[@]}" call panel.set '{"output":"porch","state":"on"}' --control-socket "$socket" >/dev/null
    kill -TERM "$daemon"
    local status=0
    wait "$daemon" || status=$?
    kill "$watcher" 2>/dev/null || true
    check "[$name] SIGTERM: the daemon exits 0" [ "$status" = 0 ]
    check "[$name] and releases every line" bash -c "! gpioinfo $chip | grep -q looselycoupled"

    "${lc[@]}" run --config /etc/lc.yaml --control-socket "$socket" >"$log" 2>&1 &
    daemon=$!
    await "$log" "modules active" >/dev/null
    check "[$name] started again, initial: restore drives porch on, as it was at the stop" [ "$(level 1)" = 1 ]

    # The chip goes away under the running daemon, as a USB GPIO adapter unplugged would.
    echo 0 >"$sim/live"
    check "[$name] the chip removed: the module notices within seconds and is restarted" \
        await "$log" "module failed; it is stopped and will be started again"
    grep -E "module failed|failed to start" "$log" | head -n 2 | sed 's/^/    /'
    "${lc[@]}" status --control-socket "$socket" >/tmp/status.txt 2>&1 || true
    sed 's/^/    /' /tmp/status.txt
    check "[$name] while the chip is gone, the daemon runs and answers; the module shows failed" grep -q "panel.*failed" /tmp/status.txt
    # Plugged in again: the retries find it by label, request the lines and restore porch.
    echo 1 >"$sim/live"
    udevadm settle
    chip="$(cat "$sim/bank0/chip_name")"
    lines="/sys/devices/platform/$(cat "$sim/dev_name")/$chip"
    check "[$name] plugged in again ($chip), the module starts again" await "$log" "module restarted"
    check "[$name] with porch restored on" [ "$(level 1)" = 1 ]
    watch_events "$events.2"
    pull 0 down; sleep 0.15; pull 0 up
    check "[$name] and the button works again" await "$events.2" gpio_click
    kill "$watcher" 2>/dev/null || true
    kill -TERM "$daemon"
    status=0
    wait "$daemon" || status=$?
    check "[$name] SIGTERM still exits 0" [ "$status" = 0 ]
}

scenario "libgpiod 1.6" software /usr/local/bin/looselycoupled
if [ -x /usr/local/lib/lc-v2/looselycoupled ]; then
    scenario "libgpiod 2" kernel env LD_LIBRARY_PATH=/usr/local/lib/lc-v2 /usr/local/lib/lc-v2/looselycoupled
fi

lc=/usr/local/bin/looselycoupled
config nosuch DOORBELL >/etc/lc-bad.yaml
$lc run --config /etc/lc-bad.yaml --control-socket /run/lc-bad.sock >/tmp/bad.log 2>&1 || true
check "a chip that does not exist: the error names it and the chips there are" \
    bash -c "grep -q \"no GPIO chip 'nosuch'\" /tmp/bad.log && grep -q '$chip \[lc-test-bank, 8 lines\]' /tmp/bad.log"
grep -m 1 "no GPIO chip" /tmp/bad.log | sed 's/^/    /'
config lc-test-bank DORBELL >/etc/lc-bad.yaml
$lc run --config /etc/lc-bad.yaml --control-socket /run/lc-bad.sock >/tmp/bad.log 2>&1 || true
check "a line name that does not exist: the error suggests the near one and lists the names" \
    bash -c "grep -q \"did you mean 'DOORBELL'\" /tmp/bad.log && grep -q 'SWITCH' /tmp/bad.log"
grep -m 1 "DORBELL" /tmp/bad.log | sed 's/^/    /'
finish
VMTEST
chmod +x "$rootfs/usr/local/lib/vmtest-gpio.sh"
vm_install_test /usr/local/lib/vmtest-gpio.sh
vm_boot 1200
vm_result
