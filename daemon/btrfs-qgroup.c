/* careen - offline disk-image toolkit */

/**
 * btrfs quotas: btrfs_quota_enable, btrfs_quota_rescan and the
 * btrfs_qgroup_* calls, with "btrfs quota" and "btrfs qgroup".
 *
 * The quota calls take a guest path in a mounted btrfs filesystem, or
 * a device or btrfsvol: mountable, which is then mounted read-write on
 * a private directory for the time of the call (quotas are changed
 * through a mounted filesystem only).
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "daemon.h"

/* Most quota groups listed from one filesystem: bounds the reply
 * whatever the filesystem holds.
 */
#define BTRFS_MAX_QGROUPS 100000

/* Longest quota group id: "LEVEL/ID", two 64-bit numbers. */
#define QGROUPID_MAX 41

/* The private mount of a device or btrfsvol: mountable. */
struct quota_mount {
  char dir[32];                 /* "" when nothing is mounted */
};

static void
quota_umount (struct quota_mount *qm)
{
  if (qm->dir[0] == '\0')
    return;
  if (umount (qm->dir) == -1)
    fprintf (stderr, "careen-daemon: umount %s: %m\n", qm->dir);
  else
    rmdir (qm->dir);
  qm->dir[0] = '\0';
}

/* The host path where fs can be changed: a guest path resolved in
 * sysroot, or the private read-write mount of a device or btrfsvol:
 * mountable (undone by quota_umount).  NULL after replying.
 */
static char *
quota_fs_path (const char *fs, struct quota_mount *qm)
{
  CLEANUP_FREE char *device = NULL, *volume = NULL, *opts = NULL;
  char *r;

  qm->dir[0] = '\0';
  if (strncmp (fs, "/dev/", 5) != 0 && strncmp (fs, "btrfsvol:", 9) != 0) {
    if (check_pathname (fs) == -1)
      return NULL;
    r = sysroot_realpath (fs);
    if (r == NULL)
      reply_with_perror ("%s", fs);
    return r;
  }
  if (check_mountable (fs) == -1)
    return NULL;
  if (mountable_split (fs, &device, &volume) == -1) {
    reply_with_perror ("%s", fs);
    return NULL;
  }
  if (volume && asprintf (&opts, "subvol=%s", volume) == -1) {
    reply_with_perror ("asprintf");
    return NULL;
  }
  strcpy (qm->dir, "/tmp/btrfs-quota.XXXXXX");
  if (mkdtemp (qm->dir) == NULL) {
    reply_with_perror ("mkdtemp");
    qm->dir[0] = '\0';
    return NULL;
  }
  if (mount (device, qm->dir, "btrfs", MS_NOSUID | MS_NODEV, opts) == -1) {
    reply_with_perror ("mount: %s", fs);
    rmdir (qm->dir);
    qm->dir[0] = '\0';
    return NULL;
  }
  r = strdup (qm->dir);
  if (r == NULL) {
    reply_with_perror ("strdup");
    quota_umount (qm);
  }
  return r;
}

/* "btrfs SUB1 SUB2 [ARGS...] FSPATH" on fs (see quota_fs_path). */
static int
btrfs_on_fs (const char *sub1, const char *sub2, const char *const *args,
             const char *fs)
{
  struct quota_mount qm;
  CLEANUP_FREE char *hp = quota_fs_path (fs, &qm);
  struct fsargs a;
  size_t i;
  int r;

  if (hp == NULL)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "btrfs");
  fsargs_add (&a, sub1);
  fsargs_add (&a, sub2);
  for (i = 0; args && args[i]; ++i)
    fsargs_add (&a, args[i]);
  fsargs_add (&a, hp);
  r = fsargs_run (&a, false, NULL);
  quota_umount (&qm);
  return r;
}

/* Replies EINVAL unless id is a quota group id: "ID" or "LEVEL/ID". */
static int
check_qgroupid (const char *what, const char *id)
{
  size_t n = strspn (id, "0123456789");

  if (n > 0 && id[n] == '/')
    n += 1 + strspn (id + n + 1, "0123456789");
  if (n == 0 || id[n] != '\0' || n > QGROUPID_MAX || id[n - 1] == '/') {
    reply_with_error_errno (EINVAL, "invalid %s: '%s' (expected ID or "
                            "LEVEL/ID)", what, id);
    return -1;
  }
  return 0;
}

