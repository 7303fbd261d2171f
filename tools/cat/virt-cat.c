/** careen - offline disk-image toolkit
 *
 * virt-cat: print files of a disk image on stdout.
 *
 * The files are streamed by the download call straight to our stdout,
 * chunk by chunk, so a file of any size passes through without being
 * held in memory and binary bytes arrive unchanged.  Without -m the
 * guest's operating system is found by inspection and its filesystems
 * are mounted read-only, as libguestfs's virt-cat does.
 */

#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "options.h"
#include "fleet.h"

static const char short_options[] = "a:c:d:m:P:qvVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, 0 },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "mount", required_argument, NULL, 'm' },
  { "short-options", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  FLEET_LONG_OPTIONS,
  { "json", no_argument, NULL, 0 },
  { "quiet", no_argument, NULL, 'q' },
  { NULL, 0, NULL, 0 }
};

/* In a fleet: the files of each image, as a string. */
static const struct fleet_tool fleet = {
  .program = "virt-cat",
  .short_options = short_options,
  .long_options = long_options,
  .result = FLEET_RESULT_STRING,
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'virt-cat --help' for more information.\n");
  else {
    printf ("virt-cat: display files in a virtual machine\n"
            "Usage:\n"
            "  virt-cat [--options] -a disk.img [-a disk.img ...] "
            "file [file ...]\n"
            "  virt-cat [--options] -d domname file [file ...]\n"
            "Options:\n"
            "  -a|--add image       Add image\n"
            "  --blocksize[=512|4096]\n"
            "                       Set sector size of the disk for -a "
            "option\n"
            "  --echo-keys          Don't turn off echo for passphrases\n"
            "  --format[=raw|..]    Force disk format for -a option\n"
            "  --help               Display brief help\n"
            "  --key selector       Specify a LUKS key\n"
            "  --keys-from-stdin    Read passphrases from stdin\n"
            "  -m|--mount dev[:mnt[:opts[:fstype]]]\n"
            "                       Mount dev on mnt (if omitted, /)\n"
            "  -v|--verbose         Verbose messages\n"
            "  -V|--version         Display version and exit\n"
            "  -x                   Trace libguestfs API calls\n"
            "  -c|--connect uri     Specify libvirt URI for -d option\n"
            "  -d|--domain guest    Add disks from libvirt guest\n");
    fleet_print_usage ();
    printf ("For more information, see the manpage virt-cat(1).\n");
  }
  exit (status);
}

int
main (int argc, char *argv[])
{
  struct options o;
  guestfs_h *g;
  int c, option_index = -1, status = EXIT_SUCCESS;

  fleet_main (&fleet, argc, argv);
  options_init (&o, "virt-cat", true, short_options, long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    if (c == 0 && strcmp (long_options[option_index].name, "help") == 0)
      usage (EXIT_SUCCESS);
    if (options_handle (&o, c, option_index, optarg) == 0)
      usage (EXIT_FAILURE);
  }
  /* The old form "virt-cat disk.img|domname file": with no -a or -d,
   * the first argument is the guest.
   */
  if (o.nr_drives == 0 && optind < argc - 1)
    options_add_guest_arg (&o, argv[optind++]);
  if (!options_have_drive (&o))
    usage (EXIT_FAILURE);
  if (optind >= argc) {
    fprintf (stderr, "virt-cat: no file was given to display\n");
    usage (EXIT_FAILURE);
  }
  /* Only -m or inspection makes sense here: -i is implied. */
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

  for (; optind < argc; ++optind) {
    /* Whatever was buffered goes out before the streamed bytes. */
    fflush (stdout);
    if (guestfs_download (g, argv[optind], "/dev/stdout") == -1)
      status = EXIT_FAILURE;
  }
  if (guestfs_shutdown (g) == -1)
    status = EXIT_FAILURE;
  guestfs_close (g);
  options_free (&o);
  return status;
}
