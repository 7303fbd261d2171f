#!/bin/sh -
# careen - the one bash completion script of guestfish and the tools:
# it is valid bash, every program has its data and is bound to it, and
# completing options, option values and file names gives what each
# program's data and --long-options say, through bash-completion's own
# machinery as an interactive shell would.  No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires bash
bash_completion=/usr/share/bash-completion/bash_completion
[ -r "$bash_completion" ] || skip "bash-completion is not installed"

script="$top_builddir/tools/careen-completion"
[ -r "$script" ] || skip "the completion script is not built"
bash -n "$script"

# Every tool folder has its completion data, and every program with data
# is bound to the completion function.
for d in "$top_srcdir"/tools/*/; do
  t="virt-$(basename "$d")"
  # libguestfs-test-tool keeps the name libguestfs gave it.
  [ ! -f "$d/libguestfs-$(basename "$d").pod" ] || t="libguestfs-$(basename "$d")"
  # guestmount and guestunmount keep libguestfs's names.
  case $t in virt-guest*) t=${t#virt-} ;; esac
  [ -r "$d/$t.completion" ] || { echo "$0: $t has no $t.completion" >&2; exit 1; }
done

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
touch disk-one.img disk-two.qcow2
mkdir scripts.d

# complete WORD... : what bash-completion offers for the last word of the
# command line WORD..., one candidate a line, sorted.
cat > complete.bash <<EOS
. "$bash_completion"
. "$script"
complete_words ()
{
    COMP_WORDS=( "\$@" )
    COMP_CWORD=\$(( \$# - 1 ))
    COMP_LINE="\$*"
    COMP_POINT=\${#COMP_LINE}
    COMPREPLY=()
    _careen_complete "\$1" "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\n' "\${COMPREPLY[@]}" | sort
}
EOS
complete ()
{
  bash -c '. ./complete.bash && complete_words "$@"' complete "$@"
}

for t in guestfish libguestfs-test-tool \
         $(cd "$top_srcdir/tools" && ls -d */ | grep -vx 'test-tool/' |
           sed 's|^|virt-|; s|^virt-guest|guest|; s|/$||'); do
  bash -c ". ./complete.bash && complete -p $t" | grep -q -- "-F _careen_complete $t\$"
done

# Options from the program itself.
[ "$(complete virt-df --one-per)" = "--one-per-guest" ]
[ "$(complete virt-inspector --no-a)" = "--no-applications" ]
complete virt-resize --ex | grep -qx -- '--expand'
# Options from the data, for programs that cannot list theirs.
[ "$(complete virt-copy-in --echo)" = "--echo-keys" ]
[ "$(complete virt-tar-out --gz)" = "--gzip" ]
complete guestfish --form | grep -qx -- '--format'
# Option values from the data.
[ "$(complete virt-df --format q)" = "qcow2" ]
[ "$(complete virt-resize --align-first a | tr '\n' ' ')" = "always auto " ]
[ "$(complete virt-win-reg --encoding u)" = "utf16le" ]
[ "$(complete virt-make-fs --partition g)" = "gpt" ]
[ -z "$(complete virt-rescue --smp '')" ]
# File names, from -a and after the options.
[ "$(complete virt-df -a disk-o)" = "disk-one.img" ]
[ "$(complete guestfish -a disk-t)" = "disk-two.qcow2" ]
[ "$(complete virt-sysprep --scriptdir scr)" = "scripts.d" ]
# Values that the program computes: virt-sysprep's operations.
complete virt-sysprep --operations mach | grep -qx 'machine-id'
