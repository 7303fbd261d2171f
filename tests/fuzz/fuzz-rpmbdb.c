/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the reader of RPM's Berkeley DB Packages file
 * (daemon/inspect-apps-rpmbdb.c), which inspection runs on whatever a
 * guest holds at /var/lib/rpm/Packages.  The input is the file; every
 * header blob handed out is read whole, so ASan checks its length.
 */

#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "inspect-apps-rpmbdb.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static volatile unsigned char sink;

static int
each (void *opaque, const unsigned char *blob, size_t len)
{
  size_t i;

  (void) opaque;
  for (i = 0; i < len; ++i)
    sink ^= blob[i];
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  int fd = memfd_create ("Packages", MFD_CLOEXEC);

  if (fd == -1)
    abort ();
  if (size > 0 && write (fd, data, size) != (ssize_t) size)
    abort ();
  if (rpmbdb_each_header (fd, each, NULL) == -1)
    abort ();                   /* nothing fails on a readable file */
  close (fd);
  return 0;
}
