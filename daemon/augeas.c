/* careen - offline disk-image toolkit */

/**
 * The aug_* calls: one Augeas handle per appliance, opened by aug_init
 * on the guest tree under sysroot with the lenses shipped in the
 * appliance (/usr/share/augeas/lenses).
 *
 * Trust: Augeas opens the files it loads and saves by name, through
 * the ordinary kernel path walk, so a guest symlink such as
 * /etc/mtab -> /proc/mounts or /etc/hosts -> /../../etc/shadow is
 * followed out of sysroot into the appliance root.  The root given to
 * aug_init is resolved safely; after each load, every file Augeas read
 * is resolved again safely (RESOLVE_IN_ROOT), and a file whose plain
 * path leads elsewhere is excluded and the tree loaded again without
 * it (drop_escaped_files), so the appliance's files never reach the
 * caller.  A save can still follow such a link for a file created by
 * aug_set; the appliance root is read-only and thrown away at
 * shutdown, and it holds no secrets.  A chrooted helper process would
 * close this too (FIXME).  Every result is bounded by the protocol's
 * message limit.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <augeas.h>

#include "daemon.h"

/* The handle of the current aug_init, or NULL, and the guest path of
 * its root.
 */
static augeas *aug;
static char *aug_root;

/* Most files excluded by drop_escaped_files before giving up: each one
 * costs a reload of the tree.
 */
#define AUG_MAX_ESCAPED 64

/* The aug_init flags callers may give: those of augeas.h that
 * libguestfs documents, plus the two newer ones that change only how
 * lenses are loaded and what the tree records.  Unknown bits are
 * refused rather than passed to a library that may give them a
 * meaning later.
 */
#define AUG_FLAGS_ALLOWED                                               \
  (AUG_SAVE_BACKUP | AUG_SAVE_NEWFILE | AUG_TYPE_CHECK | AUG_NO_STDINC | \
   AUG_SAVE_NOOP | AUG_NO_LOAD | AUG_NO_MODL_AUTOLOAD | AUG_ENABLE_SPAN)

/* Most /augeas//error nodes described in the error of aug_save: a
 * hostile guest could make thousands of files fail, and the message
 * must fit in one reply.
 */
#define AUG_MAX_SAVE_ERRORS 8

/* Replies with the message, Augeas's own error text appended. */
static void reply_aug_error (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));

static void
reply_aug_error (const char *fs, ...)
{
  va_list args;
  char msg[256];
  const char *amsg, *minor, *details;
  int code;

  va_start (args, fs);
  vsnprintf (msg, sizeof msg, fs, args);
  va_end (args);

  code = aug_error (aug);
  if (code == AUG_NOERROR) {
    reply_with_error ("%s", msg);
    return;
  }
  amsg = aug_error_message (aug);
  minor = aug_error_minor_message (aug);
  details = aug_error_details (aug);
  reply_with_error_errno (code == AUG_ENOMEM ? ENOMEM : EINVAL,
                          "%s: %s%s%s%s%s", msg, amsg ? amsg : "error",
                          minor ? ": " : "", minor ? minor : "",
                          details ? ": " : "", details ? details : "");
}

/* -1 after replying when no handle is open. */
static int
need_aug (void)
{
  if (aug == NULL) {
    reply_with_error_errno (EINVAL, "no augeas handle: call aug_init first");
    return -1;
  }
  return 0;
}

/* Counts the nodes path matches (aug_match without the list); -1 after
 * replying on a bad expression.
 */
static int
count_matches (const char *path)
{
  int r = aug_match (aug, path, NULL);

  if (r == -1)
    reply_aug_error ("'%s'", path);
  return r;
}

/* The calls that need exactly one node: -1 after replying ENOENT when
 * path matches nothing, EINVAL when it matches several.
 */
