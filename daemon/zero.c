/* careen - offline disk-image toolkit */

/**
 * Zeroing and discarding: zero (the head of a device), zero_device
 * (all of it), zero_free_space (of a mounted filesystem), zerofree
 * (free blocks of an unmounted ext2/3/4) and fstrim.
 *
 * zero and zero_device read each block first and write only those
 * that are not zero already: reading a sparse image is cheap, and
 * writing zeroes into its holes would allocate them.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "daemon.h"

/* The unit zeroed at a time. */
#define ZERO_BLOCK (1024 * 1024)

/* How much of the start of a device "zero" clears: partition tables,
 * LVM and RAID labels and filesystem superblocks (btrfs's is at 64 KiB)
 * all live in the first mebibyte.
 */
#define ZERO_HEAD_SIZE (1024 * 1024)

/* zero_free_space: files of at most this size are filled, so that
 * filesystems with a file size limit (FAT: 4 GiB) fill up too.
 */
#define ZERO_FILE_MAX (INT64_C(1) << 31)
/* ... and at most this many of them (bounds the loop). */
#define ZERO_FILES_MAX 65536

static bool
all_zero (const char *buf, size_t len)
{
  static const char z[4096];
  size_t i;

  for (i = 0; i < len; i += sizeof z) {
    size_t n = len - i < sizeof z ? len - i : sizeof z;
    if (memcmp (buf + i, z, n) != 0)
      return false;
  }
  return true;
}

/* Zeroes [0, limit) of device (limit -1: the whole device), with
 * progress.  -1 after replying.
 */
static int
zero_range (const char *device, int64_t limit)
{
  CLEANUP_FREE char *buf = malloc (ZERO_BLOCK);
  uint64_t size, pos = 0;
  int fd;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  fd = open (device, O_RDWR | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  if (ioctl (fd, BLKGETSIZE64, &size) == -1) {
    reply_with_perror ("%s: BLKGETSIZE64", device);
    close (fd);
    return -1;
  }
  if (limit >= 0 && (uint64_t) limit < size)
    size = limit;

  while (pos < size) {
    size_t n = size - pos < ZERO_BLOCK ? size - pos : ZERO_BLOCK;
    ssize_t r = pread (fd, buf, n, pos);

    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0) {
      if (r == 0)
        errno = EIO;
      reply_with_perror ("read: %s", device);
      close (fd);
      return -1;
    }
    if (!all_zero (buf, r)) {
      memset (buf, 0, r);
      if (pwrite (fd, buf, r, pos) != r) {
        reply_with_perror ("write: %s", device);
        close (fd);
        return -1;
      }
    }
    pos += r;
    notify_progress (pos, size);
  }
  if (fsync (fd) == -1) {
    reply_with_perror ("fsync: %s", device);
    close (fd);
    return -1;
  }
  /* Partitions and the whole disk have separate caches: drop this
   * one's so that nothing stale is read back through another.
   */
  ioctl (fd, BLKFLSBUF, 0);
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", device);
    return -1;
  }
  return 0;
}

int
do_zero (const char *device)
{
  return zero_range (device, ZERO_HEAD_SIZE);
}

int
do_zero_device (const char *device)
{
  return zero_range (device, -1);
}

/* Fills fd with zeroes until the filesystem is full or the file
 * reaches ZERO_FILE_MAX.  Returns 1 when full, 0 when the file is at
 * its limit, -1 on other errors (errno set).
 */
static int
fill (int fd, const char *buf, uint64_t *done, uint64_t total)
{
  int64_t written = 0;

  while (written < ZERO_FILE_MAX) {
    ssize_t r = write (fd, buf, ZERO_BLOCK);

    if (r == -1) {
      if (errno == EINTR)
        continue;
      if (errno == ENOSPC)
        return 1;
      if (errno == EFBIG)
        return 0;
      return -1;
    }
    written += r;
    *done += r;
    notify_progress (*done < total ? *done : total, total);
  }
  return 0;
}

