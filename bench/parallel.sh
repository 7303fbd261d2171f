#!/bin/sh
# careen - many images at once.
#
#   bench/parallel.sh [--jobs "1 2 4 8"] [--guest NAME] [--no-libguestfs]
#
# Runs N concurrent virt-df-style jobs (launch, list filesystems,
# mount each read-only and statvfs it, close) for each N, in two ways:
# N handles in one process (threads) and N processes with one handle
# each, and prints images per minute for careen (from the build tree)
# and, when it is installed, for libguestfs (forced to TCG like careen
# here), with the ratio.  Every job opens the same test guest image
# read-only (default debian12: /boot, / and swap), so the levels are
# comparable.  The jobs are bench/df-jobs.c, compiled here against
# each library.  Not a test: it asserts nothing.

set -e

jobs_list="1 2 4 8"
guest=debian12
use_libguestfs=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs_list="$2"; shift 2 ;;
    --guest) guest="$2"; shift 2 ;;
    --no-libguestfs) use_libguestfs=no; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "parallel.sh: unknown option '$1'" >&2; exit 1 ;;
  esac
done

top="$(cd "$(dirname "$0")/.." && pwd)"
run="$top/run"
[ -x "$run" ] || { echo "parallel.sh: build careen first (no $run)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/careen-parallel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

top_srcdir="$top"
. "$top/tests/guests/guests.sh"
img="$(guest_image "$guest")" ||
  { echo "parallel.sh: no test guest $guest" >&2; exit 1; }

cc=${CC:-cc}
$cc -O2 -I"$top/include" -o "$tmp/df-careen" "$top/bench/df-jobs.c" \
  -L"$top/lib/.libs" -lguestfs -lpthread
have_libguestfs=no
if [ $use_libguestfs = yes ] && [ -f /usr/include/guestfs.h ] &&
   /usr/bin/guestfish --version 2>/dev/null | grep -q '^guestfish 1' &&
   $cc -O2 -o "$tmp/df-libguestfs" "$top/bench/df-jobs.c" \
     -lguestfs -lpthread 2>/dev/null; then
  have_libguestfs=yes
fi

# The appliance is built on first use: keep that out of the timings.
"$run" guestfish -a /dev/null run >/dev/null 2>&1

# careen: df-jobs runs through ./run (careen's library and appliance).
careen () { "$run" "$tmp/df-careen" "$@"; }
libguestfs ()
{
  env LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg \
    "$tmp/df-libguestfs" "$@"
}

# Images per minute of N jobs, as N threads in one process.
threads ()
{
  impl=$1 n=$2
  set --
  i=0
  while [ $i -lt $n ]; do set -- "$@" "$img"; i=$((i + 1)); done
  out=$($impl $n "$@") || { echo "parallel.sh: $impl failed" >&2; exit 1; }
  echo "$out" | awk -v n=$n '{ printf "%.1f", n * 60 / $3 }'
}

# Images per minute of N jobs, as N processes.
processes ()
{
  impl=$1 n=$2
  s=$(date +%s.%N)
  i=0
  while [ $i -lt $n ]; do
    $impl 1 "$img" > "$tmp/p$i" 2>&1 &
    i=$((i + 1))
  done
  wait
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" -v n=$n 'BEGIN { printf "%.1f", n * 60 / (e - s) }'
}

ratio () { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }

echo "images per minute, $guest ($(basename "$img")), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %-10s %10s %12s %8s\n' jobs mode careen libguestfs ratio
for n in $jobs_list; do
  for mode in threads processes; do
    c=$($mode careen $n)
    l=-
    [ $have_libguestfs = no ] || l=$($mode libguestfs $n)
    printf '%-5s %-10s %10s %12s %8s\n' $n $mode "$c" "$l" "$(ratio "$c" "$l")"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
