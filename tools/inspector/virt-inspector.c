/* careen - offline disk-image toolkit */

/**
 * virt-inspector: what operating systems a disk image holds, as XML in
 * the format of libguestfs's virt-inspector (see virt-inspector(1) for
 * the elements and their order), or as JSON with --json.  All the
 * facts come from the inspect_* calls; this program only formats them.
 * With --xpath it runs an XPath query on inspection XML read from
 * stdin instead (virt-inspector-xpath.c).
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "options.h"
#include "fleet.h"
#include "virt-inspector.h"

static const char *const program = "virt-inspector";

/* Long options without a letter. */
enum {
  OPT_HELP = 1000,
  OPT_XPATH,
  OPT_NO_APPLICATIONS,
  OPT_NO_ICON,
  OPT_JSON,
};

static const char short_options[] = "a:c:d:P:qvVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, OPT_HELP },
  { "json", no_argument, NULL, OPT_JSON },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "no-applications", no_argument, NULL, OPT_NO_APPLICATIONS },
  { "no-icon", no_argument, NULL, OPT_NO_ICON },
  { "short-options", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "xpath", required_argument, NULL, OPT_XPATH },
  FLEET_LONG_OPTIONS,
  { "quiet", no_argument, NULL, 'q' },
  { NULL, 0, NULL, 0 }
};

/* In a fleet: with --json, each image's inspection as virt-inspector
 * --json prints it; else the XML under the image's name.
 */
static const char *const fleet_json_args[] = { "--json", NULL };
static const struct fleet_tool fleet = {
  .program = "virt-inspector",
  .short_options = short_options,
  .long_options = long_options,
  .result = FLEET_RESULT_JSON,
  .json_args = fleet_json_args,
  .own_json = true,
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '%s --help' for more information.\n", program);
  else {
    printf ("%s: display information about a virtual machine\n"
            "Copyright (C) the careen authors.\n"
            "Usage:\n"
            "  %s [--options] -a disk.img [-a disk.img ...]\n"
            "  %s [--options] disk.img [disk.img ...]\n"
            "  %s [--options] -d domname\n"
            "  %s --xpath query < inspector.xml\n"
            "Options:\n"
            "  -a|--add image       add image\n"
            "  --blocksize[=512|4096]  sector size of the next -a\n"
            "  -c|--connect uri     libvirt URI for -d\n"
            "  -d|--domain guest    add the disks of a libvirt guest\n"
            "  --echo-keys          do not turn off echo for passphrases\n"
            "  --format[=raw|..]    force disk format for -a option\n"
            "  --help               display brief help\n"
            "  --json               JSON output instead of XML\n"
            "  --key selector       a LUKS key (ID:key:K, ID:file:F)\n"
            "  --keys-from-stdin    read passphrases from stdin\n"
            "  --no-applications    do not list the applications\n"
            "  --no-icon            do not output the guest's icon\n"
            "  -v|--verbose         verbose messages\n"
            "  -V|--version         display version and exit\n"
            "  -x                   trace library calls\n"
            "  --xpath query        run an XPath query on XML from stdin\n",
            program, program, program, program, program);
    fleet_print_usage ();
    printf ("For more information, see the manpage %s(1).\n", program);
  }
  exit (status);
}

int
main (int argc, char *argv[])
{
  struct options o;
  struct inspector_output out = { .applications = true, .icon = true };
  const char *xpath = NULL;
  guestfs_h *g;
  char **roots;
  int c, option_index = -1, status;

  fleet_main (&fleet, argc, argv);
  options_init (&o, program, true, short_options, long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    switch (c) {
    case OPT_HELP:
      usage (EXIT_SUCCESS);
    case OPT_XPATH:
      xpath = optarg;
      break;
    case OPT_NO_APPLICATIONS:
      out.applications = false;
      break;
    case OPT_NO_ICON:
      out.icon = false;
      break;
    case OPT_JSON:
      out.json = true;
      break;
    default:
      if (options_handle (&o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }

  if (xpath) {
    if (o.nr_drives > 0 || optind < argc) {
      fprintf (stderr, "%s: --xpath reads XML from stdin: it cannot be "
               "used with disk images\n", program);
      exit (EXIT_FAILURE);
    }
    options_free (&o);
    exit (inspector_xpath (program, xpath) == 0 ? EXIT_SUCCESS
          : EXIT_FAILURE);
  }

  /* The old form: disk images (or domains) as arguments. */
  while (optind < argc)
    options_add_guest_arg (&o, argv[optind++]);
  if (o.nr_drives == 0) {
    fprintf (stderr, "%s: no disk image was given: use -a\n", program);
    usage (EXIT_FAILURE);
  }

  g = options_create_handle (&o);
  if (options_add_drives (&o, g) == -1 || guestfs_launch (g) == -1 ||
      options_decrypt (&o, g) == -1) {
    guestfs_close (g);
    options_free (&o);
    exit (EXIT_FAILURE);
  }
  roots = guestfs_inspect_os (g);
  if (roots == NULL) {
    guestfs_close (g);
    options_free (&o);
    exit (EXIT_FAILURE);
  }
  if (roots[0] == NULL) {
    fprintf (stderr, "%s: no operating system could be detected inside "
             "this disk image.\n\n"
             "This may be because the file is not a disk image, or is "
             "not a virtual machine\nimage, or because the OS type is "
             "not understood by careen.\n", program);
    status = EXIT_FAILURE;
  }
  else {
    status = EXIT_SUCCESS;
    /* The report needs no mounted filesystem, but each root's are
     * mounted once (and unmounted) so that a filesystem of the guest's
     * fstab that does not mount is reported as every -i tool does.
     */
    for (c = 0; roots[c] != NULL && status == EXIT_SUCCESS; ++c)
      if (options_mount_root (&o, g, roots[c], NULL) == -1 ||
          guestfs_umount_all (g) == -1)
        status = EXIT_FAILURE;
    if (status == EXIT_SUCCESS)
      status = inspector_output (program, g, roots, &out) == 0
        ? EXIT_SUCCESS : EXIT_FAILURE;
  }

  for (c = 0; roots[c] != NULL; ++c)
    free (roots[c]);
  free (roots);
  if (guestfs_shutdown (g) == -1)
    status = EXIT_FAILURE;
  guestfs_close (g);
  options_free (&o);
  exit (status);
}
