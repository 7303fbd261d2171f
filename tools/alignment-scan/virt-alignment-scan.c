/** careen - offline disk-image toolkit
 *
 * virt-alignment-scan: where each partition of a guest starts, and
 * whether that start suits the storage under it.
 *
 * The -a and -d disks are one guest, looked at by one appliance.  With
 * no guest named, every libvirt domain is a guest of its own, looked
 * at by up to -P appliances at once, and each line is prefixed by the
 * domain's name (or UUID).  A guest's lines are collected in memory and
 * printed in domain order once all are done, so parallel runs never
 * interleave.
 *
 * The exit status says the worst alignment found (0: every partition
 * on a 64K boundary at least, 2: some below 64K, 3: some below 4K),
 * or 1 when a guest could not be scanned.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "options.h"
#include "fleet.h"

/* Exit statuses (documented in the man page, the same as libguestfs's). */
enum scan_status {
  SCAN_ALIGNED = 0,             /* every partition >= 64K aligned */
  SCAN_ERROR = 1,
  SCAN_BELOW_64K = 2,
  SCAN_BELOW_4K = 3,
};

/* Most appliances at once: each is a qemu with its own memory. */
#define SCAN_MAX_THREADS 64

/* Alignments from which storage of each kind does no extra I/O. */
#define ALIGN_GOOD (64 * 1024)  /* high-end network storage */
#define ALIGN_FAIR 4096         /* 4K-sector disks, file-backed storage */

static const char short_options[] = "a:c:d:P:qvVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "quiet", no_argument, NULL, 'q' },
  { "short-options", no_argument, NULL, 0 },
  { "uuid", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  FLEET_LONG_OPTIONS,
  { "json", no_argument, NULL, 0 },
  { NULL, 0, NULL, 0 }
};

/* In a fleet: the partitions of each image; the statuses that say the
 * alignment are not failures.
 */
static const char *const fleet_columns[] = {
  "partition", "start", "alignment", "status", NULL
};
static const struct fleet_tool fleet = {
  .program = "virt-alignment-scan",
  .short_options = short_options,
  .long_options = long_options,
  .result = FLEET_RESULT_COLUMNS,
  .columns = fleet_columns,
  .own_P = true,
  .own_quiet = true,
  .ok_statuses = 1u << SCAN_BELOW_64K | 1u << SCAN_BELOW_4K,
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'virt-alignment-scan --help' for more "
             "information.\n");
  else {
    printf ("virt-alignment-scan: check alignment of virtual machine "
            "partitions\n"
            "Usage:\n"
            "  virt-alignment-scan [--options] -d domname\n"
            "  virt-alignment-scan [--options] -a disk.img "
            "[-a disk.img ...]\n"
            "  virt-alignment-scan [--options]   (every libvirt guest)\n"
            "Options:\n"
            "  -a|--add image       Add image\n"
            "  --blocksize[=512|4096]\n"
            "                       Set sector size of the disk for -a "
            "option\n"
            "  -c|--connect uri     Specify libvirt URI for -d option\n"
            "  -d|--domain guest    Add disks from libvirt guest\n"
            "  --format[=raw|..]    Force disk format for -a option\n"
            "  --help               Display brief help\n"
            "  -P nr_threads        Use at most nr_threads\n"
            "  -q|--quiet           No output, just exit code\n"
            "  --uuid               Print UUIDs instead of names\n"
            "  -v|--verbose         Verbose messages\n"
            "  -V|--version         Display version and exit\n"
            "  -x                   Trace libguestfs API calls\n");
    fleet_print_usage ();
    printf ("For more information, see the manpage "
            "virt-alignment-scan(1).\n");
  }
  exit (status);
}

/* One guest: its disks in the options' list, and what scanning found. */
struct scan_guest {
  size_t first_drive, nr_drives;
  const char *prefix;           /* the domain, when scanning them all */
  char *lines;                  /* the report, or NULL */
  size_t lines_len;
  enum scan_status status;
  char *error;                  /* why the guest failed, or NULL */
};

static struct options opts;
static bool quiet;

/* The largest power of two dividing START (START is not 0). */
static uint64_t
alignment_of (uint64_t start)
{
  return start & -start;
}

