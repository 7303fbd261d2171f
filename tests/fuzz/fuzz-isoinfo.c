/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the daemon's ISO 9660 reader (daemon/isoinfo.c,
 * isoinfo and isoinfo_device), which reads volume descriptors of images
 * from the guest inside the appliance.  The input is the image from
 * its first volume descriptor on (sector 16: the system area before it
 * is never read), given to the reader as a file.  Beyond memory errors
 * it checks what the reader promises: identifier strings no longer
 * than their fields and without the padding, and either an error
 * reply or a result, never both or neither.
 */

#include <config.h>

#define _GNU_SOURCE 1

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "daemon.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Where the volume descriptors start in an image (16 sectors). */
#define SYSTEM_AREA (16 * 2048)
/* Longest identifier field of the primary volume descriptor. */
#define LONGEST_ID 128

/* The daemon's replies, counted: the reader must reply exactly when
 * it fails.
 */
static unsigned replies;

void
reply_with_error_errno (int err, const char *fs, ...)
{
  replies++;
}

void
reply_with_perror (const char *fs, ...)
{
  replies++;
}

/* isoinfo on a guest path is not what is fuzzed here. */
int
open_guest_file (const char *path, int flags, unsigned mode)
{
  errno = ENOENT;
  return -1;
}

static void
check_id (const char *s)
{
  size_t n = strlen (s);

  if (n > LONGEST_ID || (n > 0 && s[n-1] == ' '))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static int fd = -1;
  static char path[64];
  struct guestfs_isoinfo *r;

  if (fd == -1) {
    fd = memfd_create ("fuzz-isoinfo", MFD_CLOEXEC);
    if (fd == -1)
      abort ();
    snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  }
  if (ftruncate (fd, 0) == -1 || ftruncate (fd, SYSTEM_AREA) == -1 ||
      pwrite (fd, data, size, SYSTEM_AREA) != (ssize_t) size)
    abort ();

  replies = 0;
  r = do_isoinfo_device (path);
  if ((r == NULL) != (replies == 1) || replies > 1)
    abort ();
  if (r != NULL) {
    check_id (r->iso_system_id);
    check_id (r->iso_volume_id);
    check_id (r->iso_volume_set_id);
    check_id (r->iso_publisher_id);
    check_id (r->iso_data_preparer_id);
    check_id (r->iso_application_id);
    check_id (r->iso_copyright_file_id);
    check_id (r->iso_abstract_file_id);
    check_id (r->iso_bibliographic_file_id);
    guestfs_free_isoinfo (r);
  }
  return 0;
}
