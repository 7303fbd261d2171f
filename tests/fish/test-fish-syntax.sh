#!/bin/sh -
# careen - guestfish: words, quotes, escapes, comments, tilde, and the
# syntax errors.  No appliance: everything goes through echo.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

HOME=/home/fishtest; export HOME

$VG guestfish > out <<'END'
echo plain   words	tab
echo "double  quoted" 'single  quoted'
echo "esc:\t|\\|\"|\x41\x4a|\101|\a|\n|" | cat -A
echo 'no \n escapes "here"'
echo a"b c"d
echo ""
echo "" x
echo "|" '|' x
echo x|y
# a comment
    # an indented comment
echo not # a comment
echo ~ ~/x "~" '~/y' ~root ~no-such-user-here/z
-echo dash-prefixed
echo -
END
expect_output out <<'END'
plain words tab
double  quoted single  quoted
esc:^I|\|"|AJ|A|^G|$
|$
no \n escapes "here"
a"b c"d

 x
| | x
x|y
not # a comment
/home/fishtest /home/fishtest/x ~ ~/y /root ~no-such-user-here/z
dash-prefixed
-
END

# Each syntax error stops the run with status 1 and a message.
check_error ()
{
  printf '%s\necho not-reached\n' "$1" > script
  fish_rc < script > out 2> err
  test $rc = 1
  test ! -s out
  grep -q "$2" err
}
check_error 'echo "unterminated' 'unterminated double quote'
check_error "echo 'unterminated" 'unterminated single quote'
check_error 'echo "a"b' 'not separated by whitespace'
check_error "echo 'a'b" 'not separated by whitespace'
check_error 'echo "bad \q escape"' 'invalid escape sequence'
check_error 'echo "\x4"' 'invalid escape sequence'
check_error 'echo "\12"' 'invalid escape sequence'
check_error 'echo "no NUL \000"' 'invalid escape sequence'
check_error 'echo "no NUL \x00"' 'invalid escape sequence'

# Numbers in decimal, 0x hex and 0 octal; booleans in their spellings;
# optional arguments as name:value.  Library settings need no appliance.
fish_rc > out 2> err <<'END'
set-memsize 0x300
get-memsize
set-memsize 01400
get-memsize
set-memsize 768
get-memsize
set-autosync no
get-autosync
set-autosync 1
get-autosync
set-autosync OFF
get-autosync
set-autosync yes
get-autosync
disk-create opt.img raw 64K preallocation:full
-disk-create opt2.img raw 64K nosuch:full
-set-memsize 12abc
-set-memsize 0x
-set-memsize 099
-set-autosync maybe
END
test $rc = 0
expect_output out <<'END'
768
768
768
false
true
false
true
END
test "$(stat -c %s opt.img)" = 65536
test ! -e opt2.img
grep -q '^disk-create: unknown optional argument "nosuch:full"$' err
grep -q "^set-memsize: '12abc': invalid number$" err
grep -q "^set-memsize: '0x': invalid number$" err
grep -q "^set-memsize: '099': invalid number$" err
grep -q "^set-autosync: 'maybe': invalid boolean value" err

# glob with no pattern among its arguments runs the command once, as is;
# with no command it is a usage error.
$VG guestfish glob echo plain words > out
expect_output out <<'END'
plain words
END
fish_rc glob > out 2> err
test $rc = 1
grep -q 'usage: glob command' err
