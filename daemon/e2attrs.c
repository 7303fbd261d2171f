/* careen - offline disk-image toolkit */

/**
 * ext2-style inode flags and generation numbers: get_e2attrs,
 * set_e2attrs, get_e2generation and set_e2generation, through the FS_IOC_* ioctls rather
 * than lsattr/chattr, so there is no tool output to parse.
 *
 * An ioctl needs a real descriptor, and opening a guest device node
 * would open an appliance device: the path is resolved to an O_PATH
 * descriptor first, its type checked, and only regular files and
 * directories are reopened (through /proc/self/fd) for the ioctl.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* The flags, in the order lsattr(1) prints them, with its letters. */
static const struct {
  char letter;
  unsigned flag;
} e2flags[] = {
  { 's', FS_SECRM_FL },
  { 'u', FS_UNRM_FL },
  { 'S', FS_SYNC_FL },
  { 'D', FS_DIRSYNC_FL },
  { 'i', FS_IMMUTABLE_FL },
  { 'a', FS_APPEND_FL },
  { 'd', FS_NODUMP_FL },
  { 'A', FS_NOATIME_FL },
  { 'c', FS_COMPR_FL },
  { 'E', FS_ENCRYPT_FL },
  { 'j', FS_JOURNAL_DATA_FL },
  { 'I', FS_INDEX_FL },
  { 't', FS_NOTAIL_FL },
  { 'T', FS_TOPDIR_FL },
  { 'e', FS_EXTENT_FL },
  { 'C', FS_NOCOW_FL },
  { 'x', FS_DAX_FL },
  { 'F', FS_CASEFOLD_FL },
  { 'N', FS_INLINE_DATA_FL },
  { 'P', FS_PROJINHERIT_FL },
  { 'V', FS_VERITY_FL },
  { 'm', FS_NOCOMP_FL },
};
#define NR_E2FLAGS (sizeof e2flags / sizeof e2flags[0])

/* Opens file (following symlinks inside the guest) for an inode ioctl.
 * Replies and returns -1 on error.
 */
static int
open_for_ioctl (const char *file)
{
  char proc[64];
  struct stat st;
  int pfd, fd;

  pfd = sysroot_open (file, O_PATH, 0);
  if (pfd == -1 || fstat (pfd, &st) == -1) {
    reply_with_perror ("%s", file);
    if (pfd >= 0)
      close (pfd);
    return -1;
  }
  if (!S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: only regular files and directories "
                            "have inode flags", file);
    close (pfd);
    return -1;
  }
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", pfd);
  fd = open (proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd == -1)
    reply_with_perror ("%s", file);
  close (pfd);
  return fd;
}

/* An inode ioctl failed: say so, naming a filesystem without support
 * plainly rather than as "inappropriate ioctl for device".
 */
static void
reply_ioctl_error (const char *file, const char *what)
{
  if (errno == ENOTTY || errno == EOPNOTSUPP)
    reply_with_error_errno (ENOTSUP, "%s: the filesystem has no %s", file,
                            what);
  else
    reply_with_perror ("%s: %s", file, what);
}

char *
do_get_e2attrs (const char *file)
{
  char *r;
  size_t i, n = 0;
  int fd, flags;

  fd = open_for_ioctl (file);
  if (fd == -1)
    return NULL;
  if (ioctl (fd, FS_IOC_GETFLAGS, &flags) == -1) {
    reply_ioctl_error (file, "inode flags");
    close (fd);
    return NULL;
  }
  close (fd);

  r = malloc (NR_E2FLAGS + 1);
  if (r == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  for (i = 0; i < NR_E2FLAGS; ++i)
    if ((unsigned) flags & e2flags[i].flag)
      r[n++] = e2flags[i].letter;
  r[n] = '\0';
  return r;
}

int
do_set_e2attrs (const char *file, const char *attrs, int clear)
{
  unsigned mask = 0;
  const char *p;
  int fd, flags;

  for (p = attrs; *p; ++p) {
    size_t i;

    for (i = 0; i < NR_E2FLAGS; ++i)
      if (e2flags[i].letter == *p)
        break;
    if (i == NR_E2FLAGS) {
      reply_with_error_errno (EINVAL, "%s: unknown inode flag '%c'", attrs,
                              *p);
      return -1;
    }
    mask |= e2flags[i].flag;
  }

  fd = open_for_ioctl (file);
  if (fd == -1)
    return -1;
  if (ioctl (fd, FS_IOC_GETFLAGS, &flags) == -1) {
    reply_ioctl_error (file, "inode flags");
    close (fd);
    return -1;
  }
  if (clear)
    flags = (int) ((unsigned) flags & ~mask);
  else
    flags = (int) ((unsigned) flags | mask);
  if (ioctl (fd, FS_IOC_SETFLAGS, &flags) == -1) {
    reply_ioctl_error (file, "inode flags");
    close (fd);
    return -1;
  }
  close (fd);
  return 0;
}

int64_t
do_get_e2generation (const char *file)
{
  int fd, gen;

  fd = open_for_ioctl (file);
  if (fd == -1)
    return -1;
  if (ioctl (fd, FS_IOC_GETVERSION, &gen) == -1) {
    reply_ioctl_error (file, "generation numbers");
    close (fd);
    return -1;
  }
  close (fd);
  /* The kernel keeps a 32-bit unsigned number. */
  return (unsigned) gen;
}

int
do_set_e2generation (const char *file, int64_t generation)
{
  unsigned gen;
  int fd;

  if (generation < 0 || generation > UINT32_MAX) {
    reply_with_error_errno (EINVAL, "%s: generation %" PRIi64 " does not "
                            "fit in 32 bits", file, generation);
    return -1;
  }
  gen = (unsigned) generation;
  fd = open_for_ioctl (file);
  if (fd == -1)
    return -1;
  if (ioctl (fd, FS_IOC_SETVERSION, &gen) == -1) {
    /* ext4 with metadata checksums refuses: the checksums are seeded
     * with the generation.
     */
    if (errno == ENOTTY || errno == EOPNOTSUPP)
      reply_with_error_errno (ENOTSUP, "%s: the filesystem does not allow "
                              "changing generation numbers", file);
    else
      reply_with_perror ("%s: generation", file);
    close (fd);
    return -1;
  }
  close (fd);
  return 0;
}
