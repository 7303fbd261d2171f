/** careen - offline disk-image toolkit
 *
 * virt-v2v: converts a guest of another hypervisor (VMware, Hyper-V,
 * VirtualBox, or a plain disk image) to run on KVM.  The source is
 * read (virt-v2v-input.c), its disks are put behind throw-away qcow2
 * overlays and converted in the appliance (virt-v2v-run.c), then the
 * output writes the disks and the target's metadata (output-*.c).
 *
 * This file reads the command line, compatible with virt-v2v 2.2:
 * the two-letter options are given with one dash (-ic, -os), so
 * getopt_long_only reads them; a lone letter (-i, -o, -v) is still the
 * short option, as glibc does not take "-v" for an abbreviation of a
 * long option when v is a short option.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "fleet.h"
#include "virt-v2v.h"

/* virt-v2v's own long options that have no letter. */
enum {
  COMPRESSED_OPTION = V2V_OPT_PROGRAM,
  JSON_OPTION,
  NO_TRIM_OPTION,
  OA_OPTION, OC_OPTION, OF_OPTION, ON_OPTION, OO_OPTION, OP_OPTION,
  OS_OPTION,
  PRINT_SOURCE_OPTION,
  QEMU_BOOT_OPTION,
  REFUSED_OPTION,
};

static const char short_options[] = "b:i:n:o:P:qvVx";
static const struct option long_options[] = {
  V2V_LONG_OPTIONS,
  { "bandwidth", required_argument, NULL, REFUSED_OPTION },
  { "bandwidth-file", required_argument, NULL, REFUSED_OPTION },
  { "compressed", no_argument, NULL, COMPRESSED_OPTION },
  { "in-place", no_argument, NULL, REFUSED_OPTION },
  { "no-trim", required_argument, NULL, NO_TRIM_OPTION },
  { "oa", required_argument, NULL, OA_OPTION },
  { "oc", required_argument, NULL, OC_OPTION },
  { "of", required_argument, NULL, OF_OPTION },
  { "on", required_argument, NULL, ON_OPTION },
  { "oo", required_argument, NULL, OO_OPTION },
  { "op", required_argument, NULL, OP_OPTION },
  { "os", required_argument, NULL, OS_OPTION },
  { "password-file", required_argument, NULL, REFUSED_OPTION },
  { "print-source", no_argument, NULL, PRINT_SOURCE_OPTION },
  { "qemu-boot", no_argument, NULL, QEMU_BOOT_OPTION },
  { "vddk-config", required_argument, NULL, REFUSED_OPTION },
  { "vddk-cookie", required_argument, NULL, REFUSED_OPTION },
  { "vddk-libdir", required_argument, NULL, REFUSED_OPTION },
  { "vddk-nfchostport", required_argument, NULL, REFUSED_OPTION },
  { "vddk-port", required_argument, NULL, REFUSED_OPTION },
  { "vddk-snapshot", required_argument, NULL, REFUSED_OPTION },
  { "vddk-thumbprint", required_argument, NULL, REFUSED_OPTION },
  { "vddk-transports", required_argument, NULL, REFUSED_OPTION },
  { "vdsm-compat", required_argument, NULL, REFUSED_OPTION },
  { "vdsm-image-uuid", required_argument, NULL, REFUSED_OPTION },
  { "vdsm-ovf-flavour", required_argument, NULL, REFUSED_OPTION },
  { "vdsm-ovf-output", required_argument, NULL, REFUSED_OPTION },
  { "vdsm-vm-uuid", required_argument, NULL, REFUSED_OPTION },
  { "vdsm-vol-uuid", required_argument, NULL, REFUSED_OPTION },
  { "vmtype", required_argument, NULL, REFUSED_OPTION },
  FLEET_LONG_OPTIONS,
  { "json", no_argument, NULL, JSON_OPTION },
  { NULL, 0, NULL, 0 }
};

/* In a fleet: -i disk with each image as its source (-if its format);
 * with --json, each result is what the child's --json prints: the
 * files it wrote.
 */
static const char *const fleet_json_args[] = { "--json", NULL };
static const struct fleet_tool fleet = {
  .program = PROGRAM,
  .short_options = short_options,
  .long_options = long_options,
  .result = FLEET_RESULT_JSON,
  .json_args = fleet_json_args,
  .own_json = true,
  .own_quiet = true,
  .quiet_to_children = true,
  .positional_format_option = "-if",
  .long_only = true,
};

/* --short-options: the letters, and the one-dash two-letter options
 * that virt-v2v users type.
 */
static const char *const short_option_names[] = {
  "-b", "-i", "-ic", "-if", "-io", "-ip", "-it", "-n", "-o", "-oa",
  "-oc", "-of", "-on", "-oo", "-op", "-os", "-P", "-q", "-V", "-v", "-x",
  NULL
};

/* --machine-readable: what this virt-v2v can do, one a line, with the
 * names virt-v2v 2.2 uses for the same abilities.
 */
