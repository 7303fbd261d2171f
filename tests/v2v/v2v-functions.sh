# careen - the bootable test guest of the virt-v2v tests, for shell
# tests.  Source it after tests/functions.sh:
#
#   . "$top_srcdir/tests/v2v/v2v-functions.sh"
#   requires_bootable_guest
#   img="$(bootable_guest)"
#   qemu-img create -f qcow2 -b "$img" -F raw "$tmp/overlay.qcow2"
#   boot_guest "$tmp/overlay.qcow2" qcow2 ide 300
#
# bootable_guest prints the path of a raw Debian 12 image that boots on
# an IDE disk and not on a virtio one (make-bootable-guest.sh says how
# it is made); bootable_guest --dracut the same guest with dracut in
# place of initramfs-tools (requires_dracut_guest); bootable_guest
# --uefi the same guest on a GPT disk that boots with UEFI from its ESP
# (requires_uefi_guest).  It is built on first use (minutes), cached
# between runs and shared by every test: never write it, make an
# overlay or a copy.
#
# boot_guest boots a disk in qemu (with SeaBIOS, or with OVMF) and says
# whether the guest reached its own init, which prints
# "CAREEN-V2V-BOOTED root=... mounted=DEVICE".

# The line the guest's own init prints (make-bootable-guest.sh).
boot_marker=CAREEN-V2V-BOOTED

# Skips the test unless this machine can build and boot the guest.
requires_bootable_guest ()
{
  requires supermin mkfs.ext4 sfdisk grub-mkimage mkinitramfs dpkg-query \
    flock qemu-system-x86_64 qemu-img
  [ -f /usr/lib/grub/i386-pc/boot.img ] ||
    skip "GRUB's BIOS images are not installed (package grub-pc-bin)"
  ls /boot/vmlinuz-*-amd64 >/dev/null 2>&1 ||
    skip "no Debian kernel in /boot (package linux-image-amd64)"
}

# Prints the path of the bootable guest's raw image, building it if it
# is not in the cache yet.  With --dracut, the guest whose initramfs is
# dracut's (make-bootable-guest.sh --dracut).
bootable_guest ()
{
  bgi_out="$(sh "$top_srcdir/tests/v2v/make-bootable-guest.sh" "$@")" ||
    return 1
  echo "$bgi_out" | tail -n 1
}

# Skips the test unless this machine can build the dracut guest too.
requires_dracut_guest ()
{
  requires_bootable_guest
  requires dracut lsinitrd
}

# Debian's OVMF (package ovmf): the firmware code, read-only, and the
# template of its variables store, which each boot gets a copy of.
ovmf_code=/usr/share/OVMF/OVMF_CODE_4M.fd
ovmf_vars=/usr/share/OVMF/OVMF_VARS_4M.fd

# Skips the test unless this machine can build the UEFI guest and boot
# it with OVMF.
requires_uefi_guest ()
{
  requires_bootable_guest
  requires mkfs.fat mmd mcopy uuidgen
  [ -f /usr/lib/grub/x86_64-efi/linux.mod ] ||
    skip "GRUB's UEFI modules are not installed (package grub-efi-amd64-bin)"
  [ -f "$ovmf_code" ] && [ -f "$ovmf_vars" ] ||
    skip "OVMF is not installed ($ovmf_code: package ovmf)"
}

# What the tests that convert the guest and boot the result start with:
# $v2v and $fish (skips unless virt-v2v is built), fail, $img (the guest
# of bootable_guest with these arguments) and its $stamp of size and
# time of change to compare at the end, and a $tmp removed at exit
# whose v2vtmp is virt-v2v's VIRT_V2V_TMPDIR.
conversion_test_setup ()
{
  v2v="$top_builddir/tools/v2v/virt-v2v"
  fish="$top_builddir/fish/guestfish"
  [ -x "$v2v" ] || skip "virt-v2v is not built"
  img="$(bootable_guest "$@")"
  [ -f "$img" ] || fail "no guest was built (bootable_guest $*)"
  stamp="$(stat -c '%s %Z' "$img")"
  tmp="$(mktemp -d)"
  cleanup_fn rm -rf "$tmp"
  mkdir "$tmp/v2vtmp"
  export VIRT_V2V_TMPDIR="$tmp/v2vtmp"
}

fail ()
{
  echo "$test_name: $*" >&2
  exit 1
}

# Whether process PID still runs.  Not kill -0: a child that exited is
# a zombie until waited for, and some shells (dash) only wait for it at
# the next wait.
boot_guest_qemu_running ()
{
  [ -r "/proc/$1/stat" ] || return 1
  read -r bgr_pid bgr_comm bgr_state bgr_rest < "/proc/$1/stat" || return 1
  [ "$bgr_state" != Z ]
}

