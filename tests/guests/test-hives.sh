#!/bin/sh -
# careen - the registry hives the tests start from
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: test-hives.sh
#
# Writes the test hives with write-hive (built first if needed) into
# $top_builddir/tests/guests/hives, unless they are there already and
# newer than write-hive, and prints that directory:
#
#   minimal              the empty hive (write-hive empty)
#   special              names stored as UTF-16LE (write-hive odd-names)
#   rlenvalue_test_hive  a value with a false length (write-hive bad-length)
#
# Environment: top_builddir (by default the tree this script is in).

set -e

srcdir="$(cd "$(dirname "$0")" && pwd)"
top_builddir="${top_builddir:-$(cd "$srcdir/../.." && pwd)}"
guests_builddir="$top_builddir/tests/guests"
write_hive="$guests_builddir/write-hive"
dir="$guests_builddir/hives"

die ()
{
  echo "test-hives.sh: $*" >&2
  exit 1
}

# A test of another directory may come first: build the writer then.
[ -x "$write_hive" ] || ${MAKE:-make} -C "$guests_builddir" write-hive >&2 ||
  die "cannot build $write_hive"

mkdir -p "$dir"
# One writer at a time; the others wait and then find the stamp.
exec 9>"$dir.lock"
flock 9
if [ ! -f "$dir/stamp" ] || [ "$write_hive" -nt "$dir/stamp" ]; then
  for kind in minimal:empty special:odd-names rlenvalue_test_hive:bad-length; do
    "$write_hive" "${kind#*:}" "$dir/${kind%%:*}.tmp" ||
      die "write-hive ${kind#*:} failed"
    mv -f "$dir/${kind%%:*}.tmp" "$dir/${kind%%:*}"
  done
  touch "$dir/stamp"
fi
echo "$dir"