int
do_zero_free_space (const char *directory)
{
  CLEANUP_CLOSE int dirfd = -1;
  CLEANUP_FREE char *buf = NULL;
  struct statvfs sv;
  uint64_t total, done = 0;
  int i, r = 0;

  dirfd = sysroot_open (directory, O_DIRECTORY | O_RDONLY, 0);
  if (dirfd == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  if (fstatvfs (dirfd, &sv) == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  total = (uint64_t) sv.f_bavail * sv.f_frsize;
  if (total == 0)
    total = 1;
  buf = calloc (1, ZERO_BLOCK);
  if (buf == NULL) {
    reply_with_perror ("calloc");
    return -1;
  }

  /* Each file is removed as soon as it is made: its blocks stay
   * allocated while it is open, and nothing is left behind if the
   * appliance dies.
   */
  for (i = 0; i < ZERO_FILES_MAX && r == 0; ++i) {
    char name[64];
    int fd;

    snprintf (name, sizeof name, ".careen-zero-free-space-%d-%d",
              (int) getpid (), i);
    fd = openat (dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                 O_CLOEXEC, 0600);
    if (fd == -1) {
      /* A full filesystem may not even have room for the file. */
      if (errno == ENOSPC && i > 0)
        break;
      reply_with_perror ("%s/%s", directory, name);
      return -1;
    }
    if (unlinkat (dirfd, name, 0) == -1) {
      reply_with_perror ("%s/%s", directory, name);
      close (fd);
      return -1;
    }
    r = fill (fd, buf, &done, total);
    if (r == -1) {
      reply_with_perror ("write: %s", directory);
      close (fd);
      return -1;
    }
    /* The zeroes must reach the disk before the blocks are freed. */
    if (fsync (fd) == -1 && errno != ENOSPC) {
      reply_with_perror ("fsync: %s", directory);
      close (fd);
      return -1;
    }
    close (fd);
  }
  return 0;
}

int
do_zerofree (const char *device)
{
  struct fsargs a;

  if (check_not_mounted (device) == -1 || require_program ("zerofree") == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "zerofree");
  fsargs_add (&a, device);
  return fsargs_run (&a, true, NULL);
}

int
do_fstrim (const char *mountpoint, int64_t offset, int64_t length,
           int64_t minimumfreeextent)
{
  CLEANUP_FREE char *mp = NULL;
  struct fstrim_range range = { .start = 0, .len = UINT64_MAX, .minlen = 0 };
  int fd;

  if ((optargs_bitmask & GUESTFS_FSTRIM_OFFSET_BITMASK) && offset < 0) {
    reply_with_error_errno (EINVAL, "offset must be >= 0");
    return -1;
  }
  if ((optargs_bitmask & GUESTFS_FSTRIM_LENGTH_BITMASK) && length <= 0) {
    reply_with_error_errno (EINVAL, "length must be > 0");
    return -1;
  }
  if ((optargs_bitmask & GUESTFS_FSTRIM_MINIMUMFREEEXTENT_BITMASK) &&
      minimumfreeextent < 0) {
    reply_with_error_errno (EINVAL, "minimumfreeextent must be >= 0");
    return -1;
  }
  if (optargs_bitmask & GUESTFS_FSTRIM_OFFSET_BITMASK)
    range.start = offset;
  if (optargs_bitmask & GUESTFS_FSTRIM_LENGTH_BITMASK)
    range.len = length;
  if (optargs_bitmask & GUESTFS_FSTRIM_MINIMUMFREEEXTENT_BITMASK)
    range.minlen = minimumfreeextent;

  /* FITRIM works on the filesystem of any file in it; asking for the
   * mountpoint keeps the meaning of the call.
   */
  mp = host_mountpoint (mountpoint);
  if (mp == NULL)
    return -1;
  fd = sysroot_open (mountpoint, O_DIRECTORY | O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  /* Writes still in the cache would be trimmed after the fact. */
  syncfs (fd);
  if (ioctl (fd, FITRIM, &range) == -1) {
    if (errno == EOPNOTSUPP || errno == ENOTTY)
      reply_with_error_errno (ENOTSUP, "%s: the filesystem or its device "
                              "does not support discard", mountpoint);
    else
      reply_with_perror ("FITRIM %s", mountpoint);
    close (fd);
    return -1;
  }
  close (fd);
  return 0;
}
