#!/bin/sh -
# careen - contrib/kubernetes without Kubernetes: every manifest parses
# as YAML, every *-job.yaml is a valid batch/v1 Indexed Job, every
# careen program a container runs exists in the build tree and accepts
# and documents each option the manifest gives it, and every file of
# the repository that the Containerfile uses exists.  No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires python3
python3 -c 'import yaml' 2>/dev/null || skip "python3-yaml is not installed"

k8s="$top_srcdir/contrib/kubernetes"
job="python3 $top_srcdir/tests/contrib/k8s-job.py"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"

# The checker itself catches what it is there for.
sed 's/completionMode: Indexed/completionMode: NonIndexed/' \
  "$k8s/inventory-job.yaml" > "$scratch/bad.yaml"
refute $job check-indexed "$scratch/bad.yaml"
sed 's/value: "4"/value: "5"/' "$k8s/inventory-job.yaml" > "$scratch/bad.yaml"
refute $job check "$scratch/bad.yaml"
sed 's/value: "4"/value: 4/' "$k8s/inventory-job.yaml" > "$scratch/bad.yaml"
refute $job check "$scratch/bad.yaml"

for f in "$k8s"/*.yaml; do
  python3 -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$f"
done

# pod_has PROGRAM OPTION: whether the man page of careen's PROGRAM
# (tools/NAME/virt-NAME.pod, with the sections it includes as
# __INCLUDE:PATH__ lines, as when the page is made) has OPTION in an
# =item.
pod_has ()
{
  pod_with_includes "$top_srcdir/tools/${1#virt-}/$1.pod" |
    grep -q "^=item .*B<$2[>= ]"
}

failed=
jobs=0
for f in "$k8s"/*-job.yaml; do
  jobs=$((jobs + 1))
  case $f in
    */merge-job.yaml) $job check "$f" ;;
    *) $job check-indexed "$f" ;;
  esac
  $job programs "$f" > "$scratch/programs"
  [ -s "$scratch/programs" ]
  while read -r prog opts; do
    case $prog in
      virt-*)
        [ -f "$top_srcdir/tools/${prog#virt-}/$prog.pod" ] ||
          { echo "$f: $prog is not a careen tool" >&2; failed=1; continue; }
        "$prog" --help > "$scratch/help" 2>&1 ||
          { echo "$f: $prog --help failed" >&2; failed=1; continue; }
        { "$prog" --long-options; "$prog" --short-options; } > "$scratch/accepted"
        for o in $opts; do
          grep -qxF -- "$o" "$scratch/accepted" ||
            { echo "$f: $prog does not accept $o" >&2; failed=1; }
          pod_has "$prog" "$o" ||
            { echo "$f: $prog's man page does not document $o" >&2; failed=1; }
          grep -qF -- "$o" "$scratch/help" ||
            { echo "$f: $prog --help does not mention $o" >&2; failed=1; }
        done ;;
      # What the pods may run besides careen's tools: the init
      # container's mkdir, the merge's mv, the shards' test of their
      # .complete marker.
      mkdir|mv|test) ;;
      *) echo "$f: runs '$prog', which is neither a careen tool nor allowed" >&2
         failed=1 ;;
    esac
  done < "$scratch/programs"
done
[ "$jobs" -ge 3 ]

# The Containerfile: the sources of its COPY lines and every /src/PATH
# its RUN lines name are files of the repository, and the packages it
# leaves out are packages of .ci/packages.
cf="$k8s/Containerfile"
awk '$1 == "COPY" && $2 != "." { print $2 }' "$cf" > "$scratch/copied"
sed -n 's/^RUN //p; s/^    //p' "$cf" |
  grep -o '/src/[A-Za-z0-9._/-]*' | sed 's|^/src/||' >> "$scratch/copied"
[ -s "$scratch/copied" ]
while read -r p; do
  [ -e "$top_srcdir/$p" ] || { echo "$cf: uses $p, not in the repository" >&2; failed=1; }
done < "$scratch/copied"
grep -q 'careen-make-fixed-appliance' "$cf"
grep -v '^#' "$k8s/test-only-packages" | while read -r pkg; do
  grep -qxF "$pkg" "$top_srcdir/.ci/packages" ||
    { echo "$k8s/test-only-packages: $pkg is not in .ci/packages" >&2; exit 1; }
done
# The fixed appliance directory the image builds is the one it points
# the library at.
dir=$(sed -n 's/^ENV LIBGUESTFS_PATH=//p' "$cf")
[ -n "$dir" ]
grep -q "careen-make-fixed-appliance $dir" "$cf"

[ -z "$failed" ]
