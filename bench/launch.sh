#!/bin/sh
# careen - launch benchmark.
#
#   bench/launch.sh [-n N] [--breakdown]
#
# Times N launches of `guestfish -a /dev/null run` with careen (from the
# build tree) and, in the same run, with libguestfs when its guestfish is
# installed (/usr/bin/guestfish, forced to TCG like careen on these
# machines), then prints median and minimum of each and their ratio.
# --breakdown also prints careen's launch phases from a verbose launch.
# Not a test: it asserts nothing.

set -e

n=5
breakdown=no
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n="$2"; shift 2 ;;
    --breakdown) breakdown=yes; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "launch.sh: unknown option '$1'" >&2; exit 1 ;;
  esac
done

top="$(cd "$(dirname "$0")/.." && pwd)"
run="$top/run"
[ -x "$run" ] || { echo "launch.sh: build careen first (no $run)" >&2; exit 1; }

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

# One untimed launch first so the appliance is built and cached, as
# guestfs-performance(1) advises for libguestfs too.
"$run" guestfish -a /dev/null run >/dev/null 2>&1

careen_times=""
libguestfs_times=""
have_libguestfs=no
if [ -x /usr/bin/guestfish ] && /usr/bin/guestfish --version 2>/dev/null | grep -q '^guestfish 1'; then
  have_libguestfs=yes
  LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg \
    /usr/bin/guestfish -a /dev/null run >/dev/null 2>&1 || have_libguestfs=no
fi

i=0
while [ $i -lt "$n" ]; do
  careen_times="$careen_times $(elapsed "$run" guestfish -a /dev/null run)"
  if [ $have_libguestfs = yes ]; then
    libguestfs_times="$libguestfs_times $(elapsed env LIBGUESTFS_BACKEND=direct \
      LIBGUESTFS_BACKEND_SETTINGS=force_tcg /usr/bin/guestfish -a /dev/null run)"
  fi
  i=$((i + 1))
done

set -- $(echo $careen_times | tr ' ' '\n' | stats)
c_med=$1 c_min=$2
printf '%-12s %8s %8s\n' "" median min
printf '%-12s %7ss %7ss   (%s launches)\n' careen "$c_med" "$c_min" "$n"
if [ $have_libguestfs = yes ]; then
  set -- $(echo $libguestfs_times | tr ' ' '\n' | stats)
  l_med=$1 l_min=$2
  printf '%-12s %7ss %7ss\n' libguestfs "$l_med" "$l_min"
  awk -v l="$l_med" -v c="$c_med" 'BEGIN { printf "ratio (libguestfs / careen, median): %.1fx\n", l / c }'
else
  echo "libguestfs: not installed (apt-get install libguestfs-tools to compare)"
fi

if [ $breakdown = yes ]; then
  echo
  echo "careen launch phases (verbose launch):"
  "$run" guestfish -v -a /dev/null run 2>&1 | grep -E 'launch phase|accelerator' || true
fi
