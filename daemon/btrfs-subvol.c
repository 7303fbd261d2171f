/* careen - offline disk-image toolkit */

/**
 * btrfs subvolume calls, driving btrfs-progs on the guest tree under
 * sysroot: create, delete, snapshot, list, default, show.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* Most lines of "btrfs subvolume show" looked at, and most snapshots
 * joined into the "Snapshot(s)" value: a subvolume with thousands of
 * snapshots still gives a bounded reply.
 */
#define SHOW_MAX_LINES 10000
#define SHOW_MAX_SNAPSHOTS_BYTES (256 * 1024)

/* Runs the btrfs command line a; 0, or -1 after replying. */
static int
run_btrfs (char **out_r, struct fsargs *a)
{
  return fsargs_run (a, false, out_r);
}

/* The host path of a guest path that must exist, NULL after replying. */
static char *
host_path (const char *path)
{
  char *r = sysroot_realpath (path);

  if (r == NULL)
    reply_with_perror ("%s", path);
  return r;
}

/* The host path of the parent of a path that must not exist yet. */
static char *
new_host_path (const char *path)
{
  const char *name = strrchr (path, '/') + 1;
  char *r;

  if (!valid_entry_name (name)) {
    reply_with_error_errno (EINVAL, "%s: invalid name", path);
    return NULL;
  }
  r = sysroot_parent_path (path);
  if (r == NULL)
    reply_with_perror ("%s", path);
  return r;
}

/* -1 after replying EINVAL unless s is a quota group id "LEVEL/ID". */
static int
check_qgroupid (const char *s)
{
  const char *slash = strchr (s, '/');

  if (slash == NULL || slash == s || slash[1] == '\0' ||
      strspn (s, "0123456789") != (size_t) (slash - s) ||
      strspn (slash + 1, "0123456789") != strlen (slash + 1)) {
    reply_with_error_errno (EINVAL, "%s: invalid qgroupid", s);
    return -1;
  }
  return 0;
}

int
do_btrfs_subvolume_create (const char *dest, const char *qgroupid)
{
  CLEANUP_FREE char *hp = NULL;
  struct fsargs a;

  if ((optargs_bitmask & GUESTFS_BTRFS_SUBVOLUME_CREATE_OPTS_QGROUPID_BITMASK)
      && check_qgroupid (qgroupid) == -1)
    return -1;
  hp = new_host_path (dest);
  if (hp == NULL)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "btrfs");
  fsargs_add (&a, "subvolume");
  fsargs_add (&a, "create");
  if (optargs_bitmask & GUESTFS_BTRFS_SUBVOLUME_CREATE_OPTS_QGROUPID_BITMASK) {
    fsargs_add (&a, "-i");
    fsargs_add (&a, qgroupid);
  }
  fsargs_add (&a, hp);
  return run_btrfs (NULL, &a);
}

int
do_btrfs_subvolume_delete (const char *subvolume)
{
  CLEANUP_FREE char *hp = host_path (subvolume);
  struct fsargs a;

  if (hp == NULL)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "btrfs");
  fsargs_add (&a, "subvolume");
  fsargs_add (&a, "delete");
  fsargs_add (&a, hp);
  return run_btrfs (NULL, &a);
}

int
do_btrfs_subvolume_snapshot (const char *source, const char *dest,
                             int ro, const char *qgroupid)
{
  CLEANUP_FREE char *src = NULL, *dst = NULL;
  struct fsargs a;

  if ((optargs_bitmask &
       GUESTFS_BTRFS_SUBVOLUME_SNAPSHOT_OPTS_QGROUPID_BITMASK) &&
      check_qgroupid (qgroupid) == -1)
    return -1;
  src = host_path (source);
  if (src == NULL)
    return -1;
  dst = new_host_path (dest);
  if (dst == NULL)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "btrfs");
  fsargs_add (&a, "subvolume");
  fsargs_add (&a, "snapshot");
  if ((optargs_bitmask & GUESTFS_BTRFS_SUBVOLUME_SNAPSHOT_OPTS_RO_BITMASK) &&
      ro)
    fsargs_add (&a, "-r");
  if (optargs_bitmask &
      GUESTFS_BTRFS_SUBVOLUME_SNAPSHOT_OPTS_QGROUPID_BITMASK) {
    fsargs_add (&a, "-i");
    fsargs_add (&a, qgroupid);
  }
  fsargs_add (&a, src);
  fsargs_add (&a, dst);
  return run_btrfs (NULL, &a);
}

/* The host path where fs (a guest path, or a device or btrfsvol
 * mountable) can be looked at; *private_r is set when a private mount
 * was made (the caller undoes it).  NULL after replying.
 */
static char *
fs_host_path (const char *fs, bool *private_r)
{
  CLEANUP_FREE char *device = NULL, *volume = NULL;
  const char *mp;
  char *r;

  *private_r = false;
  if (strncmp (fs, "/dev/", 5) != 0 && strncmp (fs, "btrfsvol:", 9) != 0) {
    if (check_pathname (fs) == -1)
      return NULL;
    return host_path (fs);
  }
  if (check_mountable (fs) == -1)
    return NULL;
  if (mountable_split (fs, &device, &volume) == -1) {
    reply_with_perror ("%s", fs);
    return NULL;
  }
  mp = btrfs_private_mount (device, volume);
  if (mp == NULL) {
    reply_with_perror ("mount %s", fs);
    return NULL;
  }
  r = strdup (mp);
  if (r == NULL) {
    reply_with_perror ("strdup");
    btrfs_private_umount ();
    return NULL;
  }
  *private_r = true;
  return r;
}

