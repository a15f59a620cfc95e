#!/usr/bin/env bash
# Tests the Debian package the way CI does: build it (or take one), lintian, install, run the
# installed daemon as its user, reinstall over a local config edit, purge.
#
#   scripts/test-deb.sh                   build with scripts/build-deb.sh, then test
#   scripts/test-deb.sh --binary PATH     package an already built release binary, then test
#   scripts/test-deb.sh --deb PATH        test this .deb as it is
#
# Run as root on a machine where installing and purging the package is fine (CI, a container,
# a test Pi): it installs looselycoupled and leaves its system user behind, as a purge does.
# Needs no running systemd: the daemon is started the way the unit would start it (as the
# package user, no new privileges, no capabilities, /run/looselycoupled made for it).
# Ends with the line "N passed, M failed"; exits 1 if anything failed.
set -uo pipefail

usage() { sed -n '2,13s/^# \{0,1\}//p' "$0"; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deb=""
binary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --deb) deb="${2:?--deb needs a path}"; shift 2 ;;
        --deb=*) deb="${1#--deb=}"; shift ;;
        --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
        --binary=*) binary="${1#--binary=}"; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "test-deb: unknown argument '$1'" >&2; usage >&2; exit 64 ;;
    esac
done

user=looselycoupled
conffile=/etc/looselycoupled.yaml
unit=/lib/systemd/system/looselycoupled.service
socket=/run/looselycoupled/control.sock
# The exposure docs/PACKAGE.md states; a unit change that raises it fails here.
max_exposure=1.5

passed=0
failed=0
daemon_pid=""
notify_pid=""
started=$SECONDS

pass() { echo "ok    $*"; passed=$((passed + 1)); }
fail() { echo "FAIL  $*" >&2; failed=$((failed + 1)); }
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
    local what="$1"
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
quietly() { "$@" >/dev/null 2>&1; }
phase() { echo "== $* ($((SECONDS - started)) s)"; }
finish() {
    cleanup
    echo "test-deb: $((SECONDS - started)) s"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}
# A failure after which the remaining steps mean nothing.
fatal() {
    fail "$*"
    finish
}
cleanup() {
    if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then kill -KILL "$daemon_pid"; fi
    if [ -n "$notify_pid" ] && kill -0 "$notify_pid" 2>/dev/null; then kill "$notify_pid"; fi
    daemon_pid=""
    notify_pid=""
}
trap cleanup EXIT

# dpkg takes no lock timeout: wait for another apt or dpkg to finish instead of failing.
dpkg_locked() { grep -q "lock" "$1" && grep -qi "locked\|held by" "$1"; }
dpkg_run() {
    local log attempt
    log="$(mktemp)"
    for attempt in $(seq 1 60); do
        if dpkg "$@" >"$log" 2>&1 </dev/null; then cat "$log"; rm -f "$log"; return 0; fi
        if ! dpkg_locked "$log"; then cat "$log"; rm -f "$log"; return 1; fi
        [ "$attempt" -eq 1 ] && echo "test-deb: dpkg is locked by another process; waiting" >&2
        sleep 5
    done
    cat "$log"
    rm -f "$log"
    return 1
}
apt_run() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q "$@" </dev/null; }

installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' looselycoupled 2>/dev/null)" = installed ]; }
absent() { [ ! -e "$1" ]; }
owner_mode() { [ "$(stat -c '%U:%G %a' "$1" 2>/dev/null)" = "$2" ]; }
in_group() { id -nG "$user" 2>/dev/null | tr ' ' '\n' | grep -qx "$1"; }

[ "$(id -u)" -eq 0 ] || fatal "test-deb must run as root (it installs and purges the package)"

phase "tools"
"$root/scripts/install-deps.sh" lintian systemd man-db >/dev/null || fatal "cannot install lintian, systemd and man-db"

phase "package"
if [ -z "$deb" ]; then
    build_args=()
    [ -n "$binary" ] && build_args=(--binary "$binary")
    deb="$("$root/scripts/build-deb.sh" "${build_args[@]}")" || fatal "scripts/build-deb.sh failed"
fi
[ -f "$deb" ] || fatal "no package at '$deb'"
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
echo "test-deb: testing $deb"

