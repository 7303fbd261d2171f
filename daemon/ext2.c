/* careen - offline disk-image toolkit */

/**
 * ext2/3/4 calls, driving e2fsprogs: mke2fs, tune2fs, tune2fs_l,
 * e2fsck, resize2fs, resize2fs_size, resize2fs_M, and mklost_and_found
 * (done here in C, as mklost+found would: the tool is not in the
 * appliance and the job is small).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Lines of tune2fs -l output parsed at most: it prints about 60. */
#define TUNE2FS_MAX_LINES 1024

/* lost+found is grown to this size so that e2fsck finds room for
 * orphans without allocating blocks on a damaged filesystem (what
 * mklost+found does).
 */
#define LOST_AND_FOUND_SIZE 16384
/* Most entries created to grow it: bounds the loop on a filesystem
 * whose directories do not grow as expected.
 */
#define LOST_AND_FOUND_MAX_ENTRIES 4096

static bool
has (uint64_t bit)
{
  return (optargs_bitmask & bit) != 0;
}

/* Adds "-E opt" items into one comma list, "-O" features into another. */
struct extlist {
  char buf[512];
  size_t len;
  bool overflow;
};

static void
extlist_add (struct extlist *l, const char *key, int64_t v, bool with_value)
{
  int n;

  if (l->len > 0 && l->len < sizeof l->buf - 1)
    l->buf[l->len++] = ',';
  if (with_value)
    n = snprintf (l->buf + l->len, sizeof l->buf - l->len, "%s=%" PRIi64,
                  key, v);
  else
    n = snprintf (l->buf + l->len, sizeof l->buf - l->len, "%s", key);
  if (n < 0 || (size_t) n >= sizeof l->buf - l->len)
    l->overflow = true;
  else
    l->len += n;
}

/* A boolean feature: "name" or "^name". */
static void
feature (struct extlist *o, uint64_t bit, int on, const char *name)
{
  char f[64];

  if (!has (bit))
    return;
  snprintf (f, sizeof f, "%s%s", on ? "" : "^", name);
  extlist_add (o, f, 0, false);
}

/* A numeric optional argument that cannot be negative (mke2fs and
 * tune2fs would read -1 as a huge unsigned number).
 */
struct nonneg {
  uint64_t bit;
  int64_t value;
  const char *name;
};

static int
check_nonneg (const struct nonneg *n, size_t count)
{
  size_t i;

  for (i = 0; i < count; ++i)
    if (has (n[i].bit) && n[i].value < 0) {
      reply_with_error_errno (EINVAL, "%s must be >= 0", n[i].name);
      return -1;
    }
  return 0;
}

