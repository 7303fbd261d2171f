#!/bin/sh
# careen - fleets: one tool over many images.
#
#   bench/fleet.sh [--sizes "1 16 64"] [--libguestfs-sizes "1 16 64"]
#                  [--tools "df inspector"] [-P N] [--no-libguestfs]
#
# For each size n, makes n qcow2 overlays of the test guests (taken in
# turn: debian12, ubuntu2404, fedora40, ...; the guests themselves are
# never written) and prints images per minute of:
#
#   careen       tools/NAME/virt-NAME --images-from LIST -P N -q
#                (one run over the whole list)
#   libguestfs   /usr/bin/virt-NAME --format=qcow2 -a IMG once per
#                image, N at once (xargs -P N)
#
# for virt-df and virt-inspector, with the ratio, the peak resident
# memory (RSS) of one qemu (one appliance) and of all of the run's
# qemus together, sampled twice a second, and the load average.  N is
# the number of cores by default.  libguestfs is forced to TCG like
# careen here.  --libguestfs-sizes limits libguestfs to some of the
# sizes (it is several times slower).  Not a test: it asserts nothing.

set -e

sizes="1 16 64"
lsizes=
tools="df inspector"
par=$(nproc 2>/dev/null || echo 2)
use_libguestfs=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --libguestfs-sizes) lsizes="$2"; shift 2 ;;
    --tools) tools="$2"; shift 2 ;;
    -P) par="$2"; shift 2 ;;
    --no-libguestfs) use_libguestfs=no; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "fleet.sh: unknown option '$1'" >&2; exit 1 ;;
  esac
done
[ -n "$lsizes" ] || lsizes=$sizes

top="$(cd "$(dirname "$0")/.." && pwd)"
run="$top/run"
for t in $tools; do
  [ -x "$top/tools/$t/virt-$t" ] ||
    { echo "fleet.sh: build careen first (no tools/$t/virt-$t)" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/careen-fleet.XXXXXX")
sampler=
cleanup ()
{
  if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || :; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

top_srcdir="$top"
. "$top/tests/guests/guests.sh"
gdir="$(guest_dir)"

have_libguestfs=no
if [ $use_libguestfs = yes ] && [ -x /usr/bin/virt-df ] &&
   [ -x /usr/bin/virt-inspector ] &&
   /usr/bin/guestfish --version 2>/dev/null | grep -q '^guestfish 1'; then
  have_libguestfs=yes
fi

# n overlays of the guests in turn, and their list ("PATH qcow2").
make_images ()
{
  n=$1 i=0
  : > "$tmp/list"
  while [ $i -lt $n ]; do
    for g in $guest_names; do
      [ $i -lt $n ] || break
      o="$tmp/img-$i.qcow2"
      [ -f "$o" ] ||
        qemu-img create -q -f qcow2 -b "$gdir/$g.img" -F raw "$o"
      echo "$o qcow2" >> "$tmp/list"
      i=$((i + 1))
    done
  done
}

# The RSS (KiB) of every qemu descended from this script, twice a
# second, one line per sample: "TOTAL MAX".  Other users' qemus on the
# machine are not counted.
sample_rss ()
{
  while :; do
    total=0 max=0
    for p in $(pgrep -f qemu-system 2>/dev/null); do
      q=$p mine=no
      while [ -n "$q" ] && [ "$q" -gt 1 ]; do
        if [ "$q" = "$1" ]; then mine=yes; break; fi
        q=$(awk '{ print $4 }' "/proc/$q/stat" 2>/dev/null) || q=
      done
      [ $mine = yes ] || continue
      r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null) || r=
      [ -n "$r" ] || continue
      total=$((total + r))
      [ "$r" -le "$max" ] || max=$r
    done
    echo "$total $max"
    sleep 0.5
  done
}

# Runs the command that follows over n images; sets rate (images per
# minute), rss1 and rssall (peak MiB of one qemu and of all at once).
measure ()
{
  n=$1; shift
  sample_rss $$ > "$tmp/rss" &
  sampler=$!
  s=$(date +%s.%N)
  status=0
  "$@" > "$tmp/out" 2> "$tmp/err" || status=$?
  e=$(date +%s.%N)
  kill "$sampler"; wait "$sampler" 2>/dev/null || :
  sampler=
  if [ $status -ne 0 ]; then
    echo "fleet.sh: exit status $status: $*" >&2
    tail -5 "$tmp/err" >&2
  fi
  rate=$(awk -v s="$s" -v e="$e" -v n="$n" 'BEGIN { printf "%.1f", n * 60 / (e - s) }')
  rss1=$(awk '$2 > m { m = $2 } END { printf "%d", m / 1024 }' "$tmp/rss")
  rssall=$(awk '$1 > m { m = $1 } END { printf "%d", m / 1024 }' "$tmp/rss")
}

# The overlays name the test guests, outside their own directory, as
# their backing files: careen refuses that unless told (these are the
# test suite's own images).
careen_tool ()
{
  CAREEN_BACKING_FILES=any \
    "$run" "$top/tools/$1/virt-$1" --images-from "$tmp/list" -P "$par" -q
}

libguestfs_tool ()
{
  cut -d' ' -f1 "$tmp/list" |
    xargs -P "$par" -I IMG env LIBGUESTFS_BACKEND=direct \
      LIBGUESTFS_BACKEND_SETTINGS=force_tcg "/usr/bin/virt-$1" \
      --format=qcow2 -a IMG
}

ratio () { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }

# Both appliances are built on first use: keep that out of the timings.
"$run" guestfish -a /dev/null run >/dev/null 2>&1
if [ $have_libguestfs = yes ]; then
  env LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg \
    /usr/bin/guestfish -a /dev/null run >/dev/null 2>&1 || :
fi

echo "fleets, images per minute (-P $par / xargs -P $par); peak qemu RSS in MiB, one appliance / all"
echo "start: $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %6s %8s %11s %13s %11s %13s %6s  %s\n' tool images careen "careen-rss" "careen-rssall" libguestfs "lg-rss" ratio load
for t in $tools; do
  for n in $sizes; do
    make_images "$n"
    load=$(cut -d' ' -f1 /proc/loadavg)
    measure "$n" careen_tool "$t"
    c=$rate c1=$rss1 ca=$rssall
    l=- l1=-
    if [ $have_libguestfs = yes ] && echo " $lsizes " | grep -q " $n "; then
      measure "$n" libguestfs_tool "$t"
      l=$rate l1=$rss1
    fi
    printf '%-10s %6s %8s %11s %13s %11s %13s %6s  %s\n' "virt-$t" "$n" "$c" \
      "$c1" "$ca" "$l" "$l1" "$(ratio "$c" "$l")" "$load"
  done
done
echo "end: $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
