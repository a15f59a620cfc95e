# The parts of a Debian 12 test VM that scripts/vm-test-deb.sh, scripts/vm-test-gpio.sh,
# scripts/vm-test-serial.sh and scripts/vm-test-i2c.sh share:
# a debootstrapped root file system (made once, kept in .build-vm/), a boot of it under qemu with
# the console written to a file, and the "N passed, M failed" result the VM's test prints.
# Sourced, not run. amd64 hosts, as root; the first run downloads about 250 MB of Debian packages.
# VM_MIRROR=URL picks the Debian mirror; VM_ACCEL=kvm boots with KVM (see vm_boot).
#
# The VM's side: /usr/local/lib/vm-check.sh (sourced by the test script the caller installs) gives
# `check DESCRIPTION COMMAND...`, `await FILE PATTERN [COUNT]` and `finish`, which prints
# "=== vm: N passed, M failed" and powers the VM off. The caller's script runs as a oneshot unit at the end of boot, with its
# output on the console (ttyS0).

vm_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vm_work="$vm_root/.build-vm"
vm_rootfs="$vm_work/rootfs"
vm_mirror="${VM_MIRROR:-http://deb.debian.org/debian}"
# Everything either test needs in the VM; one list, so one root file system serves both.
# (The kernel headers and compiler build the gpio-sim driver, which Debian's kernel lacks.)
# (i2c-tools and strace: the I2C test fills i2c-stub with i2cset, compares with i2cdetect and
# counts the daemon's syscalls per reading.)
vm_packages="systemd-sysv,udev,linux-image-amd64,linux-headers-amd64,gcc,make,kmod,man-db,libyaml-0-2,libstdc++6,adduser,passwd,gpiod,libgpiod2,libi2c0,i2c-tools,strace"

vm_fail() { echo "$(basename "$0" .sh): $*" >&2; exit 1; }

# Sets `binary`, the daemon a test runs in the VM, from the caller's arguments: `--binary PATH`,
# by default the release build; `-h` prints the caller's `usage`.
vm_daemon_binary() {
    binary=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
            -h | --help) usage; exit 0 ;;
            *) echo "$(basename "$0" .sh): unknown argument '$1'" >&2; usage >&2; exit 64 ;;
        esac
    done
    binary="${binary:-$vm_root/.build/release/looselycoupled}"
    [ -x "$binary" ] || vm_fail "no daemon at $binary; build it with: swift build -c release --static-swift-stdlib"
}

# Checks the host, installs qemu and debootstrap, and makes the root file system if it is missing
# or was made with another package list.
vm_prepare() {
    [ "$(id -u)" -eq 0 ] || vm_fail "run as root (debootstrap)"
    [ "$(dpkg --print-architecture)" = amd64 ] || vm_fail "amd64 hosts only"
    "$vm_root/scripts/install-deps.sh" qemu-system-x86 debootstrap e2fsprogs >&2
    if [ "$(cat "$vm_work/rootfs.done" 2>/dev/null)" != "$vm_packages" ]; then
        rm -rf "$vm_rootfs"
        mkdir -p "$vm_work"
        echo "vm: debootstrap bookworm into $vm_rootfs" >&2
        debootstrap --variant=minbase --include="$vm_packages" bookworm "$vm_rootfs" "$vm_mirror" \
            >"$vm_work/debootstrap.log" 2>&1 || { tail -20 "$vm_work/debootstrap.log" >&2; exit 1; }
        echo "$vm_packages" >"$vm_work/rootfs.done"
    fi
    mkdir -p "$vm_rootfs/usr/local/lib"
    cat >"$vm_rootfs/usr/local/lib/vm-check.sh" <<'EOF'
exec >/dev/ttyS0 2>&1
passed=0; failed=0
check() { local d="$1"; shift; if "$@"; then echo "ok    $d"; passed=$((passed+1)); else echo "FAIL  $d"; failed=$((failed+1)); fi; }
finish() { echo "=== vm: $passed passed, $failed failed"; sync; systemctl poweroff; }
# Waits until FILE has COUNT lines matching PATTERN (grep -E), at most $await_seconds (10) s.
await() {
    local file="$1" pattern="$2" count="${3:-1}"
    for _ in $(seq 1 $((${await_seconds:-10} * 20))); do
        [ "$(grep -cE "$pattern" "$file" 2>/dev/null)" -ge "$count" ] && return 0
        sleep 0.05
    done
    echo "    timed out waiting for $count × /$pattern/ in $file"
    return 1
}
EOF
    echo "/dev/vda / ext4 defaults 0 1" >"$vm_rootfs/etc/fstab"
    echo lcvm >"$vm_rootfs/etc/hostname"
    ln -sf /dev/null "$vm_rootfs/etc/systemd/system/serial-getty@ttyS0.service"
}

