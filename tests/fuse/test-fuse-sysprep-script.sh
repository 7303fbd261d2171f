#!/bin/sh -
# careen - virt-sysprep --script: host scripts run in order with a FUSE
# mount of the guest as their current directory, their changes land in
# the image, --scriptdir names the mount point (left empty and
# unmounted after), a failing script fails virt-sysprep and stops the
# scripts after it, and --dry-run runs none.

set -e -x
test_name=test-fuse-sysprep-script
. "$top_srcdir/tests/functions.sh"
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
[ -w /dev/fuse ] || skip "no /dev/fuse"

sysprep="$top_builddir/tools/sysprep/virt-sysprep"
fish="$top_builddir/fish/guestfish"
[ -x "$sysprep" ] || skip "virt-sysprep is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cleanup_fn fusermount3 -u -q "$scratch/sd" '||' :
cd "$scratch"
mkdir sd

# A Linux-looking guest: inspection finds it.
cat > os-release <<'REL'
NAME="Debian GNU/Linux"
ID=debian
VERSION_ID="12"
REL
$VG "$fish" -N disk.img=fs:ext4:32M <<'FISH'
mount /dev/sda1 /
mkdir-p /etc
upload os-release /etc/os-release
write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n"
write /etc/hostname "old\n"
FISH

cat > first.sh <<SH
#!/bin/sh
set -e
[ -f etc/os-release ]
pwd > "$scratch/where"
echo "from first" > etc/first
SH
cat > second.sh <<SH
#!/bin/sh
set -e
cat etc/first > etc/second
rm etc/hostname
SH
cat > failing.sh <<SH
#!/bin/sh
echo "partial" > etc/failing
exit 3
SH
cat > never.sh <<SH
#!/bin/sh
echo "should not run" > etc/never
SH
chmod +x first.sh second.sh failing.sh never.sh

$VG "$sysprep" -q --enable script --format=raw -a disk.img \
  --script "$scratch/first.sh" --script "$scratch/second.sh" \
  --scriptdir "$scratch/sd"
[ "$(cat where)" = "$scratch/sd" ]
refute grep -q " $scratch/sd " /proc/self/mountinfo
ls -A sd > out
expect_output out < /dev/null

# A failing script: virt-sysprep fails, the next script does not run,
# but what ran is kept.
status=0
$VG "$sysprep" -q --enable script --format=raw -a disk.img \
  --script "$scratch/failing.sh" --script "$scratch/never.sh" 2> err ||
  status=$?
cat err
[ "$status" -eq 1 ]
grep -q "failing.sh' failed (exit status 3)" err

# --dry-run: nothing runs.
$VG "$sysprep" --dry-run --enable script --format=raw -a disk.img \
  --script "$scratch/never.sh" > out
grep -q 'not run (--dry-run)' out

$VG "$fish" --ro -a disk.img -m /dev/sda1 <<'FISH' > out
cat /etc/first
cat /etc/second
exists /etc/hostname
cat /etc/failing
exists /etc/never
FISH
expect_output out <<'OUT'
from first

from first

false
partial

false
OUT
