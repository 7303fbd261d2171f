#!/bin/sh -
# careen - the tools and guestfish with -c URI -d DOMAIN: they print for
# a libvirt domain what they print for its disk given with -a.  The
# domains live in libvirt's test driver (a test:///FILE URI written
# here: no daemon): "web" is shut off, "live" is running (read-only
# tools may look at it, the others refuse it), "web2" (on a connection
# of its own) has the same disk under a qcow2 overlay, for virt-diff.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img sed cmp

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
tools="$top_builddir/tools"
fish="$top_builddir/fish/guestfish"
[ -x "$tools/cat/virt-cat" ] || skip "the tools are not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# A Linux-looking guest, for inspection.
cat > os-release <<'REL'
NAME="Debian GNU/Linux"
ID=debian
VERSION_ID="12"
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
REL
cat > mk.fish <<'FISH'
mkdir-p /etc
mkdir-p /bin
upload os-release /etc/os-release
write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n"
write /etc/motd "hello from a domain\n"
write /etc/hostname "web\n"
FISH
$VG "$fish" -N t.img=fs:ext4:32M -m /dev/sda1 -f mk.fish
qemu-img create -q -f qcow2 -F raw -b "$scratch/t.img" t2.qcow2

# domain NAME UUID-PREFIX RUNSTATE IMAGE FORMAT: one test-driver domain
# (runstate 5 is "shut off", 1 "running").
domain ()
{
  cat <<XML
  <domain type='test'>
    <name>$1</name>
    <uuid>${2}1e3c4d-5f60-4718-8a9b-0c1d2e3f4a5b</uuid>
    <test:runstate>$3</test:runstate>
    <memory>65536</memory><os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='$5'/>
        <source file='$scratch/$4'/><target dev='vda'/>
      </disk>
    </devices>
  </domain>
XML
}
node_start="<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
{
  echo "$node_start"
  domain web 0b 5 t.img raw
  domain live 2b 1 t.img raw
  echo "</node>"
} > domains.xml
{
  echo "$node_start"
  domain web 0b 5 t.img raw
  domain web2 1b 5 t2.qcow2 qcow2
  echo "</node>"
} > two.xml
{
  echo "$node_start"
  domain web 0b 5 t.img raw
  echo "</node>"
} > one.xml
uri="test://$scratch/domains.xml"

# The same output for the domain as for its disk.
$VG "$tools/cat/virt-cat" -a t.img /etc/motd > by-disk
$VG "$tools/cat/virt-cat" -c "$uri" -d web /etc/motd > by-domain
cmp by-disk by-domain
expect_output by-domain <<'OUT'
hello from a domain
OUT
$VG "$tools/filesystems/virt-filesystems" --all --long -a t.img > by-disk
$VG "$tools/filesystems/virt-filesystems" --all --long \
  --connect "$uri" --domain web > by-domain
cmp by-disk by-domain
# The old form: a word that is not a file is a domain.
LIBVIRT_DEFAULT_URI="$uri" $VG "$tools/cat/virt-cat" web /etc/hostname \
  > out
expect_output out <<'OUT'
web
OUT

# virt-df names the guest after the domain; with no guest named, every
# domain of the connection, in the order of their names (a running one
# too: virt-df only reads).
$VG "$tools/df/virt-df" --csv -a t.img | sed 's/^t\.img,/GUEST,/' > by-disk
$VG "$tools/df/virt-df" --csv -c "$uri" -d web | sed 's/^web,/GUEST,/' \
  > by-domain
cmp by-disk by-domain
$VG "$tools/df/virt-df" --csv -c "$uri" | cut -d, -f1,2 > out
expect_output out <<'OUT'
VirtualMachine,Filesystem
live,/dev/sda1
web,/dev/sda1
OUT
# --uuid: the guests are named (and found) by their UUIDs; a
# connection with one domain keeps it to one appliance.
$VG "$tools/df/virt-df" --csv --uuid -c "test://$scratch/one.xml" |
  cut -d, -f1 > out
expect_output out <<'OUT'
VirtualMachine
0b1e3c4d-5f60-4718-8a9b-0c1d2e3f4a5b
OUT

# guestfish: -c and -d, add-domain in the shell, -i on a domain.
$VG "$fish" -c "$uri" -d web --ro -i cat /etc/motd > out
grep -qx 'hello from a domain' out
$VG "$fish" <<FISH > out
add-domain live libvirturi:$uri readonly:true
debug-drives
FISH
expect_output out <<OUT
1
drive 0: $scratch/t.img format=raw readonly cache=writeback
OUT

# A running domain is refused for writing, by every tool that writes.
status=0
$VG "$fish" -c "$uri" -d live run 2> err || status=$?
[ "$status" -eq 1 ]
grep -q "domain 'live' on '$uri' is running" err
status=0
$VG "$tools/edit/virt-edit" -c "$uri" -d live /etc/motd -e 's/a/b/' \
  2> err || status=$?
[ "$status" -eq 1 ]
grep -q "domain 'live' on '$uri' is running" err

# Writing to a domain that is shut off: virt-edit, then virt-copy-out.
$VG "$tools/edit/virt-edit" -c "$uri" -d web /etc/motd -e 's/hello/hi/'
$VG "$tools/copy-out/virt-copy-out" -c "$uri" -d web /etc/motd .
expect_output motd <<'OUT'
hi from a domain
OUT

# virt-inspector: the same XML for the domain as for its disk.
$VG "$tools/inspector/virt-inspector" -a t.img > by-disk
$VG "$tools/inspector/virt-inspector" -c "$uri" -d web > by-domain
cmp by-disk by-domain

# virt-diff: the first guest with -d, the second with -D.
$VG "$fish" --format=qcow2 -a t2.qcow2 -i write /etc/motd "changed\n"
$VG "$tools/diff/virt-diff" -c "test://$scratch/two.xml" -d web -D web2 \
  > out
grep -q '^= .* /etc/motd$' out
grep -qx -- '-hi from a domain' out
grep -q '^+changed' out
