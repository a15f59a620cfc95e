#!/usr/bin/env bash
# Runs the package under a real systemd: boots a minimal Debian 12 VM (qemu, software emulation;
# see scripts/vm-lib.sh), installs the .deb there, and checks what a container cannot: the unit starts
# and notifies, reload (in place: an output held on by an unchanged gpio module on the kernel's
# gpio-sim never reads low through it), the watchdog, restart on a crash, a clean stop, and the
# sandbox itself (I2C and serial devices open, other devices and /etc and /home do not).
#
#   scripts/vm-test-deb.sh [--deb PATH]     default: the .deb scripts/build-deb.sh made in dist/
#
# CI runs it after scripts/test-deb.sh (scripts/test.sh, as root on amd64). The first run
# downloads about 300 MB of Debian packages (debootstrap into .build-vm/, shared with
# scripts/vm-test-gpio.sh and reused after); a run then takes about 2 minutes. amd64 hosts, as
# root. VM_MIRROR=URL picks the Debian mirror. Ends with "N passed, M failed"; exits 1 on a failure.
set -euo pipefail

usage() { sed -n '2,12s/^# \{0,1\}//p' "$0"; }

deb=""
while [ $# -gt 0 ]; do
    case "$1" in
        --deb) deb="${2:?--deb needs a path}"; shift 2 ;;
        --deb=*) deb="${1#--deb=}"; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "vm-test-deb: unknown argument '$1'" >&2; usage >&2; exit 64 ;;
    esac
done
. "$(dirname "${BASH_SOURCE[0]}")/vm-lib.sh"
if [ -z "$deb" ]; then
    version="$(cd "$vm_root" && dpkg-parsechangelog --show-field Version)"
    deb="$vm_root/dist/looselycoupled_${version}_amd64.deb"
fi
[ -f "$deb" ] || vm_fail "no package at $deb; run scripts/build-deb.sh first"
vm_prepare
# gpio-sim, for the check that a reload leaves an output of an unchanged module alone.
vm_build_gpio_sim
rootfs="$vm_rootfs"

