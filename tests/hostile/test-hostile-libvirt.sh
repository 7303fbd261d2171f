#!/bin/sh -
# careen - hostile libvirt domains through add_domain (guestfish -c URI
# -d NAME), on libvirt's test driver (a test:///FILE URI: no daemon).
#
# A domain naming a host file as its disk is what a domain is for, so
# what is attacked here is the rest: entity expansion and external
# entities, block sizes that are not numbers, disks that are a
# directory, a fifo or a character device, thousands of disks, network
# disks with odd hosts, formats that are qemu options or json:, and
# qcow2 disks whose backing file leaves their directory.  Each gives a
# clear error naming the domain, quickly, or a drive as add_drive would
# make it; no appliance is launched and the host secret's bytes never
# appear in any output.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
requires qemu-img python3 mkfifo
HOSTILE_TIMEOUT=60

marker=Zq7domaincanary
mkdir host img
printf '%s\n' "$marker" > host/secret
truncate -s 1M img/disk.img
mkdir img/adir
mkfifo img/fifo
qemu-img create -q -f qcow2 -u -F raw -b "$PWD/host/secret" img/back.qcow2 1M

head='<node xmlns:test="http://libvirt.org/schemas/domain/test/1.0">'
# domain NAME DISK-XML...: one shut-off test-driver domain.
domain ()
{
  name="$1"; shift
  printf '<domain type="test"><name>%s</name>' "$name"
  printf '<test:runstate>5</test:runstate><memory>65536</memory>'
  printf '<os><type>hvm</type></os><devices>%s</devices></domain>\n' "$*"
}
# file_disk PATH [FORMAT [EXTRA]]
file_disk ()
{
  printf '<disk type="file" device="disk"><driver name="qemu" type="%s"/>' \
    "${2:-raw}"
  printf '<source file="%s"/>%s<target dev="vda"/></disk>' "$1" "${3:-}"
}
# net_disk PROTOCOL NAME HOST-XML [FORMAT]
net_disk ()
{
  printf '<disk type="network" device="disk"><driver name="qemu" '
  printf 'type="%s"/><source protocol="%s" name="%s">%s</source>' \
    "${4:-raw}" "$1" "$2" "$3"
  printf '<target dev="vda"/></disk>'
}

d="$PWD/img"
# mkdom NAME DISK-XML: a file NAME.xml with the one domain NAME (libvirt
# checks a whole file at once: one domain it refuses would hide the
# others).
mkdom ()
{
  { echo "$head"; domain "$@"; echo "</node>"; } > "$1.xml"
}
mkdom good "$(file_disk "$d/disk.img")"
mkdom bigblock "$(file_disk "$d/disk.img" raw \
  '<blockio logical_block_size="99999999999999999999"/>')"
mkdom oddblock "$(file_disk "$d/disk.img" raw \
  '<blockio logical_block_size="512x"/>')"
mkdom dir "$(file_disk "$d/adir")"
mkdom fifo "$(file_disk "$d/fifo")"
mkdom chardev "$(file_disk /dev/zero)"
mkdom optfmt "$(file_disk "$d/disk.img" 'raw,file=/etc/shadow')"
mkdom jsonfmt "$(file_disk "$d/disk.img" 'json:{&quot;file&quot;:&quot;/etc/shadow&quot;}')"
mkdom back "$(file_disk "$d/back.qcow2" qcow2)"
mkdom backprobe "<disk type='file'><source file='$d/back.qcow2'/><target dev='vda'/></disk>"
mkdom v6 "$(net_disk nbd exp '<host name="::1" port="10809"/>')"
mkdom unixname "$(net_disk nbd exp '<host name="unix:/etc/shadow"/>')"
mkdom commahost "$(net_disk nbd exp '<host name="h,file=/etc/shadow"/>')"
mkdom badport "$(net_disk nbd exp '<host name="h" port="99999"/>')"
mkdom relsock "$(net_disk nbd exp \
  '<host transport="unix" socket="relative.sock"/>')"
mkdom noproto '<disk type="network"><source name="x"/><target dev="vda"/></disk>'
mkdom httpjson "$(net_disk http '/d.img' '<host name="h"/>' \
  'json:{&quot;driver&quot;:&quot;file&quot;}')"
mkdom novol '<disk type="volume"><source pool="p" volume="v"/><target dev="vda"/></disk>'

