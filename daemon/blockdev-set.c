/* careen - offline disk-image toolkit */

/**
 * The block device settings blockdev_setra and blockdev_setbsz, with
 * the block ioctls directly, as blockdev.c does for the getters.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "daemon.h"

/* Range blockdev_setbsz accepts: the smallest sector size, and the
 * largest block size any Linux filesystem uses.
 */
#define SETBSZ_MIN 512
#define SETBSZ_MAX 65536

int
do_blockdev_setra (const char *device, int sectors)
{
  int fd;

  if (sectors < 0) {
    reply_with_error_errno (EINVAL, "readahead must not be negative: %d",
                            sectors);
    return -1;
  }
  fd = open (device, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("open: %s", device);
    return -1;
  }
  /* BLKRASET takes its value, in 512-byte sectors, by value. */
  if (ioctl (fd, BLKRASET, (unsigned long) sectors) == -1) {
    reply_with_perror ("ioctl: %s: BLKRASET", device);
    close (fd);
    return -1;
  }
  close (fd);
  return 0;
}

int
do_blockdev_setbsz (const char *device, int blocksize)
{
  /* Nothing to do (see the call's documentation): a BLKBSZSET made
   * here would be undone by the kernel at the device's next first
   * open, so only the arguments are checked.  The device was checked
   * by the dispatcher.
   */
  (void) device;
  if (blocksize < SETBSZ_MIN || blocksize > SETBSZ_MAX ||
      (blocksize & (blocksize - 1)) != 0) {
    reply_with_error_errno (EINVAL, "block size must be a power of two "
                            "from %d to %d: %d", SETBSZ_MIN, SETBSZ_MAX,
                            blocksize);
    return -1;
  }
  return 0;
}
