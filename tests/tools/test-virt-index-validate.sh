#!/bin/sh -
# careen - virt-index-validate: good and bad indexes (plain and
# clear-signed), the --compat checks, the exit codes; and the same
# verdicts, output and exit codes from libguestfs's virt-index-validate
# where it is installed.  No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped

# By build-tree path: Debian's tool of the same name may be installed.
iv="$top_builddir/tools/index-validate/virt-index-validate"
[ -x "$iv" ] || skip "virt-index-validate is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# libguestfs's tool names itself by its argv[0]: run it by its bare
# name from a folder of its own.
real=
if [ -x /usr/bin/virt-index-validate ]; then
  mkdir realbin
  ln -s /usr/bin/virt-index-validate realbin/
  real=real_index_validate
fi
real_index_validate ()
{
  PATH="$scratch/realbin:$PATH" virt-index-validate "$@"
}

# run PROGRAM ARGS...: its exit status in $status, stdout in out,
# stderr in err (without the shell's -x trace of a function).
run ()
{
  status=0
  "$@" > out 2> err || status=$?
  sed -i '/^+/d' err
}

# valid NAME: both tools accept NAME, with the same output.
valid ()
{
  run $VG "$iv" "$@"
  [ "$status" -eq 0 ]
  [ ! -s err ]
  eval "last=\${$#}"
  echo "$last validated OK" | expect_output out
  if [ -n "$real" ]; then
    run "$real" "$@"
    [ "$status" -eq 0 ]
    echo "$last validated OK" | expect_output out
  fi
}

# invalid LINE NAME: both reject NAME's syntax; careen names the line.
invalid ()
{
  line=$1; shift
  run $VG "$iv" "$1"
  [ "$status" -eq 1 ]
  [ ! -s out ]
  grep -q "^$1:$line: " err
  tail -n 1 err > last
  echo "virt-index-validate: ‘$1’ could not be validated, see errors above" |
    expect_output last
  if [ -n "$real" ]; then
    run "$real" "$1"
    [ "$status" -eq 1 ]
    tail -n 1 err > last
    echo "virt-index-validate: ‘$1’ could not be validated, see errors above" |
      expect_output last
  fi
}

cat > good <<'IDX'
# the repository of a test
[debian-12]
name=Debian 12
osinfo=debian12
arch=x86_64
file=debian-12.xz
checksum[sha512]=00ff
format=raw
size=6442450944
compressed_size=300000000
expand=/dev/sda1
notes=Debian 12 (bookworm).
 
 With a blank line.
notes[fr]=Debian 12
hidden=false
aliases=bookworm
revision=2

[debian-12]
arch=aarch64
file=debian-12-aarch64.xz
size=6442450944
IDX
valid good
{ printf -- '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n'
  cat good
  printf -- '-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n'
} > good.asc
valid good.asc
: > empty
valid empty

printf 'junk=1\n[a]\nfile=x\n' > before; invalid 1 before
printf '[a]\n continued\nfile=x\n' > cont; invalid 2 cont
printf '[a]\nfile=x\nnoequals\n' > noeq; invalid 3 noeq
printf '[a]\nfile=x\n[b]\nfile=y\n' > noblank; invalid 3 noblank
printf '[a]\n\nfile=x\n' > gap; invalid 3 gap
printf '[a b]\nfile=x\n' > space; invalid 1 space
printf '[a]\nfi-le=x\n' > key; invalid 2 key
printf '[a]\nk[]=x\n' > subkey; invalid 2 subkey
printf '[a]\nfile=x' > nonl; invalid 2 nonl

# Duplicates, which virt-builder refuses and libguestfs's
# virt-index-validate lets through: careen's only.
printf '[a]\nfile=x\nfile=y\n' > dupfield
run $VG "$iv" dupfield
[ "$status" -eq 1 ]
grep -q "^dupfield:3: \[a\]: field 'file' appears more than once" err
printf '[a]\narch=x86_64\n\n[a]\narch=x86_64\n' > dupsec
run $VG "$iv" dupsec
[ "$status" -eq 1 ]
grep -q "^dupsec:4: os-version \[a\] with arch 'x86_64' appears more than once" err

# --compat-1.24.1 (and 1.24.0, which implies it): comments.
for opt in --compat-1.24.1 --compat-1.24.0; do
  run $VG "$iv" $opt good
  [ "$status" -eq 1 ]
  echo "virt-index-validate: good contains comments which will not work with virt-builder 1.24.1" |
    expect_output err
  if [ -n "$real" ]; then
    run "$real" $opt good
    [ "$status" -eq 1 ]
    echo "virt-index-validate: good contains comments which will not work with virt-builder 1.24.1" |
      expect_output err
  fi
done
printf '[a]\nfile=x\nsig=x.sig\n' > old; valid --compat-1.24.0 old
printf '[a]\nfile=x\n' > nosig; valid --compat-1.24.1 nosig
# (libguestfs 1.48's tool crashes on the following: careen's only.)
run $VG "$iv" --compat-1.24.0 nosig
[ "$status" -eq 1 ]
grep -q "section \[a\] is missing a ‘sig’ field which will not work with virt-builder 1.24.0" err
printf '[a]\nsig=s\nchecksum[sha512]=x\n' > sub; valid --compat-1.24.1 sub
run $VG "$iv" --compat-1.24.0 sub
[ "$status" -eq 1 ]
grep -q "field ‘checksum\[sha512\]’ has invalid characters which will not work with virt-builder 1.24.0" err
printf '[a]\nsig=s\nfi.le=x\n' > dot
run $VG "$iv" --compat-1.24.1 dot
[ "$status" -eq 1 ]
grep -q "field ‘fi.le’ has invalid characters which will not work with virt-builder 1.24.1" err
printf '[a]\nsig=s\nk[x,y]=x\n' > comma
run $VG "$iv" --compat-1.24.1 comma
[ "$status" -eq 1 ]
grep -q "field ‘k\[x,y\]’ has invalid characters" err

# Usage.
run $VG "$iv" missing
[ "$status" -eq 1 ]
grep -q "^missing: No such file or directory" err
run $VG "$iv"
[ "$status" -eq 1 ]
run $VG "$iv" good good
[ "$status" -eq 1 ]
run $VG "$iv" --bogus good
[ "$status" -eq 1 ]
run $VG "$iv" --help
[ "$status" -eq 0 ]
grep -q 'usage: virt-index-validate' out
$VG "$iv" --version | grep -Eq '^virt-index-validate [0-9]+\.[0-9]+\.[0-9]+$'
