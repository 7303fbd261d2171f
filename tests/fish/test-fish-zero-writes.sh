#!/bin/sh -
# careen - writes of zeroes reach the user's disks as qemu write-zeroes
# requests (detect-zeroes=on), one launch: zeroes copied onto a qcow2
# disk leave its file small (zero clusters, no data), zero-device over
# a disk full of 0xAA leaves zeroes in the image after sync, and
# non-zero writes next to zeroes still land byte for byte.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

requires_appliance
requires qemu-img

mib=16
truncate -s ${mib}M zeros.img
qemu-img create -q -f qcow2 -o compat=1.1 target.qcow2 ${mib}M
# A raw disk holding 0xAA everywhere.
head -c $((mib * 1024 * 1024)) /dev/zero | tr '\0' '\252' > aa.img

$VG guestfish --format=raw -a zeros.img -a aa.img --format=qcow2 \
  -a target.qcow2 <<'END'
run
copy-device-to-device /dev/sda /dev/sdc
zero-device /dev/sdb
pwrite-device /dev/sdb careen 4096
sync
END

# Zeroes written over the whole qcow2 disk: no data clusters.
qemu-img compare -q -f raw -F qcow2 zeros.img target.qcow2
size=$(stat -c %s target.qcow2)
[ "$size" -lt $((mib * 1024 * 1024 / 2)) ] ||
  { echo "$test_name: zeroes took $size bytes of data in qcow2" >&2; exit 1; }

# The raw disk: zeroes, with "careen" at 4096.
head -c 4096 /dev/zero > expected
printf careen >> expected
head -c $((mib * 1024 * 1024 - 4096 - 6)) /dev/zero >> expected
cmp expected aa.img
