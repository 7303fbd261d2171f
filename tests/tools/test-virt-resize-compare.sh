#!/bin/sh -
# careen - virt-resize against libguestfs's: the same resize of the
# debian12 guest (MBR, --expand /dev/sda2) by both must give the same
# partition table (starts, ends, types, boot flag) and the same
# summary of changes (sizes aside).  Only under make check-slow
# (libguestfs takes minutes to launch twice under TCG), and only when
# /usr/bin/virt-resize (libguestfs) is installed.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
slow_test
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img truncate
[ -x /usr/bin/virt-resize ] || skip "libguestfs's virt-resize is not installed"

tool="$top_builddir/tools/resize/virt-resize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-resize is not built"
. "$top_srcdir/tests/guests/guests.sh"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

img="$(guest_image debian12)"
truncate -s 256M careen.img lg.img
$VG "$tool" --format=raw "$img" careen.img --expand /dev/sda2 > careen.log
# libguestfs's own library and appliance (tests/functions.sh).
libguestfs /usr/bin/virt-resize --format=raw "$img" lg.img --expand /dev/sda2 \
  > lg.log

# The summary lines, quotes and sizes aside (libguestfs prints a size
# rounded differently from the one it then writes).
for f in careen lg; do
  sed -n '/^Summary of changes/,/^\*\*\*/p' $f.log |
    grep "^virt-resize: /dev/" | sed 's/[0-9][0-9.]*[KMGT]//g' |
    tr -d "\\342\\200\\230\\231'" > $f.summary
done
diff -u lg.summary careen.summary

for f in careen lg; do
  $VG "$fish" --ro --format=raw -a $f.img <<'END' > $f.table
run
part-get-parttype /dev/sda
part-list /dev/sda
part-get-mbr-id /dev/sda 1
part-get-mbr-id /dev/sda 2
part-get-mbr-id /dev/sda 3
part-get-bootable /dev/sda 1
END
done
diff -u lg.table careen.table
