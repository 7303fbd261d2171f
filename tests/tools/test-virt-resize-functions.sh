# careen - helpers for the virt-resize tests (sourced, not a test).
#
# resize_probe IMG FORMAT ROOT PREFIX [COMMAND...]
#   Opens IMG read-only with inspection and writes PREFIX.inspect (what
#   inspection says of ROOT, then the output of each extra guestfish
#   COMMAND, run with the guest mounted) and PREFIX.sums (the sha256 of
#   every file, sorted).  The same probe on the input and on the output
#   of a resize must give the same inspection and the same checksums.
#
# resize_blocks PREFIX
#   The "blocks:" value of the first statvfs among the COMMANDs.

resize_probe ()
{
  rp_img="$1"; rp_fmt="$2"; rp_root="$3"; rp_out="$4"
  shift 4
  {
    echo "inspect-get-type $rp_root"
    echo "inspect-get-distro $rp_root"
    echo "inspect-get-product-name $rp_root"
    echo "inspect-get-mountpoints $rp_root"
    echo "checksums-out sha256 / $rp_out.sums-raw"
    for rp_cmd in "$@"; do
      echo "$rp_cmd"
    done
  } > "$rp_out.script"
  $VG "$fish" --ro --format="$rp_fmt" -a "$rp_img" -i \
    < "$rp_out.script" > "$rp_out.inspect"
  sort -k 2 "$rp_out.sums-raw" > "$rp_out.sums"
  # An empty list would make any comparison pass.
  [ -s "$rp_out.sums" ]
}

resize_blocks ()
{
  sed -n 's/^blocks: *//p' "$1.inspect" | head -n 1
}
