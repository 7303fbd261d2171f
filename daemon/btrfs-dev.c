/* careen - offline disk-image toolkit */

/**
 * btrfs calls on whole filesystems and their devices, driving
 * btrfs-progs: mkfs_btrfs, device add/delete/replace, show, sync,
 * balance, scrub, defragment, check, rescue, seeding and btrfstune
 * features.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* Most devices one btrfs filesystem is listed with: btrfs-progs has no
 * fixed limit, but a reply must stay bounded.
 */
#define BTRFS_MAX_DEVICES 1024

/* Starts "btrfs SUB1 SUB2" in a. */
static void
btrfs_args (struct fsargs *a, const char *sub1, const char *sub2)
{
  fsargs_init (a);
  fsargs_add (a, "btrfs");
  fsargs_add (a, sub1);
  if (sub2)
    fsargs_add (a, sub2);
}

/* "btrfs SUB1 SUB2 HOSTPATH" on a guest path; 0 or -1 after replying. */
static int
btrfs_on_path (const char *sub1, const char *sub2, const char *path,
               bool pulse)
{
  CLEANUP_FREE char *hp = sysroot_realpath (path);
  struct fsargs a;

  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return -1;
  }
  btrfs_args (&a, sub1, sub2);
  fsargs_add (&a, hp);
  return fsargs_run (&a, pulse, NULL);
}

/* -1 after replying unless every device is unmounted. */
static int
check_devices_unmounted (char *const *devices)
{
  size_t i;

  if (devices[0] == NULL) {
    reply_with_error_errno (EINVAL, "list of devices must be non-empty");
    return -1;
  }
  for (i = 0; devices[i] != NULL; ++i)
    if (check_not_mounted (devices[i]) == -1)
      return -1;
  return 0;
}

int
do_mkfs_btrfs (char *const *devices, int64_t allocstart, int64_t bytecount,
               const char *datatype, int leafsize, const char *label,
               const char *metadata, int nodesize, int sectorsize)
{
  struct fsargs a;
  size_t i;

  if (check_devices_unmounted (devices) == -1)
    return -1;
  if (optargs_bitmask & GUESTFS_MKFS_BTRFS_ALLOCSTART_BITMASK) {
    reply_with_error_errno (ENOTSUP, "allocstart is not supported by "
                            "mkfs.btrfs any more");
    return -1;
  }
  if ((optargs_bitmask & GUESTFS_MKFS_BTRFS_BYTECOUNT_BITMASK) &&
      bytecount <= 0) {
    reply_with_error_errno (EINVAL, "bytecount must be > 0");
    return -1;
  }
  /* leafsize is the old name of nodesize: both mean -n. */
  if ((optargs_bitmask & GUESTFS_MKFS_BTRFS_LEAFSIZE_BITMASK) &&
      !(optargs_bitmask & GUESTFS_MKFS_BTRFS_NODESIZE_BITMASK)) {
    nodesize = leafsize;
    optargs_bitmask |= GUESTFS_MKFS_BTRFS_NODESIZE_BITMASK;
  }
  if (((optargs_bitmask & GUESTFS_MKFS_BTRFS_NODESIZE_BITMASK) &&
       nodesize <= 0) ||
      ((optargs_bitmask & GUESTFS_MKFS_BTRFS_SECTORSIZE_BITMASK) &&
       sectorsize <= 0)) {
    reply_with_error_errno (EINVAL, "nodesize and sectorsize must be > 0");
    return -1;
  }

  fsargs_init (&a);
  fsargs_add (&a, "mkfs.btrfs");
  /* -f: the devices' old contents are what the caller asked to lose. */
  fsargs_add (&a, "-f");
  if (optargs_bitmask & GUESTFS_MKFS_BTRFS_BYTECOUNT_BITMASK)
    fsargs_addf (&a, "-b%" PRIi64, bytecount);
  if (optargs_bitmask & GUESTFS_MKFS_BTRFS_DATATYPE_BITMASK) {
    fsargs_add (&a, "-d");
    fsargs_add (&a, datatype);
  }
  if (optargs_bitmask & GUESTFS_MKFS_BTRFS_LABEL_BITMASK) {
    fsargs_add (&a, "-L");
    fsargs_add (&a, label);
  }
  if (optargs_bitmask & GUESTFS_MKFS_BTRFS_METADATA_BITMASK) {
    fsargs_add (&a, "-m");
    fsargs_add (&a, metadata);
  }
  if (optargs_bitmask & GUESTFS_MKFS_BTRFS_NODESIZE_BITMASK)
    fsargs_addf (&a, "-n%d", nodesize);
  if (optargs_bitmask & GUESTFS_MKFS_BTRFS_SECTORSIZE_BITMASK)
    fsargs_addf (&a, "-s%d", sectorsize);
  fsargs_add (&a, "--");
  for (i = 0; devices[i] != NULL; ++i)
    fsargs_add (&a, devices[i]);
  if (fsargs_run (&a, true, NULL) == -1)
    return -1;
  for (i = 0; devices[i] != NULL; ++i)
    if (wipe_other_signatures (devices[i], "btrfs") == -1)
      return -1;
  return 0;
}

