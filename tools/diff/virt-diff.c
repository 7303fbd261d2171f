/** careen - offline disk-image toolkit
 *
 * virt-diff: the differences between the filesystems of two guests.
 * Each guest (-a disks, then -A disks) gets its own handle, is
 * inspected and mounted read-only, and its whole tree is listed
 * (listing.c: a few calls per directory).  The two sorted
 * listings are merged: a name only in the first guest is printed with
 * "-", only in the second with "+", in both but changed with "=" (the
 * second guest's fields), followed, for regular files, by a unified
 * diff of the contents made on the host by diff(1) from the two
 * downloaded files.  The line fields are virt-ls -lR's; with --xattrs
 * each file's extended attributes (sorted by name) are compared too
 * and follow the path on its line, as name and value fields.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "listing.h"
#include "options.h"
#include "spawn.h"
#include "vector.h"
#include "xalloc.h"

#define PROGRAM "virt-diff"

/* Deepest directory nesting walked: a corrupt or hostile filesystem
 * could otherwise recurse (through a directory loop) without end.
 */
#define DIFF_MAX_DEPTH 4096

/* Most files listed per guest: each costs memory on the host. */
#define DIFF_MAX_FILES (16 * 1024 * 1024)

enum { HELP_OPTION = CHAR_MAX + 1 };

static const char short_options[] = "a:A:c:d:D:hvVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "all", no_argument, NULL, 0 },
  { "atime", no_argument, NULL, 0 },
  { "blocksize", optional_argument, NULL, 0 },
  { "checksum", optional_argument, NULL, 0 },
  { "checksums", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "csv", no_argument, NULL, 0 },
  { "dir-link", no_argument, NULL, 0 },
  { "dir-links", no_argument, NULL, 0 },
  { "dir-nlink", no_argument, NULL, 0 },
  { "dir-nlinks", no_argument, NULL, 0 },
  { "dir-time", no_argument, NULL, 0 },
  { "dir-times", no_argument, NULL, 0 },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "extra-stat", no_argument, NULL, 0 },
  { "extra-stats", no_argument, NULL, 0 },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, HELP_OPTION },
  { "human-readable", no_argument, NULL, 'h' },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "short-options", no_argument, NULL, 0 },
  { "time", no_argument, NULL, 0 },
  { "times", no_argument, NULL, 0 },
  { "time-days", no_argument, NULL, 0 },
  { "time-relative", no_argument, NULL, 0 },
  { "time-t", no_argument, NULL, 0 },
  { "uid", no_argument, NULL, 0 },
  { "uids", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "xattr", no_argument, NULL, 0 },
  { "xattrs", no_argument, NULL, 0 },
  { NULL, 0, NULL, 0 }
};

/* The line fields (virt-ls -lR's) and what else is compared. */
static struct listing_format fmt;
static bool dir_links, dir_times;

/* One file of a guest. */
struct file {
  char *path;
  struct guestfs_statns st;
  char *link;                   /* symlink target, or NULL */
  struct listing_xattr *xattrs; /* with --xattrs, sorted by name */
  size_t nr_xattrs;
};

