#!/bin/sh -
# careen - virt-rescue's interactive shell, driven through a real
# terminal (tmux): commands run in the appliance and see the guest's
# filesystem under /sysroot, the escape key quits, 'exit' leaves
# cleanly with the writes on the disk, --ro leaves the image
# byte-identical, and the terminal's modes are restored each time.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires tmux qemu-system-x86_64 mkfs.ext4 debugfs md5sum

# careen's tool by its build-tree path: Debian's libguestfs virt-rescue
# may be installed.
tool="$top_builddir/tools/rescue/virt-rescue"
[ -x "$tool" ] || skip "virt-rescue is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# A tmux server of our own, so no user's session is touched.
tm="tmux -L careen-$$ -f /dev/null"
cleanup_fn $tm kill-server 2>/dev/null

# Waits until the pane shows PATTERN (a grep -E regex), up to $2 s.
# (tmux drops trailing blanks: the prompt reads "><rescue>".)
wait_for ()
{
  i=0
  while [ "$i" -lt "$2" ]; do
    $tm capture-pane -p -t t -S -200 > pane
    if grep -q -E "$1" pane; then return 0; fi
    sleep 1
    i=$((i + 1))
  done
  echo "$test_name: '$1' did not appear; the pane shows:" >&2
  cat pane >&2
  exit 1
}

# A guest filesystem of a few files, on a whole disk (/dev/sda).
mkdir content
echo 'hello from the guest' > content/hello.txt
mkfs.ext4 -q -F -L RESCUE -d content fs.img 16M

# The pane's shell gets this test's environment (./run's paths).
export -p > env.sh
$tm new-session -d -s t -x 100 -y 30 "cd '$scratch' && . ./env.sh && exec sh"
$tm set-option -t t remain-on-exit on

# 1. Read-write, -m: commands, a write that must land on the disk, and
# a clean 'exit'.
$tm send-keys -t t "stty -g > before; '$tool' --format=raw -a fs.img -m /dev/sda; echo RC1=\$?; stty -g > after1" Enter
wait_for '^><rescue> ?$' 300
$tm send-keys -t t 'ls /sysroot; echo $((6*7)); cat /sysroot/hello.txt' Enter
wait_for '^hello from the guest' 60
grep -q '^42' pane
grep -q 'lost+found' pane
$tm send-keys -t t 'echo fixed > /sysroot/fix.txt; stty size' Enter
wait_for '^30 100' 60
$tm send-keys -t t 'exit' Enter
wait_for '^RC1=0' 120
debugfs -R 'cat /fix.txt' fs.img 2>/dev/null | grep -q '^fixed$'
cmp before after1

# 2. --ro, quitting with the escape key: writes to the disk itself go
# to a throwaway overlay.
md5sum fs.img > sum
$tm send-keys -t t 'clear' Enter
sleep 1
$tm clear-history -t t
$tm send-keys -t t "'$tool' --ro --format=raw -a fs.img -m /dev/sda; echo RC2=\$?; stty -g > after2" Enter
wait_for '^><rescue> ?$' 300
$tm send-keys -t t 'touch /sysroot/x; dd if=/dev/zero of=/dev/sda bs=64k count=16 conv=fsync 2>&1 | tail -1' Enter
wait_for 'copied' 60
grep -q 'Read-only file system' pane
# ^] h prints the escapes; ^] q quits at once.
$tm send-keys -t t 'C-]' 'h'
wait_for 'escape sequences' 30
$tm send-keys -t t 'C-]' 'q'
wait_for '^RC2=0' 120
grep -q 'virt-rescue: quitting' pane
cmp before after2
md5sum -c sum
