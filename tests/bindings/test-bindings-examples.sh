#!/bin/sh -
# careen - offline disk-image toolkit
# libguestfs's own libvirt examples, as Debian's libguestfs-dev ships
# them, compile against careen's guestfs.h and run on careen's
# libguestfs.so.0 unchanged: copy-over (two handles in two threads,
# add_domain, inspection, tar-out piped into tar-in) and libvirt-auth
# (GUESTFS_EVENT_LIBVIRT_AUTH and the credential calls).  The domains
# live in libvirt's test driver (a test:///FILE URI written here).

set -e -x
test_name=test-bindings-examples
. "$top_srcdir/tests/functions.sh"
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires cc setsid

examples=/usr/share/doc/libguestfs-dev/examples
for f in copy-over.c libvirt-auth.c; do
  [ -f "$examples/$f" ] || skip "$examples/$f is missing (libguestfs-dev)"
done

# A sanitized careen needs sanitized examples (functions.sh).
use_sanitizers_of_careen

fish="$top_builddir/fish/guestfish"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# The examples as they are, with careen's header and library only.
for f in copy-over libvirt-auth; do
  cc $sanitizer_cflags -o "$f" -I"$top_builddir/include" "$examples/$f.c" \
     -L"$top_builddir/lib/.libs" -Wl,-rpath,"$top_builddir/lib/.libs" \
     -lguestfs -lpthread
  ldd "./$f" | grep -q "$top_builddir/lib/.libs/libguestfs.so.0"
done

# Two Linux-looking guests (inspection must find one OS in each): the
# source has /data to copy, the destination an empty /copied.
cat > os-release <<'REL'
NAME="Debian GNU/Linux"
ID=debian
VERSION_ID="12"
REL
$VG "$fish" -N src.img=fs:ext4:32M -N dst.img=fs:ext4:32M <<'FISH'
mount /dev/sda1 /
mkdir-p /etc
upload os-release /etc/os-release
write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n"
mkdir-p /data/sub
write /data/motd "copied by copy-over\n"
write /data/sub/deep "a file further down\n"
umount /
mount /dev/sdb1 /
mkdir-p /etc
upload os-release /etc/os-release
write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n"
mkdir /copied
FISH

# src runs (copy-over opens it read-only), dst is shut off (runstate 5);
# libvirt-auth opens its domain for writing: shut off too.
domain ()
{
  cat <<XML
  <domain type='test'>
    <name>$1</name>
    <test:runstate>$2</test:runstate>
    <memory>65536</memory><os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='raw'/>
        <source file='$scratch/$3'/><target dev='vda'/>
      </disk>
    </devices>
  </domain>
XML
}
node_start="<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
{
  echo "$node_start"
  domain src 1 src.img
  domain dst 5 dst.img
  echo "</node>"
} > domains.xml
{
  echo "$node_start"
  echo "  <auth><user password='s3cret'>careen</user></auth>"
  domain src 5 src.img
  echo "</node>"
} > auth.xml

# copy-over names domains only: the connection is libvirt's default.
# The examples get a time limit: a hang must fail the test, not stall
# the suite.
LIBVIRT_DEFAULT_URI="test://$scratch/domains.xml" \
  timeout 300 ./copy-over src /data dst /copied > out
cat out
grep -q '^copy finished' out
$VG "$fish" --ro -a dst.img -m /dev/sda1 <<'FISH' > out
cat /copied/motd
cat /copied/sub/deep
FISH
expect_output out <<'OUT'
copied by copy-over

a file further down

OUT

# libvirt-auth answers the test driver's questions from stdin (no
# controlling terminal, so getpass reads stdin too).
printf 'careen\ns3cret\n' |
  timeout 300 setsid -w ./libvirt-auth "test://$scratch/auth.xml" src > out
cat out
grep -q "authentication required for libvirt URI 'test://$scratch/auth.xml'" out
grep -q "^libvirt-auth.c: credential 'authname'" out
# The last prompt has no newline: the answer's line follows it.
grep -q 'src:/dev/sda1 is a ext4 filesystem$' out

# A wrong password: libvirt refuses the connection, the program fails.
status=0
printf 'careen\nwrong\n' |
  timeout 300 setsid -w ./libvirt-auth "test://$scratch/auth.xml" src \
  > out 2> err || status=$?
cat out err
[ "$status" -ne 0 ]
refute grep -q 'is a ext4 filesystem' out
