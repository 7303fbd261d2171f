#!/bin/sh -
# careen - virt-customize on Fedora, openSUSE and Alpine test guests:
# the host name files of each distribution, the SysV and OpenRC
# firstboot services, a password hash that a -x trace never shows, and
# --run-command on a guest whose /bin/sh cannot run (the operations
# before it are kept, the error is reported, the exit status is 1).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img perl

tool="$top_builddir/tools/customize/virt-customize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-customize is not built"

. "$top_srcdir/tests/guests/guests.sh"
fedora="$(guest_image fedora40)" || skip "the test guests could not be built"
suse="$(guest_image opensuse15)"
alpine="$(guest_image alpine320)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

fails ()
{
  if "$@"; then
    echo "$test_name: unexpected success: $*" >&2
    exit 1
  fi
}

# The overlay's backing file is the shared test guest, outside the
# overlay's directory: allow it (careen's default refuses it).
export CAREEN_BACKING_FILES=any
qemu-img create -q -f qcow2 -b "$fedora" -F raw f.qcow2
qemu-img create -q -f qcow2 -b "$suse" -F raw s.qcow2
qemu-img create -q -f qcow2 -b "$alpine" -F raw a.qcow2

# Fedora: /etc/hostname; a SHA-256 hash (--password-crypto), traced
# with -x: the trace names the uploaded file, never the hash; SELinux
# relabelling falls back to /.autorelabel (the guest has no setfiles).
$VG "$tool" -x --format qcow2 -a f.qcow2 \
  --write '/etc/shadow:root:*:19000:0:99999:7:::' \
  --hostname fedora-new.example.com \
  --password-crypto sha256 --root-password password:Tr4ced \
  --mkdir /etc/selinux --write /etc/selinux/config:SELINUXTYPE=targeted \
  --selinux-relabel > out 2> trace
grep -q 'upload' trace
fails grep -q 'Tr4ced' trace out
fails grep -q '\$5\$' trace out

# openSUSE: /etc/HOSTNAME and /etc/hostname; SysV firstboot service
# when the guest has /etc/init.d but no systemd.
$VG "$tool" -q --format qcow2 -a s.qcow2 \
  --hostname suse-new \
  --mkdir /etc/init.d \
  --firstboot-command 'echo suse' > out
[ ! -s out ]

# Alpine: /etc/hostname; OpenRC firstboot service; then a command
# that cannot run: the guest's /bin/sh is not a working shell.
set +e
$VG "$tool" --format qcow2 -a a.qcow2 \
  --hostname alpine-new \
  --mkdir /etc/runlevels/default \
  --firstboot-command 'echo alpine' \
  --run-command 'echo never > /never' \
  --touch /not-reached > out 2> err
rc=$?
set -e
cat out err
[ "$rc" = 1 ]
grep -q '^libguestfs: error: sh: ' err
grep -q 'Running: echo never > /never' out
fails grep -q 'Touching' out

$VG "$fish" --ro --format=qcow2 -a f.qcow2 -a s.qcow2 -a a.qcow2 -- run : \
  mount-options ro,subvol=root /dev/sda3 / : cat /etc/hostname : \
  cat /etc/shadow : exists /.autorelabel : umount / : \
  mount-ro /dev/sdb2 / : cat /etc/hostname : cat /etc/HOSTNAME : \
  is-file /etc/init.d/guestfs-firstboot : \
  readlink /etc/rc3.d/S99guestfs-firstboot : \
  cat /usr/lib/virt-sysprep/scripts/5000-0001-echo-suse : umount / : \
  mount-ro /dev/sdc1 / : cat /etc/hostname : \
  readlink /etc/runlevels/default/guestfs-firstboot : \
  head-n 1 /etc/init.d/guestfs-firstboot : \
  exists /never : exists /not-reached > got
cat got
grep '^root:\$5\$' got > hash
sed -i 's/^root:\$5\$.*$/HASH/' got
expect_output got <<'END'
fedora-new.example.com

HASH
true
suse-new

suse-new

true
../init.d/guestfs-firstboot
#!/bin/sh
echo suse

alpine-new

/etc/init.d/guestfs-firstboot
#!/sbin/openrc-run
false
false
END
hash="$(cut -d: -f2 hash)"
perl -e 'exit (crypt ($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' \
  Tr4ced "$hash"
