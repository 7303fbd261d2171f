/* careen - offline disk-image toolkit */

/**
 * Block devices: the user's disks are /dev/sda, /dev/sdb, ... in the
 * order they were added; the appliance's own disk is never shown nor
 * accepted.  There is no udev in the appliance: the device nodes are
 * created by devtmpfs, and after a partition table change we ask the
 * kernel to re-read it and wait, bounded, for the nodes to appear.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"

/* How long to wait for partition device nodes after a table change.
 * devtmpfs creates them synchronously with the kernel's re-read, so
 * this only bounds a pathological case.
 */
#define PARTITION_NODE_TIMEOUT_MS 5000

/* Most partitions looked for per disk: the kernel's own limit for sd
 * devices is 15 with the classic numbering, far more with extended
 * minors; this bounds the work on a hostile partition table.
 */
#define MAX_PARTITIONS_PER_DISK 1024

/* Longest sysfs path we build or read: sysfs device paths are a few
 * hundred bytes even on deep buses.
 */
#define SYSFS_PATH_MAX 1024

/* The disk (kernel name, "vda") holding a block device dev_t, from
 * sysfs: a partition's directory is inside its disk's.  Returns false
 * if it cannot be told.
 */
static bool
disk_of_dev (dev_t dev, char *name, size_t len)
{
  char link[64], buf[SYSFS_PATH_MAX], partfile[96];
  ssize_t n;
  char *slash;

  snprintf (link, sizeof link, "/sys/dev/block/%u:%u",
            major (dev), minor (dev));
  n = readlink (link, buf, sizeof buf - 1);
  if (n <= 0)
    return false;
  buf[n] = '\0';
  snprintf (partfile, sizeof partfile, "%s/partition", link);
  if (access (partfile, F_OK) == 0) {
    slash = strrchr (buf, '/');
    if (slash)
      *slash = '\0';
  }
  slash = strrchr (buf, '/');
  slash = slash ? slash + 1 : buf;
  if (strlen (slash) >= len)
    return false;
  memcpy (name, slash, strlen (slash) + 1);
  return true;
}

bool
is_appliance_device (unsigned long long rdev)
{
  static bool known;
  static char root_disk[NAME_MAX + 1];
  char disk[NAME_MAX + 1];

  if (!known) {
    struct stat st;

    /* Host testing: a root on overlayfs or tmpfs has no disk. */
    if (stat ("/", &st) == -1 || !disk_of_dev (st.st_dev, root_disk,
                                               sizeof root_disk))
      root_disk[0] = '\0';
    known = true;
  }
  if (root_disk[0] == '\0')
    return false;
  if (!disk_of_dev ((dev_t) rdev, disk, sizeof disk))
    return false;
  return strcmp (disk, root_disk) == 0;
}

/* sda < sdb < ... < sdz < sdaa: shorter names first, then by name. */
static int
compare_device_names (const void *a, const void *b)
{
  const char *x = *(char *const *) a, *y = *(char *const *) b;
  size_t lx = strlen (x), ly = strlen (y);

  if (lx != ly)
    return lx < ly ? -1 : 1;
  return strcmp (x, y);
}

