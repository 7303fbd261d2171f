#!/bin/sh
# careen - launch benchmark.
#
#   bench/launch.sh [-n N] [--breakdown] [--mount] [--inspect [GUEST]]
#                   [--first] [--no-libguestfs]
#
# Times N launches of `guestfish -a /dev/null run` with careen (from the
# build tree) restoring its saved appliance (the default) and booting it
# (CAREEN_SNAPSHOT=0), and, in the same run, with libguestfs when its
# guestfish is installed (/usr/bin/guestfish, forced to TCG like careen
# on these machines), then prints median and minimum of each, their
# ratio, the load average before and after, and qemu's peak RSS over
# one launch.
#
#   --breakdown  careen's launch phase by phase: qemu exec to the
#                kernel's first output, kernel to init, init to daemon
#                started, daemon to ready, and shutdown (from the
#                library's timestamps and init's console stamps)
#   --mount      also time launch plus mounting a filesystem read-only
#                (`guestfish --ro -a disk.img -m /dev/sda1 exit`)
#   --inspect    also time launch plus inspection and mounting the
#                guest's filesystems (`guestfish --ro -a disk.img -i
#                exit`) on a test guest (default debian12; see
#                tests/guests/README)
#   --first      also time the first launch after install, which builds
#                the appliance (with an empty cache directory)
#
# Not a test: it asserts nothing.

set -e

n=5
breakdown=no
mount=no
first=no
inspect=
use_libguestfs=yes
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n="$2"; shift 2 ;;
    --breakdown) breakdown=yes; shift ;;
    --mount) mount=yes; shift ;;
    --first) first=yes; shift ;;
    --no-libguestfs) use_libguestfs=no; shift ;;
    --inspect)
      inspect=debian12
      case "$2" in ''|-*) shift ;; *) inspect="$2"; shift 2 ;; esac ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "launch.sh: unknown option '$1'" >&2; exit 1 ;;
  esac
done

top="$(cd "$(dirname "$0")/.." && pwd)"
run="$top/run"
[ -x "$run" ] || { echo "launch.sh: build careen first (no $run)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/careen-launch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

# Elapsed seconds of one command, with millisecond resolution.
elapsed ()
{
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "launch.sh: failed: $*" >&2; exit 1; }
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", e - s }'
}

# Median and minimum of the numbers on stdin.
stats ()
{
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR % 2) med = v[(NR + 1) / 2]; else med = (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "%.2f %.2f\n", med, v[1] }'
}

libguestfs ()
{
  env LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg \
    /usr/bin/guestfish "$@"
}

# Times N runs of careen's and libguestfs's guestfish with the same
# arguments, interleaved so both see the same host load, and prints
# the table.
compare ()
{
  title=$1; shift
  careen_times= cold_times= libguestfs_times=
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  i=0
  while [ $i -lt "$n" ]; do
    careen_times="$careen_times $(elapsed "$run" guestfish "$@")"
    cold_times="$cold_times $(elapsed env CAREEN_SNAPSHOT=0 "$run" guestfish "$@")"
    if [ $have_libguestfs = yes ]; then
      libguestfs_times="$libguestfs_times $(elapsed libguestfs "$@")"
    fi
    i=$((i + 1))
  done

  echo "$title"
  set -- $(echo $careen_times | tr ' ' '\n' | stats)
  c_med=$1 c_min=$2
  printf '  %-12s %8s %8s\n' "" median min
  printf '  %-12s %7ss %7ss   (%s launches; load average %s before, %s after)\n' \
    careen "$c_med" "$c_min" "$n" "$load0" "$(cut -d' ' -f1-3 /proc/loadavg)"
  set -- $(echo $cold_times | tr ' ' '\n' | stats)
  printf '  %-12s %7ss %7ss   (CAREEN_SNAPSHOT=0: booted)\n' "careen cold" "$1" "$2"
  if [ $have_libguestfs = yes ]; then
    set -- $(echo $libguestfs_times | tr ' ' '\n' | stats)
    l_med=$1 l_min=$2
    printf '  %-12s %7ss %7ss\n' libguestfs "$l_med" "$l_min"
    awk -v l="$l_med" -v c="$c_med" 'BEGIN { printf "  ratio (libguestfs / careen, median): %.1fx\n", l / c }'
  fi
}

# One untimed launch first so the appliance is built and cached, as
# guestfs-performance(1) advises for libguestfs too.
"$run" guestfish -a /dev/null run >/dev/null 2>&1

have_libguestfs=no
if [ $use_libguestfs = yes ] && [ -x /usr/bin/guestfish ] &&
   /usr/bin/guestfish --version 2>/dev/null | grep -q '^guestfish 1'; then
  have_libguestfs=yes
  libguestfs -a /dev/null run >/dev/null 2>&1 || have_libguestfs=no
