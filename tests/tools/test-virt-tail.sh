#!/bin/sh -
# careen - virt-tail: the last 10 lines of a file first; then, while
# virt-tail runs, a line appended to that file and a second file created
# by another program on the same image are printed (the disk is opened
# again when the image changes), each file under a "==> FILE <==" line;
# SIGTERM ends it with status 0.  A file that exists nowhere: exit 1.
# The usage errors.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 seq

tail_="$top_builddir/tools/tail/virt-tail"
fish="$top_builddir/fish/guestfish"
[ -x "$tail_" ] || skip "virt-tail is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Without an appliance.
$VG "$tail_" --help | grep -q '^Usage:'
$VG "$tail_" --version | grep -Eq '^virt-tail [0-9]+\.[0-9]+\.[0-9]+$'
$VG "$tail_" --long-options | grep -qx -- '--follow'
status=0; $VG "$tail_" --bogus 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$tail_" -a /dev/null 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'no file was given' err
status=0; $VG "$tail_" -a /dev/null var/log/x 2>err || status=$?
[ "$status" -eq 1 ]
grep -q "'var/log/x': the file must be a full path" err

cat > os-release <<'REL'
NAME="Debian GNU/Linux"
ID=debian
VERSION_ID="12"
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
REL
seq -f 'line %g' 1 12 > app.log
cat > mk.fish <<'FISH'
mkdir-p /etc
mkdir-p /bin
mkdir-p /var/log
upload os-release /etc/os-release
write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n"
upload app.log /var/log/app.log
FISH
$VG "$fish" -N t.img=fs:ext4:32M -m /dev/sda1 -f mk.fish

# wait_for PATTERN: until out has a line PATTERN (a launch or two
# under TCG), or fail.
wait_for ()
{
  i=0
  while ! grep -qx -- "$1" out; do
    kill -0 "$pid" || { cat err >&2; exit 1; }
    i=$((i + 1))
    [ "$i" -lt 600 ] || { echo "$test_name: no '$1' in out" >&2; exit 1; }
    sleep 1
  done
}

$VG "$tail_" -f --format=raw -a t.img /var/log/app.log /var/log/later.log \
  > out 2> err &
pid=$!
# Gone already when the test ends well.
cleanup_fn "kill $pid 2>/dev/null || :"
wait_for 'line 12'
expect_output out <<'OUT'
==> /var/log/app.log <==
line 3
line 4
line 5
line 6
line 7
line 8
line 9
line 10
line 11
line 12
OUT

$VG "$fish" -a t.img -m /dev/sda1 <<'FISH'
write-append /var/log/app.log "line 13\n"
write /var/log/later.log "new file\n"
FISH
wait_for 'line 13'
wait_for 'new file'
kill -TERM "$pid"
status=0; wait "$pid" || status=$?
[ "$status" -eq 0 ]
grep -qx '==> /var/log/later.log <==' out
# Each new line once.
[ "$(grep -c 'line 13' out)" -eq 1 ]
[ "$(grep -c 'new file' out)" -eq 1 ]

# None of the files exists: exit 1 after one look.
status=0; $VG "$tail_" -a t.img /nonexistent 2> err || status=$?
[ "$status" -eq 1 ]
grep -q 'none of the files was found' err
