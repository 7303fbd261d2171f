/* careen - offline disk-image toolkit
 * The Windows converter edits the boot configuration of a UEFI guest.
 * Windows Boot Manager reads it from \EFI\Microsoft\Boot\BCD on the
 * ESP, a registry hive: Objects\{GUID}\Elements\{element type}, each
 * element's data in its "Element" value.  The boot manager object
 * (its GUID is fixed) names the default loader in element 23000003.
 *
 * A loader entry with graphicsmodedisabled (element 16000046) starts
 * Windows in VGA text mode; the UEFI firmware of the new virtual
 * machine has no text mode to give it, so the guest shows nothing or
 * stops at boot.  The element is deleted from the default loader, as
 * if the option had never been set; the other entries are left alone.
 *
 * Each vfat filesystem is mounted in turn on a directory made in the
 * guest's root, and is also given Windows's fallback loader there.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-windows.h"

#define BCD_PATH "EFI/Microsoft/Boot/BCD"
#define BCD_BOOTMGR "Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}"
#define BCD_DEFAULT_OBJECT "23000003"
#define BCD_GRAPHICS_MODE_DISABLED "16000046"

/* Deletes graphicsmodedisabled from the default loader of the BCD hive
 * at PATH.  A store without a default loader or without the element is
 * left as it is.
 */
static int
edit_bcd (guestfs_h *g, const char *path)
{
  CLEANUP_FREE char *loader = NULL, *elem = NULL;
  int64_t root, node;
  bool missing;
  int r = -1;

  if (winreg_open_hive (g, path) == -1)
    return -1;
  root = guestfs_hivex_root (g);
  if (root <= 0) {
    v2v_error ("registry hive '%s': %s", path, guestfs_last_error (g));
    goto out;
  }
  node = winreg_node (g, root, BCD_BOOTMGR "\\Elements\\" BCD_DEFAULT_OBJECT,
                      false);
  if (node <= 0) {
    r = node == 0 ? 0 : -1;
    goto out;
  }
  loader = winreg_get_string (g, node, "Element", &missing);
  if (loader == NULL) {
    r = missing ? 0 : -1;
    goto out;
  }
  /* The GUID becomes a key name: it must not walk elsewhere. */
  if (loader[0] != '{' || strchr (loader, '\\') != NULL) {
    v2v_warning ("%s: the default boot entry '%s' is not a GUID: "
                 "its graphics mode is left as it is", path, loader);
    r = 0;
    goto out;
  }
  if (asprintf (&elem, "Objects\\%s\\Elements\\%s", loader,
                BCD_GRAPHICS_MODE_DISABLED) == -1) {
    v2v_error ("out of memory");
    goto out;
  }
  node = winreg_node (g, root, elem, false);
  if (node <= 0) {
    r = node == 0 ? 0 : -1;
    goto out;
  }
  if (guestfs_hivex_node_delete_child (g, node) == -1) {
    v2v_error ("%s: cannot delete %s: %s", path, elem,
               guestfs_last_error (g));
    goto out;
  }
  return winreg_commit_hive (g);

 out:
  winreg_close_hive (g);
  return r;
}

/* Edits the BCD of the vfat filesystem FS, if it has one, and makes
 * its fallback loader Windows's (convert-windows-uefi-fallback.c),
 * with FS mounted on the guest directory DIR for the time it takes.
 */
static int
fix_esp (const struct winconv *w, const char *fs, const char *dir)
{
  guestfs_h *g = w->g;
  CLEANUP_FREE char *bcd = NULL, *path = NULL;
  int r, is_file;

  /* Any vfat filesystem is tried, so one that cannot be mounted may
   * be no ESP at all: the conversion goes on without it.
   */
  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_mount (g, fs, dir);
  guestfs_pop_error_handler (g);
  if (r == -1) {
    v2v_warning ("cannot mount %s to look for a BCD store in it: %s", fs,
                 guestfs_last_error (g));
    return 0;
  }
  r = -1;
  path = winconv_join (dir, BCD_PATH);
  /* vfat ignores case, but the guest's own spelling reads better in
   * messages.
   */
  bcd = path ? winconv_resolve (g, path) : NULL;
  if (bcd == NULL)
    goto out;
  is_file = guestfs_is_file (g, bcd);
  if (is_file == -1) {
    v2v_error ("%s: %s", bcd, guestfs_last_error (g));
    goto out;
  }
  r = is_file ? edit_bcd (g, bcd) : 0;
  if (r == 0)
    r = winconv_fix_uefi_fallback (w, dir);

 out:
  if (guestfs_umount (g, dir) == -1) {
    v2v_error ("cannot unmount the ESP %s: %s", fs, guestfs_last_error (g));
    r = -1;
  }
  return r;
}

int
winconv_fix_esps (const struct winconv *w)
{
  CLEANUP_FREE_STRING_LIST char **fses = NULL;
  CLEANUP_FREE char *dir = NULL;
  guestfs_h *g = w->g;
  size_t k;
  int r = 0;

  if (w->i->firmware != V2V_FIRMWARE_UEFI)
    return 0;
  fses = guestfs_list_filesystems (g);
  if (fses == NULL) {
    v2v_error ("cannot list the filesystems: %s", guestfs_last_error (g));
    return -1;
  }
  /* Every vfat filesystem may be an ESP that Windows boots from, on
   * any of the guest's disks: each one with a BCD is edited.
   */
  for (k = 0; r == 0 && fses[k] && fses[k + 1]; k += 2) {
    if (strcmp (fses[k + 1], "vfat") != 0)
      continue;
    if (dir == NULL) {
      dir = guestfs_mkdtemp (g, "/careen-esp.XXXXXX");
      if (dir == NULL) {
        v2v_error ("cannot make a directory to mount the ESP on: %s",
                   guestfs_last_error (g));
        return -1;
      }
    }
    r = fix_esp (w, fses[k], dir);
  }
  if (dir && guestfs_rmdir (g, dir) == -1) {
    v2v_error ("cannot remove %s: %s", dir, guestfs_last_error (g));
    r = -1;
  }
  return r;
}
