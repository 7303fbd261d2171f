/* careen - offline disk-image toolkit */

/**
 * guestfs_inspect_list_applications2: the packages installed in an
 * inspected system, read from the guest's own package database: the
 * dpkg status file (Debian, Ubuntu), the apk "installed" file (Alpine),
 * pacman's local database (Arch), the RPM database in its SQLite form
 * (Fedora 33+, RHEL 9+, openSUSE), or the Windows registry
 * (inspect-windows.c).  The root's filesystems are mounted read-only on
 * inspection's private mountpoint for the time of the call.
 *
 * Package databases are hostile input: their size is bounded, every
 * offset in an RPM header is checked against the header's length, and
 * the list itself is bounded (struct inspect_apps) so that the reply
 * always fits in one message.
 */

#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"
#include "inspect.h"
#include "inspect-apps-rpmbdb.h"

/* Largest package database file read whole (dpkg status, apk
 * installed): a Debian system with 5000 packages has a 10 MiB status.
 */
#define INSPECT_MAX_PKGDB (64 * 1024 * 1024)

/* Most applications listed, and most bytes of their strings: keeps the
 * reply under PROTO_MAX_MESSAGE (each entry also costs 17 length
 * words on the wire).
 */
#define INSPECT_MAX_APPS 20000
#define INSPECT_MAX_APPS_BYTES (PROTO_MAX_MESSAGE / 2)

/* Longest single field kept (a long package description is cut). */
#define INSPECT_MAX_APP_FIELD 4096

/* Most pacman package directories looked at. */
#define INSPECT_MAX_PACMAN_DIRS 50000

/* Most rows of an RPM database read: a real one has a few thousand;
 * bounds the time a hostile database full of junk rows can take.
 */
#define INSPECT_MAX_RPM_ROWS 100000

/* Largest RPM header blob accepted, and most index entries in one. */
#define INSPECT_MAX_RPM_HEADER (16 * 1024 * 1024)
#define INSPECT_MAX_RPM_ENTRIES 100000

struct guestfs_application2 *
inspect_app_new (struct inspect_apps *a)
{
  struct guestfs_application2 *app;
  char **fields[17];
  size_t i, n = 0;

  if (a->full || a->len >= INSPECT_MAX_APPS ||
      a->bytes >= INSPECT_MAX_APPS_BYTES) {
    a->full = true;
    return NULL;
  }
  if (vector_reserve ((void **) &a->val, &a->alloc, a->len, 1,
                      sizeof *a->val) == -1)
    return NULL;
  app = &a->val[a->len];
  memset (app, 0, sizeof *app);
  fields[n++] = &app->app2_name;
  fields[n++] = &app->app2_display_name;
  fields[n++] = &app->app2_version;
  fields[n++] = &app->app2_release;
  fields[n++] = &app->app2_arch;
  fields[n++] = &app->app2_install_path;
  fields[n++] = &app->app2_trans_path;
  fields[n++] = &app->app2_publisher;
  fields[n++] = &app->app2_url;
  fields[n++] = &app->app2_source_package;
  fields[n++] = &app->app2_summary;
  fields[n++] = &app->app2_description;
  fields[n++] = &app->app2_spare1;
  fields[n++] = &app->app2_spare2;
  fields[n++] = &app->app2_spare3;
  fields[n++] = &app->app2_spare4;
  for (i = 0; i < n; ++i) {
    *fields[i] = strdup ("");
    if (*fields[i] == NULL) {
      while (i > 0)
        free (*fields[--i]);
      return NULL;
    }
  }
  a->len++;
  return app;
}

int
inspect_app_set (struct inspect_apps *a, char **field, const char *value,
                 size_t len, size_t max)
{
  char *s, *p;

  if (len > max) {
    /* Cut at a UTF-8 character boundary. */
    len = max;
    while (len > 0 && ((unsigned char) value[len] & 0xc0) == 0x80)
      len--;
  }
  s = strndup (value, len);
  if (s == NULL)
    return -1;
  for (p = s; *p; ++p)
    if (((unsigned char) *p < 0x20 && *p != '\n') || *p == 0x7f)
      *p = ' ';
  inspect_fix_utf8 (s);
  a->bytes += strlen (s);
  free (*field);
  *field = s;
  return 0;
}

