/* careen - offline disk-image toolkit
 * The Windows converter makes Windows Boot Manager the ESP's fallback
 * boot loader.  The source machine's firmware found Windows through a
 * boot entry in its own NVRAM, which is not converted: the new
 * machine's UEFI firmware, with no entry, starts the removable-media
 * path \EFI\BOOT\BOOT<arch>.EFI, which Windows setup may not have
 * written, or which is another system's loader.  A copy of
 * \EFI\Microsoft\Boot\bootmgfw.efi there boots Windows.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-windows.h"

int
winconv_fix_uefi_fallback (const struct winconv *w, const char *esp)
{
  CLEANUP_FREE char *bootmgr = NULL, *bootmgr_r = NULL, *dir = NULL;
  CLEANUP_FREE char *dir_r = NULL, *fallback = NULL;
  const struct uefi_loader_names *n = uefi_loader_names (w->i->arch);
  guestfs_h *g = w->g;
  int r;

  if (n == NULL)
    return 0;
  bootmgr = winconv_join (esp, "EFI/Microsoft/Boot/bootmgfw.efi");
  dir = winconv_join (esp, "EFI/BOOT");
  if (bootmgr == NULL || dir == NULL)
    return -1;
  /* The guest's own spelling of names that exist, in messages. */
  bootmgr_r = winconv_resolve (g, bootmgr);
  dir_r = winconv_resolve (g, dir);
  if (bootmgr_r == NULL || dir_r == NULL)
    return -1;
  r = guestfs_is_file (g, bootmgr_r);
  if (r == -1) {
    v2v_error ("%s: %s", bootmgr_r, guestfs_last_error (g));
    return -1;
  }
  if (r == 0)
    return 0;
  if (guestfs_mkdir_p (g, dir_r) == -1) {
    v2v_error ("cannot make '%s': %s", dir_r, guestfs_last_error (g));
    return -1;
  }
  {
    CLEANUP_FREE char *path = winconv_join (dir_r, n->fallback);

    fallback = path ? winconv_resolve (g, path) : NULL;
  }
  if (fallback == NULL)
    return -1;
  r = guestfs_is_file (g, fallback);
  if (r == 1)
    r = guestfs_equal (g, bootmgr_r, fallback);
  if (r == -1) {
    v2v_error ("%s: %s", fallback, guestfs_last_error (g));
    return -1;
  }
  if (r == 1)
    return 0;
  if (!w->o->quiet)
    v2v_progress ("Making Windows Boot Manager the UEFI fallback loader");
  if (guestfs_cp (g, bootmgr_r, fallback) == -1) {
    v2v_error ("cannot copy '%s' to '%s': %s", bootmgr_r, fallback,
               guestfs_last_error (g));
    return -1;
  }
  return 0;
}
