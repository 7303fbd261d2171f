#!/bin/sh -
# careen - virt-resize: usage errors and bad option values (exit 1,
# before any launch), --machine-readable, then on the debian12 guest
# (MBR, ext4 /boot and /, swap): a dry run that writes nothing, an
# output too small and a shrink below the content (errors before any
# write, saying what would fit), and a resize with --expand: same files,
# same inspection, a bigger and clean root filesystem, the swap
# partition grown and recreated with its label and UUID.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img truncate sha256sum

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
tool="$top_builddir/tools/resize/virt-resize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-resize is not built"
. "$top_srcdir/tests/tools/test-virt-resize-functions.sh"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Usage errors and bad values: exit status 1, before any launch.
$VG "$tool" --help | grep -q '^Usage:'
truncate -s 1M a.img b.img
for args in "" "a.img" "a.img b.img c.img" \
            "--align-first=sometimes a.img b.img" \
            "--alignment=0 a.img b.img" "--alignment=x a.img b.img" \
            "--unknown-filesystems=maybe a.img b.img" \
            "--resize /dev/sda1 a.img b.img" \
            "--resize /dev/sda1=12Q a.img b.img" \
            "--resize /dev/sda1=-x a.img b.img" \
            "--expand /dev/sda1 --shrink /dev/sda2 a.img b.img" \
            "--expand /dev/sda1 --expand /dev/sda2 a.img b.img"; do
  set +e
  # shellcheck disable=SC2086
  $VG "$tool" $args 2> err
  rc=$?
  set -e
  [ "$rc" = 1 ]
  grep -q '^virt-resize: ' err
done
set +e
$VG "$tool" --no-such-option a.img b.img 2> err
rc=$?
set -e
[ "$rc" = 1 ]
$VG "$tool" --long-options > long
for o in --LV-expand --lvexpand --colors --colours --wrap; do
  grep -qx -- "$o" long
done

# --colors and --wrap: the error in red, wrapped at 76 columns, even
# though stderr is not a terminal (the words are libguestfs's).
set +e
$VG "$tool" --colors --wrap --expand /dev/sda1 --resize \
  "/dev/sda2=+1$(printf '%080d' 0)" a.img b.img 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q "$(printf '\033')\[1;31mvirt-resize: error: " err
grep -q "$(printf '\033')\[0m\$" err
[ "$(wc -l < err)" -gt 1 ]
awk 'length > 76 + 12 { exit 1 }' err
set +e
$VG "$tool" --expand /dev/sda1 --resize "/dev/sda2=+1$(printf '%080d' 0)" \
  a.img b.img 2> err
set -e
[ "$(wc -l < err)" = 1 ]
if grep -q "$(printf '\033')" err; then exit 1; fi

# --machine-readable alone: the capabilities, one a line; with a
# FORMAT, where it says, and errors as JSON there too.
$VG "$tool" --machine-readable > caps
grep -qx virt-resize caps
grep -qx 128-sector-alignment caps
grep -qx ntfsresize-force caps
$VG "$tool" --machine-readable=fd:3 3> caps3 > out
test ! -s out
cmp caps caps3
$VG "$tool" --machine-readable=file:caps4 > out
cmp caps caps4
set +e
$VG "$tool" --machine-readable=stream:stdout --expand /dev/sda1 \
  --shrink /dev/sda2 a.img b.img > json 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -Eqx '\{ "message": "you cannot use --expand and --shrink together", "timestamp": "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}[+-][0-9]{2}:[0-9]{2}", "type": "error" \}' json
grep -qx 'virt-resize: error: you cannot use --expand and --shrink together' err
for f in bogus stream:nowhere fd:x file:; do
  set +e
  $VG "$tool" --machine-readable="$f" 2> err
  rc=$?
  set -e
  [ "$rc" = 1 ]
  grep -q 'invalid format string for --machine-readable' err
done

. "$top_srcdir/tests/guests/guests.sh"
img="$(guest_image debian12)"

# A dry run plans and writes nothing.
truncate -s 256M out.img
$VG "$tool" --format=raw -n "$img" out.img --expand /dev/sda2 > dry
grep -q '^virt-resize: /dev/sda2: This partition will be resized from 80.0M' dry
grep -q 'resize2fs' dry
[ "$(du -k out.img | cut -f1)" = 0 ]
cmp -n 1048576 out.img /dev/zero

# Too small: the error says how much is needed; nothing written.
truncate -s 64M small.img
set +e
$VG "$tool" --format=raw "$img" small.img 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q 'output disk is too small.*at least [0-9]* bytes' err
[ "$(du -k small.img | cut -f1)" = 0 ]

# Shrinking /boot below its (full-size) ext4: refused before writing.
set +e
$VG "$tool" --format=raw --resize /dev/sda1=-10M "$img" out.img 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q '/dev/sda1: .*below its content' err
[ "$(du -k out.img | cut -f1)" = 0 ]

# The resize itself.
$VG "$tool" --format=raw --output-format=raw "$img" out.img \
  --expand /dev/sda2 --resize /dev/sda3=+8M > log
cat log
grep -q "Expanding /dev/sda2 using the 'resize2fs' method" log
grep -q "Expanding /dev/sda3 using the 'mkswap' method" log

common="vfs-type /dev/sda3
vfs-label /dev/sda3
vfs-uuid /dev/sda3
part-get-bootable /dev/sda 1
statvfs /"
root="$(sed -n 's/^root: //p' "$(guest_expected debian12)")"
resize_probe "$img" raw "$root" in "$common"
resize_probe out.img raw "$root" out "$common" umount-all \
  "fsck ext4 /dev/sda1" "fsck ext4 /dev/sda2" "part-list /dev/sda"
cmp in.sums out.sums
# Inspection, the swap partition and the boot flag are unchanged.
sed "/^bsize:/,\$d" in.inspect > in.head
sed "/^bsize:/,\$d" out.inspect > out.head
cmp in.head out.head
grep -q '^swap$' out.head
# The root filesystem grew with its partition, and both are clean.
in_blocks="$(resize_blocks in)"
out_blocks="$(resize_blocks out)"
[ "$out_blocks" -gt $((in_blocks * 2)) ]
grep -A2 '^namemax' out.inspect | tail -n 2 > fsck
expect_output fsck <<'END'
0
0
END
# The output's partitions: same starts, sda2 grown to fill the disk.
grep -A3 'part_num: 3' out.inspect | grep -q 'part_end: 267124735'
