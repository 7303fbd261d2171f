/** careen - offline disk-image toolkit
 *
 * virt-customize: changes a guest's disk image in place (host name,
 * passwords, files, scripts to run now or at the next boot...).  The
 * guest is found by inspection and mounted read-write; the operations
 * of the command line run in their order (common/customize).
 *
 * --dry-run opens the disks read-only and only prints what would be
 * done, so the image is never written.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestfs.h"
#include "customize.h"
#include "customize-attach.h"
#include "options.h"
#include "fleet.h"

#define PROGRAM "virt-customize"

enum {
  HELP_OPTION = CHAR_MAX + 1,
  SMP_OPTION,
  NETWORK_OPTION,
  NO_NETWORK_OPTION,
  ATTACH_OPTION,
  ATTACH_FORMAT_OPTION,
  COSMETIC_OPTION,
  RO_OPTION,
};

static const char short_options[] = "a:c:d:m:nP:qvVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "attach", required_argument, NULL, ATTACH_OPTION },
  { "attach-format", required_argument, NULL, ATTACH_FORMAT_OPTION },
  { "blocksize", optional_argument, NULL, 0 },
  { "colors", no_argument, NULL, COSMETIC_OPTION },
  { "colours", no_argument, NULL, COSMETIC_OPTION },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "dry-run", no_argument, NULL, 'n' },
  { "dryrun", no_argument, NULL, 'n' },
  { "echo-keys", no_argument, NULL, 0 },
  /* As in libguestfs's virt-customize: "--format raw -a disk.img". */
  { "format", required_argument, NULL, 0 },
  { "help", no_argument, NULL, HELP_OPTION },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "memsize", required_argument, NULL, 'm' },
  { "network", no_argument, NULL, NETWORK_OPTION },
  { "no-network", no_argument, NULL, NO_NETWORK_OPTION },
  { "quiet", no_argument, NULL, 'q' },
  { "ro", no_argument, NULL, RO_OPTION },
  { "short-options", no_argument, NULL, 0 },
  { "smp", required_argument, NULL, SMP_OPTION },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "wrap", no_argument, NULL, COSMETIC_OPTION },
  FLEET_LONG_OPTIONS,
  { "json", no_argument, NULL, 0 },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS) {
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
    exit (status);
  }
  printf ("%s: customize a virtual machine's disk image (careen)\n"
          "\n"
          "Usage:\n"
          "  %s [--options] -a disk.img [-a disk.img ...]\n"
          "  %s [--options] -d domname\n"
          "\n"
          "Options:\n"
          "  -a|--add image       add a disk image\n"
          "  --attach ISOFILE     attach a disk (read-only) to the "
          "appliance\n"
          "  --attach-format FMT  format of the next --attach\n"
          "  --blocksize[=512|4096] sector size of the next -a\n"
          "  -c|--connect uri     libvirt URI for -d\n"
          "  -d|--domain guest    add the disks of a libvirt guest\n"
          "  -n|--dry-run         open read-only, only say what would "
          "be done\n"
          "  --format raw|qcow2|..|auto  format of the next -a images\n"
          "  --key ID:key:KEY|ID:file:FILE  key of an encrypted disk\n"
          "  --keys-from-stdin    read keys from stdin\n"
          "  --echo-keys          show keys as they are typed\n"
          "  -m|--memsize MB      appliance memory (for --run scripts)\n"
          "  --network            give the appliance a network (the "
          "default when\n"
          "                       guest programs run: --run, --install ...)\n"
          "  --no-network         no network\n"
          "  -q|--quiet           no progress messages\n"
          "  --smp N              appliance virtual CPUs\n"
          "  -v|--verbose         verbose messages\n"
          "  -V|--version         print the version and exit\n"
          "  -x                   trace library calls\n"
          "  --help               print this help and exit\n"
          "\n", PROGRAM, PROGRAM, PROGRAM);
  customize_usage (stdout);
  fleet_print_usage_end (PROGRAM);
  exit (status);
}

/* A positive number for -m or --smp, or exit(1). */
static int
parse_positive (const char *option, const char *arg, long max)
{
  char *end;
  long v;

  errno = 0;
  v = strtol (arg, &end, 10);
  if (errno || end == arg || *end || v < 1 || v > max) {
    fprintf (stderr, "%s: %s: '%s': expected a number from 1 to %ld\n",
             PROGRAM, option, arg, max);
    exit (EXIT_FAILURE);
  }
  return v;
}

