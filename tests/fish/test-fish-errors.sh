#!/bin/sh -
# careen - guestfish: exit status and error messages.  Outside an
# interactive session the first failing command ends the run with
# status 1, unless it is prefixed with '-'.  No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

# Unknown command on the command line.
fish_rc no-such-command > out 2> err
test $rc = 1
grep -q '^no-such-command: unknown command$' err

# Commands on the command line stop at the first failure.
fish_rc echo one : no-such-command : echo two > out 2> err
test $rc = 1
expect_output out <<'END'
one
END

# A leading or doubled ':' is an empty command.
fish_rc : echo one > out 2> err
test $rc = 1
grep -q 'empty command' err

# A script on stdin stops at the first failure ...
fish_rc > out 2> err <<'END'
echo one
no-such-command
echo two
END
test $rc = 1
expect_output out <<'END'
one
END

# ... unless the command has a '-' in front.
fish_rc > out 2> err <<'END'
echo one
-no-such-command
- no-such-command-either
echo two
END
test $rc = 0
expect_output out <<'END'
one
two
END
grep -q '^no-such-command: unknown command$' err
grep -q '^no-such-command-either: unknown command$' err

# Library errors name the input and line: here a call that needs the
# appliance before launch.
fish_rc > out 2> err <<'END'
echo one
list-devices
END
test $rc = 1
grep -q '^\*stdin\*:2: libguestfs: error: ' err

printf '#!/usr/bin/env guestfish -f\n# comment\nlist-devices\necho not-reached\n' \
  > script.gf
fish_rc -f script.gf > out 2> err
test $rc = 1
grep -q '^script.gf:3: libguestfs: error: ' err
test ! -s out

# Wrong number of arguments.
fish_rc lcd > out 2> err
test $rc = 1
grep -q 'lcd directory' err
fish_rc sparse only-one-argument > out 2> err
test $rc = 1

# Host commands: a failing '!' line is an error, a failing pipe is not
# unless --pipe-error.
fish_rc > out 2> err <<'END'
!exit 3
echo not-reached
END
test $rc = 1
test ! -s out
fish_rc > out 2> err <<'END'
echo piped | false
echo reached
END
test $rc = 0
expect_output out <<'END'
reached
END
fish_rc --pipe-error > out 2> err <<'END'
echo piped | false
echo not-reached
END
test $rc = 1
test ! -s out

# time reports the time even when the command fails, and fails too.
fish_rc time no-such-command > out 2> err
test $rc = 1
grep -q '^elapsed time: [0-9]*\.[0-9][0-9] seconds$' out

# quit ends the script successfully.
fish_rc > out 2> err <<'END'
echo one
quit
echo not-reached
END
test $rc = 0
expect_output out <<'END'
one
END

# A missing script file.
fish_rc -f no-such-script.gf > out 2> err
test $rc = 1
grep -q 'no-such-script.gf' err

# Ctrl-C (SIGINT) in a script stops it after the running command, with
# a failure status, even though that command succeeded.  Here the
# signal comes from the host command of a pipe.
fish_rc > out 2> err <<'END'
echo one
echo two | kill -INT $PPID
echo not-reached
END
test $rc = 1
grep -q '^guestfish: interrupted$' err
expect_output out <<'END'
one
END
