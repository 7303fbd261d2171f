#!/bin/sh -
# careen - virt-format: usage errors, an LVM layout with a labelled
# filesystem, then two disks at once reformatted with GPT and vfat
# (the old volume group is removed first).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 truncate

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
tool="$top_builddir/tools/format/virt-format"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-format is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Usage errors: exit status 1, before any launch.
$VG "$tool" --help | grep -q '^Usage:'
for args in "" "-a x.img --lvm=vg/lv" "-a x.img --label=L" \
            "-a x.img --partition=bsd" "-a x.img -a y.img --lvm"; do
  set +e
  # shellcheck disable=SC2086
  $VG "$tool" $args 2> err
  rc=$?
  set -e
  [ "$rc" = 1 ]
  grep -q '^virt-format: ' err
done

truncate -s 64M a.img
truncate -s 64M b.img
$VG "$tool" --format=raw -a a.img --filesystem=ext4 --label=BLANK \
  --lvm=/dev/vg0/lv0
$VG "$fish" --ro --format=raw -a a.img -- run : list-filesystems : \
  vfs-label /dev/vg0/lv0 : part-get-parttype /dev/sda > got
expect_output got <<'END'
/dev/vg0/lv0: ext4
BLANK
msdos
END

$VG "$tool" --format=raw -a a.img -a b.img --partition=gpt \
  --filesystem=vfat
$VG "$fish" --ro --format=raw -a a.img -a b.img -- run : \
  list-filesystems : part-get-parttype /dev/sda : \
  part-get-parttype /dev/sdb : lvs > got
expect_output got <<'END'
/dev/sda1: vfat
/dev/sdb1: vfat
gpt
gpt
END
