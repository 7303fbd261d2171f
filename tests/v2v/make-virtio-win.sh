#!/bin/sh -
# careen - a small fake virtio-win tree for the Windows converter's
# tests.  Usage: make-virtio-win.sh DIR
#
# DIR/new has today's layout, DRIVER/OSDIR/ARCH; DIR/old the older
# ARCH/OSDIR one.  Each driver file holds one line naming itself, its
# release directory and its architecture ("viostor.sys w10 amd64"), so
# a test sees which copy the converter chose; an .inf is a [Version]
# section.  Releases are picked to exercise the fallbacks: viorng has no
# w10 directory (Windows 10 takes w8.1's), pvpanic only w11 (Windows 10
# must not take it, Windows 11 must), vioser only 2k19 (Server 2019
# takes it, and viostor from 2k16; clients never take a server's).

set -e

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 1
fi
top="$1"

# driver_files DIR OSDIR ARCH FILE...
driver_files ()
{
  dir="$1" os="$2" arch="$3"
  shift 3
  mkdir -p "$dir"
  for f in "$@"; do
    case "$f" in
      *.inf) printf '[Version]\r\nSignature="$WINDOWS NT$"\r\n; %s %s %s\r\n' \
               "$f" "$os" "$arch" > "$dir/$f" ;;
      *) echo "$f $os $arch" > "$dir/$f" ;;
    esac
  done
}

new="$top/new"
for os in w7 w8.1 w10; do
  driver_files "$new/viostor/$os/amd64" $os amd64 \
    viostor.sys viostor.inf viostor.cat
done
driver_files "$new/viostor/w10/x86" w10 x86 viostor.sys viostor.inf viostor.cat
driver_files "$new/viostor/2k16/amd64" 2k16 amd64 \
  viostor.sys viostor.inf viostor.cat
for os in w7 w10; do
  driver_files "$new/vioscsi/$os/amd64" $os amd64 \
    vioscsi.sys vioscsi.inf vioscsi.cat
done
driver_files "$new/NetKVM/w10/amd64" w10 amd64 \
  netkvm.sys netkvm.inf netkvm.cat netkvmco.dll
driver_files "$new/Balloon/w10/amd64" w10 amd64 \
  balloon.sys balloon.inf balloon.cat blnsvr.exe
driver_files "$new/viorng/w8.1/amd64" w8.1 amd64 \
  viorng.sys viorng.inf viorng.cat
driver_files "$new/pvpanic/w11/amd64" w11 amd64 \
  pvpanic.sys pvpanic.inf pvpanic.cat
driver_files "$new/vioserial/2k19/amd64" 2k19 amd64 \
  vioser.sys vioser.inf vioser.cat
mkdir -p "$new/guest-agent"
echo "not a driver" > "$new/guest-agent/qemu-ga-x86_64.msi"
echo "fake virtio-win for careen's tests" > "$new/README.txt"

old="$top/old"
driver_files "$old/amd64/Win7" Win7 amd64 \
  viostor.sys viostor.inf vioscsi.sys vioscsi.inf netkvm.sys netkvm.inf
driver_files "$old/amd64/Win10" Win10 amd64 viostor.sys viostor.inf
driver_files "$old/x86/Win7" Win7 x86 viostor.sys viostor.inf
