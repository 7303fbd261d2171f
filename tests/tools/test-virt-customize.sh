#!/bin/sh -
# careen - virt-customize: usage errors (no launch), then most
# operations in one run on an overlay of the Debian 12 test guest, each
# checked afterwards with guestfish (passwords against the host's
# crypt through perl).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img perl ldd ssh-keygen

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
tool="$top_builddir/tools/customize/virt-customize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-customize is not built"
[ -x /bin/dash ] || skip "/bin/dash (the shell given to the guest) is missing"

. "$top_srcdir/tests/guests/guests.sh"
img="$(guest_image debian12)" || skip "the test guests could not be built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# "! cmd" does not stop a set -e script: this does.
fails ()
{
  if "$@"; then
    echo "$test_name: unexpected success: $*" >&2
    exit 1
  fi
}

# Usage errors: exit status 1 and a message, before any launch.
: > x.img
for args in "" "--chmod 755x:/a" "--chmod 0755" "--chown a:b:/f" \
            "--chown 1:2:" "--link /t" "--link /t:/a::/b" \
            "--password root" "--password-crypto des" \
            "--upload nonexistent:/x" "--write relative:x" \
            "--hostname bad_name" "--timezone ../../etc/passwd" \
            "--install vim,,x" "--uninstall -y" \
            "--firstboot-install v;rm" "--sm-attach bogus" \
            "--sm-credentials nouser" "--sm-credentials u:pw:x" \
            "--ssh-inject root:bad:x" "--copy /a" "--bogus" \
            "-m 0" "--ro" "extra"; do
  set +e
  # shellcheck disable=SC2086
  $VG "$tool" $([ -n "$args" ] && echo -a x.img) $args > out 2> err
  rc=$?
  set -e
  [ "$rc" = 1 ]
  grep -q 'virt-customize: ' err
  [ ! -s out ]
done
"$tool" -a x.img --install 'vim;reboot' 2> err || :
grep -q "^virt-customize: --install: bad argument 'vim;reboot': expected package names separated by commas" err
# A bad selector is reported without echoing the password in it.
"$tool" -a x.img --root-password pasword:Sekr1t 2> err || :
grep -q '^virt-customize: --root-password: bad password selector' err
fails grep -q Sekr1t err
$VG "$tool" --help | grep -q '^Usage:'
$VG "$tool" --long-options | grep -q '^--ssh-inject$'

# The writable overlay; the cached image is never written.
# The overlay's backing file is the shared test guest, outside the
# overlay's directory: allow it (careen's default refuses it).
export CAREEN_BACKING_FILES=any
qemu-img create -q -f qcow2 -b "$img" -F raw o.qcow2

# Host files given to the guest.
echo upload-me > up.txt
chmod 0751 up.txt
mkdir -p ci/sub
echo in-tree > ci/sub/f
printf 'Pass w0rd\n' > pw
ssh-keygen -q -t ed25519 -N '' -C test@host -f key
printf '#!/bin/sh\necho first boot\n' > fb.sh
printf '#!/bin/sh\necho from-script > /run-script.out\n' > script.sh
cat > cmds <<'EOF'
# a comment, then a blank line

touch /from-commands-file
EOF

