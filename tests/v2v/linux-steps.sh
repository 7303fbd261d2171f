# careen - running steps of the Linux converter on overlays of the test
# guests, for shell tests.  Source it after tests/functions.sh and
# tests/guests/guests.sh, in the test's scratch directory:
#
#   . "$top_srcdir/tests/v2v/linux-steps.sh"
#   linux_steps static-ip debian12 --mac ... --show /etc/network/interfaces
#   shown debian12 /etc/network/interfaces > got
#
# linux_steps STEPS NAME ARGS... makes NAME.qcow2, an overlay of the
# test guest NAME (the shared image is never written), runs the
# converter's STEPS on it with v2v-convert-linux-test ARGS (one
# launch), keeps its output in NAME.out and NAME.err and fails unless
# every step succeeded.  shown NAME PATH prints the text of guest file
# PATH that the driver showed (--show PATH).

linux_steps_driver="$top_builddir/tests/v2v/v2v-convert-linux-test"
[ -x "$linux_steps_driver" ] || skip "the driver is not built"
# The overlays' backing file is the shared test guest, outside their
# directory: allow it (careen's default refuses it).
export CAREEN_BACKING_FILES=any

linux_steps ()
{
  ls_steps="$1"
  ls_name="$2"
  shift 2
  qemu-img create -q -f qcow2 -b "$(guest_image "$ls_name")" -F raw \
    "$ls_name.qcow2"
  ls_status=0
  $VG "$linux_steps_driver" --steps "$ls_steps" "$@" "$ls_name.qcow2" qcow2 \
    > "$ls_name.out" 2> "$ls_name.err" || ls_status=$?
  cat "$ls_name.out" "$ls_name.err"
  [ "$ls_status" = 0 ]
}

shown ()
{
  sed -n "\\|^== $2: |,/^==/p" "$1.out" | sed '1d;/^==/d'
}
