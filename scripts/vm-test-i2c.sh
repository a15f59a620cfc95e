#!/usr/bin/env bash
# Runs the i2c module's hardware backend against the kernel's own I2C stack: boots a minimal
# Debian 12 VM (qemu), makes an SMBus adapter with the kernel's i2c-stub driver (chips at 0x76,
# 0x20 and 0x77), fills 0x76 and 0x77 with a BME280's chip id, calibration and measurement
# registers (i2cset), binds the kernel's own bmp280 driver to 0x77, and drives the daemon there
# with `backend: hardware`, its bus found by adapter name:
#   - its BME280 reading of 0x76 equals what the kernel's driver reports from the same bytes
#     (/sys/bus/iio/devices/*/in_*_input);
#   - `scan` agrees with `i2cdetect -y`, and shows 0x77 in use by bmp280;
#   - a pcf8574 on 0x20 is written (the byte is seen on the bus) and read;
#   - an empty address gives the "no device answered … check wiring, address and pull-ups" error;
#   - `rmmod i2c-stub` gives i2c_error, loading it again (and refilling it) i2c_recovered;
#   - strace counts the module thread's syscalls per BME280 reading.
#
#   scripts/vm-test-i2c.sh [--binary PATH]
#
# --binary: the daemon (default .build/release/looselycoupled, from
# `swift build -c release --static-swift-stdlib`). amd64 hosts, as root; the root file system is
# shared with the other VM tests (scripts/vm-lib.sh). Ends with "N passed, M failed"; exits 1 on
# a failure.
set -euo pipefail

usage() { sed -n '2,20s/^# \{0,1\}//p' "$0"; }

. "$(dirname "${BASH_SOURCE[0]}")/vm-lib.sh"
vm_daemon_binary "$@"
vm_prepare
install -m 0755 "$binary" "$vm_rootfs/usr/local/bin/looselycoupled"

cat >"$vm_rootfs/usr/local/lib/vmtest-i2c.sh" <<'VMTEST'
#!/bin/bash
. /usr/local/lib/vm-check.sh
echo "=== kernel $(uname -r); i2c-tools $(i2cdetect -V 2>&1 | sed 's/.*version //')"
lc=/usr/local/bin/looselycoupled
socket=/run/lc-i2c.sock
call() { "$lc" call "$@" --control-socket "$socket" 2>&1; }
# Waits (await, from vm-check.sh) up to 30 s: software emulation is slow.
await_seconds=30
# |A − B| ≤ TOLERANCE
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
# The number under KEY in a JSON object on stdin.
field() { sed -n "s/.*\"$1\":\([-0-9.e]*\).*/\1/p"; }

stub_bus() { grep -l "SMBus stub driver" /sys/class/i2c-dev/i2c-*/name | sed 's|.*/i2c-\([0-9]*\)/name|\1|'; }
load_stub() {
    modprobe i2c-stub chip_addr=0x76,0x20,0x77
    udevadm settle
    bus="$(stub_bus)"
}
# A BME280's registers: chip id, the datasheet's example calibration for temperature and
# pressure (BMP280 datasheet 3.12) with typical humidity trimming, and one conversion's results.
fill_bme280() {
    local address="$1"
    i2cset -y "$bus" "$address" 0xd0 0x60 b
    i2cset -y "$bus" "$address" 0x88 0x70 0x6b 0x43 0x67 0x18 0xfc 0x7d 0x8e 0x43 0xd6 0xd0 0x0b 0x27 0x0b 0x8c 0x00 0xf9 0xff 0x8c 0x3c 0xf8 0xc6 0x70 0x17 0x00 0x4b i
    i2cset -y "$bus" "$address" 0xe1 0x6a 0x01 0x00 0x13 0x29 0x03 0x1e i
    # adc_P 415148, adc_T 519888, adc_H 27500
    i2cset -y "$bus" "$address" 0xf7 0x65 0x5a 0xc0 0x7e 0xed 0x00 0x6b 0x6c i
}

