#!/bin/sh -
# careen - guestfish --listen with -N, -m and -i: the server launches
# the appliance and mounts before it listens, so the first --remote
# command finds the filesystems mounted; a mount that fails is
# reported and no server is left.  Three launches.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

requires_appliance

# After exit, the server still shuts the appliance down: wait for it
# (qemu holds the image's lock until then).
wait_gone ()
{
  n=0
  while kill -0 "$1" 2>/dev/null; do
    n=$((n + 1))
    [ $n -lt 600 ] || return 1
    sleep 0.1
  done
}

# -N and -m: a new disk, mounted read-write.
GUESTFISH_PID=
eval "$($VG guestfish --listen -N t.img=fs:ext4:32M -m /dev/sda1)"
test -n "$GUESTFISH_PID"
export GUESTFISH_PID
cleanup_fn "kill $GUESTFISH_PID 2>/dev/null || :"
$VG guestfish --remote mkdir /etc
$VG guestfish --remote write /etc/os-release "$(printf 'ID=debian\nPRETTY_NAME=Debian-Twelve')"
$VG guestfish --remote write /etc/fstab '/dev/sda1 / ext4 defaults 0 1'
$VG guestfish --remote exit
wait_gone "$GUESTFISH_PID"

# -i with --ro: the guest found and mounted, read-only.
GUESTFISH_PID=
eval "$($VG guestfish --listen --ro -a t.img -i)"
test -n "$GUESTFISH_PID"
cleanup_fn "kill $GUESTFISH_PID 2>/dev/null || :"
$VG guestfish --remote cat /etc/fstab > out
expect_output out <<'END'
/dev/sda1 / ext4 defaults 0 1
END
$VG guestfish --remote mountpoints > out
expect_output out <<'END'
/dev/sda1: /
END
echo '-touch /x' | fish_rc --remote > out 2> err
grep -q 'Read-only file system' err
$VG guestfish --remote exit

# A mount that fails: an error, status 1, no shell code.
fish_rc --listen -a t.img -m /dev/sdb1 > out 2> err
test $rc = 1
test ! -s out
grep -q '/dev/sdb1' err
