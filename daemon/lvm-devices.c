/* careen - offline disk-image toolkit */

/**
 * What the kernel and the disks say about LVM, without running lvm(8):
 * physical volume labels (so that images without LVM never pay for
 * running it), logical volume names from the device mapper, and the
 * device filter of lvm_set_filter written as lvm configuration.
 */

#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "daemon.h"

/* Longest device mapper name and UUID read from sysfs: the kernel's
 * DM_NAME_LEN and DM_UUID_LEN are 128 and 129 with the NUL.
 */
#define DM_FIELD_MAX 130

/* Most devices lvm_set_filter accepts: bounds the filter text built
 * from a caller's list.
 */
#define LVM_MAX_FILTER_DEVICES 256

/* Whether device starts with an LVM physical volume label: "LABELONE"
 * at the start of one of its first LVM_LABEL_SECTORS sectors, with the
 * label type "LVM2 001" 24 bytes in.  A device that cannot be read
 * counts as one, so that lvm gets to say what is wrong.
 */
#define LVM_LABEL_SECTORS 4
static bool
has_lvm_label (const char *device)
{
  char buf[LVM_LABEL_SECTORS * 512];
  ssize_t n;
  int fd, i;

  fd = open (device, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return errno != ENOENT && errno != ENXIO && errno != ENOMEDIUM;
  n = pread (fd, buf, sizeof buf, 0);
  close (fd);
  if (n == -1)
    return true;
  for (i = 0; (i + 1) * 512 <= n; ++i) {
    if (memcmp (buf + i * 512, "LABELONE", 8) == 0 &&
        memcmp (buf + i * 512 + 24, "LVM2 001", 8) == 0)
      return true;
  }
  return false;
}

/* Reading a few sectors of each device is far cheaper than running
 * lvm, which costs a second or more under TCG: images without LVM, the
 * most common, never run it.
 */
bool
lvm_any_physical_volume (void)
{
  DIR *dir = opendir ("/sys/class/block");
  struct dirent *d;
  bool found = false;

  if (dir == NULL)
    return true;
  while (!found && (d = readdir (dir)) != NULL) {
    char path[NAME_MAX + 8];
    struct stat st;

    if (d->d_name[0] == '.' || strncmp (d->d_name, "loop", 4) == 0 ||
        strncmp (d->d_name, "ram", 3) == 0)
      continue;
    snprintf (path, sizeof path, "/dev/%s", d->d_name);
    if (stat (path, &st) == -1 || !S_ISBLK (st.st_mode) ||
        is_appliance_device (st.st_rdev))
      continue;
    found = has_lvm_label (path);
  }
  closedir (dir);
  return found;
}

/* Reads the first line of a sysfs file; false if it cannot. */
static bool
read_dm_field (dev_t rdev, const char *field, char *buf, size_t len)
{
  char path[128];
  FILE *fp;
  bool ok;

  snprintf (path, sizeof path, "/sys/dev/block/%u:%u/dm/%s",
            major (rdev), minor (rdev), field);
  fp = fopen (path, "re");
  if (fp == NULL)
    return false;
  ok = fgets (buf, len, fp) != NULL;
  fclose (fp);
  if (ok)
    buf[strcspn (buf, "\n")] = '\0';
  return ok;
}

char *
lvm_canonical_name (const char *device)
{
  struct stat st;
  char uuid[DM_FIELD_MAX], name[DM_FIELD_MAX];
  char vg[DM_FIELD_MAX], lv[DM_FIELD_MAX];
  size_t i, nvg = 0, nlv = 0;
  bool in_lv = false;
  char *r;

  if (stat (device, &st) == -1 || !S_ISBLK (st.st_mode)) {
    errno = EINVAL;
    return NULL;
  }
  /* Logical volumes are the device mapper devices whose UUID LVM made:
   * "LVM-" and the group and volume UUIDs, nothing after (snapshot
   * and thin internals add "-real", "-cow", "-tpool" suffixes).
   */
  if (!read_dm_field (st.st_rdev, "uuid", uuid, sizeof uuid) ||
      strncmp (uuid, "LVM-", 4) != 0 || strchr (uuid + 4, '-') != NULL ||
      !read_dm_field (st.st_rdev, "name", name, sizeof name)) {
    errno = EINVAL;
    return NULL;
  }
  /* The device mapper name is VG-LV with each '-' of the names
   * doubled: the single '-' is the separator.
   */
  for (i = 0; name[i]; ++i) {
    if (name[i] == '-' && name[i+1] == '-') {
      if (in_lv)
        lv[nlv++] = '-';
      else
        vg[nvg++] = '-';
      i++;
    }
    else if (name[i] == '-' && !in_lv)
      in_lv = true;
    else if (in_lv)
      lv[nlv++] = name[i];
    else
      vg[nvg++] = name[i];
  }
  vg[nvg] = lv[nlv] = '\0';
  if (nvg == 0 || nlv == 0) {
    errno = EINVAL;
    return NULL;
  }
  if (asprintf (&r, "/dev/%s/%s", vg, lv) == -1)
    return NULL;
  return r;
}

int
do_is_lv (const char *mountable)
{
  CLEANUP_FREE char *name = NULL;

  if (strncmp (mountable, "btrfsvol:", 9) == 0)
    return 0;
  name = lvm_canonical_name (mountable);
  if (name != NULL)
    return 1;
  if (errno == EINVAL)
    return 0;
  reply_with_perror ("%s", mountable);
  return -1;
}

char *
do_lvm_canonical_lv_name (const char *lvname)
{
  char *r = lvm_canonical_name (lvname);

  if (r == NULL) {
    if (errno == EINVAL)
      reply_with_error_errno (EINVAL, "%s: not a logical volume", lvname);
    else
      reply_with_perror ("%s", lvname);
  }
  return r;
}

/* Appends device name s to the filter text as a regular expression
 * matching itself.  Only the characters device names have are
 * accepted (the quote and the '|' delimiter could not be escaped in
 * lvm's configuration strings); '.' and '+' go in brackets.  Returns
 * -1 with errno (EINVAL for a refused name).
 */
static int
append_regex (char **text, const char *s)
{
  size_t i;

  for (i = 0; s[i]; ++i) {
    char *t;
    bool special = s[i] == '.' || s[i] == '+';

    if (!isalnum ((unsigned char) s[i]) && strchr ("/_-:.+", s[i]) == NULL) {
      errno = EINVAL;
      return -1;
    }
    if (asprintf (&t, special ? "%s[%c]" : "%s%c", *text, s[i]) == -1)
      return -1;
    free (*text);
    *text = t;
  }
  return 0;
}

char *
lvm_make_filter (char *const *devices)
{
  CLEANUP_FREE_STRING_LIST char **disks = get_devices ();
  char *text, *t;
  size_t i;

  if (disks == NULL) {
    reply_with_perror ("/sys/block");
    return NULL;
  }
  text = strdup ("devices { filter = [ ");
  if (text == NULL)
    goto out_perror;
  for (i = 0; devices[i] != NULL; ++i) {
    const char *d = devices[i];
    bool whole = false;
    size_t j;

    if (i >= LVM_MAX_FILTER_DEVICES) {
      reply_with_error_errno (E2BIG, "more than %d devices",
                              LVM_MAX_FILTER_DEVICES);
      free (text);
      return NULL;
    }
    for (j = 0; disks[j] != NULL; ++j)
      if (strcmp (disks[j], d) == 0)
        whole = true;
    if (asprintf (&t, "%s\"a|^", text) == -1)
      goto out_perror;
    free (text);
    text = t;
    if (append_regex (&text, d) == -1) {
      if (errno == EINVAL)
        reply_with_error_errno (EINVAL, "%s: unusable device name", d);
      else
        reply_with_perror ("malloc");
      free (text);
      return NULL;
    }
    /* A whole disk brings its partitions. */
    if (asprintf (&t, "%s%s$|\", ", text, whole ? "[0-9]*" : "") == -1)
      goto out_perror;
    free (text);
    text = t;
  }
  if (asprintf (&t, "%s\"r|.*|\" ] }", text) == -1)
    goto out_perror;
  free (text);
  return t;

 out_perror:
  reply_with_perror ("malloc");
  free (text);
  return NULL;
}
