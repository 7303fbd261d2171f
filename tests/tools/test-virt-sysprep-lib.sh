# careen - helpers for the virt-sysprep tests, sourced after
# tests/functions.sh and tests/guests/guests.sh, in a scratch directory.
#
# The guests are private sparse copies of the cached test guests:
# virt-sysprep writes to them.  A "listing" is every path of the guest
# (find0) and the md5 of every regular file (checksums-out), so that
# sp_changes can show exactly what a run removed, added or changed.

# careen's programs by their build-tree path: Debian's libguestfs tools
# of the same names may be installed.
tool="$top_builddir/tools/sysprep/virt-sysprep"
fish="$top_builddir/fish/guestfish"
export LC_ALL=C

# sp_copy NAME: copies test guest NAME to ./NAME.img (raw).
sp_copy ()
{
  sp_src="$(guest_image "$1")"
  cp --sparse=always "$sp_src" "$1.img"
}

# sp_list IMG OUT [SEED]: runs the guestfish commands of the file SEED
# (if given) on the inspected guest IMG, then writes OUT.paths and
# OUT.sums, in one launch.  The trees listed are those of SP_LIST_DIRS
# ("/" by default: a guest whose btrfs snapshots loop back to / lists
# its top directories instead).
sp_list ()
{
  {
    if [ -n "${3:-}" ]; then cat "$3"; fi
    sp_n=0
    for sp_d in ${SP_LIST_DIRS:-/}; do
      echo "find0 ${sp_d%/}/ $2.find0.$sp_n"
      echo "checksums-out md5 $sp_d $2.sums0.$sp_n"
      sp_n=$((sp_n + 1))
    done
  } > "$2.fish"
  $VG "$fish" --format=raw -a "$1" -i -f "$2.fish"
  sp_n=0
  : > "$2.paths.u"
  : > "$2.sums.u"
  for sp_d in ${SP_LIST_DIRS:-/}; do
    sp_p="${sp_d%/}/"
    tr '\0' '\n' < "$2.find0.$sp_n" | sed "s|^|$sp_p|" >> "$2.paths.u"
    # "SUM  PATH" lines, PATH relative or not: "/PATH SUM".
    awk -v p="$sp_p" \
      '{ f = $0; sub (/^[0-9a-f]+  (\.\/|\/)?/, "", f); print p f " " $1 }' \
      "$2.sums0.$sp_n" >> "$2.sums.u"
    sp_n=$((sp_n + 1))
  done
  sort "$2.paths.u" > "$2.paths"
  sort "$2.sums.u" > "$2.sums"
}

# sp_changes BEFORE AFTER: "removed PATH", "added PATH", "changed PATH"
# lines (regular files whose content changed), sorted.  Random seed
# files are left out: the customize operation refreshes them on every
# run, and the customize tests check them.
sp_changes ()
{
  {
    comm -23 "$1.paths" "$2.paths" | sed 's|^|removed |'
    comm -13 "$1.paths" "$2.paths" | sed 's|^|added |'
    join "$1.sums" "$2.sums" | awk '$2 != $3 { print "changed " $1 }'
  } | grep -v '/random-seed$' | sort -k2,2 -k1,1
}

# sp_run ARGS...: runs virt-sysprep on the guest, quietly.
sp_run ()
{
  $VG "$tool" -q "$@"
}

# Seeds every guest gets: what the default run removes everywhere.
sp_common_seed ()
{
  cat <<'END'
write /root/.bash_history "ls\n"
mkdir-p /var/log
write /var/log/messages x
mkdir-p /etc/ssh
write /etc/ssh/ssh_host_rsa_key x
write /etc/machine-id "0123456789abcdef0123456789abcdef\n"
mkdir-p /tmp
write /tmp/junk x
END
}

# What the default run does with sp_common_seed, as sp_changes says it.
sp_common_changes ()
{
  cat <<'END'
changed /etc/machine-id
removed /etc/ssh/ssh_host_rsa_key
removed /root/.bash_history
removed /tmp/junk
removed /var/log/messages
END
}

# sp_default_run NAME EXTRA_SEED_FILE EXPECTED_EXTRA_CHANGES_FILE [SHOW]:
# copies guest NAME, seeds it with the common seeds and EXTRA_SEED_FILE,
# runs virt-sysprep with its defaults and checks that the changes are
# exactly the common ones and those of the third file.  The output of
# the seed commands is left in NAME.seeded; the guestfish commands of
# the file SHOW, if given, run after and their output is in NAME.shown.
# Three launches.
sp_default_run ()
{
  sp_copy "$1"
  { sp_common_seed; cat "$2"; } > "$1.seed"
  sp_list "$1.img" "$1.before" "$1.seed" > "$1.seeded"
  sp_run --format=raw -a "$1.img"
  sp_list "$1.img" "$1.after" "${4:-}" > "$1.shown"
  sp_changes "$1.before" "$1.after" > "$1.changes"
  { sp_common_changes; cat "$3"; } | sort -k2,2 -k1,1 > "$1.expected"
  diff -u "$1.expected" "$1.changes"
}
