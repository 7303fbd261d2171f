#!/bin/sh -
# careen - the Linux converter's text edits, without an appliance:
# device names renamed whole and only for the source's disks, modules
# added to mkinitcpio's and mkinitfs's shell lists without losing what
# a definition says, and modprobe aliases pointed at virtio.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped

driver="$top_builddir/tests/v2v/v2v-convert-linux-test"
[ -x "$driver" ] || skip "the driver is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Device names: partitions kept, sda10 is sda's, sda1x and /mnt/dev/sda1
# are not device names, disks 26 and 27 are aa and ab, hdX and xvdX
# count like sdX, the 29th disk (ac) is not the source's; the last
# name ends the file.
printf '%s\n' \
  'root=/dev/sda1 ro console=ttyS0' \
  '/dev/sda10 /dev/sdb /dev/hdc1 /dev/xvdd2' \
  '/mnt/dev/sda1 /dev/sda1x /dev/sda_old UUID=1234 LABEL=sda1' \
  '/dev/hdaa2 /dev/xvdab /dev/sdac1 /dev/vda1 /dev/disk/by-id/sda1' > in
printf '(hd0) /dev/sda' >> in
$VG "$driver" --text remap 28 vd < in > out 2> err
# The input's last line has no newline, nor has the output's.
[ "$(tail -c 1 out)" = a ]
echo >> out
expect_output out <<'EOF'
root=/dev/vda1 ro console=ttyS0
/dev/vda10 /dev/vdb /dev/vdc1 /dev/vdd2
/mnt/dev/sda1 /dev/sda1x /dev/sda_old UUID=1234 LABEL=sda1
/dev/vdaa2 /dev/vdab /dev/sdac1 /dev/vda1 /dev/disk/by-id/sda1
(hd0) /dev/vda
EOF
grep -qx 'renamed: 8' err
# virtio-scsi: hdX and xvdX become sdX; one source disk only.
printf '/dev/hda1 /dev/xvda2 /dev/sdb1\n' |
  $VG "$driver" --text remap 1 sd > out 2> err
expect_output out <<'EOF'
/dev/sda1 /dev/sda2 /dev/sdb1
EOF

# mkinitcpio: an empty array filled, blank lines and comments kept.
printf '# modules\nMODULES=()\n\nHOOKS=(base udev)\n' > in
$VG "$driver" --text shell-list MODULES array virtio_blk virtio_pci \
  < in > out
expect_output out <<'EOF'
# modules
MODULES=(virtio_blk virtio_pci)

HOOKS=(base udev)
EOF
# A module there already is not added twice; a definition careen does
# not parse (a comment after it) is extended, not replaced.
printf 'MODULES=(ext4 virtio_blk)\n' |
  $VG "$driver" --text shell-list MODULES array virtio_blk virtio_pci > out
expect_output out <<'EOF'
MODULES=(ext4 virtio_blk virtio_pci)
EOF
printf 'MODULES=(ext4) # (for the root)\n' |
  $VG "$driver" --text shell-list MODULES array virtio_blk > out
expect_output out <<'EOF'
MODULES=(ext4) # (for the root)
MODULES+=(virtio_blk)
EOF
# mkinitfs: a quoted list, and none at all (sh, not bash).
printf 'features="ata base ide scsi usb ext4"\n' |
  $VG "$driver" --text shell-list features string virtio > out
expect_output out <<'EOF'
features="ata base ide scsi usb ext4 virtio"
EOF
printf 'features="ata virtio"\n' |
  $VG "$driver" --text shell-list features string virtio > out
expect_output out <<'EOF'
features="ata virtio"
EOF
printf 'disable_trigger=yes' |
  $VG "$driver" --text shell-list features string virtio > out
expect_output out <<'EOF'
disable_trigger=yes
features="$features virtio"
EOF

# modprobe aliases: NICs to virtio_net, SCSI adapters to virtio_blk,
# the rest (comments, options, other aliases) as they were.
printf '%s\n' 'alias eth0 e1000' '  alias eth1 virtio_net' \
  'alias scsi_hostadapter mptspi' 'alias scsi_hostadapter1 ata_piix' \
  '# alias eth2 pcnet32' 'alias char-major-10-135 rtc' \
  'options e1000 debug=1' > in
$VG "$driver" --text aliases net,blk < in > out 2> err
expect_output out <<'EOF'
alias eth0 virtio_net
  alias eth1 virtio_net
alias scsi_hostadapter virtio_blk
alias scsi_hostadapter1 virtio_blk
# alias eth2 pcnet32
alias char-major-10-135 rtc
options e1000 debug=1
EOF
grep -qx 'changed: 1' err
# Without a virtio disk target the SCSI aliases stay.
$VG "$driver" --text aliases net < in > out 2> err
grep -qx 'alias scsi_hostadapter mptspi' out
printf 'alias eth0 virtio_net\n' |
  $VG "$driver" --text aliases net,blk > out 2> err
grep -qx 'changed: 0' err