static void
apps_release (struct inspect_apps *a)
{
  struct guestfs_application2_list l = { .len = a->len, .val = a->val };
  struct guestfs_application2_list *lp = malloc (sizeof *lp);

  /* The generated free function frees the list and every field. */
  if (lp) {
    *lp = l;
    guestfs_free_application2_list (lp);
  }
  else
    free (a->val);
  a->val = NULL;
  a->len = a->alloc = 0;
}

#define SET(a, app, field, v, n) \
  inspect_app_set ((a), &(app)->field, (v), (n), INSPECT_MAX_APP_FIELD)

/* "[epoch:]version[-release]" split at the first ':' and the last '-'
 * (sep: the release separator to look for).
 */
static int
set_evr (struct inspect_apps *a, struct guestfs_application2 *app,
         const char *evr, size_t len, const char *sep)
{
  const char *colon = memchr (evr, ':', len);
  const char *rel = NULL, *p;
  size_t seplen = strlen (sep);

  if (colon) {
    long e = strtol (evr, NULL, 10);

    app->app2_epoch = e >= 0 && e < INT32_MAX ? (int32_t) e : 0;
    len -= (size_t) (colon + 1 - evr);
    evr = colon + 1;
  }
  for (p = evr; p + seplen <= evr + len; ++p)
    if (memcmp (p, sep, seplen) == 0)
      rel = p;
  if (rel == NULL)
    return SET (a, app, app2_version, evr, len);
  if (SET (a, app, app2_version, evr, (size_t) (rel - evr)) == -1)
    return -1;
  /* The whole separator goes: apk's "-r1" is release "1", as libguestfs
   * reports it.
   */
  return SET (a, app, app2_release, rel + seplen,
              len - (size_t) (rel + seplen - evr));
}

/* A package database file read whole, NUL bytes made spaces: junk in
 * the middle must not hide the records after it.  NULL with errno.
 */
static char *
read_db (const char *path, size_t max)
{
  size_t len, i;
  char *text = inspect_read_file (path, max, &len);

  if (text != NULL)
    for (i = 0; i < len; ++i)
      if (text[i] == '\0')
        text[i] = ' ';
  return text;
}

/* ---- dpkg ---- */

