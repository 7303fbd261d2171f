/* careen - offline disk-image toolkit */

/**
 * btrfs subvolumes as mountables: parsing "btrfsvol:DEVICE/SUBVOLUME",
 * listing the subvolumes of an unmounted btrfs filesystem (for
 * list_filesystems and btrfs_subvolume_list on a device), and the
 * private read-only mount those listings need.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Where a btrfs filesystem given as a device is mounted, read-only,
 * while its subvolumes are listed: never inside the user's tree.
 */
#define BTRFS_PRIVATE_MOUNTPOINT "/run/careen-btrfs"

/* Longest subvolume path accepted, in a mountable or from btrfs-progs
 * (PATH_MAX: the kernel cannot mount anything deeper anyway).
 */
#define BTRFS_MAX_SUBVOLUME_PATH 4096

int
mountable_split (const char *mountable, char **device_r, char **volume_r)
{
  const char *p, *slash, *vol;
  struct stat st;

  *device_r = *volume_r = NULL;
  if (strncmp (mountable, "btrfsvol:", 9) != 0) {
    *device_r = strdup (mountable);
    return *device_r ? 0 : -1;
  }

  /* The device part may itself contain slashes (/dev/VG/LV,
   * /dev/mapper/NAME): the shortest prefix that is a block device is
   * the device, the rest is the subvolume.
   */
  p = mountable + 9;
  if (strncmp (p, "/dev/", 5) != 0) {
    errno = EINVAL;
    return -1;
  }
  for (slash = strchr (p + 5, '/'); slash != NULL;
       slash = strchr (slash + 1, '/')) {
    CLEANUP_FREE char *dev = strndup (p, slash - p);

    if (dev == NULL)
      return -1;
    if (stat (dev, &st) == 0 && S_ISBLK (st.st_mode))
      break;
  }
  if (slash == NULL) {
    errno = EINVAL;
    return -1;
  }

  /* The subvolume path, without leading slashes ("btrfsvol:/dev/sda2//@"
   * is "@").  A comma would end the subvol= mount option early.
   */
  vol = slash;
  while (*vol == '/')
    vol++;
  if (*vol == '\0' || strlen (vol) > BTRFS_MAX_SUBVOLUME_PATH ||
      strchr (vol, ',') != NULL) {
    errno = EINVAL;
    return -1;
  }
  *device_r = strndup (p, slash - p);
  *volume_r = strdup (vol);
  if (*device_r == NULL || *volume_r == NULL) {
    free (*device_r);
    free (*volume_r);
    *device_r = *volume_r = NULL;
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

const char *
btrfs_private_mount (const char *device, const char *volume)
{
  const unsigned long flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
  CLEANUP_FREE char *data = NULL, *data2 = NULL;

  if (mkdir (BTRFS_PRIVATE_MOUNTPOINT, 0755) == -1 && errno != EEXIST)
    return NULL;
  /* A leftover of an interrupted call would hide the new mount. */
  umount2 (BTRFS_PRIVATE_MOUNTPOINT, MNT_DETACH);

  if (volume != NULL) {
    if (asprintf (&data, "subvol=%s", volume) == -1) {
      data = NULL;
      return NULL;
    }
    if (asprintf (&data2, "subvol=%s,rescue=nologreplay", volume) == -1) {
      data2 = NULL;
      return NULL;
    }
  }
  /* A log tree that needs replaying makes a plain read-only mount write
   * to the device (or fail on a read-only drive): skip the replay then.
   */
  if (mount (device, BTRFS_PRIVATE_MOUNTPOINT, "btrfs", flags, data) == -1 &&
      mount (device, BTRFS_PRIVATE_MOUNTPOINT, "btrfs", flags,
             data2 ? data2 : "rescue=nologreplay") == -1)
    return NULL;
  return BTRFS_PRIVATE_MOUNTPOINT;
}

void
btrfs_private_umount (void)
{
  if (umount (BTRFS_PRIVATE_MOUNTPOINT) == -1 &&
      umount2 (BTRFS_PRIVATE_MOUNTPOINT, MNT_DETACH) == -1 && verbose)
    fprintf (stderr, "btrfs: umount %s: %m\n", BTRFS_PRIVATE_MOUNTPOINT);
}

/* Parses "btrfs subvolume list" output: 0, or -1 with errno (silent). */
static int
btrfs_list_parse (const char *out, struct btrfs_subvol_list *l)
{
  const char *line, *next;
  size_t cap = 0;

  l->val = NULL;
  l->len = 0;
  for (line = out; line && *line; line = next) {
    const char *end = strchr (line, '\n'), *path;
    uint64_t id, top;
    struct btrfs_subvol *v;
    size_t plen;

    next = end ? end + 1 : NULL;
    if (end == NULL)
      end = line + strlen (line);
    /* "ID 256 gen 9 top level 5 path root": the path is the rest of the
     * line and may contain spaces.
     */
    if (sscanf (line, "ID %" SCNu64 " gen %*u top level %" SCNu64,
                &id, &top) != 2)
      continue;
    path = strstr (line, " path ");
    if (path == NULL || path > end)
      continue;
    path += 6;
    /* "<FS_TREE>/" precedes paths outside the mounted subvolume. */
    if (strncmp (path, "<FS_TREE>/", 10) == 0)
      path += 10;
    plen = end - path;
    if (plen == 0 || plen > BTRFS_MAX_SUBVOLUME_PATH)
      continue;
    if (l->len >= BTRFS_MAX_SUBVOLUMES) {
      errno = EFBIG;
      goto out_free;
    }
    if (vector_reserve ((void **) &l->val, &cap, l->len, 1,
                        sizeof *l->val) == -1)
      goto out_free;
    v = &l->val[l->len];
    v->id = id;
    v->top_level_id = top;
    v->path = strndup (path, plen);
    if (v->path == NULL)
      goto out_free;
    l->len++;
  }
  return 0;

 out_free:
  btrfs_subvol_list_release (l);
  return -1;
}

void
btrfs_subvol_list_release (struct btrfs_subvol_list *l)
{
  size_t i;

  for (i = 0; i < l->len; ++i)
    free (l->val[i].path);
  free (l->val);
  l->val = NULL;
  l->len = 0;
}

int
btrfs_list_host (const char *host_path, struct btrfs_subvol_list *l)
{
  CLEANUP_FREE char *out = NULL, *err = NULL;

  if (command (&out, &err, "btrfs", "subvolume", "list", host_path,
               NULL) == -1) {
    command_error ("btrfs", err);
    return -1;
  }
  if (btrfs_list_parse (out, l) == -1) {
    reply_with_perror ("btrfs subvolume list");
    return -1;
  }
  return 0;
}

int64_t
btrfs_default_host (const char *host_path)
{
  CLEANUP_FREE char *out = NULL, *err = NULL;
  uint64_t id;

  if (command (&out, &err, "btrfs", "subvolume", "get-default", host_path,
               NULL) == -1) {
    command_error ("btrfs", err);
    return -1;
  }
  /* "ID 5 (FS_TREE)" or "ID 256 gen 9 top level 5 path root". */
  if (sscanf (out, "ID %" SCNu64, &id) != 1 || id > INT64_MAX) {
    reply_with_error ("btrfs subvolume get-default: unexpected output: %s",
                      out);
    return -1;
  }
  return (int64_t) id;
}

int
btrfs_add_subvolume_mountables (struct stringsbuf *sb, const char *device)
{
  struct btrfs_subvol_list l = { NULL, 0 };
  const char *mp;
  int64_t def;
  size_t i;
  int r = 0;

  /* A filesystem that cannot be listed (damaged, hostile, a missing
   * device of a multi-device one) still has its device listed by the
   * caller: its subvolumes are just not known.
   */
  if (!program_exists ("btrfs"))
    return 0;
  mp = btrfs_private_mount (device, NULL);
  if (mp == NULL)
    return 0;
  {
    CLEANUP_FREE char *out = NULL, *out2 = NULL;
    uint64_t id;

    if (command (&out, NULL, "btrfs", "subvolume", "list", mp, NULL) == -1 ||
        btrfs_list_parse (out, &l) == -1 ||
        command (&out2, NULL, "btrfs", "subvolume", "get-default", mp,
                 NULL) == -1 ||
        sscanf (out2, "ID %" SCNu64, &id) != 1) {
      btrfs_private_umount ();
      btrfs_subvol_list_release (&l);
      if (verbose)
        fprintf (stderr, "btrfs: cannot list the subvolumes of %s\n",
                 device);
      return 0;
    }
    def = (int64_t) id;
  }
  btrfs_private_umount ();

  /* The default subvolume is what mounting the device gives: it is the
   * device's own entry, not listed twice.
   */
  for (i = 0; i < l.len; ++i) {
    if ((int64_t) l.val[i].id == def)
      continue;
    if (stringsbuf_add_format (sb, "btrfsvol:%s/%s", device,
                               l.val[i].path) == -1 ||
        stringsbuf_add_string (sb, "btrfs") == -1) {
      reply_with_perror ("malloc");
      r = -1;
      break;
    }
  }
  btrfs_subvol_list_release (&l);
  return r;
}

int
btrfs_snapshot_mountables (struct stringsbuf *sb, const char *device)
{
  CLEANUP_FREE char *out = NULL;
  const char *mp, *line, *next;
  size_t n = 0;
  int r;

  if (!program_exists ("btrfs"))
    return 0;
  mp = btrfs_private_mount (device, NULL);
  if (mp == NULL)
    return 0;
  /* -s: snapshots only ("ID 259 gen 9 cgen 9 top level 5 otime ... path
   * snap"), a format of its own.
   */
  r = command (&out, NULL, "btrfs", "subvolume", "list", "-s", mp, NULL);
  btrfs_private_umount ();
  if (r == -1)
    return 0;
  for (line = out; line && *line && n < BTRFS_MAX_SUBVOLUMES;
       line = next, n++) {
    const char *end = strchr (line, '\n'), *path;

    next = end ? end + 1 : NULL;
    if (end == NULL)
      end = line + strlen (line);
    path = strstr (line, " path ");
    if (strncmp (line, "ID ", 3) != 0 || path == NULL || path > end)
      continue;
    path += 6;
    if (strncmp (path, "<FS_TREE>/", 10) == 0)
      path += 10;
    if (end - path == 0 || end - path > BTRFS_MAX_SUBVOLUME_PATH)
      continue;
    if (stringsbuf_add_format (sb, "btrfsvol:%s/%.*s", device,
                               (int) (end - path), path) == -1)
      return -1;
  }
  return 0;
}
