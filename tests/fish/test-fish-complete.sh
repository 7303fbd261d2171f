#!/bin/sh -
# careen - tab completion of host file names, driven through a real
# terminal (tmux), without an appliance.  Which commands take host
# files comes from the API table itself (generator --fish-host-files:
# FileIn, FileOut and host file arguments), not from a list kept here,
# so a command added to the table is checked too.  guestfish's own
# commands, which are not in the table, are checked one by one, and so
# is a guest argument that must not complete host names.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

requires tmux
generator="$top_builddir/generator/generator"
[ -x "$generator" ] || skip "generator not built"

"$generator" --fish-host-files > host-files
# The table has such commands (upload is one): an empty list would
# check nothing.
grep -q '^upload 0$' host-files

touch a-local-file-for-completion

start --no-history
wait_for '^><fs> ?$'

# Types $1, then Tab, then a '#' marker, and sets $got to the prompt
# line as it then is: readline handles the keys in order, so once the
# marker shows, the completion (if any) has been made.  The line is
# then cleared.
complete ()
{
  keys -l "$1"
  keys Tab
  keys -l '#'
  wait_for '^><fs> .*#$'
  got="$(screen | grep '^><fs> .*#$' | tail -n 1)"
  keys C-u
  wait_for '^><fs> ?$'
}

failed=""
# Expects "$1" to complete to the local file.
expect_host_file ()
{
  complete "$1 a-local-fi"
  if [ "$got" != "><fs> $1 a-local-file-for-completion #" ]; then
    echo "$test_name: '$1 a-local-fi' did not complete the host file:"
    echo "  $got"
    failed="$failed $1"
  fi
}

# Every host file word of every command of the table: the words before
# it are placeholders.
while read -r cmd words; do
  for w in $words; do
    line="$cmd"
    i=0
    while [ $i -lt "$w" ]; do
      line="$line x"
      i=$((i + 1))
    done
    expect_host_file "$line"
  done
done < host-files

# guestfish's own commands, and a command after glob or time.
expect_host_file "lcd"
expect_host_file "alloc"
expect_host_file "allocate"
expect_host_file "sparse"
expect_host_file "copy-in"
expect_host_file "copy-in a-local-file-for-completion"
expect_host_file "copy-out /guest/dir"
expect_host_file "glob upload"
expect_host_file "time download /guest/file"

# A guest path does not complete host names (there is no appliance to
# ask, so it does not complete at all), nor does copy-out's first word.
complete "download a-local-fi"
[ "$got" = "><fs> download a-local-fi#" ] || failed="$failed download-guest"
complete "copy-out a-local-fi"
[ "$got" = "><fs> copy-out a-local-fi#" ] || failed="$failed copy-out-guest"

if [ -n "$failed" ]; then
  echo "$test_name: failed for:$failed"
  exit 1
fi
