#!/bin/sh -
# careen - fleets: one tool over a list of images (--images-from), each
# image in its own appliance.  A list of test guests with a missing
# file and a corrupt image: JSON Lines in list order, errors for the bad
# ones, exit status 2; each result equal to the tool run on that image
# alone; --shard K/N for every K (one of them from Kubernetes'
# JOB_COMPLETION_INDEX and JOB_COMPLETIONS) covers each image once and
# --merge-results of the shards equals the unsharded run.  Usage errors
# first, without an appliance.  virt-v2v's result: the files it wrote.
# (test-fleet-resume.sh: a worker killed half way;
# test-fleet-customize.sh: images changed in place.)

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped

cat="$top_builddir/tools/cat/virt-cat"
df="$top_builddir/tools/df/virt-df"
[ -x "$cat" ] || skip "virt-cat is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Usage errors: exit 1 and a message, nothing run.
printf 'a.img\n' > one
status=0; $VG "$cat" --images-from one -a x.img /etc/hostname 2>err ||
  status=$?
[ "$status" -eq 1 ]
grep -q '^virt-cat: --images-from cannot be combined with -a or -d$' err
for bad in 3/3 -1/2 1 a/b 0/0; do
  status=0; $VG "$cat" --images-from one --shard "$bad" /etc/x 2>err ||
    status=$?
  [ "$status" -eq 1 ]
  grep -q "^virt-cat: --shard $bad: expected K/N with 0 <= K < N$" err
done
status=0
JOB_COMPLETION_INDEX=4 JOB_COMPLETIONS=4 $VG "$cat" --images-from one \
  /etc/x 2>err || status=$?
[ "$status" -eq 1 ]
grep -q '^virt-cat: JOB_COMPLETION_INDEX=4 JOB_COMPLETIONS=4: ' err
status=0; $VG "$cat" --shard 0/2 -a x.img /etc/x 2>err || status=$?
[ "$status" -eq 1 ]
grep -q '^virt-cat: --shard needs --images-from$' err
status=0; $VG "$cat" -P 2 -a x.img /etc/x 2>err || status=$?
[ "$status" -eq 1 ]
grep -q '^virt-cat: -P needs --images-from$' err
status=0; $VG "$cat" --images-from one -P many /etc/x 2>err || status=$?
[ "$status" -eq 1 ]
grep -q '^virt-cat: -P many: expected a number of appliances$' err
status=0; $VG "$cat" --images-from no-such-list /etc/x 2>err || status=$?
[ "$status" -eq 1 ]
grep -q "^virt-cat: open: 'no-such-list': No such file or directory" err
status=0; $VG "$cat" --merge-results . 2>err || status=$?
[ "$status" -eq 1 ]
grep -q '^virt-cat: --merge-results: no shard marker' err
$VG "$cat" --help > help
grep -q -- '--images-from FILE' help
grep -Eq -- '-P N .*default: cores, [0-9]+ here' help

# virt-v2v reads one-dash long options (-os DIR): they reach each run
# whole, and the image is its source (no appliance for a missing one).
v2v="$top_builddir/tools/v2v/virt-v2v"
if [ -x "$v2v" ]; then
  mkdir v2v-dir
  printf 'missing.img\n' > v2v-list
  status=0
  $VG "$v2v" -i disk --images-from v2v-list -o local -os v2v-dir --json -q \
    > v2v-out || status=$?
  [ "$status" -eq 1 ]
  expect_output v2v-out <<'OUT'
{"image":"missing.img","index":0,"status":"error","error":"error: -i disk: 'missing.img': No such file or directory"}
OUT
fi

