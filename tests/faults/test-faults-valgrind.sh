#!/bin/sh -
# careen - valgrind with leak checking over the library, guestfish and
# a few tools, each doing real work against an appliance: any memory
# error or leak (definite, indirect or possible) fails the test.  The
# whole suite runs under valgrind with make check-valgrind; this short
# list runs in every make check.
#
# Suppressions (tests/valgrind.supp) are for third-party code only.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires valgrind qemu-system-x86_64 truncate
# Under make check-valgrind every test is already under valgrind.
[ -z "${VG:-}" ] || skip "already running under valgrind (VG is set)"

scratch="$(mktemp -d /tmp/careen-valgrind.XXXXXX)"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

vg="valgrind --quiet --error-exitcode=119 --leak-check=full
  --show-leak-kinds=definite,indirect,possible
  --errors-for-leak-kinds=definite,indirect,possible
  --child-silent-after-fork=yes
  --suppressions=$top_srcdir/tests/valgrind.supp"

# The real program, not libtool's wrapper script; in a build configured
# with --enable-sanitizers, the variant built without them
# (VALGRIND_PROGRAMS is then tests/fuzz: see tests/fuzz/variant.mk).
prog ()
{
  d="$top_builddir/$1"; n="$2"
  if [ -n "${VALGRIND_PROGRAMS:-}" ]; then
    case "$1" in
      tests/lib) echo "$VALGRIND_PROGRAMS/variant-lib/$n" ;;
      *) echo "$VALGRIND_PROGRAMS/variant-bin/$n" ;;
    esac
  elif [ -x "$d/.libs/$n" ]; then echo "$d/.libs/$n"; else echo "$d/$n"; fi
}

failed=""
check ()
{
  name="$1"; shift
  echo "== $name"
  set +e
  # shellcheck disable=SC2086
  $vg "$@" > out.txt 2> err.txt
  rc=$?
  set -e
  if [ $rc = 119 ]; then
    cat err.txt >&2
    echo "$name: valgrind found errors or leaks" >&2
    failed="$failed $name"
  elif [ $rc != 0 ]; then
    tail -n 20 err.txt >&2
    echo "$name: exit status $rc" >&2
    failed="$failed $name"
  fi
}

# The library without an appliance.
for t in test-lib-handle test-lib-drives; do
  p="$(prog tests/lib "$t")"
  [ -x "$p" ] && check "$t" "$p"
done

fish="$(prog fish guestfish)"
truncate -s 64M disk.img
echo hello > local.txt
check "guestfish" "$fish" --format=raw -a disk.img -- run : \
  part-disk /dev/sda mbr : mkfs ext4 /dev/sda1 : mount /dev/sda1 / : \
  mkdir /d : upload local.txt /d/up : download /d/up "$scratch/down" : \
  write /d/w hello : cat /d/w : ll / : find / : tar-out / "$scratch/t.tar" : \
  tar-in "$scratch/t.tar" /d : list-filesystems : vfs-type /dev/sda1 : \
  statvfs / : umount-all : fsck ext4 /dev/sda1
printf 'run\nmount /dev/sda1 /\n-cat /nonexistent\n-download /nonexistent x\n-mount /dev/sdz /\n' > errors.fish
check "guestfish errors" "$fish" --ro --format=raw -a disk.img -f errors.fish
check "virt-df" "$(prog tools/df virt-df)" --format=raw -a disk.img
check "virt-ls" "$(prog tools/ls virt-ls)" --format=raw -a disk.img \
  -m /dev/sda1 -lR /
check "virt-filesystems" "$(prog tools/filesystems virt-filesystems)" --format=raw \
  -a disk.img --all --long

. "$top_srcdir/tests/guests/guests.sh"
if linux="$(guest_image debian12)" && win="$(guest_image windows)"; then
  check "virt-inspector" "$(prog tools/inspector virt-inspector)" --format=raw \
    -a "$linux"
  check "virt-win-reg" "$(prog tools/win-reg virt-win-reg)" --format=raw "$win" \
    'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
else
  echo "test guests not available: inspection and registry not checked"
fi

if [ -n "$failed" ]; then
  echo "$test_name: failed:$failed" >&2
  exit 1
fi
