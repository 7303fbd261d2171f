/** careen - offline disk-image toolkit
 * Compile-only test of the generated public header: a program written
 * for libguestfs, using the feature macros, optional arguments, structs
 * and events, must build as strict C99 and as C++ (test-generator.sh).
 */

#include <stdio.h>
#include <stdlib.h>

#include "guestfs.h"

#if !defined GUESTFS_HAVE_ADD_DRIVE_OPTS || !defined LIBGUESTFS_HAVE_MKFS_OPTS
#error "feature test macros missing"
#endif

static void
on_progress (guestfs_h *g, void *opaque, uint64_t event, int event_handle,
             int flags, const char *buf, size_t buf_len,
             const uint64_t *array, size_t array_len)
{
  (void) g; (void) opaque; (void) event; (void) event_handle; (void) flags;
  (void) buf; (void) buf_len; (void) array; (void) array_len;
}

int
main (void)
{
  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  struct guestfs_partition_list *parts;
  struct guestfs_add_drive_opts_argv optargs;
  char **fses;
  size_t size;
  char *buf;

  if (g == NULL)
    return 1;
  guestfs_set_event_callback (g, on_progress, GUESTFS_EVENT_PROGRESS, 0, NULL);
  guestfs_add_drive_opts (g, "disk.img",
                          GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                          GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                          -1);
  optargs.bitmask = GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK;
  optargs.format = "qcow2";
  guestfs_add_drive_opts_argv (g, "other.qcow2", &optargs);
  guestfs_add_drive (g, "third.img");
  guestfs_launch (g);
  guestfs_mkfs_opts (g, "ext4", "/dev/sda1", GUESTFS_MKFS_OPTS_LABEL, "root", -1);
  guestfs_mkfs (g, "xfs", "/dev/sda2");
  guestfs_umount_opts (g, "/", GUESTFS_UMOUNT_OPTS_LAZYUNMOUNT, 1, -1);
  parts = guestfs_part_list (g, "/dev/sda");
  if (parts != NULL && parts->len > 0)
    printf ("%d\n", parts->val[0].part_num);
  guestfs_free_partition_list (parts);
  fses = guestfs_list_filesystems (g);
  free (fses);
  buf = guestfs_read_file (g, "/etc/hostname", &size);
  free (buf);
  guestfs_write (g, "/hello", "hi\n", 3);
  guestfs_close (g);
  return 0;
}
