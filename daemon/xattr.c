/* careen - offline disk-image toolkit */

/**
 * Extended attributes: getxattrs, lgetxattrs, getxattr, lgetxattr,
 * setxattr, lsetxattr, removexattr, lremovexattr and lxattrlist.
 *
 * The kernel has no *xattrat calls (before Linux 6.13), and the
 * f*xattr calls do not work on the O_PATH descriptors that safe
 * resolution gives.  So the guest path is first resolved safely
 * (sysroot.c) into a host path whose directories hold no symlinks, and
 * the l*xattr calls are used on it: for the following forms the whole
 * path is resolved, for the l* forms only its parent, so the final
 * component (maybe a symlink) is acted on itself.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "daemon.h"

/* The kernel's own limits (XATTR_LIST_MAX, XATTR_SIZE_MAX): a list or
 * a value larger than this cannot exist, so a size above it from the
 * filesystem is an error, not a reason to allocate.
 */
#define XATTR_MAX_LIST 65536
#define XATTR_MAX_VALUE 65536

/* Most value bytes that lxattrlist gathers: the reply must fit in one
 * message; this stops the gathering early rather than after
 * allocating far more than can be sent.
 */
#define XATTRLIST_MAX_BYTES PROTO_MAX_MESSAGE

/* The host path to use with the l*xattr calls.  NULL with errno set. */
static char *
xattr_host_path (const char *path, bool follow)
{
  return follow ? sysroot_realpath (path) : sysroot_parent_path (path);
}

/* A growing list of attributes. */
struct xattr_vec {
  struct guestfs_xattr *val;
  size_t len, alloc;
  size_t bytes;                 /* names and values gathered so far */
};

static void
xattr_vec_release (struct xattr_vec *v)
{
  size_t i;

  for (i = 0; i < v->len; ++i) {
    free (v->val[i].attrname);
    free (v->val[i].attrval);
  }
  free (v->val);
  memset (v, 0, sizeof *v);
}

/* Appends, taking ownership of name and value (freed on failure).
 * Silent: -1 with errno.
 */
static int
xattr_vec_add (struct xattr_vec *v, char *name, char *value, size_t len)
{
  size_t bytes = v->bytes + strlen (name) + len;

  if (bytes > XATTRLIST_MAX_BYTES) {
    free (name);
    free (value);
    errno = E2BIG;
    return -1;
  }
  if (vector_reserve ((void **) &v->val, &v->alloc, v->len, 1,
                      sizeof *v->val) == -1) {
    free (name);
    free (value);
    return -1;
  }
  v->val[v->len].attrname = name;
  v->val[v->len].attrval = value;
  v->val[v->len].attrval_len = len;
  v->len++;
  v->bytes = bytes;
  return 0;
}

/* Reads one value of the attribute name of host path hp (final
 * component not followed).  Silent: NULL with errno.
 */
static char *
read_value (const char *hp, const char *name, size_t *len_r)
{
  ssize_t n;
  char *buf;

  n = lgetxattr (hp, name, NULL, 0);
  if (n == -1)
    return NULL;
  if (n > XATTR_MAX_VALUE) {
    errno = E2BIG;
    return NULL;
  }
  /* One more byte so that an empty value still gives a pointer. */
  buf = malloc (n + 1);
  if (buf == NULL)
    return NULL;
  n = lgetxattr (hp, name, buf, n);
  if (n == -1) {
    int err = errno;
    free (buf);
    /* ERANGE: the value grew between the two calls; nothing runs in
     * the guest, so this is not worth a retry loop.
     */
    errno = err;
    return NULL;
  }
  *len_r = n;
  return buf;
}

/* Appends every attribute of host path hp to v.  Silent: -1, errno. */
static int
gather_xattrs (const char *hp, struct xattr_vec *v)
{
  CLEANUP_FREE char *names = NULL;
  ssize_t n, i;

  n = llistxattr (hp, NULL, 0);
  if (n == -1)
    return -1;
  if (n > XATTR_MAX_LIST) {
    errno = E2BIG;
    return -1;
  }
  names = malloc (n + 1);
  if (names == NULL)
    return -1;
  n = llistxattr (hp, names, n);
  if (n == -1)
    return -1;
  names[n] = '\0';

  /* The list is names each ending with a zero byte. */
  for (i = 0; i < n; i += strlen (names + i) + 1) {
    char *name, *value;
    size_t len;

    if (names[i] == '\0')
      continue;
    value = read_value (hp, names + i, &len);
    if (value == NULL) {
      /* Removed since listed: not an error of the file. */
      if (errno == ENODATA)
        continue;
      return -1;
    }
    name = strdup (names + i);
    if (name == NULL) {
      free (value);
      return -1;
    }
    if (xattr_vec_add (v, name, value, len) == -1)
      return -1;
  }
  return 0;
}

static struct guestfs_xattr_list *
vec_to_list (struct xattr_vec *v)
{
  struct guestfs_xattr_list *r = malloc (sizeof *r);

  if (r == NULL) {
    reply_with_perror ("malloc");
    xattr_vec_release (v);
    return NULL;
  }
  r->len = v->len;
  r->val = v->val;
  if (r->val == NULL && (r->val = malloc (sizeof r->val[0])) == NULL) {
    reply_with_perror ("malloc");
    free (r);
    return NULL;
  }
  memset (v, 0, sizeof *v);
  return r;
}