static int
dpkg_paragraph (struct inspect_apps *a, char *para)
{
  char *line, *save = NULL;
  const char *name = NULL, *status = NULL, *version = NULL, *arch = NULL;
  const char *url = NULL, *source = NULL, *summary = NULL;
  CLEANUP_FREE char *desc = NULL;
  size_t desclen = 0, desccap = 0;
  bool in_desc = false;
  struct guestfs_application2 *app;

  for (line = strtok_r (para, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    if (line[0] == ' ' || line[0] == '\t') {
      size_t n = strlen (line + 1);
      /* Kept as written, " ." paragraph marks included, as libguestfs
       * returns them.
       */
      const char *text = line + 1;

      if (!in_desc || desclen + n + 2 > INSPECT_MAX_APP_FIELD)
        continue;
      /* A newline, the text and its NUL. */
      if (vector_reserve ((void **) &desc, &desccap, desclen, n + 2,
                          1) == -1)
        return -1;
      if (desclen > 0)
        desc[desclen++] = '\n';
      strcpy (desc + desclen, text);
      desclen += strlen (text);
      continue;
    }
    in_desc = false;
#define FIELD(f, var) \
    if (strncmp (line, f ": ", strlen (f) + 2) == 0) \
      var = line + strlen (f) + 2
    FIELD ("Package", name);
    else FIELD ("Status", status);
    else FIELD ("Version", version);
    else FIELD ("Architecture", arch);
    else FIELD ("Homepage", url);
    else FIELD ("Source", source);
    else if (strncmp (line, "Description: ", 13) == 0) {
      summary = line + 13;
      in_desc = true;
    }
#undef FIELD
  }
  /* Only what is installed: "install ok installed", not "deinstall ok
   * config-files".
   */
  if (name == NULL || status == NULL || version == NULL)
    return 0;
  {
    const char *last = strrchr (status, ' ');

    if (last == NULL || strcmp (last + 1, "installed") != 0)
      return 0;
  }
  app = inspect_app_new (a);
  if (app == NULL)
    return a->full ? 0 : -1;
  if (SET (a, app, app2_name, name, strlen (name)) == -1 ||
      set_evr (a, app, version, strlen (version), "-") == -1 ||
      (arch && SET (a, app, app2_arch, arch, strlen (arch)) == -1) ||
      (url && SET (a, app, app2_url, url, strlen (url)) == -1) ||
      (summary && SET (a, app, app2_summary, summary,
                       strlen (summary)) == -1) ||
      (desc && SET (a, app, app2_description, desc, desclen) == -1))
    return -1;
  if (source) {
    /* "Source: name (version)" when it differs from the binary's. */
    size_t n = strcspn (source, " ");

    if (SET (a, app, app2_source_package, source, n) == -1)
      return -1;
  }
  return 0;
}

/* Splits text into blank-line separated paragraphs and calls fn on
 * each (modifiable, NUL-terminated).
 */
static int
each_paragraph (char *text, int (*fn) (struct inspect_apps *, char *),
                struct inspect_apps *a)
{
  char *p = text;

  while (*p && !a->full) {
    char *end = strstr (p, "\n\n");

    if (end)
      *end = '\0';
    if (fn (a, p) == -1)
      return -1;
    if (end == NULL)
      break;
    p = end + 2;
  }
  return 0;
}

static int
list_dpkg (struct inspect_apps *a)
{
  CLEANUP_FREE char *text = read_db ("/var/lib/dpkg/status",
                                     INSPECT_MAX_PKGDB);

  if (text == NULL)
    return errno == ENOENT ? 0 : -1;
  return each_paragraph (text, dpkg_paragraph, a);
}

/* ---- apk ---- */

static int
apk_paragraph (struct inspect_apps *a, char *para)
{
  char *line, *save = NULL;
  struct guestfs_application2 *app = NULL;

  for (line = strtok_r (para, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    const char *v = line + 2;
    size_t n = strlen (line) >= 2 ? strlen (v) : 0;
    int r = 0;

    if (strlen (line) < 2 || line[1] != ':')
      continue;
    if (line[0] == 'P') {
      if (app != NULL)        /* one package per paragraph */
        break;
      app = inspect_app_new (a);
      if (app == NULL)
        return a->full ? 0 : -1;
      r = SET (a, app, app2_name, v, n);
    }
    else if (app == NULL)
      continue;
    else if (line[0] == 'V')
      r = set_evr (a, app, v, n, "-r");
    else if (line[0] == 'A')
      r = SET (a, app, app2_arch, v, n);
    /* apk's one-line description is the description, as in
     * libguestfs.
     */
    else if (line[0] == 'T')
      r = SET (a, app, app2_description, v, n);
    else if (line[0] == 'U')
      r = SET (a, app, app2_url, v, n);
    if (r == -1)
      return -1;
  }
  return 0;
}

static int
list_apk (struct inspect_apps *a)
{
  CLEANUP_FREE char *text = read_db ("/lib/apk/db/installed",
                                     INSPECT_MAX_PKGDB);

  if (text == NULL)
    return errno == ENOENT ? 0 : -1;
  return each_paragraph (text, apk_paragraph, a);
}

/* ---- pacman ---- */

/* The value of "%KEY%" in a pacman desc file, or NULL. */
static const char *
pacman_value (const char *text, const char *key, size_t *len_r)
{
  char pat[32];
  const char *p, *end;

  snprintf (pat, sizeof pat, "%%%s%%\n", key);
  p = strstr (text, pat);
  if (p == NULL || (p != text && p[-1] != '\n'))
    return NULL;
  p += strlen (pat);
  end = strchrnul (p, '\n');
  *len_r = (size_t) (end - p);
  return p;
}

static int
list_pacman (struct inspect_apps *a)
{
  DIR *d;
  struct dirent *e;
  size_t count = 0;
  int fd, ret = 0;

  fd = inspect_open ("/var/lib/pacman/local", O_RDONLY | O_DIRECTORY);
  if (fd == -1)
    return errno == ENOENT ? 0 : -1;
  d = fdopendir (fd);
  if (d == NULL) {
    close (fd);
    return -1;
  }
  while ((e = readdir (d)) != NULL && count++ < INSPECT_MAX_PACMAN_DIRS &&
         !a->full) {
    CLEANUP_FREE char *path = NULL, *text = NULL;
    struct guestfs_application2 *app;
    const char *v;
    size_t n;

    if (e->d_name[0] == '.' ||
        asprintf (&path, "/var/lib/pacman/local/%s/desc", e->d_name) == -1)
      continue;
    text = read_db (path, INSPECT_MAX_CONFIG);
    if (text == NULL || (v = pacman_value (text, "NAME", &n)) == NULL)
      continue;
    app = inspect_app_new (a);
    if (app == NULL) {
      ret = a->full ? 0 : -1;
      break;
    }
    if (SET (a, app, app2_name, v, n) == -1) {
      ret = -1;
      break;
    }
    if ((v = pacman_value (text, "VERSION", &n)) &&
        set_evr (a, app, v, n, "-") == -1)
      ret = -1;
    /* %DESC% is the description, as in libguestfs. */
    if ((v = pacman_value (text, "DESC", &n)) &&
        SET (a, app, app2_description, v, n) == -1)
      ret = -1;
    if ((v = pacman_value (text, "URL", &n)) &&
        SET (a, app, app2_url, v, n) == -1)
      ret = -1;
    if ((v = pacman_value (text, "ARCH", &n)) &&
        SET (a, app, app2_arch, v, n) == -1)
      ret = -1;
    if (ret == -1)
      break;
  }
  closedir (d);
  return ret;
}

/* ---- rpm (SQLite or Berkeley DB database) ---- */

/* RPM header tags and types used. */
enum {
  RPMTAG_NAME = 1000, RPMTAG_VERSION = 1001, RPMTAG_RELEASE = 1002,
  RPMTAG_EPOCH = 1003, RPMTAG_SUMMARY = 1004, RPMTAG_DESCRIPTION = 1005,
  RPMTAG_VENDOR = 1011, RPMTAG_URL = 1020, RPMTAG_ARCH = 1022,
  RPMTAG_SOURCERPM = 1044,
};
enum {
  RPM_INT32_TYPE = 4, RPM_STRING_TYPE = 6, RPM_STRING_ARRAY_TYPE = 8,
  RPM_I18NSTRING_TYPE = 9,
};

static uint32_t
be32 (const unsigned char *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 |
    (uint32_t) p[2] << 8 | p[3];
}

/* A header blob as stored in the database: entry count, data length,
 * the entries (tag, type, offset, count), then the data.
 */
struct rpm_header {
  const unsigned char *index, *data;
  uint32_t il, dl;
};

static int
rpm_header_init (struct rpm_header *h, const unsigned char *blob,
                 size_t len)
{
  uint64_t need;

  if (len < 8 || len > INSPECT_MAX_RPM_HEADER)
    return -1;
  h->il = be32 (blob);
  h->dl = be32 (blob + 4);
  if (h->il > INSPECT_MAX_RPM_ENTRIES)
    return -1;
  need = 8 + (uint64_t) h->il * 16 + h->dl;
  if (need > len)
    return -1;
  h->index = blob + 8;
  h->data = h->index + (size_t) h->il * 16;
  return 0;
}

/* The string of tag (the first one of an array), length in *len_r, or
 * NULL.  The string must end inside the data.
 */
static const char *
rpm_string (const struct rpm_header *h, uint32_t tag, size_t *len_r)
{
  uint32_t i;

  for (i = 0; i < h->il; ++i) {
    const unsigned char *e = h->index + (size_t) i * 16;
    uint32_t type = be32 (e + 4), off = be32 (e + 8);
    const unsigned char *nul;

    if (be32 (e) != tag)
      continue;
    if ((type != RPM_STRING_TYPE && type != RPM_STRING_ARRAY_TYPE &&
         type != RPM_I18NSTRING_TYPE) || off >= h->dl)
      return NULL;
    nul = memchr (h->data + off, '\0', h->dl - off);
    if (nul == NULL)
      return NULL;
    *len_r = (size_t) (nul - (h->data + off));
    return (const char *) h->data + off;
  }
  return NULL;
}

static int64_t
rpm_int32 (const struct rpm_header *h, uint32_t tag)
{
  uint32_t i;

  for (i = 0; i < h->il; ++i) {
    const unsigned char *e = h->index + (size_t) i * 16;
    uint32_t off = be32 (e + 8);

    if (be32 (e) == tag && be32 (e + 4) == RPM_INT32_TYPE &&
        (uint64_t) off + 4 <= h->dl)
      return be32 (h->data + off);
  }
  return -1;
}

static int
rpm_add (struct inspect_apps *a, const unsigned char *blob, size_t len)
{
  static const struct {
    uint32_t tag;
    size_t offset;
  } strs[] = {
    { RPMTAG_NAME, offsetof (struct guestfs_application2, app2_name) },
    { RPMTAG_VERSION, offsetof (struct guestfs_application2, app2_version) },
    { RPMTAG_RELEASE, offsetof (struct guestfs_application2, app2_release) },
    { RPMTAG_ARCH, offsetof (struct guestfs_application2, app2_arch) },
    { RPMTAG_URL, offsetof (struct guestfs_application2, app2_url) },
    { RPMTAG_VENDOR, offsetof (struct guestfs_application2,
                               app2_publisher) },
    { RPMTAG_SUMMARY, offsetof (struct guestfs_application2, app2_summary) },
    { RPMTAG_DESCRIPTION, offsetof (struct guestfs_application2,
                                    app2_description) },
    { RPMTAG_SOURCERPM, offsetof (struct guestfs_application2,
                                  app2_source_package) },
  };
  struct rpm_header h;
  struct guestfs_application2 *app;
  const char *s;
  size_t i, n;
  int64_t epoch;

  /* A damaged header is skipped, not an error. */
  if (rpm_header_init (&h, blob, len) == -1 ||
      rpm_string (&h, RPMTAG_NAME, &n) == NULL)
    return 0;
  app = inspect_app_new (a);
  if (app == NULL)
    return a->full ? 0 : -1;
  for (i = 0; i < sizeof strs / sizeof strs[0]; ++i) {
    s = rpm_string (&h, strs[i].tag, &n);
    if (s && inspect_app_set (a, (char **) ((char *) app + strs[i].offset),
                              s, n, INSPECT_MAX_APP_FIELD) == -1)
      return -1;
  }
  epoch = rpm_int32 (&h, RPMTAG_EPOCH);
  if (epoch > 0 && epoch < INT32_MAX)
    app->app2_epoch = (int32_t) epoch;
  return 0;
}

static int
rpm_add_cb (void *opaque, const unsigned char *blob, size_t len)
{
  struct inspect_apps *a = opaque;

  if (a->full)
    return 0;
  return rpm_add (a, blob, len);
}

/* The Berkeley DB Packages file of older RPM systems (see
 * inspect-apps-rpmbdb.c).  0 when there is none.
 */
static int
list_rpm_bdb (struct inspect_apps *a, int (*open_fn) (const char *, int))
{
  int fd, r, err;

  fd = open_fn ("/var/lib/rpm/Packages", O_RDONLY | O_NONBLOCK);
  if (fd == -1)
    fd = open_fn ("/usr/lib/sysimage/rpm/Packages", O_RDONLY | O_NONBLOCK);
  if (fd == -1)
    return 0;
  r = rpmbdb_each_header (fd, rpm_add_cb, a);
  err = errno;
  close (fd);
  errno = err;
  return r;
}

/* The applications of the RPM database of the tree that open_fn opens
 * guest paths in: SQLite (RPM 4.16 on), else Berkeley DB.  0, or -1
 * with errno.
 */
static int
list_rpm (struct inspect_apps *a, int (*open_fn) (const char *, int))
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  CLEANUP_FREE char *uri = NULL;
  size_t rows = 0;
  int fd, ret = -1;

  fd = open_fn ("/var/lib/rpm/rpmdb.sqlite", O_RDONLY | O_NONBLOCK);
  if (fd == -1)
    fd = open_fn ("/usr/lib/sysimage/rpm/rpmdb.sqlite",
                  O_RDONLY | O_NONBLOCK);
  if (fd == -1)
    return list_rpm_bdb (a, open_fn);
  /* immutable: the filesystem is read-only and the file will not
   * change, so SQLite takes no locks and wants no journal files.
   */
  if (asprintf (&uri, "file:/proc/self/fd/%d?immutable=1", fd) == -1)
    goto out;
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                       NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT blob FROM Packages", -1, &st,
                          NULL) != SQLITE_OK) {
    if (verbose)
      fprintf (stderr, "inspect: rpmdb: %s\n", sqlite3_errmsg (db));
    ret = 0;                    /* not a database we understand */
    goto out;
  }
  while (!a->full && rows++ < INSPECT_MAX_RPM_ROWS &&
         sqlite3_step (st) == SQLITE_ROW) {
    const void *blob = sqlite3_column_blob (st, 0);
    int len = sqlite3_column_bytes (st, 0);

    if (blob && len > 0 && rpm_add (a, blob, (size_t) len) == -1)
      goto out;
  }
  ret = 0;
 out:
  sqlite3_finalize (st);
  sqlite3_close (db);
  close (fd);
  return ret;
}

