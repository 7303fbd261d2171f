#!/bin/sh -
# careen - a --format that no -a follows applies to no disk: every tool
# with -a refuses it with libguestfs's message and exit status 1
# (given after the last -a, alone, before -d only, or before the old
# positional disk), before any appliance is launched; and, where
# libguestfs's tool is installed, it says and exits the same (but
# virt-get-kernel, which libguestfs lets launch).  A
# --format followed by an -a is accepted (the tools then fail later,
# at the launch a stand-in qemu makes fail at once).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
truncate -s 1M d.img

# Were a check missing, the launch must fail fast, not boot.
printf '#!/bin/sh\nexit 1\n' > no-qemu
chmod +x no-qemu
export LIBGUESTFS_HV="$scratch/no-qemu"

# run_tool DIR/PROG ARGS...: its stdout in out, its stderr in err, its
# exit status in $status.
run_tool ()
{
  bin="$top_builddir/tools/$1"
  shift
  status=0
  $VG "$bin" "$@" < /dev/null > out 2> err || status=$?
  cat err
}

# refused DIR/PROG ARGS...: exit 1, and only the one message.
refused ()
{
  prog="$(basename "$1")"
  run_tool "$@"
  shift
  [ "$status" -eq 1 ]
  [ ! -s out ]
  printf '%s: --format parameter must appear before -a parameter\n' \
    "$prog" > want
  cmp want err
  # libguestfs's tool, when installed, does the same (its OCaml tools
  # put "error: " before the message and a hint after it), but for
  # virt-get-kernel, whose -a takes no --format at all there.
  if [ -x "/usr/bin/$prog" ] && [ "$prog" != virt-get-kernel ]; then
    status=0
    libguestfs "/usr/bin/$prog" "$@" < /dev/null > lg-out 2> lg-err ||
      status=$?
    [ "$status" -eq 1 ]
    # (Without the trace of the libguestfs function under set -x.)
    grep -v '^+ ' lg-err | head -n 1 | sed 's/: error: /: /' > lg-msg
    cmp want lg-msg
  fi
}

for t in cat/virt-cat ls/virt-ls edit/virt-edit tail/virt-tail; do
  refused "$t" -a d.img --format=raw /etc/hostname
  refused "$t" --format=raw -a d.img --format /etc/hostname
done
for t in df/virt-df filesystems/virt-filesystems inspector/virt-inspector \
         log/virt-log rescue/virt-rescue alignment-scan/virt-alignment-scan \
         get-kernel/virt-get-kernel sysprep/virt-sysprep \
         customize/virt-customize; do
  refused "$t" -a d.img --format=raw
done
refused format/virt-format -a d.img --format=qcow2 --filesystem=ext4
refused df/virt-df --format=raw
refused df/virt-df --format=raw -d nosuchguest
refused df/virt-df -h --format=raw d.img
refused cat/virt-cat --format=raw d.img /etc/hostname
refused guestmount/guestmount -a d.img --format=raw -i mnt
refused diff/virt-diff -a d.img -A d.img --format=raw

# Followed by an -a (or, for virt-diff, an -A), --format is used: the
# tool goes on to the launch, which fails with another message.
accepted ()
{
  run_tool "$@"
  [ "$status" -ne 0 ]
  refute grep -q -- '--format parameter' err
}
accepted cat/virt-cat --format=raw -a d.img /etc/hostname
accepted df/virt-df -a d.img --format=raw -a d.img
accepted diff/virt-diff -A d.img --format=raw -a d.img
# virt-win-reg has no -a: its --format is for the positional guest.
accepted win-reg/virt-win-reg --format=raw d.img 'HKLM\SOFTWARE'