static const char *const capabilities[] = {
  "virt-v2v", "virt-v2v-2.0", "colours-option", "mac-option",
  "mac-ip-option", "block-driver-option",
  "input:disk", "input:libvirt", "input:libvirtxml", "input:ova",
  "input:vmx",
  "output:json", "output:libvirt", "output:local", "output:null",
  "output:qemu",
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
  printf ("%s: convert a guest to use KVM (careen)\n"
          "\n"
          "Usage:\n"
          "  %s [-i libvirt] [-ic URI] [--options] GUEST\n"
          "  %s -i disk|ova|vmx|libvirtxml [--options] SOURCE...\n"
          "     [-o local|qemu|json|null] [-os DIR] [-of raw|qcow2]\n"
          "     [-o libvirt] [-oc URI] [-os POOL]\n"
          "\n"
          "Options:\n"
          "  -b, --bridge [IN:]OUT     map a bridge to bridge OUT\n"
          "  --block-driver virtio-blk|virtio-scsi\n"
          "                            the converted guest's disk bus\n"
          "  --colors, --colours       accepted (messages are plain)\n"
          "  --compressed              compressed qcow2 output\n"
          "  --echo-keys               show passphrases as they are typed\n"
          "  -i libvirt|disk|local|ova|vmx|libvirtxml\n"
          "                            the kind of source (default: "
          "libvirt)\n"
          "  -ic URI                   libvirt connection of -i libvirt\n"
          "  -if FORMAT                format of the input disks\n"
          "  -ip FILE                  password file of the -ic "
          "connection\n"
          "  --json                    print what was written as JSON "
          "(no progress)\n"
          "  --key SELECTOR            a key for a LUKS device\n"
          "  --keys-from-stdin         read passphrases from stdin\n"
          "  --mac MAC:network|bridge:OUT\n"
          "  --mac MAC:ip:ADDR[,GW[,LEN[,NS...]]]\n"
          "                            map one NIC by its MAC address\n"
          "  --machine-readable[=FMT]  output for other programs\n"
          "  -n, --network [IN:]OUT    map a network to network OUT\n"
          "  -o libvirt|local|disk|qemu|json|null\n"
          "                            the kind of output (default: "
          "libvirt)\n"
          "  -oa sparse|preallocated   allocation of the output disks\n"
          "  -oc URI                   libvirt connection of -o libvirt\n"
          "  -of raw|qcow2             format of the output disks\n"
          "  -on NAME                  rename the guest\n"
          "  -oo compressed|qemu-boot  output option\n"
          "  -os DIR|POOL              where the output goes (-o libvirt: "
          "a storage\n"
          "                            pool, default \"default\")\n"
          "  --print-source            print the source and stop\n"
          "  --qemu-boot               boot the guest (-o qemu)\n"
          "  -q, --quiet               no progress messages\n"
          "  --root ask|single|first|/dev/...\n"
          "                            which operating system to "
          "convert\n"
          "  -v, --verbose             library debug messages\n"
          "  -V, --version             print the version and exit\n"
          "  -x                        trace library calls\n"
          "  --help                    print this help and exit\n"
          "Not supported by careen: -io, -it, -op, -ic vpx|esx|xen+ssh,\n"
          "  --vddk-*, --vdsm-*, --password-file, --bandwidth*.\n",
          PROGRAM, PROGRAM, PROGRAM);
  fleet_print_usage_end (PROGRAM);
  exit (status);
}

static enum output_mode
parse_output_mode (const char *arg)
{
  if (strcmp (arg, "local") == 0 || strcmp (arg, "disk") == 0)
    return OUTPUT_LOCAL;
  if (strcmp (arg, "qemu") == 0)
    return OUTPUT_QEMU;
  if (strcmp (arg, "null") == 0)
    return OUTPUT_NULL;
  if (strcmp (arg, "json") == 0)
    return OUTPUT_JSON;
  if (strcmp (arg, "libvirt") == 0)
    return OUTPUT_LIBVIRT;
  v2v_die ("-o: unknown output mode '%s' (libvirt, local, disk, qemu, json "
       "or null; careen does not write to glance, kubevirt, openstack, "
       "rhv, rhv-upload or vdsm)", arg);
}

static void
parse_output_option (struct v2v_cmdline *cl, const char *arg)
{
  if (strcmp (arg, "compressed") == 0)
    cl->compressed = true;
  else if (strcmp (arg, "qemu-boot") == 0)
    cl->qemu_boot = true;
  else
    v2v_die ("-oo '%s': unknown output option (careen's outputs take "
         "compressed and qemu-boot)", arg);
}

/* The options that only make sense together, checked once all are
 * read.
 */
