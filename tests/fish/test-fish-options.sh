#!/bin/sh -
# careen - guestfish: command-line options that need no appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

# Accepted options that change nothing visible here.
$VG guestfish -n -w --rw --ro -r --keys-from-stdin --echo-keys \
  --no-dest-paths --selinux --no-progress-bars --no-history echo ok > out
expect_output out <<'END'
ok
END
$VG guestfish -x --progress-bars --pipe-error echo ok > out 2> err
expect_output out <<'END'
ok
END

# -D is the old short form of --no-dest-paths.
$VG guestfish -D echo ok > out
expect_output out <<'END'
ok
END

# --long-options and --short-options list what the table has (bash
# completion asks for them), and every option of libguestfs's guestfish
# is among them when it is installed here.
$VG guestfish --long-options > long
grep -qx -- '--inspector' long
grep -qx -- '--keys-from-stdin' long
if grep -qx -- '--long-options' long; then exit 1; fi
$VG guestfish --short-options > short
grep -qx -- '-N' short
grep -qx -- '-D' short
if [ -x /usr/bin/guestfish ]; then
  libguestfs /usr/bin/guestfish --long-options > lg-long
  libguestfs /usr/bin/guestfish --short-options > lg-short
  [ -z "$(sort long | comm -13 - "$(sort lg-long > lg-long.s && echo lg-long.s)")" ]
  [ -z "$(sort short | comm -13 - "$(sort lg-short > lg-short.s && echo lg-short.s)")" ]
fi

# "--" ends the options: the rest is commands even if it looks like one.
$VG guestfish -- echo -x --ro > out
expect_output out <<'END'
-x --ro
END

# A libvirt domain that does not exist fails before any command, on
# the connection of -c or libvirt's default one (the test driver here).
for opt in "-d dom" "--domain=dom" "-c test:///default -d dom" \
           "--connect=test:///default -d dom"; do
  fish_rc $opt echo not-reached > out 2> err
  test $rc = 1
  test ! -s out
  grep -q "no libvirt domain 'dom' on 'test:///default'" err
done
# --network sets the handle's network setting before any command.
fish_rc --network get-network > out 2> err
test $rc = 0
test "$(cat out)" = true
fish_rc get-network > out 2> err
test "$(cat out)" = false
# -i needs a disk to inspect: without one it fails before any command.
for opt in -i --inspector; do
  fish_rc $opt echo not-reached > out 2> err
  test $rc = 1
  test ! -s out
done
fish_rc --live echo not-reached > out 2> err
test $rc = 1
test ! -s out
grep -q -- '--live: .* not supported' err

# --key takes ID:key:KEY, ID:file:FILE or ID:clevis; a bad one is
# refused without echoing the argument (it may hold a secret).
$VG guestfish --key /dev/sda2:key:pass:with:colons --key all:file:/k \
  --key UUID:clevis echo ok > out
expect_output out <<'END'
ok
END
for k in nocolon :key:x /dev/sda2:key /dev/sda2:file: /dev/sda2:clevis:x \
         /dev/sda2:other:secret-word; do
  fish_rc --key "$k" echo not-reached > out 2> err
  test $rc = 1
  test ! -s out
  grep -q 'expected ID:key:KEY' err
  # (err also holds the shell's trace of the command: leave that out.)
  if grep -v '^+' err | grep -q secret-word; then exit 1; fi
done

# --blocksize takes 512 or 4096, or nothing to go back to the default.
$VG guestfish --blocksize=512 --blocksize=4096 --blocksize echo ok > out
expect_output out <<'END'
ok
END
fish_rc --blocksize=1000 echo not-reached > out 2> err
test $rc = 1
grep -q 'must be 512 or 4096' err

# A key argument is not typed on the command line: guestfish asks for
# it.  With --keys-from-stdin it is the next line of stdin, even in a
# script read from stdin; without a terminal and without that option it
# cannot be asked for.  (cryptsetup-open then fails: no appliance.)
$VG guestfish -h cryptsetup-open | grep -q '^     cryptsetup-open device mapname '
$VG guestfish -h cryptsetup-open | grep -q 'keys-from-stdin'
fish_rc --keys-from-stdin > out 2> err <<'END'
-cryptsetup-open /dev/sda1 secretmap
not-a-command the key line is read as the key
echo after
END
test $rc = 0
expect_output out <<'END'
after
END
if grep -v '^+' err | grep -q 'not-a-command'; then exit 1; fi
grep -q 'libguestfs: error: cryptsetup_open' err
fish_rc --keys-from-stdin cryptsetup-open /dev/sda1 secretmap \
  > out 2> err < /dev/null
