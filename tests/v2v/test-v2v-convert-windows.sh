#!/bin/sh -
# careen - the Windows converter on overlays of the Windows test guest,
# nine cases in three launches (seed, convert, dump):
#   1. Windows 10 with VMware and Parallels Tools, a Xen PV disk driver
#      and CrashControl, a virtio-win tree in today's layout: drivers
#      copied (with the fallbacks), DriverDatabase, firstboot by RunOnce
#      with the QEMU guest agent's MSI and the balloon service; two
#      source disks: the script that brings the virtio disks online
#   2. Windows 10, no VIRTIO_WIN: a warning, IDE and rtl8139, no change
#      (two disks, but no virtio driver: no online-disks script)
#   3. a hibernated Windows 10: refused, no change
#   4. Windows 10 with Fast Startup: refused, no change
#   5. Windows 7, the older virtio-win layout, --block-driver
#      virtio-scsi, rhsrvany.exe: CriticalDeviceDatabase, the service;
#      two disks, but no Storage cmdlets before NT 6.2: no online-disks
#   6. Windows 10, VIRTIO_WIN an image file (read as an ISO would be),
#      booting with UEFI from an ESP whose BCD store's default entry
#      loses graphicsmodedisabled and whose fallback loader becomes
#      Windows Boot Manager
#   7. Windows 11 and 8. Server 2019: the release directories chosen;
#      Server 2019 asks for virtio-scsi, which has no server driver;
#      Windows 11 gets a --mac static address by a firstboot script
#   9. Windows XP, no VIRTIO_WIN: the heads count of the NTFS boot
#      sector made the new disk's (64 for the 96 MB test disk)
# What changed is the difference between dumps of both hives and of
# every file before and after, compared with the text below.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-img
. "$top_srcdir/tests/guests/guests.sh"

img="$(guest_image windows)"
d="$(mktemp -d)"
cleanup_fn rm -rf "$d"

sh "$top_srcdir/tests/v2v/make-virtio-win.sh" "$d/virtio-win"
mkdir "$d/tools"
echo "rhsrvany.exe for careen's tests" > "$d/tools/rhsrvany.exe"
for n in 1 2 3 4 5 6 7 8 9; do
  # The overlay's backing file is the shared test guest, outside the
  # overlay's directory: allow it (careen's default refuses it).
  export CAREEN_BACKING_FILES=any
  # Disk 6 gets an ESP after the guest's partition.
  size=; [ $n != 6 ] || size=128M
  qemu-img create -q -f qcow2 -b "$img" -F raw "$d/disk$n.qcow2" $size
done

# The BCD store of case 6: the boot manager, whose default (23000003)
# is the Windows loader; it and the recovery loader have
# graphicsmodedisabled (16000046) set.
guests_builddir="$top_builddir/tests/guests"
[ -x "$guests_builddir/make-hive" ] ||
  ${MAKE:-make} -C "$guests_builddir" make-hive >&2
hives="$(top_builddir="$top_builddir" sh "$top_srcdir/tests/guests/test-hives.sh")"
"$guests_builddir/make-hive" "$hives/minimal" "$d/BCD" <<'EOF'
[\Description]
"KeyName"="BCD00000000"
[\Objects\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\Description]
"Type"=dword:10100002
[\Objects\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\Elements\12000004]
"Element"="Windows Boot Manager"
[\Objects\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\Elements\23000003]
"Element"="{5f1c7a52-3c2e-11ef-9a1d-525400a0b0c1}"
[\Objects\{5f1c7a52-3c2e-11ef-9a1d-525400a0b0c1}\Description]
"Type"=dword:10200003
[\Objects\{5f1c7a52-3c2e-11ef-9a1d-525400a0b0c1}\Elements\12000004]
"Element"="Windows 10"
[\Objects\{5f1c7a52-3c2e-11ef-9a1d-525400a0b0c1}\Elements\16000046]
"Element"=hex:01
[\Objects\{5f1c7a52-3c2e-11ef-9a1d-525400a0b0c2}\Description]
"Type"=dword:10200003
[\Objects\{5f1c7a52-3c2e-11ef-9a1d-525400a0b0c2}\Elements\12000004]
"Element"="Windows Recovery Environment"
[\Objects\{5f1c7a52-3c2e-11ef-9a1d-525400a0b0c2}\Elements\16000046]
"Element"=hex:01
EOF