# The VM's side: runs at the end of boot, writes to the console, powers off.
mkdir -p "$rootfs/usr/local/lib" "$rootfs/home/someone"
touch "$rootfs/home/someone/file"
cp "$deb" "$rootfs/var/local/looselycoupled.deb"
cat >"$rootfs/usr/local/lib/probe.sh" <<'EOF'
#!/bin/sh
# Opens devices and paths as the daemon would; one line each.
try() { if sh -c "$2" 2>/tmp/err; then echo "probe $1: allowed"; else echo "probe $1: denied ($(head -c 100 /tmp/err | tr '\n' ' '))"; fi; }
try i2c "exec 3<>/dev/i2c-0"
try serial "exec 3<>/dev/ttyS1"
try fuse "exec 3<>/dev/fuse"
try null "exec 3<>/dev/null"
try write-etc "touch /etc/probe-file"
try write-state "touch /var/lib/looselycoupled/probe && rm /var/lib/looselycoupled/probe"
try read-home "ls /home/someone"
EOF
cat >"$rootfs/usr/local/lib/vmtest.sh" <<'EOF'
#!/bin/bash
. /usr/local/lib/vm-check.sh
mainpid() { systemctl show -p MainPID --value looselycoupled; }
echo "=== $(systemctl --version | head -1); kernel $(uname -r)"
modprobe i2c-dev; modprobe i2c-stub chip_addr=0x50; udevadm settle
dpkg -i /var/local/looselycoupled.deb
ls -l /dev/i2c-0 /dev/ttyS1
check "udev rule: /dev/i2c-0 is root:i2c 0660" [ "$(stat -c '%U:%G %a' /dev/i2c-0)" = "root:i2c 660" ]
for _ in $(seq 1 150); do systemctl is-active -q looselycoupled && break; sleep 0.2; done
systemctl status looselycoupled --no-pager
check "the service is active after install (Type=notify: READY=1 arrived)" systemctl is-active -q looselycoupled
check "systemd-analyze verify accepts the installed unit" systemd-analyze verify looselycoupled.service
systemd-analyze security looselycoupled.service --no-pager | tail -1
pid=$(mainpid)
grep -E '^(Uid|Gid|Groups|NoNewPrivs|CapEff|CapBnd|Seccomp):' /proc/$pid/status
check "runs as looselycoupled" [ "$(stat -c %U /proc/$pid)" = looselycoupled ]
check "with the gpio, i2c and dialout groups" bash -c "for g in gpio i2c dialout; do grep '^Groups:' /proc/$pid/status | grep -qw \$(getent group \$g | cut -d: -f3) || exit 1; done"
check "no capabilities" grep -q '^CapBnd:.0000000000000000' /proc/$pid/status
check "no new privileges" grep -q '^NoNewPrivs:.1' /proc/$pid/status
check "a seccomp filter" grep -q '^Seccomp:.2' /proc/$pid/status
check "looselycoupled status answers root" looselycoupled status
check "and a member of the looselycoupled group" bash -c 'useradd -m -G looselycoupled admin && runuser -u admin -- looselycoupled status >/dev/null'
check "but not another user" bash -c 'useradd -m outsider && ! runuser -u outsider -- looselycoupled status'
cp /etc/looselycoupled.yaml /var/local/good.yaml
printf '  nightly:\n    type: timer\n    timers:\n      lights_off: {at: "23:00"}\n' >>/etc/looselycoupled.yaml
check "systemctl reload succeeds" systemctl reload looselycoupled
for _ in $(seq 1 50); do looselycoupled status 2>/dev/null | grep -q '^nightly ' && break; sleep 0.2; done
looselycoupled status
check "reload keeps the same process" [ "$(mainpid)" = "$pid" ]
check "and runs the edited config: the added module is active" bash -c 'looselycoupled status | grep -Eq "^nightly +timer +active"'
check "systemd has the service active again (RELOADING=1, then READY=1)" systemctl is-active -q looselycoupled
echo "--- reload in place: a gpio output held on while an unrelated module is edited"
modprobe gpio-sim
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
sim=/sys/kernel/config/gpio-sim/lc
mkdir "$sim" "$sim/bank0" "$sim/bank0/line0"
echo 4 >"$sim/bank0/num_lines"
echo lc-test-bank >"$sim/bank0/label"
echo PORCH >"$sim/bank0/line0/name"
echo 1 >"$sim/live"
udevadm settle
porch="/sys/devices/platform/$(cat "$sim/dev_name")/$(cat "$sim/bank0/chip_name")/sim_gpio0/value"
printf '  panel:\n    type: gpio\n    chip: lc-test-bank\n    outputs:\n      porch: {line: PORCH}\n' >>/etc/looselycoupled.yaml
systemctl reload looselycoupled
for _ in $(seq 1 50); do looselycoupled status 2>/dev/null | grep -Eq '^panel +gpio +active' && break; sleep 0.2; done
check "a reload adds the gpio module, on gpio-sim, as the service's user" bash -c 'looselycoupled status | grep -Eq "^panel +gpio +active"'
looselycoupled set panel.porch on
check "set panel.porch on drives the gpio-sim line high" [ "$(cat "$porch")" = 1 ]
echo "--- reload in place: an i2c module on i2c-stub, through the unit's DeviceAllow and the i2c group"
printf '  sensors:\n    type: i2c\n    bus: "SMBus stub driver"\n    devices:\n      eeprom: {driver: raw, address: 0x50, registers: {first: {register: 0, size: 1, poll: 1s}}}\n' >>/etc/looselycoupled.yaml
systemctl reload looselycoupled
for _ in $(seq 1 50); do looselycoupled status 2>/dev/null | grep -Eq '^sensors +i2c +active' && break; sleep 0.2; done
check "a reload adds the i2c module, on i2c-stub found by its adapter name, as the service's user" \
    bash -c 'looselycoupled status | grep -Eq "^sensors +i2c +active"'
scan="$(looselycoupled call sensors.scan 2>&1)"
check "its scan finds the stub's chip at 0x50 and nothing else" grep -q '"present":\["0x50"\]' <<<"$scan"
check "and it reads the chip's register" bash -c "looselycoupled call sensors.read_byte_data '{\"address\":\"0x50\",\"register\":0}' | grep -Eq '^[0-9]+$'"
reloads=$(journalctl -u looselycoupled --no-pager | grep -c "config reloaded")
# Read with the shell's own `read`, no process per sample: thousands of samples a second.
( while :; do read -r level <"$porch" && echo "$level"; done ) >/tmp/porch-samples 2>/dev/null &
sampler=$!
sed -i 's/lights_off: {at: "23:00"}/lights_off: {at: "23:30"}/' /etc/looselycoupled.yaml
systemctl reload looselycoupled
for _ in $(seq 1 100); do [ "$(journalctl -u looselycoupled --no-pager | grep -c 'config reloaded')" -gt "$reloads" ] && break; sleep 0.1; done
# Sampling goes on a little past the reload, then stops.
sleep 0.5
kill "$sampler"
wait "$sampler" 2>/dev/null || true
journalctl -u looselycoupled --no-pager | grep 'config reloaded' | tail -n 1 >/tmp/reloaded
sed 's/^/    /' /tmp/reloaded
check "the reload restarted only the edited timer, and kept the gpio module" \
    bash -c "grep -q 'restarted=nightly' /tmp/reloaded && grep -Eq 'kept=[^ ]*panel' /tmp/reloaded"