static int
need_one_match (const char *path)
{
  int r = count_matches (path);

  if (r == -1)
    return -1;
  if (r == 0) {
    reply_with_error_errno (ENOENT, "no node matches '%s'", path);
    return -1;
  }
  if (r > 1) {
    reply_with_error_errno (EINVAL, "%d nodes match '%s'", r, path);
    return -1;
  }
  return 0;
}

/* Whether Augeas's plain path walk for the file at path (relative to
 * the root) reaches another file than a walk that stays in the guest.
 */
static bool
file_escapes (const char *host_root, const char *path)
{
  CLEANUP_FREE char *plain_path = NULL, *plain = NULL, *guest = NULL;
  CLEANUP_FREE char *safe = NULL;

  if (asprintf (&plain_path, "%s%s", host_root, path) == -1 ||
      asprintf (&guest, "%s%s", strcmp (aug_root, "/") == 0 ? "" : aug_root,
                path) == -1)
    return true;
  plain = realpath (plain_path, NULL);
  if (plain == NULL)
    return false;             /* nothing there: nothing was read */
  safe = sysroot_realpath (guest);
  return safe == NULL || strcmp (plain, safe) != 0;
}

/* After a load: excludes from every lens the files whose path leads out
 * of the guest (see the top of the file), and loads again without them.
 * Returns 0, or -1 after replying.
 */
static int
drop_escaped_files (void)
{
  CLEANUP_FREE char *host_root = sysroot_realpath (aug_root);
  size_t escaped = 0;
  bool again = true;

  if (host_root == NULL) {
    reply_with_perror ("'%s'", aug_root);
    return -1;
  }
  while (again) {
    char **paths = NULL;
    int i, n;

    again = false;
    n = aug_match (aug, "/augeas/files//path", &paths);
    for (i = 0; i < n; ++i) {
      const char *v = NULL;

      if (!again && aug_get (aug, paths[i], &v) == 1 && v != NULL &&
          strncmp (v, "/files/", 7) == 0 && file_escapes (host_root, v + 6)) {
        if (verbose)
          fprintf (stderr, "augeas: %s leads out of the guest: excluded\n",
                   v + 6);
        if (++escaped > AUG_MAX_ESCAPED ||
            aug_setm (aug, "/augeas/load/*", "excl[last()+1]", v + 6) == -1) {
          while (i < n)
            free (paths[i++]);
          free (paths);
          reply_with_error_errno (EPERM, "too many guest files lead out of "
                                  "the guest");
          return -1;
        }
        again = true;
      }
      free (paths[i]);
    }
    free (paths);
    if (again && aug_load (aug) == -1) {
      reply_aug_error ("reloading without the files outside '%s'",
                       aug_root);
      return -1;
    }
  }
  return 0;
}

int
do_aug_init (const char *root, int flags)
{
  CLEANUP_FREE char *host_root = NULL;

  if (flags & ~AUG_FLAGS_ALLOWED) {
    reply_with_error_errno (EINVAL, "unknown flags 0x%x",
                            (unsigned) (flags & ~AUG_FLAGS_ALLOWED));
    return -1;
  }
  /* Resolved inside the guest so that the root itself cannot be a
   * symlink out of sysroot.
   */
  host_root = sysroot_realpath (root);
  if (host_root == NULL) {
    reply_with_perror ("'%s'", root);
    return -1;
  }

  if (aug != NULL) {
    aug_close (aug);
    aug = NULL;
  }
  free (aug_root);
  aug_root = strdup (root);
  if (aug_root == NULL) {
    reply_with_perror ("strdup");
    return -1;
  }
  /* AUG_NO_ERR_CLOSE: on failure the handle is kept to say why. */
  aug = aug_init (host_root, NULL, flags | AUG_NO_ERR_CLOSE);
  if (aug == NULL) {
    reply_with_perror ("augeas initialization failed");
    return -1;
  }
  if (aug_error (aug) != AUG_NOERROR) {
    reply_aug_error ("augeas initialization failed");
    aug_close (aug);
    aug = NULL;
    return -1;
  }
  if (drop_escaped_files () == -1) {
    aug_close (aug);
    aug = NULL;
    return -1;
  }
  return 0;
}

