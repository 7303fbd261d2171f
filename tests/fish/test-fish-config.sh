#!/bin/sh -
# careen - libguestfs-tools.conf: "read_only = true;" makes guestfish
# read-only by default (--rw still wins), from any of the places
# libguestfs reads it, the more personal file winning over the more
# general one; a file that does not parse is an error.  HOME and the
# XDG variables point into the scratch directory, so the user's own
# files play no part (/etc/libguestfs-tools.conf is always overridden).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

requires_appliance

mkdir -p home/.config/libguestfs xdg-home/libguestfs dirs1/libguestfs \
  dirs2/libguestfs
HOME="$scratch/home"
unset XDG_CONFIG_HOME XDG_CONFIG_DIRS || :
export HOME

$VG guestfish -N t.img=fs:ext4:32M exit
echo 'touch /written' > touch.fish

# Succeeds (status 0) or fails on the read-only disk (status 1).
expect_rw ()
{
  fish_rc "$@" -a t.img -m /dev/sda1 -f touch.fish > out 2> err
  test $rc = 0
}
expect_ro ()
{
  fish_rc "$@" -a t.img -m /dev/sda1 -f touch.fish > out 2> err
  test $rc = 1
  grep -q 'touch: /written: Read-only file system' err
}

# $HOME/.libguestfs-tools.rc; --rw still wins.
printf '# made by the test\nread_only = true;\n' > home/.libguestfs-tools.rc
expect_ro
expect_rw --rw

# $XDG_CONFIG_HOME/libguestfs/libguestfs-tools.conf wins over it.
printf 'read_only = false; // not here\n' \
  > xdg-home/libguestfs/libguestfs-tools.conf
XDG_CONFIG_HOME="$scratch/xdg-home" expect_rw

# Without XDG_CONFIG_HOME, ~/.config is that directory.
printf '/* libconfig\n   comment */ read_only : TRUE ;\n' \
  > home/.config/libguestfs/libguestfs-tools.conf
printf 'read_only = false;\n' > home/.libguestfs-tools.rc
expect_ro

# $XDG_CONFIG_DIRS: the first directory wins, and the .rc in $HOME
# over both.
rm home/.config/libguestfs/libguestfs-tools.conf home/.libguestfs-tools.rc
printf 'read_only = true;\n' > dirs1/libguestfs/libguestfs-tools.conf
printf 'read_only = false;\n' > dirs2/libguestfs/libguestfs-tools.conf
XDG_CONFIG_DIRS="$scratch/dirs1:$scratch/dirs2" expect_ro
printf 'other = "ignored"; group = { a = 1; b = [1, 2]; };\nread_only = false;\n' \
  > home/.libguestfs-tools.rc
XDG_CONFIG_DIRS="$scratch/dirs1:$scratch/dirs2" expect_rw

# The ';' may be left out, but a setting may not be given twice: a
# file that does not parse stops guestfish before it does anything.
printf 'read_only = true\n' > home/.libguestfs-tools.rc
expect_ro
printf 'read_only = true\nread_only = false;\n' > home/.libguestfs-tools.rc
fish_rc echo not reached > out 2> err
test $rc = 1
test ! -s out
grep -q "^guestfish: $scratch/home/.libguestfs-tools.rc: line 2: error parsing configuration file: " err
