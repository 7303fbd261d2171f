#!/bin/sh -
# careen - virt-log: a guest's systemd journal (made here by
# systemd-journal-remote) printed one line an entry, preferred to its
# /var/log/syslog; a guest without a journal: /var/log/syslog rather
# than /var/log/messages; a Windows guest without evtxdump.py on the
# host: exit 1 and a message; the usage errors.  When libguestfs's
# virt-log is installed, its output for the journal must be the same.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64
journal_remote=/lib/systemd/systemd-journal-remote
[ -x "$journal_remote" ] || skip "systemd-journal-remote is not installed"

log="$top_builddir/tools/log/virt-log"
fish="$top_builddir/fish/guestfish"
[ -x "$log" ] || skip "virt-log is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
# The times are printed in the host's zone.
TZ=UTC
export TZ

# Without an appliance.
$VG "$log" --help | grep -q '^Usage:'
$VG "$log" --version | grep -Eq '^virt-log [0-9]+\.[0-9]+\.[0-9]+$'
$VG "$log" --long-options | grep -qx -- '--key'
status=0; $VG "$log" --bogus 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$log" 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$log" -a missing.img 2>err || status=$?
[ "$status" -eq 1 ]
grep -q '^virt-log: access: missing.img: No such file or directory$' err

# Three entries: with an identifier, a PID and a priority; with _COMM
# and priority 3; with neither.
cat > entries <<'EOF2'
__REALTIME_TIMESTAMP=1700000000000000
__MONOTONIC_TIMESTAMP=1000
_BOOT_ID=0123456789abcdef0123456789abcdef
_HOSTNAME=guesthost
SYSLOG_IDENTIFIER=sshd
_PID=123
PRIORITY=6
MESSAGE=Accepted publickey for root

__REALTIME_TIMESTAMP=1700000001000000
__MONOTONIC_TIMESTAMP=2000
_BOOT_ID=0123456789abcdef0123456789abcdef
_COMM=kworker
PRIORITY=3
MESSAGE=second message

__REALTIME_TIMESTAMP=1700000002000000
__MONOTONIC_TIMESTAMP=3000
_BOOT_ID=0123456789abcdef0123456789abcdef
MESSAGE=third, no program

EOF2
"$journal_remote" -o "$scratch/system.journal" entries
cat > os-release <<'REL'
NAME="Debian GNU/Linux"
ID=debian
VERSION_ID="12"
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
REL
printf 'Nov 14 22:13:20 host syslogd: from syslog\n' > syslog
printf 'Nov 14 22:13:20 host kernel: from messages\n' > messages
m=0123456789abcdef0123456789abcdef
cat > mk.fish <<FISH
mount /dev/sda1 /
mkdir-p /etc
mkdir-p /bin
mkdir-p /var/log/journal/$m
upload os-release /etc/os-release
write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n"
upload system.journal /var/log/journal/$m/system.journal
upload syslog /var/log/syslog
umount /
mount /dev/sdb1 /
mkdir-p /etc
mkdir-p /bin
mkdir-p /var/log
upload os-release /etc/os-release
write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n"
upload messages /var/log/messages
upload syslog /var/log/syslog
FISH
$VG "$fish" -N journal.img=fs:ext4:64M -N text.img=fs:ext4:16M -f mk.fish

cat > journal.expected <<'OUT'
Nov 14 22:13:20 sshd[123] info: Accepted publickey for root
Nov 14 22:13:21 kworker err: second message
Nov 14 22:13:22 info: third, no program
OUT
$VG "$log" --format=raw -a journal.img > out
expect_output out < journal.expected

$VG "$log" -a text.img > out
cmp out syslog

. "$top_srcdir/tests/guests/guests.sh"
if win="$(guest_image windows)"; then
  status=0
  PATH=/usr/bin:/bin $VG "$log" --format=raw -a "$win" > out 2> err ||
    status=$?
  [ "$status" -eq 1 ]
  grep -q "'evtxdump.py' (from python-evtx), which is not installed" err
fi

# libguestfs's own (one slow launch).
if [ -x /usr/bin/virt-log ]; then
  libguestfs /usr/bin/virt-log --format=raw -a journal.img > lg.out
  expect_output lg.out < journal.expected
fi
