#!/bin/sh -
# careen - libvirt is loaded only when a call needs it: libguestfs.so.0
# does not depend on libvirt.so.0 (programs that never name a domain do
# not pay for loading it), and a libvirt.so.0 without the functions
# careen calls is refused with an error naming what is missing, not a
# crash.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e
skip_if_skipped
requires readelf "${CC:-cc}"

so="$top_builddir/lib/.libs/libguestfs.so.0"
[ -r "$so" ] || skip "$so is not built"

needed="$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
echo "$needed"
refute grep -q '^libvirt' <<NEEDED
$needed
NEEDED

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"

# A libvirt.so.0 with none of libvirt's functions, found first.
echo 'int careen_not_libvirt;' > "$scratch/empty.c"
"${CC:-cc}" -shared -fPIC -o "$scratch/libvirt.so.0" "$scratch/empty.c"

LD_LIBRARY_PATH="$scratch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
  "$top_builddir/fish/guestfish" -c test:///default -d test \
  > "$scratch/out" 2>&1 && status=0 || status=$?
cat "$scratch/out"
[ "$status" -eq 1 ]
grep -q 'cannot use libvirt: libvirt.so.0 has no vir' "$scratch/out"
