/** careen - offline disk-image toolkit
 *
 * virt-v2v-in-place: converts a guest of another hypervisor to run on
 * KVM by changing its own disks, with no copy and no output metadata:
 * for disks that are already where the guest will run.  The source is
 * read and converted as virt-v2v does (common/v2v), but the appliance
 * is given the source disks themselves, read-write.
 *
 * A conversion that fails half way leaves the disks half converted, as
 * with virt-v2v-in-place 2.2: the man page says to keep a copy.
 */

#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "v2v-cmdline.h"

#define PROGRAM "virt-v2v-in-place"

enum {
  PRINT_SOURCE_OPTION = V2V_OPT_PROGRAM,
};

static const char short_options[] = "b:i:n:qvVx";
static const struct option long_options[] = {
  V2V_LONG_OPTIONS,
  { "print-source", no_argument, NULL, PRINT_SOURCE_OPTION },
  { NULL, 0, NULL, 0 }
};

static const char *const short_option_names[] = {
  "-b", "-i", "-ic", "-if", "-io", "-ip", "-it", "-n", "-q", "-V", "-v",
  "-x", NULL
};

/* --machine-readable: what careen's virt-v2v-in-place can do, with
 * the names virt-v2v-in-place 2.2 uses.
 */
static const char *const capabilities[] = {
  "virt-v2v-in-place", "virt-v2v-in-place-2.0", "colours-option",
  "in-place", "mac-option", "block-driver-option",
  "input:disk", "input:libvirt", "input:libvirtxml", "input:ova",
  "input:vmx",
  "convert:linux", "convert:windows",
  NULL
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS) {
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
    exit (status);
  }
  printf ("%s: convert a guest to use KVM, changing its own disks "
          "(careen)\n"
          "\n"
          "Usage:\n"
          "  %s [-i libvirt|disk|ova|vmx|libvirtxml] [--options] SOURCE...\n"
          "\n"
          "Options:\n"
          "  -b, --bridge [IN:]OUT     map a bridge to bridge OUT\n"
          "  --block-driver virtio-blk|virtio-scsi\n"
          "                            the converted guest's disk bus\n"
          "  --colors, --colours       accepted (messages are plain)\n"
          "  --echo-keys               show passphrases as they are typed\n"
          "  -i libvirt|disk|local|ova|vmx|libvirtxml\n"
          "                            the kind of source\n"
          "  -ic URI                   libvirt connection of -i libvirt\n"
          "  -if FORMAT                format of the input disks\n"
          "  -ip FILE                  password file of the -ic "
          "connection\n"
          "  --key SELECTOR            a key for a LUKS device\n"
          "  --keys-from-stdin         read passphrases from stdin\n"
          "  --mac MAC:network|bridge:OUT\n"
          "  --mac MAC:ip:ADDR[,GW[,LEN[,NS...]]]\n"
          "                            map one NIC by its MAC address\n"
          "  --machine-readable[=FMT]  output for other programs\n"
          "  -n, --network [IN:]OUT    map a network to network OUT\n"
          "  --print-source            print the source and stop\n"
          "  -q, --quiet               no progress messages\n"
          "  --root ask|single|first|/dev/...\n"
          "                            which operating system to "
          "convert\n"
          "  -v, --verbose             library debug messages\n"
          "  -V, --version             print the version and exit\n"
          "  -x                        trace library calls\n"
          "  --help                    print this help and exit\n"
          "Not supported by careen: -io, -it.\n"
          "See %s(1) and virt-v2v(1).\n", PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

/* The disks are written where they are: an OVA's disks unpacked from
 * its tar would be converted and then thrown away with the temporary
 * directory.
 */
static int
check_sources_in_place (const struct v2v_source *s, const char *tmpdir)
{
  size_t k, len = strlen (tmpdir);

  for (k = 0; k < s->nr_disks; ++k)
    if (strncmp (s->disks[k].path, tmpdir, len) == 0 &&
        s->disks[k].path[len] == '/') {
      v2v_error ("the OVA's disks are packed in its tar file, so they "
                 "cannot be converted in place: unpack it into a "
                 "directory and give that directory, or use virt-v2v");
      return -1;
    }
  return 0;
}

static int
convert_in_place (const struct v2v_cmdline *cl)
{
  struct v2v_source s;
  struct v2v_converted c;
  const char *tmpdir;
  int status = EXIT_FAILURE;

  memset (&s, 0, sizeof s);
  memset (&c, 0, sizeof c);
  tmpdir = v2v_tmp_setup ();
  if (tmpdir == NULL)
    return EXIT_FAILURE;
  if (v2v_input_read (cl, tmpdir, &s) == -1)
    goto out;
  if (cl->print_source) {
    printf ("Source guest information (--print-source option):\n\n");
    v2v_source_print (stdout, &s);
    status = EXIT_SUCCESS;
    goto out;
  }
  if (check_sources_in_place (&s, tmpdir) == -1 ||
      v2v_convert_guest (cl, tmpdir, &s, &c) == -1)
    goto out;
  v2v_progress ("Finishing off");
  status = EXIT_SUCCESS;

 out:
  v2v_converted_free (&c);
  v2v_source_free (&s);
  v2v_tmp_remove_all ();
  return status;
}

int
main (int argc, char *argv[])
{
  /* static: the mapping tables are too big for the stack. */
  static struct v2v_cmdline cl = {
    .input = INPUT_LIBVIRT,     /* as virt-v2v-in-place: refused, but named */
    .output = OUTPUT_NULL,
    .block_driver = V2V_BUS_VIRTIO_BLK,
    .root = "ask",
    .in_place = true,
  };
  const char *machine_format = NULL;
  int c, option_index, status;
  size_t k;

  v2v_set_program (PROGRAM, false, false);
  options_init (&cl.o, PROGRAM, false, short_options, long_options);
  for (;;) {
    option_index = -1;
    c = getopt_long_only (argc, argv, short_options, long_options,
                          &option_index);
    if (c == -1)
      break;
    if (v2v_handle_option (&cl, c, optarg, &machine_format))
      continue;
    switch (c) {
    case V2V_OPT_HELP:
      usage (EXIT_SUCCESS);
    case V2V_OPT_SHORT_OPTIONS:
      for (k = 0; short_option_names[k]; ++k)
        printf ("%s\n", short_option_names[k]);
      exit (EXIT_SUCCESS);
    case PRINT_SOURCE_OPTION:
      cl.print_source = true;
      break;
    default:
      if (options_handle (&cl.o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }

  if (cl.machine_readable && optind == argc && !cl.input_given) {
    FILE *fp = v2v_machine_readable_stream (machine_format);

    for (k = 0; capabilities[k]; ++k)
      fprintf (fp, "%s\n", capabilities[k]);
    options_free (&cl.o);
    exit (fflush (fp) == EOF ? EXIT_FAILURE : EXIT_SUCCESS);
  }
  v2v_check_input (&cl, argv + optind, argc - optind);
  v2v_set_program (PROGRAM, cl.quiet, cl.machine_readable);
  status = convert_in_place (&cl);
  options_free (&cl.o);
  exit (status);
}