/* Writes the line of one partition to FP and returns its verdict. */
static enum scan_status
report_partition (FILE *fp, const char *prefix, const char *device,
                  int partnum, uint64_t start)
{
  uint64_t align = alignment_of (start);
  enum scan_status st;
  const char *verdict;

  if (align >= ALIGN_GOOD) {
    st = SCAN_ALIGNED;
    verdict = "ok";
  }
  else if (align >= ALIGN_FAIR) {
    st = SCAN_BELOW_64K;
    verdict = "bad (alignment < 64K)";
  }
  else {
    st = SCAN_BELOW_4K;
    verdict = "bad (alignment < 4K)";
  }
  if (prefix)
    fprintf (fp, "%s:", prefix);
  /* The alignment column is 13 wide either way: bytes below 1K, else
   * kilobytes with their unit.
   */
  if (align < 1024)
    fprintf (fp, "%s%d %12" PRIu64 " %12" PRIu64 "    %s\n",
             device, partnum, start, align, verdict);
  else
    fprintf (fp, "%s%d %12" PRIu64 " %12" PRIu64 "K   %s\n",
             device, partnum, start, align / 1024, verdict);
  return st;
}

static void
keep_error (struct scan_guest *gu, guestfs_h *g)
{
  const char *msg = g ? guestfs_last_error (g) : NULL;

  gu->error = strdup (msg ? msg : "failed to create a handle");
  gu->status = SCAN_ERROR;
}

/* A filesystem on a whole disk starts at 0, aligned to anything.
 * libguestfs reports it as partition 1 of parted's "loop" table, with
 * no alignment column; so does careen.  A disk holding neither a
 * partition table nor a filesystem has nothing to report.
 */
static void
report_whole_disk (guestfs_h *g, FILE *fp, const char *prefix,
                   const char *device)
{
  CLEANUP_FREE char *fs = NULL;

  guestfs_push_error_handler (g, NULL, NULL);
  fs = guestfs_vfs_type (g, device);
  guestfs_pop_error_handler (g);
  if (fs == NULL || fs[0] == '\0')
    return;
  if (prefix)
    fprintf (fp, "%s:", prefix);
  fprintf (fp, "%s1 %12d - ok\n", device, 0);
}

/* Scans the partitions of every disk of G into FP. */
static int
scan_disks (guestfs_h *g, struct scan_guest *gu, FILE *fp)
{
  CLEANUP_FREE_STRING_LIST char **devices = guestfs_list_devices (g);
  size_t i, j;

  if (devices == NULL)
    return -1;
  for (i = 0; devices[i] != NULL; ++i) {
    struct guestfs_partition_list *parts;
    char *type;

    guestfs_push_error_handler (g, NULL, NULL);
    type = guestfs_part_get_parttype (g, devices[i]);
    guestfs_pop_error_handler (g);
    if (type == NULL || strcmp (type, "loop") == 0) {
      free (type);
      report_whole_disk (g, fp, gu->prefix, devices[i]);
      continue;
    }
    free (type);
    parts = guestfs_part_list (g, devices[i]);
    if (parts == NULL)
      return -1;
    for (j = 0; j < parts->len; ++j) {
      enum scan_status st;

      if (parts->val[j].part_start <= 0)
        continue;
      st = report_partition (fp, gu->prefix, devices[i],
                             parts->val[j].part_num,
                             parts->val[j].part_start);
      if (st > gu->status)
        gu->status = st;
    }
    guestfs_free_partition_list (parts);
  }
  return 0;
}

/* Looks at one guest.  Failures are kept in gu->error, never printed
 * here: guests may run in parallel and are reported in order later.
 */
static void
scan_guest (struct scan_guest *gu)
{
  guestfs_h *g;
  FILE *fp;
  size_t i;

  fp = open_memstream (&gu->lines, &gu->lines_len);
  if (fp == NULL) {
    gu->error = strdup ("open_memstream failed");
    gu->status = SCAN_ERROR;
    return;
  }
  g = guestfs_create ();
  if (g == NULL) {
    keep_error (gu, NULL);
    fclose (fp);
    return;
  }
  guestfs_set_error_handler (g, NULL, NULL);
  guestfs_set_verbose (g, opts.verbose);
  guestfs_set_trace (g, opts.trace);
  for (i = 0; i < gu->nr_drives; ++i)
    if (options_add_drive (&opts, g, &opts.drives[gu->first_drive + i])
        == -1)
      goto failed;
  if (guestfs_launch (g) == -1 || scan_disks (g, gu, fp) == -1 ||
      guestfs_shutdown (g) == -1)
    goto failed;
  fclose (fp);
  guestfs_close (g);
  return;

 failed:
  keep_error (gu, g);
  fclose (fp);
  guestfs_close (g);
}

/* Thread K of N scans guests K, K+N, K+2N ... */
struct scan_share {
  struct scan_guest *guests;
  size_t nr_guests, stride, first;
};

static void *
scan_share (void *arg)
{
  const struct scan_share *s = arg;
  size_t i;

  for (i = s->first; i < s->nr_guests; i += s->stride)
    scan_guest (&s->guests[i]);
  return NULL;
}

