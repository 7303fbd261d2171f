#!/bin/sh -
# careen - every virt-* tool's man page documents exactly the options
# the tool accepts: each option that the program lists (--long-options
# and --short-options; the @options line of the completion data for the
# script tools, which take guestfish's) is an =item B<...> of the page's
# OPTIONS section, and each option that section documents is accepted.
# The POD has no errors for podchecker.  No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"

# pod_options POD [SECTION]: the options that the =item lines of the
# section (a =head1 or =head2 title; OPTIONS by default) of POD name in
# B<...>, one a line, sorted: "=item B<-a> FILE, B<--add=FILE>" gives
# -a and --add.  Included sections (__INCLUDE:PATH__) count, as in the
# man page made from it.
pod_options ()
{
  pod_with_includes "$1" |
  awk -v section="${2:-OPTIONS}" '
    /^=head[12] / {
      title = $0; sub (/^=head[12] /, "", title)
      if (inside && ($1 == "=head1" || $1 == level)) inside = 0
      if (title == section) { inside = 1; level = $1 }
      next
    }
    inside && /^=item / {
      line = $0
      while (match (line, /B<-[^>]*>/)) {
        opt = substr (line, RSTART + 2, RLENGTH - 3)
        line = substr (line, RSTART + RLENGTH)
        sub (/[= ].*/, "", opt)
        print opt
      }
    }' | LC_ALL=C sort -u
}

# The options of virt-customize's customization section, which
# virt-sysprep and virt-builder accept too and document by reference to
# that section.
customize_pod="$top_srcdir/tools/customize/virt-customize.pod"
pod_options "$customize_pod" "Customization options" > "$scratch/customize"
[ -s "$scratch/customize" ]

failed=
for d in "$top_srcdir"/tools/*/; do
  name="$(basename "$d")"
  t="virt-$name"
  # libguestfs-test-tool keeps the name libguestfs gave it.
  [ ! -f "$d/libguestfs-$name.pod" ] || t="libguestfs-$name"
  # guestmount and guestunmount keep libguestfs's names.
  case $name in guest*) t=$name ;; esac
  pod="$d/$t.pod"
  [ -r "$pod" ] || { echo "$0: $t has no $t.pod" >&2; failed=1; continue; }

  # podchecker: 0 is clean or warnings only, 1 errors, 2 no POD at all.
  if command -v podchecker >/dev/null 2>&1; then
    podchecker "$pod" || { echo "$0: $pod: podchecker failed" >&2; failed=1; }
  fi

  # What the tool accepts.
  if [ -r "$d/$t.in" ]; then
    sed -n 's/^@options[ 	]*//p' "$d/$t.completion" | tr ' 	' '\n\n' |
      grep . | LC_ALL=C sort -u > "$scratch/accepted"
  else
    prog="$top_builddir/tools/$name/$t"
    [ -x "$prog" ] || skip "$t is not built"
    { "$top_builddir/run" "$prog" --long-options
      "$top_builddir/run" "$prog" --short-options
    } | LC_ALL=C sort -u > "$scratch/accepted"
  fi
  [ -s "$scratch/accepted" ]
  # The two listing options leave themselves out of their lists: a page
  # may document them, and need not.
  cp "$scratch/accepted" "$scratch/acceptable"
  if [ ! -r "$d/$t.in" ]; then
    printf '%s\n' --long-options --short-options >> "$scratch/acceptable"
    LC_ALL=C sort -u -o "$scratch/acceptable" "$scratch/acceptable"
  fi

  # What the page documents.
  pod_options "$pod" > "$scratch/documented"
  if [ "$t" = virt-sysprep ] || [ "$t" = virt-builder ]; then
    # The customization options are documented once, in virt-customize(1),
    # and virt-sysprep(1) and virt-builder(1) must say so by a link to
    # that section.
    grep -q 'L<virt-customize(1)/Customization options>' "$pod" || {
      echo "$0: $pod does not refer to virt-customize(1)'s customization options" >&2
      failed=1
    }
    cat "$scratch/customize" >> "$scratch/documented"
    LC_ALL=C sort -u -o "$scratch/documented" "$scratch/documented"
  fi

  missing="$(LC_ALL=C comm -23 "$scratch/accepted" "$scratch/documented")"
  extra="$(LC_ALL=C comm -13 "$scratch/acceptable" "$scratch/documented")"
  if [ -n "$missing" ]; then
    echo "$0: $t accepts options that $pod does not document:" $missing >&2
    failed=1
  fi
  if [ -n "$extra" ]; then
    echo "$0: $pod documents options that $t does not accept:" $extra >&2
    failed=1
  fi
done
[ -z "$failed" ]
