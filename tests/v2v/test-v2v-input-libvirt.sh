#!/bin/sh -
# careen - virt-v2v -i libvirt: a guest of libvirt's test driver
# (-ic test:///FILE) reads as the same domain's XML does with -i
# libvirtxml; by name or UUID; a running test-driver domain is accepted
# as virt-v2v accepts it; -ip answers libvirt's password question;
# VMware and Xen-over-ssh connections, unknown guests and network disks
# are refused with their names.  No appliance (--print-source).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-img cmp

v2v="$top_builddir/tools/v2v/virt-v2v"
[ -x "$v2v" ] || skip "virt-v2v is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
scratch="$(cd "$scratch" && pwd -P)"
cd "$scratch"
mkdir tmp
export VIRT_V2V_TMPDIR="$scratch/tmp"
# libvirt's own configuration must not answer for the tests.
export XDG_CONFIG_HOME="$scratch/config"

qemu-img create -q -f qcow2 disk.qcow2 16M

# domain NAME UUID-PREFIX RUNSTATE (1 running, 5 shut off) DISK-TYPE
domain ()
{
  if [ "$4" = network ]; then
    disk="<disk type='network' device='disk'>
        <source protocol='nbd' name='e'><host name='127.0.0.1'/></source>
        <target dev='vda' bus='virtio'/></disk>"
  else
    disk="<disk type='file' device='disk'>
        <driver name='qemu' type='qcow2'/>
        <source file='$scratch/disk.qcow2'/>
        <target dev='vda' bus='virtio'/></disk>"
  fi
  cat <<XML
  <domain type='test'>
    <name>$1</name>
    <uuid>${2}1e3c4d-5f60-4718-8a9b-0c1d2e3f4a5b</uuid>
    <test:runstate>$3</test:runstate>
    <memory unit='MiB'>512</memory><vcpu>2</vcpu>
    <os><type>hvm</type></os>
    <devices>
      $disk
      <interface type='network'><mac address='52:54:00:01:02:03'/>
        <source network='default'/><model type='virtio'/></interface>
    </devices>
  </domain>
XML
}
node_start="<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
{ echo "$node_start"; domain off 0a 5 file; domain on 0b 1 file
  domain net 0c 5 network; echo "</node>"; } > node.xml
uri="test://$scratch/node.xml"

# The domain alone, for -i libvirtxml.
{ domain off 0a 5 file; } | sed 's|<test:runstate>.*||' > off.xml

$VG "$v2v" -i libvirt -ic "$uri" off --print-source > libvirt.out
$VG "$v2v" -i libvirtxml off.xml --print-source > xml.out
sed -n '/^Source guest/,$p' libvirt.out > a
sed -n '/^Source guest/,$p' xml.out > b
cmp a b
# The progress line names the connection, as virt-v2v's does.
grep -F "Setting up the source: -ic $uri -i libvirt off" libvirt.out
grep -F "$scratch/disk.qcow2 (qcow2) [virtio-blk] in slot 0" a
grep -F 'memory: 536870912 (bytes)' a
grep -F 'nr vCPUs: 2' a

# -i libvirt is the default; a UUID finds the guest too.
$VG "$v2v" -ic "$uri" 0a1e3c4d-5f60-4718-8a9b-0c1d2e3f4a5b --print-source \
  > uuid.out
grep -F 'source name: off' uuid.out

# The test driver's domains run only on paper: accepted, as virt-v2v
# 2.2 accepts them.
$VG "$v2v" -i libvirt -ic "$uri" on --print-source > on.out
grep -F 'source name: on' on.out

fails ()
{
  text="$1"; shift
  status=0
  $VG "$v2v" "$@" > stdout 2> stderr || status=$?
  cat stderr
  [ "$status" = 1 ]
  grep -F -- "$text" stderr
  [ -z "$(find tmp -mindepth 1)" ]
}

fails "cannot find libvirt domain 'nope'" -ic "$uri" nope --print-source
fails "libvirt domain 'net': disk vda: disks of type 'network' are not" \
  -ic "$uri" net --print-source
fails "could not connect to libvirt test:///nonexistent.xml" \
  -ic test:///nonexistent.xml g --print-source
for u in vpx://root@vc/dc/h esx://root@esx gsx://h xen+ssh://root@xen; do
  fails "-ic $u: careen cannot read the disks of" -ic "$u" g --print-source
done

# -ip: the test driver asks for a user name (libvirt's auth.conf gives
# it) and a password (the file gives it).
{ echo "$node_start"
  echo "<auth><user password='s3cret'>alice</user></auth>"
  domain off 0a 5 file; echo "</node>"; } > auth.xml
cat > auth.conf <<'CONF'
[credentials-t]
username=alice
[auth-test-localhost]
credentials=t
CONF
export LIBVIRT_AUTH_FILE="$scratch/auth.conf"
printf 's3cret' > pw
printf 'wrong' > badpw
chmod 0600 pw badpw
$VG "$v2v" -ic "test://$scratch/auth.xml" -ip pw off --print-source > pw.out
grep -F 'source name: off' pw.out
fails "could not connect to libvirt test://$scratch/auth.xml" \
  -ic "test://$scratch/auth.xml" -ip badpw off --print-source
fails "open: '$scratch/nopw'" \
  -ic "test://$scratch/auth.xml" -ip "$scratch/nopw" off --print-source
# Without the user name, -ip says what libvirt asked for.
unset LIBVIRT_AUTH_FILE
fails "which -ip cannot answer" \
  -ic "test://$scratch/auth.xml" -ip pw off --print-source