# boot_guest DISK FORMAT virtio|ide TIMEOUT [LOG] [bios|uefi]
#
# Boots DISK (of FORMAT, attached on the virtio or the IDE bus) in qemu
# under TCG, with no network, writing nothing to DISK (snapshot=on);
# with uefi, with OVMF and a variables store of its own that names no
# boot entry, as a new virtual machine has.
# Returns 0 and prints the marker line when the guest's init printed it
# within TIMEOUT seconds; returns 1 when it did not (qemu exited, or the
# time ran out), after printing the end of the serial console to
# stderr.  qemu is stopped in either case.  With LOG, the serial
# console is kept in that file.
boot_guest ()
{
  bg_disk="$1"
  bg_format="$2"
  bg_bus="$3"
  bg_timeout="$4"
  bg_keep="${5:-}"
  bg_firmware="${6:-bios}"
  case "$bg_bus" in
    virtio|ide) ;;
    *) echo "boot_guest: bus must be virtio or ide, not '$bg_bus'" >&2
       return 1 ;;
  esac
  if [ ! -f "$bg_disk" ]; then
    echo "boot_guest: '$bg_disk': no such file" >&2
    return 1
  fi

  bg_log="${bg_keep:-$(mktemp)}"
  : > "$bg_log"
  set --
  case "$bg_firmware" in
    bios) ;;
    uefi)
      cp "$ovmf_vars" "$bg_log.vars" || return 1
      set -- -drive "if=pflash,format=raw,readonly=on,file=$ovmf_code" \
        -drive "if=pflash,format=raw,file=$bg_log.vars" ;;
    *) echo "boot_guest: firmware must be bios or uefi, not '$bg_firmware'" >&2
       return 1 ;;
  esac
  # qemu's option syntax doubles commas inside a value.
  bg_file="$(printf '%s' "$bg_disk" | sed 's/,/,,/g')"
  qemu-system-x86_64 -machine pc,accel=tcg -m 1024 "$@" \
    -nodefaults -display none -no-reboot -nic none \
    -serial "file:$bg_log" \
    -drive "file=$bg_file,format=$bg_format,if=$bg_bus,snapshot=on" \
    </dev/null >"$bg_log.qemu" 2>&1 &
  bg_pid=$!

  bg_ok=
  bg_elapsed=0
  while :; do
    if grep -q "$boot_marker " "$bg_log"; then
      bg_ok=1
      break
    fi
    boot_guest_qemu_running "$bg_pid" || break
    [ "$bg_elapsed" -lt "$bg_timeout" ] || break
    sleep 1
    bg_elapsed=$((bg_elapsed + 1))
  done
  kill "$bg_pid" 2>/dev/null || :
  wait "$bg_pid" 2>/dev/null || :
  # The guest may have printed the marker as qemu exited.
  grep -q "$boot_marker " "$bg_log" && bg_ok=1

  if [ -n "$bg_ok" ]; then
    tr -d '\r' < "$bg_log" | grep -o "$boot_marker .*" | head -n 1
  else
    echo "boot_guest: $bg_disk ($bg_format, $bg_bus, $bg_firmware) did not boot to its init in ${bg_timeout}s; the end of its console:" >&2
    tail -n 40 "$bg_log" | tr -d '\r' >&2
    cat "$bg_log.qemu" >&2
  fi
  rm -f "$bg_log.qemu" "$bg_log.vars"
  [ -n "$bg_keep" ] || rm -f "$bg_log"
  [ -n "$bg_ok" ]
}

# expect_no_boot_on_virtio PID
#
# PID is a boot_guest of the unconverted guest on virtio, started in the
# background with its output in $tmp/virtio.out, its errors in
# $tmp/virtio.err and its console in $tmp/virtio.log.  It must fail,
# print no marker, and fail the right way: the kernel and its initramfs
# ran and gave up waiting for the root device, so that only the missing
# virtio driver stopped it, not a broken test guest.
expect_no_boot_on_virtio ()
{
  if wait "$1"; then
    fail "the unconverted guest booted on virtio: $(cat "$tmp/virtio.out")"
  fi
  cat "$tmp/virtio.err"
  [ ! -s "$tmp/virtio.out" ] || fail "boot_guest printed a marker on failure"
  grep -q "Gave up waiting for root file system device" "$tmp/virtio.log" ||
    fail "on virtio, the unconverted guest's initramfs did not give up waiting for its root device"
}
