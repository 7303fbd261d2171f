/** careen - offline disk-image toolkit
 *
 * virt-df: free space on the filesystems of disk images, like df(1).
 *
 * By default every -a disk belongs to one guest, looked at by one
 * appliance (as in libguestfs's virt-df, where --one-per-guest only
 * names that default).  With no guest named, every libvirt domain is a
 * guest of its own, and the guests are looked at by up to -P
 * appliances in parallel threads; a guest that fails is reported and
 * the others are still done.  Results are printed in domain order
 * whatever order the appliances finish in.  --images-from FILE is a
 * fleet run (common/options/fleet.h): each image is done by virt-df
 * run again on it alone, and its rows join one table.
 *
 * For each guest: launch, list the mountable filesystems (partitions,
 * LVs, btrfs subvolumes...), mount each read-only on / in turn and
 * statvfs it.  A filesystem that does not mount is skipped silently,
 * as df(1) skips what it cannot stat.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "xalloc.h"
#include "options.h"
#include "fleet.h"
#include "virt-df.h"

/* Most appliances run at once.  Each one is a qemu with its own
 * memory; beyond a few dozen the host swaps rather than goes faster.
 */
#define DF_MAX_THREADS 64

static const char short_options[] = "a:c:d:hiP:qvVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "csv", no_argument, NULL, 0 },
  { "domain", required_argument, NULL, 'd' },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, 0 },
  { "human-readable", no_argument, NULL, 'h' },
  FLEET_LONG_OPTIONS,
  { "inodes", no_argument, NULL, 'i' },
  { "json", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "one-per-guest", no_argument, NULL, 0 },
  { "quiet", no_argument, NULL, 'q' },
  { "short-options", no_argument, NULL, 0 },
  { "uuid", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

/* A fleet's image: its one-element --json array is the result, its
 * table joins the others' under one title.
 */
static const char *const fleet_json_args[] = { "--json", NULL };
static const struct fleet_tool fleet = {
  .program = "virt-df",
  .short_options = short_options,
  .long_options = long_options,
  .result = FLEET_RESULT_JSON_ELEMENT,
  .json_args = fleet_json_args,
  .own_P = true,
  .own_json = true,
  .title_once = true,
};

static struct options opts;

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'virt-df --help' for more information.\n");
  else {
    printf ("virt-df: display free space on virtual filesystems\n"
            "Usage:\n"
            "  virt-df [--options] -a disk.img [-a disk.img ...]\n"
            "  virt-df [--options] disk.img [disk.img ...]\n"
            "  virt-df [--options] --images-from FILE\n"
            "  virt-df [--options] -d domname\n"
            "  virt-df [--options]   (every libvirt guest)\n"
            "Options:\n"
            "  -a|--add image       Add image\n"
            "  --blocksize[=512|4096]\n"
            "                       Set sector size of the disk for -a "
            "option\n"
            "  --csv                Output as Comma-Separated Values\n"
            "  --format[=raw|..]    Force disk format for -a option\n"
            "  -h|--human-readable  Print sizes in human-readable format\n"
            "  --help               Display brief help\n"
            "  -i|--inodes          Display inodes\n"
            "  --json               Output as JSON\n"
            "  --one-per-guest      Ignored (one appliance per guest is "
            "the default)\n"
            "  -P nr_threads        Use at most nr_threads appliances "
            "for domains\n"
            "  --uuid               Print UUIDs instead of names\n"
            "  -v|--verbose         Verbose messages\n"
            "  -V|--version         Display version and exit\n"
            "  -x                   Trace libguestfs API calls\n"
            "  -c|--connect uri     Specify libvirt URI for -d option\n"
            "  -d|--domain guest    Add disks from libvirt guest\n");
    fleet_print_usage ();
    printf ("For more information, see the manpage virt-df(1).\n");
  }
  exit (status);
}

/* The guest name: the first disk's file name without its directory,
 * with a '+' when the guest has more disks; or the domain's name.
 */
static char *
guest_name (size_t first, size_t n)
{
  const char *file = opts.drives[first].filename;
  const char *base;
  char *r;

  if (opts.drives[first].domain) {
    if (asprintf (&r, "%s%s", opts.drives[first].domain,
                  n > 1 ? "+" : "") == -1)
      die_nomem ();
    return r;
  }
  base = strrchr (file, '/');
  base = base && base[1] ? base + 1 : file;
  if (asprintf (&r, "%s%s", base, n > 1 ? "+" : "") == -1)
    die_nomem ();
  return r;
}