/* A guest's whole tree. */
DEFINE_VECTOR_TYPE (tree, struct file);

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
  else
    printf ("%s: differences between two guests' filesystems (careen)\n"
            "\n"
            "Usage:\n"
            "  %s [--options] -a old.img [-a ...] -A new.img [-A ...]\n"
            "  %s [--options] -d domold -D domnew\n"
            "\n"
            "Options:\n"
            "  -a|--add image       add a disk of the first guest\n"
            "  -A image             add a disk of the second guest\n"
            "  --all                --extra-stats --times --uids --xattrs\n"
            "  --atime              compare access times too\n"
            "  --blocksize[=512|4096] sector size of the next disks\n"
            "  -c|--connect uri     libvirt URI for -d and -D\n"
            "  -d|--domain guest    the first guest is a libvirt guest\n"
            "  -D guest             the second guest is a libvirt guest\n"
            "  --checksum[=type]    compare contents by checksum (md5)\n"
            "  --csv                comma-separated output\n"
            "  --dir-links          compare directories' link counts\n"
            "  --dir-times          compare directories' times\n"
            "  --extra-stats        show device, inode, links, blocks\n"
            "  --format[=raw|qcow2|..] format of the next disks\n"
            "  -h|--human-readable  human-readable sizes\n"
            "  --key ID:key:KEY|ID:file:FILE  key of an encrypted disk\n"
            "  --keys-from-stdin    read keys from stdin\n"
            "  --times              show times\n"
            "  --time-days          times as days before now\n"
            "  --time-relative      times as seconds before now\n"
            "  --time-t             times as seconds since the epoch\n"
            "  --uids               show owners\n"
            "  --xattrs             compare extended attributes\n"
            "  -v|--verbose         verbose messages\n"
            "  -V|--version         print the version and exit\n"
            "  -x                   trace library calls\n"
            "  --help               print this help and exit\n"
            "See %s(1).\n", PROGRAM, PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

/* One line: OP ("-", "+", "="), then the fields of F in guest G. */
static int
show_file (const char *op, guestfs_h *g, const struct file *f)
{
  const struct listing_entry e = {
    .path = f->path, .st = &f->st, .link = f->link,
    .xattrs = f->xattrs, .nr_xattrs = f->nr_xattrs,
  };

  return listing_print (g, &fmt, op, &e);
}

/* Keeps a copy of each file the walk finds. */
static int
add_file (const struct listing_entry *e, void *opaque)
{
  struct tree *t = opaque;
  struct file *f;

  if (t->len >= DIFF_MAX_FILES) {
    fprintf (stderr, "%s: more than %d files in a guest\n", PROGRAM,
             DIFF_MAX_FILES);
    return -1;
  }
  if (tree_reserve (t, 1) == -1)
    die_nomem ();
  f = &t->ptr[t->len++];
  f->path = strdup (e->path);
  f->st = *e->st;
  f->link = e->link ? strdup (e->link) : NULL;
  if (f->path == NULL || (e->link && f->link == NULL))
    die_nomem ();
  f->xattrs = listing_copy_xattrs (PROGRAM, e->xattrs, e->nr_xattrs);
  f->nr_xattrs = e->nr_xattrs;
  return 0;
}

static int
compare_files (const void *a, const void *b)
{
  const struct file *fa = a, *fb = b;

  return strcmp (fa->path, fb->path);
}

/* Lists the whole tree of G, sorted by path.  0 or -1 (printed). */
static int
list_guest (guestfs_h *g, struct tree *t)
{
  if (listing_walk (g, PROGRAM, "/", DIFF_MAX_DEPTH, fmt.xattrs, add_file,
                    t) == -1)
    return -1;
  qsort (t->ptr, t->len, sizeof t->ptr[0], compare_files);
  return 0;
}

static void
free_tree (struct tree *t)
{
  size_t i;

  for (i = 0; i < t->len; ++i) {
    free (t->ptr[i].path);
    free (t->ptr[i].link);
    listing_free_xattrs (t->ptr[i].xattrs, t->ptr[i].nr_xattrs);
  }
  tree_release (t);
}

/* Both lists are sorted by name. */
static bool
xattrs_differ (const struct file *f1, const struct file *f2)
{
  size_t i;

  if (f1->nr_xattrs != f2->nr_xattrs)
    return true;
  for (i = 0; i < f1->nr_xattrs; ++i) {
    const struct listing_xattr *a = &f1->xattrs[i], *b = &f2->xattrs[i];

    if (strcmp (a->name, b->name) != 0 || a->len != b->len ||
        memcmp (a->val, b->val, a->len) != 0)
      return true;
  }
  return false;
}

/* 1 if the file changed between the guests, 0 if not, -1 on error. */
static int
changed (guestfs_h *g1, const struct file *f1, guestfs_h *g2,
         const struct file *f2)
{
  const struct guestfs_statns *s1 = &f1->st, *s2 = &f2->st;
  bool dir = S_ISDIR (s1->st_mode);

  if (s1->st_mode != s2->st_mode || s1->st_uid != s2->st_uid ||
      s1->st_gid != s2->st_gid || s1->st_rdev != s2->st_rdev)
    return 1;
  if (!dir && s1->st_size != s2->st_size)
    return 1;
  if ((!dir || dir_links) && s1->st_nlink != s2->st_nlink)
    return 1;
  if (!dir || dir_times) {
    if (s1->st_mtime_sec != s2->st_mtime_sec ||
        s1->st_mtime_nsec != s2->st_mtime_nsec ||
        s1->st_ctime_sec != s2->st_ctime_sec ||
        s1->st_ctime_nsec != s2->st_ctime_nsec)
      return 1;
    if (fmt.atime && (s1->st_atime_sec != s2->st_atime_sec ||
                  s1->st_atime_nsec != s2->st_atime_nsec))
      return 1;
  }
  if ((f1->link == NULL) != (f2->link == NULL) ||
      (f1->link && strcmp (f1->link, f2->link) != 0))
    return 1;
  if (fmt.xattrs && xattrs_differ (f1, f2))
    return 1;
  if (fmt.checksum && S_ISREG (s1->st_mode)) {
    CLEANUP_FREE char *c1 = guestfs_checksum (g1, fmt.checksum, f1->path);
    CLEANUP_FREE char *c2 = guestfs_checksum (g2, fmt.checksum, f2->path);

    if (c1 == NULL || c2 == NULL)
      return -1;
    return strcmp (c1, c2) != 0;
  }
  return 0;
}

/* A unified diff of the contents of a regular file changed between
 * the guests, by diff(1) on two downloaded copies.  0 or -1.
 */
static int
diff_contents (guestfs_h *g1, guestfs_h *g2, const char *path)
{
  const char *tmpdir = getenv ("TMPDIR");
  CLEANUP_FREE char *dir = NULL, *old = NULL, *new = NULL;
  int r = -1, status;

  if (asprintf (&dir, "%s/virtdiffXXXXXX",
                tmpdir && *tmpdir ? tmpdir : "/tmp") == -1)
    die_nomem ();
  if (mkdtemp (dir) == NULL) {
    fprintf (stderr, "%s: mkdtemp: %m\n", PROGRAM);
    return -1;
  }
  if (asprintf (&old, "%s/old", dir) == -1 ||
      asprintf (&new, "%s/new", dir) == -1)
    die_nomem ();
  if (guestfs_download (g1, path, old) == -1 ||
      guestfs_download (g2, path, new) == -1)
    goto out;
  {
    /* The guest path as both labels: no temporary names in output. */
    char *argv[] = { (char *) "diff", (char *) "-u",
                     (char *) "--label", (char *) path,
                     (char *) "--label", (char *) path, old, new, NULL };

    status = spawn_run (PROGRAM, argv);
  }
  /* diff exits 1 when the files differ. */
  if (status == 0 || status == 1)
    r = 0;
  else if (status > 1)
    fprintf (stderr, "%s: diff failed on %s\n", PROGRAM, path);
 out:
  unlink (old);
  unlink (new);
  rmdir (dir);
  return r;
}

static int
diff_trees (guestfs_h *g1, const struct tree *t1, guestfs_h *g2,
           const struct tree *t2)
{
  size_t i1 = 0, i2 = 0;

  while (i1 < t1->len || i2 < t2->len) {
    const struct file *f1 = i1 < t1->len ? &t1->ptr[i1] : NULL;
    const struct file *f2 = i2 < t2->len ? &t2->ptr[i2] : NULL;
    int cmp = f1 == NULL ? 1 : f2 == NULL ? -1 : strcmp (f1->path,
                                                          f2->path);

    if (cmp < 0) {
      if (show_file ("-", g1, f1) == -1)
        return -1;
      i1++;
    }
    else if (cmp > 0) {
      if (show_file ("+", g2, f2) == -1)
        return -1;
      i2++;
    }
    else {
      int c = changed (g1, f1, g2, f2);

      if (c == -1)
        return -1;
      if (c) {
        if (show_file ("=", g2, f2) == -1)
          return -1;
        if (!fmt.csv && S_ISREG (f1->st.st_mode) &&
            S_ISREG (f2->st.st_mode) &&
            diff_contents (g1, g2, f1->path) == -1)
          return -1;
      }
      i1++;
      i2++;
    }
  }
  return 0;
}

/* Opens, inspects and mounts one guest (read-only). */
static guestfs_h *
open_guest (const struct options *o)
{
  guestfs_h *g = options_create_handle (o);

  if (options_add_drives (o, g) == -1 || guestfs_launch (g) == -1 ||
      options_inspect_mount (o, g, NULL) == -1) {
    guestfs_close (g);
    return NULL;
  }
  return g;
}

static void
handle_long (struct options *o1, struct options *o2, const char *name,
             const char *arg, int option_index)
{
  if (strcmp (name, "all") == 0)
    fmt.extra_stats = fmt.times = fmt.uids = fmt.xattrs = true;
  else if (strcmp (name, "atime") == 0)
    fmt.atime = true;
  else if (strncmp (name, "checksum", 8) == 0)
    fmt.checksum = arg ? arg : "md5";
  else if (strcmp (name, "csv") == 0)
    fmt.csv = true;
  else if (strncmp (name, "dir-link", 8) == 0 ||
           strncmp (name, "dir-nlink", 9) == 0)
    dir_links = true;
  else if (strncmp (name, "dir-time", 8) == 0)
    dir_times = true;
  else if (strncmp (name, "extra-stat", 10) == 0)
    fmt.extra_stats = true;
  else if (strcmp (name, "time") == 0 || strcmp (name, "times") == 0)
    fmt.times = true;
  else if (strcmp (name, "time-days") == 0)
    fmt.times = true, fmt.relative = LISTING_REL_DAYS;
  else if (strcmp (name, "time-relative") == 0)
    fmt.times = true, fmt.relative = LISTING_REL_SECONDS;
  else if (strcmp (name, "time-t") == 0)
    fmt.times = true, fmt.time_t_output = true;
  else if (strncmp (name, "uid", 3) == 0)
    fmt.uids = true;
  else if (strncmp (name, "xattr", 5) == 0)
    fmt.xattrs = true;
  else {
    /* The common options: --format and --blocksize apply to the
     * disks of both guests that follow, keys to both guests.
     */
    if (options_handle (o1, 0, option_index, arg) == 0)
      usage (EXIT_FAILURE);
    options_handle (o2, 0, option_index, arg);
  }
}

int
main (int argc, char *argv[])
{
  struct options o1, o2;
  struct tree t1 = { 0 }, t2 = { 0 };
  guestfs_h *g1 = NULL, *g2 = NULL;
  int c, option_index, status = EXIT_FAILURE;

  options_init (&o1, PROGRAM, true, short_options, long_options);
  options_init (&o2, PROGRAM, true, short_options, long_options);
  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, long_options,
                     &option_index);
    if (c == -1)
      break;
    switch (c) {
    case HELP_OPTION:
      usage (EXIT_SUCCESS);
    case 0:
      handle_long (&o1, &o2, long_options[option_index].name, optarg,
                   option_index);
      break;
    case 'A':
      options_handle (&o2, 'a', -1, optarg);
      break;
    case 'D':
      options_handle (&o2, 'd', -1, optarg);
      break;
    case 'c':
      /* One connection for both guests, as in libguestfs's tool. */
      options_handle (&o2, c, -1, optarg);
      options_handle (&o1, c, -1, optarg);
      break;
    case 'h':
      fmt.human = true;
      break;
    case 'v':
    case 'x':
      options_handle (&o2, c, -1, optarg);
      options_handle (&o1, c, -1, optarg);
      break;
    default:
      if (options_handle (&o1, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }
  if (optind != argc) {
    fprintf (stderr, "%s: extra arguments on the command line\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  if (o1.nr_drives == 0 || o2.nr_drives == 0) {
    fprintf (stderr, "%s: you must give the first guest (-a or -d) and "
             "the second (-A or -D)\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  /* --format goes to both guests: an -a or an -A after the last one
   * uses it (checked after a missing guest, as libguestfs does).
   */
  if (o1.format_unused && o2.format_unused)
    options_check_format_used (&o1);
  o1.format_unused = o2.format_unused = false;
  fmt.program = PROGRAM;
  fmt.now = time (NULL);

  g1 = open_guest (&o1);
  if (g1 == NULL)
    goto out;
  g2 = open_guest (&o2);
  if (g2 == NULL)
    goto out;
  if (list_guest (g1, &t1) == -1 || list_guest (g2, &t2) == -1 ||
      diff_trees (g1, &t1, g2, &t2) == -1)
    goto out;
  if (fflush (stdout) == EOF) {
    fprintf (stderr, "%s: write: %m\n", PROGRAM);
    goto out;
  }
  status = EXIT_SUCCESS;

 out:
  if (g1)
    guestfs_close (g1);
  if (g2)
    guestfs_close (g2);
  free_tree (&t1);
  free_tree (&t2);
  options_free (&o1);
  options_free (&o2);
  exit (status);
}