modprobe i2c-dev
load_stub
echo "    i2c-stub is /dev/i2c-$bus"
i2cdetect -F "$bus" | sed 's/^/    /' | grep -E 'I2C  |Block|Quick'
fill_bme280 0x76
fill_bme280 0x77
echo bme280 0x77 >"/sys/bus/i2c/devices/i2c-$bus/new_device"
udevadm settle
iio="$(ls -d /sys/bus/iio/devices/iio:device* | head -n 1)"
check "the kernel's bmp280 driver is bound to 0x77 and reports ($(cat "$iio/name"))" \
    [ "$(basename "$(readlink "/sys/bus/i2c/devices/$bus-0077/driver")")" = bmp280 ]
k_temp="$(cat "$iio/in_temp_input")"; k_press="$(cat "$iio/in_pressure_input")"; k_hum="$(cat "$iio/in_humidityrelative_input")"
echo "    kernel: in_temp_input $k_temp (m°C), in_pressure_input $k_press (kPa), in_humidityrelative_input $k_hum (m%RH)"

cat >/etc/lc-i2c.yaml <<EOF
modules:
  sensors:
    type: i2c
    required: true
    bus: "SMBus stub driver"
    backend: hardware
    keep_open: 200ms
    devices:
      climate: {driver: bme280, address: 0x76, poll: 1s}
      relays: {driver: pcf8574, address: 0x20, inputs: [0, 1], outputs: [4, 5, 6, 7], poll: 1h}

EOF
# Register 0x1f of the stub at 0x20 holds a marker: a PCF8574 write of 0x1f (inputs 0–3 high,
# pin 4 on, 5–7 off) moves the stub's pointer there, so a receive byte then reads the marker.
i2cset -y "$bus" 0x20 0x1f 0xa5 b
i2cset -y "$bus" 0x20 0x20 0xfe b
"$lc" run --config /etc/lc-i2c.yaml --control-socket "$socket" >/tmp/daemon.log 2>&1 &
daemon=$!
check "the daemon starts on the bus found by its adapter name" await /tmp/daemon.log "modules active"
"$lc" events 'i2c_*' --control-socket "$socket" >/tmp/events 2>&1 &
watcher=$!
sleep 0.5

reading="$(call sensors.read '{"device":"climate"}')"
echo "    daemon: $reading"
d_temp="$(field temperature <<<"$reading")"; d_press="$(field pressure <<<"$reading")"; d_hum="$(field humidity <<<"$reading")"
check "temperature equals the kernel's: $d_temp °C vs $k_temp m°C" near "$d_temp" "$(awk -v k="$k_temp" 'BEGIN { printf "%.6f", k / 1000 }')" 0.005
check "pressure equals the kernel's: $d_press hPa vs $k_press kPa" near "$d_press" "$(awk -v k="$k_press" 'BEGIN { printf "%.9f", k * 10 }')" 0.0001
check "humidity equals the kernel's: $d_hum % vs $k_hum m%" near "$d_hum" "$(awk -v k="$k_hum" 'BEGIN { printf "%.6f", k / 1000 }')" 0.001
check "the datasheet's worked example: 25.08 °C" near "$d_temp" 25.08 0.0001
check "polls give i2c_reading events" await /tmp/events '"event":"i2c_reading".*"device":"climate"'

scan="$(call sensors.scan)"
echo "$scan" | sed 's/"table".*//; s/^/    /'
sed -n 's/.*"table":"\(.*\)"}.*/\1/p' <<<"$scan" | sed 's/\\n/\n/g' >/tmp/scan.table
i2cdetect -y "$bus" | sed 's/ *$//' >/tmp/i2cdetect.table
sed 's/^/    /' /tmp/i2cdetect.table
check "scan's table is i2cdetect -y's" diff /tmp/scan.table /tmp/i2cdetect.table
check "scan lists 0x20 and 0x76 present" grep -q '"present":\["0x20","0x76"\]' <<<"$scan"
check "and 0x77 in use by bmp280" grep -q '"in_use":\[{"address":"0x77","driver":"bmp280"}\]' <<<"$scan"

call sensors.set '{"device":"relays","pin":4,"value":true}' >/dev/null
marker="$(i2cget -y "$bus" 0x20)"
check "set relays pin 4 on writes 0x1f to the pcf8574 (the stub then reads the marker: $marker)" [ "$marker" = 0xa5 ]
pins="$(call sensors.read '{"device":"relays"}')"
echo "    $pins"
check "read relays: the byte read (0xfe) is pin 0 low, pin 1 high" grep -q '"inputs":{"0":false,"1":true}' <<<"$pins"
check "and pin 4 is on" grep -q '"4":true' <<<"$pins"

