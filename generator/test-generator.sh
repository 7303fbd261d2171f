#!/bin/sh -
# careen - offline disk-image toolkit
# Checks the generator's outputs: a second run rewrites nothing (so make
# does not rebuild), and the public header compiles as strict C99 and
# as C++ for a program written against libguestfs.
set -e

top_srcdir=${top_srcdir:-$(cd "${srcdir:-.}/.." && pwd)}
CC=${CC:-cc}
CXX=${CXX:-g++}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

./generator "$top_srcdir" > "$tmp/out"
if grep -q 'wrote' "$tmp/out"; then
    echo "$0: generator rewrote unchanged outputs:" >&2
    cat "$tmp/out" >&2
    exit 1
fi

$CC -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only \
    -I"$top_srcdir/include" "$top_srcdir/generator/test-header.c"

if command -v "$CXX" > /dev/null 2>&1; then
    cp "$top_srcdir/generator/test-header.c" "$tmp/test-header.cpp"
    $CXX -Wall -Wextra -Werror -pedantic -fsyntax-only \
        -I"$top_srcdir/include" "$tmp/test-header.cpp"
else
    echo "$0: no C++ compiler ($CXX): C++ check skipped"
fi
