#!/bin/sh -
# careen - guestfish and a few tools built with AddressSanitizer and
# UndefinedBehaviorSanitizer (make check-sanitizers), run on a small
# image and on the test guests: any sanitizer report, leak included,
# makes a program exit non-zero and this script fail.  $1 is the
# directory of the programs.

set -e -x
bin="$1"
scratch="$(mktemp -d /tmp/careen-san.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT INT TERM
cd "$scratch"

truncate -s 64M disk.img
echo hello > local.txt
"$bin/guestfish" --format=raw -a disk.img -- run : \
  part-disk /dev/sda mbr : mkfs ext4 /dev/sda1 : mount /dev/sda1 / : \
  mkdir /d : upload local.txt /d/up : download /d/up "$scratch/down" : \
  write /d/w hello : cat /d/w : ll / : find / : \
  tar-out / "$scratch/t.tar" : tar-in "$scratch/t.tar" /d : \
  list-filesystems : vfs-type /dev/sda1 : statvfs / : \
  copy-out /d "$scratch" : umount-all
cmp local.txt down
# Error paths: a script goes on after a "-" command fails.
"$bin/guestfish" --ro --format=raw -a disk.img <<EOF
run
mount /dev/sda1 /
-cat /nonexistent
-download /nonexistent $scratch/x
-mount /dev/sdz /
EOF
"$bin/guestfish" --ro --format=raw -a disk.img -i -- ll / || :
"$bin/virt-df" --format=raw -a disk.img
"$bin/virt-df" --format=raw -a disk.img --csv
"$bin/virt-ls" --format=raw -a disk.img -m /dev/sda1 -lR /
"$bin/virt-filesystems" --format=raw -a disk.img --all --long

# Inspection and the registry, on the test guests when they are built.
. "$top_srcdir/tests/guests/guests.sh"
if linux="$(guest_image debian12)" && win="$(guest_image windows)"; then
  "$bin/virt-inspector" --format=raw -a "$linux" > /dev/null
  "$bin/virt-win-reg" --format=raw "$win" \
    'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
else
  echo "test guests not available: inspection and registry not checked"
fi