static void
scan_all (struct scan_guest *guests, size_t nr_guests, size_t nr_threads)
{
  pthread_t threads[SCAN_MAX_THREADS];
  struct scan_share shares[SCAN_MAX_THREADS];
  size_t k, started;

  if (nr_threads > nr_guests)
    nr_threads = nr_guests;
  if (nr_threads <= 1) {
    for (k = 0; k < nr_guests; ++k)
      scan_guest (&guests[k]);
    return;
  }
  for (k = 0; k < nr_threads; ++k)
    shares[k] = (struct scan_share) { guests, nr_guests, nr_threads, k };
  for (started = 0; started < nr_threads; ++started)
    if (pthread_create (&threads[started], NULL, scan_share,
                        &shares[started]) != 0)
      break;
  /* A share whose thread could not start is done here. */
  for (k = started; k < nr_threads; ++k)
    scan_share (&shares[k]);
  for (k = 0; k < started; ++k)
    pthread_join (threads[k], NULL);
}

/* -P 0 or no -P: one appliance per core, within the bound. */
static size_t
threads_wanted (long asked)
{
  long n = asked > 0 ? asked : sysconf (_SC_NPROCESSORS_ONLN);

  if (n < 1)
    n = 1;
  return n > SCAN_MAX_THREADS ? SCAN_MAX_THREADS : (size_t) n;
}

int
main (int argc, char *argv[])
{
  struct scan_guest *guests;
  size_t nr_guests, i;
  bool uuid = false, all_domains = false;
  long nr_threads = 0;
  int c, option_index = -1, status = SCAN_ALIGNED;

  fleet_main (&fleet, argc, argv);
  options_init (&opts, "virt-alignment-scan", true, short_options,
                long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    const char *name = c == 0 ? long_options[option_index].name : "";

    if (c == 'q')
      quiet = true;
    else if (c == 'P') {
      char *end;

      errno = 0;
      nr_threads = strtol (optarg, &end, 10);
      if (errno || *end || end == optarg || nr_threads < 0) {
        fprintf (stderr, "virt-alignment-scan: -P %s: expected a number "
                 "of threads\n", optarg);
        exit (EXIT_FAILURE);
      }
    }
    else if (strcmp (name, "help") == 0)
      usage (EXIT_SUCCESS);
    else if (strcmp (name, "uuid") == 0)
      uuid = true;
    else if (options_handle (&opts, c, option_index, optarg) == 0)
      usage (EXIT_FAILURE);
  }
  if (optind < argc) {
    fprintf (stderr, "virt-alignment-scan: extra parameter on the "
             "command line: '%s'\n", argv[optind]);
    usage (EXIT_FAILURE);
  }
  /* Here, not in the threads that add the disks. */
  options_check_format_used (&opts);
  if (opts.nr_drives == 0) {
    if (options_add_all_domains (&opts, uuid) == -1)
      exit (EXIT_FAILURE);
    all_domains = true;
  }
  /* No domain at all is nothing to scan, and nothing misaligned. */
  if (opts.nr_drives == 0) {
    options_free (&opts);
    return SCAN_ALIGNED;
  }

  nr_guests = all_domains ? opts.nr_drives : 1;
  guests = calloc (nr_guests, sizeof *guests);
  if (guests == NULL) {
    fprintf (stderr, "virt-alignment-scan: calloc: %m\n");
    exit (EXIT_FAILURE);
  }
  for (i = 0; i < nr_guests; ++i) {
    guests[i].first_drive = all_domains ? i : 0;
    guests[i].nr_drives = all_domains ? 1 : opts.nr_drives;
    guests[i].prefix = all_domains ? opts.drives[i].domain : NULL;
  }

  scan_all (guests, nr_guests, threads_wanted (nr_threads));

  for (i = 0; i < nr_guests; ++i) {
    if (!quiet && guests[i].lines)
      fwrite (guests[i].lines, 1, guests[i].lines_len, stdout);
    if (guests[i].error) {
      fflush (stdout);
      if (guests[i].prefix)
        fprintf (stderr, "virt-alignment-scan: %s: %s\n", guests[i].prefix,
                 guests[i].error);
      else
        fprintf (stderr, "virt-alignment-scan: %s\n", guests[i].error);
    }
    /* An error outranks any alignment verdict. */
    if (status != SCAN_ERROR &&
        (guests[i].status == SCAN_ERROR || guests[i].status > status))
      status = guests[i].status;
    free (guests[i].lines);
    free (guests[i].error);
  }
  free (guests);
  options_free (&opts);
  if (fflush (stdout) == EOF || ferror (stdout)) {
    fprintf (stderr, "virt-alignment-scan: write error: %m\n");
    status = SCAN_ERROR;
  }
  return status;
}
