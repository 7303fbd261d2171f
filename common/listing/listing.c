/** careen - offline disk-image toolkit
 *
 * listing: the long recursive listing of virt-ls -lR and virt-diff.
 * The walk asks the appliance for a whole directory at a time (names,
 * then their stats, symlink targets and, when asked, extended
 * attributes in one round trip each), because one call per file is
 * slow under TCG; the printer writes one line per file.  Both tools'
 * output formats come from here, so they cannot drift apart.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cleanups.h"
#include "xalloc.h"
#include "options.h"
#include "listing.h"

/* The printer's state: fields printed on the current line. */
static size_t field;

/* Fields are separated by a space, or a comma in CSV. */
static void
next_field (const struct listing_format *fmt)
{
  if (field++ > 0)
    putchar (fmt->csv ? ',' : ' ');
}

static void
out_string (const struct listing_format *fmt, const char *s)
{
  next_field (fmt);
  if (fmt->csv)
    options_csv_field (stdout, s);
  else
    fputs (s, stdout);
}

static void
out_int (const struct listing_format *fmt, const char *fmt_plain, int64_t v)
{
  next_field (fmt);
  printf (fmt->csv ? "%" PRIi64 : fmt_plain, v);
}

static void
out_size (const struct listing_format *fmt, int64_t v)
{
  char buf[OPTIONS_HUMAN_SIZE_LEN];

  if (!fmt->human) {
    out_int (fmt, "%10" PRIi64, v);
    return;
  }
  options_human_size (buf, sizeof buf, v < 0 ? 0 : (uint64_t) v);
  next_field (fmt);
  printf (fmt->csv ? "%s" : "%10s", buf);
}

static void
out_dev (const struct listing_format *fmt, int64_t dev)
{
  next_field (fmt);
  printf ("%" PRIi64 ":%" PRIi64, (int64_t) major (dev),
          (int64_t) minor (dev));
}

static void
out_time (const struct listing_format *fmt, int64_t t)
{
  char buf[64];

  if (fmt->relative == LISTING_REL_SECONDS)
    out_int (fmt, "%8" PRIi64, (int64_t) fmt->now - t);
  else if (fmt->relative == LISTING_REL_DAYS)
    out_int (fmt, "%3" PRIi64, ((int64_t) fmt->now - t) / 86400);
  else if (fmt->time_t_output)
    out_int (fmt, "%10" PRIi64, t);
  else {
    time_t tt = (time_t) t;
    struct tm tm;

    if (localtime_r (&tt, &tm) == NULL ||
        strftime (buf, sizeof buf, "%F %T", &tm) == 0)
      snprintf (buf, sizeof buf, "%" PRIi64, t);
    out_string (fmt, buf);
  }
}

/* A binary value as one field: printable ASCII as is, other bytes (and
 * the backslash) as \xHH, so that a line stays one line.
 */
static void
out_binary (const struct listing_format *fmt, const char *val, size_t len)
{
  CLEANUP_FREE char *buf = malloc (len * 4 + 1);
  size_t i, n = 0;

  if (buf == NULL)
    die_nomem ();
  for (i = 0; i < len; ++i) {
    unsigned char c = val[i];

    if (c >= 0x20 && c < 0x7f && c != '\\')
      buf[n++] = c;
    else
      n += sprintf (buf + n, "\\x%02x", c);
  }
  buf[n] = '\0';
  out_string (fmt, buf);
}

static const char *
file_type (int64_t mode)
{
  switch (mode & S_IFMT) {
  case S_IFREG: return "-";
  case S_IFDIR: return "d";
  case S_IFCHR: return "c";
  case S_IFBLK: return "b";
  case S_IFIFO: return "p";
  case S_IFLNK: return "l";
  case S_IFSOCK: return "s";
  default: return "u";
  }
}

