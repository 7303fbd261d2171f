#!/bin/sh
# careen - virt-v2v benchmark.
#
#   bench/v2v.sh [--no-libguestfs] [--boot] [--breakdown] [--keep]
#                [--dir DIR]
#
# Converts the bootable Debian 12 guest of the virt-v2v tests
# (tests/v2v/make-bootable-guest.sh: 1 GiB virtual, about 300 MiB of
# data; built on first use and cached), exported as a streamOptimized
# VMDK as ESX writes it, to raw with -o local, and times:
#
#   floor        qemu-img convert of the same VMDK to raw (what reading
#                and writing the disk costs on this host)
#   careen       tools/v2v/virt-v2v from the build tree, through ./run
#   virt-v2v     Debian's virt-v2v (libguestfs, forced to the direct
#                backend and TCG, as KVM fails here)
#
# and prints each end-to-end time, the copy phase of each (from its
# "Copying disk" step to the next one in its progress lines), and the
# ratios careen/virt-v2v end to end and careen's copy phase / floor.
# Launches are included: they are part of what a user waits for.
# With --boot each converted disk is booted on virtio (boot_guest of
# tests/v2v/v2v-functions.sh) and the result shown.  With --breakdown
# careen converts once more with -x, after the timed runs, and where
# its time went is printed: each step of its progress lines and every
# API call that took 0.5 s or more (the guest's initramfs rebuild is
# one "command" call).  Not a test: it asserts nothing.  Needs about
# 2 GiB of real space in DIR (default /var/tmp).

set -e

use_libguestfs=yes
boot=no
breakdown=no
keep=no
base=${TMPDIR:-/var/tmp}
while [ $# -gt 0 ]; do
  case "$1" in
    --no-libguestfs) use_libguestfs=no; shift ;;
    --boot) boot=yes; shift ;;
    --breakdown) breakdown=yes; shift ;;
    --keep) keep=yes; shift ;;
    --dir) base="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "v2v.sh: unknown option '$1'" >&2; exit 1 ;;
  esac
done

top="$(cd "$(dirname "$0")/.." && pwd)"
run="$top/run"
v2v="$top/tools/v2v/virt-v2v"
[ -x "$run" ] || { echo "v2v.sh: build careen first (no $run)" >&2; exit 1; }
[ -x "$v2v" ] || { echo "v2v.sh: careen's virt-v2v is not built" >&2; exit 1; }
command -v qemu-img >/dev/null 2>&1 ||
  { echo "v2v.sh: 'qemu-img' is needed" >&2; exit 1; }
if [ $use_libguestfs = yes ] && [ ! -x /usr/bin/virt-v2v ]; then
  echo "v2v.sh: /usr/bin/virt-v2v is not installed: careen only"
  use_libguestfs=no
fi

tmp=$(mktemp -d "$base/careen-v2v.XXXXXX")
cleanup () { if [ $keep = no ]; then rm -rf "$tmp"; fi; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

echo "the bootable guest (built on first use, a minute or two) ..."
img=$(sh "$top/tests/v2v/make-bootable-guest.sh" | tail -n 1)
qemu-img convert -f raw -O vmdk -o subformat=streamOptimized \
  "$img" "$tmp/debian.vmdk"
echo "source: $tmp/debian.vmdk, $(du -m "$tmp/debian.vmdk" | cut -f1) MiB"

# Seconds elapsed running "$@", on stdout; the command's output goes to
# $tmp/log.
timed ()
{
  t0=$(date +%s.%N)
  "$@" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; return 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'
}

# The copy phase in a virt-v2v log: the time stamp of the step after
# "Copying disk" minus that of "Copying disk" (both programs print
# "[ SECONDS] step" lines).
copy_phase ()
{
  awk '/^\[ *[0-9.]+\] / {
         t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t)
         if (copying) { printf "%.1f", t - start; found = 1; exit }
         if ($0 ~ /Copying disk/) { copying = 1; start = t }
       }
       END { if (!found) printf "-" }' "$1"
}

ratio ()
{
  awk -v a="$1" -v b="$2" \
    'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2fx", a / b }'
}

boot_check ()
{
  [ $boot = yes ] || return 0
  (
    top_srcdir="$top"
    . "$top/tests/functions.sh"
    . "$top/tests/v2v/v2v-functions.sh"
    if line=$(boot_guest "$1" raw virtio 300 2>/dev/null); then
      echo "  booted on virtio: $line"
    else
      echo "  did NOT boot on virtio"
    fi
  )
}

