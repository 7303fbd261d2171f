#!/bin/sh -
# careen - offline disk-image toolkit
# careen's libguestfs.so.0 against libguestfs 1.48's, as installed from
# Debian (libguestfs0 for the library, libguestfs-dev for guestfs.h):
#
#  1. generator/libguestfs-abi.txt is what generator/libguestfs-abi.sh
#     reads off the installed guestfs.h;
#  2. careen exports every function libguestfs.so.0 exports;
#  3. every function careen's guestfs.h declares has the prototype of
#     libguestfs's (the compiler refuses a second, different declaration);
#  4. every struct both headers define has the same fields;
#  5. every GUESTFS_* / LIBGUESTFS_* constant both define has the same
#     value, and each one careen lacks belongs to a call or struct
#     careen lacks.

set -e

real_h=/usr/include/guestfs.h
real_so=/usr/lib/x86_64-linux-gnu/libguestfs.so.0
if [ ! -r "$real_h" ] || [ ! -r "$real_so" ]; then
    echo "$0: skipped: libguestfs-dev and libguestfs0 are not installed"
    exit 77
fi
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
ours_h="$top_srcdir/include/guestfs.h"
ours_so="$top_builddir/lib/.libs/libguestfs.so.0"
CC=${CC:-cc}
tmp="$(mktemp -d /tmp/careen-test-abi.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
fail=0

# 1.
sh "$top_srcdir/generator/libguestfs-abi.sh" "$real_h" > "$tmp/abi.txt"
if ! diff -u "$top_srcdir/generator/libguestfs-abi.txt" "$tmp/abi.txt"; then
    echo "$0: generator/libguestfs-abi.txt is out of date: run" \
         "generator/libguestfs-abi.sh > generator/libguestfs-abi.txt"
    fail=1
fi

# 2.
exports () { nm -D --defined-only "$1" | awk '$2 == "T" { print $3 }' | LC_ALL=C sort -u; }
exports "$real_so" > "$tmp/real.syms"
exports "$ours_so" > "$tmp/ours.syms"
LC_ALL=C comm -23 "$tmp/real.syms" "$tmp/ours.syms" > "$tmp/missing"
if [ -s "$tmp/missing" ]; then
    echo "$0: careen does not export $(wc -l < "$tmp/missing") functions of libguestfs.so.0:"
    cat "$tmp/missing"
    fail=1
fi
if ! grep -qx guestfs_create "$tmp/ours.syms"; then
    echo "$0: no guestfs_create in $ours_so"; fail=1
fi

# One C statement a line: the declarations of a header.
statements () {
    awk '/^extern GUESTFS_DLL_PUBLIC / { s = $0; c = 1 }
         c && s != $0 { s = s " " $0 }
         c && /;/ { c = 0; print s }' "$1"
}

# 3.
statements "$ours_h" | sed -n 's/.*[ *]\(guestfs_[A-Za-z0-9_]*\) (.*/\1/p' |
    LC_ALL=C sort -u > "$tmp/declared"
{
    echo '#include "guestfs.h"'
    echo '#undef GUESTFS_DEPRECATED_REPLACED_BY'
    echo '#define GUESTFS_DEPRECATED_REPLACED_BY(s)'
    echo '#undef GUESTFS_DEPRECATED_NO_REPLACEMENT'
    echo '#define GUESTFS_DEPRECATED_NO_REPLACEMENT'
    statements "$real_h" | while read -r line; do
        name=$(echo "$line" | sed -n 's/.*[ *]\(guestfs_[A-Za-z0-9_]*\) (.*/\1/p')
        if grep -qx "$name" "$tmp/declared"; then echo "$line"; fi
    done
} > "$tmp/protos.c"
nprotos=$(grep -c '^extern' "$tmp/protos.c" || true)
if ! $CC -std=gnu99 -fsyntax-only -Werror -I"$top_srcdir/include" \
        "$tmp/protos.c" 2> "$tmp/protos.err"; then
    echo "$0: prototypes that differ from libguestfs's:"
    grep -E 'error' "$tmp/protos.err" | head -50
    fail=1
fi