# fails DOMAIN ERROR-PATTERN: add_domain (or libvirt, reading the
# file) refuses the domain with an error matching the pattern, and the
# secret is not shown.
fails ()
{
  fish_rc -c "test://$PWD/$1.xml" -d "$1" --ro debug-drives > out 2> err
  cat out err
  [ "$rc" -ne 0 ]
  grep -q -e "$2" err
  refute grep -q "$marker" out err
}
# adds DOMAIN EXPECTED-LINE: add_domain adds exactly this drive.
adds ()
{
  fish_rc -c "test://$PWD/$1.xml" -d "$1" --ro debug-drives > out 2> err
  cat out err
  [ "$rc" -eq 0 ]
  echo "$2" | expect_output out
}

adds good "drive 0: $d/disk.img format=raw readonly cache=writeback"
# libvirt checks these itself (add_libvirt_dom on a connection that
# does not gets careen's own refusal, as tests/fuzz checks).
fails bigblock "logical_block_size.*99999999999999999999"
fails oddblock "logical_block_size.*512x"
fails dir "Is a directory"
fails fifo "not a regular file"
fails chardev "not a regular file"
# Formats: libvirt knows its format names, and add_drive knows them too.
fails optfmt "unknown .*format.*'raw,file=/etc/shadow'"
fails jsonfmt "unknown .*format.*'json:"
fails back "$PWD/host/secret"
fails backprobe "qcow2 with a backing file.*does not open"
# libvirt writes IPv6 hosts bare: they reach add_drive bracketed.
adds v6 "drive 0: nbd:exp server=::1 format=raw readonly cache=writeback"
# A host name is never taken for a socket.
adds unixname \
  "drive 0: nbd:exp server=unix:/etc/shadow format=raw readonly cache=writeback"
adds commahost \
  "drive 0: nbd:exp server=h,file=/etc/shadow format=raw readonly cache=writeback"
fails badport "port '99999'"
fails relsock "must be an absolute path"
fails noproto "protocol"
fails httpjson "unknown .*format.*'json:"
fails novol "storage pool 'p'"

# Billion laughs, and an external entity naming the secret: libvirt's
# parser refuses both, and add_domain says so at once.
{
  echo '<?xml version="1.0"?>'
  echo '<!DOCTYPE node ['
  echo '  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
  prev=a
  for e in b c e f g h i j; do
    printf '  <!ENTITY %s "' "$e"
    for k in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' "$prev"; done
    printf '">\n'
    prev=$e
  done
  echo ']>'
  echo "$head"
  domain lol "$(file_disk "$d/disk.img&j;")"
  echo "</node>"
} > lol.xml
start=$(date +%s)
fish_rc -c "test://$PWD/lol.xml" -d lol --ro debug-drives > out 2> err
cat out err
[ "$rc" -ne 0 ]
grep -q "entity" err
[ $(($(date +%s) - start)) -lt 20 ]

# An external entity naming the secret, in an element (libvirt leaves
# it out) and in the disk's path (libvirt refuses the file).
xxe ()
{
  echo '<?xml version="1.0"?>'
  echo "<!DOCTYPE node [ <!ENTITY sec SYSTEM \"file://$PWD/host/secret\"> ]>"
  echo "$head"
  domain xxe "$1"
  echo "</node>"
}
xxe "<description>&sec;</description>$(file_disk "$d/disk.img")" > xxe.xml
fish_rc -c "test://$PWD/xxe.xml" -d xxe --ro debug-drives > out 2> err
cat out err
refute grep -q "$marker" out err
xxe "$(file_disk "$d/disk.img&sec;")" > xxe.xml
fish_rc -c "test://$PWD/xxe.xml" -d xxe --ro debug-drives > out 2> err
cat out err
[ "$rc" -ne 0 ]
grep -q "external entity" err
refute grep -q "$marker" out err

# Thousands of disks: refused as a whole, quickly, and no drive is
# left behind on the handle.
python3 - "$d/disk.img" "$head" > many.xml <<'END'
import sys
disk, head = sys.argv[1], sys.argv[2]
print(head)
print('<domain type="test"><name>many</name>'
      '<test:runstate>5</test:runstate><memory>65536</memory>'
      '<os><type>hvm</type></os><devices>')
def name(i):                    # libvirt's vda ... vdz, vdaa ...
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(ord("a") + r) + s
    return "vd" + s
for i in range(3000):
    print('<disk type="file" device="disk"><driver name="qemu" type="raw"/>'
          '<source file="%s"/><target dev="%s"/></disk>' % (disk, name(i)))
print('</devices></domain></node>')
END
start=$(date +%s)
fish_rc -c "test://$PWD/many.xml" -d many --ro debug-drives > out 2> err
tail -n 3 err
[ "$rc" -ne 0 ]
grep -q "domain 'many'.*3000 disks would make more than" err
[ $(($(date +%s) - start)) -lt 30 ]