# Debian's kernels (6.1, and 6.12 in backports) are built without gpio-sim, so build it from the
# Debian kernel source of the same version as an out-of-tree module, once. Its irq_sim helper is
# compiled into it too (built-in only when something in the kernel selects it, nothing does here).
# One change: irq_sim calls handle_simple_irq(irq_to_desc(n)), and irq_to_desc is not exported
# to modules; generic_handle_irq(n) runs the same handler through the exported API.
# Sets kernel_version. Used by scripts/vm-test-gpio.sh and scripts/vm-test-deb.sh.
vm_build_gpio_sim() {
    local module package_version series source_deb build
    kernel_version="$(basename "$(ls "$vm_rootfs"/boot/vmlinuz-* | sort -V | tail -n 1)" | sed 's/^vmlinuz-//')"
    module="$vm_rootfs/lib/modules/$kernel_version/extra/gpio-sim.ko"
    if [ ! -f "$module" ]; then
        package_version="$(chroot "$vm_rootfs" dpkg-query -W -f '${Version}' "linux-image-$kernel_version")"
        series="$(echo "$kernel_version" | cut -d. -f1,2)"
        echo "vm: building gpio-sim for $kernel_version from linux-source-$series $package_version" >&2
        chroot "$vm_rootfs" sh -c "cd /var/tmp && apt-get -q download linux-source-$series=$package_version" >&2
        source_deb="$(ls "$vm_rootfs"/var/tmp/linux-source-"$series"_*.deb | head -n 1)"
        build="$vm_rootfs/usr/local/src/gpio-sim"
        rm -rf "$build" "$vm_work/linux-source"
        mkdir -p "$build" "$vm_work/linux-source"
        dpkg-deb --fsys-tarfile "$source_deb" | tar -x -O "./usr/src/linux-source-$series.tar.xz" \
            | tar -xJ -C "$vm_work/linux-source" --strip-components=1 \
                "linux-source-$series/drivers/gpio/gpio-sim.c" "linux-source-$series/drivers/gpio/gpiolib.h" \
                "linux-source-$series/kernel/irq/irq_sim.c"
        rm -f "$source_deb"
        cp "$vm_work/linux-source/drivers/gpio/gpio-sim.c" "$build/gpio-sim-main.c"
        cp "$vm_work/linux-source/drivers/gpio/gpiolib.h" "$vm_work/linux-source/kernel/irq/irq_sim.c" "$build/"
        sed -i 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' "$build/irq_sim.c"
        grep -q 'generic_handle_irq(irqnum);' "$build/irq_sim.c" || vm_fail "irq_sim.c of $package_version is not what this script patches"
        printf 'obj-m := gpio-sim.o\ngpio-sim-y := gpio-sim-main.o irq_sim.o\n' >"$build/Kbuild"
        chroot "$vm_rootfs" make -s -C "/usr/src/linux-headers-$kernel_version" M=/usr/local/src/gpio-sim modules >&2
        mkdir -p "$(dirname "$module")"
        cp "$build/gpio-sim.ko" "$module"
        chroot "$vm_rootfs" depmod "$kernel_version"
    fi
}

# Makes SCRIPT (a path inside the VM) the one test that runs at the end of boot.
vm_install_test() {
    local script="$1"
    rm -f "$vm_rootfs"/etc/systemd/system/multi-user.target.wants/vmtest*.service
    cat >"$vm_rootfs/etc/systemd/system/vmtest.service" <<EOF
[Unit]
Description=looselycoupled VM test
After=multi-user.target
[Service]
Type=oneshot
ExecStart=$script
[Install]
WantedBy=multi-user.target
EOF
    ln -sf /etc/systemd/system/vmtest.service "$vm_rootfs/etc/systemd/system/multi-user.target.wants/vmtest.service"
}

# Boots the root file system until the test powers it off (at most TIMEOUT seconds); extra
# arguments go to qemu.
vm_boot() {
    local timeout="$1"; shift
    local image="$vm_work/vm.img" console="$vm_work/console.log" kernel initrd accel
    rm -f "$image" "$console"
    mkfs.ext4 -q -F -d "$vm_rootfs" -L lcroot "$image" 2G
    kernel="$(ls "$vm_rootfs"/boot/vmlinuz-* | sort -V | tail -n 1)"
    initrd="$(ls "$vm_rootfs"/boot/initrd.img-* | sort -V | tail -n 1)"
    # Software emulation by default: it works everywhere, if slowly. VM_ACCEL=kvm uses KVM with
    # the host's CPU instead, where KVM works (on some nested hosts /dev/kvm opens but the guest
    # never boots).
    accel=(-accel tcg,thread=multi -cpu max)
    if [ "${VM_ACCEL:-tcg}" = kvm ]; then accel=(-accel kvm -cpu host); fi
    echo "vm: booting (${accel[1]%%,*}); console in $console" >&2
    local start=$SECONDS
    timeout "$timeout" qemu-system-x86_64 "${accel[@]}" -m 1536 -smp 2 \
        -kernel "$kernel" -initrd "$initrd" -append "root=/dev/vda rw console=ttyS0 systemd.show_status=false" \
        -drive "file=$image,format=raw,if=virtio" -display none -monitor none \
        -serial "file:$console" "$@" -no-reboot || true
    echo "vm: the VM ran $((SECONDS - start)) s" >&2
}

# Prints the test's lines and its "N passed, M failed"; returns 0 only if all passed.
vm_result() {
    local console="$vm_work/console.log" result
    tr -d '\r' <"$console" | grep -a -E '^(ok|FAIL|===|probe|---|    )' || true
    result="$(tr -d '\r' <"$console" | sed -n 's/^=== vm: \([0-9]* passed, [0-9]* failed\)$/\1/p')"
    if [ -z "$result" ]; then
        echo "vm: the test did not finish; see $console" >&2
        echo "0 passed, 1 failed"
        return 1
    fi
    echo "$result"
    case "$result" in *" 0 failed") return 0 ;; *) return 1 ;; esac
}