int
do_mke2fs (const char *device, const struct guestfs_mke2fs_argv *o)
{
  struct fsargs a;
  struct extlist e = { .len = 0 }, features = { .len = 0 };
  const struct nonneg nums[] = {
    { GUESTFS_MKE2FS_BLOCKSCOUNT_BITMASK, o->blockscount, "blockscount" },
    { GUESTFS_MKE2FS_BLOCKSIZE_BITMASK, o->blocksize, "blocksize" },
    { GUESTFS_MKE2FS_FRAGSIZE_BITMASK, o->fragsize, "fragsize" },
    { GUESTFS_MKE2FS_BLOCKSPERGROUP_BITMASK, o->blockspergroup,
      "blockspergroup" },
    { GUESTFS_MKE2FS_NUMBEROFGROUPS_BITMASK, o->numberofgroups,
      "numberofgroups" },
    { GUESTFS_MKE2FS_BYTESPERINODE_BITMASK, o->bytesperinode,
      "bytesperinode" },
    { GUESTFS_MKE2FS_INODESIZE_BITMASK, o->inodesize, "inodesize" },
    { GUESTFS_MKE2FS_JOURNALSIZE_BITMASK, o->journalsize, "journalsize" },
    { GUESTFS_MKE2FS_NUMBEROFINODES_BITMASK, o->numberofinodes,
      "numberofinodes" },
    { GUESTFS_MKE2FS_STRIDESIZE_BITMASK, o->stridesize, "stridesize" },
    { GUESTFS_MKE2FS_STRIPEWIDTH_BITMASK, o->stripewidth, "stripewidth" },
    { GUESTFS_MKE2FS_MAXONLINERESIZE_BITMASK, o->maxonlineresize,
      "maxonlineresize" },
    { GUESTFS_MKE2FS_RESERVEDBLOCKSPERCENTAGE_BITMASK,
      o->reservedblockspercentage, "reservedblockspercentage" },
    { GUESTFS_MKE2FS_MMPUPDATEINTERVAL_BITMASK, o->mmpupdateinterval,
      "mmpupdateinterval" },
  };
  const char *fstype = has (GUESTFS_MKE2FS_FSTYPE_BITMASK) ? o->fstype : "ext2";

  if (check_nonneg (nums, sizeof nums / sizeof nums[0]) == -1)
    return -1;
  if (has (GUESTFS_MKE2FS_QUOTATYPE_BITMASK)) {
    reply_with_error_errno (ENOTSUP, "optional argument 'quotatype' is not "
                            "supported");
    return -1;
  }
  if (has (GUESTFS_MKE2FS_JOURNALDEVICE_BITMASK) &&
      strncmp (o->journaldevice, "/dev/", 5) != 0 &&
      strncmp (o->journaldevice, "UUID=", 5) != 0 &&
      strncmp (o->journaldevice, "LABEL=", 6) != 0) {
    reply_with_error_errno (EINVAL, "journaldevice must be a device, "
                            "UUID=... or LABEL=...");
    return -1;
  }
  if (strcmp (fstype, "ext2") != 0 && strcmp (fstype, "ext3") != 0 &&
      strcmp (fstype, "ext4") != 0) {
    reply_with_error_errno (EINVAL, "fstype must be ext2, ext3 or ext4: %s",
                            fstype);
    return -1;
  }

  if (check_not_mounted (device) == -1)
    return -1;

  fsargs_init (&a);
  fsargs_add (&a, "mke2fs");
  /* Never ask a question: there is nobody to answer it.  A second -F
   * (what forcecreate would add) makes mke2fs write over a mounted
   * filesystem: never, so forcecreate is accepted and ignored.
   */
  fsargs_add (&a, "-F");
  fsargs_add (&a, "-t");
  fsargs_add (&a, fstype);
  if (has (GUESTFS_MKE2FS_BLOCKSIZE_BITMASK))
    fsargs_addf (&a, "-b%" PRIi64, o->blocksize);
  if (has (GUESTFS_MKE2FS_FRAGSIZE_BITMASK))
    fsargs_addf (&a, "-f%" PRIi64, o->fragsize);
  if (has (GUESTFS_MKE2FS_BLOCKSPERGROUP_BITMASK))
    fsargs_addf (&a, "-g%" PRIi64, o->blockspergroup);
  if (has (GUESTFS_MKE2FS_NUMBEROFGROUPS_BITMASK))
    fsargs_addf (&a, "-G%" PRIi64, o->numberofgroups);
  if (has (GUESTFS_MKE2FS_BYTESPERINODE_BITMASK))
    fsargs_addf (&a, "-i%" PRIi64, o->bytesperinode);
  if (has (GUESTFS_MKE2FS_INODESIZE_BITMASK))
    fsargs_addf (&a, "-I%" PRIi64, o->inodesize);
  if (has (GUESTFS_MKE2FS_JOURNALSIZE_BITMASK))
    fsargs_addf (&a, "-Jsize=%" PRIi64, o->journalsize);
  if (has (GUESTFS_MKE2FS_JOURNALDEVICE_BITMASK))
    fsargs_addf (&a, "-Jdevice=%s", o->journaldevice);
  if (has (GUESTFS_MKE2FS_NUMBEROFINODES_BITMASK))
    fsargs_addf (&a, "-N%" PRIi64, o->numberofinodes);
  if (has (GUESTFS_MKE2FS_RESERVEDBLOCKSPERCENTAGE_BITMASK))
    fsargs_addf (&a, "-m%d", o->reservedblockspercentage);
  if (has (GUESTFS_MKE2FS_LABEL_BITMASK)) {
    fsargs_add (&a, "-L");
    fsargs_add (&a, o->label);
  }
  if (has (GUESTFS_MKE2FS_LASTMOUNTEDDIR_BITMASK)) {
    fsargs_add (&a, "-M");
    fsargs_add (&a, o->lastmounteddir);
  }
  if (has (GUESTFS_MKE2FS_CREATOROS_BITMASK)) {
    fsargs_add (&a, "-o");
    fsargs_add (&a, o->creatoros);
  }
  if (has (GUESTFS_MKE2FS_USAGETYPE_BITMASK)) {
    fsargs_add (&a, "-T");
    fsargs_add (&a, o->usagetype);
  }
  if (has (GUESTFS_MKE2FS_UUID_BITMASK)) {
    fsargs_add (&a, "-U");
    fsargs_add (&a, o->uuid);
  }
  if (has (GUESTFS_MKE2FS_WRITESBANDGROUPONLY_BITMASK) &&
      o->writesbandgrouponly)
    fsargs_add (&a, "-S");

  if (has (GUESTFS_MKE2FS_STRIDESIZE_BITMASK))
    extlist_add (&e, "stride", o->stridesize, true);
  if (has (GUESTFS_MKE2FS_STRIPEWIDTH_BITMASK))
    extlist_add (&e, "stripe_width", o->stripewidth, true);
  if (has (GUESTFS_MKE2FS_MAXONLINERESIZE_BITMASK))
    extlist_add (&e, "resize", o->maxonlineresize, true);
  if (has (GUESTFS_MKE2FS_MMPUPDATEINTERVAL_BITMASK))
    extlist_add (&e, "mmp_update_interval", o->mmpupdateinterval, true);
  if (has (GUESTFS_MKE2FS_LAZYITABLEINIT_BITMASK))
    extlist_add (&e, "lazy_itable_init", o->lazyitableinit != 0, true);
  if (has (GUESTFS_MKE2FS_LAZYJOURNALINIT_BITMASK))
    extlist_add (&e, "lazy_journal_init", o->lazyjournalinit != 0, true);
  if (has (GUESTFS_MKE2FS_TESTFS_BITMASK) && o->testfs)
    extlist_add (&e, "test_fs", 0, false);
  if (has (GUESTFS_MKE2FS_DISCARD_BITMASK))
    extlist_add (&e, o->discard ? "discard" : "nodiscard", 0, false);

  feature (&features, GUESTFS_MKE2FS_EXTENT_BITMASK, o->extent, "extent");
  feature (&features, GUESTFS_MKE2FS_FILETYPE_BITMASK, o->filetype,
           "filetype");
  feature (&features, GUESTFS_MKE2FS_FLEXBG_BITMASK, o->flexbg, "flex_bg");
  feature (&features, GUESTFS_MKE2FS_HASJOURNAL_BITMASK, o->hasjournal,
           "has_journal");
  feature (&features, GUESTFS_MKE2FS_JOURNALDEV_BITMASK, o->journaldev,
           "journal_dev");
  feature (&features, GUESTFS_MKE2FS_LARGEFILE_BITMASK, o->largefile,
           "large_file");
  feature (&features, GUESTFS_MKE2FS_QUOTA_BITMASK, o->quota, "quota");
  feature (&features, GUESTFS_MKE2FS_RESIZEINODE_BITMASK, o->resizeinode,
           "resize_inode");
  feature (&features, GUESTFS_MKE2FS_SPARSESUPER_BITMASK, o->sparsesuper,
           "sparse_super");
  feature (&features, GUESTFS_MKE2FS_UNINITBG_BITMASK, o->uninitbg,
           "uninit_bg");

  if (e.overflow || features.overflow) {
    fsargs_release (&a);
    reply_with_error_errno (EINVAL, "too many options");
    return -1;
  }
  if (e.len > 0) {
    fsargs_add (&a, "-E");
    fsargs_add (&a, e.buf);
  }
  if (features.len > 0) {
    fsargs_add (&a, "-O");
    fsargs_add (&a, features.buf);
  }
  fsargs_add (&a, device);
  if (has (GUESTFS_MKE2FS_BLOCKSCOUNT_BITMASK))
    fsargs_addf (&a, "%" PRIi64, o->blockscount);

  if (fsargs_run (&a, true, NULL) == -1)
    return -1;
  return wipe_other_signatures (device, fstype);
}

