#!/bin/sh -
# careen - careen's virt-inspector against libguestfs's on the test
# guests of tests/guests: the XML reports must be identical, except for
# the differences documented in virt-inspector(1) "DIFFERENCES FROM
# LIBGUESTFS":
#
#  - where libguestfs cannot list the applications (it fails at times
#    on the SQLite rpm databases of current RPM distributions, and then
#    reports nothing at all), both are compared without applications
#    (--no-applications);
#  - <icon> is left out (--no-icon): which file is the logo is a
#    heuristic of each implementation;
#  - the disk letter inside btrfsvol: names is not compared: libguestfs
#    1.48 leaves its appliance's own name of the disk there (btrfsvol:
#    /dev/sdb3/root for the guest's /dev/sda3).
#
# libguestfs costs 15-20 s a launch under TCG: without SLOW=1 only
# debian12 and windows are compared; SLOW=1 compares every guest.
# Skipped (77) when libguestfs's virt-inspector is not installed.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64
lg=/usr/bin/virt-inspector
[ -x "$lg" ] || skip "libguestfs's virt-inspector is not installed"
. "$top_srcdir/tests/guests/guests.sh"

# careen's virt-inspector by its build-tree path, never libguestfs's.
vi="$top_builddir/tools/inspector/virt-inspector"
[ -x "$vi" ] || skip "virt-inspector is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"

dir="${CAREEN_GUESTS_DIR:-$(guest_dir)}" ||
  skip "the test guests could not be built"
[ -n "$dir" ] || skip "the test guests could not be built"

if [ -n "${SLOW:-}" ]; then
  guests="$guest_names"
else
  guests="debian12 windows"
fi

# libguestfs as the user would run it, without libvirt, on its own
# library (tests/functions.sh).
run_lg ()
{
  libguestfs timeout 600 "$lg" "$@"
}

# Whether libguestfs works here at all: a failure to launch is this
# host's problem, not careen's.
failures=0
compared=0
for guest in $guests; do
  img="$dir/$guest.img"
  [ -f "$img" ] || { echo "$test_name: $guest: no image" >&2; exit 1; }
  opts="--format=raw --no-icon"
  if ! run_lg $opts -a "$img" > "$scratch/$guest.lg.xml" \
       2> "$scratch/$guest.lg.err"; then
    cat "$scratch/$guest.lg.err" >&2
    if grep -q 'rpm' "$scratch/$guest.lg.err"; then
      # Documented: libguestfs cannot read this rpm database.
      opts="$opts --no-applications"
      run_lg $opts -a "$img" > "$scratch/$guest.lg.xml" \
        2> "$scratch/$guest.lg.err" || {
        cat "$scratch/$guest.lg.err" >&2
        skip "libguestfs's virt-inspector fails on $guest"
      }
    elif grep -q -e 'launch' -e 'appliance' -e 'qemu' \
              "$scratch/$guest.lg.err"; then
      skip "libguestfs cannot launch its appliance here"
    else
      echo "$test_name: $guest: libguestfs's virt-inspector failed" >&2
      failures=$((failures + 1))
      continue
    fi
  fi
  # shellcheck disable=SC2086
  "$vi" $opts -a "$img" > "$scratch/$guest.careen.xml"
  for w in lg careen; do
    sed -E 's|btrfsvol:/dev/sd[a-z]+|btrfsvol:/dev/sdX|g' \
      "$scratch/$guest.$w.xml" > "$scratch/$guest.$w.cmp"
  done
  if diff -u "$scratch/$guest.lg.cmp" "$scratch/$guest.careen.cmp"; then
    echo "$test_name: $guest: identical ($opts)"
  else
    echo "$test_name: $guest: the reports differ (libguestfs -, careen +)" >&2
    failures=$((failures + 1))
  fi
  compared=$((compared + 1))
done

echo "$test_name: $compared guests compared, $failures differ"
[ "$failures" -eq 0 ]
