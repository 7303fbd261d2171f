/* careen - offline disk-image toolkit */

/**
 * Filesystem identification with blkid: vfs_type, vfs_label, vfs_uuid,
 * list_filesystems and blkid.  blkid runs with an empty cache (-c /dev/null)
 * so every answer comes from the device as it is now, not from what a
 * previous call saw before mkfs or part_* changed it.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* blkid's exit status when the device has none of the asked tags. */
#define BLKID_NOT_FOUND 2

/* The device part of a mountable ("btrfsvol:/dev/sda2/root" gives
 * "/dev/sda2"); a plain device is returned as a copy.  NULL (replied)
 * on error.
 */
static char *
mountable_device (const char *mountable)
{
  CLEANUP_FREE char *volume = NULL;
  char *r;

  if (mountable_split (mountable, &r, &volume) == -1) {
    reply_with_perror ("%s", mountable);
    return NULL;
  }
  return r;
}

char *
blkid_tag (const char *device, const char *tag)
{
  const char *argv[] = {
    "blkid", "-c", "/dev/null", "-o", "value", "-s", tag, device, NULL
  };
  char *out = NULL;
  CLEANUP_FREE char *err = NULL;
  int status;
  size_t n;

  status = commandrv (&out, &err, argv);
  if (status == BLKID_NOT_FOUND) {
    free (out);
    out = strdup ("");
    if (out == NULL)
      reply_with_perror ("strdup");
    return out;
  }
  if (status != 0) {
    free (out);
    if (status == -1)
      command_error ("blkid", err);
    else
      command_error ("blkid", *err ? err : "failed");
    return NULL;
  }
  /* One value, one line. */
  n = strcspn (out, "\n");
  out[n] = '\0';
  return out;
}

static char *
vfs_tag (const char *mountable, const char *tag)
{
  CLEANUP_FREE char *device = mountable_device (mountable);

  if (device == NULL)
    return NULL;
  return blkid_tag (device, tag);
}

char *
do_vfs_type (const char *mountable)
{
  return vfs_tag (mountable, "TYPE");
}

char *
do_vfs_label (const char *mountable)
{
  return vfs_tag (mountable, "LABEL");
}

char *
do_vfs_uuid (const char *mountable)
{
  return vfs_tag (mountable, "UUID");
}

/* An MBR extended partition shows up in the kernel as a 1 or 2 sector
 * stub (the rest of it holds the logical partitions); it never holds a
 * filesystem of its own, and libguestfs does not list it.
 */
static bool
is_extended_stub (const char *partition)
{
  char path[256];
  FILE *fp;
  unsigned long long sectors = 0;
  int n;

  snprintf (path, sizeof path, "/sys/class/block/%s/size", partition + 5);
  fp = fopen (path, "re");
  if (fp == NULL)
    return false;
  n = fscanf (fp, "%llu", &sectors);
  fclose (fp);
  return n == 1 && sectors <= 2;
}

/* Adds device and its filesystem type ("unknown" when none). */
static int
add_filesystem (struct stringsbuf *sb, const char *device)
{
  CLEANUP_FREE char *type = blkid_tag (device, "TYPE");

  if (type == NULL)
    return -1;
  /* LVM physical volumes hold volumes, not a filesystem: their logical
   * volumes are listed instead.
   */
  if (strcmp (type, "LVM2_member") == 0)
    return 0;
  if (stringsbuf_add_string (sb, device) == -1 ||
      stringsbuf_add_string (sb, *type ? type : "unknown") == -1) {
    reply_with_perror ("malloc");
    return -1;
  }
  /* Each btrfs subvolume is a filesystem of its own (btrfs-mountable.c). */
  if (strcmp (type, "btrfs") == 0)
    return btrfs_add_subvolume_mountables (sb, device);
  return 0;
}

char **
do_list_filesystems (void)
{
  CLEANUP_FREE_STRING_LIST char **devices = get_devices ();
  CLEANUP_FREE_STRING_LIST char **partitions = get_partitions ();
  CLEANUP_FREE_STRING_LIST char **mapped = NULL;
  struct stringsbuf sb;
  size_t i, j;
  char **r;

  if (devices == NULL || partitions == NULL) {
    reply_with_perror ("/sys/block");
    return NULL;
  }
  stringsbuf_init (&sb);

  /* Whole disks that have no partitions may hold a filesystem. */
  for (i = 0; devices[i] != NULL; ++i) {
    size_t len = strlen (devices[i]);
    bool has_parts = false;

    for (j = 0; partitions[j] != NULL; ++j) {
      if (strncmp (partitions[j], devices[i], len) == 0 &&
          partitions[j][len] >= '0' && partitions[j][len] <= '9') {
        has_parts = true;
        break;
      }
    }
    if (!has_parts && add_filesystem (&sb, devices[i]) == -1)
      goto out_release;
  }

  for (j = 0; partitions[j] != NULL; ++j) {
    if (is_extended_stub (partitions[j]))
      continue;
    if (add_filesystem (&sb, partitions[j]) == -1)
      goto out_release;
  }

  /* Logical volumes and opened encrypted devices (lvm.c). */
  mapped = get_mapped_devices ();
  if (mapped == NULL) {
    reply_with_perror ("device mapper devices");
    goto out_release;
  }
  for (j = 0; mapped[j] != NULL; ++j) {
    if (add_filesystem (&sb, mapped[j]) == -1)
      goto out_release;
  }

  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;

 out_release:
  stringsbuf_release (&sb);
  return NULL;
}

/* Most tags kept from "blkid -o export": a device has a dozen or two. */
#define BLKID_MAX_TAGS 256

/* Undoes blkid's export escaping ("\ " for a space) in place. */
static void
unescape_export (char *s)
{
  char *w = s;

  while (*s) {
    if (s[0] == '\\' && s[1] != '\0')
      s++;
    *w++ = *s++;
  }
  *w = '\0';
}

char **
do_blkid (const char *device)
{
  /* -p: probe the device itself (all superblock and partition-entry
   * tags); -i: the I/O limits too.
   */
  const char *argv[] = {
    "blkid", "-c", "/dev/null", "-p", "-i", "-o", "export", device, NULL
  };
  CLEANUP_FREE char *out = NULL, *err = NULL;
  struct stringsbuf sb;
  char *line, *next;
  size_t n = 0;
  int status;
  char **r;

  status = commandrv (&out, &err, argv);
  if (status == -1) {
    command_error ("blkid", err);
    return NULL;
  }
  /* 2: nothing found, an empty table.  Others: failures (8 is two
   * filesystems at once, "ambivalent result").
   */
  if (status != 0 && status != BLKID_NOT_FOUND) {
    command_error ("blkid", *err ? err : "failed");
    return NULL;
  }

  stringsbuf_init (&sb);
  for (line = out; status == 0 && line && *line; line = next) {
    char *eq;

    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    eq = strchr (line, '=');
    if (eq == NULL)
      continue;
    if (++n > BLKID_MAX_TAGS)
      break;
    *eq = '\0';
    unescape_export (eq + 1);
    if (stringsbuf_add_string (&sb, line) == -1 ||
        stringsbuf_add_string (&sb, eq + 1) == -1) {
      stringsbuf_release (&sb);
      reply_with_perror ("malloc");
      return NULL;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}
