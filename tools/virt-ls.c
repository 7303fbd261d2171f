/** careen - offline disk-image toolkit
 *
 * virt-ls: list files of a disk image.  Four modes, as in libguestfs's
 * virt-ls: plain names (ls), -l (the appliance's ls -la, via ll), -R
 * (every path under the directory, via find) and -lR, careen's own
 * walk printing one line per file with its type, mode, size and the
 * optional fields (--uids, --times, --extra-stats, --checksum), either
 * space-separated or as CSV.  Without -m the guest is inspected and
 * its filesystems mounted read-only.
 */

#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "cleanups.h"
#include "options.h"

/* Deepest directory nesting walked by -lR.  A hostile image can nest
 * directories (or bind loops cannot exist offline, but nesting can)
 * far deeper than any real guest; the walk stops there with an error
 * instead of exhausting the stack.
 */
#define LS_MAX_DEPTH 256

static const char short_options[] = "a:c:d:hlm:RvVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "checksum", optional_argument, NULL, 0 },
  { "checksums", optional_argument, NULL, 0 },
  { "csv", no_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "extra-stat", no_argument, NULL, 0 },
  { "extra-stats", no_argument, NULL, 0 },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, 0 },
  { "human-readable", no_argument, NULL, 'h' },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long", no_argument, NULL, 'l' },
  { "long-options", no_argument, NULL, 0 },
  { "mount", required_argument, NULL, 'm' },
  { "recursive", no_argument, NULL, 'R' },
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
  { NULL, 0, NULL, 0 }
};

static guestfs_h *g;
static bool csv, human, uids, times, extra_stats;
/* How times show: --time-relative and --time-days (the last given)
 * win over --time-t, which wins over dates, whatever the order of the
 * options, as in libguestfs's virt-ls.
 */
static enum { REL_NONE, REL_SECONDS, REL_DAYS } time_relative;
static bool time_t_output;
static const char *checksum;    /* NULL, or the --checksum type */
static time_t now;
static size_t field;            /* fields printed on the current line */

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'virt-ls --help' for more information.\n");
  else
    printf ("virt-ls: list files in a virtual machine\n"
            "Usage:\n"
            "  virt-ls [--options] -a disk.img [-a disk.img ...] "
            "dir [dir ...]\n"
            "Options:\n"
            "  -a|--add image       Add image\n"
            "  --blocksize[=512|4096]\n"
            "                       Set sector size of the disk for -a "
            "option\n"
            "  --checksum[=...]     Display file checksums\n"
            "  --csv                Comma-Separated Values output\n"
            "  --echo-keys          Don't turn off echo for passphrases\n"
            "  --extra-stats        Display extra stats\n"
            "  --format[=raw|..]    Force disk format for -a option\n"
            "  --help               Display brief help\n"
            "  -h|--human-readable  Human-readable sizes in output\n"
            "  --key selector       Specify a LUKS key\n"
            "  --keys-from-stdin    Read passphrases from stdin\n"
            "  -l|--long            Long listing\n"
            "  -m|--mount dev[:mnt[:opts[:fstype]]]\n"
            "                       Mount dev on mnt (if omitted, /)\n"
            "  -R|--recursive       Recursive listing\n"
            "  --times              Display file times\n"
            "  --time-days          Display file times as days before now\n"
            "  --time-relative      Display file times as seconds before "
            "now\n"
            "  --time-t             Display file times as time_t's\n"
            "  --uids               Display UID, GID\n"
            "  -v|--verbose         Verbose messages\n"
            "  -V|--version         Display version and exit\n"
            "  -x                   Trace libguestfs API calls\n"
            "  -c, -d               Not available: careen has no libvirt\n"
            "For more information, see the manpage virt-ls(1).\n");
  exit (status);
}

/* Fields of a -lR line: separated by a space, or a comma in CSV. */
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