int
do_btrfs_filesystem_sync (const char *fs)
{
  return btrfs_on_path ("filesystem", "sync", fs, false);
}

int
do_btrfs_filesystem_balance (const char *fs)
{
  CLEANUP_FREE char *hp = sysroot_realpath (fs);
  struct fsargs a;

  if (hp == NULL) {
    reply_with_perror ("%s", fs);
    return -1;
  }
  /* --full-balance: without it recent btrfs-progs wait 10 seconds
   * before starting, to let a human at a terminal change their mind.
   */
  btrfs_args (&a, "balance", "start");
  fsargs_add (&a, "--full-balance");
  fsargs_add (&a, hp);
  return fsargs_run (&a, true, NULL);
}

char **
do_btrfs_filesystem_show (const char *device)
{
  CLEANUP_FREE char *out = NULL;
  struct stringsbuf sb;
  struct fsargs a;
  char *line, *save = NULL;
  size_t n = 0;

  btrfs_args (&a, "filesystem", "show");
  fsargs_add (&a, device);
  if (fsargs_run (&a, false, &out) == -1)
    return NULL;

  /* "\tdevid    1 size 1.00GiB used 0.00B path /dev/sda" per device, and
   * "*** Some devices missing" when one is absent.
   */
  if (strstr (out, "devices missing") != NULL ||
      strstr (out, "<missing disk") != NULL) {
    reply_with_error_errno (ENODEV, "%s: some devices of the filesystem are "
                            "missing", device);
    return NULL;
  }
  stringsbuf_init (&sb);
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    const char *path = strstr (line, " path ");

    if (strstr (line, "devid ") == NULL || path == NULL)
      continue;
    if (n++ >= BTRFS_MAX_DEVICES)
      break;
    if (stringsbuf_add_string (&sb, path + 6) == -1) {
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  {
    char **r = stringsbuf_finish (&sb);

    if (r == NULL)
      reply_with_perror ("malloc");
    return r;
  }
}

/* "btrfs device add|delete DEVICES... HOSTPATH". */
static int
device_change (const char *what, char *const *devices, const char *fs)
{
  CLEANUP_FREE char *hp = NULL;
  struct fsargs a;
  size_t i;

  if (devices[0] == NULL) {
    reply_with_error_errno (EINVAL, "list of devices must be non-empty");
    return -1;
  }
  hp = sysroot_realpath (fs);
  if (hp == NULL) {
    reply_with_perror ("%s", fs);
    return -1;
  }
  btrfs_args (&a, "device", what);
  /* -f: a device that held another filesystem is what the caller
   * means to give to this one.
   */
  if (strcmp (what, "add") == 0)
    fsargs_add (&a, "-f");
  for (i = 0; devices[i] != NULL; ++i)
    fsargs_add (&a, devices[i]);
  fsargs_add (&a, hp);
  return fsargs_run (&a, true, NULL);
}

int
do_btrfs_device_add (char *const *devices, const char *fs)
{
  size_t i;

  for (i = 0; devices[i] != NULL; ++i)
    if (check_not_mounted (devices[i]) == -1)
      return -1;
  return device_change ("add", devices, fs);
}

int
do_btrfs_device_delete (char *const *devices, const char *fs)
{
  return device_change ("delete", devices, fs);
}

/* btrfstune FLAG DEVICE on an unmounted device. */
static int
btrfstune (const char *flag, const char *device)
{
  struct fsargs a;

  if (check_not_mounted (device) == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "btrfstune");
  fsargs_add (&a, flag);
  fsargs_add (&a, device);
  return fsargs_run (&a, false, NULL);
}

int
do_btrfs_set_seeding (const char *device, int seeding)
{
  struct fsargs a;

  if (check_not_mounted (device) == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "btrfstune");
  fsargs_add (&a, "-S");
  fsargs_add (&a, seeding ? "1" : "0");
  /* Turning seeding off asks for confirmation on stdin. */
  if (!seeding)
    fsargs_add (&a, "-f");
  fsargs_add (&a, device);
  return fsargs_run (&a, false, NULL);
}

int
do_btrfstune_seeding (const char *device, int seeding)
{
  return do_btrfs_set_seeding (device, seeding);
}

int
do_btrfstune_enable_extended_inode_refs (const char *device)
{
  return btrfstune ("-r", device);
}

int
do_btrfstune_enable_skinny_metadata_extent_refs (const char *device)
{
  return btrfstune ("-x", device);
}

int
do_btrfs_fsck (const char *device, int64_t superblock, int repair)
{
  struct fsargs a;

  if (check_not_mounted (device) == -1)
    return -1;
  if ((optargs_bitmask & GUESTFS_BTRFS_FSCK_SUPERBLOCK_BITMASK) &&
      (superblock < 0 || superblock > 2)) {
    reply_with_error_errno (EINVAL, "superblock must be 0, 1 or 2");
    return -1;
  }
  btrfs_args (&a, "check", NULL);
  if (optargs_bitmask & GUESTFS_BTRFS_FSCK_SUPERBLOCK_BITMASK)
    fsargs_addf (&a, "--super=%" PRIi64, superblock);
  if ((optargs_bitmask & GUESTFS_BTRFS_FSCK_REPAIR_BITMASK) && repair) {
    fsargs_add (&a, "--repair");
    /* --force is refused with --repair; "yes" answers its warning. */
  }
  fsargs_add (&a, device);
  if ((optargs_bitmask & GUESTFS_BTRFS_FSCK_REPAIR_BITMASK) && repair)
    return fsargs_run_stdin (&a, true, "y\n", 2);
  return fsargs_run (&a, true, NULL);
}

int
do_btrfs_filesystem_defragment (const char *path, int flush,
                                const char *compress)
{
  CLEANUP_FREE char *hp = sysroot_realpath (path);
  struct fsargs a;

  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if ((optargs_bitmask & GUESTFS_BTRFS_FILESYSTEM_DEFRAGMENT_COMPRESS_BITMASK)
      && strcmp (compress, "zlib") != 0 && strcmp (compress, "lzo") != 0 &&
      strcmp (compress, "zstd") != 0) {
    reply_with_error_errno (EINVAL, "%s: unknown compression, expected zlib, "
                            "lzo or zstd", compress);
    return -1;
  }
  btrfs_args (&a, "filesystem", "defragment");
  fsargs_add (&a, "-r");
  if ((optargs_bitmask & GUESTFS_BTRFS_FILESYSTEM_DEFRAGMENT_FLUSH_BITMASK) &&
      flush)
    fsargs_add (&a, "-f");
  if (optargs_bitmask & GUESTFS_BTRFS_FILESYSTEM_DEFRAGMENT_COMPRESS_BITMASK)
    fsargs_addf (&a, "-c%s", compress);
  fsargs_add (&a, hp);
  return fsargs_run (&a, true, NULL);
}

int
do_btrfs_rescue_chunk_recover (const char *device)
{
  struct fsargs a;

  if (check_not_mounted (device) == -1)
    return -1;
  btrfs_args (&a, "rescue", "chunk-recover");
  fsargs_add (&a, "-y");
  fsargs_add (&a, device);
  return fsargs_run (&a, true, NULL);
}

int
do_btrfs_rescue_super_recover (const char *device)
{
  struct fsargs a;

  if (check_not_mounted (device) == -1)
    return -1;
  btrfs_args (&a, "rescue", "super-recover");
  fsargs_add (&a, "-y");
  fsargs_add (&a, device);
  return fsargs_run (&a, false, NULL);
}

int
do_btrfs_balance_pause (const char *path)
{
  return btrfs_on_path ("balance", "pause", path, false);
}

int
do_btrfs_balance_resume (const char *path)
{
  return btrfs_on_path ("balance", "resume", path, true);
}

int
do_btrfs_balance_cancel (const char *path)
{
  return btrfs_on_path ("balance", "cancel", path, false);
}

/* Scrubs run in the foreground (-B): the call returns with the
 * result, as the API promises.
 */
static int
scrub (const char *what, const char *path)
{
  CLEANUP_FREE char *hp = sysroot_realpath (path);
  struct fsargs a;

  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return -1;
  }
  btrfs_args (&a, "scrub", what);
  fsargs_add (&a, "-B");
  fsargs_add (&a, hp);
  return fsargs_run (&a, true, NULL);
}

