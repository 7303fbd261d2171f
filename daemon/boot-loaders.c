/* careen - offline disk-image toolkit */

/**
 * Boot loaders written into the guest by the appliance's own tools:
 * GRUB 2 for PC BIOS (grub_install), EXTLINUX into a mounted directory
 * (extlinux), SYSLINUX onto an unmounted FAT filesystem (syslinux).
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"

int
do_grub_install (const char *root, const char *device)
{
  CLEANUP_FREE char *host = NULL;
  struct fsargs a;
  struct stat st;

  if (require_program ("grub-install") == -1)
    return -1;
  host = sysroot_realpath (root);
  if (host == NULL) {
    reply_with_perror ("%s", root);
    return -1;
  }
  if (stat (host, &st) == -1 || !S_ISDIR (st.st_mode)) {
    reply_with_error_errno (ENOTDIR, "%s: not a directory", root);
    return -1;
  }
  fsargs_init (&a);
  fsargs_add (&a, "grub-install");
  /* The appliance has only the BIOS modules; without --target
   * grub-install would guess from the appliance's firmware.
   */
  fsargs_add (&a, "--target=i386-pc");
  fsargs_addf (&a, "--boot-directory=%s/boot", strcmp (host, "/") ? host : "");
  fsargs_add (&a, "--no-floppy");
  fsargs_add (&a, device);
  return fsargs_run (&a, true, NULL);
}

int
do_extlinux (const char *directory)
{
  CLEANUP_FREE char *host = NULL;
  struct fsargs a;

  if (require_program ("extlinux") == -1)
    return -1;
  host = sysroot_realpath (directory);
  if (host == NULL) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  fsargs_init (&a);
  fsargs_add (&a, "extlinux");
  fsargs_add (&a, "--install");
  fsargs_add (&a, host);
  return fsargs_run (&a, false, NULL);
}

int
do_syslinux (const char *device, const char *directory)
{
  CLEANUP_FREE char *err = NULL;
  struct fsargs a;
  bool dir = (optargs_bitmask & GUESTFS_SYSLINUX_DIRECTORY_BITMASK) &&
    directory[0] != '\0';
  int r;

  if (check_not_mounted (device) == -1 || require_program ("syslinux") == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "syslinux");
  fsargs_add (&a, "--install");
  if (dir) {
    fsargs_add (&a, "--directory");
    fsargs_add (&a, directory);
  }
  fsargs_add (&a, device);
  r = fsargs_runrv (&a, false, NULL, &err);
  if (r == -1)
    return -1;
  if (r != 0)
    return command_error ("syslinux", err);
  /* syslinux writes its files to the root and then moves them with
   * mtools; a directory that does not exist only makes it warn, and
   * still exit 0, with nothing installed where it was asked.
   */
  if (dir && err != NULL && strstr (err, "unable to move") != NULL) {
    reply_with_error_errno (ENOENT, "%s: directory '%s' not found on the "
                            "FAT filesystem", device, directory);
    return -1;
  }
  return 0;
}