int
do_aug_close (void)
{
  if (need_aug () == -1)
    return -1;
  aug_close (aug);
  aug = NULL;
  return 0;
}

int
do_aug_defvar (const char *name, const char *expr)
{
  int r;

  if (need_aug () == -1)
    return -1;
  r = aug_defvar (aug, name, expr);
  if (r == -1) {
    reply_aug_error ("variable '%s'", name);
    return -1;
  }
  return r;
}

struct guestfs_int_bool *
do_aug_defnode (const char *name, const char *expr, const char *val)
{
  struct guestfs_int_bool *ret;
  int r, created = 0;

  if (need_aug () == -1)
    return NULL;
  r = aug_defnode (aug, name, expr, val, &created);
  if (r == -1) {
    reply_aug_error ("variable '%s'", name);
    return NULL;
  }
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  ret->i = r;
  ret->b = created != 0;
  return ret;
}

char *
do_aug_get (const char *augpath)
{
  const char *value = NULL;
  char *ret;

  if (need_aug () == -1 || need_one_match (augpath) == -1)
    return NULL;
  if (aug_get (aug, augpath, &value) != 1) {
    reply_aug_error ("'%s'", augpath);
    return NULL;
  }
  if (value == NULL) {
    reply_with_error_errno (ENODATA, "node '%s' has no value", augpath);
    return NULL;
  }
  ret = strdup (value);
  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}

int
do_aug_set (const char *augpath, const char *val)
{
  if (need_aug () == -1)
    return -1;
  if (aug_set (aug, augpath, val) == -1) {
    reply_aug_error ("'%s'", augpath);
    return -1;
  }
  return 0;
}

int
do_aug_clear (const char *augpath)
{
  if (need_aug () == -1)
    return -1;
  if (aug_set (aug, augpath, NULL) == -1) {
    reply_aug_error ("'%s'", augpath);
    return -1;
  }
  return 0;
}

int
do_aug_setm (const char *base, const char *sub, const char *val)
{
  int r;

  if (need_aug () == -1)
    return -1;
  r = aug_setm (aug, base, sub, val);
  if (r == -1) {
    reply_aug_error ("'%s'", base);
    return -1;
  }
  return r;
}

int
do_aug_insert (const char *augpath, const char *label, int before)
{
  if (need_aug () == -1 || need_one_match (augpath) == -1)
    return -1;
  if (label[0] == '\0' || strchr (label, '/') != NULL) {
    reply_with_error_errno (EINVAL, "'%s': not a label (empty or with '/')",
                            label);
    return -1;
  }
  if (aug_insert (aug, augpath, label, before) == -1) {
    reply_aug_error ("label '%s' near '%s'", label, augpath);
    return -1;
  }
  return 0;
}

int
do_aug_rm (const char *augpath)
{
  int r;

  if (need_aug () == -1)
    return -1;
  r = aug_rm (aug, augpath);
  if (r == -1) {
    reply_aug_error ("'%s'", augpath);
    return -1;
  }
  return r;
}

int
do_aug_mv (const char *src, const char *dest)
{
  if (need_aug () == -1 || need_one_match (src) == -1)
    return -1;
  if (aug_mv (aug, src, dest) == -1) {
    reply_aug_error ("'%s' to '%s'", src, dest);
    return -1;
  }
  return 0;
}

char *
do_aug_label (const char *augpath)
{
  const char *label = NULL;
  char *ret;

  if (need_aug () == -1 || need_one_match (augpath) == -1)
    return NULL;
  if (aug_label (aug, augpath, &label) != 1) {
    reply_aug_error ("'%s'", augpath);
    return NULL;
  }
  if (label == NULL) {
    reply_with_error_errno (ENODATA, "node '%s' has no label", augpath);
    return NULL;
  }
  ret = strdup (label);
  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}

