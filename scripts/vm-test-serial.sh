#!/usr/bin/env bash
# Runs the serial module's hardware backend against a real USB-serial driver: boots a minimal
# Debian 12 VM (qemu) with qemu's emulated FTDI adapter (`-device usb-serial` on an xHCI
# controller), which the guest's kernel drives with ftdi_sio as /dev/ttyUSB0 and udev links as
# /dev/serial/by-id/usb-…; the daemon (`backend: hardware`) opens it by that link. The device is
# played from inside the guest on its second 8250 UART, /dev/ttyS1 (`-device isa-serial`): the
# chardevs of the two emulated ports are the two ends of one host `socat` bridge, so what the
# daemon writes to ttyUSB0 comes out of ttyS1 and back.
#
#   scripts/vm-test-serial.sh [--binary PATH]
#
# --binary: the daemon (default .build/release/looselycoupled, from
# `swift build -c release --static-swift-stdlib`).
#
# In the VM, the daemon runs as an unprivileged user in the dialout group (as the package runs
# it): frames from the device, write_line and request/response through the driver, the termios
# settings (7E2, RTS/CTS, 115200) read back through ftdi_sio with stty, a rate the FT232BM cannot
# do refused with the setting named, a second daemon refused the busy port (TIOCEXCL) with the
# holder named, then the adapter unplugged (`authorized` set to 0 in sysfs) and plugged back:
# serial_disconnected, writes failing at once, serial_connected on the same by-id path, and the
# next request answered.
#
# CI runs it (scripts/test.sh, as root on amd64). Shares the root file system of
# scripts/vm-test-gpio.sh (.build-vm/, about 250 MB of Debian packages the first time); a run
# takes a few minutes under software emulation. Ends with "N passed, M failed"; exits 1 on a failure.
set -euo pipefail

usage() { sed -n '2,25s/^# \{0,1\}//p' "$0"; }

. "$(dirname "${BASH_SOURCE[0]}")/vm-lib.sh"
vm_daemon_binary "$@"
vm_prepare
"$vm_root/scripts/install-deps.sh" socat >&2
rootfs="$vm_rootfs"
install -m 0755 "$binary" "$rootfs/usr/local/bin/looselycoupled"

cat >"$rootfs/usr/local/lib/vmtest-serial.sh" <<'VMTEST'
#!/bin/bash
. /usr/local/lib/vm-check.sh
echo "=== kernel $(uname -r)"
lc=/usr/local/bin/looselycoupled
socket=/tmp/lc-serial.sock
events=/tmp/serial-events
log=/tmp/serial-daemon.log

# Waits (await, from vm-check.sh) up to 20 s: software emulation is slow.
await_seconds=20

