#!/bin/sh -
# careen - virt-inspector: XML and JSON reports of a small Debian guest
# made here (an ext4 filesystem from a directory), the options that need
# no appliance, --xpath on the report, and, when the test guests of
# tests/guests can be built, every guest's report checked against the
# facts of its NAME.expected.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mke2fs

# careen's virt-inspector by its build-tree path: Debian's libguestfs
# virt-inspector may be installed too.
vi="$top_builddir/tools/inspector/virt-inspector"
[ -x "$vi" ] || skip "virt-inspector is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Options that need no appliance.
"$vi" --help > help
grep -q '^Usage:' help
"$vi" --version | grep -q '^virt-inspector '
"$vi" --long-options | grep -qx -- '--no-applications'
if "$vi" 2> err; then exit 1; fi
grep -q 'no disk image' err
if "$vi" --no-such-option 2> err; then exit 1; fi

# The guest.
mkdir -p g/etc g/usr/bin g/var/lib/dpkg g/usr/share/pixmaps
cat > g/etc/os-release <<'END'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
ID=debian
END
echo 12.4 > g/etc/debian_version
echo 'inspected<&>' > g/etc/hostname
echo '/dev/vda / ext4 defaults 0 1' > g/etc/fstab
cp /bin/ls g/usr/bin/ls
ln -s usr/bin g/bin
cat > g/var/lib/dpkg/status <<'END'
Package: libc6
Status: install ok installed
Architecture: amd64
Version: 2:2.36-9+deb12u3
Description: GNU C Library: Shared libraries

Package: coreutils
Status: install ok installed
Architecture: amd64
Version: 9.1-1
Description: GNU core utilities "quoted"
END
printf '\211PNG\r\n\032\nrest' > g/usr/share/pixmaps/debian-logo.png
truncate -s 32M disk.img
mke2fs -q -F -t ext4 -L debroot -d g disk.img

"$vi" --format=raw -a disk.img > out.xml
cat out.xml
# Element names and order of libguestfs's virt-inspector.
sed -e 's/<uuid>.*<\/uuid>/<uuid>UUID<\/uuid>/' -e 's/^ *//' out.xml |
  grep -v '^<?xml' > got
expect_output got <<'END'
<operatingsystems>
<operatingsystem>
<root>/dev/sda</root>
<name>linux</name>
<arch>x86_64</arch>
<distro>debian</distro>
<product_name>12.4</product_name>
<major_version>12</major_version>
<minor_version>4</minor_version>
<package_format>deb</package_format>
<package_management>apt</package_management>
<hostname>inspected&lt;&amp;&gt;</hostname>
<osinfo>debian12</osinfo>
<mountpoints>
<mountpoint dev="/dev/sda">/</mountpoint>
</mountpoints>
<filesystems>
<filesystem dev="/dev/sda">
<type>ext4</type>
<label>debroot</label>
<uuid>UUID</uuid>
</filesystem>
</filesystems>
<applications>
<application>
<name>coreutils</name>
<version>9.1</version>
<release>1</release>
<arch>amd64</arch>
<summary>GNU core utilities &quot;quoted&quot;</summary>
</application>
<application>
<name>libc6</name>
<epoch>2</epoch>
<version>2.36</version>
<release>9+deb12u3</release>
<arch>amd64</arch>
<summary>GNU C Library: Shared libraries</summary>
</application>
</applications>
<icon>iVBORw0KGgpyZXN0</icon>
</operatingsystem>
</operatingsystems>
END

# XPath on the report.
"$vi" --xpath 'string(//hostname)' < out.xml > got
expect_output got <<'END'
inspected<&>
END
"$vi" --xpath '//mountpoint/@dev' < out.xml > got
expect_output got <<'END'
/dev/sda
END
"$vi" --xpath 'count(//application)' < out.xml > got
expect_output got <<'END'
2
END
"$vi" --xpath '//major_version' < out.xml > got
expect_output got <<'END'
<major_version>12</major_version>
END
if "$vi" --xpath '//[' < out.xml 2> err; then exit 1; fi
if echo 'not xml' | "$vi" --xpath '//x' 2> err; then exit 1; fi
if "$vi" --xpath '//x' -a disk.img < out.xml 2> err; then exit 1; fi

# JSON, without applications and icon.
"$vi" --json --no-applications --no-icon --format=raw -a disk.img > out.json
cat out.json
grep -q '"hostname": "inspected<&>"' out.json
grep -q '"major_version": 12,' out.json
grep -q '{"dev": "/dev/sda", "mountpoint": "/"}' out.json
if grep -q 'applications\|icon' out.json; then exit 1; fi
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; d=json.load(open("out.json")); assert d["operatingsystems"][0]["distro"] == "debian"'
fi

# Not an operating system: an error, and nothing on stdout.
truncate -s 16M blank.img
mke2fs -q -F -t ext4 blank.img
if "$vi" --format=raw -a blank.img > none 2> err; then exit 1; fi
grep -q 'no operating system' err
test ! -s none