int
listing_print (guestfs_h *g, const struct listing_format *fmt,
               const char *prefix, const struct listing_entry *e)
{
  const struct guestfs_statns *st = e->st;
  char perms[16];
  size_t i;

  field = 0;
  if (prefix)
    out_string (fmt, prefix);
  out_string (fmt, file_type (st->st_mode));
  snprintf (perms, sizeof perms, "%04" PRIo64,
            (uint64_t) (st->st_mode & 07777));
  out_string (fmt, perms);
  out_size (fmt, st->st_size);
  if (fmt->uids) {
    /* Padded in CSV too: libguestfs's tools do, and scripts that read
     * their CSV expect it.
     */
    next_field (fmt);
    printf ("%4" PRIi64, st->st_uid);
    next_field (fmt);
    printf ("%4" PRIi64, st->st_gid);
  }
  if (fmt->times) {
    if (fmt->atime)
      out_time (fmt, st->st_atime_sec);
    out_time (fmt, st->st_mtime_sec);
    out_time (fmt, st->st_ctime_sec);
  }
  if (fmt->extra_stats) {
    out_dev (fmt, st->st_dev);
    out_int (fmt, "%" PRIi64, st->st_ino);
    out_int (fmt, "%" PRIi64, st->st_nlink);
    out_dev (fmt, st->st_rdev);
    out_int (fmt, "%" PRIi64, st->st_blocks);
  }
  if (fmt->checksum && S_ISREG (st->st_mode)) {
    CLEANUP_FREE char *csum = guestfs_checksum (g, fmt->checksum, e->path);

    if (csum == NULL)
      return -1;
    out_string (fmt, csum);
  }
  else if (fmt->checksum && fmt->csv && fmt->csv_empty_checksum)
    out_string (fmt, "");
  out_string (fmt, e->path);
  if (e->link) {
    if (fmt->csv)
      out_string (fmt, e->link);
    else
      printf (" -> %s", e->link);
  }
  if (fmt->xattrs)
    for (i = 0; i < e->nr_xattrs; ++i) {
      out_string (fmt, e->xattrs[i].name);
      out_binary (fmt, e->xattrs[i].val, e->xattrs[i].len);
    }
  putchar ('\n');
  return 0;
}

static int
compare_xattrs (const void *a, const void *b)
{
  const struct listing_xattr *xa = a, *xb = b;

  return strcmp (xa->name, xb->name);
}

struct listing_xattr *
listing_copy_xattrs (const char *program, const struct listing_xattr *x,
                     size_t n)
{
  struct listing_xattr *r;
  size_t i;

  if (n == 0)
    return NULL;
  r = calloc (n, sizeof *r);
  if (r == NULL)
    die_nomem ();
  for (i = 0; i < n; ++i) {
    r[i].name = strdup (x[i].name);
    r[i].val = malloc (x[i].len + 1);
    if (r[i].name == NULL || r[i].val == NULL)
      die_nomem ();
    memcpy (r[i].val, x[i].val, x[i].len);
    r[i].len = x[i].len;
  }
  return r;
}

void
listing_free_xattrs (struct listing_xattr *x, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    free (x[i].name);
    free (x[i].val);
  }
  free (x);
}

/* Views N attributes of a library reply as a sorted array (the
 * strings stay in the reply).  NULL when N is 0.
 */
static struct listing_xattr *
view_xattrs (const char *program, const struct guestfs_xattr *v, size_t n)
{
  struct listing_xattr *r;
  size_t i;

  if (n == 0)
    return NULL;
  r = calloc (n, sizeof *r);
  if (r == NULL)
    die_nomem ();
  for (i = 0; i < n; ++i) {
    r[i].name = v[i].attrname;
    r[i].val = v[i].attrval;
    r[i].len = v[i].attrval_len;
  }
  qsort (r, n, sizeof *r, compare_xattrs);
  return r;
}

/* Splits lxattrlist's flat reply for N names of DIR: each file's part
 * is a header (empty name, count in decimal, or empty when its
 * attributes could not be read) and that many attributes.  Sets
 * start[i] and count[i].  The reply comes from the appliance, which
 * reads a hostile filesystem: every count is checked.  0 or -1.
 */
static int
split_xattrlist (const char *program, const char *dir,
                 const struct guestfs_xattr_list *xl, size_t n,
                 size_t *start, size_t *count)
{
  size_t i, at = 0;

  for (i = 0; i < n; ++i) {
    const struct guestfs_xattr *h;
    char *end;
    unsigned long c = 0;

    if (at >= xl->len)
      goto bad;
    h = &xl->val[at++];
    if (h->attrname[0] != '\0')
      goto bad;
    if (h->attrval_len > 0) {
      CLEANUP_FREE char *num = strndup (h->attrval, h->attrval_len);

      if (num == NULL)
        die_nomem ();
      errno = 0;
      c = strtoul (num, &end, 10);
      if (errno != 0 || end == num || *end != '\0' ||
          c > LISTING_MAX_XATTRS || c > xl->len - at)
        goto bad;
    }
    start[i] = at;
    count[i] = c;
    at += c;
  }
  if (at == xl->len)
    return 0;
 bad:
  fprintf (stderr, "%s: %s: the appliance returned a malformed list of "
           "extended attributes\n", program, dir);
  return -1;
}

