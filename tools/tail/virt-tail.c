/** careen - offline disk-image toolkit
 *
 * virt-tail: follow files of a guest, as tail -f does on the host.
 *
 * A running guest's disk cannot be read consistently while it is
 * written, so, as libguestfs's virt-tail does, the disks are opened
 * read-only again and again: each round launches an appliance, mounts
 * the guest, prints what was added to each file since the last round
 * (the last 10 lines the first time), and closes it.  The next round
 * starts when an -a image file has changed (its modification time or
 * size, checked every second), or after TAIL_REOPEN_SECS anyway, since
 * a change to a remote disk or to a libvirt domain's disks cannot be
 * seen from here.
 *
 * It runs until ^C (SIGINT) or SIGTERM (exit 0), until none of the
 * files exists any more (exit 1), or until an error (exit 1).
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "options.h"

/* Lines printed from each file the first time, as tail(1) does. */
#define TAIL_FIRST_LINES 10

/* Longest wait between two rounds: how late a change that cannot be
 * watched (remote disks, domains, a change within the same second and
 * size) is seen at worst.
 */
#define TAIL_REOPEN_SECS 30

/* Most bytes read from a file in one call: bounds what one pread
 * returns, however much the file grew.
 */
#define TAIL_CHUNK (1024 * 1024)

static const char short_options[] = "a:c:d:fm:vVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "follow", no_argument, NULL, 'f' },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, 0 },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "mount", required_argument, NULL, 'm' },
  { "short-options", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'virt-tail --help' for more information.\n");
  else
    printf ("virt-tail: follow (tail) files in a virtual machine\n"
            "Usage:\n"
            "  virt-tail [--options] -d domname file [file ...]\n"
            "  virt-tail [--options] -a disk.img [-a disk.img ...] "
            "file [file ...]\n"
            "Options:\n"
            "  -a|--add image       Add image\n"
            "  --blocksize[=512|4096]\n"
            "                       Set sector size of the disk for -a "
            "option\n"
            "  -c|--connect uri     Specify libvirt URI for -d option\n"
            "  -d|--domain guest    Add disks from libvirt guest\n"
            "  --echo-keys          Don't turn off echo for passphrases\n"
            "  -f|--follow          Ignored for compatibility with tail\n"
            "  --format[=raw|..]    Force disk format for -a option\n"
            "  --help               Display brief help\n"
            "  --key selector       Specify a LUKS key\n"
            "  --keys-from-stdin    Read passphrases from stdin\n"
            "  -m|--mount dev[:mnt[:opts[:fstype]]]\n"
            "                       Mount dev on mnt (if omitted, /)\n"
            "  -v|--verbose         Verbose messages\n"
            "  -V|--version         Display version and exit\n"
            "  -x                   Trace libguestfs API calls\n"
            "For more information, see the manpage virt-tail(1).\n");
  exit (status);
}

/* What was seen of one followed file. */
struct followed {
  const char *path;
  bool seen;                    /* it existed at the last round */
  int64_t size;                 /* bytes printed up to */
};

static volatile sig_atomic_t quit;

static void
on_signal (int sig)
{
  quit = 1;
}

static struct options opts;

/* A fingerprint of the -a image files: changes when any is written.
 * Drives that are not local files do not count.
 */
static uint64_t
images_stamp (void)
{
  uint64_t stamp = 0;
  size_t i;

  for (i = 0; i < opts.nr_drives; ++i) {
    struct stat st;

    if (opts.drives[i].filename == NULL || opts.drives[i].uri ||
        stat (opts.drives[i].filename, &st) == -1)
      continue;
    stamp = stamp * 31 + (uint64_t) st.st_mtim.tv_sec * 1000000007u +
      (uint64_t) st.st_mtim.tv_nsec + (uint64_t) st.st_size;
  }
  return stamp;
}

/* Whether every drive is a local file whose changes can be watched. */
static bool
images_watchable (void)
{
  size_t i;

  for (i = 0; i < opts.nr_drives; ++i)
    if (opts.drives[i].filename == NULL || opts.drives[i].uri)
      return false;
  return true;
}

static int
write_out (const char *buf, size_t len)
{
  if (fwrite (buf, 1, len, stdout) != len || fflush (stdout) == EOF) {
    fprintf (stderr, "virt-tail: write error: %m\n");
    return -1;
  }
  return 0;
}

/* Prints bytes FROM to TO of F's file. */
static int
print_range (guestfs_h *g, const struct followed *f, int64_t from,
             int64_t to)
{
  while (from < to) {
    size_t n = to - from > TAIL_CHUNK ? TAIL_CHUNK : (size_t) (to - from);
    size_t got;
    CLEANUP_FREE char *buf = guestfs_pread (g, f->path, (int) n, from,
                                            &got);

    if (buf == NULL)
      return -1;
    if (got == 0)               /* shrank since statns */
      break;
    if (write_out (buf, got) == -1)
      return -1;
    from += got;
  }
  return 0;
}

