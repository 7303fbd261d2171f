#!/bin/sh -
# careen - images that name host files: qcow2 and QED backing files,
# a VMDK descriptor's extents, qcow2 data files, json: and protocol
# names, chains and symbolic links that leave the image's directory.
#
# add_drive must refuse each with an error naming the image and the
# file, whether or not the format is given, and the host file's bytes
# must never reach any output.  Chains inside the image's directory
# still work, CAREEN_BACKING_FILES=any allows the outside ones, and
# qemu follows only the chain careen checked: an image whose backing
# name is changed after add_drive still shows the checked backing file.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
requires qemu-img python3
images="$top_srcdir/tests/hostile/make-hostile-images.py"

# The host secret, outside the images' directory: its bytes are a
# marker that must never appear in any output.
mkdir host img img/sub
marker=Zq7hostcanary
python3 -c "import sys; sys.stdout.write('$marker' * 80000)" > host/secret
truncate -s 1M host/secret
secret="$PWD/host/secret"
cp host/secret host/datafile

# qemu-img insists on writing the backing format: this turns its
# header extension into an unknown one, which qemu skips, so that the
# backing file's format is probed.
drop_backing_format ()
{
  python3 - "$1" <<'END'
import sys
with open(sys.argv[1], "r+b") as f:
    head = f.read(65536)
    at = head.index(b"\xe2\x79\x2a\xca")
    f.seek(at)
    f.write(b"\x00\x00\x00\x01")
END
}

# Legitimate images: data in a raw base beside the overlays.
qemu-img create -q -f raw img/base.raw 1M
printf 'BASEDATA' | dd of=img/base.raw conv=notrunc 2>/dev/null
qemu-img create -q -f raw img/sub/deep.raw 1M
printf 'DEEPDATA' | dd of=img/sub/deep.raw conv=notrunc 2>/dev/null
qemu-img create -q -f qcow2 -b base.raw -F raw img/good.qcow2 1M
qemu-img create -q -f qcow2 -b good.qcow2 -F qcow2 img/good2.qcow2 1M
qemu-img create -q -f qcow2 -b sub/deep.raw -F raw img/good-probed.qcow2 1M
drop_backing_format img/good-probed.qcow2
qemu-img create -q -f qcow2 -b base.raw -F raw img/race.qcow2 1M

# Hostile images.
cd img
qemu-img create -q -f qcow2 -u -b "$secret" -F raw abs.qcow2 1M
qemu-img create -q -f qcow2 -u -b "$secret" -F raw abs-nofmt.qcow2 1M
drop_backing_format abs-nofmt.qcow2
qemu-img create -q -f qcow2 -u -b ../host/secret -F raw rel.qcow2 1M
qemu-img create -q -f qcow2 -u -b sub/../../host/secret -F raw dotdot.qcow2 1M
qemu-img create -q -f qcow2 -u -b rel.qcow2 -F qcow2 chain.qcow2 1M
ln -s ../host/secret link.raw
qemu-img create -q -f qcow2 -u -b link.raw -F raw symlink.qcow2 1M
qemu-img create -q -f qcow2 -u -F raw \
  -b "json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"$secret\"}}" \
  json.qcow2 1M
qemu-img create -q -f qcow2 -u -b "file:$secret" -F raw proto-file.qcow2 1M
qemu-img create -q -f qcow2 -u -b nbd:localhost:10809 -F raw proto-nbd.qcow2 1M
qemu-img create -q -f qcow2 -u -b /dev/zero -F raw device.qcow2 1M
qemu-img create -q -f qed -u -b ../host/secret -F raw qed.qed 1M
python3 "$images" vmdk-desc extent.vmdk "$secret"
python3 "$images" vmdk-desc extent-rel.vmdk ../host/secret
qemu-img create -q -f qcow2 \
  -o data_file="$PWD/../host/datafile",data_file_raw=on datafile.qcow2 1M
cd ..

