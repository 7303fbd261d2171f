#!/bin/sh -
# careen - guestfish --key with -i and -m on an encrypted guest: a
# Linux guest whose root is an LV inside LUKS (LVM-on-LUKS, as most
# distributions install an encrypted system) is built here, then
# opened with each form of --key, and with --keys-from-stdin, through
# inspection (-i) and through -m.  A wrong key is an error, and so is a
# -m of something the disks do not hold (with the list of what they do).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"
requires_appliance

# The key holds a colon and a space: --key splits at the first colon
# only, and a line of stdin is taken whole.
key='correct horse:battery staple'

cat > mk.fish <<'FISH'
luks-format /dev/sda1 0
cryptsetup-open /dev/sda1 cryptroot
pvcreate /dev/mapper/cryptroot
vgcreate guestvg /dev/mapper/cryptroot
lvcreate root guestvg 24
mkfs ext4 /dev/guestvg/root
mount /dev/guestvg/root /
mkdir-p /etc
write /etc/os-release "NAME=Fedora\nID=fedora\nVERSION_ID=39\n"
write /etc/fstab "/dev/guestvg/root / ext4 defaults 0 1\n"
write /etc/hostname "sealed"
write /etc/motd "hello from an encrypted guest"
umount-all
vg-activate false guestvg
cryptsetup-close /dev/mapper/cryptroot
FISH
# Two keys: one for luks-format, one for cryptsetup-open.
printf '%s\n%s\n' "$key" "$key" |
  $VG guestfish --keys-from-stdin -N lk.img=part:64M -f mk.fish

# -i with ID:key:KEY, read-only: inspection sees through the LUKS
# device and mounts the LV it holds.
$VG guestfish --ro --key "/dev/sda1:key:$key" -a lk.img -i \
  cat /etc/motd : mountpoints > out
expect_output out <<'END'
hello from an encrypted guest
/dev/guestvg/root: /
END

# -m with the key in a file for "all" devices.
printf '%s\n' "$key" > keyfile
$VG guestfish --ro --key all:file:keyfile -a lk.img -m /dev/guestvg/root \
  cat /etc/hostname > out
expect_output out <<'END'
sealed
END

# -m naming what is not there: the error, then the filesystems that
# are there (the LV inside the encrypted device among them).
fish_rc --ro --key all:file:keyfile -a lk.img -m /dev/guestvg/nothing \
  echo not-reached > out 2> err
test $rc = 1
test ! -s out
grep -q "^guestfish: '/dev/guestvg/nothing' could not be mounted$" err
grep -q '^guestfish: did you mean to mount one of these filesystems?$' err
grep -q '^guestfish: 	/dev/guestvg/root (ext4)$' err

# --keys-from-stdin, read-write: -i mounts the root for writing.
printf '%s\n' "$key" |
  $VG guestfish --keys-from-stdin -a lk.img -i \
  write /etc/motd "changed" : cat /etc/motd > out
expect_output out <<'END'
changed
END

# A wrong key: no mount, no command, exit 1.
fish_rc --ro --key /dev/sda1:key:wrong -a lk.img -i \
  echo not-reached > out 2> err
test $rc = 1
test ! -s out
grep -q '^libguestfs: error: cryptsetup_open: ' err
