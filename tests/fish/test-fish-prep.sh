#!/bin/sh -
# careen - guestfish -N: every type of prepared disk is built as its
# help says (partitions, volume groups, logical volumes, filesystems),
# and a disk that cannot be built stops guestfish with the library's
# error.  One launch for all the good types, one for the bad one.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

requires_appliance

fish_rc \
  -N disk.img=disk:8M \
  -N part.img=part:16M:gpt \
  -N fs.img=fs:ext3:16M \
  -N lv.img=lv:/dev/VGA/LVA:16M \
  -N lvfs.img=lvfs:/dev/VGB/LVB:ext2:16M \
  -N bootroot.img=bootroot:ext2:ext4:64M:8M:gpt \
  -N bootrootlv.img=bootrootlv:/dev/VGC/LVC:ext2:ext3:48M:4M \
  > out 2> err <<'END'
list-partitions
lvs
list-filesystems
part-get-parttype /dev/sdb
part-get-parttype /dev/sdc
part-get-parttype /dev/sdf
part-list /dev/sdf
part-get-parttype /dev/sdg
part-list /dev/sdg
END
cat err
test $rc = 0
# Nothing on stderr but the shell's trace of fish_rc.
test -z "$(sed '/^+/d' err)"
# Partitions and filesystems as -N help describes them: one partition
# spanning the disk from sector 64; two for bootroot and bootrootlv,
# the boot one of bootsize bytes from sector 64 and the root one up to
# 64 sectors before the end.
expect_output out <<'END'
/dev/sdb1
/dev/sdc1
/dev/sdd1
/dev/sde1
/dev/sdf1
/dev/sdf2
/dev/sdg1
/dev/sdg2
/dev/VGA/LVA
/dev/VGB/LVB
/dev/VGC/LVC
/dev/sda: unknown
/dev/sdb1: unknown
/dev/sdc1: ext3
/dev/sdf1: ext2
/dev/sdf2: ext4
/dev/sdg1: ext2
/dev/VGA/LVA: unknown
/dev/VGB/LVB: ext2
/dev/VGC/LVC: ext3
gpt
msdos
gpt
[0] = {
  part_num: 1
  part_start: 32768
  part_end: 8421375
  part_size: 8388608
}
[1] = {
  part_num: 2
  part_start: 8421376
  part_end: 67076607
  part_size: 58655232
}
msdos
[0] = {
  part_num: 1
  part_start: 32768
  part_end: 4227071
  part_size: 4194304
}
[1] = {
  part_num: 2
  part_start: 4227072
  part_end: 50299391
  part_size: 46072320
}
END

# A filesystem type that mkfs does not know, once the partition, the
# volume group and the logical volume are made: the error is the
# library's, once, and nothing after it runs.
fish_rc -N bad.img=lvfs:/dev/VGD/LVD:nosuchfs:16M echo not reached \
  > out 2> err
cat err
test $rc = 1
test ! -s out
sed '/^+/d' err > errors
expect_output errors <<'END'
libguestfs: error: mkfs: unsupported filesystem type: nosuchfs
END
