#!/bin/sh -
# careen - contrib/kubernetes' Jobs run here as Kubernetes would run
# them, without Kubernetes: the command of inventory-job.yaml, through
# the image's entrypoint, once per completion index with
# JOB_COMPLETION_INDEX and JOB_COMPLETIONS set and /fleet moved to a
# scratch directory, over a list of test guests and an image that does
# not exist.  Every image is done by exactly one index, every index
# succeeds (the bad image included), and merge-job.yaml's merge gives
# what one unsharded run gives.  Then a worker killed mid-run (its
# whole process group, as a pod is killed) leaves its shard incomplete
# and the merge failing; running its index again finishes it without
# redoing the image it had done.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires python3 setsid timeout
python3 -c 'import yaml' 2>/dev/null || skip "python3-yaml is not installed"
. "$top_srcdir/tests/guests/guests.sh"

k8s="$top_srcdir/contrib/kubernetes"
job="python3 $top_srcdir/tests/contrib/k8s-job.py"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"

# Two shards over three images, so that one shard has two images and
# can be killed between them: the manifest with its completions (and
# JOB_COMPLETIONS, which must equal them) set to 2, and one appliance
# at a time so that the images of a shard are done in turn.
n=2
sed -e "s/^  completions: .*/  completions: $n/" \
    -e "s/ -P 2 / -P 1 /" \
    -e "s/^  parallelism: .*/  parallelism: $n/" \
    -e "s/^              value: \"[0-9]*\"/              value: \"$n\"/" \
    "$k8s/inventory-job.yaml" > "$scratch/inventory-job.yaml"
grep -q -- " -P 1 " "$scratch/inventory-job.yaml"
$job check-indexed "$scratch/inventory-job.yaml"
[ "$($job field "$scratch/inventory-job.yaml" spec.completions)" = $n ]

root="$scratch/root"
fleet="$root/fleet"
mkdir -p "$fleet/images"
ln -s "$(guest_image alpine320)" "$fleet/images/alpine320.img"
ln -s "$(guest_image debian12)" "$fleet/images/debian12.img"
# Index 0: alpine320 and debian12; index 1: the missing image.
cat > "$fleet/images.list" <<'LIST'
# the fleet
images/alpine320.img raw

images/missing.img raw
images/debian12.img raw
LIST

# index K: runs the pod of index K of the inventory Job, in a process
# group of its own (as a pod's processes are killed together).
index ()
{
  $job script "$scratch/inventory-job.yaml" inventory "$1" "$root" \
    "$k8s/entrypoint.sh" > "$scratch/index-$1.sh"
  # A worker that never ends fails the test rather than hanging it.
  timeout -s KILL 600 setsid sh "$scratch/index-$1.sh" \
    > "$scratch/index-$1.out" 2> "$scratch/index-$1.err" ||
    { cat "$scratch/index-$1.err" >&2; return 1; }
}
merge ()
{
  $job script "$k8s/merge-job.yaml" merge 0 "$root" "$k8s/entrypoint.sh" \
    > "$scratch/merge.sh"
  sh "$scratch/merge.sh"
}
results="$fleet/results-inventory"

# One unsharded run: what the merge must equal.
(cd "$fleet" && virt-inspector --images-from images.list --json -q) \
  > "$scratch/unsharded.jsonl" || [ $? -eq 2 ]
[ "$(wc -l < "$scratch/unsharded.jsonl")" -eq 3 ]

# The killed worker: index 0, killed once its first image's result is
# written, before its second is.
$job script "$scratch/inventory-job.yaml" inventory 0 "$root" \
  "$k8s/entrypoint.sh" > "$scratch/index-0.sh"
# In the background a shell's child is no process group leader, so
# setsid makes the new group without forking: its id is $!.
setsid sh "$scratch/index-0.sh" > "$scratch/killed.out" 2> "$scratch/killed.err" &
worker=$!
i=0
while [ ! -e "$results/000000.json" ]; do
  kill -0 $worker 2>/dev/null || { cat "$scratch/killed.err" >&2; exit 1; }
  i=$((i + 1)); [ $i -lt 1200 ]
  sleep 0.1
done
kill -KILL -- -$worker
wait $worker || :
[ -e "$results/shard-0-of-$n.incomplete" ]
refute test -e "$results/shard-0-of-$n.complete"
refute test -e "$results/000002.json"
refute merge
refute test -e "$fleet/inventory.jsonl"
cp -p "$results/000000.json" "$scratch/first.json"

# Every index, in turn; index 0 again resumes.
i=0
while [ $i -lt $n ]; do
  index $i
  [ -e "$results/shard-$i-of-$n.complete" ]
  refute test -e "$results/shard-$i-of-$n.incomplete"
  i=$((i + 1))
done
# The image done before the kill was not done again.
cmp "$scratch/first.json" "$results/000000.json"
refute test "$results/000000.json" -nt "$scratch/first.json"

# Each image exactly once, and the bad one as an error.
ls "$results" | grep '\.json$' | sort > "$scratch/files"
printf '%s\n' 000000.json 000001.json 000002.json > "$scratch/expected-files"
diff -u "$scratch/expected-files" "$scratch/files"
merge
diff -u "$scratch/unsharded.jsonl" "$fleet/inventory.jsonl"
python3 - "$fleet/inventory.jsonl" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l["index"] for l in lines] == [0, 1, 2], lines
assert [l["image"] for l in lines] == ["images/alpine320.img", "images/missing.img",
                                       "images/debian12.img"], lines
assert [l["status"] for l in lines] == ["ok", "error", "ok"], lines
assert "alpine" in json.dumps(lines[0]["result"]).lower()
assert "debian" in json.dumps(lines[2]["result"]).lower()
PY
