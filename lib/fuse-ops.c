/** careen - offline disk-image toolkit
 *
 * The FUSE operations of the local mount.  FUSE gives paths relative to
 * the mount point, which are the guest paths the handle's calls take
 * (the appliance's mounted tree).  Each operation makes calls on the
 * handle and turns a failure into the negative errno FUSE wants, the
 * errno the daemon reported (EIO when there is none).
 *
 * FUSE runs these one at a time (mount_local_run uses the
 * single-threaded loop): a handle runs one call at a time anyway.
 */

#include <config.h>

#if HAVE_FUSE

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fuse-internal.h"

/* Names per batched call when a listing fills the cache: bounds the
 * size of one reply whatever the size of the directory.
 */
#define LIST_BATCH 1000

static guestfs_h *
handle (void)
{
  return fuse_get_context ()->private_data;
}

static struct local_mount *
mount_of (guestfs_h *g)
{
  return g->local_mount;
}

/* Logs one request and its result (debugcalls), and returns R. */
static int
done (guestfs_h *g, const char *op, const char *path, int r)
{
  /* As the rest of the library's debug messages, only when verbose. */
  if (mount_of (g)->debugcalls) {
    if (r < 0)
      debug (g, "mount_local: %s %s = %s (%s)", op, path, strerror (-r),
             guestfs_last_error (g) ? guestfs_last_error (g) : "");
    else
      debug (g, "mount_local: %s %s = %d", op, path, r);
  }
  return r;
}

/* The negative errno of the handle's last failed call. */
static int
failed (guestfs_h *g)
{
  int err = guestfs_last_errno (g);

  return -(err > 0 ? err : EIO);
}

static void
statns_to_stat (const struct guestfs_statns *s, struct stat *st)
{
  memset (st, 0, sizeof *st);
  st->st_dev = s->st_dev;
  st->st_ino = s->st_ino;
  st->st_mode = s->st_mode;
  st->st_nlink = s->st_nlink;
  st->st_uid = s->st_uid;
  st->st_gid = s->st_gid;
  st->st_rdev = s->st_rdev;
  st->st_size = s->st_size;
  st->st_blksize = s->st_blksize;
  st->st_blocks = s->st_blocks;
  st->st_atim.tv_sec = s->st_atime_sec;
  st->st_atim.tv_nsec = s->st_atime_nsec;
  st->st_mtim.tv_sec = s->st_mtime_sec;
  st->st_mtim.tv_nsec = s->st_mtime_nsec;
  st->st_ctim.tv_sec = s->st_ctime_sec;
  st->st_ctim.tv_nsec = s->st_ctime_nsec;
}

/* After a successful change of PATH. */
static void
changed (guestfs_h *g, const char *path)
{
  guestfs_int_fuse_cache_forget (&mount_of (g)->cache, path);
}

/* After a change that may alter paths other than PATH and its parent
 * (renames, hard links, files with several names).
 */
static void
changed_all (guestfs_h *g)
{
  guestfs_int_fuse_cache_clear (&mount_of (g)->cache);
}

/* Every change goes through here first. */
static int
refuse_if_readonly (guestfs_h *g)
{
  return mount_of (g)->readonly ? -EROFS : 0;
}

static void *
op_init (struct fuse_conn_info *conn, struct fuse_config *cfg)
{
  /* Inode numbers are the guest's, so that hard links show as such
   * (tar, cp -a and find rely on it).
   */
  cfg->use_ino = 1;
  /* Removing an open file removes it: the default, renaming it to a
   * hidden name until closed, would leave those names in the guest.
   */
  cfg->hard_remove = 1;
  return handle ();
}

static int
op_getattr (const char *path, struct stat *st, struct fuse_file_info *fi)
{
  guestfs_h *g = handle ();
  struct fuse_cache_entry *e;
  struct guestfs_statns *s;

  e = guestfs_int_fuse_cache_get_entry (&mount_of (g)->cache, path);
  if (e && e->have_stat) {
    *st = e->st;
    return done (g, "getattr (cached)", path, 0);
  }
  s = guestfs_lstatns (g, path);
  if (s == NULL)
    return done (g, "getattr", path, failed (g));
  statns_to_stat (s, st);
  guestfs_free_statns (s);
  return done (g, "getattr", path, 0);
}