# Each hostile image: refused at add_drive, with and without the
# format, the error naming the image and the file it names.
refused ()
{
  img="$1" fmt="$2" what="$3"
  fish_rc <<END > out 2> err
-add img/$img format:$fmt
-add img/$img format:$fmt readonly:true
-add img/$img
END
  cat err
  [ "$rc" -eq 0 ]
  [ "$(grep -c "img/$img" err)" -eq 3 ]
  grep -q -- "$what" err
  ! grep -q "$marker" out err
}
refused abs.qcow2 qcow2 "names '$secret' as its backing file"
refused abs-nofmt.qcow2 qcow2 "outside the image's directory"
refused rel.qcow2 qcow2 "names '../host/secret' as its backing file"
refused dotdot.qcow2 qcow2 "outside the image's directory"
refused chain.qcow2 qcow2 "image '$PWD/img/rel.qcow2' names '../host/secret'"
refused symlink.qcow2 qcow2 "resolves to '$secret', outside"
refused json.qcow2 qcow2 "never opens such names"
refused proto-file.qcow2 qcow2 "never opens such names"
refused proto-nbd.qcow2 qcow2 "never opens such names"
refused device.qcow2 qcow2 "not a regular file"
refused qed.qed qed "names '../host/secret' as its backing file"
refused extent.vmdk vmdk "as its extent"
refused extent-rel.vmdk vmdk "as its extent"
refused datafile.qcow2 qcow2 "as its data file"

# The opt-in never allows protocols, JSON or character devices.
for img in json.qcow2 proto-nbd.qcow2 device.qcow2; do
  CAREEN_BACKING_FILES=any fish_rc --format=qcow2 -a "img/$img" \
    < /dev/null > out 2> err
  cat err
  [ "$rc" -ne 0 ]
done
CAREEN_BACKING_FILES=bogus fish_rc --format=qcow2 -a img/abs.qcow2 \
  < /dev/null > out 2> err
grep -q "CAREEN_BACKING_FILES: unknown value 'bogus'" err

# The tools refuse them the same way, before any appliance runs.
set +e
"$tools/cat/virt-cat" --format=qcow2 -a img/abs.qcow2 /etc/passwd \
  > out 2> err
vrc=$?
set -e
cat err
[ "$vrc" -ne 0 ]
grep -q "outside the image's directory" err
refute grep -q "$marker" out err

[ -n "${SKIP_APPLIANCE_TESTS:-}" ] && exit 0
requires_appliance

# Legitimate chains work; and qemu opens only the checked chain: after
# add_drive, race.qcow2's backing name is changed to the secret, and
# the disk still shows the checked base.
fish_rc > out 2> err <<END
add img/good.qcow2 format:qcow2 readonly:true
add img/good2.qcow2 format:qcow2 readonly:true
add img/good-probed.qcow2 format:qcow2 readonly:true
add img/race.qcow2 format:qcow2 readonly:true
! qemu-img rebase -q -u -f qcow2 -b "$secret" -F raw img/race.qcow2
run
pread-device /dev/sda 8 0
echo
pread-device /dev/sdb 8 0
echo
pread-device /dev/sdc 8 0
echo
pread-device /dev/sdd 8 0
echo
pread-device /dev/sdd 1048576 0 | cat > race.out
END
cat out err
[ "$rc" -eq 0 ]
expect_output out <<'END'
BASEDATA
BASEDATA
DEEPDATA
BASEDATA
END
refute grep -q "$marker" out err race.out

# The opt-in: the outside chain is followed, as checked.
CAREEN_BACKING_FILES=any fish_rc > out 2> err <<END
add img/abs.qcow2 format:qcow2 readonly:true
add img/chain.qcow2 format:qcow2 readonly:true
add img/qed.qed format:qed readonly:true
run
pread-device /dev/sda 13 0
echo
pread-device /dev/sdb 13 0
echo
pread-device /dev/sdc 13 0
echo
END
cat out err
[ "$rc" -eq 0 ]
expect_output out <<END
$marker
$marker
$marker
END