int
main (int argc, char *argv[])
{
  struct options o;
  struct customize_ops *ops = customize_ops_new (PROGRAM);
  struct option *lo = customize_merge_long_options (long_options);
  struct customize_attach attach = CUSTOMIZE_ATTACH_INIT;
  size_t i;
  bool dry_run = false, quiet = false;
  int memsize = 0, smp = 0;
  int network = -1;             /* --[no-]network, -1: the default */
  char *root = NULL;
  guestfs_h *g;
  int c, option_index, r, status = EXIT_SUCCESS;

  /* In a fleet, each image is changed in place; the long options are
   * only known once merged with the customization options.
   */
  fleet_main_in_place (PROGRAM, short_options, lo, argc, argv);
  options_init (&o, PROGRAM, false, short_options, lo);
  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, lo, &option_index);
    if (c == -1)
      break;
    r = customize_handle_option (ops, c, option_index >= 0
                                 ? lo[option_index].name : NULL, optarg);
    if (r == -1)
      exit (EXIT_FAILURE);
    if (r == 1)
      continue;
    switch (c) {
    case HELP_OPTION:
      usage (EXIT_SUCCESS);
    case 'm':                   /* here -m is --memsize, not --mount */
      memsize = parse_positive ("--memsize", optarg, 1024 * 1024);
      break;
    case 'n':
      dry_run = true;
      break;
    case 'q':
      quiet = true;
      break;
    case SMP_OPTION:
      smp = parse_positive ("--smp", optarg, 255);
      break;
    case NETWORK_OPTION:
      network = 1;
      break;
    case NO_NETWORK_OPTION:
      network = 0;
      break;
    case RO_OPTION:
      /* Understood, so that the refusal is clear rather than getopt's
       * "unrecognized option".
       */
      fprintf (stderr, "%s: --ro: virt-customize writes to the disk "
               "images; use --dry-run to see what it would do\n",
               PROGRAM);
      exit (EXIT_FAILURE);
    case COSMETIC_OPTION:       /* --colors, --wrap: plain output only */
      break;
    case ATTACH_OPTION:
      customize_attach_option (&attach, PROGRAM, optarg);
      break;
    case ATTACH_FORMAT_OPTION:
      customize_attach_format_option (&attach, optarg);
      break;
    default:
      /* --format auto goes back to probing. */
      if (c == 0 && strcmp (lo[option_index].name, "format") == 0 &&
          strcmp (optarg, "auto") == 0)
        optarg = (char *) "";
      if (options_handle (&o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }
  if (optind != argc) {
    fprintf (stderr, "%s: extra arguments on the command line\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  options_check_format_used (&o);
  if (o.nr_drives == 0) {
    fprintf (stderr, "%s: you must give at least one -a or -d option\n",
             PROGRAM);
    usage (EXIT_FAILURE);
  }
  /* The disks are written: say so now, not after the launch, when a
   * file is read-only (the image of a running guest, a shared one).
   */
  if (!dry_run) {
    for (i = 0; i < o.nr_drives; ++i) {
      /* A domain's disks are checked by add_domain. */
      if (o.drives[i].filename == NULL)
        continue;
      if (access (o.drives[i].filename, W_OK) == -1) {
        fprintf (stderr, "%s: %s: cannot write to the disk image: %m\n",
                 PROGRAM, o.drives[i].filename);
        exit (EXIT_FAILURE);
      }
    }
  }
  o.read_only = dry_run;
  /* On by default, as in libguestfs's virt-customize; but only
   * programs run in the guest can use it, so without them the
   * appliance is spared the card.
   */
  if (network == -1)
    network = customize_runs_guest_programs (ops);

  customize_progress (ops, quiet, "Examining the guest ...");
  g = options_create_handle (&o);
  if ((memsize && guestfs_set_memsize (g, memsize) == -1) ||
      (smp && guestfs_set_smp (g, smp) == -1) ||
      (network && guestfs_set_network (g, 1) == -1) ||
      options_add_drives (&o, g) == -1) {
    status = EXIT_FAILURE;
    goto out;
  }
  if (customize_attach_drives (&attach, g) == -1) {
    status = EXIT_FAILURE;
    goto out;
  }
  if (guestfs_launch (g) == -1 ||
      options_inspect_mount (&o, g, &root) == -1 ||
      customize_set_random_seed (g, root, ops, dry_run, quiet) == -1 ||
      customize_run (g, root, ops, dry_run, quiet) == -1) {
    status = EXIT_FAILURE;
    goto out;
  }
  customize_progress (ops, quiet, "Finishing off");
  /* shutdown, not just close: it reports write-back errors. */
  if (guestfs_shutdown (g) == -1)
    status = EXIT_FAILURE;

 out:
  guestfs_close (g);
  free (root);
  options_free (&o);
  customize_ops_free (ops);
  free (lo);
  exit (status);
}
