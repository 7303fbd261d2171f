/** careen - offline disk-image toolkit
 *
 * Test helper for guestfish's tar extractor (fish/untar.c), which
 * copy-out uses on archives that come from the guest:
 *
 *   test-fish-untar-main ARCHIVE DIRECTORY
 *
 * extracts ARCHIVE into the existing DIRECTORY and exits with 0 when
 * fish_untar succeeded, 1 when it reported an error.
 * test-fish-untar.sh feeds it hostile archives.
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fish.h"

/* untar.c needs none of guestfish's state but the handle's name. */
guestfs_h *g;

int
main (int argc, char *argv[])
{
  int in, dirfd;

  if (argc != 3) {
    fprintf (stderr, "usage: %s ARCHIVE DIRECTORY\n", argv[0]);
    exit (EXIT_FAILURE);
  }
  in = open (argv[1], O_RDONLY | O_CLOEXEC);
  if (in == -1) {
    perror (argv[1]);
    exit (EXIT_FAILURE);
  }
  dirfd = open (argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd == -1) {
    perror (argv[2]);
    exit (EXIT_FAILURE);
  }
  exit (fish_untar ("untar", in, dirfd) == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