$VG ./v2v-convert-windows-test seed \
  "$d/disk1.qcow2=foreign" "$d/disk2.qcow2=none" \
  "$d/disk3.qcow2=hibernated" "$d/disk4.qcow2=faststartup" \
  "$d/disk5.qcow2=win7" "$d/disk6.qcow2=esp:$d/BCD" "$d/disk7.qcow2=win11" \
  "$d/disk8.qcow2=server2019" "$d/disk9.qcow2=winxp" \
  "image:$d/virtio-win.img=$d/virtio-win/new" > "$d/before"
$VG ./v2v-convert-windows-test convert \
  "$d/disk1.qcow2" "$d/virtio-win/new" - virtio-blk+disks=2 \
  "$d/disk2.qcow2" - - virtio-blk+disks=2 \
  "$d/disk3.qcow2" "$d/virtio-win/new" - virtio-blk \
  "$d/disk4.qcow2" "$d/virtio-win/new" - virtio-blk \
  "$d/disk5.qcow2" "$d/virtio-win/old" "$d/tools" virtio-scsi+disks=2 \
  "$d/disk6.qcow2" "$d/virtio-win.img" - virtio-blk+uefi \
  "$d/disk7.qcow2" "$d/virtio-win/new" - \
  "virtio-blk+52:54:00:0A:0B:0C:ip:192.0.2.10,192.0.2.1,24,192.0.2.53,192.0.2.54" \
  "$d/disk8.qcow2" "$d/virtio-win/new" - virtio-scsi \
  "$d/disk9.qcow2" - - virtio-blk \
  > "$d/caps" 2> "$d/stderr" || { cat "$d/stderr"; exit 1; }
cat "$d/stderr"
$VG ./v2v-convert-windows-test dump \
  "$d/disk1.qcow2" "$d/disk2.qcow2" "$d/disk3.qcow2" "$d/disk4.qcow2" \
  "$d/disk5.qcow2" "$d/disk6.qcow2" "$d/disk7.qcow2" "$d/disk8.qcow2" \
  "$d/disk9.qcow2" > "$d/after"

# changes N: what differs in disk N, "-" removed, "+" added.
changes ()
{
  for f in before after; do
    awk -v n="$1" '/^== disk / { on = ($3 == n); next } on' "$d/$f" \
      > "$d/$f.$1"
  done
  # The hive files' sizes follow the allocator of libhivex, not the
  # converter.
  diff "$d/before.$1" "$d/after.$1" | sed -n 's/^< /- /p; s/^> /+ /p' |
    grep -v '^. file /Windows/System32/config/' > "$d/changes.$1" || :
}

expect_output "$d/caps" <<'EOF'
== disk 1: Windows 10 Pro 10.0 x86_64 Client
block_bus: virtio-blk
net_model: virtio
machine: q35
arch: x86_64
virtio_rng: 1
virtio_balloon: 1
pvpanic: 0
virtio_socket: 0
acpi: 1
virtio_1_0: 1
== disk 2: Windows 10 Pro 10.0 x86_64 Client
block_bus: ide
net_model: rtl8139
machine: q35
arch: x86_64
virtio_rng: 0
virtio_balloon: 0
pvpanic: 0
virtio_socket: 0
acpi: 1
virtio_1_0: 0
== disk 3: Windows 10 Pro 10.0 x86_64 Client
failed
== disk 4: Windows 10 Pro 10.0 x86_64 Client
failed
== disk 5: Windows 7 Professional 6.1 x86_64 Client
block_bus: virtio-scsi
net_model: virtio
machine: q35
arch: x86_64
virtio_rng: 0
virtio_balloon: 0
pvpanic: 0
virtio_socket: 0
acpi: 1
virtio_1_0: 0
== disk 6: Windows 10 Pro 10.0 x86_64 Client
block_bus: virtio-blk
net_model: virtio
machine: q35
arch: x86_64
virtio_rng: 1
virtio_balloon: 1
pvpanic: 0
virtio_socket: 0
acpi: 1
virtio_1_0: 1
== disk 7: Windows 11 Pro 10.0 x86_64 Client
block_bus: virtio-blk
net_model: virtio
machine: q35
arch: x86_64
virtio_rng: 1
virtio_balloon: 1
pvpanic: 1
virtio_socket: 0
acpi: 1
virtio_1_0: 1
== disk 8: Windows Server 2019 Standard 10.0 x86_64 Server
block_bus: virtio-blk
net_model: rtl8139
machine: q35
arch: x86_64
virtio_rng: 0
virtio_balloon: 0
pvpanic: 0
virtio_socket: 0
acpi: 1
virtio_1_0: 1
== disk 9: Microsoft Windows XP 5.1 x86_64 Client
block_bus: ide
net_model: rtl8139
machine: pc
arch: x86_64
virtio_rng: 0
virtio_balloon: 0
pvpanic: 0
virtio_socket: 0
acpi: 1
virtio_1_0: 0
EOF

