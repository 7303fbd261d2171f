#!/bin/sh -
# careen - build the test guests and check what they contain
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Builds the test guests (or finds them in the cache), then opens all of
# them read-only in one appliance and checks each against its
# NAME.expected: the filesystems (list-filesystems), and for each
# operating system its host name, release file, architecture, the
# filesystems of its fstab and its package database.  This checks the
# images, not careen's inspection: inspection has its own tests that
# compare with the same .expected files.

. "$top_srcdir/tests/functions.sh"
set -e
skip_if_skipped
requires tar sha256sum flock clang lld-link rpm rpmbuild sqlite3

. "$top_srcdir/tests/guests/guests.sh"

guestfish="$top_builddir/run $top_builddir/fish/guestfish"
srcdir="$top_srcdir/tests/guests"

fail ()
{
  echo "$test_name: $*" >&2
  exit 1
}

dir="$(guest_dir)"
[ -n "$dir" ] && [ -f "$dir/stamp" ] || fail "the test guests were not built"

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"

adds=
for n in $guest_names; do
  adds="$adds -a $dir/$n.img"
done
# shellcheck disable=SC2086
eval "$($guestfish --listen --ro --format=raw $adds)"
export GUESTFISH_PID
cleanup_fn "$guestfish --remote exit 2>/dev/null || :"
$guestfish --remote run
rfish () { $guestfish --remote "$@"; }

rfish list-filesystems > "$tmp/filesystems"

# The disk holding each guest, recognised by its size (make-guests.sh
# gives each guest a different one).
for dev in $(rfish list-devices); do
  bytes="$(rfish blockdev-getsize64 "$dev")"
  for n in $guest_names; do
    if [ "$(stat -c %s "$dir/$n.img")" = "$bytes" ]; then
      eval "dev_$n=$dev"
    fi
  done
done

# The lines of KEY in a file of facts ("KEY: value"), values only.
facts () { sed -n "s|^$1: ||p" "$2"; }

checks=0
for n in $guest_names; do
  eval "dev=\${dev_$n:-}"
  [ -n "$dev" ] || fail "$n: no disk found for this guest"
  exp="$(guest_expected "$n")"
  sub () { sed "s|/dev/sda|$dev|g"; }

  # Filesystems, as list-filesystems names them.
  facts filesystem "$exp" | sub | while read -r fs type; do
    grep -qx "$fs: $type" "$tmp/filesystems" ||
      fail "$n: no '$fs: $type' in list-filesystems"
  done
  checks=$((checks + 1))

  # Each operating system: its facts are the lines from its root: line
  # to the next one.
  nroots="$(grep -c '^root: ' "$exp")"
  k=1
  while [ "$k" -le "$nroots" ]; do
    awk -v k="$k" '/^root: /{i++} i==k' "$exp" | sub > "$tmp/os"
    k=$((k + 1))
    root="$(facts root "$tmp/os")"
    type="$(facts type "$tmp/os")"

    # Mount its filesystems as its fstab says, shortest mount point first.
    facts mountpoint "$tmp/os" | sort | while read -r mp fs; do
      rfish mount-ro "$fs" "$mp"
    done

    case "$type" in
      linux)
        # The product name is os-release's PRETTY_NAME, or for Debian
        # the content of /etc/debian_version.
        name="$(facts product_name "$tmp/os")"
        rfish cat /etc/os-release > "$tmp/release"
        if [ "$(rfish is-file /etc/debian_version)" = true ]; then
          rfish cat /etc/debian_version >> "$tmp/release"
        fi
        grep -qxF -e "PRETTY_NAME=\"$name\"" -e "$name" "$tmp/release" ||
          fail "$n: no release file gives the product name '$name'"
        host="$(rfish cat /etc/hostname)"
        [ "$host" = "$(facts hostname "$tmp/os")" ] ||
          fail "$n: /etc/hostname is '$host'"
        rfish cat /etc/fstab | grep -q "^[^#]" || fail "$n: empty fstab"
        elf=/bin/ls
        [ "$(rfish is-symlink /bin/ls)" = false ] || elf=/bin/busybox
        [ "$(rfish is-file $elf)" = true ] || elf=/usr/bin/ls
        arch="$(rfish file-architecture $elf)"
        [ "$arch" = "$(facts arch "$tmp/os")" ] ||
          fail "$n: $elf is '$arch'"
        case "$(facts package_format "$tmp/os")" in
          deb)
            rfish download /var/lib/dpkg/status "$tmp/status"
            facts application "$tmp/os" | cut -d'|' -f1 | while read -r p; do
              grep -qx "Package: $p" "$tmp/status" ||
                fail "$n: dpkg status has no $p"
            done ;;
          rpm)
            mkdir -p "$tmp/rpm"
            rfish download /var/lib/rpm/rpmdb.sqlite "$tmp/rpm/rpmdb.sqlite"
            rpm --dbpath "$tmp/rpm" --define "_db_backend sqlite" -qa \
              --qf '%{NAME}|%{EPOCHNUM}|%{VERSION}|%{RELEASE}\n' |
              sort > "$tmp/rpm.got"
            facts application "$tmp/os" | sort > "$tmp/rpm.want"
            diff -u "$tmp/rpm.want" "$tmp/rpm.got" ||
              fail "$n: the rpm database does not hold the expected packages"
            rm -rf "$tmp/rpm" ;;
          apk)
            rfish download /lib/apk/db/installed "$tmp/installed"
            facts application "$tmp/os" | cut -d'|' -f1 | while read -r p; do
              grep -qx "P:$p" "$tmp/installed" ||
                fail "$n: apk database has no $p"
            done ;;
          pacman)
            [ "$(rfish cat /var/lib/pacman/local/ALPM_DB_VERSION)" = 9 ] ||
              fail "$n: no pacman local database"
            facts application "$tmp/os" | while IFS='|' read -r p e v r; do
              full="$v-$r"
              [ "$e" = 0 ] || full="$e:$full"
              rfish cat "/var/lib/pacman/local/$p-$full/desc" |
                grep -qx "$full" || fail "$n: pacman has no $p $full"
            done ;;
          *) fail "$n: unknown package format" ;;
        esac
        ;;
      windows)
        for f in SOFTWARE SYSTEM; do
          rfish download "/Windows/System32/config/$f" "$tmp/$f"
          # A registry hive starts with "regf".
          [ "$(head -c 4 "$tmp/$f")" = regf ] || fail "$n: $f is not a hive"
        done
        arch="$(rfish file-architecture /Windows/System32/cmd.exe)"
        [ "$arch" = "$(facts arch "$tmp/os")" ] ||
          fail "$n: cmd.exe is '$arch'"
        ;;
      *) fail "$n: unknown type '$type'" ;;
    esac
    rfish umount-all
    checks=$((checks + 1))
    echo "$test_name: $n: $root ($type) ok"
  done
done

echo "$test_name: $checks checks passed"
