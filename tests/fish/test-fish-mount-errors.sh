#!/bin/sh -
# careen - guestfish: a failed mount says why in mount(8)'s words (a
# mount point that is not a directory, an unknown filesystem type, bad
# options), as libguestfs does, rather than the bare strerror of the
# errno.  One appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

requires_appliance

cat > mk.fish <<'END'
touch /file
mkdir /d
END
$VG guestfish -N t.img=fs:ext4:32M -m /dev/sda1 -f mk.fish

cat > try.fish <<'END'
-mount /dev/sda1 /file
-mount /dev/sda1 /nonexistent
-mount-vfs "" careenfs /dev/sda1 /d
-mount-options "no_such_option" /dev/sda1 /d
echo done
END
fish_rc -a t.img -m /dev/sda1 -f try.fish > out 2> err
test $rc = 0
# The shell's trace of fish_rc goes to err too.
grep -v '^+' err > msgs
expect_output msgs <<'END'
try.fish:1: libguestfs: error: mount: mount: /file: mount point is not a directory
try.fish:2: libguestfs: error: mount: mount: /nonexistent: mount point is not a directory
try.fish:3: libguestfs: error: mount_vfs: mount: /d: unknown filesystem type 'careenfs'
try.fish:4: libguestfs: error: mount_options: mount: /d: wrong fs type, bad option, bad superblock on /dev/sda1, missing codepage or helper program, or other error
END

# libguestfs words the first two the same way.
if [ -x /usr/bin/guestfish ]; then
  head -n 2 try.fish > lg.fish
  libguestfs /usr/bin/guestfish -a t.img -m /dev/sda1 -f lg.fish 2> lg.err
  grep -v '^+' lg.err | sed 's/^lg\.fish:/try.fish:/' > lg.msgs
  head -n 2 msgs | diff -u lg.msgs -
fi
