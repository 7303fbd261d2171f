/* careen - offline disk-image toolkit
 * The other disks of a converted Windows come up offline.  Windows
 * Server's SAN policy (and a client's, when it was changed) keeps a
 * disk it has never seen offline and read-only, and after conversion
 * every disk sits on a new controller, so that only the boot disk is
 * online: D: and the rest seem lost.  A PowerShell script at the first
 * boot brings back the virtio disks that are offline; disks on other
 * controllers (iSCSI, passthrough) are left to the policy.
 *
 * It is written only when there is something it can do: the virtio
 * block driver was installed, the guest has more than one disk, and
 * Windows has the Storage cmdlets (Windows 8, Server 2012, NT 6.2, and
 * later).
 */

#include <config.h>

#include <stdlib.h>

#include "stringsbuf.h"
#include "convert-windows.h"

/* viostor's disks are "Red Hat VirtIO SCSI Disk Device", vioscsi's
 * "QEMU QEMU HARDDISK".
 */
static const char script[] =
  "# Brings online the virtio disks that Windows found on their new\n"
  "# controller and kept offline and read-only by its SAN policy.\n"
  "$disks = Get-Disk | Where-Object {\n"
  "  $_.IsOffline -and ($_.FriendlyName -like '*VirtIO*' -or"
  " $_.FriendlyName -like 'QEMU*')\n"
  "}\n"
  "foreach ($disk in $disks) {\n"
  "  Write-Output \"bringing disk $($disk.Number)"
  " ($($disk.FriendlyName)) online\"\n"
  "  Set-Disk -Number $disk.Number -IsOffline $false\n"
  "  Set-Disk -Number $disk.Number -IsReadOnly $false\n"
  "}\n";

int
winconv_add_online_disks (const struct winconv *w,
                          const struct windrivers *d,
                          struct stringsbuf *scripts)
{
  const struct v2v_inspect *i = w->i;

  if (d->block == NULL || w->o->nr_disks < 2 ||
      i->major < 6 || (i->major == 6 && i->minor < 2))
    return 0;
  if (stringsbuf_add_string (scripts, "0008-online-disks.bat") == -1 ||
      stringsbuf_add_string (scripts,
                             "@echo off\n"
                             "rem Brings online the virtio disks that "
                             "Windows kept offline.\n"
                             "powershell.exe -NoProfile -ExecutionPolicy "
                             "Bypass -File \"%~dp00008-online-disks.ps1\"\n")
      == -1 ||
      stringsbuf_add_string (scripts, "0008-online-disks.ps1") == -1 ||
      stringsbuf_add_string (scripts, script) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  return 0;
}
