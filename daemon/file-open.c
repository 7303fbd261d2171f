/* careen - offline disk-image toolkit */

/**
 * Opening guest files for the calls that read or write their contents.
 *
 * A guest path can name a FIFO or a device node as well as a file.  A
 * FIFO blocks whoever opens or reads it (a host tool given
 * /proc/PID/fd/N opens it afresh, with no writer to come), and a device
 * node names one of the appliance's own devices, not the guest's: a
 * "c 1 5" node reads zeroes forever, and merely opening some devices
 * has side effects.  So the object is examined through an O_PATH
 * descriptor first, and opened for real only when it is a regular file.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

int
open_guest_file (const char *path, int flags, unsigned mode)
{
  char link[64];
  struct stat st;
  int pfd, fd, err;

  pfd = sysroot_open (path, O_PATH, 0);
  if (pfd == -1) {
    if (errno != ENOENT || !(flags & O_CREAT))
      return -1;
    /* A new file: nothing else can be there. */
    return sysroot_open (path, flags | O_NOCTTY | O_NONBLOCK, mode);
  }
  if (fstat (pfd, &st) == -1)
    goto error;
  if (S_ISDIR (st.st_mode)) {
    errno = EISDIR;
    goto error;
  }
  if (!S_ISREG (st.st_mode)) {
    errno = EINVAL;
    goto error;
  }
  /* Reopening the O_PATH descriptor opens that very inode.  O_CREAT
   * has nothing left to do, and O_EXCL would wrongly fail.
   */
  snprintf (link, sizeof link, "/proc/self/fd/%d", pfd);
  fd = open (link, (flags & ~(O_CREAT | O_EXCL)) | O_NOCTTY | O_NONBLOCK |
             O_CLOEXEC);
  err = errno;
  close (pfd);
  errno = err;
  return fd;

 error:
  err = errno;
  close (pfd);
  errno = err;
  return -1;
}
