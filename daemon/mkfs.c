/* careen - offline disk-image toolkit */

/**
 * mkfs: make a filesystem with the tool for its type, translating the
 * optional arguments (blocksize, features, inode, sectorsize, label) to
 * that tool's flags.  An optional argument a type has no use for is an
 * error rather than silently ignored.  Superblocks of an older
 * filesystem that the tool left behind are erased afterwards
 * (wipe_other_signatures), so that the new one is all blkid sees.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* Most arguments any mkfs command line below needs. */
#define MKFS_MAX_ARGS 24

struct mkfs_args {
  const char *argv[MKFS_MAX_ARGS + 1];
  size_t n;
  char num[4][32];              /* storage for numeric arguments */
  size_t nnum;
};

static void
add (struct mkfs_args *a, const char *s)
{
  if (a->n < MKFS_MAX_ARGS)
    a->argv[a->n++] = s;
  a->argv[a->n] = NULL;
}

static void
add_num (struct mkfs_args *a, const char *fmt, int v)
{
  char *p = a->num[a->nnum++];

  snprintf (p, sizeof a->num[0], fmt, v);
  add (a, p);
}

static bool
has (uint64_t bit)
{
  return (optargs_bitmask & bit) != 0;
}

static int
unsupported (const char *fstype, const char *optarg)
{
  reply_with_error_errno (EINVAL, "optional argument '%s' is not supported "
                          "for filesystem type %s", optarg, fstype);
  return -1;
}

static bool
is_ext (const char *t)
{
  return strcmp (t, "ext2") == 0 || strcmp (t, "ext3") == 0 ||
    strcmp (t, "ext4") == 0;
}

static bool
is_fat (const char *t)
{
  return strcmp (t, "vfat") == 0 || strcmp (t, "fat") == 0 ||
    strcmp (t, "msdos") == 0;
}

/* Other types are made by "mkfs.TYPE DEVICE" with no options; the name
 * goes into a program name, so it must be plain.
 */
static bool
is_plain_name (const char *t)
{
  size_t i;

  if (*t == '\0' || strlen (t) > 16)
    return false;
  for (i = 0; t[i]; ++i)
    if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= '0' && t[i] <= '9')))
      return false;
  return true;
}

