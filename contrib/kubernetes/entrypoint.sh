#!/bin/sh
# careen's container entrypoint: runs the careen program given as
# arguments (virt-inspector ..., virt-df ..., virt-v2v ...), after one
# line on stderr saying whether the appliances can use KVM, so that a
# pod's log tells why a fleet runs at TCG speed.

if [ $# -eq 0 ]; then
  echo "usage: careen-entrypoint PROGRAM [ARGS...]  (e.g. virt-inspector --help)" >&2
  exit 1
fi

# careen chooses KVM or TCG by itself; this only reports what it will
# find.  A usable /dev/kvm is one this user can open for writing.
if [ -w /dev/kvm ]; then
  echo "careen-entrypoint: /dev/kvm is usable: careen tries KVM first" >&2
else
  echo "careen-entrypoint: /dev/kvm is not usable here: appliances run under TCG (slower, nothing to set)" >&2
fi

exec "$@"