static int
op_access (const char *path, int mask)
{
  guestfs_h *g = handle ();
  struct stat st;
  int r;

  r = op_getattr (path, &st, NULL);
  if (r < 0)
    return r;
  if ((mask & W_OK) && mount_of (g)->readonly)
    return done (g, "access", path, -EROFS);
  /* Read and write are allowed (the appliance acts as root); executing
   * a file needs an execute bit, as for root on Linux.
   */
  if ((mask & X_OK) && !S_ISDIR (st.st_mode) &&
      (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0)
    return done (g, "access", path, -EACCES);
  return done (g, "access", path, 0);
}

static int
op_readlink (const char *path, char *buf, size_t size)
{
  guestfs_h *g = handle ();
  struct fuse_cache_entry *e;
  char *target = NULL;
  const char *t;
  size_t len;

  if (size == 0)
    return -EINVAL;
  e = guestfs_int_fuse_cache_get_entry (&mount_of (g)->cache, path);
  if (e && e->link)
    t = e->link;
  else {
    target = guestfs_readlink (g, path);
    if (target == NULL)
      return done (g, "readlink", path, failed (g));
    t = target;
  }
  len = strlen (t);
  if (len > size - 1)
    len = size - 1;
  memcpy (buf, t, len);
  buf[len] = '\0';
  free (target);
  return done (g, "readlink", path, 0);
}

/* Joins directory DIR and entry NAME; NULL if out of memory. */
static char *
child_path (const char *dir, const char *name)
{
  char *p;

  if (asprintf (&p, "%s%s%s", dir, strcmp (dir, "/") == 0 ? "" : "/",
                name) == -1)
    return NULL;
  return p;
}

/* Keeps the xattrs of one file: N elements of LIST from index START. */
static void
keep_xattrs (guestfs_h *g, struct fuse_cache_entry *e,
             const struct guestfs_xattr_list *list, size_t start, size_t n)
{
  size_t i;

  e->xattrs = calloc (n ? n : 1, sizeof e->xattrs[0]);
  if (e->xattrs == NULL)
    guestfs_int_oom (g);
  for (i = 0; i < n; ++i) {
    const struct guestfs_xattr *x = &list->val[start + i];

    e->xattrs[i].name = strdup (x->attrname);
    e->xattrs[i].value = malloc (x->attrval_len ? x->attrval_len : 1);
    if (e->xattrs[i].name == NULL || e->xattrs[i].value == NULL)
      guestfs_int_oom (g);
    memcpy (e->xattrs[i].value, x->attrval, x->attrval_len);
    e->xattrs[i].len = x->attrval_len;
    e->nr_xattrs++;
  }
  e->have_xattrs = true;
}

/* Fills the cache for NAMES (N of them) in DIR: three batched calls.
 * Failures only leave things uncached: FUSE asks again one by one.
 */
static void
fill_cache (guestfs_h *g, const char *dir, char **names, size_t n)
{
  struct fuse_cache *c = &mount_of (g)->cache;
  struct guestfs_statns_list *stats;
  struct guestfs_xattr_list *xattrs;
  char **links;
  size_t i, j;

  stats = guestfs_lstatnslist (g, dir, names);
  if (stats == NULL || stats->len != n) {
    guestfs_free_statns_list (stats);
    return;
  }
  for (i = 0; i < n; ++i) {
    CLEANUP_FREE char *p = child_path (dir, names[i]);
    struct fuse_cache_entry *e;

    if (p == NULL || stats->val[i].st_ino == -1)
      continue;
    e = guestfs_int_fuse_cache_add_entry (g, c, p);
    if (e == NULL)
      break;
    statns_to_stat (&stats->val[i], &e->st);
    e->have_stat = true;
  }

  links = guestfs_readlinklist (g, dir, names);
  if (links) {
    for (i = 0; i < n && links[i]; ++i) {
      CLEANUP_FREE char *p = child_path (dir, names[i]);
      struct fuse_cache_entry *e;

      if (p == NULL || !S_ISLNK (stats->val[i].st_mode) || !links[i][0])
        continue;
      e = guestfs_int_fuse_cache_get_entry (c, p);
      if (e && e->link == NULL) {
        e->link = strdup (links[i]);
        if (e->link == NULL)
          guestfs_int_oom (g);
      }
    }
    strings_free (links);
  }
  guestfs_free_statns_list (stats);

  /* A flat list: per file a header (empty name, count in decimal, or
   * empty when unreadable) then that many attributes.
   */
  xattrs = guestfs_lxattrlist (g, dir, names);
  if (xattrs == NULL)
    return;
  for (i = 0, j = 0; i < n && j < xattrs->len; ++i) {
    const struct guestfs_xattr *h = &xattrs->val[j++];
    char count_s[32];
    unsigned long count;
    char *end;

    if (h->attrname[0] != '\0' || h->attrval_len >= sizeof count_s)
      break;                    /* not a header: give up on the rest */
    memcpy (count_s, h->attrval, h->attrval_len);
    count_s[h->attrval_len] = '\0';
    if (count_s[0] == '\0')
      continue;
    errno = 0;
    count = strtoul (count_s, &end, 10);
    if (errno || *end || count > xattrs->len - j)
      break;
    {
      CLEANUP_FREE char *p = child_path (dir, names[i]);
      struct fuse_cache_entry *e = p ? guestfs_int_fuse_cache_get_entry (c, p)
                                     : NULL;

      if (e && !e->have_xattrs)
        keep_xattrs (g, e, xattrs, j, count);
    }
    j += count;
  }
  guestfs_free_xattr_list (xattrs);
}

static mode_t
ftyp_mode (char ftyp)
{
  switch (ftyp) {
  case 'b': return S_IFBLK;
  case 'c': return S_IFCHR;
  case 'd': return S_IFDIR;
  case 'f': return S_IFIFO;
  case 'l': return S_IFLNK;
  case 'r': return S_IFREG;
  case 's': return S_IFSOCK;
  default: return 0;
  }
}

static int
op_readdir (const char *path, void *buf, fuse_fill_dir_t filler,
            off_t offset, struct fuse_file_info *fi,
            enum fuse_readdir_flags flags)
{
  guestfs_h *g = handle ();
  struct guestfs_dirent_list *ents;
  char **batch;
  size_t i, n = 0;

  ents = guestfs_readdir (g, path);
  if (ents == NULL)
    return done (g, "readdir", path, failed (g));

  batch = calloc (LIST_BATCH + 1, sizeof batch[0]);
  if (batch == NULL)
    guestfs_int_oom (g);
  for (i = 0; i < ents->len; ++i) {
    struct stat st;
    const char *name = ents->val[i].name;

    memset (&st, 0, sizeof st);
    st.st_ino = ents->val[i].ino;
    st.st_mode = ftyp_mode (ents->val[i].ftyp);
    if (filler (buf, name, &st, 0, 0) != 0)
      break;
    if (mount_of (g)->cache.timeout == 0 ||
        strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
      continue;
    batch[n++] = (char *) name;
    if (n == LIST_BATCH) {
      fill_cache (g, path, batch, n);
      n = 0;
      batch[0] = NULL;
    }
  }
  batch[n] = NULL;
  if (n > 0)
    fill_cache (g, path, batch, n);
  free (batch);
  guestfs_free_dirent_list (ents);
  return done (g, "readdir", path, 0);
}

/* Sets MODE exactly: the appliance's umask may have taken bits off. */
static int
exact_mode (guestfs_h *g, const char *path, mode_t mode)
{
  if ((mode & 07777 & 022) == 0 && (mode & 07000) == 0)
    return 0;
  return guestfs_chmod (g, mode & 07777, path);
}

static int
op_mknod (const char *path, mode_t mode, dev_t rdev)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "mknod", path, r);
  if (guestfs_mknod (g, mode, major (rdev), minor (rdev), path) == -1 ||
      exact_mode (g, path, mode) == -1)
    return done (g, "mknod", path, failed (g));
  changed (g, path);
  return done (g, "mknod", path, 0);
}

