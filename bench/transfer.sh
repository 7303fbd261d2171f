#!/bin/sh
# careen - transfer benchmark.
#
#   bench/transfer.sh [--no-libguestfs] [--keep] [--dir DIR]
#
# Moves the same bytes in and out of a running appliance with careen
# (from the build tree), with libguestfs when its guestfish is installed
# (/usr/bin/guestfish, forced to TCG like careen on these machines), and
# on the host itself (the floor: dd and tar on the host's disk), then
# prints MiB/s for each, careen's speed over libguestfs's and the load
# average around the sessions:
#
#   upload, download     a 256 MiB file of random bytes
#   tar-in, tar-out      a tree of many small files (/usr/share/doc)
#   tar-out-cold         tar-out again after the guest dropped its
#                        caches: the tree read back from the disk, as
#                        when archiving a guest's files just opened
#   copy-device-to-device 1 GiB between two disks
#   fill                 a 1 GiB file of zeros
#
# Launch is excluded: each operation is timed inside one guestfish
# session with its `time` command.  Guest writes land in the guest's
# page cache, as the floor's land in the host's (no fsync on either).
# Also prints qemu's peak RSS over careen's session.  Calls that this
# build of careen does not have yet are skipped with a message.  Not a
# test: it asserts nothing.  Needs about 4 GiB in DIR (default
# /var/tmp), sparse files mostly.

set -e

use_libguestfs=yes
keep=no
base=${TMPDIR:-/var/tmp}
while [ $# -gt 0 ]; do
  case "$1" in
    --no-libguestfs) use_libguestfs=no; shift ;;
    --keep) keep=yes; shift ;;
    --dir) base="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "transfer.sh: unknown option '$1'" >&2; exit 1 ;;
  esac
done

top="$(cd "$(dirname "$0")/.." && pwd)"
run="$top/run"
[ -x "$run" ] || { echo "transfer.sh: build careen first (no $run)" >&2; exit 1; }

# Sizes of the bulk transfers.
file_mib=256
dev_mib=1024
tree=/usr/share/doc

