/* careen - offline disk-image toolkit */

/**
 * is_whole_device: whether a block device is one of the disks, told
 * from sysfs.  A disk's directory has a "device" link to the hardware
 * (here the virtio-scsi target); partitions have a "partition" file
 * instead, and the devices built on disks (device mapper, md, loop)
 * have neither hardware nor partition number.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "daemon.h"

/* Longest sysfs path built: "/sys/dev/block/MAJ:MIN/partition". */
#define SYSFS_PATH_MAX 96

int
do_is_whole_device (const char *device)
{
  char path[SYSFS_PATH_MAX];
  struct stat st;

  /* /dev/VG/LV is a symbolic link: stat follows it to the node. */
  if (stat (device, &st) == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  snprintf (path, sizeof path, "/sys/dev/block/%u:%u/partition",
            major (st.st_rdev), minor (st.st_rdev));
  if (access (path, F_OK) == 0)
    return 0;
  snprintf (path, sizeof path, "/sys/dev/block/%u:%u/device",
            major (st.st_rdev), minor (st.st_rdev));
  if (access (path, F_OK) == 0)
    return 1;
  if (errno != ENOENT) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}