int
do_btrfs_quota_enable (const char *fs, int enable)
{
  return btrfs_on_fs ("quota", enable ? "enable" : "disable", NULL, fs);
}

int
do_btrfs_quota_rescan (const char *fs)
{
  /* -w: the numbers are right when the call returns. */
  static const char *const args[] = { "-w", NULL };

  return btrfs_on_fs ("quota", "rescan", args, fs);
}

int
do_btrfs_qgroup_create (const char *qgroupid, const char *subvolume)
{
  const char *args[] = { qgroupid, NULL };

  if (check_qgroupid ("quota group id", qgroupid) == -1)
    return -1;
  return btrfs_on_fs ("qgroup", "create", args, subvolume);
}

int
do_btrfs_qgroup_destroy (const char *qgroupid, const char *subvolume)
{
  const char *args[] = { qgroupid, NULL };

  if (check_qgroupid ("quota group id", qgroupid) == -1)
    return -1;
  return btrfs_on_fs ("qgroup", "destroy", args, subvolume);
}

int
do_btrfs_qgroup_limit (const char *subvolume, int64_t size)
{
  char sz[32];
  const char *args[] = { sz, NULL };

  if (size < 0) {
    reply_with_error_errno (EINVAL, "size must not be negative: %" PRIi64,
                            size);
    return -1;
  }
  snprintf (sz, sizeof sz, "%" PRIi64, size);
  return btrfs_on_fs ("qgroup", "limit", args, subvolume);
}

static int
qgroup_relation (const char *what, const char *src, const char *dst,
                 const char *path)
{
  const char *args[] = { src, dst, NULL };

  if (check_qgroupid ("source quota group", src) == -1 ||
      check_qgroupid ("destination quota group", dst) == -1)
    return -1;
  return btrfs_on_fs ("qgroup", what, args, path);
}

int
do_btrfs_qgroup_assign (const char *src, const char *dst, const char *path)
{
  return qgroup_relation ("assign", src, dst, path);
}

int
do_btrfs_qgroup_remove (const char *src, const char *dst, const char *path)
{
  return qgroup_relation ("remove", src, dst, path);
}

/* "btrfs qgroup show --raw" prints a heading, a line of dashes, then
 * "LEVEL/ID REFERENCED EXCLUSIVE [more columns]" per group.
 */
struct guestfs_btrfsqgroup_list *
do_btrfs_qgroup_show (const char *path)
{
  CLEANUP_FREE char *hp = sysroot_realpath (path);
  CLEANUP_FREE char *out = NULL, *err = NULL;
  struct guestfs_btrfsqgroup_list *r;
  char *line, *next;
  bool table = false;

  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (command (&out, &err, "btrfs", "qgroup", "show", "--raw", hp,
               NULL) == -1) {
    command_error ("btrfs qgroup show", err);
    return NULL;
  }
  r = calloc (1, sizeof *r);
  if (r == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  for (line = out; line && *line; line = next) {
    char id[QGROUPID_MAX + 1];
    uint64_t rfer, excl;
    struct guestfs_btrfsqgroup *v;

    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    if (!table) {
      table = strncmp (line, "---", 3) == 0;
      continue;
    }
    if (sscanf (line, "%41s %" SCNu64 " %" SCNu64, id, &rfer, &excl) != 3 ||
        strchr (id, '/') == NULL) {
      reply_with_error ("btrfs qgroup show: unexpected line: %s", line);
      goto error;
    }
    if (r->len >= BTRFS_MAX_QGROUPS) {
      reply_with_error ("%s: more than %d quota groups", path,
                        BTRFS_MAX_QGROUPS);
      goto error;
    }
    v = realloc (r->val, (r->len + 1) * sizeof *v);
    if (v == NULL) {
      reply_with_perror ("realloc");
      goto error;
    }
    r->val = v;
    v[r->len].btrfsqgroup_id = strdup (id);
    if (v[r->len].btrfsqgroup_id == NULL) {
      reply_with_perror ("strdup");
      goto error;
    }
    v[r->len].btrfsqgroup_rfer = rfer;
    v[r->len].btrfsqgroup_excl = excl;
    r->len++;
  }
  return r;

 error:
  guestfs_free_btrfsqgroup_list (r);
  return NULL;
}