# 4.  Fields of struct guestfs_*, comments, preprocessor lines and
# spacing dropped.  careen may have more optional arguments than
# libguestfs 1.48 at the end of a NAME_argv struct (the bitmask says
# which are set, so a program built for libguestfs never reads them).
structs () {
    awk '/^struct guestfs_[a-z0-9_]+ \{/ { name = $2; body = ""; inside = 1; next }
         inside && /^\};/ { print name ":" body; inside = 0; next }
         inside && /^#/ { next }
         inside { body = body $0 }' "$1" |
        sed -e 's,/\*[^*]*\*/,,g' -e 's/[ 	][ 	]*/ /g' -e 's/ ;/;/g' \
            -e 's/: /:/' -e 's/; /;/g' -e 's/ $//' | LC_ALL=C sort
}
structs "$real_h" > "$tmp/real.structs"
structs "$ours_h" > "$tmp/ours.structs"
awk -F: 'NR == FNR { real[$1] = $2; next }
         ($1 in real) {
           n++
           ok = $1 ~ /_argv$/ ? index ($2, real[$1]) == 1 : $2 == real[$1]
           if (!ok) printf "struct %s:\n  libguestfs: %s\n  careen:     %s\n", $1, real[$1], $2
         }
         END { print n > "/dev/stderr" }' \
    "$tmp/real.structs" "$tmp/ours.structs" > "$tmp/structs.diff" 2> "$tmp/nstructs"
nstructs=$(cat "$tmp/nstructs")
if [ -s "$tmp/structs.diff" ]; then
    echo "$0: structs whose fields differ from libguestfs's:"
    cat "$tmp/structs.diff"
    fail=1
fi

# 5.  Object-like constants with numeric values.
macros () {
    sed -n 's/^#[ ]*define \(\(LIB\)\{0,1\}GUESTFS_[A-Z0-9_]*\)[ 	][ 	]*\([(0-9].*\)$/\1/p' "$1" |
        grep -v -e '^GUESTFS_GCC_VERSION$' | LC_ALL=C sort -u
}
macros "$real_h" > "$tmp/real.macros"
macros "$ours_h" > "$tmp/ours.macros"
LC_ALL=C comm -12 "$tmp/real.macros" "$tmp/ours.macros" > "$tmp/common.macros"
values () {
    {
        echo '#include <stdio.h>'
        echo '#include "guestfs.h"'
        echo 'int main (void) {'
        sed 's/.*/  printf ("& %llu\\n", (unsigned long long) (&));/' "$tmp/common.macros"
        echo '  return 0; }'
    } > "$tmp/values-$2.c"
    $CC -std=gnu99 -w -DGUESTFS_PRIVATE=1 -I"$1" "$tmp/values-$2.c" -o "$tmp/values-$2" &&
        "$tmp/values-$2"
}
mkdir -p "$tmp/realinc"
cp "$real_h" "$tmp/realinc/guestfs.h"
values "$tmp/realinc" real > "$tmp/real.values"
values "$top_srcdir/include" ours > "$tmp/ours.values"
if ! diff -u "$tmp/real.values" "$tmp/ours.values"; then
    echo "$0: constants whose values differ from libguestfs's (above)"
    fail=1
fi
# A constant careen lacks is about a call or struct it lacks.
awk '$1 == "call" || $1 == "private" { sub (/^guestfs_/, "", $3); print toupper ($3) }' \
    "$top_srcdir/generator/libguestfs-abi.txt" | LC_ALL=C sort -u > "$tmp/calls"
# (Careen exports every call; the ones it lacks are not in its header.)
sed 's/^guestfs_//' "$tmp/declared" | tr a-z A-Z | LC_ALL=C sort -u > "$tmp/ours.names"
LC_ALL=C comm -23 "$tmp/calls" "$tmp/ours.names" > "$tmp/lacking"
grep -o '^guestfs_free_[a-z0-9_]*' "$tmp/real.syms" | sed 's/^guestfs_free_//' |
    tr a-z A-Z | LC_ALL=C sort -u > "$tmp/real.structnames"
sed -n 's/^guestfs_free_//p' "$tmp/declared" | tr a-z A-Z |
    LC_ALL=C sort -u > "$tmp/ours.structnames"
LC_ALL=C comm -23 "$tmp/real.structnames" "$tmp/ours.structnames" > "$tmp/lacking.structs"
LC_ALL=C comm -23 "$tmp/real.macros" "$tmp/ours.macros" |
while read -r m; do
    n=${m#LIBGUESTFS_HAVE_}; n=${n#GUESTFS_HAVE_STRUCT_}; n=${n#GUESTFS_HAVE_}; n=${n#GUESTFS_}
    ok=
    while read -r c; do
        case "$n" in "$c"|"$c"_*) ok=1; break ;; esac
    done < "$tmp/lacking"
    [ -n "$ok" ] || grep -qx "$n" "$tmp/lacking.structs" || echo "$m"
done > "$tmp/missing.macros"
if [ -s "$tmp/missing.macros" ]; then
    echo "$0: constants of libguestfs that careen's guestfs.h lacks:"
    cat "$tmp/missing.macros"
    fail=1
fi

echo "$0: $(wc -l < "$tmp/real.syms") functions exported," \
     "$nprotos prototypes, $nstructs structs," \
     "$(wc -l < "$tmp/common.macros") constants compared"
exit $fail
