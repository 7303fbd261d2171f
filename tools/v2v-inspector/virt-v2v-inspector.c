/** careen - offline disk-image toolkit
 *
 * virt-v2v-inspector: converts a guest as virt-v2v would, on throw-away
 * overlays, and describes the result instead of writing it: how many
 * disks, their virtual size, how much a sparse output of each will
 * take, and the operating system found.  Management systems use it to
 * make room for a conversion before running it.  The source is never
 * written.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "virt-v2v-inspector.h"

static const char short_options[] = "b:i:n:O:qvVx";
static const struct option long_options[] = {
  V2V_LONG_OPTIONS,
  { NULL, 0, NULL, 0 }
};

static const char *const short_option_names[] = {
  "-b", "-i", "-ic", "-if", "-io", "-ip", "-it", "-n", "-O", "-q", "-V",
  "-v", "-x", NULL
};

/* --machine-readable: what careen's virt-v2v-inspector can do, with
 * the names virt-v2v-inspector 2.2 uses.
 */
static const char *const capabilities[] = {
  "virt-v2v-inspector", "colours-option", "mac-option",
  "block-driver-option",
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
  printf ("%s: estimate what converting a guest with virt-v2v will "
          "write (careen)\n"
          "\n"
          "Usage:\n"
          "  %s [-i libvirt|disk|ova|vmx|libvirtxml] [--options] SOURCE... "
          "[-O FILE]\n"
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
          "  -O FILE                   write the XML to FILE (- for "
          "stdout, the default)\n"
          "  -q, --quiet               no progress messages\n"
          "  --root ask|single|first|/dev/...\n"
          "                            which operating system to "
          "inspect\n"
          "  -v, --verbose             library debug messages\n"
          "  -V, --version             print the version and exit\n"
          "  -x                        trace library calls\n"
          "  --help                    print this help and exit\n"
          "Not supported by careen: -io, -it.\n"
          "See %s(1) and virt-v2v(1).\n", PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

static int
inspect_conversion (const struct v2v_cmdline *cl, const char *output,
                    int doc_fd)
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
  if (v2v_input_read (cl, tmpdir, &s) == -1 ||
      v2v_tmp_check_space () == -1 ||
      v2v_convert_guest (cl, tmpdir, &s, &c) == -1)
    goto out;
  v2v_progress ("Estimating the size of the converted disks");
  if (write_inspection (output, doc_fd, &c) == -1)
    goto out;
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
    .input = INPUT_LIBVIRT,     /* as virt-v2v: refused, but named */
    .output = OUTPUT_NULL,
    .block_driver = V2V_BUS_VIRTIO_BLK,
    .root = "ask",
  };
  const char *output = "-";
  const char *machine_format = NULL;
  int c, option_index, status, doc_fd;
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
    case 'O':
      output = optarg;
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
  /* The document keeps stdout for itself when it goes there: the
   * progress messages go to stderr instead.
   */
  doc_fd = 1;
  if (strcmp (output, "-") == 0) {
    doc_fd = fcntl (1, F_DUPFD_CLOEXEC, 3);
    if (doc_fd == -1 || dup2 (2, 1) == -1) {
      v2v_error ("redirecting messages to stderr: %s", strerror (errno));
      exit (EXIT_FAILURE);
    }
  }
  v2v_set_program (PROGRAM, cl.quiet, cl.machine_readable);
  status = inspect_conversion (&cl, output, doc_fd);
  options_free (&cl.o);
  exit (status);
}
