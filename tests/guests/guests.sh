# careen - the test guests, for shell tests.  Source it after
# tests/functions.sh:
#
#   . "$top_srcdir/tests/guests/guests.sh"
#   img="$(guest_image debian12)"
#   expected="$(guest_expected debian12)"
#
# guest_image builds the whole set on first use (make-guests.sh, cached
# between runs and rebuilt only when its inputs change) and prints the
# image's path.  The images are raw.  Tests open them read-only (--ro,
# add-drive-ro): they are shared by every test and every run.

guest_names="debian12 ubuntu2404 fedora40 rhel9 alpine320 archlinux opensuse15 windows dualboot"

# Prints the directory holding the built guests, building them if needed.
guest_dir ()
{
  sh "$top_srcdir/tests/guests/make-guests.sh" | tail -n 1
}

# Prints the path of guest NAME's image.
guest_image ()
{
  gi_dir="$(guest_dir)" || return 1
  if [ -z "$gi_dir" ] || [ ! -f "$gi_dir/$1.img" ]; then
    echo "guest_image: no test guest named '$1'" >&2
    return 1
  fi
  echo "$gi_dir/$1.img"
}

# Prints the path of NAME.expected: what inspection must find in it.
guest_expected ()
{
  if [ ! -f "$top_srcdir/tests/guests/$1.expected" ]; then
    echo "guest_expected: no test guest named '$1'" >&2
    return 1
  fi
  echo "$top_srcdir/tests/guests/$1.expected"
}

# Writes to OUT a copy of the Windows guest with the free space a
# virt-v2v conversion needs: its C: has about 92 MB free, so the copy
# is a 300 MB disk with the partition and NTFS grown to fill it.
windows_with_room ()
{
  cp --sparse=always "$(guest_image windows)" "$1"
  truncate -s 300M "$1"
  $VG "$top_builddir/fish/guestfish" -a "$1" <<'END'
run
part-resize /dev/sda 1 614399
ntfsresize /dev/sda1
END
}
