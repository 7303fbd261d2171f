# careen - helpers of the remote-disk tests (sourced after
# tests/functions.sh).

# A free TCP port on 127.0.0.1 (bound then released: the server that
# takes it next is started at once).
free_port ()
{
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Waits up to 10 s for file $1 to exist (a socket, a port file).
wait_for ()
{
  n=0
  while [ ! -e "$1" ]; do
    n=$((n + 1))
    [ "$n" -lt 100 ] || { echo "$test_name: $1 did not appear" >&2; exit 1; }
    sleep 0.1
  done
}

# The test disk: an ext4 filesystem on the whole disk, made on the host
# from directory $1 (no appliance), in file $2, of size $3 (32M if not
# given).
make_disk ()
{
  mkfs.ext4 -q -F -E root_owner=0:0 -d "$1" "$2" "${3:-32M}"
}

# Whether qemu has block driver module $1 (curl, iscsi, rbd, gluster).
have_qemu_block ()
{
  for d in /usr/lib/x86_64-linux-gnu/qemu /usr/lib64/qemu /usr/lib/qemu; do
    [ ! -e "$d/block-$1.so" ] || return 0
  done
  return 1
}

# A test certificate authority and a server certificate it signs for
# 127.0.0.1, in directory $1: ca.pem, server.pem, server.key.
make_tls_cert ()
{
  (
    cd "$1"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
      -nodes -keyout ca.key -out ca.pem -subj /CN=careen-test-ca -days 2 \
      2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\n' > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
      -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
  )
}

# The host's CA bundle, which qemu's curl driver checks certificates
# against (there is no switch to turn the check off, as in libguestfs).
system_ca_bundle=/etc/ssl/certs/ca-certificates.crt

# What the tests of qemu's curl driver over TLS (https, ftps) need.
requires_curl_tls ()
{
  requires openssl unshare mount
  have_qemu_block curl || skip "qemu's curl block driver is not installed"
  [ -f "$system_ca_bundle" ] || skip "$system_ca_bundle is missing"
}

# In the current directory: the served image www/disk.img (4 MiB, read
# whole by the tests: one request per block of readahead), whose
# /hello.txt holds line $1, and the TLS files in tls/.
make_tls_test_files ()
{
  mkdir root www tls
  printf '%s\n' "$1" > root/hello.txt
  make_disk root www/disk.img 4M
  make_tls_cert tls
}

# Makes the test CA $1 trusted by this mount namespace only: a copy of
# the host's bundle with it added is bind-mounted over the bundle.
trust_test_ca ()
{
  cat "$system_ca_bundle" "$1" > "$1.bundle"
  mount --bind "$1.bundle" "$system_ca_bundle"
}

# Re-runs the test script in a private mount namespace (once), where
# files of the host can be replaced for this test only.  Needs root.
enter_private_mount_ns ()
{
  if [ -z "${CAREEN_TEST_PRIVATE_NS:-}" ]; then
    export CAREEN_TEST_PRIVATE_NS=1 top_srcdir top_builddir
    [ "$(id -u)" -eq 0 ] || skip "needs root (a private mount namespace)"
    unshare -m --propagation private true 2>/dev/null ||
      skip "unshare -m does not work here"
    exec unshare -m --propagation private /bin/sh "$0" "$@"
  fi
}

# The remote disk $2 reads exactly as the local image $1 it serves
# (the checksums of the whole devices, one guestfish, both drives
# read-only), and its /hello.txt holds $3.
same_as_local ()
{
  $VG "$top_builddir/fish/guestfish" --ro --format=raw -a "$1" -a "$2" \
    > same.out <<'FISH'
run
checksum-device md5 /dev/sda
checksum-device md5 /dev/sdb
mount /dev/sdb /
cat /hello.txt
FISH
  [ "$(sed -n 1p same.out)" = "$(sed -n 2p same.out)" ] ||
    { cat same.out; echo "$test_name: $2 differs from $1" >&2; exit 1; }
  [ "$(sed -n 3p same.out)" = "$3" ] ||
    { cat same.out; echo "$test_name: $2: unexpected /hello.txt" >&2; exit 1; }
}
