/* careen - offline disk-image toolkit */

/**
 * Changing the label or the UUID of a filesystem: set_label, set_uuid
 * and set_uuid_random.  The type found by blkid picks the tool; each
 * type's label length limit is checked here so that the user gets
 * ERANGE instead of a tool silently cutting the label short.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* Label length limits, in bytes, of the on-disk formats. */
#define EXT_LABEL_MAX 16
#define XFS_LABEL_MAX 12
#define BTRFS_LABEL_MAX 255
#define FAT_LABEL_MAX 11
#define NTFS_LABEL_MAX 128

static bool
is_ext (const char *t)
{
  return strcmp (t, "ext2") == 0 || strcmp (t, "ext3") == 0 ||
    strcmp (t, "ext4") == 0;
}

static bool
is_fat (const char *t)
{
  return strcmp (t, "vfat") == 0 || strcmp (t, "msdos") == 0;
}

static int
check_length (const char *type, const char *label, size_t max)
{
  if (strlen (label) > max) {
    reply_with_error_errno (ERANGE, "%s labels are at most %zu bytes: %s",
                            type, max, label);
    return -1;
  }
  return 0;
}

/* The device of a mountable and its filesystem type ("" if none);
 * -1 after replying.
 */
static int
device_type (const char *mountable, char **type_r)
{
  if (strncmp (mountable, "btrfsvol:", 9) == 0) {
    reply_with_error_errno (ENOTSUP, "%s: btrfs subvolumes have no label "
                            "of their own", mountable);
    return -1;
  }
  *type_r = blkid_tag (mountable, "TYPE");
  return *type_r ? 0 : -1;
}

/* Runs prog with the arguments up to NULL; -1 after replying. */
static int __attribute__ ((sentinel))
run_tool (const char *prog, ...)
{
  struct fsargs a;
  va_list args;
  const char *arg;

  fsargs_init (&a);
  fsargs_add (&a, prog);
  va_start (args, prog);
  while ((arg = va_arg (args, const char *)) != NULL)
    fsargs_add (&a, arg);
  va_end (args);
  return fsargs_run (&a, false, NULL);
}

int
do_set_label (const char *mountable, const char *label)
{
  CLEANUP_FREE char *type = NULL;

  if (device_type (mountable, &type) == -1)
    return -1;
  if (is_ext (type)) {
    if (check_length (type, label, EXT_LABEL_MAX) == -1)
      return -1;
    return run_tool ("tune2fs", "-L", label, mountable, NULL);
  }
  if (strcmp (type, "xfs") == 0) {
    if (check_length (type, label, XFS_LABEL_MAX) == -1 ||
        xfs_admin_string_ok ("label", label) == -1)
      return -1;
    /* xfs_admin takes "--" for "no label". */
    return run_tool ("xfs_admin", "-L", *label ? label : "--", mountable,
                     NULL);
  }
  if (strcmp (type, "btrfs") == 0) {
    if (check_length (type, label, BTRFS_LABEL_MAX) == -1)
      return -1;
    return run_tool ("btrfs", "filesystem", "label", mountable, label,
                     NULL);
  }
  if (is_fat (type)) {
    if (check_length (type, label, FAT_LABEL_MAX) == -1)
      return -1;
    if (*label == '\0')
      return run_tool ("fatlabel", "-r", mountable, NULL);
    return run_tool ("fatlabel", mountable, label, NULL);
  }
  if (strcmp (type, "ntfs") == 0) {
    if (check_length (type, label, NTFS_LABEL_MAX) == -1)
      return -1;
    return run_tool ("ntfslabel", mountable, label, NULL);
  }
  if (strcmp (type, "swap") == 0)
    return swap_set_label (mountable, label);

  reply_with_error_errno (ENOTSUP, "%s: setting the label of %s "
                          "filesystems is not supported", mountable,
                          *type ? type : "unknown");
  return -1;
}

/* uuid NULL: a random one. */
static int
set_uuid (const char *device, const char *uuid)
{
  CLEANUP_FREE char *type = blkid_tag (device, "TYPE");

  if (type == NULL)
    return -1;
  if (is_ext (type))
    return run_tool ("tune2fs", "-f", "-U", uuid ? uuid : "random", device,
                     NULL);
  if (strcmp (type, "xfs") == 0) {
    if (uuid && xfs_admin_string_ok ("uuid", uuid) == -1)
      return -1;
    return run_tool ("xfs_admin", "-U", uuid ? uuid : "generate", device,
                     NULL);
  }
  if (strcmp (type, "btrfs") == 0) {
    if (uuid)
      return run_tool ("btrfstune", "-f", "-U", uuid, device, NULL);
    return run_tool ("btrfstune", "-f", "-u", device, NULL);
  }
  if (strcmp (type, "swap") == 0)
    return swap_set_uuid (device, uuid);

  reply_with_error_errno (ENOTSUP, "%s: setting the UUID of %s "
                          "filesystems is not supported", device,
                          *type ? type : "unknown");
  return -1;
}

int
do_set_uuid (const char *device, const char *uuid)
{
  return set_uuid (device, uuid);
}

int
do_set_uuid_random (const char *device)
{
  return set_uuid (device, NULL);
}
