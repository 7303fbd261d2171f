#!/bin/sh -
# careen - guestfish: host commands ('!', '<!', pipes), scripts, and the
# local commands (lcd, setenv, unsetenv, time, sparse, alloc, reopen).
# No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

mkdir sub
$VG guestfish > out <<'END'
echo before
!echo from the shell
echo lower case | tr a-z A-Z
echo spaces after|  not a pipe
echo spaces before |tr a-z A-Z
<! echo echo generated; printf 'echo "quoted  words"\n'
lcd sub
!pwd | sed 's,.*/,,'
lcd ..
setenv FISH_TEST_VAR "some value"
!echo "[$FISH_TEST_VAR]"
unsetenv FISH_TEST_VAR
!echo "[${FISH_TEST_VAR-unset}]"
time echo timed
sparse sparse.img 10M
alloc alloc.img 1M
allocate alloc2.img 4k
reopen
echo after
END
sed 's/^elapsed time: [0-9]*\.[0-9][0-9] seconds$/elapsed time: N seconds/' \
  out > out2
expect_output out2 <<'END'
before
from the shell
LOWER CASE
spaces after| not a pipe
SPACES BEFORE
generated
quoted  words
sub
[some value]
[unset]
timed
elapsed time: N seconds
after
END
test "$(stat -c %s sparse.img)" = 10485760
test "$(stat -c %s alloc.img)" = 1048576
test "$(stat -c %s alloc2.img)" = 4096
# sparse allocates nothing, alloc everything.
test "$(stat -c %b sparse.img)" -lt 100
test "$(stat -c %b alloc.img)" -ge 2048

# Commands given on the command line, separated by ':' words; each word
# is one argument, with no further quoting.
$VG guestfish echo 'a  b' "'c'" : echo '"d"' : echo > out
expect_output out <<'END'
a  b 'c'
"d"

END

# -f script with a #! line, from another directory.
cat > script.gf <<'END'
#!/usr/bin/env guestfish -f
echo from script
-false-command
echo still running
END
(cd sub && $VG guestfish -f ../script.gf > ../out 2>/dev/null)
expect_output out <<'END'
from script
still running
END

# A heredoc argument becomes a temporary file with the text.
$VG guestfish > out <<'END'
<! echo "echo -<<EOT"; echo "line one"; echo "line two"; echo "EOT"
END
f="$(cat out)"
case "$f" in /*) ;; *) echo "unexpected heredoc file name: $f"; exit 1 ;; esac
test ! -e "$f"

# Event handlers run host scripts; the close event fires at exit.
$VG guestfish > out <<'END'
event e1 close 'echo "closed: $EVENT [$0] $#"'
event e2 trace,enter true
list-events
delete-event e2
list-events
-delete-event e2
END
sed 's/ ([0-9]*): / (N): /' out > out2
expect_output out2 <<'END'
"e2" (N): trace,enter: true
"e1" (N): close: echo "closed: $EVENT [$0] $#"
"e1" (N): close: echo "closed: $EVENT [$0] $#"
closed: close [] 0
END