static void
set_error (struct df_guest *gu, guestfs_h *g, const char *what)
{
  const char *msg = g ? guestfs_last_error (g) : NULL;

  if (asprintf (&gu->error, "%s", msg ? msg : what) == -1)
    gu->error = NULL;
}

static int
add_row (struct df_guest *gu, const char *device,
         const struct guestfs_statvfs *st)
{
  struct df_row r = {
    .device = strdup (device),
    .bsize = st->bsize, .frsize = st->frsize, .blocks = st->blocks,
    .bfree = st->bfree, .bavail = st->bavail,
    .files = st->files, .ffree = st->ffree, .favail = st->favail,
  };

  if (r.device == NULL || df_row_vector_append (&gu->rows, r) == -1) {
    free (r.device);
    return -1;
  }
  return 0;
}

/* Looks at one guest.  Failures are kept in gu->error, never printed
 * here: guests run in parallel and are reported in order afterwards.
 */
static void
df_guest (struct df_guest *gu)
{
  guestfs_h *g;
  CLEANUP_FREE_STRING_LIST char **fses = NULL;
  size_t i;

  g = guestfs_create ();
  if (g == NULL) {
    set_error (gu, NULL, "failed to create a handle");
    return;
  }
  guestfs_set_error_handler (g, NULL, NULL);
  if (opts.verbose)
    guestfs_set_verbose (g, 1);
  if (opts.trace)
    guestfs_set_trace (g, 1);
  for (i = 0; i < gu->nr_drives; ++i)
    if (options_add_drive (&opts, g, &opts.drives[gu->first_drive + i])
        == -1)
      goto error;
  if (guestfs_launch (g) == -1)
    goto error;
  fses = guestfs_list_filesystems (g);
  if (fses == NULL)
    goto error;
  for (i = 0; fses[i] && fses[i + 1]; i += 2) {
    struct guestfs_statvfs *st;
    int r;

    if (strcmp (fses[i + 1], "swap") == 0 ||
        strcmp (fses[i + 1], "unknown") == 0)
      continue;
    if (guestfs_mount_ro (g, fses[i], "/") == -1)
      continue;
    st = guestfs_statvfs (g, "/");
    r = st ? add_row (gu, fses[i], st) : 0;
    guestfs_free_statvfs (st);
    if (r == -1) {
      set_error (gu, NULL, "out of memory");
      guestfs_close (g);
      return;
    }
    if (guestfs_umount_all (g) == -1)
      goto error;
  }
  if (guestfs_shutdown (g) == -1)
    goto error;
  guestfs_close (g);
  return;

 error:
  set_error (gu, g, "unknown error");
  guestfs_close (g);
}

/* The work queue of the threads: the next guest to take. */
static struct df_guest *guests;
static size_t nr_guests, next_guest;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;

static void *
worker (void *arg)
{
  for (;;) {
    size_t i;

    pthread_mutex_lock (&queue_lock);
    i = next_guest++;
    pthread_mutex_unlock (&queue_lock);
    if (i >= nr_guests)
      return NULL;
    df_guest (&guests[i]);
  }
}

/* Runs every guest on at most NR_THREADS appliances at once. */
static void
run_guests (size_t nr_threads)
{
  pthread_t threads[DF_MAX_THREADS];
  size_t i, started = 0;
  int err;

  if (nr_threads > nr_guests)
    nr_threads = nr_guests;
  if (nr_threads <= 1) {
    worker (NULL);
    return;
  }
  for (i = 0; i < nr_threads; ++i) {
    err = pthread_create (&threads[i], NULL, worker, NULL);
    if (err != 0) {
      /* Fewer threads still do every guest. */
      if (started == 0)
        worker (NULL);
      break;
    }
    started++;
  }
  for (i = 0; i < started; ++i)
    pthread_join (threads[i], NULL);
}

