#!/bin/sh
# careen - the main job on a sample disk: make a partitioned disk with an
# ext4 filesystem and some files, then open it read-only and look inside
# (filesystems, files, space used).
#
#   examples/sample-disk.sh [DISK]      (default: sample.img)

set -e
cd "$(dirname "$0")/.."
disk="${1:-sample.img}"
rm -f "$disk"

echo "== creating $disk: MBR partition, ext4, a few files"
./run guestfish -N "$disk"=fs:ext4:128M -m /dev/sda1 <<'EOF'
mkdir-p /etc/careen
write /etc/hostname "sample-host\n"
write /etc/careen/motd "Hello from a careen sample disk.\n"
mkdir /home
upload /etc/os-release /etc/os-release
EOF

echo "== inspecting $disk (read-only)"
./run guestfish --ro -a "$disk" <<'EOF'
run
echo "-- filesystems"
list-filesystems
mount-ro /dev/sda1 /
echo "-- files"
ls /etc
cat /etc/hostname
cat /etc/careen/motd
echo "-- space used"
df
EOF
