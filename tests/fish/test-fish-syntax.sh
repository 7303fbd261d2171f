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