grep -F 'warning: VIRTIO_WIN is not set' "$d/stderr"
grep -F 'error: this Windows guest is hibernated' "$d/stderr"
grep -F 'error: this Windows guest uses Fast Startup' "$d/stderr"
grep -F 'will run only when an administrator first logs on' "$d/stderr"
grep -F 'warning: there is no virtio-scsi driver (vioscsi) for this version of Windows: using virtio-blk (viostor)' "$d/stderr"
test "$(grep -c 'warning:' "$d/stderr")" -eq 7

# 1. Windows 10, today's virtio-win layout: w10's drivers, w8.1's viorng
# (there is no w10 one), neither w11's pvpanic nor 2k19's vioser, no
# files but sys, inf, cat, dll and the balloon's blnsvr.exe, and the
# guest agent's MSI from guest-agent; VMware and Parallels Tools removed
# at first boot, the agent and the balloon service installed, the
# offline virtio disks brought online (two source disks), run by
# RunOnce; Xen's disk driver and the reboot after a crash disabled.
changes 1
expect_output "$d/changes.1" <<'EOF'
- SYSTEM\ControlSet001\Control\CrashControl "AutoReboot" = dword:0x00000001
+ SYSTEM\ControlSet001\Control\CrashControl "AutoReboot" = dword:0x00000000
+ SYSTEM\ControlSet001\Services\viostor
+ SYSTEM\ControlSet001\Services\viostor "Type" = dword:0x00000001
+ SYSTEM\ControlSet001\Services\viostor "Start" = dword:0x00000000
+ SYSTEM\ControlSet001\Services\viostor "ErrorControl" = dword:0x00000001
+ SYSTEM\ControlSet001\Services\viostor "Group" = sz:"SCSI miniport\0"
+ SYSTEM\ControlSet001\Services\viostor "ImagePath" = expand_sz:"system32\\drivers\\viostor.sys\0"
- SYSTEM\ControlSet001\Services\xenvbd "Start" = dword:0x00000000
+ SYSTEM\ControlSet001\Services\xenvbd "Start" = dword:0x00000004
+ SYSTEM\DriverDatabase
+ SYSTEM\DriverDatabase\DeviceIds
+ SYSTEM\DriverDatabase\DeviceIds\PCI
+ SYSTEM\DriverDatabase\DeviceIds\PCI\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00
+ SYSTEM\DriverDatabase\DeviceIds\PCI\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00 "viostor.inf" = hex(3):01,ff,00,00
+ SYSTEM\DriverDatabase\DeviceIds\PCI\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01
+ SYSTEM\DriverDatabase\DeviceIds\PCI\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01 "viostor.inf" = hex(3):01,ff,00,00
+ SYSTEM\DriverDatabase\DriverInfFiles
+ SYSTEM\DriverDatabase\DriverInfFiles\viostor.inf
+ SYSTEM\DriverDatabase\DriverInfFiles\viostor.inf "" = multi_sz:"viostor.inf_amd64_0000000000000000\0\0"
+ SYSTEM\DriverDatabase\DriverInfFiles\viostor.inf "Active" = sz:"viostor.inf_amd64_0000000000000000\0"
+ SYSTEM\DriverDatabase\DriverInfFiles\viostor.inf "Configurations" = multi_sz:"viostor_conf\0\0"
+ SYSTEM\DriverDatabase\DriverPackages
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000 "" = sz:"viostor.inf\0"
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000 "F6" = dword:0x00000001
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000 "InfName" = sz:"viostor.inf\0"
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000 "OemPath" = sz:"C:\\Windows\\Drivers\\VirtIO\0"
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000 "Provider" = sz:"Red Hat, Inc.\0"
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000 "SignerScore" = dword:0x0d000005
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000\Configurations
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000\Configurations\viostor_conf
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000\Configurations\viostor_conf "ConfigFlags" = dword:0x00000000
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000\Configurations\viostor_conf "Service" = sz:"viostor\0"
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000\Descriptors
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000\Descriptors\PCI
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000\Descriptors\PCI\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000\Descriptors\PCI\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00 "Configuration" = sz:"viostor_conf\0"
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000\Descriptors\PCI\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01
+ SYSTEM\DriverDatabase\DriverPackages\viostor.inf_amd64_0000000000000000\Descriptors\PCI\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01 "Configuration" = sz:"viostor_conf\0"
- SOFTWARE\Microsoft\Windows\CurrentVersion "DevicePath" = expand_sz:"%SystemRoot%\\inf\0"
+ SOFTWARE\Microsoft\Windows\CurrentVersion "DevicePath" = expand_sz:"%SystemRoot%\\inf;%SystemRoot%\\Drivers\\VirtIO\0"
+ SOFTWARE\Microsoft\Windows\CurrentVersion\RunOnce
+ SOFTWARE\Microsoft\Windows\CurrentVersion\RunOnce "careen-firstboot" = sz:"cmd /c \"C:\\Program Files\\Guestfs\\Firstboot\\firstboot.bat\"\0"
+ dir /Program Files/Guestfs
+ dir /Program Files/Guestfs/Firstboot
+ file /Program Files/Guestfs/Firstboot/firstboot.bat 483
+   | @echo off\r
+   | rem Runs each script of scripts\ once, in name order, then moves it to scripts-done\.\r
+   | setlocal EnableDelayedExpansion\r
+   | cd /d "%~dp0"\r
+   | if not exist scripts-done mkdir scripts-done\r
+   | echo %date% %time% firstboot starts >> log.txt\r
+   | for %%f in (scripts\*.bat) do (\r
+   |   echo running %%~nxf >> log.txt\r
+   |   call "%%f" >> log.txt 2>&1\r
+   |   echo %%~nxf exited with !errorlevel! >> log.txt\r
+   |   move /y "%%f" scripts-done >> log.txt 2>&1\r
+   | )\r
+   | echo %date% %time% firstboot ends >> log.txt\r
+ dir /Program Files/Guestfs/Firstboot/scripts
+ file /Program Files/Guestfs/Firstboot/scripts/0001-install-virtio-drivers.bat 134
+   | @echo off\r
+   | rem Installs the virtio drivers copied to the guest by its conversion.\r
+   | pnputil -i -a "%SystemRoot%\Drivers\VirtIO\*.inf"\r
+ file /Program Files/Guestfs/Firstboot/scripts/0002-uninstall-vmware-tools.bat 166
+   | @echo off\r
+   | rem Removes VMware Tools, the tools of the hypervisor the guest was converted from.\r
+   | msiexec.exe /x {9F5B2E4D-0C3A-4B11-8D2E-4C9F1A7B3E21} /qn /norestart\r
+ file /Program Files/Guestfs/Firstboot/scripts/0003-uninstall-parallels-tools.bat 143
+   | @echo off\r
+   | rem Removes Parallels Tools, the tools of the hypervisor the guest was converted from.\r
+   | "C:\Program Files\Parallels\uninst.exe" /S\r
+ file /Program Files/Guestfs/Firstboot/scripts/0005-install-qemu-ga.bat 165
+   | @echo off\r
+   | rem Installs the QEMU guest agent copied to the guest by its conversion.\r
+   | msiexec.exe /i "%SystemRoot%\Drivers\VirtIO\qemu-ga-x86_64.msi" /qn /norestart\r
+ file /Program Files/Guestfs/Firstboot/scripts/0006-install-balloon-service.bat 141
+   | @echo off\r
+   | rem Installs the service that reports the guest's memory use to the virtio balloon.\r
+   | "%SystemRoot%\Drivers\VirtIO\blnsvr.exe" -i\r
+ file /Program Files/Guestfs/Firstboot/scripts/0008-online-disks.bat 160
+   | @echo off\r
+   | rem Brings online the virtio disks that Windows kept offline.\r
+   | powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%~dp00008-online-disks.ps1"\r
+ file /Program Files/Guestfs/Firstboot/scripts/0008-online-disks.ps1 473
+   | # Brings online the virtio disks that Windows found on their new\r
+   | # controller and kept offline and read-only by its SAN policy.\r
+   | $disks = Get-Disk | Where-Object {\r
+   |   $_.IsOffline -and ($_.FriendlyName -like '*VirtIO*' -or $_.FriendlyName -like 'QEMU*')\r
+   | }\r
+   | foreach ($disk in $disks) {\r
+   |   Write-Output "bringing disk $($disk.Number) ($($disk.FriendlyName)) online"\r
+   |   Set-Disk -Number $disk.Number -IsOffline $false\r
+   |   Set-Disk -Number $disk.Number -IsReadOnly $false\r
+   | }\r
+ dir /Windows/Drivers
+ dir /Windows/Drivers/VirtIO
+ file /Windows/Drivers/VirtIO/balloon.cat 22
+   | balloon.cat w10 amd64
+ file /Windows/Drivers/VirtIO/balloon.inf 62
+   | [Version]\r
+   | Signature="$WINDOWS NT$"\r
+   | ; balloon.inf w10 amd64\r
+ file /Windows/Drivers/VirtIO/balloon.sys 22
+   | balloon.sys w10 amd64
+ file /Windows/Drivers/VirtIO/blnsvr.exe 21
+   | blnsvr.exe w10 amd64
+ file /Windows/Drivers/VirtIO/netkvm.cat 21
+   | netkvm.cat w10 amd64
+ file /Windows/Drivers/VirtIO/netkvm.inf 61
+   | [Version]\r
+   | Signature="$WINDOWS NT$"\r
+   | ; netkvm.inf w10 amd64\r
+ file /Windows/Drivers/VirtIO/netkvm.sys 21
+   | netkvm.sys w10 amd64
+ file /Windows/Drivers/VirtIO/netkvmco.dll 23
+   | netkvmco.dll w10 amd64
+ file /Windows/Drivers/VirtIO/qemu-ga-x86_64.msi 13
+   | not a driver
+ file /Windows/Drivers/VirtIO/viorng.cat 22
+   | viorng.cat w8.1 amd64
+ file /Windows/Drivers/VirtIO/viorng.inf 62
+   | [Version]\r
+   | Signature="$WINDOWS NT$"\r
+   | ; viorng.inf w8.1 amd64\r
+ file /Windows/Drivers/VirtIO/viorng.sys 22
+   | viorng.sys w8.1 amd64
+ file /Windows/Drivers/VirtIO/vioscsi.cat 22
+   | vioscsi.cat w10 amd64
+ file /Windows/Drivers/VirtIO/vioscsi.inf 62
+   | [Version]\r
+   | Signature="$WINDOWS NT$"\r
+   | ; vioscsi.inf w10 amd64\r
+ file /Windows/Drivers/VirtIO/vioscsi.sys 22
+   | vioscsi.sys w10 amd64
+ file /Windows/Drivers/VirtIO/viostor.cat 22
+   | viostor.cat w10 amd64
+ file /Windows/Drivers/VirtIO/viostor.inf 62
+   | [Version]\r
+   | Signature="$WINDOWS NT$"\r
+   | ; viostor.inf w10 amd64\r
+ file /Windows/Drivers/VirtIO/viostor.sys 22
+   | viostor.sys w10 amd64
+ dir /Windows/System32/drivers
+ file /Windows/System32/drivers/viostor.sys 22
+   | viostor.sys w10 amd64
EOF

