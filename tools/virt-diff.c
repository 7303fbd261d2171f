/** careen - offline disk-image toolkit
 *
 * virt-diff: the differences between the filesystems of two guests.
 * Each guest (-a disks, then -A disks) gets its own handle, is
 * inspected and mounted read-only, and its whole tree is listed (one
 * ls + lstatnslist + readlinklist per directory).  The two sorted
 * listings are merged: a name only in the first guest is printed with
 * "-", only in the second with "+", in both but changed with "=" (the
 * second guest's fields), followed, for regular files, by a unified
 * diff of the contents made on the host by diff(1) from the two
 * downloaded files.  The line fields are virt-ls -lR's.
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "options.h"

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

/* Output settings. */
static bool csv, human, uids, times, extra_stats, atime, dir_links,
  dir_times, time_t_output;
static enum { REL_NONE, REL_SECONDS, REL_DAYS } time_relative;
static const char *checksum;
static time_t now;
static int field;

/* One file of a guest. */
struct file {
  char *path;
  struct guestfs_statns st;
  char *link;                   /* symlink target, or NULL */
};

struct listing {
  struct file *files;
  size_t len, cap;
};

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
            "\n"
            "Options:\n"
            "  -a|--add image       add a disk of the first guest\n"
            "  -A image             add a disk of the second guest\n"
            "  --all                --extra-stats --times --uids\n"
            "  --atime              compare access times too\n"
            "  --blocksize[=512|4096] sector size of the next disks\n"
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
            "  -v|--verbose         verbose messages\n"
            "  -V|--version         print the version and exit\n"
            "  -x                   trace library calls\n"
            "  --help               print this help and exit\n"
            "See %s(1).\n", PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

static void __attribute__ ((noreturn))
die_nomem (void)
{
  fprintf (stderr, "%s: out of memory\n", PROGRAM);
  exit (EXIT_FAILURE);
}

/* Fields of a line: separated by a space, or a comma in CSV. */
static void
next_field (void)
{
  if (field++ > 0)
    putchar (csv ? ',' : ' ');
}

static void
out_string (const char *s)
{
  next_field ();
  if (csv)
    options_csv_field (stdout, s);
  else
    fputs (s, stdout);
}

static void
out_int (const char *fmt_plain, int64_t v)
{
  next_field ();
  printf (csv ? "%" PRIi64 : fmt_plain, v);
}

static void
out_size (int64_t v)
{
  char buf[OPTIONS_HUMAN_SIZE_LEN];

  if (!human) {
    out_int ("%10" PRIi64, v);
    return;
  }
  options_human_size (buf, sizeof buf, v < 0 ? 0 : (uint64_t) v);
  next_field ();
  printf (csv ? "%s" : "%10s", buf);
}

static void
out_dev (int64_t dev)
{
  next_field ();
  printf ("%" PRIi64 ":%" PRIi64, (int64_t) major (dev),
          (int64_t) minor (dev));
}