int
main (int argc, char *argv[])
{
  struct df_format fmt = { false, false, false, false };
  bool one_per_guest = false, uuid = false;
  size_t nr_threads = 0;
  int c, option_index = -1, status = EXIT_SUCCESS;
  size_t i;

  fleet_main (&fleet, argc, argv);
  options_init (&opts, "virt-df", true, short_options, long_options);
  /* A missing image is one guest's error, reported with the others. */
  opts.no_access_check = true;
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    const char *name = c == 0 ? long_options[option_index].name : "";

    if (c == 'h')
      fmt.human = true;
    else if (c == 'i')
      fmt.inodes = true;
    else if (c == 'P') {
      char *end;
      long n;

      errno = 0;
      n = strtol (optarg, &end, 10);
      if (errno || *end || end == optarg || n < 0) {
        fprintf (stderr, "virt-df: -P %s: expected a number of threads\n",
                 optarg);
        exit (EXIT_FAILURE);
      }
      nr_threads = n > DF_MAX_THREADS ? DF_MAX_THREADS : (size_t) n;
    }
    else if (strcmp (name, "help") == 0)
      usage (EXIT_SUCCESS);
    else if (strcmp (name, "csv") == 0)
      fmt.csv = true;
    else if (strcmp (name, "json") == 0)
      fmt.json = true;
    else if (strcmp (name, "one-per-guest") == 0)
      /* In libguestfs, the name of what has long been the default:
       * every guest gets its own appliance, and the -a disks are the
       * disks of one guest.  So it changes nothing.
       */
      ;
    else if (strcmp (name, "uuid") == 0)
      uuid = true;              /* of the domains listed from libvirt */
    else if (options_handle (&opts, c, option_index, optarg) == 0)
      usage (EXIT_FAILURE);
  }
  /* The old form: virt-df disk.img [disk.img ...]. */
  for (; optind < argc; ++optind)
    options_add_positional_drive (&opts, argv[optind]);

  if (fmt.human && fmt.csv) {
    fprintf (stderr, "virt-df: you cannot use -h and --csv options "
             "together.\n");
    exit (EXIT_FAILURE);
  }
  if (fmt.json && fmt.csv) {
    fprintf (stderr, "virt-df: you cannot use --json and --csv options "
             "together.\n");
    exit (EXIT_FAILURE);
  }
  /* No guest named: every domain libvirt has, one guest each. */
  if (opts.nr_drives == 0) {
    if (options_add_all_domains (&opts, uuid) == -1)
      exit (EXIT_FAILURE);
    one_per_guest = true;
  }
  if (!options_have_drive (&opts))
    usage (EXIT_FAILURE);

  /* One guest: a disk that cannot be read ends the run at once, with
   * the message libguestfs's virt-df gives.
   */
  if (!one_per_guest)
    for (i = 0; i < opts.nr_drives; ++i)
      if (opts.drives[i].filename && opts.drives[i].uri == NULL &&
          access (opts.drives[i].filename, R_OK) == -1) {
        fprintf (stderr, "virt-df: access: %s: %m\n",
                 opts.drives[i].filename);
        exit (EXIT_FAILURE);
      }

  nr_guests = one_per_guest ? opts.nr_drives : 1;
  guests = calloc (nr_guests, sizeof *guests);
  if (guests == NULL)
    die_nomem ();
  for (i = 0; i < nr_guests; ++i) {
    guests[i].first_drive = one_per_guest ? i : 0;
    guests[i].nr_drives = one_per_guest ? 1 : opts.nr_drives;
    guests[i].name = guest_name (guests[i].first_drive,
                                 guests[i].nr_drives);
  }

  run_guests (nr_threads ? nr_threads : fleet_default_parallel ());

  if (fmt.json)
    df_print_json_start ();
  else {
    /* No title when nothing at all could be looked at. */
    bool any = false;

    for (i = 0; i < nr_guests; ++i)
      any |= guests[i].error == NULL;
    if (any)
      df_print_title (&fmt);
  }
  for (i = 0; i < nr_guests; ++i) {
    if (fmt.json)
      df_print_json_guest (&fmt, &guests[i], i == 0);
    else if (guests[i].error == NULL)
      df_print_guest (&fmt, &guests[i]);
    if (guests[i].error) {
      fflush (stdout);
      fprintf (stderr, "virt-df: %s: %s\n", guests[i].name,
               guests[i].error);
      status = EXIT_FAILURE;
    }
  }
  if (fmt.json)
    df_print_json_end ();

  for (i = 0; i < nr_guests; ++i) {
    size_t j;

    for (j = 0; j < guests[i].rows.len; ++j)
      free (guests[i].rows.ptr[j].device);
    df_row_vector_release (&guests[i].rows);
    free (guests[i].name);
    free (guests[i].error);
  }
  free (guests);
  options_free (&opts);
  if (fflush (stdout) == EOF || ferror (stdout)) {
    fprintf (stderr, "virt-df: write error: %m\n");
    status = EXIT_FAILURE;
  }
  return status;
}