fi
[ $have_libguestfs = yes ] ||
  echo "libguestfs: not compared (not installed, or --no-libguestfs)"

compare "guestfish -a /dev/null run" -a /dev/null run

# qemu's peak RSS: the library waits for qemu, so its maximum resident
# size is counted in guestfish's children's usage, which time(1) shows.
rss ()
{
  /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >/dev/null 2>&1 &&
    echo $(( $(cat "$tmp/rss") / 1024 ))
}
printf 'qemu peak RSS over one launch: careen %s MiB restored, %s MiB booted (-m %s)' \
  "$(rss "$run" guestfish -a /dev/null run)" \
  "$(rss env CAREEN_SNAPSHOT=0 "$run" guestfish -a /dev/null run)" \
  "$("$run" guestfish get-memsize 2>/dev/null || echo '?')"
if [ $have_libguestfs = yes ]; then
  printf ', libguestfs %s MiB' "$(rss env LIBGUESTFS_BACKEND=direct \
    LIBGUESTFS_BACKEND_SETTINGS=force_tcg /usr/bin/guestfish -a /dev/null run)"
fi
echo

if [ $mount = yes ]; then
  echo
  "$run" guestfish -N "$tmp/disk.img=fs:ext4:256M" exit >/dev/null 2>&1 ||
    { echo "launch.sh: cannot create the test disk" >&2; exit 1; }
  compare "guestfish --ro -a disk.img -m /dev/sda1 exit (launch + mount)" \
    --ro --format=raw -a "$tmp/disk.img" -m /dev/sda1 exit
fi

if [ -n "$inspect" ]; then
  echo
  top_srcdir="$top"
  . "$top/tests/guests/guests.sh"
  img="$(guest_image "$inspect")" ||
    { echo "launch.sh: no test guest $inspect" >&2; exit 1; }
  compare "guestfish --ro -a $inspect.img -i exit (launch + inspection + mounts)" \
    --ro --format=raw -a "$img" -i exit
fi

if [ $first = yes ]; then
  echo
  mkdir "$tmp/cache"
  t=$(LIBGUESTFS_CACHEDIR="$tmp/cache" elapsed "$run" guestfish -a /dev/null run)
  echo "first launch after install (empty cache, builds the appliance): ${t}s"
fi

if [ $breakdown = yes ]; then
  echo
  echo "careen launch phases (ms, one verbose launch with a quiet kernel):"
  # The kernel is quiet so that its messages do not slow the boot as
  # they would with plain -v; init still stamps its progress with the
  # guest's uptime.
  s=$(date +%s%N)
  "$run" guestfish -v -a /dev/null set-append quiet : run > "$tmp/v.log" 2>&1
  e=$(date +%s%N)
  # A second launch prints from the kernel's first instruction on, to
  # time qemu's start alone.
  "$run" guestfish -v -a /dev/null set-append earlyprintk=ttyS0 : run \
    > "$tmp/early.log" 2>&1
  awk -v wall=$(( (e - s) / 1000000 )) -v early="$(grep 'launch: done' "$tmp/early.log")" '
    function field(line, name,   r) {
      if (match(line, name " -?[0-9]+")) {
        r = substr(line, RSTART, RLENGTH); sub(/.* /, "", r); return r + 0
      }
      return -1
    }
    # Guest uptime in ms from "careen-init: [S.mmm] ...".
    function stamp(line,   r) {
      match(line, /\[[0-9]+\.[0-9]+\]/)
      r = substr(line, RSTART + 1, RLENGTH - 2); return r * 1000
    }
    /careen-init: .* starting/ { init0 = stamp($0) }
    /careen-init: .* started .*careen-daemon/ { daemon0 = stamp($0) }
    /launch: done/ { done = $0 }
    END {
      qexec = field(done, "qemu exec"); init = field(done, "init start")
      ready = field(done, "daemon ready"); total = field(done, "in")
      kern = field(early, "first console byte") - field(early, "qemu exec")
      daemon = init + (daemon0 - init0)
      printf "  %-36s %6d\n", "library: find appliance, argv, fork", qexec
      printf "  %-36s %6d\n", "qemu exec -> first kernel output", kern
      printf "  %-36s %6d\n", "kernel -> init starts", init - qexec - kern
      printf "  %-36s %6d\n", "init: modules, root, channel", daemon - init
      printf "  %-36s %6d\n", "daemon exec -> ready (handshake)", ready - daemon
      printf "  %-36s %6d\n", "launch total", ready
      printf "  %-36s %6d\n", "shutdown (and guestfish exit)", wall - ready
      printf "  %-36s %6d\n", "guestfish wall", wall
    }' "$tmp/v.log"
fi
