#!/bin/sh -
# careen - virt-make-fs: a directory into a partitioned, labelled ext4
# image; a gzip-compressed archive into a qcow2 ext2 image; usage
# errors.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img tar gzip

# careen's tool by its build-tree path: Debian's libguestfs
# virt-make-fs may be installed.
tool="$top_builddir/tools/make-fs/virt-make-fs"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-make-fs is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

$VG "$tool" --help | grep -q '^Usage:'
for args in "" "only-one" "-s 12Q in out.img" "--partition=bsd in out.img" \
            "--floppy -s 1M in out.img" "missing-input out.img"; do
  set +e
  # shellcheck disable=SC2086
  $VG "$tool" $args 2> err
  rc=$?
  set -e
  [ "$rc" = 1 ]
  grep -q '^virt-make-fs: ' err
done
[ ! -e out.img ]

mkdir -p in/sub
echo hello > in/hello.txt
echo deep > in/sub/deep
chmod 0600 in/hello.txt
tar -C in -czf in.tar.gz .

$VG "$tool" --type=ext4 --label=DATA --partition in dir.img
$VG "$tool" --format=qcow2 --size=+10M in.tar.gz tar.qcow2
qemu-img info tar.qcow2 | grep -q '^file format: qcow2'

# One disk per guestfish: the test is about the images, not about the
# order in which several disks appear.
$VG "$fish" --ro --format=raw -a dir.img -- \
  run : list-filesystems : vfs-label /dev/sda1 : \
  part-get-mbr-id /dev/sda 1 : \
  mount-ro /dev/sda1 / : cat /hello.txt : cat /sub/deep : \
  statns /hello.txt | grep -E -v '^st_([^m]|m[^o])' > got
# guestfish's cat adds a newline after the file's own.
expect_output got <<'END'
/dev/sda1: ext4
DATA
0x83
hello

deep

st_mode: 33152
END
$VG "$fish" --ro --format=qcow2 -a tar.qcow2 -- run : list-filesystems : \
  mount-ro /dev/sda / : cat /hello.txt : cat /sub/deep > got
expect_output got <<'END'
/dev/sda: ext2
hello

deep

END
