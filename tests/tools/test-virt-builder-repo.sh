# careen - sourced by the virt-builder tests: makes a repository of
# templates in $scratch/repo from the small Alpine test guest (xz, an
# index with its SHA-512, clear-signed by a throwaway gpg key whose
# fingerprint is $fpr and public key repo/key.gpg), and sets up an
# environment where neither virt-builder can read the system's or the
# user's repos.d (which name public servers) or reach a proxy.
#
# Needs $scratch, $top_srcdir; sets $repo, $fpr, $GNUPGHOME, $tmpl_size.
# start_http_server serves the repository over http.

requires xz gpg sha512sum qemu-img

. "$top_srcdir/tests/guests/guests.sh"
tmpl_img="$(guest_image alpine320)" || skip "the test guests could not be built"
tmpl_size="$(stat -c %s "$tmpl_img")"

# No repos.d but the test's own, no cache but the test's own, no proxy.
VIRT_BUILDER_DIRS=
XDG_CONFIG_HOME="$scratch/config"
XDG_CACHE_HOME="$scratch/cache"
no_proxy='*'
export VIRT_BUILDER_DIRS XDG_CONFIG_HOME XDG_CACHE_HOME no_proxy
unset http_proxy https_proxy ftp_proxy all_proxy HTTP_PROXY HTTPS_PROXY \
  VIRT_BUILDER_SOURCE VIRT_BUILDER_FINGERPRINT

GNUPGHOME="$scratch/gnupg"
export GNUPGHOME
mkdir -m 0700 "$GNUPGHOME"
gpg --batch --passphrase '' --quick-gen-key \
  'careen test <test@example.invalid>' ed25519 sign never 2> /dev/null
fpr="$(gpg --with-colons --list-keys | awk -F: '$1 == "fpr" { print $10; exit }')"
[ -n "$fpr" ]

repo="$scratch/repo"
mkdir "$repo"
gpg --export > "$repo/key.gpg"
xz -1 -T1 -c "$tmpl_img" > "$repo/alpine.xz"

# write_index FILE TEMPLATE-FILE [CHECKSUM]: an index of the template
# (and of two the tests only list), clear-signed into FILE.asc too.
write_index ()
{
  wi_sum="${3:-$(sha512sum < "$repo/$2" | cut -d' ' -f1)}"
  cat > "$repo/$1" <<IDX
# careen's test repository
[alpine-3.20]
name=Alpine Linux 3.20
osinfo=alpinelinux3.20
arch=x86_64
file=$2
checksum[sha512]=$wi_sum
format=raw
size=$tmpl_size
compressed_size=$(stat -c %s "$repo/$2" 2>/dev/null || echo 0)
expand=/dev/sda1
notes=A small test guest.
 
 Its second paragraph.
notes[fr]=Un petit invité de test.
aliases=alpine alpine3
revision=2

[alpine-3.20]
name=Alpine Linux 3.20 (ARM)
arch=aarch64
file=alpine-aarch64.xz
size=1073741824

[hidden-one]
arch=x86_64
file=hidden.xz
size=1610612736
hidden=true
IDX
  gpg --batch --yes --clearsign -o "$repo/$1.asc" "$repo/$1" 2> /dev/null
}
write_index index alpine.xz

# start_http_server: serves $repo on 127.0.0.1; sets $port.
start_http_server ()
{
  python3 "$top_srcdir/tests/remote/http-range-server.py" "$repo" \
    "$scratch/port" 2> "$scratch/http.log" &
  shs_pid=$!
  cleanup_fn "kill $shs_pid 2>/dev/null || :"
  shs_i=0
  while [ ! -s "$scratch/port" ] && [ $shs_i -lt 100 ]; do
    sleep 0.1
    shs_i=$((shs_i + 1))
  done
  port="$(cat "$scratch/port")"
}