static int
op_create (const char *path, mode_t mode, struct fuse_file_info *fi)
{
  return op_mknod (path, S_IFREG | (mode & 07777), 0);
}

static int
op_mkdir (const char *path, mode_t mode)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "mkdir", path, r);
  if (guestfs_mkdir_mode (g, path, mode & 07777) == -1 ||
      exact_mode (g, path, mode) == -1)
    return done (g, "mkdir", path, failed (g));
  changed (g, path);
  return done (g, "mkdir", path, 0);
}

static int
op_unlink (const char *path)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "unlink", path, r);
  if (guestfs_rm (g, path) == -1)
    return done (g, "unlink", path, failed (g));
  /* Other names of the file see their link count drop. */
  changed_all (g);
  return done (g, "unlink", path, 0);
}

static int
op_rmdir (const char *path)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "rmdir", path, r);
  if (guestfs_rmdir (g, path) == -1)
    return done (g, "rmdir", path, failed (g));
  changed (g, path);
  return done (g, "rmdir", path, 0);
}

static int
op_symlink (const char *target, const char *linkpath)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "symlink", linkpath, r);
  if (guestfs_ln_s (g, target, linkpath) == -1)
    return done (g, "symlink", linkpath, failed (g));
  changed (g, linkpath);
  return done (g, "symlink", linkpath, 0);
}