test $rc = 1
grep -q 'reading the key from stdin: end of input' err
setsid -w sh -c "exec \$VG guestfish cryptsetup-open /dev/sda1 map" \
  < /dev/null > out 2> err && rc=0 || rc=$?
test $rc = 1
grep -q 'no terminal' err

# -a adds in command-line order; --format applies to the -a options
# after it until a bare --format; --blocksize likewise.  --ro and --rw
# (-r, -w) say how all the -a disks are added, the last one winning.
# -x traces each call, which shows the arguments given to add.
truncate -s 1M a.img b.img c.img
$VG guestfish -x --ro --format=raw -a a.img --add b.img --format -a c.img \
  --blocksize=4096 -a a.img --format=raw --blocksize -a b.img \
  echo ok > out 2> err
expect_output out <<'END'
ok
END
grep '^libguestfs: trace: add_drive "' err > adds
expect_output adds <<'END'
libguestfs: trace: add_drive "a.img" "readonly:true" "format:raw"
libguestfs: trace: add_drive "b.img" "readonly:true" "format:raw"
libguestfs: trace: add_drive "c.img" "readonly:true"
libguestfs: trace: add_drive "a.img" "readonly:true" "blocksize:4096"
libguestfs: trace: add_drive "b.img" "readonly:true" "format:raw"
END
# A --format that no -a follows (last, alone, or before -N, -d or the
# old -i form) applies to no disk: refused with libguestfs's message
# and exit status 1 before anything is made or launched; libguestfs's
# guestfish says the same where it is installed (it makes -N's disk
# first, so it is not asked about -N).
echo 'guestfish: --format parameter must appear before -a parameter' > want
for args in "-a a.img --format=raw" "--format=raw" "--format" \
            "--format=raw -a a.img --format" "--format=raw -d nosuch" \
            "--ro --format=raw -i a.img" "--format=raw -N fs"; do
  rc=0; $VG guestfish $args exit < /dev/null > out 2> err || rc=$?
  test $rc = 1
  test ! -s out
  cmp want err
  case "$args" in *-N*) continue ;; esac
  if [ -x /usr/bin/guestfish ]; then
    rc=0
    libguestfs /usr/bin/guestfish $args exit < /dev/null > out 2> err ||
      rc=$?
    test $rc = 1
    # (Without the trace of the libguestfs function under set -x.)
    grep -v '^+ ' err > lg-err
    cmp want lg-err
  fi
done
test ! -e test1.img

$VG guestfish -x -r -a a.img -w -a b.img echo ok > out 2> err
grep '^libguestfs: trace: add_drive "' err > adds
expect_output adds <<'END'
libguestfs: trace: add_drive "a.img" "readonly:false"
libguestfs: trace: add_drive "b.img" "readonly:false"
END
$VG guestfish -x --rw -a a.img -r echo ok > out 2> err
grep '^libguestfs: trace: add_drive "' err > adds
expect_output adds <<'END'
libguestfs: trace: add_drive "a.img" "readonly:true"
END
# Without -x, nothing is traced.
$VG guestfish -a a.img echo ok > out 2> err
test ! -s err
# A disk that cannot be read is refused before anything runs.
fish_rc -a missing.img echo not-reached > out 2> err
test $rc = 1
test ! -s out
grep -q '^guestfish: access: missing.img: No such file or directory$' err

# -m DEV[:MNT[:OPTS[:FSTYPE]]] needs a device.
fish_rc -a a.img -m :/boot echo not-reached > out 2> err
test $rc = 1
test ! -s out
grep -q 'no device given' err

# The old form of -i: the words after the options are disks (or
# libvirt domains), not commands.
fish_rc -i no-such-domain > out 2> err
test $rc = 1
grep -q "no libvirt domain 'no-such-domain'" err

# --remote and --listen refuse what the server decides.
for opt in -i "-m /dev/sda1" "-a a.img"; do
  fish_rc --remote $opt > out 2> err < /dev/null
  test $rc = 1
  grep -q -- '--remote cannot be used with' err
done
fish_rc --listen -f script.gf > out 2> err
test $rc = 1
grep -q -- '--listen cannot be used with -f' err

# Unknown options, and missing arguments.
fish_rc --no-such-option > out 2> err
test $rc = 1
grep -q -- '--help' err
fish_rc -Z > out 2> err
test $rc = 1
grep -q "invalid option -- 'Z'" err
fish_rc -a > out 2> err
test $rc = 1
grep -q "option '-a' requires an argument" err

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