/* One -lR line for PATH.  LINK is the symlink target or NULL. */
static int
show_file (const char *path, const struct guestfs_statns *st,
           const char *link)
{
  char perms[16];

  field = 0;
  out_string (file_type (st->st_mode));
  snprintf (perms, sizeof perms, "%04" PRIo64,
            (uint64_t) (st->st_mode & 07777));
  out_string (perms);
  out_size (st->st_size);
  if (uids) {
    /* Padded in CSV too: libguestfs's virt-ls does, and scripts that
     * read its CSV expect it.
     */
    next_field ();
    printf ("%4" PRIi64, st->st_uid);
    next_field ();
    printf ("%4" PRIi64, st->st_gid);
  }
  if (times) {
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
    CLEANUP_FREE char *csum = guestfs_checksum (g, checksum, path);

    if (csum == NULL)
      return -1;
    out_string (csum);
  }
  out_string (path);
  if (link) {
    if (csv)
      out_string (link);
    else
      printf (" -> %s", link);
  }
  putchar ('\n');
  return 0;
}

static char *
join_path (const char *dir, const char *name)
{
  char *r;

  if (asprintf (&r, "%s%s%s", dir,
                dir[strlen (dir) - 1] == '/' ? "" : "/", name) == -1) {
    fprintf (stderr, "virt-ls: out of memory\n");
    exit (EXIT_FAILURE);
  }
  return r;
}

/* -lR: the entries of DIR, each followed by its own subtree. */
static int
walk (const char *dir, unsigned depth)
{
  CLEANUP_FREE_STRING_LIST char **names = NULL;
  CLEANUP_FREE_STRING_LIST char **links = NULL;
  struct guestfs_statns_list *stats = NULL;
  size_t i, n;
  int r = -1;

  if (depth >= LS_MAX_DEPTH) {
    fprintf (stderr, "virt-ls: %s: directories nested deeper than %d "
             "levels\n", dir, LS_MAX_DEPTH);
    return -1;
  }
  names = guestfs_ls (g, dir);
  if (names == NULL)
    return -1;
  n = 0;
  while (names[n])
    n++;
  if (n == 0)
    return 0;
  stats = guestfs_lstatnslist (g, dir, names);
  if (stats == NULL)
    return -1;
  links = guestfs_readlinklist (g, dir, names);
  if (links == NULL)
    goto out;
  if (stats->len != n) {
    fprintf (stderr, "virt-ls: %s: the appliance returned %u stats for "
             "%zu names\n", dir, stats->len, n);
    goto out;
  }
  for (i = 0; i < n; ++i) {
    CLEANUP_FREE char *path = join_path (dir, names[i]);
    const struct guestfs_statns *st = &stats->val[i];
    const char *link = NULL;

    if (S_ISLNK (st->st_mode) && links[i] && links[i][0])
      link = links[i];
    if (show_file (path, st, link) == -1)
      goto out;
    if (S_ISDIR (st->st_mode) && walk (path, depth + 1) == -1)
      goto out;
  }
  r = 0;
 out:
  guestfs_free_statns_list (stats);
  return r;
}

static int
list_dir (const char *dir, bool long_mode, bool recursive)
{
  size_t i;

  if (long_mode && recursive) {
    struct guestfs_statns *st = guestfs_lstatns (g, dir);
    int r;

    if (st == NULL)
      return -1;
    r = show_file (dir, st, NULL);
    if (r == 0 && S_ISDIR (st->st_mode))
      r = walk (dir, 0);
    guestfs_free_statns (st);
    return r;
  }
  if (long_mode) {
    CLEANUP_FREE char *out = guestfs_ll (g, dir);

    if (out == NULL)
      return -1;
    fputs (out, stdout);
    return 0;
  }
  {
    CLEANUP_FREE_STRING_LIST char **names =
      recursive ? guestfs_find (g, dir) : guestfs_ls (g, dir);

    if (names == NULL)
      return -1;
    for (i = 0; names[i]; ++i)
      printf ("%s\n", names[i]);
  }
  return 0;
}

