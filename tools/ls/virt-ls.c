/** careen - offline disk-image toolkit
 *
 * virt-ls: list files of a disk image.  Four modes, as in libguestfs's
 * virt-ls: plain names (ls), -l (the appliance's ls -la, via ll), -R
 * (every path under the directory, via find) and -lR, the walk of
 * listing.c (shared with virt-diff) printing one line per file with
 * its type, mode, size and the
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
#include "xalloc.h"
#include "listing.h"
#include "options.h"
#include "fleet.h"

/* Deepest directory nesting walked by -lR.  A hostile image can nest
 * directories (or bind loops cannot exist offline, but nesting can)
 * far deeper than any real guest; the walk stops there with an error
 * instead of exhausting the stack.
 */
#define LS_MAX_DEPTH 256

static const char short_options[] = "a:c:d:hlm:P:qRvVx";
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
  FLEET_LONG_OPTIONS,
  { "json", no_argument, NULL, 0 },
  { "quiet", no_argument, NULL, 'q' },
  { NULL, 0, NULL, 0 }
};

/* In a fleet: the listing of each image, as a string. */
static const struct fleet_tool fleet = {
  .program = "virt-ls",
  .short_options = short_options,
  .long_options = long_options,
  .result = FLEET_RESULT_STRING,
};

static guestfs_h *g;
/* The -lR fields.  How times show: --time-relative and --time-days
 * (the last given) win over --time-t, which wins over dates, whatever
 * the order of the options, as in libguestfs's virt-ls.
 */
static struct listing_format fmt;

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'virt-ls --help' for more information.\n");
  else {
    printf ("virt-ls: list files in a virtual machine\n"
            "Usage:\n"
            "  virt-ls [--options] -a disk.img [-a disk.img ...] "
            "dir [dir ...]\n"
            "  virt-ls [--options] -d domname dir [dir ...]\n"
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
            "  -c|--connect uri     Specify libvirt URI for -d option\n"
            "  -d|--domain guest    Add disks from libvirt guest\n");
    fleet_print_usage ();
    printf ("For more information, see the manpage virt-ls(1).\n");
  }
  exit (status);
}

/* -lR: each file's line, as it is found. */
static int
print_entry (const struct listing_entry *e, void *opaque)
{
  return listing_print (g, &fmt, NULL, e);
}

static int
list_dir (const char *dir, bool long_mode, bool recursive)
{
  size_t i;

  if (long_mode && recursive) {
    return listing_walk (g, "virt-ls", dir, LS_MAX_DEPTH, false,
                         print_entry, NULL);
  }
  if (long_mode) {
    CLEANUP_FREE char *out = guestfs_ll (g, dir);

    if (out == NULL)
      return -1;
    fputs (out, stdout);
    return 0;
  }
  {
    CLEANUP_FREE char *dirslash = xdir_with_slash (dir);
    CLEANUP_FREE_STRING_LIST char **names =
      recursive ? guestfs_find (g, dirslash) : guestfs_ls (g, dir);

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
  int c, option_index = -1, status = EXIT_SUCCESS;

  fleet_main (&fleet, argc, argv);
  options_init (&o, "virt-ls", true, short_options, long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    const char *n = c == 0 ? long_options[option_index].name : "";

    if (c == 'h')
      fmt.human = true;
    else if (c == 'l')
      long_mode = true;
    else if (c == 'R')
      recursive = true;
    else if (strcmp (n, "help") == 0)
      usage (EXIT_SUCCESS);
    else if (strcmp (n, "checksum") == 0 || strcmp (n, "checksums") == 0) {
      size_t i;

      fmt.checksum = optarg && *optarg ? optarg : "md5";
      for (i = 0; checksum_types[i]; ++i)
        if (strcmp (fmt.checksum, checksum_types[i]) == 0)
          break;
      if (checksum_types[i] == NULL) {
        fprintf (stderr, "virt-ls: --checksum=%s: unknown checksum type "
                 "(crc, md5, sha1, sha224, sha256, sha384 or sha512)\n",
                 fmt.checksum);
        exit (EXIT_FAILURE);
      }
    }
    else if (strcmp (n, "csv") == 0)
      fmt.csv = true;
    else if (strcmp (n, "extra-stat") == 0 ||
             strcmp (n, "extra-stats") == 0)
      fmt.extra_stats = true;
    else if (strcmp (n, "time") == 0 || strcmp (n, "times") == 0)
      fmt.times = true;
    else if (strcmp (n, "time-t") == 0) {
      fmt.times = true;
      fmt.time_t_output = true;
    }
    else if (strcmp (n, "time-relative") == 0) {
      fmt.times = true;
      fmt.relative = LISTING_REL_SECONDS;
    }
    else if (strcmp (n, "time-days") == 0) {
      fmt.times = true;
      fmt.relative = LISTING_REL_DAYS;
    }
    else if (strcmp (n, "uid") == 0 || strcmp (n, "uids") == 0)
      fmt.uids = true;
    else if (options_handle (&o, c, option_index, optarg) == 0)
      usage (EXIT_FAILURE);
  }
  /* The old form "virt-ls disk.img|domname dir": with no -a or -d, the
   * first argument is the guest.
   */
  if (o.nr_drives == 0 && optind < argc - 1)
    options_add_guest_arg (&o, argv[optind++]);
  if (!options_have_drive (&o))
    usage (EXIT_FAILURE);
  if (optind >= argc) {
    fprintf (stderr, "virt-ls: no directory was given to list\n");
    usage (EXIT_FAILURE);
  }
  if ((fmt.csv || fmt.human || fmt.uids || fmt.times || fmt.extra_stats ||
       fmt.checksum) &&
      !(long_mode && recursive)) {
    fprintf (stderr, "virt-ls: used a flag which can only be combined "
             "with -lR mode\n"
             "For more information, read the virt-ls(1) man page.\n");
    exit (EXIT_FAILURE);
  }
  fmt.program = "virt-ls";
  fmt.csv_empty_checksum = true;
  fmt.now = time (NULL);
  /* virt-ls shows all three times. */
  fmt.atime = fmt.times;
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