int
do_tune2fs (const char *device, const struct guestfs_tune2fs_argv *o)
{
  struct fsargs a;
  const struct nonneg nums[] = {
    { GUESTFS_TUNE2FS_GROUP_BITMASK, o->group, "group" },
    { GUESTFS_TUNE2FS_USER_BITMASK, o->user, "user" },
    { GUESTFS_TUNE2FS_INTERVALBETWEENCHECKS_BITMASK,
      o->intervalbetweenchecks, "intervalbetweenchecks" },
    { GUESTFS_TUNE2FS_RESERVEDBLOCKSPERCENTAGE_BITMASK,
      o->reservedblockspercentage, "reservedblockspercentage" },
    { GUESTFS_TUNE2FS_RESERVEDBLOCKSCOUNT_BITMASK, o->reservedblockscount,
      "reservedblockscount" },
    { GUESTFS_TUNE2FS_MOUNTCOUNT_BITMASK, o->mountcount, "mountcount" },
  };

  if (has (GUESTFS_TUNE2FS_ERRORBEHAVIOR_BITMASK) &&
      strcmp (o->errorbehavior, "continue") != 0 &&
      strcmp (o->errorbehavior, "remount-ro") != 0 &&
      strcmp (o->errorbehavior, "panic") != 0) {
    reply_with_error_errno (EINVAL, "errorbehavior must be continue, "
                            "remount-ro or panic: %s", o->errorbehavior);
    return -1;
  }
  if (check_nonneg (nums, sizeof nums / sizeof nums[0]) == -1)
    return -1;

  fsargs_init (&a);
  fsargs_add (&a, "tune2fs");
  if (has (GUESTFS_TUNE2FS_FORCE_BITMASK) && o->force)
    fsargs_add (&a, "-f");
  if (has (GUESTFS_TUNE2FS_MAXMOUNTCOUNT_BITMASK))
    fsargs_addf (&a, "-c%d", o->maxmountcount);
  if (has (GUESTFS_TUNE2FS_MOUNTCOUNT_BITMASK))
    fsargs_addf (&a, "-C%d", o->mountcount);
  if (has (GUESTFS_TUNE2FS_ERRORBEHAVIOR_BITMASK))
    fsargs_addf (&a, "-e%s", o->errorbehavior);
  if (has (GUESTFS_TUNE2FS_GROUP_BITMASK))
    fsargs_addf (&a, "-g%" PRIi64, o->group);
  if (has (GUESTFS_TUNE2FS_INTERVALBETWEENCHECKS_BITMASK))
    fsargs_addf (&a, "-i%ds", o->intervalbetweenchecks);
  if (has (GUESTFS_TUNE2FS_RESERVEDBLOCKSPERCENTAGE_BITMASK))
    fsargs_addf (&a, "-m%d", o->reservedblockspercentage);
  if (has (GUESTFS_TUNE2FS_LASTMOUNTEDDIRECTORY_BITMASK)) {
    fsargs_add (&a, "-M");
    fsargs_add (&a, o->lastmounteddirectory);
  }
  if (has (GUESTFS_TUNE2FS_RESERVEDBLOCKSCOUNT_BITMASK))
    fsargs_addf (&a, "-r%" PRIi64, o->reservedblockscount);
  if (has (GUESTFS_TUNE2FS_USER_BITMASK))
    fsargs_addf (&a, "-u%" PRIi64, o->user);
  fsargs_add (&a, device);
  return fsargs_run (&a, false, NULL);
}

