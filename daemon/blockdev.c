/* careen - offline disk-image toolkit */

/**
 * Block devices: the blockdev_* calls (done with the block ioctls
 * directly rather than by running blockdev(8)), device names and
 * numbering (nr_devices, device_index, part_to_dev, part_to_partnum,
 * canonical_device_name) and the lists of md and device mapper devices.
 */

#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "daemon.h"

/* Longest sysfs file path we build: sysfs names are short. */
#define SYSFS_NAME_MAX 256

/* Longest device mapper name: the kernel's DM_NAME_LEN is 128 with the
 * final NUL.
 */
#define DM_NAME_MAX 128

/* Opens device for an ioctl; replies on error. */
static int
open_device (const char *device, int flags)
{
  int fd = open (device, flags | O_CLOEXEC);

  if (fd == -1)
    reply_with_perror ("open: %s", device);
  return fd;
}

/* Runs one ioctl that fills an int; replies on error. */
static int
ioctl_get_int (const char *device, unsigned long req, const char *reqname,
               int *val)
{
  int fd = open_device (device, O_RDONLY);

  if (fd == -1)
    return -1;
  if (ioctl (fd, req, val) == -1) {
    reply_with_perror ("ioctl: %s: %s", device, reqname);
    close (fd);
    return -1;
  }
  close (fd);
  return 0;
}

int64_t
do_blockdev_getsz (const char *device)
{
  int64_t size = do_blockdev_getsize64 (device);

  /* Always 512-byte units, as blockdev --getsz, whatever the sector
   * size of the device.
   */
  return size == -1 ? -1 : size / 512;
}

int
do_blockdev_getss (const char *device)
{
  int v;

  if (ioctl_get_int (device, BLKSSZGET, "BLKSSZGET", &v) == -1)
    return -1;
  return v;
}

int
do_blockdev_getbsz (const char *device)
{
  int v;

  if (ioctl_get_int (device, BLKBSZGET, "BLKBSZGET", &v) == -1)
    return -1;
  return v;
}

int
do_blockdev_getro (const char *device)
{
  int v;

  if (ioctl_get_int (device, BLKROGET, "BLKROGET", &v) == -1)
    return -1;
  return v != 0;
}

static int
set_ro (const char *device, int ro)
{
  int fd = open_device (device, O_RDONLY);

  if (fd == -1)
    return -1;
  if (ioctl (fd, BLKROSET, &ro) == -1) {
    reply_with_perror ("ioctl: %s: BLKROSET", device);
    close (fd);
    return -1;
  }
  close (fd);
  return 0;
}

int
do_blockdev_setro (const char *device)
{
  return set_ro (device, 1);
}

int
do_blockdev_setrw (const char *device)
{
  return set_ro (device, 0);
}

int
do_blockdev_flushbufs (const char *device)
{
  int fd = open_device (device, O_RDONLY);

  if (fd == -1)
    return -1;
  if (ioctl (fd, BLKFLSBUF, 0) == -1) {
    reply_with_perror ("ioctl: %s: BLKFLSBUF", device);
    close (fd);
    return -1;
  }
  close (fd);
  return 0;
}

int
do_blockdev_rereadpt (const char *device)
{
  int fd = open_device (device, O_RDONLY);

  if (fd == -1)
    return -1;
  if (ioctl (fd, BLKRRPART, 0) == -1) {
    reply_with_perror ("ioctl: %s: BLKRRPART", device);
    close (fd);
    return -1;
  }
  close (fd);
  return 0;
}

int
do_nr_devices (void)
{
  CLEANUP_FREE_STRING_LIST char **devices = get_devices ();

  if (devices == NULL) {
    reply_with_perror ("/sys/block");
    return -1;
  }
  return (int) strings_count (devices);
}

int
do_device_index (const char *device)
{
  CLEANUP_FREE_STRING_LIST char **devices = get_devices ();
  size_t i;

  if (devices == NULL) {
    reply_with_perror ("/sys/block");
    return -1;
  }
  for (i = 0; devices[i] != NULL; ++i) {
    if (strcmp (devices[i], device) == 0)
      return (int) i;
  }
  reply_with_error_errno (EINVAL, "%s: not a whole-disk device", device);
  return -1;
}

/* Splits a partition name into its disk and number, using the kernel's
 * own view (sysfs) rather than the spelling, so that "/dev/sda1" works
 * and "/dev/sda" or "/dev/VG/LV" are refused.  Replies on error.
 */
static int
split_partition (const char *partition, char **disk_r, int *num_r)
{
  char path[SYSFS_NAME_MAX], link[SYSFS_NAME_MAX], target[SYSFS_NAME_MAX];
  struct stat st;
  FILE *fp;
  ssize_t n;
  int num;
  char *slash;

  if (stat (partition, &st) == -1) {
    reply_with_perror ("%s", partition);
    return -1;
  }
  snprintf (link, sizeof link, "/sys/dev/block/%u:%u",
            major (st.st_rdev), minor (st.st_rdev));
  if (snprintf (path, sizeof path, "%s/partition", link) >= (int) sizeof path)
    fp = NULL;
  else
    fp = fopen (path, "re");
  if (fp == NULL) {
    reply_with_error_errno (EINVAL, "%s: not a partition", partition);
    return -1;
  }
  n = fscanf (fp, "%d", &num);
  fclose (fp);
  if (n != 1 || num <= 0) {
    reply_with_error_errno (EINVAL, "%s: not a partition", partition);
    return -1;
  }
  /* The partition's sysfs directory sits in its disk's. */
  n = readlink (link, target, sizeof target - 1);
  if (n <= 0) {
    reply_with_perror ("readlink: %s", link);
    return -1;
  }
  target[n] = '\0';
  slash = strrchr (target, '/');
  if (slash == NULL) {
    reply_with_error_errno (EINVAL, "%s: not a partition", partition);
    return -1;
  }
  *slash = '\0';
  slash = strrchr (target, '/');
  if (disk_r) {
    if (asprintf (disk_r, "/dev/%s", slash ? slash + 1 : target) == -1) {
      reply_with_perror ("asprintf");
      return -1;
    }
  }
  *num_r = num;
  return 0;
}