# 2-4. Nothing to install, or refused: nothing changed.
for n in 2 3 4; do
  changes $n
  expect_output "$d/changes.$n" < /dev/null
done

# 5. Windows 7, the older layout, virtio-scsi, the firstboot service.
changes 5
expect_output "$d/changes.5" <<'EOF'
+ SYSTEM\ControlSet001\Control\CriticalDeviceDatabase
+ SYSTEM\ControlSet001\Control\CriticalDeviceDatabase\pci#ven_1af4&dev_1004&subsys_00081af4&rev_00
+ SYSTEM\ControlSet001\Control\CriticalDeviceDatabase\pci#ven_1af4&dev_1004&subsys_00081af4&rev_00 "Service" = sz:"vioscsi\0"
+ SYSTEM\ControlSet001\Control\CriticalDeviceDatabase\pci#ven_1af4&dev_1004&subsys_00081af4&rev_00 "ClassGUID" = sz:"{4D36E97B-E325-11CE-BFC1-08002BE10318}\0"
+ SYSTEM\ControlSet001\Control\CriticalDeviceDatabase\pci#ven_1af4&dev_1048&subsys_11001af4&rev_01
+ SYSTEM\ControlSet001\Control\CriticalDeviceDatabase\pci#ven_1af4&dev_1048&subsys_11001af4&rev_01 "Service" = sz:"vioscsi\0"
+ SYSTEM\ControlSet001\Control\CriticalDeviceDatabase\pci#ven_1af4&dev_1048&subsys_11001af4&rev_01 "ClassGUID" = sz:"{4D36E97B-E325-11CE-BFC1-08002BE10318}\0"
+ SYSTEM\ControlSet001\Services\RHSrvAny
+ SYSTEM\ControlSet001\Services\RHSrvAny "Type" = dword:0x00000010
+ SYSTEM\ControlSet001\Services\RHSrvAny "Start" = dword:0x00000002
+ SYSTEM\ControlSet001\Services\RHSrvAny "ErrorControl" = dword:0x00000001
+ SYSTEM\ControlSet001\Services\RHSrvAny "ImagePath" = expand_sz:"C:\\Program Files\\Guestfs\\Firstboot\\rhsrvany.exe\0"
+ SYSTEM\ControlSet001\Services\RHSrvAny "DisplayName" = sz:"RHSrvAny\0"
+ SYSTEM\ControlSet001\Services\RHSrvAny "ObjectName" = sz:"LocalSystem\0"
+ SYSTEM\ControlSet001\Services\RHSrvAny\Parameters
+ SYSTEM\ControlSet001\Services\RHSrvAny\Parameters "CommandLine" = sz:"cmd /c \"C:\\Program Files\\Guestfs\\Firstboot\\firstboot.bat\"\0"
+ SYSTEM\ControlSet001\Services\RHSrvAny\Parameters "PWD" = sz:"C:\\Program Files\\Guestfs\\Firstboot\0"
+ SYSTEM\ControlSet001\Services\vioscsi
+ SYSTEM\ControlSet001\Services\vioscsi "Type" = dword:0x00000001
+ SYSTEM\ControlSet001\Services\vioscsi "Start" = dword:0x00000000
+ SYSTEM\ControlSet001\Services\vioscsi "ErrorControl" = dword:0x00000001
+ SYSTEM\ControlSet001\Services\vioscsi "Group" = sz:"SCSI miniport\0"
+ SYSTEM\ControlSet001\Services\vioscsi "ImagePath" = expand_sz:"system32\\drivers\\vioscsi.sys\0"
- SOFTWARE\Microsoft\Windows\CurrentVersion "DevicePath" = expand_sz:"%SystemRoot%\\inf\0"
+ SOFTWARE\Microsoft\Windows\CurrentVersion "DevicePath" = expand_sz:"%SystemRoot%\\inf;%SystemRoot%\\Drivers\\VirtIO\0"
+ dir /Program Files/Guestfs
+ dir /Program Files/Guestfs/Firstboot
+ file /Program Files/Guestfs/Firstboot/firstboot.bat 519
+   | @echo off\r
+   | rem Runs each script of scripts\ once, in name order, then moves it to scripts-done\.\r
+   | setlocal EnableDelayedExpansion\r
+   | cd /d "%~dp0"\r
+   | if not exist scripts-done mkdir scripts-done\r
+   | echo %date% %time% firstboot starts >> log.txt\r
+   | for %%f in (scripts\*.bat) do (\r
+   |   echo running %%~nxf >> log.txt\r
+   |   call "%%f" >> log.txt 2>&1\r
+   |   echo %%~nxf exited with !errorlevel! >> log.txt\r
+   |   move /y "%%f" scripts-done >> log.txt 2>&1\r
+   | )\r
+   | echo %date% %time% firstboot ends >> log.txt\r
+   | sc delete RHSrvAny >> log.txt 2>&1\r
+ file /Program Files/Guestfs/Firstboot/rhsrvany.exe 32
+   | rhsrvany.exe for careen's tests
+ dir /Program Files/Guestfs/Firstboot/scripts
+ file /Program Files/Guestfs/Firstboot/scripts/0001-install-virtio-drivers.bat 134
+   | @echo off\r
+   | rem Installs the virtio drivers copied to the guest by its conversion.\r
+   | pnputil -i -a "%SystemRoot%\Drivers\VirtIO\*.inf"\r
+ dir /Windows/Drivers
+ dir /Windows/Drivers/VirtIO
+ file /Windows/Drivers/VirtIO/netkvm.inf 62
+   | [Version]\r
+   | Signature="$WINDOWS NT$"\r
+   | ; netkvm.inf Win7 amd64\r
+ file /Windows/Drivers/VirtIO/netkvm.sys 22
+   | netkvm.sys Win7 amd64
+ file /Windows/Drivers/VirtIO/vioscsi.inf 63
+   | [Version]\r
+   | Signature="$WINDOWS NT$"\r
+   | ; vioscsi.inf Win7 amd64\r
+ file /Windows/Drivers/VirtIO/vioscsi.sys 23
+   | vioscsi.sys Win7 amd64
+ file /Windows/Drivers/VirtIO/viostor.inf 63
+   | [Version]\r
+   | Signature="$WINDOWS NT$"\r
+   | ; viostor.inf Win7 amd64\r
+ file /Windows/Drivers/VirtIO/viostor.sys 23
+   | viostor.sys Win7 amd64
+ dir /Windows/System32/drivers
+ file /Windows/System32/drivers/vioscsi.sys 23
+   | vioscsi.sys Win7 amd64
EOF

