/* careen - offline disk-image toolkit */

/**
 * The old ext2/3/4 calls that scripts written for early versions of the
 * API still use: e2fsck_f, set_e2label, get_e2label, set_e2uuid,
 * get_e2uuid, and the external journal ones (mke2journal, _L, _U;
 * mke2fs_J, _JL, _JU).  Each is a particular case of a newer call, or a
 * mke2fs command line.
 */

#include <config.h>

#include <errno.h>
#include <string.h>

#include "daemon.h"

/* ext2/3/4 labels are 16 bytes on disk. */
#define EXT_LABEL_MAX 16

static bool
is_ext (const char *t)
{
  return strcmp (t, "ext2") == 0 || strcmp (t, "ext3") == 0 ||
    strcmp (t, "ext4") == 0;
}

/* -1 after replying EINVAL unless device holds ext2/3/4. */
static int
require_ext (const char *device)
{
  CLEANUP_FREE char *type = blkid_tag (device, "TYPE");

  if (type == NULL)
    return -1;
  if (!is_ext (type)) {
    reply_with_error_errno (EINVAL, "%s: not an ext2/3/4 filesystem (%s)",
                            device, *type ? type : "no filesystem");
    return -1;
  }
  return 0;
}

int
do_e2fsck_f (const char *device)
{
  optargs_bitmask = GUESTFS_E2FSCK_CORRECT_BITMASK;
  return do_e2fsck (device, 1, 0);
}

int
do_set_e2label (const char *device, const char *label)
{
  if (require_ext (device) == -1)
    return -1;
  return do_set_label (device, label);
}

char *
do_get_e2label (const char *device)
{
  return do_vfs_label (device);
}

int
do_set_e2uuid (const char *device, const char *uuid)
{
  struct fsargs a;

  if (require_ext (device) == -1)
    return -1;
  /* tune2fs -U also takes "clear", "random" and "time", which old
   * scripts rely on; set_uuid accepts only a UUID.
   */
  fsargs_init (&a);
  fsargs_add (&a, "tune2fs");
  fsargs_add (&a, "-f");
  fsargs_add (&a, "-U");
  fsargs_add (&a, uuid);
  fsargs_add (&a, device);
  return fsargs_run (&a, false, NULL);
}

char *
do_get_e2uuid (const char *device)
{
  return do_vfs_uuid (device);
}

/* Runs mke2fs with the block size and the arguments in a (which this
 * starts), then makes the result the only signature blkid finds on
 * device (its TYPE will be keep).  -1 after replying.
 */
static int
run_mke2fs (struct fsargs *a, int blocksize, const char *device,
            const char *keep)
{
  if (blocksize <= 0) {
    fsargs_release (a);
    reply_with_error_errno (EINVAL, "blocksize must be > 0 (not %d)",
                            blocksize);
    return -1;
  }
  if (check_not_mounted (device) == -1) {
    fsargs_release (a);
    return -1;
  }
  fsargs_add (a, "-b");
  fsargs_addf (a, "%d", blocksize);
  fsargs_add (a, device);
  if (fsargs_run (a, true, NULL) == -1)
    return -1;
  return wipe_other_signatures (device, keep);
}

/* An external journal: label and uuid may be NULL.  blkid calls it
 * "jbd".
 */
static int
mke2journal (int blocksize, const char *label, const char *uuid,
             const char *device)
{
  struct fsargs a;

  if (label && strlen (label) > EXT_LABEL_MAX) {
    reply_with_error_errno (ERANGE, "ext2/3/4 labels are at most %d bytes: "
                            "%s", EXT_LABEL_MAX, label);
    return -1;
  }
  fsargs_init (&a);
  fsargs_add (&a, "mke2fs");
  fsargs_add (&a, "-F");
  fsargs_add (&a, "-q");
  fsargs_add (&a, "-O");
  fsargs_add (&a, "journal_dev");
  if (label) {
    fsargs_add (&a, "-L");
    fsargs_add (&a, label);
  }
  if (uuid) {
    fsargs_add (&a, "-U");
    fsargs_add (&a, uuid);
  }
  return run_mke2fs (&a, blocksize, device, "jbd");
}

int
do_mke2journal (int blocksize, const char *device)
{
  return mke2journal (blocksize, NULL, NULL, device);
}

int
do_mke2journal_L (int blocksize, const char *label, const char *device)
{
  return mke2journal (blocksize, label, NULL, device);
}

int
do_mke2journal_U (int blocksize, const char *uuid, const char *device)
{
  return mke2journal (blocksize, NULL, uuid, device);
}

/* A filesystem whose journal is the external one that mke2fs finds by
 * journal_spec (a device, LABEL=... or UUID=...).
 */
static int
mke2fs_external (const char *fstype, int blocksize, const char *device,
                 const char *journal_spec)
{
  struct fsargs a;

  if (!is_ext (fstype)) {
    reply_with_error_errno (EINVAL, "fstype must be ext2, ext3 or ext4 "
                            "(not %s)", fstype);
    return -1;
  }
  fsargs_init (&a);
  fsargs_add (&a, "mke2fs");
  fsargs_add (&a, "-F");
  fsargs_add (&a, "-q");
  fsargs_add (&a, "-t");
  fsargs_add (&a, fstype);
  fsargs_add (&a, "-J");
  fsargs_addf (&a, "device=%s", journal_spec);
  return run_mke2fs (&a, blocksize, device, fstype);
}

int
do_mke2fs_J (const char *fstype, int blocksize, const char *device,
             const char *journal)
{
  return mke2fs_external (fstype, blocksize, device, journal);
}

int
do_mke2fs_JL (const char *fstype, int blocksize, const char *device,
              const char *label)
{
  CLEANUP_FREE char *spec = NULL;

  if (asprintf (&spec, "LABEL=%s", label) == -1) {
    reply_with_perror ("asprintf");
    return -1;
  }
  return mke2fs_external (fstype, blocksize, device, spec);
}

int
do_mke2fs_JU (const char *fstype, int blocksize, const char *device,
              const char *uuid)
{
  CLEANUP_FREE char *spec = NULL;

  if (asprintf (&spec, "UUID=%s", uuid) == -1) {
    reply_with_perror ("asprintf");
    return -1;
  }
  return mke2fs_external (fstype, blocksize, device, spec);
}
