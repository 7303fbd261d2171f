#!/bin/sh -
# careen - the interactive shell, driven through a real terminal (tmux):
# the welcome banner and prompt, tab completion of a command name, of a
# guest path and of a local file name, running a command, a progress bar
# on a long download, Ctrl-C cancelling that download without leaving
# the shell, Ctrl-D leaving with status 0, the history file, and
# (without an appliance) a key read from the terminal without echo,
# Ctrl-C at the prompt and --no-history; then the announcement of
# what -i mounted, and -D turning off the completion of guest paths.
# Three launches.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

requires_appliance
requires tmux

# Types a command line, then waits for the next prompt: keys typed
# while a command runs would go to the terminal, not to readline.
run_line ()
{
  keys "$1"
  wait_for -F "><fs> $1"
  keys Enter
  wait_for '^><fs> ?$'
}

# --- without an appliance: Ctrl-C at the prompt, --no-history --------
mkdir a-local-directory
start --no-history
wait_for '^><fs> ?$'
screen | grep -q '^Welcome to guestfish'

# Local file names complete after a local command.
keys 'lcd a-local' Tab
wait_for '^><fs> lcd a-local-directory/$'
keys Enter
wait_for '^><fs> ?$'
run_line '!pwd'
screen | grep -q '/a-local-directory$'
run_line 'lcd ..'
keys 'echo typed but not run'
wait_for 'typed but not run'
keys C-c
# The line is thrown away and a new prompt shown.
wait_for '^><fs> ?$'
run_line 'echo second line'
screen | grep -q '^second line$'
if screen | grep -q '^typed but not run$'; then exit 1; fi
# A key is asked for on the terminal, not echoed.  (The call then
# fails: there is no appliance.)
keys 'cryptsetup-open /dev/sda1 cryptmap'
wait_for -F '><fs> cryptsetup-open /dev/sda1 cryptmap'
keys Enter
wait_for '^Enter key for cryptsetup-open: ?$'
keys 'hidden-passphrase' Enter
wait_for 'libguestfs: error: cryptsetup_open'
wait_for '^><fs> ?$'
if screen | grep -q hidden-passphrase; then exit 1; fi
# Ctrl-C on an empty line leaves, cleanly.
keys C-c
wait_rc
test "$(cat rc)" = 0
test ! -e .guestfish

# --- with an appliance ------------------------------------------------
start -N t.img=fs:ext4:256M -m /dev/sda1
wait_for '^><fs> ?$'

# Completion of a command name, then running it.
keys 'list-devi' Tab
wait_for '^><fs> list-devices ?$'
keys Enter
wait_for '^><fs> ?$'
screen | grep -q '^/dev/sda$'

# Completion of a guest path: a directory gets its '/'.
run_line 'mkdir /a-long-directory-name'
run_line 'touch /a-long-directory-name/inner-file'
keys 'is-file /a-long' Tab
wait_for '^><fs> is-file /a-long-directory-name/$'
keys 'inn' Tab
wait_for '^><fs> is-file /a-long-directory-name/inner-file ?$'
keys Enter
wait_for '^true$'
wait_for '^><fs> ?$'
run_line 'touch /big'
run_line 'truncate-size /big 8G'

# A long download shows a progress bar; Ctrl-C cancels it, the
# partial file is removed (it must not look like a whole copy), and the
# shell goes on.
keys 'download /big big.out' Enter
wait_for '[0-9]+% \[[#-]+\] [0-9][0-9]:[0-9][0-9]'
keys C-c
wait_for 'error: download: operation cancelled'
wait_for '^><fs> ?$'
test ! -e big.out
run_line 'echo still here'
screen | grep -q '^still here$'

# Ctrl-D leaves with status 0 and writes the history.
keys C-d
wait_rc
test "$(cat rc)" = 0
grep -q '^list-devices *$' .guestfish
grep -q '^echo still here$' .guestfish

# --- -i: what inspection mounted is announced after the welcome -------
# The disk above now gets what inspection needs to find a Linux root.
start -a t.img -m /dev/sda1
wait_for '^><fs> ?$'
run_line 'mkdir /etc'
run_line 'write /etc/os-release "ID=debian\nPRETTY_NAME=Debian-Twelve\n"'
run_line 'write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n"'
keys C-d
wait_rc
# -D: guest paths are not completed (the '#' after Tab shows that the
# word stayed as typed).
start -D --ro -a t.img -i
wait_for '^><fs> ?$'
screen | sed -n '/^Welcome to guestfish/,$p' | grep -v '^ *$' |
  sed -n '/^Operating system/,$p' > announced
expect_output announced <<'END'
Operating system: Debian-Twelve
/dev/sda1 mounted on /
><fs>
END
run_line 'cat /etc/fstab'
screen | grep -q '^/dev/sda1 / ext4 defaults 0 1$'
keys 'is-file /etc/fst' Tab '#'
wait_for '^><fs> is-file /etc/fst#$'
keys C-u
keys C-d
wait_rc
test "$(cat rc)" = 0
