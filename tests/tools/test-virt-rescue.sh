#!/bin/sh -
# careen - virt-rescue: the interactive shell is refused clearly;
# --suggest on a disk with no operating system lists its filesystems.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 truncate

# careen's tool by its build-tree path: Debian's libguestfs virt-rescue
# may be installed.
tool="$top_builddir/tools/virt-rescue"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-rescue is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

$VG "$tool" --help | grep -q -- '--suggest'

truncate -s 1M empty.img
set +e
$VG "$tool" -a empty.img 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q 'interactive rescue shell is not available' err

set +e
$VG "$tool" --suggest 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q 'no disk image' err

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