# 6-8. Only which files were copied, and from which release: the
# registry is the same as in case 1.  An image file is read like the
# directory; Windows 11 takes w11's pvpanic and w10's viostor; Server
# 2019 takes 2k19's vioser and 2k16's viostor, nothing of a client's,
# and falls back to viostor.
for n in 6 7 8; do
  changes $n
  grep -E '^\+ file /Windows/|^\+   \| [a-z]+\.(sys|dll) ' "$d/changes.$n" \
    > "$d/files.$n" || :
done
expect_output "$d/files.6" <<'EOF'
+ file /Windows/Drivers/VirtIO/balloon.cat 22
+ file /Windows/Drivers/VirtIO/balloon.inf 62
+ file /Windows/Drivers/VirtIO/balloon.sys 22
+   | balloon.sys w10 amd64
+ file /Windows/Drivers/VirtIO/blnsvr.exe 21
+ file /Windows/Drivers/VirtIO/netkvm.cat 21
+ file /Windows/Drivers/VirtIO/netkvm.inf 61
+ file /Windows/Drivers/VirtIO/netkvm.sys 21
+   | netkvm.sys w10 amd64
+ file /Windows/Drivers/VirtIO/netkvmco.dll 23
+   | netkvmco.dll w10 amd64
+ file /Windows/Drivers/VirtIO/qemu-ga-x86_64.msi 13
+ file /Windows/Drivers/VirtIO/viorng.cat 22
+ file /Windows/Drivers/VirtIO/viorng.inf 62
+ file /Windows/Drivers/VirtIO/viorng.sys 22
+   | viorng.sys w8.1 amd64
+ file /Windows/Drivers/VirtIO/vioscsi.cat 22
+ file /Windows/Drivers/VirtIO/vioscsi.inf 62
+ file /Windows/Drivers/VirtIO/vioscsi.sys 22
+   | vioscsi.sys w10 amd64
+ file /Windows/Drivers/VirtIO/viostor.cat 22
+ file /Windows/Drivers/VirtIO/viostor.inf 62
+ file /Windows/Drivers/VirtIO/viostor.sys 22
+   | viostor.sys w10 amd64
+ file /Windows/System32/drivers/viostor.sys 22
+   | viostor.sys w10 amd64
EOF
expect_output "$d/files.7" <<'EOF'
+ file /Windows/Drivers/VirtIO/balloon.cat 22
+ file /Windows/Drivers/VirtIO/balloon.inf 62
+ file /Windows/Drivers/VirtIO/balloon.sys 22
+   | balloon.sys w10 amd64
+ file /Windows/Drivers/VirtIO/blnsvr.exe 21
+ file /Windows/Drivers/VirtIO/netkvm.cat 21
+ file /Windows/Drivers/VirtIO/netkvm.inf 61
+ file /Windows/Drivers/VirtIO/netkvm.sys 21
+   | netkvm.sys w10 amd64
+ file /Windows/Drivers/VirtIO/netkvmco.dll 23
+   | netkvmco.dll w10 amd64
+ file /Windows/Drivers/VirtIO/pvpanic.cat 22
+ file /Windows/Drivers/VirtIO/pvpanic.inf 62
+ file /Windows/Drivers/VirtIO/pvpanic.sys 22
+   | pvpanic.sys w11 amd64
+ file /Windows/Drivers/VirtIO/qemu-ga-x86_64.msi 13
+ file /Windows/Drivers/VirtIO/viorng.cat 22
+ file /Windows/Drivers/VirtIO/viorng.inf 62
+ file /Windows/Drivers/VirtIO/viorng.sys 22
+   | viorng.sys w8.1 amd64
+ file /Windows/Drivers/VirtIO/vioscsi.cat 22
+ file /Windows/Drivers/VirtIO/vioscsi.inf 62
+ file /Windows/Drivers/VirtIO/vioscsi.sys 22
+   | vioscsi.sys w10 amd64
+ file /Windows/Drivers/VirtIO/viostor.cat 22
+ file /Windows/Drivers/VirtIO/viostor.inf 62
+ file /Windows/Drivers/VirtIO/viostor.sys 22
+   | viostor.sys w10 amd64
+ file /Windows/System32/drivers/viostor.sys 22
+   | viostor.sys w10 amd64
EOF
# 7. --mac 52:54:00:0a:0b:0c:ip:...: a PowerShell script sets the
# address at the first boot, after the drivers are installed.
awk '!/^\+   \| / { show = /^\+ file .*\/scripts\/0007-/ }
     show' "$d/changes.7" > "$d/static-ip.7"
