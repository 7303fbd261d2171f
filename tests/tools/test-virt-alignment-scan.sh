#!/bin/sh -
# careen - virt-alignment-scan: the exact report and exit status 3 of a
# guest whose partitions start at sectors 63 (512 bytes), 8200 (4K),
# 16384 (8M) and 32768 (16M), with a second disk holding a filesystem
# and no partition table; exit status 2 for a worst alignment of 4K, with -q printing
# nothing; every domain of a libvirt test-driver connection scanned
# two at a time (-P 2), names and UUIDs (--uuid) in front of each line;
# the usage errors.  When libguestfs's virt-alignment-scan is
# installed, its report of the first guest must be the same.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64

# careen's programs by their build-tree path: Debian's libguestfs tools
# of the same names may be installed.
scan="$top_builddir/tools/alignment-scan/virt-alignment-scan"
fish="$top_builddir/fish/guestfish"
[ -x "$scan" ] || skip "virt-alignment-scan is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Without an appliance.
$VG "$scan" --help | grep -q '^Usage:'
$VG "$scan" --version | grep -Eq '^virt-alignment-scan [0-9]+\.[0-9]+\.[0-9]+$'
$VG "$scan" --long-options | grep -qx -- '--uuid'
$VG "$scan" --short-options | grep -qx -- '-P'
status=0; $VG "$scan" --bogus 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$scan" -P x -a /dev/null 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'expected a number' err
status=0; $VG "$scan" -a missing.img 2>err || status=$?
[ "$status" -eq 1 ]
grep -q '^virt-alignment-scan: access: missing.img: No such file or directory$' err

cat > mk.fish <<'FISH'
part-init /dev/sda mbr
part-add /dev/sda p 63 8191
part-add /dev/sda p 8200 16383
part-add /dev/sda p 16384 32767
part-add /dev/sda p 32768 -1
part-init /dev/sdc mbr
part-add /dev/sdc p 8200 -1
mkfs ext2 /dev/sdb
FISH
$VG "$fish" -N bad.img=disk:32M -N whole.img=disk:8M -N fair.img=disk:8M \
  -f mk.fish

cat > bad.expected <<'OUT'
/dev/sda1        32256          512    bad (alignment < 4K)
/dev/sda2      4198400            4K   bad (alignment < 64K)
/dev/sda3      8388608         8192K   ok
/dev/sda4     16777216        16384K   ok
/dev/sdb1            0 - ok
OUT
status=0
$VG "$scan" -a bad.img --format=raw -a whole.img > out || status=$?
[ "$status" -eq 3 ]
expect_output out < bad.expected

# The worst alignment 4K: status 2; -q prints nothing.
status=0; $VG "$scan" -q -a fair.img > out || status=$?
[ "$status" -eq 2 ]
[ ! -s out ]

# Every domain of a test-driver connection: in name order, prefixed.
domain ()
{
  cat <<XML
  <domain type='test'>
    <name>$1</name>
    <uuid>${2}1e3c4d-5f60-4718-8a9b-0c1d2e3f4a5b</uuid>
    <memory>65536</memory><os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='raw'/>
        <source file='$scratch/$3'/><target dev='vda'/>
      </disk>
    </devices>
  </domain>
XML
}
{
  echo "<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
  domain zeta 0b fair.img
  domain alpha 1b whole.img
  domain mid 2b fair.img
  echo "</node>"
} > domains.xml
status=0
$VG "$scan" -P 2 -c "test://$scratch/domains.xml" > out || status=$?
[ "$status" -eq 2 ]
expect_output out <<'OUT'
alpha:/dev/sda1            0 - ok
mid:/dev/sda1      4198400            4K   bad (alignment < 64K)
zeta:/dev/sda1      4198400            4K   bad (alignment < 64K)
OUT
status=0
$VG "$scan" -P 1 --uuid -c "test://$scratch/domains.xml" > out || status=$?
[ "$status" -eq 2 ]
expect_output out <<'OUT'
1b1e3c4d-5f60-4718-8a9b-0c1d2e3f4a5b:/dev/sda1            0 - ok
2b1e3c4d-5f60-4718-8a9b-0c1d2e3f4a5b:/dev/sda1      4198400            4K   bad (alignment < 64K)
0b1e3c4d-5f60-4718-8a9b-0c1d2e3f4a5b:/dev/sda1      4198400            4K   bad (alignment < 64K)
OUT

# libguestfs's own, on the same guest (one slow launch).
if [ -x /usr/bin/virt-alignment-scan ]; then
  status=0
  libguestfs /usr/bin/virt-alignment-scan -a bad.img --format=raw \
    -a whole.img > lg.out || status=$?
  [ "$status" -eq 3 ]
  expect_output lg.out < bad.expected
fi
