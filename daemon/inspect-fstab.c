/* careen - offline disk-image toolkit */

/**
 * A Linux root's mountpoints, from its /etc/fstab.  The guest names
 * its filesystems in ways that mean something only on its own machine
 * (UUID=, LABEL=, /dev/vda2, /dev/mapper/vg-root ...): each is turned
 * into the device the appliance has, using the blkid tags gathered by
 * inspect.c, and entries that name nothing on the disks added (network
 * filesystems, tmpfs, a disk that was not added) are left out.
 *
 * The file is hostile: its size is bounded by INSPECT_MAX_CONFIG, its
 * lines by INSPECT_MAX_LINES, and a malformed line is skipped.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "inspect.h"

/* Guest device name prefixes that become the appliance's /dev/sd: a
 * guest sees its disks as virtio (vd), IDE (hd), Xen (xvd) or SCSI
 * (sd) disks, and here they are SCSI disks in the same order.
 */
static const char *const disk_prefixes[] = {
  "/dev/sd", "/dev/vd", "/dev/hd", "/dev/xvd", NULL
};

/* "/dev/mapper/vg--name-lv" is "/dev/vg-name/lv": single dashes split
 * the names, doubled dashes are dashes.  NULL if it is not of that
 * shape.
 */
static char *
mapper_to_lv (const char *name)
{
  CLEANUP_FREE char *vg = calloc (1, strlen (name) + 1);
  CLEANUP_FREE char *lv = calloc (1, strlen (name) + 1);
  char *out;
  const char *p;
  size_t n = 0;
  bool in_lv = false;

  if (vg == NULL || lv == NULL)
    return NULL;
  out = vg;
  for (p = name; *p; ++p) {
    if (*p == '-' && p[1] == '-') {
      out[n++] = '-';
      p++;
    }
    else if (*p == '-' && !in_lv) {
      in_lv = true;
      out = lv;
      n = 0;
    }
    else
      out[n++] = *p;
  }
  if (!in_lv || *vg == '\0' || *lv == '\0')
    return NULL;
  if (asprintf (&out, "/dev/%s/%s", vg, lv) == -1)
    return NULL;
  return out;
}

/* The appliance device that spec names, or NULL. */
static const struct inspect_fs *
resolve_spec (const char *spec)
{
  static const struct {
    const char *prefix, *tag;
  } tags[] = {
    { "UUID=", "UUID" }, { "LABEL=", "LABEL" },
    { "PARTUUID=", "PARTUUID" }, { "PARTLABEL=", "PARTLABEL" },
    { "/dev/disk/by-uuid/", "UUID" }, { "/dev/disk/by-label/", "LABEL" },
    { "/dev/disk/by-partuuid/", "PARTUUID" },
    { "/dev/disk/by-partlabel/", "PARTLABEL" },
  };
  const struct inspect_fs *fs;
  size_t i;

  for (i = 0; i < sizeof tags / sizeof tags[0]; ++i) {
    size_t n = strlen (tags[i].prefix);

    if (strncmp (spec, tags[i].prefix, n) == 0) {
      char value[INSPECT_MAX_FACT + 1];
      size_t len = strlen (spec + n);

      if (len > INSPECT_MAX_FACT)
        return NULL;
      memcpy (value, spec + n, len + 1);
      /* fstab may quote the value. */
      if (len >= 2 && value[0] == '"' && value[len-1] == '"') {
        memmove (value, value + 1, len - 2);
        value[len-2] = '\0';
      }
      return inspect_fs_by_tag (tags[i].tag, value);
    }
  }

  if (strncmp (spec, "/dev/", 5) != 0)
    return NULL;
  fs = inspect_fs_by_device (spec);
  if (fs)
    return fs;

  if (strncmp (spec, "/dev/mapper/", 12) == 0) {
    CLEANUP_FREE char *lv = mapper_to_lv (spec + 12);

    return lv ? inspect_fs_by_device (lv) : NULL;
  }

  for (i = 0; disk_prefixes[i] != NULL; ++i) {
    size_t n = strlen (disk_prefixes[i]);
    char dev[64];

    if (strncmp (spec, disk_prefixes[i], n) == 0 &&
        islower ((unsigned char) spec[n]) && strlen (spec + n) < 32) {
      snprintf (dev, sizeof dev, "/dev/sd%s", spec + n);
      return inspect_fs_by_device (dev);
    }
  }
  return NULL;
}

/* A whole disk's partition named in fstab that the appliance does not
 * have (a disk that was not added): "/dev/vdb1" as "/dev/sdb1", the
 * name the appliance would give it.  libguestfs keeps such entries, so
 * that the tools report the filesystem they could not mount.  NULL
 * (errno ENOMEM) or NULL with errno 0 when spec is not such a name.
 */
static char *
missing_partition (const char *spec)
{
  size_t i;

  errno = 0;
  for (i = 0; disk_prefixes[i] != NULL; ++i) {
    size_t n = strlen (disk_prefixes[i]);
    const char *rest = spec + n;
    size_t letters = 0;
    char *r;

    if (strncmp (spec, disk_prefixes[i], n) != 0)
      continue;
    while (rest[letters] >= 'a' && rest[letters] <= 'z')
      letters++;
    if (letters == 0 || letters > 3 ||
        strspn (rest + letters, "0123456789") != strlen (rest + letters))
      return NULL;
    if (asprintf (&r, "/dev/sd%s", rest) == -1)
      return NULL;
    return r;
  }
  return NULL;
}

