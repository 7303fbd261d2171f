#!/bin/sh
# careen - virt-df over many images.
#
#   bench/tools.sh [--sizes "1 4 16"] [-P N] [--no-libguestfs]
#
# Runs virt-df over 1, 4 and 16 disk images (the test guests, in turn)
# and prints images per minute:
#
#   careen serial      tools/df/virt-df --one-per-guest -P 1 -a IMG...
#   careen -P N        tools/df/virt-df --one-per-guest -P N -a IMG...
#                      (N defaults to the number of cores)
#   libguestfs serial  /usr/bin/virt-df -a IMG, once per image (its -a
#                      disks all belong to one guest, and its -P only
#                      applies to libvirt guests)
#   libguestfs xN      the same, N processes at once (xargs -P N)
#
# with careen's ratio to libguestfs's.  libguestfs is forced to TCG
# like careen here.  Not a test: it asserts nothing.

set -e

sizes="1 4 16"
par=$(nproc 2>/dev/null || echo 2)
use_libguestfs=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    -P) par="$2"; shift 2 ;;
    --no-libguestfs) use_libguestfs=no; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "tools.sh: unknown option '$1'" >&2; exit 1 ;;
  esac
done

top="$(cd "$(dirname "$0")/.." && pwd)"
run="$top/run"
[ -x "$top/tools/df/virt-df" ] ||
  { echo "tools.sh: build careen first (no tools/df/virt-df)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/careen-tools.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

top_srcdir="$top"
. "$top/tests/guests/guests.sh"
gdir="$(guest_dir)"
guests="debian12 ubuntu2404 fedora40 rhel9 alpine320 archlinux opensuse15 windows dualboot"

have_libguestfs=no
if [ $use_libguestfs = yes ] && [ -x /usr/bin/virt-df ] &&
   /usr/bin/guestfish --version 2>/dev/null | grep -q '^guestfish 1'; then
  have_libguestfs=yes
fi

# The first n images, taking the guests in turn.
images ()
{
  n=$1 i=0
  while [ $i -lt $n ]; do
    for g in $guests; do
      [ $i -lt $n ] || break
      echo "$gdir/$g.img"
      i=$((i + 1))
    done
  done
}

# Images per minute: n images done by the command that follows.
per_minute ()
{
  n=$1; shift
  s=$(date +%s.%N)
  "$@" > "$tmp/out" 2>&1 || { echo "tools.sh: failed: $*" >&2; tail -5 "$tmp/out" >&2; exit 1; }
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" -v n=$n 'BEGIN { printf "%.1f", n * 60 / (e - s) }'
}

careen_df ()
{
  p=$1 list=$2
  set --
  for f in $(cat "$list"); do set -- "$@" -a "$f"; done
  "$run" "$top/tools/df/virt-df" --format=raw --one-per-guest -P "$p" "$@"
}

libguestfs_df ()
{
  p=$1 list=$2
  xargs -P "$p" -I IMG env LIBGUESTFS_BACKEND=direct \
    LIBGUESTFS_BACKEND_SETTINGS=force_tcg /usr/bin/virt-df --format=raw \
    -a IMG < "$list"
}

ratio () { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }

# The appliance is built on first use: keep that out of the timings.
"$run" guestfish -a /dev/null run >/dev/null 2>&1

echo "virt-df, images per minute; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %10s %10s %12s %12s %9s %9s\n' images careen-1 "careen-P$par" libguestfs-1 "libguestfs-x$par" "ratio-1" "ratio-P"
for n in $sizes; do
  images $n > "$tmp/list"
  c1=$(per_minute $n careen_df 1 "$tmp/list")
  cp=$(per_minute $n careen_df "$par" "$tmp/list")
  l1=- lp=-
  if [ $have_libguestfs = yes ]; then
    l1=$(per_minute $n libguestfs_df 1 "$tmp/list")
    lp=$(per_minute $n libguestfs_df "$par" "$tmp/list")
  fi
  printf '%-7s %10s %10s %12s %12s %9s %9s\n' $n "$c1" "$cp" "$l1" "$lp" \
    "$(ratio "$c1" "$l1")" "$(ratio "$cp" "$lp")"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