char *
do_part_to_dev (const char *partition)
{
  char *disk;
  int num;

  if (split_partition (partition, &disk, &num) == -1)
    return NULL;
  return disk;
}

int
do_part_to_partnum (const char *partition)
{
  int num;

  if (split_partition (partition, NULL, &num) == -1)
    return -1;
  return num;
}

/* Reads the first line of a small sysfs file into buf; false if it
 * cannot.
 */
static bool
read_sysfs_line (const char *path, char *buf, size_t len)
{
  FILE *fp = fopen (path, "re");
  bool ok;

  if (fp == NULL)
    return false;
  ok = fgets (buf, len, fp) != NULL;
  fclose (fp);
  if (ok)
    buf[strcspn (buf, "\n")] = '\0';
  return ok;
}

char **
do_list_md_devices (void)
{
  struct stringsbuf sb;
  DIR *dir;
  struct dirent *d;
  char **r;

  stringsbuf_init (&sb);
  dir = opendir ("/sys/block");
  if (dir == NULL) {
    reply_with_perror ("opendir: /sys/block");
    return NULL;
  }
  while ((d = readdir (dir)) != NULL) {
    char path[SYSFS_NAME_MAX];

    if (strncmp (d->d_name, "md", 2) != 0 || !isdigit ((unsigned char) d->d_name[2]))
      continue;
    /* An md device that is not assembled has no md directory. */
    if (snprintf (path, sizeof path, "/sys/block/%s/md", d->d_name)
        >= (int) sizeof path || access (path, F_OK) == -1)
      continue;
    if (stringsbuf_add_format (&sb, "/dev/%s", d->d_name) == -1) {
      reply_with_perror ("malloc");
      closedir (dir);
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  closedir (dir);
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  else
    strings_sort (r);
  return r;
}

char **
get_dm_devices (bool with_lvs)
{
  struct stringsbuf sb;
  DIR *dir;
  struct dirent *d;
  char **r;

  stringsbuf_init (&sb);
  dir = opendir ("/sys/block");
  if (dir == NULL)
    return NULL;
  while ((d = readdir (dir)) != NULL) {
    char path[SYSFS_NAME_MAX], name[DM_NAME_MAX + 2], uuid[DM_NAME_MAX + 2];

    if (strncmp (d->d_name, "dm-", 3) != 0)
      continue;
    if (snprintf (path, sizeof path, "/sys/block/%s/dm/name", d->d_name)
        >= (int) sizeof path ||
        !read_sysfs_line (path, name, sizeof name) || name[0] == '\0' ||
        strchr (name, '/') != NULL)
      continue;
    /* LVM marks the devices of its logical volumes with "LVM-" UUIDs. */
    if (snprintf (path, sizeof path, "/sys/block/%s/dm/uuid", d->d_name)
        >= (int) sizeof path)
      continue;
    if (!with_lvs && read_sysfs_line (path, uuid, sizeof uuid) &&
        strncmp (uuid, "LVM-", 4) == 0)
      continue;
    if (stringsbuf_add_format (&sb, "/dev/mapper/%s", name) == -1) {
      closedir (dir);
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  closedir (dir);
  r = stringsbuf_finish (&sb);
  if (r != NULL)
    strings_sort (r);
  return r;
}

char **
do_list_dm_devices (void)
{
  char **r = get_dm_devices (false);

  if (r == NULL)
    reply_with_perror ("/sys/block");
  return r;
}

char *
do_canonical_device_name (const char *device)
{
  char *r;

  /* IDE, virtio and Xen disk names of the guest's own configuration
   * name the disks the appliance calls sdX.
   */
  if ((strncmp (device, "/dev/hd", 7) == 0 ||
       strncmp (device, "/dev/vd", 7) == 0) &&
      islower ((unsigned char) device[7])) {
    if (asprintf (&r, "/dev/sd%s", device + 7) == -1)
      goto out_perror;
    return r;
  }
  if (strncmp (device, "/dev/xvd", 8) == 0 &&
      islower ((unsigned char) device[8])) {
    if (asprintf (&r, "/dev/sd%s", device + 8) == -1)
      goto out_perror;
    return r;
  }
  if (strncmp (device, "/dev/mapper/", 12) == 0 ||
      strncmp (device, "/dev/dm-", 8) == 0) {
    r = lvm_canonical_name (device);
    if (r != NULL)
      return r;
    if (errno != EINVAL)
      goto out_perror;
  }
  r = strdup (device);
  if (r == NULL)
    goto out_perror;
  return r;

 out_perror:
  reply_with_perror ("%s", device);
  return NULL;
}
