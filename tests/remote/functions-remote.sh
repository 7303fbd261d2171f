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
# from directory $1 (no appliance), in file $2.
make_disk ()
{
  mkfs.ext4 -q -F -E root_owner=0:0 -d "$1" "$2" 32M
}
