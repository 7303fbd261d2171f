# careen - sourced by the virt-sparsify tests (not a test itself).
#
# make_dirty_image FILE: a 128M raw disk whose free space is dirty,
# each region with its own byte, so that what was freed can be counted
# on the host afterwards (count_byte):
#
#   sda1 ext4     /data/hello, /data/big kept; 8M of 'U' deleted
#   sda2 swap     label SWP; its body full of 'S' (8M)
#   sda3 LVM PV   VG "vg": lv (ext4, /lvfile kept, 4M of 'f' deleted),
#                 scratch (ext2, 3M of 'Y' kept), and 8M of 'w' in
#                 the free extents (a volume written, then removed)
#   sda4 ext4     /ign.txt kept; 4M of 'Z' deleted
#
# Needs $fish (careen's guestfish).

make_dirty_image ()
{
  rm -f "$1"
  truncate -s 128M "$1"
  $VG "$fish" --format=raw -a "$1" -- run : \
    part-init /dev/sda mbr : \
    part-add /dev/sda p 2048 83967 : \
    part-add /dev/sda p 83968 108543 : \
    part-add /dev/sda p 108544 206847 : \
    part-add /dev/sda p 206848 -1 : \
    mkfs ext4 /dev/sda1 : mkfs ext4 /dev/sda4 : \
    pvcreate /dev/sda3 : vgcreate vg /dev/sda3 : \
    lvcreate lv vg 12 : lvcreate scratch vg 8 : lvcreate tmp vg 12 : \
    mkfs ext4 /dev/vg/lv : mkfs ext2 /dev/vg/scratch : mkfs ext2 /dev/vg/tmp : \
    mount /dev/sda1 / : mkdir /data : write /data/hello "hello, world" : \
    fill-pattern "careen-data:" 1000000 /data/big : \
    fill 0x53 8388608 /swapfill : \
    copy-file-to-device /swapfill /dev/sda2 : rm /swapfill : \
    fill 0x55 8388608 /dirty : sync : rm /dirty : umount-all : \
    mkswap /dev/sda2 label:SWP uuid:5f0f1a2b-0c3d-4e5f-8a9b-0123456789ab : \
    mount /dev/sda4 / : write /ign.txt "ignored" : \
    fill 0x5a 4194304 /zz : sync : rm /zz : umount-all : \
    mount /dev/vg/lv / : write /lvfile "on lvm" : \
    fill 0x66 4194304 /ff : sync : rm /ff : umount-all : \
    mount /dev/vg/scratch / : fill 0x59 3145728 /yy : umount-all : \
    mount /dev/vg/tmp / : fill 0x77 8388608 /ww : umount-all : \
    lvremove /dev/vg/tmp
}

# count_byte FILE CHAR: how many bytes CHAR the raw image FILE holds.
count_byte ()
{
  LC_ALL=C tr -cd "$2" < "$1" | wc -c
}

# allocated FILE: bytes the file takes on the host.
allocated ()
{
  echo $(( $(stat -c %b "$1") * 512 ))
}

# check_contents DISK FORMAT: the kept files of make_dirty_image, the
# swap label and UUID, as expected_contents prints them.
check_contents ()
{
  $VG "$fish" --ro --format="$2" -a "$1" -- run : \
    mount-ro /dev/sda1 / : cat /data/hello : checksum sha256 /data/big : \
    umount-all : mount-ro /dev/sda4 / : cat /ign.txt : umount-all : \
    mount-ro /dev/vg/lv / : cat /lvfile : umount-all : \
    vfs-type /dev/sda2 : vfs-label /dev/sda2 : vfs-uuid /dev/sda2 : \
    lvs : vfs-type /dev/vg/scratch : is-zero-device /dev/vg/scratch
}

# What check_contents prints for the disk of make_dirty_image; with
# "zeroed", after --zero /dev/vg/scratch.
expected_contents ()
{
  cat <<'END'
hello, world
2228aef433eae68e0718bbe83c937e2ceabe44f0e3481bd6307592f0dcdcf68f
ignored
on lvm
swap
SWP
5f0f1a2b-0c3d-4e5f-8a9b-0123456789ab
/dev/vg/lv
/dev/vg/scratch
END
  if [ "${1:-}" = zeroed ]; then printf '\ntrue\n'; else printf 'ext2\nfalse\n'; fi
}
