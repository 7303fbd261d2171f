#!/bin/sh -
# careen - guestfish's documentation matches guestfish: every command
# and alias listed by guestfish -h has a section in guestfish(1)
# (fish/guestfish.pod or the generated man/guestfish-actions.pod), and
# every option that --help shows, long or short, is documented.  No
# appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

pod="$top_srcdir/fish/guestfish.pod"
actions="$top_srcdir/man/guestfish-actions.pod"
test -f "$actions" || actions="$top_builddir/man/guestfish-actions.pod"
test -f "$actions" || skip "man/guestfish-actions.pod is not generated"

$VG guestfish -h | sed -e '1d' -e '$d' | cut -d' ' -f1 > commands
test -s commands
cat "$pod" "$actions" | sed -n 's/^=head2 //p' > sections
missing=0
while read -r c; do
  if ! grep -qxF "$c" sections; then
    echo "$test_name: command '$c' has no =head2 section in guestfish(1)"
    missing=1
  fi
done < commands
test $missing = 0

# The options of --help, long and short, appear in the OPTIONS
# section as B<--opt> or B<-x>.
$VG guestfish --help > usage
{
  grep -o -- '--[a-z][a-z-]*' usage | grep -vx -- '--options'
  grep -o -- '^  -[a-zA-Z]' usage | sed 's/^  //'
} | sort -u > options
grep -qx -- -i options
while read -r o; do
  if ! grep -qF "B<$o>" "$pod"; then
    echo "$test_name: option $o is not documented in guestfish.pod"
    missing=1
  fi
done < options
test $missing = 0