struct walk {
  guestfs_h *g;
  const char *program;
  unsigned max_depth;
  bool want_xattrs;
  listing_visit_fn visit;
  void *opaque;
};

static char *
join_path (const char *program, const char *dir, const char *name)
{
  char *r;

  if (asprintf (&r, "%s%s%s", dir,
                dir[strlen (dir) - 1] == '/' ? "" : "/", name) == -1)
    die_nomem ();
  return r;
}

/* The entries of DIR, each followed by its own subtree. */
static int
walk_dir (const struct walk *w, const char *dir, unsigned depth)
{
  CLEANUP_FREE_STRING_LIST char **names = NULL;
  CLEANUP_FREE_STRING_LIST char **links = NULL;
  struct guestfs_statns_list *stats = NULL;
  struct guestfs_xattr_list *xl = NULL;
  CLEANUP_FREE size_t *xstart = NULL, *xcount = NULL;
  size_t i, n;
  int r = -1;

  if (depth >= w->max_depth) {
    fprintf (stderr, "%s: %s: directories nested deeper than %u "
             "levels\n", w->program, dir, w->max_depth);
    return -1;
  }
  names = guestfs_ls (w->g, dir);
  if (names == NULL)
    return -1;
  for (n = 0; names[n]; ++n)
    ;
  if (n == 0)
    return 0;
  stats = guestfs_lstatnslist (w->g, dir, names);
  if (stats == NULL)
    return -1;
  links = guestfs_readlinklist (w->g, dir, names);
  if (links == NULL)
    goto out;
  if (stats->len != n) {
    fprintf (stderr, "%s: %s: the appliance returned %u stats for %zu "
             "names\n", w->program, dir, stats->len, n);
    goto out;
  }
  if (w->want_xattrs) {
    xl = guestfs_lxattrlist (w->g, dir, names);
    if (xl == NULL)
      goto out;
    xstart = calloc (n, sizeof *xstart);
    xcount = calloc (n, sizeof *xcount);
    if (xstart == NULL || xcount == NULL)
      die_nomem ();
    if (split_xattrlist (w->program, dir, xl, n, xstart, xcount) == -1)
      goto out;
  }
  for (i = 0; i < n; ++i) {
    CLEANUP_FREE char *path = join_path (w->program, dir, names[i]);
    const struct guestfs_statns *st = &stats->val[i];
    CLEANUP_FREE struct listing_xattr *x = NULL;
    struct listing_entry e = { .path = path, .st = st };
    int v;

    if (S_ISLNK (st->st_mode) && links[i] && links[i][0])
      e.link = links[i];
    if (xl) {
      x = view_xattrs (w->program, &xl->val[xstart[i]], xcount[i]);
      e.xattrs = x;
      e.nr_xattrs = xcount[i];
    }
    v = w->visit (&e, w->opaque);
    if (v == -1)
      goto out;
    if (S_ISDIR (st->st_mode) && walk_dir (w, path, depth + 1) == -1)
      goto out;
  }
  r = 0;
 out:
  guestfs_free_statns_list (stats);
  if (xl)
    guestfs_free_xattr_list (xl);
  return r;
}

int
listing_walk (guestfs_h *g, const char *program, const char *path,
              unsigned max_depth, bool want_xattrs,
              listing_visit_fn visit, void *opaque)
{
  const struct walk w = {
    .g = g, .program = program, .max_depth = max_depth,
    .want_xattrs = want_xattrs, .visit = visit, .opaque = opaque,
  };
  struct guestfs_statns *st = guestfs_lstatns (g, path);
  struct guestfs_xattr_list *xl = NULL;
  CLEANUP_FREE struct listing_xattr *x = NULL;
  struct listing_entry e = { .path = path };
  int r = -1;

  if (st == NULL)
    return -1;
  e.st = st;
  if (want_xattrs) {
    xl = guestfs_lgetxattrs (g, path);
    if (xl == NULL)
      goto out;
    x = view_xattrs (program, xl->val, xl->len);
    e.xattrs = x;
    e.nr_xattrs = xl->len;
  }
  r = visit (&e, opaque);
  if (r == 0 && S_ISDIR (st->st_mode))
    r = walk_dir (&w, path, 0);
 out:
  guestfs_free_statns (st);
  if (xl)
    guestfs_free_xattr_list (xl);
  return r;
}
