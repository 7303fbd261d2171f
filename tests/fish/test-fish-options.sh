#!/bin/sh -
# careen - guestfish: command-line options that need no appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

# Accepted options that change nothing visible here.
$VG guestfish -n -w --rw --ro -r --keys-from-stdin --echo-keys \
  --no-dest-paths --selinux --no-progress-bars echo ok > out
expect_output out <<'END'
ok
END
$VG guestfish -x --progress-bars --pipe-error echo ok > out 2> err
expect_output out <<'END'
ok
END

# "--" ends the options: the rest is commands even if it looks like one.
$VG guestfish -- echo -x --ro > out
expect_output out <<'END'
-x --ro
END

# Features careen does not have yet fail clearly, before doing anything.
for opt in -i --inspector "-d dom" "-c qemu:///system" "--key id:key:x" \
           --network --blocksize=4096; do
  fish_rc $opt echo not-reached > out 2> err
  test $rc = 1
  test ! -s out
  grep -q 'not supported yet' err
done

# Unknown options.
fish_rc --no-such-option > out 2> err
test $rc = 1
grep -q -- '--help' err

# -f and commands together are refused.
echo 'echo x' > script.gf
fish_rc -f script.gf echo y > out 2> err
test $rc = 1
test ! -s out

# Bad -N specifications fail before creating anything.
fish_rc -N no-such-type echo x > out 2> err
test $rc = 1
grep -q "unknown type 'no-such-type'" err
fish_rc -N disk:1X echo x > out 2> err
test $rc = 1
grep -q "invalid size '1X'" err
fish_rc -N disk:1G:extra echo x > out 2> err
test $rc = 1
grep -q 'too many parameters' err
fish_rc -N lvfs:VG/LV echo x > out 2> err
test $rc = 1
grep -q "not of the form /dev/VG/LV" err
test ! -e test1.img