/* The last lines of F's file: the first thing shown of it. */
static int
print_first (guestfs_h *g, const struct followed *f)
{
  CLEANUP_FREE_STRING_LIST char **lines =
    guestfs_tail_n (g, TAIL_FIRST_LINES, f->path);
  size_t i;

  if (lines == NULL)
    return -1;
  for (i = 0; lines[i]; ++i)
    if (write_out (lines[i], strlen (lines[i])) == -1 ||
        write_out ("\n", 1) == -1)
      return -1;
  return 0;
}

/* One look at each file.  Returns how many exist, or -1 on error. */
static int
follow_round (guestfs_h *g, struct followed *files, size_t nr_files,
              bool first_round, const struct followed **last_shown)
{
  size_t i;
  int found = 0;

  for (i = 0; i < nr_files; ++i) {
    struct followed *f = &files[i];
    struct guestfs_statns *st;
    int64_t size;

    guestfs_push_error_handler (g, NULL, NULL);
    st = guestfs_statns (g, f->path);
    guestfs_pop_error_handler (g);
    if (st == NULL) {
      if (guestfs_last_errno (g) != ENOENT) {
        fprintf (stderr, "virt-tail: %s: %s\n", f->path,
                 guestfs_last_error (g));
        return -1;
      }
      /* Gone (or not there yet): whatever appears is new. */
      f->seen = false;
      f->size = 0;
      continue;
    }
    size = st->st_size;
    guestfs_free_statns (st);
    found++;
    if (f->seen && size == f->size)
      continue;
    if (nr_files > 1 && *last_shown != f) {
      printf ("%s==> %s <==\n", *last_shown ? "\n" : "", f->path);
      *last_shown = f;
    }
    if (f->seen && size < f->size) {
      fflush (stdout);
      fprintf (stderr, "virt-tail: %s: file truncated\n", f->path);
      f->size = 0;
    }
    if (first_round) {
      if (print_first (g, f) == -1)
        return -1;
    }
    else if (print_range (g, f, f->size, size) == -1)
      return -1;
    f->seen = true;
    f->size = size;
  }
  return found;
}

/* One round: a fresh appliance on the disks as they are now. */
static int
open_and_follow (struct followed *files, size_t nr_files, bool first_round,
                 const struct followed **last_shown)
{
  guestfs_h *g = options_create_handle (&opts);
  int found = -1;

  if (options_add_drives (&opts, g) == -1 || guestfs_launch (g) == -1)
    goto out;
  if (opts.inspector ? options_inspect_mount (&opts, g, NULL)
      : options_mount (&opts, g))
    goto out;
  found = follow_round (g, files, nr_files, first_round, last_shown);
  if (guestfs_shutdown (g) == -1)
    found = -1;
 out:
  guestfs_close (g);
  return found;
}

/* Sleeps until the images change, TAIL_REOPEN_SECS pass, or a signal. */
static void
wait_for_change (uint64_t stamp)
{
  bool watch = images_watchable ();
  int s;

  for (s = 0; s < TAIL_REOPEN_SECS && !quit; ++s) {
    sleep (1);
    if (watch && images_stamp () != stamp)
      return;
  }
}

int
main (int argc, char *argv[])
{
  struct followed *files;
  const struct followed *last_shown = NULL;
  size_t nr_files, i;
  bool first_round = true;
  struct sigaction sa;
  int c, option_index = -1, status = EXIT_SUCCESS;

  options_init (&opts, "virt-tail", true, short_options, long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    if (c == 'f')
      continue;                 /* following is all it does */
    if (c == 0 && strcmp (long_options[option_index].name, "help") == 0)
      usage (EXIT_SUCCESS);
    if (options_handle (&opts, c, option_index, optarg) == 0)
      usage (EXIT_FAILURE);
  }
  if (opts.nr_drives == 0 && optind < argc - 1)
    options_add_guest_arg (&opts, argv[optind++]);
  if (!options_have_drive (&opts))
    usage (EXIT_FAILURE);
  if (optind >= argc) {
    fprintf (stderr, "virt-tail: no file was given to follow\n");
    usage (EXIT_FAILURE);
  }
  for (i = optind; i < (size_t) argc; ++i)
    if (argv[i][0] != '/') {
      fprintf (stderr, "virt-tail: '%s': the file must be a full path, "
               "starting with '/'\n", argv[i]);
      exit (EXIT_FAILURE);
    }
  opts.read_only = true;
  opts.inspector = opts.nr_mounts == 0;

  nr_files = argc - optind;
  files = calloc (nr_files, sizeof *files);
  if (files == NULL) {
    perror ("virt-tail: calloc");
    exit (EXIT_FAILURE);
  }
  for (i = 0; i < nr_files; ++i)
    files[i].path = argv[optind + i];

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);

  while (!quit) {
    uint64_t stamp = images_stamp ();
    int found = open_and_follow (files, nr_files, first_round, &last_shown);

    if (found == -1) {
      /* An interrupted launch is how ^C ends a round, not an error. */
      if (!quit)
        status = EXIT_FAILURE;
      break;
    }
    if (found == 0) {
      fprintf (stderr, "virt-tail: none of the files was found in the "
               "guest\n");
      status = EXIT_FAILURE;
      break;
    }
    first_round = false;
    wait_for_change (stamp);
  }
  free (files);
  options_free (&opts);
  return status;
}
