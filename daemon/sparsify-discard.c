/* careen - offline disk-image toolkit */

/**
 * Discarding whole devices: blkdiscard and blkdiscardzeroes, used by
 * virt-sparsify on swap areas, --zero devices and the free extents of
 * volume groups.
 *
 * A discard is sent in slices so that progress can be reported and
 * so that one huge request does not keep the appliance silent for the
 * whole time a slow host takes to punch holes.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "daemon.h"

/* Bytes discarded per ioctl: large enough that the number of requests
 * stays small on big disks, small enough for regular progress.
 */
#define DISCARD_SLICE (INT64_C (256) * 1024 * 1024)

int
do_blkdiscard (const char *device)
{
  uint64_t size, pos = 0;
  int fd;

  if (check_not_mounted (device) == -1)
    return -1;
  /* O_EXCL on a block device: refused while a filesystem, swap or
   * device-mapper table holds it, so blocks in use are never dropped.
   */
  fd = open (device, O_RDWR | O_EXCL | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  if (ioctl (fd, BLKGETSIZE64, &size) == -1) {
    reply_with_perror ("%s: BLKGETSIZE64", device);
    close (fd);
    return -1;
  }
  while (pos < size) {
    uint64_t range[2];

    range[0] = pos;
    range[1] = size - pos < DISCARD_SLICE ? size - pos : DISCARD_SLICE;
    if (ioctl (fd, BLKDISCARD, range) == -1) {
      if (errno == EOPNOTSUPP || errno == ENOTTY)
        reply_with_error_errno (ENOTSUP, "%s: the device does not support "
                                "discard (was the drive added with "
                                "discard enabled?)", device);
      else
        reply_with_perror ("discard: %s", device);
      close (fd);
      return -1;
    }
    pos += range[1];
    notify_progress (pos, size);
  }
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", device);
    return -1;
  }
  return 0;
}

int
do_blkdiscardzeroes (const char *device)
{
  unsigned int zeroes = 0;
  int fd;

  fd = open (device, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  if (ioctl (fd, BLKDISCARDZEROES, &zeroes) == -1) {
    reply_with_perror ("%s: BLKDISCARDZEROES", device);
    close (fd);
    return -1;
  }
  close (fd);
  return zeroes != 0;
}