static int
op_rename (const char *from, const char *to, unsigned int flags)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "rename", from, r);
  /* RENAME_NOREPLACE and RENAME_EXCHANGE have no call: programs then
   * fall back to a plain rename.
   */
  if (flags != 0)
    return done (g, "rename", from, -EINVAL);
  if (guestfs_rename (g, from, to) == -1)
    return done (g, "rename", from, failed (g));
  /* A renamed directory moves every path below it. */
  changed_all (g);
  return done (g, "rename", from, 0);
}

static int
op_link (const char *from, const char *to)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "link", to, r);
  if (guestfs_ln (g, from, to) == -1)
    return done (g, "link", to, failed (g));
  changed_all (g);
  return done (g, "link", to, 0);
}

/* After a change of a file's attributes or data: a file with other
 * names changes under those names too.
 */
static void
changed_file (guestfs_h *g, const char *path)
{
  struct fuse_cache_entry *e;

  e = guestfs_int_fuse_cache_get_entry (&mount_of (g)->cache, path);
  if (e == NULL || !e->have_stat || e->st.st_nlink > 1 ||
      S_ISDIR (e->st.st_mode))
    changed_all (g);
  else
    changed (g, path);
}

static int
op_chmod (const char *path, mode_t mode, struct fuse_file_info *fi)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "chmod", path, r);
  if (guestfs_chmod (g, mode & 07777, path) == -1)
    return done (g, "chmod", path, failed (g));
  changed_file (g, path);
  return done (g, "chmod", path, 0);
}

static int
op_chown (const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "chown", path, r);
  /* (uid_t) -1 means "unchanged", as in lchown(2). */
  if (guestfs_lchown (g, (int) uid, (int) gid, path) == -1)
    return done (g, "chown", path, failed (g));
  changed_file (g, path);
  return done (g, "chown", path, 0);
}

static int
op_truncate (const char *path, off_t size, struct fuse_file_info *fi)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "truncate", path, r);
  if (guestfs_truncate_size (g, path, size) == -1)
    return done (g, "truncate", path, failed (g));
  changed_file (g, path);
  return done (g, "truncate", path, 0);
}

/* utimens's nanoseconds: -1 means now, -2 unchanged. */
static int64_t
nsecs_of (const struct timespec *ts)
{
  if (ts->tv_nsec == UTIME_NOW)
    return -1;
  if (ts->tv_nsec == UTIME_OMIT)
    return -2;
  return ts->tv_nsec;
}

static int
op_utimens (const char *path, const struct timespec tv[2],
            struct fuse_file_info *fi)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);
  struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };

  if (r < 0)
    return done (g, "utimens", path, r);
  if (tv == NULL)
    tv = now;
  if (guestfs_utimens (g, path, tv[0].tv_sec, nsecs_of (&tv[0]),
                       tv[1].tv_sec, nsecs_of (&tv[1])) == -1)
    return done (g, "utimens", path, failed (g));
  changed_file (g, path);
  return done (g, "utimens", path, 0);
}

static int
op_open (const char *path, struct fuse_file_info *fi)
{
  guestfs_h *g = handle ();

  if (((fi->flags & O_ACCMODE) != O_RDONLY || (fi->flags & O_TRUNC)) &&
      mount_of (g)->readonly)
    return done (g, "open", path, -EROFS);
  return done (g, "open", path, 0);
}

static int
op_read (const char *path, char *buf, size_t size, off_t offset,
         struct fuse_file_info *fi)
{
  guestfs_h *g = handle ();
  char *data;
  size_t len;

  /* FUSE asks for at most max_read bytes (128 KiB), far below INT_MAX. */
  data = guestfs_pread (g, path, (int) size, offset, &len);
  if (data == NULL)
    return done (g, "read", path, failed (g));
  if (len > size) {
    free (data);
    return done (g, "read", path, -EIO);
  }
  memcpy (buf, data, len);
  free (data);
  return done (g, "read", path, (int) len);
}

static int
op_write (const char *path, const char *buf, size_t size, off_t offset,
          struct fuse_file_info *fi)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "write", path, r);
  r = guestfs_pwrite (g, path, buf, size, offset);
  if (r == -1)
    return done (g, "write", path, failed (g));
  changed_file (g, path);
  return done (g, "write", path, r);
}

static int
op_statfs (const char *path, struct statvfs *stv)
{
  guestfs_h *g = handle ();
  struct guestfs_statvfs *s;

  s = guestfs_statvfs (g, path);
  if (s == NULL)
    return done (g, "statfs", path, failed (g));
  memset (stv, 0, sizeof *stv);
  stv->f_bsize = s->bsize;
  stv->f_frsize = s->frsize;
  stv->f_blocks = s->blocks;
  stv->f_bfree = s->bfree;
  stv->f_bavail = s->bavail;
  stv->f_files = s->files;
  stv->f_ffree = s->ffree;
  stv->f_favail = s->favail;
  stv->f_fsid = s->fsid;
  stv->f_flag = s->flag;
  stv->f_namemax = s->namemax;
  guestfs_free_statvfs (s);
  return done (g, "statfs", path, 0);
}