char **
get_devices (void)
{
  struct stringsbuf sb;
  DIR *dir;
  struct dirent *d;

  stringsbuf_init (&sb);
  dir = opendir ("/sys/block");
  if (dir == NULL)
    return NULL;
  while ((d = readdir (dir)) != NULL) {
    char path[SYSFS_PATH_MAX];
    struct stat st;

    if (strncmp (d->d_name, "sd", 2) != 0)
      continue;
    snprintf (path, sizeof path, "/dev/%s", d->d_name);
    if (stat (path, &st) == 0 && is_appliance_device (st.st_rdev))
      continue;
    if (stringsbuf_add_string (&sb, path) == -1) {
      closedir (dir);
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  closedir (dir);
  if (sb.size > 0)
    qsort (sb.argv, sb.size, sizeof (char *), compare_device_names);
  return stringsbuf_finish (&sb);
}

struct part {
  int num;
  char *name;
};

static int
compare_parts (const void *a, const void *b)
{
  const struct part *x = a, *y = b;

  return x->num - y->num;
}

/* Adds the partitions of one disk ("/dev/sda"), in number order. */
static int
add_partitions (struct stringsbuf *sb, const char *device)
{
  const char *disk = device + 5;        /* after "/dev/" */
  char path[SYSFS_PATH_MAX];
  DIR *dir;
  struct dirent *d;
  CLEANUP_FREE struct part *parts = NULL;
  size_t n = 0, i;
  int ret = 0;

  parts = malloc (MAX_PARTITIONS_PER_DISK * sizeof *parts);
  if (parts == NULL)
    return -1;
  snprintf (path, sizeof path, "/sys/block/%s", disk);
  dir = opendir (path);
  if (dir == NULL)
    return -1;
  while ((d = readdir (dir)) != NULL && n < MAX_PARTITIONS_PER_DISK) {
    char file[SYSFS_PATH_MAX], buf[32];
    FILE *fp;
    int num;

    if (strncmp (d->d_name, disk, strlen (disk)) != 0)
      continue;
    if (snprintf (file, sizeof file, "%s/%s/partition", path, d->d_name)
        >= (int) sizeof file)
      continue;
    fp = fopen (file, "re");
    if (fp == NULL)
      continue;
    if (fgets (buf, sizeof buf, fp) != NULL && sscanf (buf, "%d", &num) == 1) {
      parts[n].num = num;
      parts[n].name = strdup (d->d_name);
      if (parts[n].name != NULL)
        n++;
    }
    fclose (fp);
  }
  closedir (dir);

  qsort (parts, n, sizeof parts[0], compare_parts);
  for (i = 0; i < n; ++i) {
    if (ret == 0 && stringsbuf_add_format (sb, "/dev/%s", parts[i].name) == -1)
      ret = -1;
    free (parts[i].name);
  }
  return ret;
}

char **
get_partitions (void)
{
  CLEANUP_FREE_STRING_LIST char **devices = get_devices ();
  struct stringsbuf sb;
  size_t i;

  if (devices == NULL)
    return NULL;
  stringsbuf_init (&sb);
  for (i = 0; devices[i] != NULL; ++i) {
    if (add_partitions (&sb, devices[i]) == -1) {
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  return stringsbuf_finish (&sb);
}

int
check_device (const char *device)
{
  struct stat st;
  int r;

  if (strncmp (device, "/dev/", 5) != 0) {
    reply_with_error_errno (EINVAL, "%s: not a device name", device);
    return -1;
  }
  r = stat (device, &st);
  /* A logical volume's node (/dev/VG/LV, /dev/mapper/VG-LV) appears
   * when its group is activated, the first time one is needed (lvm.c).
   */
  if (r == -1 && errno == ENOENT && strchr (device + 5, '/') != NULL) {
    lvm_activate_lazily ();
    r = stat (device, &st);
  }
  if (r == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  if (!S_ISBLK (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a block device", device);
    return -1;
  }
  /* The appliance's disk is not the user's business: pretend it does
   * not exist, as list_devices does.
   */
  if (is_appliance_device (st.st_rdev)) {
    reply_with_error_errno (ENOENT, "%s: %s", device, strerror (ENOENT));
    return -1;
  }
  return 0;
}

int
check_mountable (const char *mountable)
{
  if (strncmp (mountable, "btrfsvol:", 9) == 0) {
    CLEANUP_FREE char *dev = NULL, *volume = NULL;
    const char *p = mountable + 9, *slash;

    /* The device part may hold slashes (/dev/VG/LV): btrfs-mountable.c
     * finds where it ends.  One that names no device here is ENOENT,
     * as for a plain device.
     */
    if (mountable_split (mountable, &dev, &volume) == -1) {
      if (errno == ENOMEM) {
        reply_with_perror ("%s", mountable);
        return -1;
      }
      if (strncmp (p, "/dev/", 5) != 0 ||
          (slash = strchr (p + 5, '/')) == NULL ||
          slash[strspn (slash, "/")] == '\0') {
        reply_with_error_errno (EINVAL, "%s: invalid btrfs volume name",
                                mountable);
        return -1;
      }
      dev = strndup (p, slash - p);
      if (dev == NULL) {
        reply_with_perror ("strndup");
        return -1;
      }
    }
    return check_device (dev);
  }
  return check_device (mountable);
}

int
check_dev_or_path (const char *p)
{
  if (strncmp (p, "/dev/", 5) == 0)
    return check_device (p);
  return check_pathname (p);
}

/* Whether every partition the kernel knows of the disk has its node. */
static bool
partition_nodes_present (const char *device)
{
  CLEANUP_FREE_STRING_LIST char **parts = NULL;
  struct stringsbuf sb;
  size_t i;

  stringsbuf_init (&sb);
  if (add_partitions (&sb, device) == -1) {
    stringsbuf_release (&sb);
    return true;                /* nothing sensible to wait for */
  }
  parts = stringsbuf_finish (&sb);
  if (parts == NULL)
    return true;
  for (i = 0; parts[i] != NULL; ++i) {
    if (access (parts[i], F_OK) == -1)
      return false;
  }
  return true;
}

int
reread_partitions (const char *device)
{
  int fd, waited;

  /* The partitioning tools update the kernel with BLKPG already; the
   * re-read is for tools that do not, and fails harmlessly (EBUSY)
   * when a partition is in use.
   */
  fd = open (device, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ioctl (fd, BLKRRPART, NULL);
    close (fd);
  }
  /* partx brings the kernel's view in line partition by partition,
   * even when another partition is busy and the re-read above was
   * refused: -u resizes and deletes, -a adds the missing ones (and
   * fails, harmlessly, on those the kernel has).  Their failures are
   * not ours to report: the wait below tells whether the nodes are
   * there.
   */
  command (NULL, NULL, "partx", "-u", device, NULL);
  command (NULL, NULL, "partx", "-a", device, NULL);

  for (waited = 0; waited < PARTITION_NODE_TIMEOUT_MS; waited += 10) {
    struct timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };

    if (partition_nodes_present (device))
      return 0;
    nanosleep (&ts, NULL);
  }
  errno = ETIMEDOUT;
  return -1;
}

char **
do_list_devices (void)
{
  char **r = get_devices ();

  if (r == NULL)
    reply_with_perror ("/sys/block");
  return r;
}

char **
do_list_partitions (void)
{
  char **r = get_partitions ();

  if (r == NULL)
    reply_with_perror ("/sys/block");
  return r;
}

int64_t
do_blockdev_getsize64 (const char *device)
{
  int fd;
  uint64_t size;

  fd = open (device, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("open: %s", device);
    return -1;
  }
  if (ioctl (fd, BLKGETSIZE64, &size) == -1) {
    reply_with_perror ("ioctl: %s: BLKGETSIZE64", device);
    close (fd);
    return -1;
  }
  close (fd);
  return (int64_t) size;
}