/* tune2fs writes "<none>" and "<not available>" for empty fields. */
static const char *
tune2fs_value (const char *v)
{
  if (strcmp (v, "<none>") == 0 || strcmp (v, "<not available>") == 0)
    return "";
  return v;
}

char **
do_tune2fs_l (const char *device)
{
  struct fsargs a;
  CLEANUP_FREE char *out = NULL;
  struct stringsbuf sb;
  char *line, *next;
  size_t n = 0;
  char **r;

  fsargs_init (&a);
  fsargs_add (&a, "tune2fs");
  fsargs_add (&a, "-l");
  fsargs_add (&a, device);
  if (fsargs_run (&a, false, &out) == -1)
    return NULL;

  stringsbuf_init (&sb);
  for (line = out; line && *line && n < TUNE2FS_MAX_LINES; line = next, n++) {
    char *colon, *v, *end;

    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    /* The first line is tune2fs's version banner; others without a
     * colon are not fields.
     */
    colon = strchr (line, ':');
    if (colon == NULL || strncmp (line, "tune2fs ", 8) == 0)
      continue;
    *colon = '\0';
    v = colon + 1;
    v += strspn (v, " \t");
    end = v + strlen (v);
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
      *--end = '\0';
    if (stringsbuf_add_string (&sb, line) == -1 ||
        stringsbuf_add_string (&sb, tune2fs_value (v)) == -1) {
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

int64_t
ext2_block_size (const char *device)
{
  CLEANUP_FREE_STRING_LIST char **fields = do_tune2fs_l (device);
  const char *value = NULL;
  char *end;
  long long v;
  size_t i;

  if (fields == NULL)
    return -1;
  /* The last "Block size": tune2fs prints the guest's label and last
   * mountpoint first, as they are, so a hostile label holding a
   * newline could fake an earlier one.
   */
  for (i = 0; fields[i] != NULL && fields[i+1] != NULL; i += 2)
    if (strcmp (fields[i], "Block size") == 0)
      value = fields[i+1];
  if (value) {
    errno = 0;
    v = strtoll (value, &end, 10);
    if (errno == 0 && end != value && *end == '\0' && v > 0)
      return v;
  }
  reply_with_error ("%s: tune2fs -l gave no valid block size", device);
  return -1;
}

int
do_e2fsck (const char *device, int correct, int forceall)
{
  struct fsargs a;
  CLEANUP_FREE char *out = NULL, *err = NULL;
  int status;

  correct = has (GUESTFS_E2FSCK_CORRECT_BITMASK) && correct;
  forceall = has (GUESTFS_E2FSCK_FORCEALL_BITMASK) && forceall;
  if (correct && forceall) {
    reply_with_error_errno (EINVAL, "only one of correct and forceall may "
                            "be true");
    return -1;
  }
  if (check_not_mounted (device) == -1)
    return -1;

  fsargs_init (&a);
  fsargs_add (&a, "e2fsck");
  fsargs_add (&a, "-f");
  fsargs_add (&a, correct ? "-p" : forceall ? "-y" : "-n");
  fsargs_add (&a, device);
  status = fsargs_runrv (&a, true, &out, &err);
  if (status == -1)
    return -1;
  /* 1 and 2: errors were corrected, which is success. */
  if ((status & ~3) != 0) {
    reply_with_error ("%s: exit status %d: %s", device, status,
                      err && *err ? err : out ? out : "");
    return -1;
  }
  return 0;
}

static int
resize2fs (const char *device, const char *flag, const char *size)
{
  struct fsargs a;

  if (check_not_mounted (device) == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "resize2fs");
  if (flag)
    fsargs_add (&a, flag);
  fsargs_add (&a, device);
  if (size)
    fsargs_add (&a, size);
  return fsargs_run (&a, true, NULL);
}

int
do_resize2fs (const char *device)
{
  return resize2fs (device, NULL, NULL);
}

int
do_resize2fs_size (const char *device, int64_t size)
{
  char s[32];

  if (size <= 0) {
    reply_with_error_errno (EINVAL, "size must be > 0");
    return -1;
  }
  /* resize2fs takes units; K keeps the request exact enough. */
  snprintf (s, sizeof s, "%" PRIi64 "K", size / 1024);
  return resize2fs (device, NULL, s);
}

int
do_resize2fs_M (const char *device)
{
  return resize2fs (device, "-M", NULL);
}

int
do_mklost_and_found (const char *mountpoint)
{
  CLEANUP_CLOSE int dirfd = -1;
  CLEANUP_CLOSE int lfd = -1;
  struct stat st;
  char name[128];
  int i, made = 0;

  dirfd = sysroot_open (mountpoint, O_DIRECTORY | O_RDONLY, 0);
  if (dirfd == -1) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  if (mkdirat (dirfd, "lost+found", 0700) == -1) {
    reply_with_perror ("%s/lost+found", mountpoint);
    return -1;
  }
  lfd = openat (dirfd, "lost+found", O_DIRECTORY | O_RDONLY | O_NOFOLLOW);
  if (lfd == -1) {
    reply_with_perror ("%s/lost+found", mountpoint);
    return -1;
  }
  /* Grow the directory with empty files of long names, then remove
   * them: the directory keeps its blocks.
   */
  for (i = 0; i < LOST_AND_FOUND_MAX_ENTRIES; ++i) {
    int fd;

    if (fstat (lfd, &st) == -1) {
      reply_with_perror ("%s/lost+found", mountpoint);
      return -1;
    }
    if (st.st_size >= LOST_AND_FOUND_SIZE)
      break;
    snprintf (name, sizeof name, "lost+found-filler-%0100d", i);
    fd = openat (lfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    if (fd == -1) {
      reply_with_perror ("%s/lost+found", mountpoint);
      return -1;
    }
    close (fd);
    made = i + 1;
  }
  for (i = 0; i < made; ++i) {
    snprintf (name, sizeof name, "lost+found-filler-%0100d", i);
    if (unlinkat (lfd, name, 0) == -1) {
      reply_with_perror ("%s/lost+found", mountpoint);
      return -1;
    }
  }
  return 0;
}
