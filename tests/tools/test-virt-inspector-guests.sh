#!/bin/sh -
# careen - virt-inspector on every test guest of tests/guests: each fact
# of NAME.expected (root, type, distro, versions, names, mountpoints,
# drive letters, applications) must be in the report, for the right
# root, and no other root may be reported.  The "filesystem:" lines are
# list-filesystems facts, not inspection's, and are not checked here.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64
. "$top_srcdir/tests/guests/guests.sh"

# careen's virt-inspector by its build-tree path, never libguestfs's.
vi="$top_builddir/tools/inspector/virt-inspector"
[ -x "$vi" ] || skip "virt-inspector is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"

# CAREEN_GUESTS_DIR: guests already built elsewhere (make-guests.sh
# OUTDIR), to try this test without building them again.
dir="${CAREEN_GUESTS_DIR:-$(guest_dir)}" ||
  skip "the test guests could not be built"
[ -n "$dir" ] || skip "the test guests could not be built"

failures=0
fail ()
{
  echo "$test_name: $guest: $*" >&2
  failures=$((failures + 1))
}

# The value of an XPath query on the report.
q ()
{
  "$vi" --xpath "$1" < "$scratch/$guest.xml"
}

for guest in $guest_names; do
  img="$dir/$guest.img"
  expected="$(guest_expected "$guest")"
  [ -f "$img" ] || { fail "no image"; continue; }
  if ! "$vi" --format=raw -a "$img" > "$scratch/$guest.xml"; then
    fail "virt-inspector failed"
    continue
  fi

  nroots="$(grep -c '^root: ' "$expected" || true)"
  got="$(q 'count(//operatingsystem)')"
  [ "$got" = "$nroots" ] || fail "$got roots, expected $nroots"

  root=
  while IFS= read -r line; do
    case "$line" in
      '#'*|'') continue ;;
    esac
    key="${line%%: *}"
    value="${line#*: }"
    os="//operatingsystem[root='$root']"
    case "$key" in
      filesystem) continue ;;
      root)
        root="$value"
        [ "$(q "count(//operatingsystem[root='$root'])")" = 1 ] ||
          fail "root $root not reported"
        continue ;;
      type) path="$os/name" ;;
      mountpoint)
        mp="${value%% *}"; dev="${value#* }"
        [ "$(q "count($os/mountpoints/mountpoint[@dev='$dev' and .='$mp'])")" = 1 ] ||
          fail "$root: mountpoint $mp $dev missing"
        continue ;;
      drive_mapping)
        letter="${value%% *}"; dev="${value#* }"
        [ "$(q "count($os/drive_mappings/drive_mapping[@name='$letter' and .='$dev'])")" = 1 ] ||
          fail "$root: drive $letter $dev missing"
        continue ;;
      application)
        # name|epoch|version|release[|display_name|publisher]; empty
        # fields and a 0 epoch are absent elements in the report.
        old_ifs="$IFS"; IFS='|'
        set -- $value
        IFS="$old_ifs"
        cond="name='$1'"
        if [ "$2" = 0 ]; then cond="$cond and not(epoch)"
        else cond="$cond and epoch='$2'"; fi
        for f in "version:$3" "release:$4" "display_name:${5:-}" \
                 "publisher:${6:-}"; do
          el="${f%%:*}"; v="${f#*:}"
          if [ -z "$v" ]; then cond="$cond and not($el)"
          else cond="$cond and $el='$v'"; fi
        done
        [ "$(q "count($os/applications/application[$cond])")" = 1 ] ||
          fail "$root: application $value missing"
        continue ;;
      *) path="$os/$key" ;;
    esac
    got="$(q "string($path)")"
    [ "$got" = "$value" ] || fail "$root: $key is '$got', expected '$value'"
  done < "$expected"
done

# The Windows facts virt-inspector does not show: the hives, through
# careen's guestfish (by its build-tree path).
guest=windows
if [ -f "$dir/windows.img" ]; then
  "$top_builddir/fish/guestfish" --ro --format=raw -a "$dir/windows.img" \
    run : inspect-os : \
    inspect-get-windows-software-hive /dev/sda1 : \
    inspect-get-windows-system-hive /dev/sda1 : \
    inspect-get-format /dev/sda1 : inspect-is-live /dev/sda1 \
    > "$scratch/hives" || fail "guestfish failed"
  printf '%s\n' /dev/sda1 /Windows/System32/config/SOFTWARE \
    /Windows/System32/config/SYSTEM installed false > "$scratch/hives.exp"
  cmp -s "$scratch/hives" "$scratch/hives.exp" ||
    fail "hives: $(cat "$scratch/hives")"
fi

if [ "$failures" -gt 0 ]; then
  echo "$test_name: $failures fact(s) wrong" >&2
  exit 1
fi
