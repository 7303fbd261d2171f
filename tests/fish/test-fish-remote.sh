#!/bin/sh -
# careen - guestfish --listen / --remote: commands sent to a server in
# the background, output where the client runs, exit on error, quit.
# No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

GUESTFISH_PID=
eval "$($VG guestfish --listen)"
test -n "$GUESTFISH_PID"
export GUESTFISH_PID
cleanup_fn "kill $GUESTFISH_PID 2>/dev/null || :"

# Output and errors come back to the client.
$VG guestfish --remote echo one "two  words" : echo three > out
expect_output out <<'END'
one two  words
three
END
printf 'echo "from stdin"\n-no-such-command\necho after\n' |
  $VG guestfish --remote > out 2> err
expect_output out <<'END'
from stdin
after
END
grep -q '^no-such-command: unknown command$' err
$VG guestfish --remote=$GUESTFISH_PID echo by pid > out
expect_output out <<'END'
by pid
END

# A failing command fails the client and stops the server.
fish_rc --remote no-such-command > out 2> err
test $rc = 1
grep -q 'no-such-command: unknown command' err
fish_rc --remote echo too late > out 2> err
test $rc = 1
test ! -s out

# quit stops a server and succeeds.
eval "$($VG guestfish --listen)"
cleanup_fn "kill $GUESTFISH_PID 2>/dev/null || :"
$VG guestfish --remote quit
fish_rc --remote echo gone > out 2> err
test $rc = 1

# Options that do not go with remote control.
fish_rc --remote -a disk.img echo x > out 2> err
test $rc = 1
fish_rc --listen echo x > out 2> err
test $rc = 1
GUESTFISH_PID= fish_rc --remote echo x > out 2> err
test $rc = 1
grep -q 'GUESTFISH_PID is not set' err