static const char *const checksum_types[] = {
  "crc", "md5", "sha1", "sha224", "sha256", "sha384", "sha512", NULL
};

int
main (int argc, char *argv[])
{
  struct options o;
  bool long_mode = false, recursive = false;
  int c, option_index, status = EXIT_SUCCESS;

  options_init (&o, "virt-ls", true, short_options, long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    const char *n = c == 0 ? long_options[option_index].name : "";

    if (c == 'h')
      human = true;
    else if (c == 'l')
      long_mode = true;
    else if (c == 'R')
      recursive = true;
    else if (strcmp (n, "help") == 0)
      usage (EXIT_SUCCESS);
    else if (strcmp (n, "checksum") == 0 || strcmp (n, "checksums") == 0) {
      size_t i;

      checksum = optarg && *optarg ? optarg : "md5";
      for (i = 0; checksum_types[i]; ++i)
        if (strcmp (checksum, checksum_types[i]) == 0)
          break;
      if (checksum_types[i] == NULL) {
        fprintf (stderr, "virt-ls: --checksum=%s: unknown checksum type "
                 "(crc, md5, sha1, sha224, sha256, sha384 or sha512)\n",
                 checksum);
        exit (EXIT_FAILURE);
      }
    }
    else if (strcmp (n, "csv") == 0)
      csv = true;
    else if (strcmp (n, "extra-stat") == 0 ||
             strcmp (n, "extra-stats") == 0)
      extra_stats = true;
    else if (strcmp (n, "time") == 0 || strcmp (n, "times") == 0)
      times = true;
    else if (strcmp (n, "time-t") == 0) {
      times = true;
      time_t_output = true;
    }
    else if (strcmp (n, "time-relative") == 0) {
      times = true;
      time_relative = REL_SECONDS;
    }
    else if (strcmp (n, "time-days") == 0) {
      times = true;
      time_relative = REL_DAYS;
    }
    else if (strcmp (n, "uid") == 0 || strcmp (n, "uids") == 0)
      uids = true;
    else if (options_handle (&o, c, option_index, optarg) == 0)
      usage (EXIT_FAILURE);
  }
  /* The old form "virt-ls disk.img dir": with no -a, the first
   * argument is the disk.
   */
  if (o.nr_drives == 0 && optind < argc - 1)
    options_add_positional_drive (&o, argv[optind++]);
  if (o.nr_drives == 0) {
    fprintf (stderr, "virt-ls: no disk image was given (-a): careen has "
             "no libvirt to find guests in\n");
    usage (EXIT_FAILURE);
  }
  if (optind >= argc) {
    fprintf (stderr, "virt-ls: no directory was given to list\n");
    usage (EXIT_FAILURE);
  }
  if ((csv || human || uids || times || extra_stats || checksum) &&
      !(long_mode && recursive)) {
    fprintf (stderr, "virt-ls: used a flag which can only be combined "
             "with -lR mode\n"
             "For more information, read the virt-ls(1) man page.\n");
    exit (EXIT_FAILURE);
  }
  now = time (NULL);
  o.read_only = true;
  o.inspector = o.nr_mounts == 0;

  g = options_create_handle (&o);
  if (options_add_drives (&o, g) == -1 || guestfs_launch (g) == -1)
    exit (EXIT_FAILURE);
  if (o.inspector) {
    if (options_inspect_mount (&o, g, NULL) == -1)
      exit (EXIT_FAILURE);
  }
  else if (options_mount (&o, g) == -1)
    exit (EXIT_FAILURE);

  for (; optind < argc; ++optind)
    if (list_dir (argv[optind], long_mode, recursive) == -1) {
      status = EXIT_FAILURE;
      break;
    }
  if (guestfs_shutdown (g) == -1)
    status = EXIT_FAILURE;
  guestfs_close (g);
  options_free (&o);
  if (fflush (stdout) == EOF) {
    fprintf (stderr, "virt-ls: write error: %m\n");
    status = EXIT_FAILURE;
  }
  return status;
}