struct guestfs_btrfssubvolume_list *
do_btrfs_subvolume_list (const char *fs)
{
  struct btrfs_subvol_list l = { NULL, 0 };
  struct guestfs_btrfssubvolume_list *r = NULL;
  CLEANUP_FREE char *hp = NULL;
  bool private;
  int ok;
  size_t i;

  hp = fs_host_path (fs, &private);
  if (hp == NULL)
    return NULL;
  ok = btrfs_list_host (hp, &l);
  if (private)
    btrfs_private_umount ();
  if (ok == -1)
    return NULL;

  r = calloc (1, sizeof *r);
  if (r == NULL || (l.len > 0 &&
                    (r->val = calloc (l.len, sizeof *r->val)) == NULL)) {
    reply_with_perror ("calloc");
    free (r);
    btrfs_subvol_list_release (&l);
    return NULL;
  }
  /* The paths move into the reply. */
  for (i = 0; i < l.len; ++i) {
    r->val[i].btrfssubvolume_id = l.val[i].id;
    r->val[i].btrfssubvolume_top_level_id = l.val[i].top_level_id;
    r->val[i].btrfssubvolume_path = l.val[i].path;
  }
  r->len = l.len;
  free (l.val);
  return r;
}

int64_t
do_btrfs_subvolume_get_default (const char *fs)
{
  CLEANUP_FREE char *hp = NULL;
  bool private;
  int64_t r;

  hp = fs_host_path (fs, &private);
  if (hp == NULL)
    return -1;
  r = btrfs_default_host (hp);
  if (private)
    btrfs_private_umount ();
  return r;
}

int
do_btrfs_subvolume_set_default (int64_t id, const char *fs)
{
  CLEANUP_FREE char *hp = NULL;
  struct fsargs a;

  if (id < 0) {
    reply_with_error_errno (EINVAL, "%" PRIi64 ": invalid subvolume id", id);
    return -1;
  }
  hp = host_path (fs);
  if (hp == NULL)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "btrfs");
  fsargs_add (&a, "subvolume");
  fsargs_add (&a, "set-default");
  fsargs_addf (&a, "%" PRIi64, id);
  fsargs_add (&a, hp);
  return run_btrfs (NULL, &a);
}

/* Trims spaces and tabs at both ends, in place. */
static char *
trim_blank (char *s)
{
  size_t n;

  s += strspn (s, " \t");
  n = strlen (s);
  while (n > 0 && (s[n-1] == ' ' || s[n-1] == '\t'))
    s[--n] = '\0';
  return s;
}

char **
do_btrfs_subvolume_show (const char *subvolume)
{
  CLEANUP_FREE char *hp = host_path (subvolume), *out = NULL;
  CLEANUP_FREE char *snapshots = NULL;
  struct stringsbuf sb;
  struct fsargs a;
  char *line, *save = NULL;
  size_t nlines = 0, snap_len = 0, snap_cap = 0;
  bool in_snapshots = false;

  if (hp == NULL)
    return NULL;
  fsargs_init (&a);
  fsargs_add (&a, "btrfs");
  fsargs_add (&a, "subvolume");
  fsargs_add (&a, "show");
  fsargs_add (&a, hp);
  if (run_btrfs (&out, &a) == -1)
    return NULL;
  if (strstr (out, "toplevel subvolume") != NULL) {
    reply_with_error_errno (EINVAL, "%s: is the top level of the filesystem, "
                            "not a subvolume", subvolume);
    return NULL;
  }

  stringsbuf_init (&sb);
  /* The first line is the subvolume's path; then "Key: value" lines,
   * and under "Snapshot(s):" one snapshot path per line.
   */
  line = strtok_r (out, "\n", &save);
  for (line = line ? strtok_r (NULL, "\n", &save) : NULL;
       line != NULL && nlines < SHOW_MAX_LINES;
       line = strtok_r (NULL, "\n", &save), nlines++) {
    char *colon = strchr (line, ':'), *key, *value;

    if (in_snapshots && colon == NULL) {
      char *snap = trim_blank (line);
      size_t n = strlen (snap);

      if (n == 0 || snap_len + n + 1 > SHOW_MAX_SNAPSHOTS_BYTES)
        continue;
      /* A comma, the path and its NUL. */
      if (vector_reserve ((void **) &snapshots, &snap_cap, snap_len, n + 2,
                          1) == -1)
        goto out_nomem;
      if (snap_len > 0)
        snapshots[snap_len++] = ',';
      memcpy (snapshots + snap_len, snap, n + 1);
      snap_len += n;
      continue;
    }
    if (colon == NULL)
      continue;
    *colon = '\0';
    key = trim_blank (line);
    value = trim_blank (colon + 1);
    if (strcmp (key, "Snapshot(s)") == 0) {
      in_snapshots = true;
      continue;
    }
    in_snapshots = false;
    if (stringsbuf_add_string (&sb, key) == -1 ||
        stringsbuf_add_string (&sb, value) == -1)
      goto out_nomem;
  }
  if (stringsbuf_add_string (&sb, "Snapshot(s)") == -1 ||
      stringsbuf_add_string (&sb, snapshots ? snapshots : "") == -1)
    goto out_nomem;
  {
    char **r = stringsbuf_finish (&sb);

    if (r == NULL)
      reply_with_perror ("malloc");
    return r;
  }

 out_nomem:
  reply_with_perror ("malloc");
  stringsbuf_release (&sb);
  return NULL;
}