check "sampled $(wc -l </tmp/porch-samples) times through the reload, the held-on line never read low" \
    bash -c '[ "$(wc -l </tmp/porch-samples)" -ge 100 ] && ! grep -q 0 /tmp/porch-samples'
echo "bogus: [" >>/etc/looselycoupled.yaml
check "reload is refused while the config is invalid" bash -c '! systemctl reload looselycoupled 2>/dev/null'
check "and the daemon keeps running" [ "$(mainpid)" = "$pid" ]
cp /var/local/good.yaml /etc/looselycoupled.yaml
echo "--- 40 s: the 30 s watchdog must not fire"
sleep 40
check "watchdog satisfied: same process, no restart" [ "$(mainpid)" = "$pid" -a "$(systemctl show -p NRestarts --value looselycoupled)" = 0 ]
kill -SEGV "$pid"
for _ in $(seq 1 150); do [ "$(mainpid)" != "$pid" ] && [ "$(mainpid)" != 0 ] && systemctl is-active -q looselycoupled && break; sleep 0.2; done
check "Restart=on-failure restarts a crashed daemon" [ "$(systemctl show -p NRestarts --value looselycoupled)" = 1 ]
check "the restarted daemon answers" looselycoupled status
systemctl stop looselycoupled
check "systemctl stop: exit status 0, result success" [ "$(systemctl show -p ExecMainStatus --value looselycoupled)" = 0 -a "$(systemctl show -p Result --value looselycoupled)" = success ]
check "stop removes /run/looselycoupled" [ ! -e /run/looselycoupled ]
journalctl -u looselycoupled --no-pager -o cat -n 30
check "the daemon logged the SIGHUP and its sender (ExecReload's kill, as the service's user)" bash -c 'journalctl -u looselycoupled --no-pager | grep -Eq "SIGHUP: reloading.* sender_pid=[0-9]+ sender_uid=$(id -u looselycoupled)"'
check "and systemctl stop's SIGTERM as sent by systemd (pid 1)" bash -c 'journalctl -u looselycoupled --no-pager | grep -q "SIGTERM: stopping.*sender_pid=1 sender_uid=0"'
check "the syscall filter denied nothing (no errno=1 from Dispatch)" bash -c '! journalctl -u looselycoupled --no-pager | grep -q "thread priority.*errno=1$"'
echo "--- the sandbox: a oneshot unit with the same [Service] settings runs probe.sh"
sed -e 's/^Type=notify/Type=oneshot/' -e '/^ExecReload=/d' -e '/^WatchdogSec=/d' -e '/^Restart/d' \
    -e 's|^ExecStart=.*|ExecStart=/usr/local/lib/probe.sh|' /lib/systemd/system/looselycoupled.service \
    >/etc/systemd/system/lc-probe.service
systemctl daemon-reload
systemctl start lc-probe.service
sandboxed=$(journalctl -u lc-probe --no-pager -o cat | grep '^probe')
echo "$sandboxed"
echo "--- the same probe as looselycoupled, without the sandbox"
setpriv --reuid=looselycoupled --regid=looselycoupled --init-groups /usr/local/lib/probe.sh
check "sandbox: the I2C bus opens" grep -q 'probe i2c: allowed' <<<"$sandboxed"
check "sandbox: the serial port opens" grep -q 'probe serial: allowed' <<<"$sandboxed"
check "sandbox: /dev/null opens" grep -q 'probe null: allowed' <<<"$sandboxed"
check "sandbox: /dev/fuse (mode 0666, not in DeviceAllow) does not" grep -q 'probe fuse: denied' <<<"$sandboxed"
check "sandbox: /etc is read-only" grep -q 'probe write-etc: denied.*Read-only' <<<"$sandboxed"
check "sandbox: the state directory is writable" grep -q 'probe write-state: allowed' <<<"$sandboxed"
check "sandbox: /home is hidden" grep -q 'probe read-home: denied' <<<"$sandboxed"
rm /etc/systemd/system/lc-probe.service
systemctl daemon-reload
dpkg --purge looselycoupled >/dev/null
check "purge removes the unit, the conffile and the state" bash -c '[ ! -e /lib/systemd/system/looselycoupled.service ] && [ ! -e /etc/looselycoupled.yaml ] && [ ! -e /var/lib/looselycoupled ]'
finish
EOF
chmod +x "$rootfs/usr/local/lib/probe.sh" "$rootfs/usr/local/lib/vmtest.sh"
vm_install_test /usr/local/lib/vmtest.sh
# ttyS1 (a null backend) is the serial port the sandbox probe opens.
vm_boot 1500 -serial null
vm_result