int
do_btrfs_scrub_start (const char *path)
{
  return scrub ("start", path);
}

int
do_btrfs_scrub_resume (const char *path)
{
  return scrub ("resume", path);
}

int
do_btrfs_scrub_cancel (const char *path)
{
  return btrfs_on_path ("scrub", "cancel", path, false);
}

int
do_btrfs_replace (const char *srcdev, const char *targetdev,
                  const char *mntpoint)
{
  CLEANUP_FREE char *hp = NULL;
  struct fsargs a;

  if (strcmp (srcdev, targetdev) == 0) {
    reply_with_error_errno (EINVAL, "%s: source and target are the same "
                            "device", srcdev);
    return -1;
  }
  if (check_not_mounted (targetdev) == -1)
    return -1;
  hp = sysroot_realpath (mntpoint);
  if (hp == NULL) {
    reply_with_perror ("%s", mntpoint);
    return -1;
  }
  btrfs_args (&a, "replace", "start");
  /* -B: wait until it is done; -f: the target's contents are lost. */
  fsargs_add (&a, "-B");
  fsargs_add (&a, "-f");
  fsargs_add (&a, srcdev);
  fsargs_add (&a, targetdev);
  fsargs_add (&a, hp);
  return fsargs_run (&a, true, NULL);
}
