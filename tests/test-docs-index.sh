#!/bin/sh -
# careen - the documents that index the tree cannot drift from it:
# every test folder is in tests/README and tests/Makefile.am, every tool
# folder is built, configured, documented and completed, every common/
# module and top-level component is in HACKING and built, and every
# generator table is in generator/README and built.  No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/functions.sh"
set -e
skip_if_skipped

cd "$top_srcdir"
errors=0
missing ()
{
  echo "$test_name: $*" >&2
  errors=$((errors + 1))
}

# Whether the SUBDIRS of Makefile.am $1 (continuation lines included)
# name $2.
in_subdirs ()
{
  awk '/^SUBDIRS *=/ { on = 1 } on { print } on && !/\\$/ { on = 0 }' "$1" |
    tr -s ' \t\\' '\n\n\n' | grep -qxF -- "$2"
}

for d in tests/*/; do
  d=${d%/}; n=${d#tests/}
  [ -f "$d/Makefile.am" ] || continue
  grep -q "^  $n/ " tests/README || missing "tests/README does not describe $n/"
  in_subdirs tests/Makefile.am "$n" ||
    missing "tests/Makefile.am does not build $n"
done

for d in tools/*/; do
  d=${d%/}; n=${d#tools/}; p="virt-$n"
  # libguestfs-test-tool keeps the name libguestfs gave it.
  [ ! -f "$d/libguestfs-$n.pod" ] || p="libguestfs-$n"
  # guestmount and guestunmount keep libguestfs's names.
  case $n in guest*) p=$n ;; esac
  in_subdirs tools/Makefile.am "$n" ||
    missing "tools/Makefile.am does not build $n"
  grep -q "^ *tools/$n/Makefile\$" configure.ac ||
    missing "configure.ac does not make tools/$n/Makefile"
  [ -f "$d/$p.pod" ] || missing "$p has no man page ($d/$p.pod)"
  [ -f "$d/$p.completion" ] || missing "$p has no completion data ($d/$p.completion)"
  tr '\n' ' ' < README.md | grep -q -- "$p[ ,.]" ||
    missing "README.md does not list $p"
done

for d in common/*/; do
  d=${d%/}
  grep -q "^  $d " HACKING || missing "HACKING does not describe $d"
  in_subdirs Makefile.am "$d" ||
    missing "Makefile.am does not build $d"
done

for f in */Makefile.am; do
  d=${f%/Makefile.am}
  grep -q "^  $d " HACKING || missing "HACKING does not describe $d/"
done

for f in generator/actions-*.c; do
  n=${f#generator/}
  grep -q "$n" generator/README || missing "generator/README does not describe $n"
  grep -q "	$n" generator/Makefile.am || missing "generator/Makefile.am does not build $n"
done

[ "$errors" -eq 0 ]
