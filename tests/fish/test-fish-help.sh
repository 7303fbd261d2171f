#!/bin/sh -
# careen - guestfish: help, -h, --help, --version, -N help.  No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

# -h lists guestfish's own commands and the generated ones, with the
# aliases, between a header and a footer line.
$VG guestfish -h > list
grep -q '^    Command  *Description$' list
grep -q '^help  *display a list of commands or help on a command$' list
grep -q '^echo  *display a line of text$' list
grep -q '^q  *alias for .quit.$' list
grep -q '^run  *alias for .launch.$' list
grep -q '^list-devices  ' list
# help and quit come first, the rest is sorted.
sed -n '2p;3p' list | cut -c1-4 > first
expect_output first <<'END'
help
quit
END
sed -e '1,3d' -e '$d' list | cut -d' ' -f1 > names
LC_ALL=C sort -c names

# help -l is the same list.
# Options are parsed anywhere on the command line (as in guestfish),
# so "--" keeps -l an argument of help.
$VG guestfish -- help -l > list2
cmp list list2

# help CMD, and -h CMD, for a local and a generated command.
$VG guestfish help echo > help-echo
expect_output help-echo <<'END'
NAME
    echo - display a line of text

SYNOPSIS
     echo [params ...]

DESCRIPTION
    Prints its arguments, separated by single spaces, and a newline.

END
$VG guestfish -h echo > help-echo2
cmp help-echo help-echo2
$VG guestfish help list_devices > help-ld
sed -n 1,2p help-ld > help-ld-head
expect_output help-ld-head <<'END'
NAME
    list-devices - list the block devices
END
grep -q '^SYNOPSIS$' help-ld
grep -q '^     list-devices$' help-ld

# Aliases find the same help.
$VG guestfish help run | grep -q '^    launch - '

# Unknown commands fail.
fish_rc help no-such-command 2> err
test $rc = 1
grep -q 'no-such-command: unknown command' err
fish_rc -h no-such-command 2> err
test $rc = 1

# help alone is a short introduction.
$VG guestfish help > intro
grep -q "help -l" intro

$VG guestfish --version > version
grep -q '^guestfish [0-9][0-9.]*$' version
$VG guestfish -V | cmp - version

$VG guestfish --help > usage
grep -q -- '--add' usage
# -i works, and --help says so; only what careen lacks is "not available".
grep -q '^  -i|--inspector  ' usage
grep -q '^Not available: ' usage
if grep '^Not available: ' usage | grep -q -- '-i'; then exit 1; fi

$VG guestfish -N help > types
for t in disk part fs lv lvfs bootroot bootrootlv; do
  grep -q "^guestfish -N $t  *- " types
done
