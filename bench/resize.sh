#!/bin/sh
# careen - virt-resize and virt-sparsify benchmark.
#
#   bench/resize.sh [--no-libguestfs] [--keep] [--dir DIR]
#
# Builds a 4 GiB raw guest disk (MBR, one ext4 partition) holding
# 1 GiB of random data, on the host (sfdisk, mkfs.ext4 -d), then times:
#
#   floor        qemu-img convert of the whole input to a new raw file
#                (what any copy of the data costs on this host)
#   virt-resize  the input to an 8 GiB output, --expand /dev/sda1:
#                careen (build tree) and libguestfs (/usr/bin, forced
#                to the direct backend and TCG, as KVM fails here)
#   virt-sparsify the same input to a new file: careen's
#                tools/sparsify/virt-sparsify when it is built, and libguestfs's
#
# and prints each time and its ratio to the floor.  Launches are
# included: they are part of what a user waits for.  Not a test: it
# asserts nothing.  Needs about 3 GiB of real space in DIR (default
# /var/tmp).

set -e

use_libguestfs=yes
keep=no
base=${TMPDIR:-/var/tmp}
while [ $# -gt 0 ]; do
  case "$1" in
    --no-libguestfs) use_libguestfs=no; shift ;;
    --keep) keep=yes; shift ;;
    --dir) base="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "resize.sh: unknown option '$1'" >&2; exit 1 ;;
  esac
done

top="$(cd "$(dirname "$0")/.." && pwd)"
run="$top/run"
[ -x "$run" ] || { echo "resize.sh: build careen first (no $run)" >&2; exit 1; }
for p in qemu-img sfdisk mkfs.ext4; do
  command -v $p >/dev/null 2>&1 ||
    { echo "resize.sh: '$p' is needed" >&2; exit 1; }
done

tmp=$(mktemp -d "$base/careen-resize.XXXXXX")
cleanup () { if [ $keep = no ]; then rm -rf "$tmp"; fi; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

echo "building the 4 GiB input with 1 GiB of data in $tmp ..."
mkdir "$tmp/data"
i=0
while [ $i -lt 16 ]; do
  head -c $((64 * 1024 * 1024)) /dev/urandom > "$tmp/data/f$i"
  i=$((i + 1))
done
truncate -s 4G "$tmp/in.img"
echo 'start=2048, type=83' | sfdisk -q "$tmp/in.img"
# The partition runs from sector 2048 to the end of the disk.
mkfs.ext4 -q -F -E offset=1048576 -d "$tmp/data" "$tmp/in.img" \
  $(( (4 * 1024 * 1024) - 1024 ))k
rm -rf "$tmp/data"

# Seconds elapsed running "$@", on stdout; the command's output goes to
# $tmp/log.
timed ()
{
  t0=$(date +%s.%N)
  "$@" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; return 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'
}

results=""
row ()
{
  results="$results$(printf '%-34s %8s s' "$1" "$2")
"
}

floor=$(timed qemu-img convert -f raw -O raw "$tmp/in.img" "$tmp/floor.img")
rm -f "$tmp/floor.img"
row "floor (qemu-img convert)" "$floor"

truncate -s 8G "$tmp/out.img"
t=$(timed "$run" "$top/tools/resize/virt-resize" --format=raw --output-format=raw \
      --expand /dev/sda1 "$tmp/in.img" "$tmp/out.img")
row "careen virt-resize" "$t"
rm -f "$tmp/out.img"

if [ -x "$top/tools/sparsify/virt-sparsify" ]; then
  t=$(timed "$run" "$top/tools/sparsify/virt-sparsify" --format=raw \
        --convert raw "$tmp/in.img" "$tmp/sparse.img") &&
    row "careen virt-sparsify" "$t" ||
    row "careen virt-sparsify (failed)" "-"
  rm -f "$tmp/sparse.img"
else
  row "careen virt-sparsify (not built)" "-"
fi

if [ $use_libguestfs = yes ] && [ -x /usr/bin/virt-resize ]; then
  truncate -s 8G "$tmp/out.img"
  t=$(LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg \
      timed /usr/bin/virt-resize --format=raw --output-format=raw \
        --expand /dev/sda1 "$tmp/in.img" "$tmp/out.img")
  row "libguestfs virt-resize" "$t"
  rm -f "$tmp/out.img"
fi
if [ $use_libguestfs = yes ] && [ -x /usr/bin/virt-sparsify ]; then
  t=$(LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg \
      timed /usr/bin/virt-sparsify --format=raw --convert raw \
        "$tmp/in.img" "$tmp/sparse.img")
  row "libguestfs virt-sparsify" "$t"
  rm -f "$tmp/sparse.img"
fi

echo
printf '%-34s %10s %8s\n' "" "time" "/floor"
echo "$results" | while IFS= read -r line; do
  [ -n "$line" ] || continue
  secs=$(echo "$line" | awk '{ print $(NF-1) }')
  ratio=$(awk -v s="$secs" -v f="$floor" \
    'BEGIN { if (s == "-" || f == 0) print "-"; else printf "%.1fx", s / f }')
  printf '%s %8s\n' "$line" "$ratio"
done