/* The matches of path as a list the caller owns; NULL after replying.
 * Augeas returns malloc'd strings, taken over one by one.
 */
static char **
match_list (const char *path)
{
  char **matches = NULL, **ret;
  struct stringsbuf sb;
  int r, i;

  r = aug_match (aug, path, &matches);
  if (r == -1) {
    reply_aug_error ("'%s'", path);
    return NULL;
  }
  stringsbuf_init (&sb);
  for (i = 0; i < r; ++i) {
    if (stringsbuf_add_string_nodup (&sb, matches[i]) == -1) {
      /* That string was freed; the rest are still ours. */
      while (++i < r)
        free (matches[i]);
      free (matches);
      stringsbuf_release (&sb);
      reply_with_perror ("match '%s'", path);
      return NULL;
    }
  }
  free (matches);
  ret = stringsbuf_finish (&sb);
  if (ret == NULL) {
    stringsbuf_release (&sb);
    reply_with_perror ("match '%s'", path);
  }
  return ret;
}

char **
do_aug_match (const char *augpath)
{
  if (need_aug () == -1)
    return NULL;
  return match_list (augpath);
}

char **
do_aug_ls (const char *augpath)
{
  CLEANUP_FREE char *pattern = NULL;
  char **ret;
  size_t i, j, len = strlen (augpath);

  if (need_aug () == -1)
    return NULL;
  /* A final '/' is dropped: "/" lists the top of the tree, and
   * "/files/" means "/files" rather than a pattern with "//", which
   * would match all descendants.
   */
  if (len > 0 && augpath[len - 1] == '/')
    --len;
  if (asprintf (&pattern, "%.*s/*", (int) len, augpath) == -1) {
    reply_with_perror ("asprintf");
    return NULL;
  }
  ret = match_list (pattern);
  if (ret == NULL)
    return NULL;
  strings_sort (ret);
  /* Remove duplicates, keeping the first of each run. */
  for (i = j = 0; ret[i] != NULL; ++i) {
    if (j > 0 && strcmp (ret[j - 1], ret[i]) == 0)
      free (ret[i]);
    else
      ret[j++] = ret[i];
  }
  ret[j] = NULL;
  return ret;
}

int
do_aug_save (void)
{
  char **errs = NULL;
  char msg[1024];
  size_t used = 0;
  int n, i;

  if (need_aug () == -1)
    return -1;
  if (aug_save (aug) == 0)
    return 0;

  /* Say which files failed: each /augeas/files/PATH/error node has the
   * kind of failure as its value.
   */
  msg[0] = '\0';
  n = aug_match (aug, "/augeas//error", &errs);
  for (i = 0; i < n; ++i) {
    const char *kind = NULL;
    const char *file = errs[i];

    if (i < AUG_MAX_SAVE_ERRORS && used < sizeof msg) {
      size_t flen;

      aug_get (aug, errs[i], &kind);
      if (strncmp (file, "/augeas/files", 13) == 0)
        file += 13;
      flen = strlen (file);
      if (flen >= 6 && strcmp (file + flen - 6, "/error") == 0)
        flen -= 6;
      used += snprintf (msg + used, sizeof msg - used, "%s%.*s (%s)",
                        used ? ", " : ": ", (int) flen, file,
                        kind ? kind : "error");
    }
    free (errs[i]);
  }
  free (errs);
  reply_with_error_errno (EIO, "save failed%s", msg);
  return -1;
}

int
do_aug_load (void)
{
  if (need_aug () == -1)
    return -1;
  if (aug_load (aug) == -1) {
    reply_aug_error ("files under '%s'", aug_root);
    return -1;
  }
  return drop_escaped_files ();
}

int
do_aug_transform (const char *lens, const char *file, int remove)
{
  if (need_aug () == -1)
    return -1;
  if (aug_transform (aug, lens, file, remove) == -1) {
    reply_aug_error ("lens '%s' for '%s'", lens, file);
    return -1;
  }
  return 0;
}
