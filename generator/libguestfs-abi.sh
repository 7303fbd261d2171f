#!/bin/sh
# careen - offline disk-image toolkit
# Prints the binary interface of libguestfs, read from its guestfs.h
# (default /usr/include/guestfs.h, from Debian's libguestfs-dev), in the
# format of generator/libguestfs-abi.txt: one exported function a line,
#
#   SECTION KIND NAME
#
# SECTION  handle   written by hand in libguestfs (handles, errors,
#                   events, private data)
#          struct   the free, copy and compare functions of a struct
#          call     a call of the API, or one of its _va/_argv/_opts forms
#          private  a call libguestfs keeps for its own tools and bindings
# KIND     what it returns, which is all an ABI-level fallback needs:
#          void, int, int64 or ptr
#
# Run it again when the libguestfs careen follows changes, and commit
# the result; tests/lib/test-lib-abi.sh checks the copy is current.
set -e
header=${1:-/usr/include/guestfs.h}
test -r "$header" || { echo "$0: $header: cannot read" >&2; exit 1; }

cat <<'HEAD'
# The binary interface of libguestfs 1.48 (libguestfs.so.0): every
# function it exports.  Written by generator/libguestfs-abi.sh from
# libguestfs's guestfs.h; do not edit.  Columns: section, return kind,
# name (see the script).
HEAD
awk '
/^\/\* Structures\. \*\//       { section = "struct" }
/^\/\* Actions\. \*\//          { section = "call" }
/^\/\* Private functions\. \*\// { section = "private" }
/^\/\* Private structures\. \*\// { section = "struct" }
/^extern GUESTFS_DLL_PUBLIC / { stmt = $0; collecting = 1 }
collecting && stmt != $0 { stmt = stmt " " $0 }
collecting && /;/ {
  collecting = 0
  sub (/^extern GUESTFS_DLL_PUBLIC /, "", stmt)
  paren = index (stmt, "(")
  decl = substr (stmt, 1, paren - 1)
  sub (/[ \t]+$/, "", decl)
  n = split (decl, w, /[ \t*]+/)
  name = w[n]
  ret = substr (decl, 1, length (decl) - length (name))
  gsub (/[ \t]+/, " ", ret)
  sub (/ $/, "", ret)
  if (ret ~ /\*/ || ret ~ /_cb$/) kind = "ptr"
  else if (ret == "void") kind = "void"
  else if (ret == "int64_t") kind = "int64"
  else if (ret == "int") kind = "int"
  else { printf "%s: %s: unknown return type %s\n", FILENAME, name, ret > "/dev/stderr"; exit 1 }
  sect = section == "" ? "handle" : section
  if (sect == "struct" && name !~ /^guestfs_(free|copy|compare)_/) sect = "handle"
  print sect, kind, name
}
' "$header" | LC_ALL=C sort -k3 -u