static int
compare_apps (const void *a, const void *b)
{
  const struct guestfs_application2 *x = a, *y = b;

  return strcmp (x->app2_name, y->app2_name);
}

struct guestfs_application2_list *
do_inspect_list_applications2 (const char *root)
{
  struct inspect_root *r = inspect_find_root (root);
  struct inspect_apps a = { 0 };
  struct guestfs_application2_list *ret;
  int res = 0;

  if (r == NULL)
    return NULL;
  if (inspect_mount_tree (r) == -1)
    return NULL;
  if (strcmp (r->type, "windows") == 0)
    res = inspect_windows_apps (r, &a);
  else if (strcmp (r->package_format, "deb") == 0)
    res = list_dpkg (&a);
  else if (strcmp (r->package_format, "apk") == 0)
    res = list_apk (&a);
  else if (strcmp (r->package_format, "pacman") == 0)
    res = list_pacman (&a);
  else if (strcmp (r->package_format, "rpm") == 0)
    res = list_rpm (&a, inspect_open);
  inspect_umount_all ();
  if (res < 0) {
    if (res == -1)
      reply_with_perror ("%s: applications", root);
    apps_release (&a);
    return NULL;
  }
  if (a.full && verbose)
    fprintf (stderr, "inspect: %s: application list cut at %zu\n",
             root, a.len);

  /* By name, whatever order the database keeps them in. */
  if (a.len > 1)
    qsort (a.val, a.len, sizeof *a.val, compare_apps);
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    apps_release (&a);
    return NULL;
  }
  ret->len = (uint32_t) a.len;
  ret->val = a.val;
  return ret;
}