# Each line of stdin with the seconds since the first one before it
# (bash for its clock in microseconds, without a process per line).
stamp ()
{
  bash -c 's=${EPOCHREALTIME/./}
    while IFS= read -r l; do
      d=$(( ${EPOCHREALTIME/./} - s ))
      printf "%d.%02d %s\n" $((d / 1000000)) $((d / 10000 % 100)) "$l"
    done'
}

# From a stamped -x log: the duration of each progress step (to the
# next step) and under it each API call of the step that took 0.5 s or
# more.
breakdown_of ()
{
  awk '
    function show(t, what) { printf "  %7.1f s  %s\n", t, what }
    $2 ~ /^\[/ && $0 ~ /^[0-9.]+ \[ *[0-9.]+\] / {
      if (step != "") { show($1 - step_t, step); printf "%s", calls }
      calls = ""
      step = $0; sub (/^[0-9.]+ \[ *[0-9.]+\] /, "", step); step_t = $1
      next
    }
    $2 == "libguestfs:" && $3 == "trace:" {
      if ($5 == "=") {
        if (($4 in start) && $1 - start[$4] >= 0.5)
          calls = calls sprintf("  %7.1f s      %s%s\n", $1 - start[$4], $4, args[$4])
        delete start[$4]
      } else {
        start[$4] = $1
        a = $0; sub (/^[^:]*: trace: [^ ]* ?/, "", a)
        args[$4] = (a == "" ? "" : " " substr (a, 1, 60))
      }
    }
    END {
      if (step != "") { show($1 - step_t, step); printf "%s", calls }
      printf "  %7.1f s  end to end\n", $1 }
  ' "$1"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
floor=$(timed qemu-img convert -f vmdk -O raw "$tmp/debian.vmdk" "$tmp/floor.img")
rm -f "$tmp/floor.img"
echo "floor (qemu-img convert): $floor s"

mkdir "$tmp/careen" "$tmp/v2vtmp"
export VIRT_V2V_TMPDIR="$tmp/v2vtmp"
careen=$(timed "$run" "$v2v" -i disk "$tmp/debian.vmdk" \
           -o local -os "$tmp/careen" -of raw)
cp "$tmp/log" "$tmp/careen.log"
careen_copy=$(copy_phase "$tmp/careen.log")
echo "careen virt-v2v: $careen s (copy $careen_copy s)"
boot_check "$tmp/careen/debian-sda"
rm -f "$tmp/careen/debian-sda"

libguestfs=- libguestfs_copy=-
if [ $use_libguestfs = yes ]; then
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  mkdir "$tmp/libguestfs"
  libguestfs=$(unset LD_LIBRARY_PATH LIBGUESTFS_PATH
               export LIBGUESTFS_BACKEND=direct
               export LIBGUESTFS_BACKEND_SETTINGS=force_tcg
               timed /usr/bin/virt-v2v -i disk "$tmp/debian.vmdk" \
                 -o local -os "$tmp/libguestfs" -of raw)
  cp "$tmp/log" "$tmp/libguestfs.log"
  libguestfs_copy=$(copy_phase "$tmp/libguestfs.log")
  echo "libguestfs virt-v2v: $libguestfs s (copy $libguestfs_copy s)"
  boot_check "$tmp/libguestfs/debian-sda"
  rm -f "$tmp/libguestfs/debian-sda"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ $breakdown = yes ]; then
  echo "careen's breakdown (-x, load $(cut -d' ' -f1 /proc/loadavg)):"
  mkdir "$tmp/breakdown"
  { "$run" "$v2v" -x -i disk "$tmp/debian.vmdk" -o local \
      -os "$tmp/breakdown" -of raw 2>&1; echo "exit status $?"; } |
    stamp > "$tmp/breakdown.log"
  rm -rf "$tmp/breakdown"
  if grep -q ' exit status 0$' "$tmp/breakdown.log"; then
    breakdown_of "$tmp/breakdown.log"
  else
    echo "  the run failed:"; tail -n 10 "$tmp/breakdown.log"
  fi
fi

echo
printf '%-28s %10s %10s\n' "" "end to end" "copy"
printf '%-28s %10s %10s\n' "floor (qemu-img convert)" "$floor s" "$floor s"
printf '%-28s %10s %10s\n' "careen virt-v2v" "$careen s" "$careen_copy s"
printf '%-28s %10s %10s\n' "libguestfs virt-v2v" "$libguestfs s" \
  "$libguestfs_copy s"
echo
echo "virt-v2v / careen, end to end: $(ratio "$libguestfs" "$careen")"
echo "careen / virt-v2v, end to end: $(ratio "$careen" "$libguestfs")"
echo "careen copy phase / floor:     $(ratio "$careen_copy" "$floor")"
