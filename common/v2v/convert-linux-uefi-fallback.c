/* careen - offline disk-image toolkit
 * The Linux converter makes the distribution's boot loader the ESP's
 * fallback loader.  A Linux installed for UEFI puts its loader in
 * \EFI\<distribution>\ (shim and GRUB: debian, ubuntu, fedora,
 * redhat, opensuse ...) and a boot entry naming it in the machine's
 * NVRAM; most installers leave the removable-media path
 * \EFI\BOOT\BOOT<arch>.EFI empty.  The NVRAM is not converted: the new
 * machine's UEFI firmware has no entry and starts only that path, so
 * without it the converted guest does not boot.  A guest that has a
 * fallback loader keeps it.
 *
 * The loader goes there with the files it loads from its own
 * directory: shim loads GRUB (grub<arch>.efi) and MokManager
 * (mm<arch>.efi) next to it, and a signed GRUB reads the grub.cfg next
 * to it.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanups.h"
#include "convert-linux.h"

/* The ESP as the guest mounts it. */
#define ESP_EFI "/boot/efi/EFI"

/* DIR/NAME, or NULL after printing the error. */
static char *
join (const char *dir, const char *name)
{
  char *path;

  if (asprintf (&path, "%s/%s", dir, name) == -1) {
    v2v_error ("out of memory");
    return NULL;
  }
  return path;
}

/* The entry of directory DIR named NAME whatever its case (FAT keeps
 * none), as DIR/ENTRY, or NULL when there is none.  *ERR is set on
 * failure (printed).
 */
static char *
find_entry (guestfs_h *g, const char *dir, const char *name, bool *err)
{
  CLEANUP_FREE_STRING_LIST char **entries = guestfs_ls (g, dir);
  char *path = NULL;
  size_t k;

  if (entries == NULL) {
    *err = true;
    return NULL;
  }
  for (k = 0; entries[k]; ++k)
    if (strcasecmp (entries[k], name) == 0) {
      path = join (dir, entries[k]);
      if (path == NULL)
        *err = true;
      return path;
    }
  return NULL;
}

/* The directory in ESP_EFI (not BOOT) holding LOADER, sorted by name
 * for a stable choice, and the loader in *LOADER_R; NULL when none.
 */
static char *
find_loader (guestfs_h *g, const char *loader, char **loader_r, bool *err)
{
  CLEANUP_FREE_STRING_LIST char **vendors = guestfs_ls (g, ESP_EFI);
  size_t k;

  if (vendors == NULL) {
    *err = true;
    return NULL;
  }
  for (k = 0; vendors[k]; ++k) {
    char *dir = NULL;

    if (strcasecmp (vendors[k], "BOOT") == 0)
      continue;
    dir = join (ESP_EFI, vendors[k]);
    if (dir == NULL) {
      *err = true;
      return NULL;
    }
    if (guestfs_is_dir (g, dir) == 1) {
      *loader_r = find_entry (g, dir, loader, err);
      if (*loader_r && linux_is_file (g, *loader_r))
        return dir;
      free (*loader_r);
      *loader_r = NULL;
      if (*err) {
        free (dir);
        return NULL;
      }
    }
    free (dir);
  }
  return NULL;
}

/* Copies NAME from SRCDIR into DSTDIR unless it is not in SRCDIR or
 * DSTDIR has it already.
 */
static int
copy_companion (guestfs_h *g, const char *srcdir, const char *dstdir,
                const char *name)
{
  CLEANUP_FREE char *src = NULL, *dst = NULL, *path = NULL;
  bool err = false;

  src = find_entry (g, srcdir, name, &err);
  if (err)
    return -1;
  if (src == NULL || !linux_is_file (g, src))
    return 0;
  dst = find_entry (g, dstdir, name, &err);
  if (err)
    return -1;
  if (dst)
    return 0;
  path = join (dstdir, name);
  if (path == NULL)
    return -1;
  if (guestfs_cp (g, src, path) == -1) {
    v2v_error ("cannot copy '%s' to '%s': %s", src, path,
               guestfs_last_error (g));
    return -1;
  }
  return 0;
}

int
linux_fix_uefi_fallback (struct linux_guest *lg)
{
  guestfs_h *g = lg->g;
  const struct uefi_loader_names *n;
  CLEANUP_FREE char *bootdir = NULL, *fallback = NULL, *dir = NULL;
  CLEANUP_FREE char *loader = NULL;
  bool err = false;

  if (lg->i->firmware != V2V_FIRMWARE_UEFI)
    return 0;
  n = uefi_loader_names (lg->i->arch);
  /* An ESP mounted elsewhere (/boot, /efi) is left as it is. */
  if (n == NULL || guestfs_is_dir (g, ESP_EFI) != 1)
    return 0;

  bootdir = find_entry (g, ESP_EFI, "BOOT", &err);
  if (err)
    return -1;
  if (bootdir) {
    /* FAT has no symlinks: one here is not the firmware's path, and
     * writing through it would change some other file of the guest.
     */
    if (guestfs_is_symlink (g, bootdir) == 1 ||
        guestfs_is_dir (g, bootdir) != 1) {
      v2v_warning ("%s is not a directory: the UEFI fallback loader is "
                   "left as it is", bootdir);
      return 0;
    }
    fallback = find_entry (g, bootdir, n->fallback, &err);
    if (err)
      return -1;
    if (fallback && linux_is_file (g, fallback))
      return 0;
  }

  dir = find_loader (g, n->shim, &loader, &err);
  if (dir == NULL && !err)
    dir = find_loader (g, n->grub, &loader, &err);
  if (err)
    return -1;
  if (dir == NULL) {
    v2v_warning ("the guest boots with UEFI, but its ESP has neither %s "
                 "nor a %s or %s in %s/<distribution>: the converted "
                 "guest may not boot", n->fallback, n->shim, n->grub,
                 ESP_EFI);
    return 0;
  }

  if (!lg->o->quiet)
    v2v_progress ("Making %s the UEFI fallback loader", loader);
  if (bootdir == NULL) {
    bootdir = join (ESP_EFI, "BOOT");
    if (bootdir == NULL)
      return -1;
    if (guestfs_mkdir (g, bootdir) == -1) {
      v2v_error ("cannot make '%s': %s", bootdir, guestfs_last_error (g));
      return -1;
    }
  }
  if (copy_companion (g, dir, bootdir, n->grub) == -1 ||
      copy_companion (g, dir, bootdir, n->mok) == -1 ||
      copy_companion (g, dir, bootdir, "grub.cfg") == -1)
    return -1;
  /* A fallback that is not a file (a directory, a dangling symlink)
   * makes cp fail: reported, as the guest would not boot.
   */
  if (fallback == NULL) {
    fallback = join (bootdir, n->fallback);
    if (fallback == NULL)
      return -1;
  }
  if (guestfs_cp (g, loader, fallback) == -1) {
    v2v_error ("cannot copy '%s' to '%s': %s", loader, fallback,
               guestfs_last_error (g));
    return -1;
  }
  return 0;
}