phase "lintian"
lintian_log="$(mktemp)"
lintian --fail-on error --tag-display-limit 0 "$deb" >"$lintian_log" 2>&1
lintian_status=$?
cat "$lintian_log"
check "lintian reports no errors" [ "$lintian_status" -eq 0 ]
# Every warning that remains is explained in docs/PACKAGE.md.
for tag in $(sed -n 's/^W: [^ ]*: \([^ ]*\).*/\1/p' "$lintian_log" | sort -u); do
    check "lintian warning $tag is explained in docs/PACKAGE.md" grep -q -- "\`$tag\`" "$root/docs/PACKAGE.md"
done
rm -f "$lintian_log"

phase "install"
if installed || [ -e "$conffile" ]; then
    echo "test-deb: purging the installed looselycoupled first"
    apt_run purge -y looselycoupled >/dev/null || fatal "cannot purge the looselycoupled installed before"
fi
if ! dpkg_run -i "$deb"; then
    echo "test-deb: dpkg -i left dependencies to resolve; apt-get -f install"
fi
apt_run -f install -y >/dev/null || fail "apt-get -f install"
installed || fatal "looselycoupled is not installed after dpkg -i and apt-get -f install"
pass "installed with dpkg -i and apt-get -f install"

check "/usr/bin/looselycoupled is installed" [ -x /usr/bin/looselycoupled ]
check "the user $user exists" getent passwd "$user"
check "its home is /var/lib/looselycoupled" [ "$(getent passwd "$user" | cut -d: -f6)" = /var/lib/looselycoupled ]
check "it has no login shell" [ "$(getent passwd "$user" | cut -d: -f7)" = /usr/sbin/nologin ]
check "it is a system user" [ "$(id -u "$user")" -lt 1000 ]
for group in gpio i2c; do
    check "the group $group exists" getent group "$group"
done
for group in gpio i2c dialout; do
    if getent group "$group" >/dev/null; then
        check "$user is in the group $group" in_group "$group"
    fi
done
check "/var/lib/looselycoupled belongs to $user, mode 0750" owner_mode /var/lib/looselycoupled "$user:$user 750"
check "$conffile is a conffile" sh -c "dpkg-query -W -f='\${Conffiles}' looselycoupled | grep -q ' $conffile '"
check "$conffile is root:$user, mode 0640" owner_mode "$conffile" "root:$user 640"
check "the unit is installed" [ -f "$unit" ]
check "the unit is enabled" [ -L /etc/systemd/system/multi-user.target.wants/looselycoupled.service ]
check "the udev rules are installed" sh -c 'ls /lib/udev/rules.d/*looselycoupled.rules /usr/lib/udev/rules.d/*looselycoupled.rules 2>/dev/null | grep -q .'
check "the man page is installed" [ -f /usr/share/man/man1/looselycoupled.1.gz ]
for doc in DAEMON.md GPIO.md CONTROLLER.md PACKAGE.md; do
    check "the docs are installed: $doc" [ -f "/usr/share/doc/looselycoupled/$doc" ]
done
check "the example configs are installed" [ -f /usr/share/doc/looselycoupled/examples/demo.yaml ]

phase "systemd-analyze"
verify_log="$(mktemp)"
systemd-analyze verify "$unit" >"$verify_log" 2>&1
verify_status=$?
cat "$verify_log"
check "systemd-analyze verify accepts the unit, silently" [ "$verify_status" -eq 0 -a ! -s "$verify_log" ]
rm -f "$verify_log"
exposure="$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
echo "test-deb: systemd-analyze security: exposure ${exposure:-unknown}"
check "the unit's exposure (${exposure:-unknown}) is at most $max_exposure" \
    awk -v e="${exposure:-99}" -v m="$max_exposure" 'BEGIN { exit !(e + 0 <= m + 0) }'

phase "run"
check "looselycoupled check accepts the installed config" /usr/bin/looselycoupled check --config "$conffile"

# What the unit gives the daemon: RuntimeDirectory=, User= with the user's groups, UMask=,
# NoNewPrivileges=, an empty capability bounding set, NOTIFY_SOCKET and WATCHDOG_USEC.
install -d -o "$user" -g "$user" -m 0750 /run/looselycoupled
notify_log="$(mktemp)"
notify_address="@looselycoupled-test-deb-$$"
if command -v python3 >/dev/null 2>&1; then
    python3 -u -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + sys.argv[1][1:])
print("listening", flush=True)
while True:
    print(s.recv(4096).decode(), flush=True)
' "$notify_address" >"$notify_log" 2>&1 &
    notify_pid=$!
    for _ in $(seq 1 50); do grep -q listening "$notify_log" && break; sleep 0.1; done