empty="$(call sensors.read_byte_data '{"address":"0x50","register":"0x00"}')"
echo "    $empty"
check "an empty address: no device answered at 0x50 on /dev/i2c-$bus: check wiring, address and pull-ups" \
    grep -q "no device answered at 0x50 on /dev/i2c-$bus: check wiring, address and pull-ups" <<<"$empty"
check "the reply's code is no_device, with errno 121, ENXIO or ENODEV (i2c-stub)" grep -qE '"code":"no_device".*errno (121|6|19)\)' <<<"$empty"
busy="$(call sensors.read_byte_data '{"address":119,"register":208}')"
echo "    $busy"
check "the bmp280's address: in use by the kernel driver bmp280" grep -q "0x77 on /dev/i2c-$bus is in use by the kernel driver bmp280" <<<"$busy"

# The stub goes away: the bus is closed between polls (keep_open), so rmmod can unload it.
echo 0x77 >"/sys/bus/i2c/devices/i2c-$bus/delete_device"
removed=false
for _ in $(seq 1 100); do
    if rmmod i2c-stub 2>/dev/null; then removed=true; break; fi
    sleep 0.05
done
check "rmmod i2c-stub succeeds while the daemon runs (it holds the bus only while using it)" $removed
check "rmmod: i2c_error for climate" await /tmp/events '"event":"i2c_error".*"device":"climate"'
grep -m 1 '"i2c_error"' /tmp/events | sed 's/^/    /'
check "the daemon keeps running" kill -0 "$daemon"
load_stub
fill_bme280 0x76
check "i2c-stub loaded and filled again: i2c_recovered for climate" await /tmp/events '"event":"i2c_recovered".*"device":"climate"'
readings=$(grep -c '"i2c_reading"' /tmp/events)
check "and readings resume" await /tmp/events '"event":"i2c_reading"' $((readings + 1))

kill -TERM "$daemon"
status=0
wait "$daemon" || status=$?
kill "$watcher" 2>/dev/null || true
check "SIGTERM: the daemon exits 0" [ "$status" = 0 ]

# Syscalls of the module's thread alone (it does every transfer), with the bus kept open
# between polls.
cat >/etc/lc-strace.yaml <<EOF
modules:
  sensors:
    type: i2c
    bus: "SMBus stub driver"
    backend: hardware
    keep_open: 1m
    devices:
      climate: {driver: bme280, address: 0x76, poll: 100ms}
EOF
"$lc" run --config /etc/lc-strace.yaml --control-socket /run/lc-strace.sock >/tmp/strace-daemon.log 2>&1 &
daemon=$!
await /tmp/strace-daemon.log "modules active" >/dev/null
"$lc" events 'i2c_reading' --control-socket /run/lc-strace.sock >/tmp/strace-events 2>&1 &
watcher=$!
sleep 1
thread="$(grep -l '^i2c-sensors$' /proc/$daemon/task/*/comm | sed 's|/proc/[0-9]*/task/\([0-9]*\)/comm|\1|')"
before=$(grep -c i2c_reading /tmp/strace-events)
timeout -s INT 10 strace -c -p "$thread" -o /tmp/strace.txt 2>/dev/null || true
after=$(grep -c i2c_reading /tmp/strace-events)
n=$((after - before))
ioctls="$(awk '$NF == "ioctl" { print $4 }' /tmp/strace.txt)"
sed 's/^/    /' /tmp/strace.txt
echo "    readings while traced: $n; ioctl calls: ${ioctls:-0}"
check "syscalls per reading: 2 ioctl, one per SMBus transaction (forced-mode write, burst read)" \
    awk -v i="${ioctls:-0}" -v n="$n" 'BEGIN { exit !(n > 0 && i / n >= 1.7 && i / n <= 2.3) }'
echo "probe syscalls per reading: $(awk -v n="$n" '$NF != "total" && $4 ~ /^[0-9]+$/ { printf "%s %.2f, ", $NF, $4 / n }' /tmp/strace.txt)"
kill "$watcher" 2>/dev/null || true
kill -TERM "$daemon"; wait "$daemon" || true
finish
VMTEST
chmod +x "$vm_rootfs/usr/local/lib/vmtest-i2c.sh"
vm_install_test /usr/local/lib/vmtest-i2c.sh
vm_boot 900
vm_result