static int
op_fsync (const char *path, int datasync, struct fuse_file_info *fi)
{
  guestfs_h *g = handle ();

  if (guestfs_sync (g) == -1)
    return done (g, "fsync", path, failed (g));
  return done (g, "fsync", path, 0);
}

static int
op_setxattr (const char *path, const char *name, const char *value,
             size_t size, int flags)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "setxattr", path, r);
  if (size > INT_MAX)
    return done (g, "setxattr", path, -E2BIG);
  if (guestfs_lsetxattr (g, name, value, (int) size, path) == -1)
    return done (g, "setxattr", path, failed (g));
  changed_file (g, path);
  return done (g, "setxattr", path, 0);
}

/* Copies LEN bytes of VALUE out as getxattr(2) and listxattr(2) do:
 * SIZE 0 asks only for the length.
 */
static int
give_bytes (char *out, size_t size, const char *value, size_t len)
{
  if (len > INT_MAX)
    return -E2BIG;
  if (size == 0)
    return (int) len;
  if (size < len)
    return -ERANGE;
  memcpy (out, value, len);
  return (int) len;
}

static int
op_getxattr (const char *path, const char *name, char *value, size_t size)
{
  guestfs_h *g = handle ();
  struct fuse_cache_entry *e;
  char *v;
  size_t len, i;
  int r;

  e = guestfs_int_fuse_cache_get_entry (&mount_of (g)->cache, path);
  if (e && e->have_xattrs) {
    for (i = 0; i < e->nr_xattrs; ++i)
      if (strcmp (e->xattrs[i].name, name) == 0)
        return done (g, "getxattr (cached)", path,
                     give_bytes (value, size, e->xattrs[i].value,
                                 e->xattrs[i].len));
    return done (g, "getxattr (cached)", path, -ENODATA);
  }
  v = guestfs_lgetxattr (g, path, name, &len);
  if (v == NULL)
    return done (g, "getxattr", path, failed (g));
  r = give_bytes (value, size, v, len);
  free (v);
  return done (g, "getxattr", path, r);
}

static int
op_listxattr (const char *path, char *list, size_t size)
{
  guestfs_h *g = handle ();
  struct guestfs_xattr_list *xs;
  CLEANUP_FREE char *names = NULL;
  size_t total = 0, i;
  int r;

  xs = guestfs_lgetxattrs (g, path);
  if (xs == NULL)
    return done (g, "listxattr", path, failed (g));
  for (i = 0; i < xs->len; ++i)
    total += strlen (xs->val[i].attrname) + 1;
  names = malloc (total ? total : 1);
  if (names == NULL)
    guestfs_int_oom (g);
  total = 0;
  for (i = 0; i < xs->len; ++i) {
    size_t n = strlen (xs->val[i].attrname) + 1;

    memcpy (names + total, xs->val[i].attrname, n);
    total += n;
  }
  guestfs_free_xattr_list (xs);
  r = give_bytes (list, size, names, total);
  return done (g, "listxattr", path, r);
}

static int
op_removexattr (const char *path, const char *name)
{
  guestfs_h *g = handle ();
  int r = refuse_if_readonly (g);

  if (r < 0)
    return done (g, "removexattr", path, r);
  if (guestfs_lremovexattr (g, name, path) == -1)
    return done (g, "removexattr", path, failed (g));
  changed_file (g, path);
  return done (g, "removexattr", path, 0);
}

const struct fuse_operations guestfs_int_fuse_operations = {
  .init = op_init,
  .getattr = op_getattr,
  .access = op_access,
  .readlink = op_readlink,
  .readdir = op_readdir,
  .mknod = op_mknod,
  .create = op_create,
  .mkdir = op_mkdir,
  .unlink = op_unlink,
  .rmdir = op_rmdir,
  .symlink = op_symlink,
  .rename = op_rename,
  .link = op_link,
  .chmod = op_chmod,
  .chown = op_chown,
  .truncate = op_truncate,
  .utimens = op_utimens,
  .open = op_open,
  .read = op_read,
  .write = op_write,
  .statfs = op_statfs,
  .fsync = op_fsync,
  .setxattr = op_setxattr,
  .getxattr = op_getxattr,
  .listxattr = op_listxattr,
  .removexattr = op_removexattr,
};

#endif /* HAVE_FUSE */