# The guest has no shell: dash and its libraries, uploaded first, let
# --run and --run-command work.
set -- --upload /bin/dash:/usr/bin/sh
for lib in $(ldd /bin/dash | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
                                  $1 ~ /^\// { print $1 }'); do
  set -- "$@" --mkdir "$(dirname "$lib")" --upload "$lib:$(dirname "$lib")"
done

shadow='root:*:19000:0:99999:7:::
alice:!:19000:0:99999:7:::
nobody:*:19000:0:99999:7:::'

$VG "$tool" --format qcow2 -a o.qcow2 "$@" \
  --write "/etc/shadow:$shadow" \
  --chmod 0640:/etc/shadow \
  --append-line /etc/passwd:alice:x:1000:1000::/home/alice:/bin/sh \
  --mkdir /home/alice \
  --append-line '/etc/hosts:127.0.1.1 debian12.example.org debian12' \
  --hostname new-host.example.com \
  --mkdir /usr/share/zoneinfo/Europe \
  --upload /usr/share/zoneinfo/Europe/London:/usr/share/zoneinfo/Europe \
  --timezone Europe/London \
  --root-password file:pw \
  --password alice:random \
  --password nobody:locked:disabled \
  --ssh-inject alice:file:key.pub \
  --ssh-inject alice:file:key.pub \
  --ssh-inject 'alice:string:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample k2' \
  --mkdir /usr/lib/systemd/system \
  --firstboot fb.sh \
  --firstboot-command 'touch /fbc' \
  --run-command 'echo ran > /run-command.out' \
  --run script.sh \
  --write /etc/motd:hello \
  --append-line /etc/motd:second \
  --edit '/etc/motd:s/hello/HELLO/' \
  --upload up.txt:/root \
  --mkdir /opt/a/b \
  --touch /opt/t \
  --chmod 0640:/opt/t \
  --chown 1000:1000:/opt/t \
  --link /opt/t:/opt/l1:/opt/l2 \
  --move /opt/l2:/opt/l3 \
  --copy /etc/motd:/opt/motd.copy \
  --truncate /opt/motd.copy \
  --copy-in ci:/opt \
  --truncate-recursive /opt/ci \
  --delete /opt/a \
  --touch /opt/scrubme --scrub /opt/scrubme \
  --commands-from-file cmds \
  --selinux-relabel > out
cat out

# Progress lines in command-line order, with the original's wording.
grep -q '^\[ *[0-9.]*\] Examining the guest \.\.\.$' out
grep -q '^\[ *[0-9.]*\] Setting the hostname: new-host.example.com$' out
grep -q '^\[ *[0-9.]*\] Setting the timezone: Europe/London$' out
grep -q '^\[ *[0-9.]*\] Setting passwords$' out
grep -q '^\[ *[0-9.]*\] Setting a random seed$' out
grep -q '^\[ *[0-9.]*\] Linking: /opt/l2 -> /opt/t$' out
grep -q '^\[ *[0-9.]*\] Installing firstboot script: fb.sh$' out
[ "$(grep -n 'Setting the hostname' out | cut -d: -f1)" -lt \
  "$(grep -n 'Setting the timezone' out | cut -d: -f1)" ]
# The random password is printed (and only it).
random="$(sed -n 's/^Setting random password of alice to \([A-Za-z0-9]*\)$/\1/p' out)"
[ "${#random}" = 16 ]
fails grep -q 'Pass w0rd' out

$VG "$fish" --ro --format=qcow2 -a o.qcow2 -i -- \
  cat /etc/hostname : cat /etc/hosts : readlink /etc/localtime : \
  cat /etc/timezone : cat /etc/motd : readlink /opt/l1 : \
  readlink /opt/l3 : exists /opt/l2 : filesize /opt/motd.copy : \
  filesize /opt/ci/sub/f : exists /opt/a : exists /opt/scrubme : \
  exists /from-commands-file : cat /run-command.out : \
  cat /run-script.out : exists /.autorelabel : \
  cat /root/up.txt : ls /usr/lib/virt-sysprep/scripts : \
  cat /usr/lib/virt-sysprep/scripts/5000-0002-touch--fbc : \
  readlink /etc/systemd/system/multi-user.target.wants/guestfs-firstboot.service : \
  is-file /usr/lib/systemd/system/guestfs-firstboot.service : \
  filesize /var/lib/random-seed : \
  cat /home/alice/.ssh/authorized_keys > got
# (guestfish's cat ends each file with a newline of its own.)
expect_output got <<END
new-host.example.com

127.0.0.1 localhost
127.0.1.1 debian12.example.org new-host.example.com

/usr/share/zoneinfo/Europe/London
Europe/London

HELLO
second

/opt/t
/opt/t
false
0
0
false
false
true
ran

from-script

false
upload-me

5000-0001-fb.sh
5000-0002-touch--fbc
#!/bin/sh
touch /fbc

/usr/lib/systemd/system/guestfs-firstboot.service
true
512
$(cat key.pub)
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample k2

END

# Owners and modes: statns prints "st_mode: N", "st_uid: N", ...
$VG "$fish" --ro --format=qcow2 -a o.qcow2 -i -- \
  statns /opt/t : statns /root/up.txt : statns /home/alice/.ssh : \
  statns /home/alice/.ssh/authorized_keys : statns /etc/shadow : \
  statns /usr/lib/virt-sysprep/firstboot.sh : cat /etc/shadow > stat.out
awk '/^st_mode:/ { m = sprintf ("%o", $2 % 4096) }
     /^st_uid:/ { u = $2 }
     /^st_gid:/ { print m, u, $2 }' stat.out > got
expect_output got <<END
640 1000 1000
751 $(id -u) $(id -g)
700 1000 1000
600 1000 1000
640 0 0
755 0 0
END

# The hashes match the passwords (SHA-512, 16-character salt), the
# locked and disabled entry is "!*", the rest of each line is kept.
grep '^root:\$6\$[./0-9A-Za-z]\{16\}\$[^:]*:19000:0:99999:7:::$' stat.out
grep '^nobody:!\*:19000:0:99999:7:::$' stat.out
check_pw ()
{
  hash="$(grep "^$1:" stat.out | cut -d: -f2)"
  perl -e 'exit (crypt ($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' \
    "$2" "$hash"
}
check_pw root 'Pass w0rd'
check_pw alice "$random"
fails check_pw root 'wrong'
