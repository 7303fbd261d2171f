/* careen - offline disk-image toolkit */

/**
 * mount_loop: mounting a filesystem image that is a file in the guest,
 * through a loop device set up here with the loop ioctls (no losetup,
 * so the guest file is opened safely inside sysroot and handed over
 * as a descriptor).  The loop device clears itself when unmounted.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Opens /dev/loop-control, loading the loop module first if needed
 * (there is no udev to do it).  -1 with errno set.
 */
static int
open_loop_control (void)
{
  int fd = open ("/dev/loop-control", O_RDWR | O_CLOEXEC);

  if (fd == -1 && errno == ENOENT) {
    command (NULL, NULL, "modprobe", "loop", NULL);
    fd = open ("/dev/loop-control", O_RDWR | O_CLOEXEC);
  }
  return fd;
}

int
do_mount_loop (const char *file, const char *mountpoint)
{
  CLEANUP_CLOSE int filefd = -1;
  CLEANUP_CLOSE int ctl = -1;
  CLEANUP_CLOSE int loopfd = -1;
  struct loop_config config;
  struct stat st;
  char loopdev[64];
  bool readonly = false;
  int n;

  filefd = sysroot_open (file, O_RDWR | O_CLOEXEC | O_NOCTTY, 0);
  if (filefd == -1 && (errno == EROFS || errno == EACCES)) {
    readonly = true;
    filefd = sysroot_open (file, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  }
  if (filefd == -1) {
    reply_with_perror ("%s", file);
    return -1;
  }
  if (fstat (filefd, &st) == -1) {
    reply_with_perror ("%s", file);
    return -1;
  }
  if (!S_ISREG (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a regular file", file);
    return -1;
  }

  ctl = open_loop_control ();
  if (ctl == -1) {
    reply_with_perror ("/dev/loop-control");
    return -1;
  }
  n = ioctl (ctl, LOOP_CTL_GET_FREE);
  if (n == -1) {
    reply_with_perror ("LOOP_CTL_GET_FREE");
    return -1;
  }
  snprintf (loopdev, sizeof loopdev, "/dev/loop%d", n);
  loopfd = open (loopdev, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
  if (loopfd == -1) {
    reply_with_perror ("%s", loopdev);
    return -1;
  }

  memset (&config, 0, sizeof config);
  config.fd = filefd;
  /* Autoclear: the loop device lets go of the file when its last user
   * (the mount, or our descriptor if the mount fails) goes.
   */
  config.info.lo_flags = LO_FLAGS_AUTOCLEAR | (readonly ? LO_FLAGS_READ_ONLY
                                               : 0);
  if (ioctl (loopfd, LOOP_CONFIGURE, &config) == -1) {
    reply_with_perror ("%s: LOOP_CONFIGURE", loopdev);
    return -1;
  }
  return mount_with_type (readonly ? "ro" : "", NULL, loopdev, mountpoint);
}
