#!/bin/sh -
# careen - a disk read over ssh:// from an sshd that the test starts on
# 127.0.0.1 with its own host key and authorized key: guestfish and
# virt-ls show what the image holds; read-only access leaves the
# image unchanged (its checksum); a user the server refuses, no key at
# all, and an unknown or changed host key are reported.
#
# qemu's ssh driver (libssh) logs in with the keys of ssh-agent, which
# it finds through SSH_AUTH_SOCK: careen passes its environment to
# qemu, so the test's own agent holds the test's key.  libssh checks
# the host key against ~/.ssh/known_hosts, "~" being the home directory
# of the password file, not $HOME: the test runs in a private mount
# namespace where a copy of /etc/passwd giving this user a scratch home
# is bind-mounted over /etc/passwd, so that neither the real known_hosts
# nor the real keys are read or written.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
set -e
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 md5sum ssh-keygen ssh-agent \
  ssh-add unshare mount
sshd=/usr/sbin/sshd
[ -x "$sshd" ] || skip "$sshd is not installed"
[ -e /usr/lib/x86_64-linux-gnu/qemu/block-ssh.so ] ||
  [ -e /usr/lib64/qemu/block-ssh.so ] || [ -e /usr/lib/qemu/block-ssh.so ] ||
  skip "qemu's ssh block driver is not installed"

# Into the private mount namespace (once): needs root, or a user
# namespace mapping this user to root.
if [ -z "${CAREEN_TEST_SSH_NS:-}" ]; then
  export CAREEN_TEST_SSH_NS=1 top_srcdir top_builddir
  if [ "$(id -u)" -eq 0 ]; then
    unshare -m --propagation private true 2>/dev/null ||
      skip "unshare -m does not work here"
    exec unshare -m --propagation private /bin/sh "$0" "$@"
  fi
  skip "needs root (sshd and a private mount namespace)"
fi
set -x

user="$(id -un)"
fish="$top_builddir/fish/guestfish"
ls_="$top_builddir/tools/ls/virt-ls"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

mkdir root root/dir
printf 'hello, ssh\n' > root/hello.txt
printf 'a,b c\n' > 'root/dir/with,comma'
make_disk root disk.img
sum="$(md5sum < disk.img)"

# The server: its own keys, config, log and pid file, here.  sshd
# wants its privilege separation directory, as Debian's service makes
# it.
mkdir -m 0700 etc fakehome fakehome/.ssh
ssh-keygen -q -t ed25519 -N '' -f etc/host_key
ssh-keygen -q -t ed25519 -N '' -f etc/user_key
cp etc/user_key.pub etc/authorized_keys
mkdir -p -m 0755 /run/sshd
port="$(free_port)"
cat > etc/sshd_config <<CONF
ListenAddress 127.0.0.1:$port
HostKey $scratch/etc/host_key
PidFile $scratch/etc/sshd.pid
AuthorizedKeysFile $scratch/etc/authorized_keys
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $user
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
CONF
"$sshd" -D -e -f "$scratch/etc/sshd_config" 2> sshd.log &
sshd_pid=$!
cleanup_fn "kill $sshd_pid 2>/dev/null || :"
wait_for etc/sshd.pid

# The host key known, under the home directory libssh looks in.
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 etc/host_key.pub)" \
  > fakehome/.ssh/known_hosts
awk -F: -v OFS=: -v uid="$(id -u)" -v home="$scratch/fakehome" \
  '$3 == uid { $6 = home } { print }' /etc/passwd > etc/passwd
chmod 0644 etc/passwd
mount --bind "$scratch/etc/passwd" /etc/passwd
[ "$(getent passwd "$(id -u)" | cut -d: -f6)" = "$scratch/fakehome" ] ||
  skip "this user's home directory does not come from /etc/passwd"

eval "$(ssh-agent -s)" > /dev/null
cleanup_fn "kill $SSH_AGENT_PID 2>/dev/null || :"
ssh-add -q etc/user_key

url="ssh://$user@127.0.0.1:$port$scratch/disk.img"

# Read-only: the files, and a write (past the filesystem's last block)
# that goes to the throw-away overlay only.
$VG "$fish" --ro --format=raw -a "$url" -m /dev/sda > out <<'FISH'
cat /hello.txt
ls /dir
checksum md5 /dir/with,comma
pwrite-device /dev/sda "overlay" 33550336
pread-device /dev/sda 7 33550336
blockdev-getsize64 /dev/sda
FISH
{
  printf 'hello, ssh\n\n'
  echo 'with,comma'
  md5sum < 'root/dir/with,comma' | cut -d' ' -f1
  echo 7
  printf overlay
  echo 33554432
} | expect_output out
[ "$(md5sum < disk.img)" = "$sum" ]

$VG "$ls_" --format=raw -a "$url" -m /dev/sda -R / > out
printf 'dir\ndir/with,comma\nhello.txt\nlost+found\n' | expect_output out
[ "$(md5sum < disk.img)" = "$sum" ]
# The logins were the agent's key for this user.
grep -q "Accepted publickey for $user from 127.0.0.1" sshd.log

# Fails unless file err matches the regular expression $1.
expect_err ()
{
  grep -q "$1" err || { cat err >&2; exit 1; }
}

# Refusals come from qemu at launch, before the appliance starts, and
# name the drive.  A user the server does not let in:
status=0
$VG "$fish" --ro --format=raw -a "ssh://nobody@127.0.0.1:$port$scratch/disk.img" \
  run 2> err || status=$?
[ "$status" -eq 1 ]
expect_err 'file.user=nobody.*failed to authenticate using publickey'

# No agent, and no key in the home directory:
status=0
env -u SSH_AUTH_SOCK $VG "$fish" --ro --format=raw -a "$url" run 2> err ||
  status=$?
[ "$status" -eq 1 ]
expect_err 'file.driver=ssh.*failed to authenticate using publickey'

# The host key is checked: another key for the address is refused, and
# so is an address not in known_hosts.
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 etc/user_key.pub)" \
  > fakehome/.ssh/known_hosts
status=0
$VG "$fish" --ro --format=raw -a "$url" run 2> err || status=$?
[ "$status" -eq 1 ]
expect_err 'file.driver=ssh.*host key (.*) does not match the one in known_hosts'
: > fakehome/.ssh/known_hosts
status=0
$VG "$fish" --ro --format=raw -a "$url" run 2> err || status=$?
[ "$status" -eq 1 ]
expect_err 'file.driver=ssh.*no host key was found in known_hosts'
[ "$(md5sum < disk.img)" = "$sum" ]
