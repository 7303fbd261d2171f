/** careen - offline disk-image toolkit
 *
 * virt-sparsify --in-place: the user's image itself is added read-write
 * with discard enabled, and the free space of its filesystems, swap
 * areas and volume groups is discarded (virt-sparsify-guest.c), so
 * that qemu punches holes in a raw file or frees the clusters of a
 * qcow2 image.  Nothing is zeroed by writing (it would allocate the
 * free space instead), except the devices named with --zero.
 *
 * Exit status 3 says that discard is not possible here (the image's
 * format cannot discard, or the appliance cannot trim): copying mode
 * is what the user needs then.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "virt-sparsify.h"

int
sparsify_in_place (struct sparsify *sp)
{
  const char *fstrim[] = { "fstrim", NULL };
  guestfs_h *g;
  struct disk_sizes before, after;
  CLEANUP_FREE char *format = NULL;
  int r;

  if (access (sp->indisk, F_OK) == -1)
    die (EXIT_FAILURE, "disk '%s': %m", sp->indisk);
  /* Checked here to say it plainly: the library would refuse it too. */
  if (access (sp->indisk, R_OK | W_OK) == -1)
    die (EXIT_FAILURE, "--in-place needs to write the disk '%s': %m",
         sp->indisk);

  g = options_create_handle (&sp->o);
  progress_setup (g);
  if (sp->format)
    format = strdup (sp->format);
  else
    format = guestfs_disk_format (g, sp->indisk);
  if (format == NULL) {
    guestfs_close (g);
    return EXIT_FAILURE;
  }
  disk_sizes_get (g, sp->indisk, format, &before);

  if (guestfs_add_drive_opts (g, sp->indisk,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, format,
                              GUESTFS_ADD_DRIVE_OPTS_DISCARD, "enable",
                              -1) == -1) {
    guestfs_close (g);
    die (EXIT_NO_DISCARD, "discard/trim is not supported for this disk "
         "image (format '%s'); use copying mode instead", format);
  }
  if (guestfs_launch (g) == -1) {
    guestfs_close (g);
    return EXIT_FAILURE;
  }
  r = guestfs_feature_available (g, (char **) fstrim);
  if (r == -1) {
    guestfs_close (g);
    return EXIT_FAILURE;
  }
  if (r == 0) {
    guestfs_shutdown (g);
    guestfs_close (g);
    die (EXIT_NO_DISCARD, "discard/trim is not supported by the appliance");
  }
  if (options_decrypt (&sp->o, g) == -1 ||
      sparsify_guest (g, sp, true) == -1 ||
      guestfs_shutdown (g) == -1) {
    guestfs_close (g);
    return EXIT_FAILURE;
  }

  disk_sizes_get (g, sp->indisk, format, &after);
  guestfs_close (g);
  message ("Sparsify in-place operation completed with no errors");
  disk_sizes_report (sp->indisk, &before, sp->indisk, &after);
  return EXIT_SUCCESS;
}
