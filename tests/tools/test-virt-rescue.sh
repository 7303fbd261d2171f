#!/bin/sh -
# careen - virt-rescue: the shell's bad options are refused before the
# appliance starts; --suggest on a disk with no operating system lists
# its filesystems.  (The shell itself: test-virt-rescue-shell.sh.)

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 truncate

# careen's tool by its build-tree path: Debian's libguestfs virt-rescue
# may be installed.
tool="$top_builddir/tools/rescue/virt-rescue"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-rescue is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

$VG "$tool" --help | grep -q -- '--suggest'

truncate -s 1M empty.img
# Bad options of the shell are refused before anything starts.
for args in '-e ^^^' '-e ab' '--memsize 1' '--scratch=0' \
            '-i -m /dev/sda1'; do
  set +e
  $VG "$tool" $args -a empty.img 2> err < /dev/null
  rc=$?
  set -e
  [ "$rc" = 1 ]
  [ -s err ]
done
grep -q 'cannot be used together' err

# virt-rescue reads libguestfs-tools.conf as guestfish does (see
# tests/fish/test-fish-config.sh): a file that does not parse stops it
# before anything starts.
mkdir home
printf 'read_only = true;\nread_only = true;\n' > home/.libguestfs-tools.rc
set +e
HOME="$scratch/home" XDG_CONFIG_HOME= XDG_CONFIG_DIRS= \
  $VG "$tool" -a empty.img 2> err < /dev/null
rc=$?
set -e
[ "$rc" = 1 ]
grep -q "^virt-rescue: $scratch/home/.libguestfs-tools.rc: line 2: error parsing configuration file: duplicate setting name" err

set +e
$VG "$tool" --suggest 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q 'no disk image' err

# Commands from a pipe (no terminal): they run, and the end of the
# input ends the shell.
printf 'echo $((6*7))\n' | $VG "$tool" --format=raw -a empty.img > out
tr -d '\r' < out | grep -q '42$'

$VG "$fish" -N t.img=part:32M -- mkfs ext4 /dev/sda1 : \
  set-label /dev/sda1 DATA
$VG "$tool" --suggest --format=raw -a t.img > got
expect_output got <<'END'
Inspecting the disks ...

No operating system was found on these disks.

These filesystems could be mounted by hand:

# /dev/sda1 is a ext4 filesystem
mount /dev/sda1 /sysroot/

END