expect_output "$d/static-ip.7" <<'EOF'
+ file /Program Files/Guestfs/Firstboot/scripts/0007-set-static-addresses.bat 161
+   | @echo off\r
+   | rem Sets the static addresses given to virt-v2v --mac.\r
+   | powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%~dp00007-set-static-addresses.ps1"\r
+ file /Program Files/Guestfs/Firstboot/scripts/0007-set-static-addresses.ps1 1252
+   | # Sets the static addresses given to virt-v2v --mac on the network\r
+   | # adapters with those MAC addresses.\r
+   | function Set-V2vAddress ($Mac, $Family, $Address, $Prefix, $Gateway, $Dns) {\r
+   |   $nic = $null\r
+   |   for ($try = 0; $try -lt 60 -and -not $nic; $try++) {\r
+   |     $nic = Get-NetAdapter | Where-Object { $_.MacAddress -eq $Mac }\r
+   |     if (-not $nic) { Start-Sleep -Seconds 2 }\r
+   |   }\r
+   |   if (-not $nic) {\r
+   |     Write-Output "no network adapter has the MAC address $Mac"\r
+   |     return\r
+   |   }\r
+   |   $if = $nic.ifIndex\r
+   |   Set-NetIPInterface -InterfaceIndex $if -AddressFamily $Family -Dhcp Disabled\r
+   |   if ($Family -eq 'IPv4') {\r
+   |     Remove-NetIPAddress -InterfaceIndex $if -AddressFamily IPv4 -Confirm:$false -ErrorAction SilentlyContinue\r
+   |   }\r
+   |   if ($Gateway) {\r
+   |     New-NetIPAddress -InterfaceIndex $if -AddressFamily $Family -IPAddress $Address -PrefixLength $Prefix -DefaultGateway $Gateway\r
+   |   } else {\r
+   |     New-NetIPAddress -InterfaceIndex $if -AddressFamily $Family -IPAddress $Address -PrefixLength $Prefix\r
+   |   }\r
+   |   if ($Dns.Count -gt 0) {\r
+   |     Set-DnsClientServerAddress -InterfaceIndex $if -ServerAddresses $Dns\r
+   |   }\r
+   | }\r
+   | Set-V2vAddress -Mac '52-54-00-0A-0B-0C' -Family IPv4 -Address '192.0.2.10' -Prefix 24 -Gateway '192.0.2.1' -Dns @('192.0.2.53', '192.0.2.54')\r
EOF
expect_output "$d/files.8" <<'EOF'
+ file /Windows/Drivers/VirtIO/qemu-ga-x86_64.msi 13
+ file /Windows/Drivers/VirtIO/vioser.cat 22
+ file /Windows/Drivers/VirtIO/vioser.inf 62
+ file /Windows/Drivers/VirtIO/vioser.sys 22
+   | vioser.sys 2k19 amd64
+ file /Windows/Drivers/VirtIO/viostor.cat 23
+ file /Windows/Drivers/VirtIO/viostor.inf 63
+ file /Windows/Drivers/VirtIO/viostor.sys 23
+   | viostor.sys 2k16 amd64
+ file /Windows/System32/drivers/viostor.sys 23
+   | viostor.sys 2k16 amd64
EOF

