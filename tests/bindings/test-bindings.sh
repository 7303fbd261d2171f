#!/bin/sh -
# careen - offline disk-image toolkit
# Programs built for libguestfs 1.48 run on careen's libguestfs.so.0
# unchanged: the same Python program (python3-guestfs) and Perl program
# (libguestfs-perl), and one guestfs-tools binary (virt-filesystems,
# /usr/bin), each run once on careen's library and once on libguestfs's,
# must print the same thing.

set -e
test_name=test-bindings
. "$top_srcdir/tests/functions.sh"

# A careen built with --enable-sanitizers (as CI builds it) needs the
# AddressSanitizer runtime loaded first in programs that were not built
# with it; leaks of the interpreters themselves are not careen's.
careen=
asan=$(ldd "$top_builddir/lib/.libs/libguestfs.so.0" 2>/dev/null |
       awk '/libasan/ { print $3 }')
if [ -n "$asan" ]; then
    careen="env LD_PRELOAD=$asan ASAN_OPTIONS=detect_leaks=0"
fi

if ! $careen /usr/bin/python3 -c 'import guestfs' 2>/dev/null ||
   ! $careen /usr/bin/perl -MSys::Guestfs -e 1 2>/dev/null ||
   [ ! -x /usr/bin/virt-filesystems ]; then
    echo "$0: skipped: python3-guestfs, libguestfs-perl or guestfs-tools missing"
    exit 77
fi

tmp="$(mktemp -d /tmp/careen-test-bindings.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
dir="$top_srcdir/tests/bindings"
fail=0

# $1: label; the rest: the command.  Runs it on both libraries with a
# new 64 MiB disk each (the last argument names it: DISK).
compare ()
{
    label=$1; shift
    for lib in careen libguestfs; do
        rm -f "$tmp/disk.img"
        truncate -s 64M "$tmp/disk.img"
        run=$careen
        [ "$lib" = libguestfs ] && run=libguestfs
        if ! $run "$@" "$tmp/disk.img" > "$tmp/$label.$lib" 2> "$tmp/$label.$lib.err"; then
            echo "$0: $label on $lib failed:"
            cat "$tmp/$label.$lib.err"
            fail=1
        fi
    done
    if ! diff -u "$tmp/$label.libguestfs" "$tmp/$label.careen"; then
        echo "$0: $label: careen's output (+) differs from libguestfs's (-)"
        fail=1
    fi
}

# The interpreters must load careen's library: ./run set LD_LIBRARY_PATH.
$careen /usr/bin/python3 -c 'import guestfs; g = guestfs.GuestFS (); print (g.version ()["extra"])' |
    grep -q '^careen ' || { echo "$0: python3-guestfs did not load careen's library"; exit 1; }

compare python /usr/bin/python3 "$dir/bindings-program.py"
compare perl /usr/bin/perl "$dir/bindings-program.pl"

# A guestfs-tools program on a disk prepared by careen's guestfish.
# Such programs load libvirt's TLS stack (p11-kit) at start; with the
# AddressSanitizer runtime preloaded they hang on glibc's locale lock,
# on libguestfs's own library just as on careen's, so a sanitizer
# build leaves this comparison to the normal build.
if [ -n "$asan" ]; then
    echo "$0: virt-filesystems not compared: careen is built with sanitizers"
    [ $fail = 0 ] && echo "$0: python and perl: same output on careen and libguestfs"
    exit $fail
fi
rm -f "$tmp/fs.img"
guestfish -N "$tmp/fs.img"=fs:ext4:64M -- set-label /dev/sda1 toolsfs
for lib in careen libguestfs; do
    run=$careen
    [ "$lib" = libguestfs ] && run=libguestfs
    $run /usr/bin/virt-filesystems -a "$tmp/fs.img" --all --long --uuid -h \
        > "$tmp/tools.$lib" 2> "$tmp/tools.$lib.err" ||
        { echo "$0: virt-filesystems on $lib failed:"; cat "$tmp/tools.$lib.err"; fail=1; }
done
if ! diff -u "$tmp/tools.libguestfs" "$tmp/tools.careen"; then
    echo "$0: virt-filesystems: careen's output (+) differs from libguestfs's (-)"
    fail=1
fi

[ $fail = 0 ] && echo "$0: python, perl and virt-filesystems: same output on careen and libguestfs"
exit $fail