fi
daemon_log="$(mktemp)"
(
    umask 0027
    exec env NOTIFY_SOCKET="$notify_address" WATCHDOG_USEC=2000000 \
        setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs --bounding-set=-all --inh-caps=-all \
        /usr/bin/looselycoupled run --config "$conffile"
) >"$daemon_log" 2>&1 &
daemon_pid=$!
answered=false
for _ in $(seq 1 100); do
    if /usr/bin/looselycoupled status >/dev/null 2>&1; then answered=true; break; fi
    kill -0 "$daemon_pid" 2>/dev/null || break
    sleep 0.2
done
check "the daemon, run as $user with the installed config, answers looselycoupled status" $answered
/usr/bin/looselycoupled status
check "status lists the default config's timer module as active" sh -c '/usr/bin/looselycoupled status | grep -Eq "^clock +timer +active"'
check "the daemon runs as $user" [ "$(ps -o uid= -p "$daemon_pid" | tr -d ' ')" = "$(id -u "$user")" ]
check "the control socket is $socket, $user:$user mode 0660" owner_mode "$socket" "$user:$user 660"
if [ -n "$notify_pid" ]; then
    for _ in $(seq 1 50); do grep -q WATCHDOG=1 "$notify_log" && break; sleep 0.1; done
    check "the daemon notifies READY=1" grep -qx READY=1 "$notify_log"
    check "the daemon sends WATCHDOG=1" grep -qx WATCHDOG=1 "$notify_log"
fi
for group in gpio i2c dialout; do
    gid="$(getent group "$group" | cut -d: -f3)"
    check "the daemon runs with the group $group" sh -c "grep '^Groups:' /proc/$daemon_pid/status | tr '\t ' '\n\n' | grep -qx '$gid'"
done
kill -HUP "$daemon_pid"
for _ in $(seq 1 50); do grep -q SIGHUP "$daemon_log" && break; sleep 0.1; done
check "SIGHUP (systemctl reload) is logged" grep -q SIGHUP "$daemon_log"
check "SIGHUP leaves the daemon running and answering" quietly /usr/bin/looselycoupled status
kill -TERM "$daemon_pid"
wait "$daemon_pid"
daemon_status=$?
daemon_pid=""
check "the daemon exits 0 on SIGTERM" [ "$daemon_status" -eq 0 ]
check "the daemon removes its control socket" absent "$socket"
[ -n "$notify_pid" ] && check "the daemon notifies STOPPING=1" grep -qx STOPPING=1 "$notify_log"
if [ "$failed" -gt 0 ]; then echo "--- daemon log"; cat "$daemon_log"; fi
cleanup
rm -f "$daemon_log" "$notify_log"

phase "reinstall"
edit="# local edit kept by dpkg (scripts/test-deb.sh)"
sed -i 's/^  level: info$/  level: debug/' "$conffile"
echo "$edit" >>"$conffile"
dpkg_run -i "$deb" >/dev/null || fail "dpkg -i over the installed package"
check "reinstalling keeps the local edit of $conffile" grep -qxF "$edit" "$conffile"
check "reinstalling keeps the edited setting" grep -qx '  level: debug' "$conffile"
check "dpkg left no .dpkg-dist or .dpkg-new beside it" sh -c "! ls $conffile.dpkg-* 2>/dev/null | grep -q ."
check "$conffile is still root:$user, mode 0640" owner_mode "$conffile" "root:$user 640"
check "the edited config still passes looselycoupled check" /usr/bin/looselycoupled check --config "$conffile"

phase "purge"
apt_run purge -y looselycoupled >/dev/null || fail "apt-get purge -y looselycoupled"
check "purge removes the package" sh -c '! dpkg-query -W -f="\${db:Status-Status}" looselycoupled 2>/dev/null | grep -qx installed'
check "purge removes /usr/bin/looselycoupled" absent /usr/bin/looselycoupled
check "purge removes the unit" absent "$unit"
check "purge removes the unit's enablement" absent /etc/systemd/system/multi-user.target.wants/looselycoupled.service
check "purge removes $conffile" absent "$conffile"
check "purge removes /var/lib/looselycoupled" absent /var/lib/looselycoupled
check "purge removes /run/looselycoupled" absent /run/looselycoupled
check "purge removes the statoverride of $conffile" sh -c "! dpkg-statoverride --list $conffile >/dev/null 2>&1"
check "purge keeps the system user (docs/PACKAGE.md)" getent passwd "$user"

finish