static struct guestfs_xattr_list *
getxattrs (const char *path, bool follow)
{
  CLEANUP_FREE char *hp = xattr_host_path (path, follow);
  struct xattr_vec v = { 0 };

  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (gather_xattrs (hp, &v) == -1) {
    reply_with_perror ("%s", path);
    xattr_vec_release (&v);
    return NULL;
  }
  return vec_to_list (&v);
}

struct guestfs_xattr_list *
do_getxattrs (const char *path)
{
  return getxattrs (path, true);
}

struct guestfs_xattr_list *
do_lgetxattrs (const char *path)
{
  return getxattrs (path, false);
}

static char *
getxattr1 (const char *path, const char *name, size_t *size_r, bool follow)
{
  CLEANUP_FREE char *hp = xattr_host_path (path, follow);
  char *r;

  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  r = read_value (hp, name, size_r);
  if (r == NULL)
    reply_with_perror ("%s: %s", path, name);
  return r;
}

char *
do_getxattr (const char *path, const char *name, size_t *size_r)
{
  return getxattr1 (path, name, size_r, true);
}

char *
do_lgetxattr (const char *path, const char *name, size_t *size_r)
{
  return getxattr1 (path, name, size_r, false);
}

static int
setxattr1 (const char *xattr, const char *val, int vallen, const char *path,
           bool follow)
{
  CLEANUP_FREE char *hp = NULL;

  /* val arrives as a string: bytes past its terminating zero were never
   * sent.
   */
  if (vallen < 0 || (size_t) vallen > strlen (val) + 1) {
    reply_with_error_errno (EINVAL, "%s: vallen %d out of range for a value "
                            "of %zu bytes", xattr, vallen, strlen (val));
    return -1;
  }
  hp = xattr_host_path (path, follow);
  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (lsetxattr (hp, xattr, val, vallen, 0) == -1) {
    reply_with_perror ("%s: %s", path, xattr);
    return -1;
  }
  return 0;
}

int
do_setxattr (const char *xattr, const char *val, int vallen, const char *path)
{
  return setxattr1 (xattr, val, vallen, path, true);
}

int
do_lsetxattr (const char *xattr, const char *val, int vallen,
              const char *path)
{
  return setxattr1 (xattr, val, vallen, path, false);
}

static int
removexattr1 (const char *xattr, const char *path, bool follow)
{
  CLEANUP_FREE char *hp = xattr_host_path (path, follow);

  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (lremovexattr (hp, xattr) == -1) {
    reply_with_perror ("%s: %s", path, xattr);
    return -1;
  }
  return 0;
}

int
do_removexattr (const char *xattr, const char *path)
{
  return removexattr1 (xattr, path, true);
}

int
do_lremovexattr (const char *xattr, const char *path)
{
  return removexattr1 (xattr, path, false);
}

/* Fills in the marker element of one file of lxattrlist (v->val[at]):
 * the count of attributes that follow in decimal, or an empty value
 * when they could not be read.
 */
static int
set_marker (struct xattr_vec *v, size_t at, bool ok)
{
  char *s;

  if (!ok) {
    v->val[at].attrval_len = 0;
    return 0;
  }
  if (asprintf (&s, "%zu", v->len - at - 1) == -1)
    return -1;
  free (v->val[at].attrval);
  v->val[at].attrval = s;
  v->val[at].attrval_len = strlen (s);
  return 0;
}

struct guestfs_xattr_list *
do_lxattrlist (const char *path, char *const *names)
{
  struct xattr_vec v = { 0 };
  size_t i;
  int fd;

  fd = sysroot_open (path, O_PATH | O_DIRECTORY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  close (fd);

  for (i = 0; names[i] != NULL; ++i) {
    CLEANUP_FREE char *full = NULL, *hp = NULL;
    char *mname = strdup (""), *mval = strdup ("");
    size_t at = v.len;
    bool ok;

    if (mname == NULL || mval == NULL) {
      free (mname);
      free (mval);
      goto out_error;
    }
    if (xattr_vec_add (&v, mname, mval, 0) == -1)
      goto out_error;
    ok = valid_entry_name (names[i]) &&
      (full = join_guest_path (path, names[i])) != NULL &&
      (hp = xattr_host_path (full, false)) != NULL;
    if (ok && gather_xattrs (hp, &v) == -1) {
      if (errno == E2BIG || errno == ENOMEM)
        goto out_error;
      /* A file whose attributes cannot be read: drop what was
       * gathered of it and mark it failed.
       */
      while (v.len > at + 1) {
        v.len--;
        free (v.val[v.len].attrname);
        free (v.val[v.len].attrval);
      }
      ok = false;
    }
    if (set_marker (&v, at, ok) == -1)
      goto out_error;
  }
  return vec_to_list (&v);

 out_error:
  if (errno == E2BIG)
    reply_with_error_errno (E2BIG, "%s: too many attributes for one reply",
                            path);
  else
    reply_with_perror ("%s", path);
  xattr_vec_release (&v);
  return NULL;
}
