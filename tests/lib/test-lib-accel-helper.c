/** careen - offline disk-image toolkit
 *
 * Helper of test-lib-accel.sh: one verbose launch of a null disk, then
 * shutdown.  The debug messages (accelerator choice) go to stderr.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "guestfs.h"

int
main (void)
{
  guestfs_h *g = guestfs_create ();

  if (g == NULL)
    exit (EXIT_FAILURE);
  guestfs_set_verbose (g, 1);
  if (guestfs_add_drive (g, "/dev/null") == -1 ||
      guestfs_launch (g) == -1 ||
      guestfs_shutdown (g) == -1)
    exit (EXIT_FAILURE);
  guestfs_close (g);
  exit (EXIT_SUCCESS);
}