[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img python3
. "$top_srcdir/tests/guests/guests.sh"
alpine="$(guest_image alpine320)"
arch="$(guest_image archlinux)"

# virt-v2v's result is what it wrote, as its own --json names it: the
# disk and the metadata of -o local with their formats (the Windows
# test guest, given the room a conversion needs, and a missing image).
if [ -x "$v2v" ]; then
  windows_with_room win.img
  sh "$top_srcdir/tests/v2v/make-virtio-win.sh" "$scratch/virtio-win"
  mkdir v2v-local
  printf 'win.img raw\nmissing.img\n' > v2v-list2
  status=0
  VIRTIO_WIN="$scratch/virtio-win/new" $VG "$v2v" -i disk \
    --images-from v2v-list2 -o local -os v2v-local --json > v2v-out ||
    status=$?
  [ "$status" -eq 2 ]
  # The paths are absolute: the scratch directory shown as ".".
  sed "s|$(pwd -P)/|./|g" v2v-out > v2v-out.rel
  expect_output v2v-out.rel <<'OUT'
{"image":"win.img","index":0,"status":"ok","result":{"output":"local","disks":[{"path":"./v2v-local/win-sda","format":"raw"}],"metadata":{"path":"./v2v-local/win.xml","format":"libvirt-xml"}}}
{"image":"missing.img","index":1,"status":"error","error":"error: -i disk: 'missing.img': No such file or directory"}
OUT
  ls v2v-local > v2v-files
  expect_output v2v-files <<'OUT'
win-sda
win.xml
OUT
  rm -rf win.img v2v-local
fi

# A qcow2 header that points its L1 table far beyond the file.
qemu-img create -f qcow2 corrupt.qcow2 16M
printf '\377\377\377\377\377\377\377\000' |
  dd of=corrupt.qcow2 bs=1 seek=40 conv=notrunc 2>/dev/null
{
  echo "# the guests, and two that cannot be read"
  echo "$alpine raw"
  echo "missing.img"
  echo
  echo "corrupt.qcow2   qcow2"
  echo "$arch"
} > list

status=0
$VG "$cat" --images-from list -P 2 --json /etc/hostname > out 2> err ||
  status=$?
cat out err
[ "$status" -eq 2 ]
# Exact lines for what the test knows; the corrupt image's message is
# qemu's, so only its shape is checked.
sed -n 1,2p out > head
expect_output head <<OUT
{"image":"$alpine","index":0,"status":"ok","result":"alpine320\n"}
{"image":"missing.img","index":1,"status":"error","error":"access: missing.img: No such file or directory"}
OUT
sed -n 3p out | grep -Eq '^\{"image":"corrupt.qcow2","index":2,"status":"error","error":"[^"]+'
sed -n 4p out > tail
expect_output tail <<OUT
{"image":"$arch","index":3,"status":"ok","result":"archlinux\n"}
OUT
[ "$(wc -l < out)" -eq 4 ]
python3 -c '
import json, sys
for line in open("out"):
    json.loads(line)
'

# Each result is what the tool prints for that image alone.
for i in 0 3; do
  img="$(python3 -c "import json; print(json.loads(open('out').readlines()[$i])['image'])")"
  $VG "$cat" -a "$img" /etc/hostname > alone
  python3 -c "import json,sys; sys.stdout.write(json.loads(open('out').readlines()[$i])['result'])" > fleet
  cmp alone fleet
done

# Without --json: each image's output under its name, errors on stderr.
grep -v arch list > list2
status=0
$VG "$cat" --images-from list2 -q /etc/hostname /etc/hostname > text 2> err ||
  status=$?
[ "$status" -eq 2 ]
expect_output text <<OUT
==> $alpine <==
alpine320
alpine320
OUT
grep -q '^virt-cat: missing.img: access: missing.img: No such file or directory$' err
grep -q '^virt-cat: corrupt.qcow2: ' err

# Three shards, the second chosen by Kubernetes' variables, each with
# its own results directory as pods would have: each image once, and
# the merge is the unsharded run.
$VG "$cat" --images-from list --json --shard 0/3 --results-dir r0 \
  /etc/hostname > s0 || :
JOB_COMPLETION_INDEX=1 JOB_COMPLETIONS=3 \
  $VG "$cat" --images-from list --json --results-dir r1 \
  /etc/hostname > s1 || :
$VG "$cat" --images-from list --json --shard 2/3 --results-dir r2 \
  /etc/hostname > s2 || :
cut -d, -f2 s0 > i0; cut -d, -f2 s1 > i1; cut -d, -f2 s2 > i2
expect_output i0 <<'OUT'
"index":0
"index":3
OUT
expect_output i1 <<'OUT'
"index":1
OUT
expect_output i2 <<'OUT'
"index":2
OUT
for k in 0 1 2; do
  [ -f "r$k/shard-$k-of-3.complete" ]
  [ ! -e "r$k/shard-$k-of-3.incomplete" ]
done
ls r0 > r0.files
expect_output r0.files <<'OUT'
000000.json
000003.json
shard-0-of-3.complete
OUT
status=0; $VG "$cat" --merge-results r0 r1 r2 > merged || status=$?
[ "$status" -eq 2 ]
cmp out merged
# A shard missing: nothing printed, and a failure naming the index.
status=0; $VG "$df" --merge-results r0 r2 > merged 2> err || status=$?
[ "$status" -eq 1 ]
[ ! -s merged ]
grep -q '^virt-df: --merge-results: no result for the image of index 1$' err