# 9. Windows XP: only the heads count of the boot sector, at 0x1a,
# becomes the 64 of a disk under 2 GB (the OEM id says NTFS; the test
# guest's mkntfs wrote 4); cases 1-8 (NT 6 and later) kept it.
changes 9
expect_output "$d/changes.9" <<'EOF'
- bootsector 0x18: 30,00,04,00
+ bootsector 0x18: 30,00,40,00
EOF
grep -Fx 'bootsector 0x03: 4e,54,46,53,20,20,20,20' "$d/after"
test "$(grep -c '^bootsector 0x18: 30,00,04,00$' "$d/after")" -eq 8

# 6. UEFI: the default loader of the BCD store lost graphicsmodedisabled,
# the recovery loader kept it; the fallback loader of the ESP became a
# copy of Windows Boot Manager; the mount point of the ESP is gone.
awk '/^. BCD/ { print; next }
     !/^.   \| / { show = /^. esp file/ && !/\/BCD / }
     show' "$d/changes.6" > "$d/esp.6"
expect_output "$d/esp.6" <<'EOF'
- BCD\Objects\{5f1c7a52-3c2e-11ef-9a1d-525400a0b0c1}\Elements\16000046
- BCD\Objects\{5f1c7a52-3c2e-11ef-9a1d-525400a0b0c1}\Elements\16000046 "Element" = hex(3):01
- esp file /EFI/Boot/bootx64.efi 24
-   | another system's loader
+ esp file /EFI/Boot/bootx64.efi 32
+   | bootmgfw.efi for careen's tests
EOF
grep -F 'BCD\Objects\{5f1c7a52-3c2e-11ef-9a1d-525400a0b0c2}\Elements\16000046 "Element" = hex(3):01' "$d/after"
refute grep -q careen-esp "$d/after"
