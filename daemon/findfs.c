/* careen - offline disk-image toolkit */

/**
 * findfs_label, findfs_uuid: the device holding the filesystem (or swap
 * area) with a given label or UUID.  blkid does the search, with an
 * empty cache so that labels changed a moment ago are seen.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"
#include "findfs.h"

/* blkid's exit status when no device matches. */
#define BLKID_NOT_FOUND 2
/* Longest label or UUID looked for: the longest label of any type
 * (NTFS: 128 UTF-16 characters) fits with room to spare.
 */
#define FINDFS_VALUE_MAX 1024

/* The name users know a device by: /dev/VG/LV for a logical volume,
 * else the name blkid gave.  NULL with errno (silent).
 */
static char *
user_name (const char *device)
{
  if (strncmp (device, "/dev/mapper/", 12) == 0 ||
      strncmp (device, "/dev/dm-", 8) == 0) {
    char *lv = lvm_canonical_name (device);

    if (lv != NULL || errno != EINVAL)
      return lv;
  }
  return strdup (device);
}

char *
findfs_tag (const char *tag, const char *value, const char *type)
{
  CLEANUP_FREE char *token = NULL, *out = NULL, *err = NULL;
  const char *argv[] = {
    "blkid", "-c", "/dev/null", "-o", "device", "-t", NULL, NULL
  };
  char *line, *save = NULL;
  int status;

  if (*value == '\0' || strlen (value) > FINDFS_VALUE_MAX) {
    reply_with_error_errno (EINVAL, "invalid %s: \"%s\"", tag, value);
    return NULL;
  }
  /* blkid takes a quoted value as the text between the quotes. */
  if (asprintf (&token, "%s=\"%s\"", tag, value) == -1) {
    reply_with_perror ("asprintf");
    return NULL;
  }
  argv[6] = token;
  /* Logical volumes are searched too, so they must be active. */
  lvm_activate_lazily ();
  status = commandrv (&out, &err, argv);
  if (status == -1) {
    command_error ("blkid", err);
    return NULL;
  }
  if (status != 0 && status != BLKID_NOT_FOUND) {
    command_error ("blkid", *err ? err : "failed");
    return NULL;
  }
  if (status == 0) {
    for (line = strtok_r (out, "\n", &save); line != NULL;
         line = strtok_r (NULL, "\n", &save)) {
      struct stat st;
      char *r;

      if (stat (line, &st) == -1 || !S_ISBLK (st.st_mode) ||
          is_appliance_device (st.st_rdev))
        continue;
      if (type != NULL) {
        CLEANUP_FREE char *t = blkid_tag (line, "TYPE");

        if (t == NULL)
          return NULL;
        if (strcmp (t, type) != 0)
          continue;
      }
      r = user_name (line);
      if (r == NULL)
        reply_with_perror ("%s", line);
      return r;
    }
  }
  reply_with_error_errno (ENOENT, "no %s%sdevice has %s \"%s\"",
                          type ? type : "", type ? " " : "", tag, value);
  return NULL;
}

char *
do_findfs_label (const char *label)
{
  return findfs_tag ("LABEL", label, NULL);
}

char *
do_findfs_uuid (const char *uuid)
{
  return findfs_tag ("UUID", uuid, NULL);
}