static void
check_combinations (struct v2v_cmdline *cl)
{
  if (cl->output_format == NULL)
    cl->output_format = "raw";
  if (cl->compressed && strcmp (cl->output_format, "qcow2") != 0)
    v2v_die ("--compressed (-oo compressed) needs -of qcow2");
  if (cl->qemu_boot && cl->output != OUTPUT_QEMU)
    v2v_die ("--qemu-boot (-oo qemu-boot) is only for -o qemu");
  /* --json owns stdout: nothing else may be printed there. */
  if (cl->json && (cl->machine_readable || cl->print_source ||
                   cl->qemu_boot))
    v2v_die ("--json cannot be used with %s: both write to stdout",
             cl->machine_readable ? "--machine-readable"
             : cl->print_source ? "--print-source" : "--qemu-boot");
  if (cl->output_conn && cl->output != OUTPUT_LIBVIRT)
    v2v_die ("-oc is only used with -o libvirt");
  if (cl->output == OUTPUT_NULL && cl->output_storage)
    v2v_die ("-os cannot be used with -o null");
  if ((cl->output == OUTPUT_LOCAL || cl->output == OUTPUT_QEMU ||
       cl->output == OUTPUT_JSON) && cl->output_storage == NULL &&
      !cl->print_source)
    v2v_die ("-o %s: -os DIR is required: the directory where the guest "
         "is written",
         cl->output == OUTPUT_LOCAL ? "local"
         : cl->output == OUTPUT_QEMU ? "qemu" : "json");
  if (cl->output_name && (*cl->output_name == '\0' ||
                          strchr (cl->output_name, '/') ||
                          cl->output_name[0] == '.'))
    v2v_die ("-on '%s': the name must not be empty, start with '.' or hold "
         "'/'", cl->output_name);
}

static void
print_capabilities (const char *format)
{
  FILE *fp = v2v_machine_readable_stream (format);
  size_t k;

  for (k = 0; capabilities[k]; ++k)
    fprintf (fp, "%s\n", capabilities[k]);
  if (fflush (fp) == EOF)
    v2v_die ("--machine-readable: %s", strerror (errno));
}

int
main (int argc, char *argv[])
{
  /* static: the mapping tables are too big for the stack. */
  static struct v2v_cmdline cl = {
    .input = INPUT_LIBVIRT,     /* as virt-v2v: refused, but named */
    .output = OUTPUT_LIBVIRT,
    .block_driver = V2V_BUS_VIRTIO_BLK,
    .root = "ask",
  };
  const char *machine_format = NULL;
  int c, option_index, status;
  size_t k;

  fleet_main (&fleet, argc, argv);
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
    case 'o':
      cl.output = parse_output_mode (optarg);
      break;
    case COMPRESSED_OPTION:
      cl.compressed = true;
      break;
    case JSON_OPTION:
      cl.json = true;
      break;
    case NO_TRIM_OPTION:
      fprintf (stderr, "%s: warning: --no-trim does nothing (as in "
               "virt-v2v 2.2)\n", PROGRAM);
      break;
    case OA_OPTION:
      if (strcmp (optarg, "sparse") == 0)
        cl.preallocated = false;
      else if (strcmp (optarg, "preallocated") == 0)
        cl.preallocated = true;
      else
        v2v_die ("-oa: '%s' is not sparse or preallocated", optarg);
      break;
    case OC_OPTION:
      cl.output_conn = optarg;
      break;
    case OF_OPTION:
      if (strcmp (optarg, "raw") != 0 && strcmp (optarg, "qcow2") != 0)
        v2v_die ("-of: '%s' is not raw or qcow2", optarg);
      cl.output_format = optarg;
      break;
    case ON_OPTION:
      cl.output_name = optarg;
      break;
    case OO_OPTION:
      parse_output_option (&cl, optarg);
      break;
    case OP_OPTION:
      v2v_not_supported ("-op", "it is the password of an RHV or OpenStack "
                     "output");
    case OS_OPTION:
      cl.output_storage = optarg;
      break;
    case PRINT_SOURCE_OPTION:
      cl.print_source = true;
      break;
    case QEMU_BOOT_OPTION:
      cl.qemu_boot = true;
      break;
    case REFUSED_OPTION:
      {
        char name[64];

        snprintf (name, sizeof name, "--%s",
                  long_options[option_index].name);
        v2v_not_supported (name, "it is an option of a transport, an output "
                       "or a mode careen does not have");
      }
    default:
      if (options_handle (&cl.o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }

  if (cl.machine_readable && optind == argc && !cl.input_given) {
    print_capabilities (machine_format);
    options_free (&cl.o);
    exit (EXIT_SUCCESS);
  }
  if (cl.machine_readable && machine_format &&
      strcmp (machine_format, "stream:stdout") != 0)
    v2v_die ("--machine-readable=%s: careen writes conversion messages to "
         "stdout only", machine_format);

  check_combinations (&cl);
  v2v_check_input (&cl, argv + optind, argc - optind);

  v2v_set_program (PROGRAM, cl.quiet || cl.json, cl.machine_readable);
  status = convert_main (&cl);
  options_free (&cl.o);
  exit (status);
}
