/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the library's disk-image header parsers: the
 * format probe (lib/probe.c: qcow2, QED, VMDK, VDI, VHDX, VPC, raw) and
 * the disk_format / disk_virtual_size / disk_has_backing_file readers
 * (lib/disk-info.c, which also parse VMDK descriptors and VPC footers).
 * Both run on the host, on the first bytes of an image the user did
 * not make.
 *
 * The input is the image file itself, held in a memfd and named by
 * its /proc/self/fd path.  VHDX images are handed to qemu-img by
 * disk-info.c, which is not ours to fuzz (and too slow per input), so
 * for those only the probe runs.
 */

#include <config.h>

#define _GNU_SOURCE 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guestfs.h"
#include "guestfs-internal.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guestfs_h *g;

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char path[64];
  const char *format;
  int fd;

  if (g == NULL) {
    g = guestfs_create ();
    if (g == NULL)
      abort ();
    guestfs_set_error_handler (g, NULL, NULL);
  }

  fd = memfd_create ("image", MFD_CLOEXEC);
  if (fd == -1 || write (fd, data, size) != (ssize_t) size)
    abort ();
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);

  (void) guestfs_int_probe_format (g, path, &format);
  if (size < 8 || memcmp (data, "vhdxfile", 8) != 0) {
    free (guestfs_disk_format (g, path));
    (void) guestfs_disk_virtual_size (g, path);
    (void) guestfs_disk_has_backing_file (g, path);
  }
  close (fd);
  return 0;
}