udevadm settle
modprobe ftdi_sio 2>/dev/null || true
udevadm settle
for _ in $(seq 1 100); do ls /dev/serial/by-id/ 2>/dev/null | grep -q . && break; sleep 0.1; done
ls -l /dev/serial/by-id/ | sed 's/^/    /'
link="$(ls -d /dev/serial/by-id/* 2>/dev/null | head -n 1)"
check "the emulated FTDI adapter has a /dev/serial/by-id link ($link)" [ -n "$link" ]
tty="$(readlink -f "$link")"
check "ftdi_sio drives it as $tty" bash -c "[ \"\$(basename \"\$(readlink -f /sys/class/tty/$(basename "$tty")/device/driver)\")\" = ftdi_sio ]"
usb=""
for d in /sys/bus/usb/devices/*; do
    [ "$(cat "$d/idVendor" 2>/dev/null)" = 0403 ] && usb="$d"
done
check "the adapter is on the USB bus as $usb" [ -n "$usb" ]

# The device: the guest's second UART, raw; it logs every line and answers PING and *IDN?.
stty -F /dev/ttyS1 115200 raw -echo -ixon -crtscts clocal
exec 3<>/dev/ttyS1
(
    while IFS= read -r line <&3; do
        line="${line%$'\r'}"
        echo "$line" >>/tmp/device.log
        case "$line" in
            PING) printf 'PONG\r\n' >&3 ;;
            '*IDN?') printf 'T=20.9\r\nQEMU,FTDI,1\r\n' >&3 ;;
        esac
    done
) &
device=$!

useradd --system --no-create-home --groups dialout lcuser
as_user=(setpriv --reuid=lcuser --regid=lcuser --init-groups)
config() {
    cat <<EOF
modules:
  meter:
    type: serial
    required: true
    device: $link
    backend: hardware
    baud: ${1:-115200}
    data_bits: 7
    parity: even
    stop_bits: 2
    flow_control: rtscts
    framing: {delimiter: "\r\n"}
    reconnect: {initial: 200ms, max: 1s}
EOF
}

config >/etc/lc-serial.yaml
"${as_user[@]}" "$lc" run --config /etc/lc-serial.yaml --control-socket "$socket" >"$log" 2>&1 &
daemon=$!
check "the daemon starts as a dialout user and opens the port by its by-id link" await "$log" "modules active"
"$lc" events 'serial_*' --control-socket "$socket" >"$events" 2>&1 &
watcher=$!
# Subscribed once the watcher has seen a frame the device sent.
for _ in $(seq 1 100); do
    printf 'HELLO\r\n' >&3
    grep -q serial_frame "$events" && break
    sleep 0.1
done
check "a line from the device arrives as serial_frame" grep -q '"data":"HELLO"' "$events"
"$lc" call meter.write_line '{"text": "LIGHTS ON"}' --control-socket "$socket" >/dev/null
check "write_line reaches the device through ftdi_sio" await /tmp/device.log '^LIGHTS ON$'
reply="$("$lc" call meter.request '{"line": "PING"}' --control-socket "$socket" 2>&1)"
check "request gets the device's reply ($reply)" grep -q '"data":"PONG"' <<<"$reply"
reply="$("$lc" call meter.request '{"line": "*IDN?", "expect": "^QEMU"}' --control-socket "$socket" 2>&1)"
check "request with expect skips the unsolicited reading ($reply)" grep -q '"data":"QEMU,FTDI,1"' <<<"$reply"
check "which still arrived as a serial_frame" await "$events" '"data":"T=20.9"'

settings="$(stty -F "$link" -a)"
echo "$settings" | head -n 4 | sed 's/^/    /'
check "termios read back through the driver: 115200 baud" grep -q 'speed 115200 baud' <<<"$settings"
check "7 data bits, even parity, 2 stop bits, RTS/CTS" bash -c "grep -qw cs7 <<<\"\$0\" && grep -qw parenb <<<\"\$0\" && grep -qw -- -parodd <<<\"\$0\" && grep -qw cstopb <<<\"\$0\" && grep -qw crtscts <<<\"\$0\"" "$settings"
check "raw: no echo, no line discipline" bash -c "grep -qw -- -icanon <<<\"\$0\" && grep -qw -- -echo <<<\"\$0\"" "$settings"
status="$("$lc" call meter.status --control-socket "$socket" 2>&1)"
check "status reports the settings the driver kept and the device the link led to" \
    bash -c "grep -q '\"baud\":115200' <<<\"\$0\" && grep -q '\"data_bits\":7' <<<\"\$0\" && grep -q '\"resolved\":\"$tty\"' <<<\"\$0\"" "$status"

config >/etc/lc-busy.yaml
"${as_user[@]}" "$lc" run --config /etc/lc-busy.yaml --control-socket /tmp/lc-busy.sock >/tmp/busy.log 2>&1 || true
grep -m 1 -E "is busy|error" /tmp/busy.log | sed 's/^/    /'
check "a second daemon is refused the port (TIOCEXCL), naming the daemon that holds it" \
    grep -q "the port is busy, held exclusively by 'looselycoupled' (pid $daemon)" /tmp/busy.log

# Unplugged: the kernel unbinds ftdi_sio, ttyUSB0 hangs up and goes, udev removes the link.
echo 0 >"$usb/authorized"
check "unplugged: serial_disconnected" await "$events" serial_disconnected
grep serial_disconnected "$events" | head -n 1 | sed 's/^/    /'
udevadm settle
check "the by-id link is gone" [ ! -e "$link" ]
start=$(date +%s%N)
refusal="$("$lc" call meter.write_line '{"text": "LOST"}' --control-socket "$socket" 2>&1 || true)"
elapsed=$((($(date +%s%N) - start) / 1000000))
check "a write while unplugged fails at once ($elapsed ms): $refusal" bash -c "grep -q disconnected <<<\"\$0\" && [ $elapsed -lt 3000 ]" "$refusal"
sleep 2
echo 1 >"$usb/authorized"
udevadm settle
check "plugged back: serial_connected on the same by-id path" await "$events" "serial_connected.*\"device\":\"$link\"" 1
check "the by-id link is back" [ -e "$link" ]
reply="$("$lc" call meter.request '{"line": "PING"}' --control-socket "$socket" 2>&1)"
check "the next request is answered ($reply)" grep -q '"data":"PONG"' <<<"$reply"
status="$("$lc" call meter.status --control-socket "$socket" 2>&1)"
check "status counts the reconnect" grep -q '"reconnects":1' <<<"$status"
grep -E "serial port lost|cannot reopen|open again" "$log" | head -n 4 | sed 's/^/    /'

kill -TERM "$daemon"
code=0
wait "$daemon" || code=$?
kill "$watcher" 2>/dev/null || true
check "SIGTERM: the daemon exits 0" [ "$code" = 0 ]

config 4000000 >/etc/lc-fast.yaml
"${as_user[@]}" "$lc" run --config /etc/lc-fast.yaml --control-socket /tmp/lc-fast.sock >/tmp/fast.log 2>&1 || true
grep -m 1 -E "did not take|error" /tmp/fast.log | sed 's/^/    /'
check "4000000 baud, beyond the FT232BM: refused, naming the setting and what the driver kept" \
    grep -q "the driver did not take baud 4000000 (it kept 9600)" /tmp/fast.log
kill "$device" 2>/dev/null || true
finish
VMTEST
chmod +x "$rootfs/usr/local/lib/vmtest-serial.sh"
vm_install_test /usr/local/lib/vmtest-serial.sh

# The bridge: qemu listens on both sockets; socat connects them once they exist.
ftdi_socket="$vm_work/serial-ftdi.sock"
uart_socket="$vm_work/serial-uart.sock"
rm -f "$ftdi_socket" "$uart_socket"
(
    for _ in $(seq 1 600); do
        [ -S "$ftdi_socket" ] && [ -S "$uart_socket" ] && break
        sleep 0.1
    done
    exec socat "UNIX-CONNECT:$ftdi_socket" "UNIX-CONNECT:$uart_socket"
) &
bridge=$!
vm_boot 1200 \
    -chardev "socket,id=ftdi,path=$ftdi_socket,server=on,wait=off" \
    -chardev "socket,id=uart,path=$uart_socket,server=on,wait=off" \
    -device qemu-xhci,id=xhci -device usb-serial,chardev=ftdi,bus=xhci.0 \
    -device isa-serial,chardev=uart,index=1
kill "$bridge" 2>/dev/null || true
wait "$bridge" 2>/dev/null || true
rm -f "$ftdi_socket" "$uart_socket"
vm_result
