#!/bin/sh -
# careen - malicious image headers, handled on the host before any
# appliance runs: a qcow2 whose backing file is a host file, a VMDK
# descriptor naming a host file as its extent, a qcow2 whose header
# claims a 2^31-entry L1 table.
#
# careen must give a clear error (a probed format that names other
# files is refused), keep its memory bounded, and never open a host
# file the user did not name: the library is traced (strace) and the
# named-but-not-given files must not appear in its open calls.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
requires qemu-img python3
images="$top_srcdir/tests/hostile/make-hostile-images.py"

# The host files a hostile image points at.
qemu-img create -q -f raw canary.raw 1M
echo secret > canary.txt
qemu-img create -q -f qcow2 -b "$PWD/canary.raw" -F raw backing.qcow2 1M
python3 "$images" vmdk-desc extent.vmdk "$PWD/canary.txt"
qemu-img create -q -f qcow2 huge.qcow2 1G
python3 "$images" huge-l1 huge.qcow2

# Runs guestfish under strace when it is installed (open calls of the
# whole process tree in ./trace), else plainly.  LeakSanitizer cannot
# run under ptrace: in a build with --enable-sanitizers the traced runs
# go without leak checking (the untraced ones keep it).
traced_fish ()
{
  if command -v strace >/dev/null 2>&1; then
    set +e
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
      timeout 300 strace -f -qq -o trace -e trace=open,openat,openat2 \
      "$fish" "$@"
    rc=$?
    set -e
  else
    : > trace
    fish_rc "$@"
  fi
}
not_opened ()
{
  if grep -F "$PWD/$1" trace || grep -E "\"$1\"" trace; then
    echo "$test_name: $1 was opened on the host" >&2
    exit 1
  fi
}

# Probing: refused, clearly, before anything opens the backing file.
traced_fish -a backing.qcow2 run < /dev/null 2> err || :
cat err
[ "$rc" -ne 0 ]
grep -q 'backing file' err
not_opened canary.raw

traced_fish -a extent.vmdk run < /dev/null 2> err || :
cat err
[ "$rc" -ne 0 ]
grep -q 'vmdk' err
not_opened canary.txt

# The library-side inspection calls read headers only.
traced_fish > out 2> err <<'END'
disk-format backing.qcow2
disk-has-backing-file backing.qcow2
disk-format extent.vmdk
END
cat out err
[ "$rc" -eq 0 ]
expect_output out <<'END'
qcow2
true
vmdk
END
not_opened canary.raw
not_opened canary.txt

# The huge L1 table: a clear error from the probe and from the header
# reader, with bounded memory (not 16 GiB of L1 table).
# GNU time measures guestfish's peak RSS when it is installed.
memtime=""
[ ! -x /usr/bin/time ] || memtime="/usr/bin/time -f %M -o rss"
echo 0 > rss
set +e
timeout 300 $memtime "$fish" > out 2> err <<'END'
-disk-format huge.qcow2
-disk-virtual-size huge.qcow2
add huge.qcow2
run
END
rc=$?
set -e
cat out err rss
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]
grep -q 'huge.qcow2' err
rss_kb="$(tail -n 1 rss)"
[ "$rss_kb" -lt 262144 ] || { echo "guestfish used $rss_kb KiB" >&2; exit 1; }

# The same image with its format given: refused by careen's header
# check, or by qemu at launch (its own L1 limit); either way a clear
# error, not a hang.
if [ -z "${SKIP_APPLIANCE_TESTS:-}" ] &&
   command -v qemu-system-x86_64 >/dev/null 2>&1; then
  fish_rc --format=qcow2 -a huge.qcow2 run < /dev/null 2> err
  cat err
  [ "$rc" -ne 0 ]
  grep -q 'huge.qcow2' err
fi