static void
out_time (int64_t t)
{
  char buf[64];

  if (time_relative == REL_SECONDS)
    out_int ("%8" PRIi64, (int64_t) now - t);
  else if (time_relative == REL_DAYS)
    out_int ("%3" PRIi64, ((int64_t) now - t) / 86400);
  else if (time_t_output)
    out_int ("%10" PRIi64, t);
  else {
    time_t tt = (time_t) t;
    struct tm tm;

    if (localtime_r (&tt, &tm) == NULL ||
        strftime (buf, sizeof buf, "%F %T", &tm) == 0)
      snprintf (buf, sizeof buf, "%" PRIi64, t);
    out_string (buf);
  }
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

/* One line: OP ("-", "+", "="), then the fields of F in guest G. */
static int
show_file (const char *op, guestfs_h *g, const struct file *f)
{
  const struct guestfs_statns *st = &f->st;
  char perms[16];

  field = 0;
  out_string (op);
  out_string (file_type (st->st_mode));
  snprintf (perms, sizeof perms, "%04" PRIo64,
            (uint64_t) (st->st_mode & 07777));
  out_string (perms);
  out_size (st->st_size);
  if (uids) {
    next_field ();
    printf ("%4" PRIi64, st->st_uid);
    next_field ();
    printf ("%4" PRIi64, st->st_gid);
  }
  if (times) {
    if (atime)
      out_time (st->st_atime_sec);
    out_time (st->st_mtime_sec);
    out_time (st->st_ctime_sec);
  }
  if (extra_stats) {
    out_dev (st->st_dev);
    out_int ("%" PRIi64, st->st_ino);
    out_int ("%" PRIi64, st->st_nlink);
    out_dev (st->st_rdev);
    out_int ("%" PRIi64, st->st_blocks);
  }
  if (checksum && S_ISREG (st->st_mode)) {
    CLEANUP_FREE char *csum = guestfs_checksum (g, checksum, f->path);

    if (csum == NULL)
      return -1;
    out_string (csum);
  }
  out_string (f->path);
  if (f->link) {
    if (csv)
      out_string (f->link);
    else
      printf (" -> %s", f->link);
  }
  putchar ('\n');
  return 0;
}

static char *
join_path (const char *dir, const char *name)
{
  char *r;

  if (asprintf (&r, "%s%s%s", dir,
                dir[strlen (dir) - 1] == '/' ? "" : "/", name) == -1)
    die_nomem ();
  return r;
}

static void
add_file (struct listing *l, const char *path,
          const struct guestfs_statns *st, const char *link)
{
  struct file *f;

  if (l->len >= DIFF_MAX_FILES) {
    fprintf (stderr, "%s: more than %d files in a guest\n", PROGRAM,
             DIFF_MAX_FILES);
    exit (EXIT_FAILURE);
  }
  if (l->len == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 256;

    f = realloc (l->files, cap * sizeof *f);
    if (f == NULL)
      die_nomem ();
    l->files = f;
    l->cap = cap;
  }
  f = &l->files[l->len++];
  f->path = strdup (path);
  f->st = *st;
  f->link = link ? strdup (link) : NULL;
  if (f->path == NULL || (link && f->link == NULL))
    die_nomem ();
}

/* Adds the entries of DIR and of every directory below it to L. */
static int
collect (guestfs_h *g, const char *dir, unsigned depth, struct listing *l)
{
  CLEANUP_FREE_STRING_LIST char **names = NULL;
  CLEANUP_FREE_STRING_LIST char **links = NULL;
  struct guestfs_statns_list *stats = NULL;
  size_t i, n;
  int r = -1;

  if (depth >= DIFF_MAX_DEPTH) {
    fprintf (stderr, "%s: %s: directories nested deeper than %d "
             "levels\n", PROGRAM, dir, DIFF_MAX_DEPTH);
    return -1;
  }
  names = guestfs_ls (g, dir);
  if (names == NULL)
    return -1;
  for (n = 0; names[n]; ++n)
    ;
  if (n == 0)
    return 0;
  stats = guestfs_lstatnslist (g, dir, names);
  if (stats == NULL)
    return -1;
  links = guestfs_readlinklist (g, dir, names);
  if (links == NULL)
    goto out;
  if (stats->len != n) {
    fprintf (stderr, "%s: %s: the appliance returned %u stats for %zu "
             "names\n", PROGRAM, dir, stats->len, n);
    goto out;
  }
  for (i = 0; i < n; ++i) {
    CLEANUP_FREE char *path = join_path (dir, names[i]);
    const struct guestfs_statns *st = &stats->val[i];

    add_file (l, path, st, S_ISLNK (st->st_mode) && links[i] &&
              links[i][0] ? links[i] : NULL);
    if (S_ISDIR (st->st_mode) && collect (g, path, depth + 1, l) == -1)
      goto out;
  }
  r = 0;
 out:
  guestfs_free_statns_list (stats);
  return r;
}

static int
compare_files (const void *a, const void *b)
{
  const struct file *fa = a, *fb = b;

  return strcmp (fa->path, fb->path);
}

/* Lists the whole tree of G, sorted by path.  0 or -1 (printed). */
static int
list_guest (guestfs_h *g, struct listing *l)
{
  struct guestfs_statns *root = guestfs_lstatns (g, "/");

  if (root == NULL)
    return -1;
  add_file (l, "/", root, NULL);
  guestfs_free_statns (root);
  if (collect (g, "/", 0, l) == -1)
    return -1;
  qsort (l->files, l->len, sizeof l->files[0], compare_files);
  return 0;
}

static void
free_listing (struct listing *l)
{
  size_t i;

  for (i = 0; i < l->len; ++i) {
    free (l->files[i].path);
    free (l->files[i].link);
  }
  free (l->files);
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
    if (atime && (s1->st_atime_sec != s2->st_atime_sec ||
                  s1->st_atime_nsec != s2->st_atime_nsec))
      return 1;
  }
  if ((f1->link == NULL) != (f2->link == NULL) ||
      (f1->link && strcmp (f1->link, f2->link) != 0))
    return 1;
  if (checksum && S_ISREG (s1->st_mode)) {
    CLEANUP_FREE char *c1 = guestfs_checksum (g1, checksum, f1->path);
    CLEANUP_FREE char *c2 = guestfs_checksum (g2, checksum, f2->path);

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
  pid_t pid;

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
  fflush (stdout);
  pid = fork ();
  if (pid == -1) {
    fprintf (stderr, "%s: fork: %m\n", PROGRAM);
    goto out;
  }
  if (pid == 0) {
    /* The guest path as both labels: no temporary names in output. */
    execlp ("diff", "diff", "-u", "--label", path, "--label", path,
            old, new, (char *) NULL);
    fprintf (stderr, "%s: diff: %m\n", PROGRAM);
    _exit (2);
  }
  while (waitpid (pid, &status, 0) == -1 && errno == EINTR)
    ;
  /* diff exits 1 when the files differ. */
  if (WIFEXITED (status) && WEXITSTATUS (status) <= 1)
    r = 0;
  else
    fprintf (stderr, "%s: diff failed on %s\n", PROGRAM, path);
 out:
  unlink (old);
  unlink (new);
  rmdir (dir);
  return r;
}

static int
diff_listings (guestfs_h *g1, const struct listing *l1, guestfs_h *g2,
               const struct listing *l2)
{
  size_t i1 = 0, i2 = 0;

  while (i1 < l1->len || i2 < l2->len) {
    const struct file *f1 = i1 < l1->len ? &l1->files[i1] : NULL;
    const struct file *f2 = i2 < l2->len ? &l2->files[i2] : NULL;
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
        if (!csv && S_ISREG (f1->st.st_mode) &&
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
    extra_stats = times = uids = true;
  else if (strcmp (name, "atime") == 0)
    atime = true;
  else if (strncmp (name, "checksum", 8) == 0)
    checksum = arg ? arg : "md5";
  else if (strcmp (name, "csv") == 0)
    csv = true;
  else if (strncmp (name, "dir-link", 8) == 0 ||
           strncmp (name, "dir-nlink", 9) == 0)
    dir_links = true;
  else if (strncmp (name, "dir-time", 8) == 0)
    dir_times = true;
  else if (strncmp (name, "extra-stat", 10) == 0)
    extra_stats = true;
  else if (strcmp (name, "time") == 0 || strcmp (name, "times") == 0)
    times = true;
  else if (strcmp (name, "time-days") == 0)
    times = true, time_relative = REL_DAYS;
  else if (strcmp (name, "time-relative") == 0)
    times = true, time_relative = REL_SECONDS;
  else if (strcmp (name, "time-t") == 0)
    times = true, time_t_output = true;
  else if (strncmp (name, "uid", 3) == 0)
    uids = true;
  else if (strncmp (name, "xattr", 5) == 0) {
    fprintf (stderr, "%s: --xattrs: comparing extended attributes is "
             "not supported by careen yet\n", PROGRAM);
    exit (EXIT_FAILURE);
  }
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
  struct listing l1 = { 0 }, l2 = { 0 };
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
    case 'h':
      human = true;
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
    fprintf (stderr, "%s: you must specify some -a and -A options\n",
             PROGRAM);
    usage (EXIT_FAILURE);
  }
  now = time (NULL);

  g1 = open_guest (&o1);
  if (g1 == NULL)
    goto out;
  g2 = open_guest (&o2);
  if (g2 == NULL)
    goto out;
  if (list_guest (g1, &l1) == -1 || list_guest (g2, &l2) == -1 ||
      diff_listings (g1, &l1, g2, &l2) == -1)
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
  free_listing (&l1);
  free_listing (&l2);
  options_free (&o1);
  options_free (&o2);
  exit (status);
}