tmp=$(mktemp -d "$base/careen-transfer.XXXXXX")
cleanup () { if [ $keep = no ]; then rm -rf "$tmp"; fi; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

echo "preparing test data in $tmp ..."
head -c $((file_mib * 1024 * 1024)) /dev/urandom > "$tmp/data"
tar -C "$(dirname $tree)" -cf "$tmp/tree.tar" "$(basename $tree)"
tree_bytes=$(stat -c %s "$tmp/tree.tar")
tree_files=$(tar -tf "$tmp/tree.tar" | wc -l)
tree_mib=$(awk -v b="$tree_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')

# Fresh disks for one session: a filesystem big enough for everything,
# a source disk of random-looking data and an empty target disk.
make_disks ()
{
  rm -f "$tmp/fs.img" "$tmp/src.img" "$tmp/dst.img"
  truncate -s 3G "$tmp/fs.img"
  # Inode tables initialised now, not by a kernel thread during the run.
  mke2fs -q -t ext4 -F -E lazy_itable_init=0,lazy_journal_init=0 "$tmp/fs.img" >/dev/null
  # Random data repeated: the guest reads real blocks, not holes.
  i=0
  while [ $i -lt $((dev_mib / file_mib)) ]; do
    cat "$tmp/data"
    i=$((i + 1))
  done > "$tmp/src.img"
  truncate -s ${dev_mib}M "$tmp/dst.img"
}

# Does careen's guestfish know this command?
careen_has ()
{
  "$run" guestfish -h "$1" >/dev/null 2>&1
}

# The guestfish script for one session: each line is a timed operation
# whose label is echoed first so the output can be parsed.
write_script ()
{
  have_tar=$1 have_copy=$2 have_fill=$3
  {
    echo "run"
    echo "mount /dev/sda /"
    echo "echo @upload"
    echo "time upload $tmp/data /data"
    echo "echo @download"
    echo "time download /data $tmp/data.out"
    if [ "$have_tar" = yes ]; then
      echo "mkdir /tree"
      echo "echo @tar-in"
      echo "time tar-in $tmp/tree.tar /tree"
      echo "echo @tar-out"
      echo "time tar-out /tree $tmp/tree.out.tar"
      echo "drop-caches 3"
      echo "echo @tar-out-cold"
      echo "time tar-out /tree $tmp/tree.out.tar"
    fi
    if [ "$have_copy" = yes ]; then
      echo "echo @copy-device-to-device"
      echo "time copy-device-to-device /dev/sdb /dev/sdc size:$((dev_mib * 1024 * 1024))"
    fi
    if [ "$have_fill" = yes ]; then
      echo "echo @fill"
      echo "time fill 0 $((dev_mib * 1024 * 1024)) /fill"
    fi
  }
}

# Turns "@label" / "elapsed time: S seconds" pairs into "label seconds".
parse_times ()
{
  awk '/^@/ { label = substr($0, 2) }
       /^elapsed time:/ { print label, $3 }'
}

# MiB/s for a label, given the sizes.
rate ()
{
  awk -v l="$1" -v s="$2" -v f="$file_mib" -v d="$dev_mib" -v t="$tree_bytes" 'BEGIN {
    if (s == "" || s <= 0) { print "-"; exit }
    if (l ~ /^tar/) mib = t / 1048576; else if (l ~ /^(copy|fill)/) mib = d; else mib = f
    printf "%.0f", mib / s }'
}

# careen.
have_tar=yes have_copy=yes have_fill=yes
careen_has tar-in && careen_has tar-out || have_tar=no
careen_has copy-device-to-device || have_copy=no
careen_has fill || have_fill=no
write_script $have_tar $have_copy $have_fill > "$tmp/script"

# The machine may be shared: the load during each session says how
# far its figures can be compared.
load () { cut -d' ' -f1 /proc/loadavg; }
load_start=$(load)

echo "careen session ..."
make_disks
# The appliance is built on first use: keep that out of the timings.
"$run" guestfish -a /dev/null run >/dev/null 2>&1
"$run" /usr/bin/time -f '%M' -o "$tmp/rss" \
  guestfish --format=raw -a "$tmp/fs.img" -a "$tmp/src.img" -a "$tmp/dst.img" \
  -f "$tmp/script" > "$tmp/careen.out" 2>&1 ||
  { echo "transfer.sh: careen session failed:" >&2; cat "$tmp/careen.out" >&2; exit 1; }
parse_times < "$tmp/careen.out" > "$tmp/careen.times"
cmp -s "$tmp/data" "$tmp/data.out" ||
  { echo "transfer.sh: careen: downloaded file differs from the upload" >&2; exit 1; }
careen_rss=$(( $(cat "$tmp/rss") / 1024 ))
load_careen=$(load)

# libguestfs.
have_libguestfs=no
if [ $use_libguestfs = yes ] && [ -x /usr/bin/guestfish ] &&
   /usr/bin/guestfish --version 2>/dev/null | grep -q '^guestfish 1'; then
  have_libguestfs=yes
  echo "libguestfs session ..."
  make_disks
  rm -f "$tmp/data.out" "$tmp/tree.out.tar"
  write_script yes yes yes > "$tmp/script"
  if env LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg \
       /usr/bin/time -f '%M' -o "$tmp/rss" \
       /usr/bin/guestfish --format=raw -a "$tmp/fs.img" -a "$tmp/src.img" \
       -a "$tmp/dst.img" -f "$tmp/script" > "$tmp/libguestfs.out" 2>&1; then
    parse_times < "$tmp/libguestfs.out" > "$tmp/libguestfs.times"
    libguestfs_rss=$(( $(cat "$tmp/rss") / 1024 ))
  else
    echo "transfer.sh: libguestfs session failed (ignored):" >&2
    tail -5 "$tmp/libguestfs.out" >&2
    have_libguestfs=no
  fi
fi

# The floor: the same bytes through dd and tar on the host.
echo "host floor ..."
make_disks
mkdir "$tmp/floor"
elapsed ()
{
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f\n", e - s }'
}
{
  echo "upload $(elapsed dd if="$tmp/data" of="$tmp/floor/data" bs=1M)"
  echo "download $(elapsed dd if="$tmp/floor/data" of="$tmp/floor/data.out" bs=1M)"
  mkdir "$tmp/floor/tree"
  echo "tar-in $(elapsed tar -C "$tmp/floor/tree" -xf "$tmp/tree.tar")"
  echo "tar-out $(elapsed tar -C "$tmp/floor/tree" -cf "$tmp/floor/tree.out.tar" .)"
  # The host's caches are dropped only where that is allowed (root).
  if sync && (echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null; then
    echo "tar-out-cold $(elapsed tar -C "$tmp/floor/tree" -cf "$tmp/floor/tree.out.tar" .)"
  fi
  echo "copy-device-to-device $(elapsed dd if="$tmp/src.img" of="$tmp/dst.img" bs=1M count=$dev_mib conv=notrunc)"
  echo "fill $(elapsed dd if=/dev/zero of="$tmp/floor/fill" bs=1M count=$dev_mib)"
} > "$tmp/floor.times"

# Report.
load_end=$(load)
echo
echo "load average (1 min): $load_start at the start, $load_careen after careen, $load_end at the end"
echo "sizes: file $file_mib MiB; tree $tree: $tree_files files, $tree_mib MiB as tar; device $dev_mib MiB"
printf '%-24s %10s %12s %7s %10s\n' "MiB/s" careen libguestfs ratio floor
for op in upload download tar-in tar-out tar-out-cold copy-device-to-device fill; do
  c=$(awk -v o=$op '$1 == o { print $2 }' "$tmp/careen.times")
  l=
  if [ $have_libguestfs = yes ]; then
    l=$(awk -v o=$op '$1 == o { print $2 }' "$tmp/libguestfs.times")
  fi
  f=$(awk -v o=$op '$1 == o { print $2 }' "$tmp/floor.times")
  cr=$(rate $op "$c")
  [ -n "$c" ] || cr="skipped"
  lr=$(rate $op "$l")
  [ $have_libguestfs = yes ] || lr="n/a"
  # careen's speed over libguestfs's, from the two times.
  ratio=$(awk -v c="$c" -v l="$l" 'BEGIN {
    if (c == "" || l == "" || c <= 0 || l <= 0) print "-"
    else printf "%.1fx", l / c }')
  printf '%-24s %10s %12s %7s %10s\n' "$op" "$cr" "$lr" "$ratio" "$(rate $op "$f")"
done
case "$have_tar$have_copy$have_fill" in
  *no*) echo "skipped: calls not in this build of careen yet:" \
          "$([ $have_tar = yes ] || echo 'tar-in tar-out ')$([ $have_copy = yes ] || echo 'copy-device-to-device ')$([ $have_fill = yes ] || echo fill)" ;;
esac
echo "qemu peak RSS over the session (MiB): careen $careen_rss$([ $have_libguestfs = yes ] && echo ", libguestfs $libguestfs_rss")"
