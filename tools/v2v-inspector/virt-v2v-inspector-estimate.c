/** careen - offline disk-image toolkit
 *
 * virt-v2v-inspector: the size of each converted disk.  After the
 * conversion and the trim, an overlay reads as the output will be
 * written; the blocks qemu-img map reports as data (neither holes nor
 * zeroes, in the overlay or the disk behind it) are what virt-v2v
 * copies to a sparse output, so their sum is the estimate.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spawn.h"
#include "virt-v2v-inspector.h"

/* Adds up one line of qemu-img map --output=json:
 *   { "start": 0, "length": 147456, ..., "zero": false, "data": true, ...}
 */
static void
add_map_line (const char *line, uint64_t *allocated)
{
  const char *p = strstr (line, "\"length\":");
  uint64_t len;

  if (p == NULL || strstr (line, "\"data\": true") == NULL ||
      strstr (line, "\"zero\": true") != NULL)
    return;
  if (sscanf (p + 9, " %" SCNu64, &len) == 1)
    *allocated += len;
}

int
estimate_allocated (const char *overlay, uint64_t *allocated)
{
  const char *argv[] = { QEMU_IMG, "map", "--output=json", "-f", "qcow2",
                         overlay, NULL };
  struct spawn sp;
  FILE *fp;
  char *line = NULL;
  size_t n = 0;
  int status;

  *allocated = 0;
  spawn_init (&sp, v2v_program (), (char *const *) argv);
  sp.fd[1] = SPAWN_PIPE;
  if (spawn_start (&sp) == -1)
    return -1;
  fp = fdopen (sp.pipe[1], "r");
  if (fp == NULL) {
    v2v_error ("fdopen: %s", strerror (errno));
    spawn_wait (&sp);
    return -1;
  }
  sp.pipe[1] = -1;
  while (getline (&line, &n, fp) != -1)
    add_map_line (line, allocated);
  free (line);
  fclose (fp);
  status = spawn_wait (&sp);
  if (status != 0) {
    if (status > 0)
      v2v_error ("qemu-img map of '%s' failed (exit status %d)", overlay,
                 status);
    return -1;
  }
  return 0;
}

int
estimate_virtual_size (const char *overlay, uint64_t *size)
{
  guestfs_h *g = guestfs_create ();
  int64_t r;

  if (g == NULL) {
    v2v_error ("guestfs_create: %s", strerror (errno));
    return -1;
  }
  r = guestfs_disk_virtual_size (g, overlay);
  guestfs_close (g);
  if (r == -1)
    return -1;
  *size = r;
  return 0;
}