int
do_mkfs (const char *fstype, const char *device, int blocksize,
         const char *features, int inode, int sectorsize, const char *label)
{
  struct mkfs_args a = { .n = 0 };
  CLEANUP_FREE char *err = NULL;
  char prog[32];
  int r;

  if (has (GUESTFS_MKFS_OPTS_BLOCKSIZE_BITMASK) && blocksize <= 0) {
    reply_with_error_errno (EINVAL, "blocksize must be > 0");
    return -1;
  }
  if (has (GUESTFS_MKFS_OPTS_INODE_BITMASK) && inode <= 0) {
    reply_with_error_errno (EINVAL, "inode size must be > 0");
    return -1;
  }
  if (has (GUESTFS_MKFS_OPTS_SECTORSIZE_BITMASK) && sectorsize <= 0) {
    reply_with_error_errno (EINVAL, "sectorsize must be > 0");
    return -1;
  }

  if (is_ext (fstype)) {
    add (&a, "mke2fs");
    add (&a, "-t"); add (&a, fstype);
    add (&a, "-F");
    if (has (GUESTFS_MKFS_OPTS_BLOCKSIZE_BITMASK)) {
      add (&a, "-b"); add_num (&a, "%d", blocksize);
    }
    if (has (GUESTFS_MKFS_OPTS_FEATURES_BITMASK)) {
      add (&a, "-O"); add (&a, features);
    }
    if (has (GUESTFS_MKFS_OPTS_INODE_BITMASK)) {
      add (&a, "-I"); add_num (&a, "%d", inode);
    }
    if (has (GUESTFS_MKFS_OPTS_SECTORSIZE_BITMASK))
      return unsupported (fstype, "sectorsize");
    if (has (GUESTFS_MKFS_OPTS_LABEL_BITMASK)) {
      add (&a, "-L"); add (&a, label);
    }
  }
  else if (strcmp (fstype, "xfs") == 0) {
    add (&a, "mkfs.xfs");
    add (&a, "-f");
    if (has (GUESTFS_MKFS_OPTS_BLOCKSIZE_BITMASK)) {
      add (&a, "-b"); add_num (&a, "size=%d", blocksize);
    }
    if (has (GUESTFS_MKFS_OPTS_FEATURES_BITMASK))
      return unsupported (fstype, "features");
    if (has (GUESTFS_MKFS_OPTS_INODE_BITMASK)) {
      add (&a, "-i"); add_num (&a, "size=%d", inode);
    }
    if (has (GUESTFS_MKFS_OPTS_SECTORSIZE_BITMASK)) {
      add (&a, "-s"); add_num (&a, "size=%d", sectorsize);
    }
    if (has (GUESTFS_MKFS_OPTS_LABEL_BITMASK)) {
      add (&a, "-L"); add (&a, label);
    }
  }
  else if (is_fat (fstype)) {
    int ss = has (GUESTFS_MKFS_OPTS_SECTORSIZE_BITMASK) ? sectorsize : 512;

    add (&a, "mkfs.fat");
    /* -I: a FAT filesystem on a whole disk (no partition) is allowed. */
    add (&a, "-I");
    if (has (GUESTFS_MKFS_OPTS_BLOCKSIZE_BITMASK)) {
      /* FAT counts clusters in sectors. */
      if (blocksize % ss != 0) {
        reply_with_error_errno (EINVAL, "blocksize must be a multiple of "
                                "the sector size (%d)", ss);
        return -1;
      }
      add (&a, "-s"); add_num (&a, "%d", blocksize / ss);
    }
    if (has (GUESTFS_MKFS_OPTS_FEATURES_BITMASK))
      return unsupported (fstype, "features");
    if (has (GUESTFS_MKFS_OPTS_INODE_BITMASK))
      return unsupported (fstype, "inode");
    if (has (GUESTFS_MKFS_OPTS_SECTORSIZE_BITMASK)) {
      add (&a, "-S"); add_num (&a, "%d", sectorsize);
    }
    if (has (GUESTFS_MKFS_OPTS_LABEL_BITMASK)) {
      add (&a, "-n"); add (&a, label);
    }
  }
  else if (strcmp (fstype, "btrfs") == 0) {
    add (&a, "mkfs.btrfs");
    add (&a, "-f");
    if (has (GUESTFS_MKFS_OPTS_BLOCKSIZE_BITMASK))
      return unsupported (fstype, "blocksize");
    if (has (GUESTFS_MKFS_OPTS_FEATURES_BITMASK)) {
      add (&a, "-O"); add (&a, features);
    }
    if (has (GUESTFS_MKFS_OPTS_INODE_BITMASK))
      return unsupported (fstype, "inode");
    if (has (GUESTFS_MKFS_OPTS_SECTORSIZE_BITMASK)) {
      add (&a, "-s"); add_num (&a, "%d", sectorsize);
    }
    if (has (GUESTFS_MKFS_OPTS_LABEL_BITMASK)) {
      add (&a, "-L"); add (&a, label);
    }
  }
  else if (strcmp (fstype, "ntfs") == 0) {
    add (&a, "mkntfs");
    /* -Q: do not zero the whole device (minutes under TCG); -F: a
     * whole disk is allowed.
     */
    add (&a, "-Q");
    add (&a, "-F");
    if (has (GUESTFS_MKFS_OPTS_BLOCKSIZE_BITMASK)) {
      add (&a, "-c"); add_num (&a, "%d", blocksize);
    }
    if (has (GUESTFS_MKFS_OPTS_FEATURES_BITMASK))
      return unsupported (fstype, "features");
    if (has (GUESTFS_MKFS_OPTS_INODE_BITMASK))
      return unsupported (fstype, "inode");
    if (has (GUESTFS_MKFS_OPTS_SECTORSIZE_BITMASK)) {
      add (&a, "-s"); add_num (&a, "%d", sectorsize);
    }
    if (has (GUESTFS_MKFS_OPTS_LABEL_BITMASK)) {
      add (&a, "-L"); add (&a, label);
    }
  }
  else if (is_plain_name (fstype)) {
    if (optargs_bitmask != 0) {
      reply_with_error_errno (EINVAL, "optional arguments are not supported "
                              "for filesystem type %s", fstype);
      return -1;
    }
    snprintf (prog, sizeof prog, "mkfs.%s", fstype);
    if (!program_exists (prog)) {
      reply_with_error_errno (ENOTSUP, "unsupported filesystem type: %s",
                              fstype);
      return -1;
    }
    add (&a, prog);
  }
  else {
    reply_with_error_errno (ENOTSUP, "unsupported filesystem type: %s",
                            fstype);
    return -1;
  }
  add (&a, device);

  if (check_not_mounted (device) == -1)
    return -1;

  /* mkfs of a big filesystem takes long under TCG: show it is alive. */
  command_pulse = true;
  r = commandv (NULL, &err, a.argv);
  command_pulse = false;
  if (r == -1)
    return command_error (a.argv[0], err);
  /* The new filesystem must be the only one blkid finds. */
  return wipe_other_signatures (device, is_fat (fstype) ? "vfat" : fstype);
}