static bool
has_mountpoint (const struct inspect_root *r, const char *mp)
{
  size_t i;

  for (i = 0; i + 1 < r->mountpoints.size; i += 2)
    if (strcmp (r->mountpoints.argv[i], mp) == 0)
      return true;
  return false;
}

static bool
has_filesystem (const struct inspect_root *r, const char *dev)
{
  size_t i;

  for (i = 0; i < r->filesystems.size; ++i)
    if (strcmp (r->filesystems.argv[i], dev) == 0)
      return true;
  return false;
}

/* The mountable an fstab entry of a btrfs filesystem on device names:
 * "btrfsvol:DEVICE/SUBVOL" when its options have subvol=SUBVOL, else
 * the device.  NULL with errno (ENOMEM; EINVAL for an unusable
 * subvolume name, the entry is then skipped).
 */
static char *
btrfs_mountable (const char *device, const char *type, char *options)
{
  char *opt, *save = NULL, *r;

  if (strcmp (type, "btrfs") != 0 || options == NULL)
    return strdup (device);
  for (opt = strtok_r (options, ",", &save); opt != NULL;
       opt = strtok_r (NULL, ",", &save)) {
    const char *vol;

    if (strncmp (opt, "subvol=", 7) != 0)
      continue;
    vol = opt + 7;
    /* "subvol=/" is the top level: the device itself. */
    if (vol[strspn (vol, "/")] == '\0')
      return strdup (device);
    /* The path is kept as fstab spells it: libguestfs names
     * "subvol=/@/var" btrfsvol:DEVICE//@/var, and so does careen
     * (inspect_fs_by_device and mounting ignore the extra slash).
     */
    if (strlen (vol) > INSPECT_MAX_FACT) {
      errno = EINVAL;
      return NULL;
    }
    if (asprintf (&r, "btrfsvol:%s/%s", device, vol) == -1)
      return NULL;
    return r;
  }
  return strdup (device);
}

int
inspect_fstab (struct inspect_root *r)
{
  CLEANUP_FREE char *text = NULL;
  char *line, *save = NULL;
  size_t lines = 0;

  /* The root first: it is "/" whatever fstab says. */
  if (stringsbuf_add_string (&r->mountpoints, "/") == -1 ||
      stringsbuf_add_string (&r->mountpoints, r->root) == -1 ||
      stringsbuf_add_string (&r->filesystems, r->root) == -1)
    return -1;

  text = inspect_read_file ("/etc/fstab", INSPECT_MAX_CONFIG, NULL);
  if (text == NULL)
    return errno == ENOMEM ? -1 : 0;

  for (line = strtok_r (text, "\n", &save);
       line != NULL && lines++ < INSPECT_MAX_LINES;
       line = strtok_r (NULL, "\n", &save)) {
    char *spec, *mp, *type, *options, *fsave = NULL;
    CLEANUP_FREE char *dev = NULL;
    const struct inspect_fs *fs;
    bool missing = false;

    spec = strtok_r (line, " \t", &fsave);
    mp = strtok_r (NULL, " \t", &fsave);
    type = strtok_r (NULL, " \t", &fsave);
    options = strtok_r (NULL, " \t", &fsave);
    if (spec == NULL || mp == NULL || type == NULL || spec[0] == '#')
      continue;
    fs = resolve_spec (spec);
    if (fs != NULL)
      dev = btrfs_mountable (fs->device, type, options);
    else {
      dev = missing_partition (spec);
      missing = true;
    }
    if (dev == NULL) {
      if (errno == ENOMEM)
        return -1;
      continue;
    }
    /* Only a mountpoint is kept of a missing partition: it is no
     * filesystem of this guest that inspection could list.
     */
    if (missing) {
      if (mp[0] == '/' && strlen (mp) <= INSPECT_MAX_FACT &&
          strcmp (mp, "/") != 0 && !has_mountpoint (r, mp) &&
          strcmp (type, "swap") != 0 &&
          (stringsbuf_add_string (&r->mountpoints, mp) == -1 ||
           stringsbuf_add_string (&r->mountpoints, dev) == -1))
        return -1;
      continue;
    }
    if (strcmp (type, "swap") == 0 || strcmp (mp, "none") == 0) {
      if (strcmp (type, "swap") == 0 && !has_filesystem (r, fs->device) &&
          stringsbuf_add_string (&r->filesystems, fs->device) == -1)
        return -1;
      continue;
    }
    if (mp[0] != '/' || strlen (mp) > INSPECT_MAX_FACT ||
        strcmp (mp, "/") == 0 || has_mountpoint (r, mp))
      continue;
    if (stringsbuf_add_string (&r->mountpoints, mp) == -1 ||
        stringsbuf_add_string (&r->mountpoints, dev) == -1)
      return -1;
    if (!has_filesystem (r, dev) &&
        stringsbuf_add_string (&r->filesystems, dev) == -1)
      return -1;
  }
  return 0;
}