/* The deprecated form: the same list with the older field set, each
 * string moved from the application2 entry (arch and the spare fields
 * are dropped).
 */
struct guestfs_application_list *
do_inspect_list_applications (const char *root)
{
  struct guestfs_application2_list *l2;
  struct guestfs_application_list *ret;
  size_t i;

  l2 = do_inspect_list_applications2 (root);
  if (l2 == NULL)
    return NULL;
  ret = malloc (sizeof *ret);
  if (ret == NULL ||
      (ret->val = calloc (l2->len ? l2->len : 1, sizeof *ret->val)) == NULL) {
    reply_with_perror ("malloc");
    free (ret);
    guestfs_free_application2_list (l2);
    return NULL;
  }
  ret->len = l2->len;
  for (i = 0; i < l2->len; ++i) {
    struct guestfs_application2 *s = &l2->val[i];
    struct guestfs_application *d = &ret->val[i];

#define MOVE(to, from) do { d->to = s->from; s->from = NULL; } while (0)
    MOVE (app_name, app2_name);
    MOVE (app_display_name, app2_display_name);
    d->app_epoch = s->app2_epoch;
    MOVE (app_version, app2_version);
    MOVE (app_release, app2_release);
    MOVE (app_install_path, app2_install_path);
    MOVE (app_trans_path, app2_trans_path);
    MOVE (app_publisher, app2_publisher);
    MOVE (app_url, app2_url);
    MOVE (app_source_package, app2_source_package);
    MOVE (app_summary, app2_summary);
    MOVE (app_description, app2_description);
#undef MOVE
  }
  guestfs_free_application2_list (l2);
  return ret;
}

static int
sysroot_open_guest (const char *path, int flags)
{
  return sysroot_open (path, flags, 0);
}

/* The RPM packages of the guest tree the caller mounted (not an
 * inspected root), for callers that do their own mounting.
 */
struct guestfs_application2_list *
do_internal_list_rpm_applications (void)
{
  struct inspect_apps a = { 0 };
  struct guestfs_application2_list *ret;

  if (list_rpm (&a, sysroot_open_guest) == -1) {
    reply_with_perror ("rpm database");
    apps_release (&a);
    return NULL;
  }
  if (a.len > 1)
    qsort (a.val, a.len, sizeof *a.val, compare_apps);
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    apps_release (&a);
    return NULL;
  }
  ret->len = (uint32_t) a.len;
  ret->val = a.val;
  return ret;
}
