/** careen - offline disk-image toolkit
 *
 * virt-sparsify: makes a disk image sparse, so that the free space
 * inside the guest becomes free space on the host.  Copying mode
 * (indisk outdisk, virt-sparsify-copy.c) never writes the input;
 * --in-place (virt-sparsify-inplace.c) trims the image itself.  This
 * file reads the command line, compatible with guestfs-tools 1.48.
 */

#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "virt-sparsify.h"

/* Long options that have no letter. */
enum {
  HELP_OPTION = CHAR_MAX + 1,
  CHECK_TMPDIR_OPTION,
  COLOURS_OPTION,
  COMPRESS_OPTION,
  CONVERT_OPTION,
  IGNORE_OPTION,
  IN_PLACE_OPTION,
  MACHINE_READABLE_OPTION,
  TMP_OPTION,
  WRAP_OPTION,
  ZERO_OPTION,
};

static const char short_options[] = "o:qvVx";
static const struct option long_options[] = {
  { "check-tmpdir", required_argument, NULL, CHECK_TMPDIR_OPTION },
  { "color", no_argument, NULL, COLOURS_OPTION },
  { "colors", no_argument, NULL, COLOURS_OPTION },
  { "colour", no_argument, NULL, COLOURS_OPTION },
  { "colours", no_argument, NULL, COLOURS_OPTION },
  { "compress", no_argument, NULL, COMPRESS_OPTION },
  { "convert", required_argument, NULL, CONVERT_OPTION },
  { "echo-keys", no_argument, NULL, 0 },
  { "format", required_argument, NULL, 0 },
  { "help", no_argument, NULL, HELP_OPTION },
  { "ignore", required_argument, NULL, IGNORE_OPTION },
  { "in-place", no_argument, NULL, IN_PLACE_OPTION },
  { "inplace", no_argument, NULL, IN_PLACE_OPTION },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "machine-readable", optional_argument, NULL, MACHINE_READABLE_OPTION },
  { "quiet", no_argument, NULL, 'q' },
  { "short-options", no_argument, NULL, 0 },
  { "tmp", required_argument, NULL, TMP_OPTION },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "wrap", no_argument, NULL, WRAP_OPTION },
  { "zero", required_argument, NULL, ZERO_OPTION },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS) {
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
    exit (status);
  }
  printf ("%s: make a virtual machine disk sparse (careen)\n"
          "\n"
          "Usage:\n"
          "  %s [--options] indisk outdisk\n"
          "  %s [--options] --in-place disk\n"
          "\n"
          "Options:\n"
          "  --check-tmpdir ignore|continue|warn|fail\n"
          "                            check the space for the overlay\n"
          "  --colors, --colours       coloured messages even if not a tty\n"
          "  --compress                compress the output (qcow2)\n"
          "  --convert FORMAT          output format (default: the "
          "input's)\n"
          "  --echo-keys               show passphrases as they are typed\n"
          "  --format FORMAT           format of the input disk\n"
          "  --ignore FS|VG            leave this filesystem or volume "
          "group alone\n"
          "  --in-place, --inplace     sparsify the disk itself\n"
          "  --key SELECTOR            a key for a LUKS device\n"
          "  --keys-from-stdin         read passphrases from stdin\n"
          "  --machine-readable[=FMT]  output for other programs\n"
          "  -o OPTION[,...]           options of qemu-img for the output\n"
          "  -q, --quiet               no progress messages\n"
          "  --tmp DIR|BLOCKDEV|prebuilt:FILE\n"
          "                            where the temporary overlay goes\n"
          "  -v, --verbose             library debug messages\n"
          "  -V, --version             print the version and exit\n"
          "  --wrap                    wrap messages even if not a tty\n"
          "  -x                        trace library calls\n"
          "  --zero DEVICE             zero this partition or logical "
          "volume\n"
          "  --help                    print this help and exit\n"
          "See %s(1).\n", PROGRAM, PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

static enum check_tmpdir
parse_check_tmpdir (const char *arg)
{
  if (strcmp (arg, "ignore") == 0 || strcmp (arg, "i") == 0)
    return CHECK_TMPDIR_IGNORE;
  if (strcmp (arg, "continue") == 0 || strcmp (arg, "cont") == 0 ||
      strcmp (arg, "c") == 0)
    return CHECK_TMPDIR_CONTINUE;
  if (strcmp (arg, "warn") == 0 || strcmp (arg, "warning") == 0 ||
      strcmp (arg, "w") == 0)
    return CHECK_TMPDIR_WARN;
  if (strcmp (arg, "fail") == 0 || strcmp (arg, "f") == 0 ||
      strcmp (arg, "error") == 0)
    return CHECK_TMPDIR_FAIL;
  die (EXIT_FAILURE, "--check-tmpdir: unknown argument '%s' (ignore, "
       "continue, warn or fail)", arg);
}

/* A disk format name: a short word.  It is passed on to qemu (and
 * qemu-img) as one argument, but a comma or a path in it would still
 * be read as something else.
 */
static void
check_format_name (const char *option, const char *fmt)
{
  size_t i;

  for (i = 0; fmt[i]; ++i)
    if (!((fmt[i] >= 'a' && fmt[i] <= 'z') ||
          (fmt[i] >= '0' && fmt[i] <= '9') || fmt[i] == '_' ||
          fmt[i] == '-'))
      break;
  if (i == 0 || fmt[i] != '\0' || i > 32)
    die (EXIT_FAILURE, "%s: '%s' is not a disk format name", option, fmt);
}

static void
add_name (const char **list, size_t *n, const char *option, const char *arg)
{
  if (*n >= SPARSIFY_MAX_NAMES)
    die (EXIT_FAILURE, "too many %s options (at most %d)", option,
         SPARSIFY_MAX_NAMES);
  if (*arg == '\0')
    die (EXIT_FAILURE, "%s: empty argument", option);
  list[(*n)++] = arg;
}

/* -o may be given more than once: the options are joined. */
static void
add_qemu_img_option (struct sparsify *sp, const char *arg)
{
  char *s;

  if (sp->qemu_img_options == NULL)
    s = strdup (arg);
  else if (asprintf (&s, "%s,%s", sp->qemu_img_options, arg) == -1)
    s = NULL;
  if (s == NULL) {
    perror ("strdup");
    exit (EXIT_FAILURE);
  }
  free (sp->qemu_img_options);
  sp->qemu_img_options = s;
}

/* --machine-readable alone: what this virt-sparsify can do, one
 * feature a line, as libguestfs's tool lists them.  ntfs and btrfs
 * depend on the appliance, so it is asked.
 */
static int
print_capabilities (struct sparsify *sp)
{
  const char *ntfs[] = { "ntfs3g", "ntfsprogs", NULL };
  const char *btrfs[] = { "btrfs", NULL };
  guestfs_h *g;
  int r1, r2;

  fprintf (sparsify_machine, "%s\nlinux-swap\nzero\ncheck-tmpdir\n"
           "in-place\ntmp-option\n", PROGRAM);
  g = options_create_handle (&sp->o);
  if (guestfs_add_drive_opts (g, "/dev/null",
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              -1) == -1 ||
      guestfs_launch (g) == -1 ||
      (r1 = guestfs_feature_available (g, (char **) ntfs)) == -1 ||
      (r2 = guestfs_feature_available (g, (char **) btrfs)) == -1) {
    guestfs_close (g);
    return EXIT_FAILURE;
  }
  if (r1)
    fprintf (sparsify_machine, "ntfs\n");
  if (r2)
    fprintf (sparsify_machine, "btrfs\n");
  guestfs_shutdown (g);
  guestfs_close (g);
  if (fflush (sparsify_machine) == EOF) {
    perror ("--machine-readable");
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}

/* Options that only copying mode understands. */
static void
check_in_place_options (const struct sparsify *sp)
{
  const char *bad = NULL;

  if (sp->check_tmpdir_given)
    bad = "--check-tmpdir";
  else if (sp->compress)
    bad = "--compress";
  else if (sp->convert)
    bad = "--convert";
  else if (sp->qemu_img_options)
    bad = "-o";
  else if (sp->tmp)
    bad = "--tmp";
  if (bad)
    die (EXIT_FAILURE, "you cannot use --in-place and %s options together",
         bad);
}

int
main (int argc, char *argv[])
{
  /* static: the --ignore and --zero tables are too big for the stack. */
  static struct sparsify sp = { .check_tmpdir = CHECK_TMPDIR_WARN };
  bool machine_readable = false;
  const char *machine_format = NULL;
  int c, option_index, status;

  msg_start_clock ();
  sparsify_colours = isatty (1);
  sparsify_wrap = isatty (2);
  options_init (&sp.o, PROGRAM, false, short_options, long_options);
  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, long_options,
                     &option_index);
    if (c == -1)
      break;
    switch (c) {
    case HELP_OPTION:
      usage (EXIT_SUCCESS);
    case CHECK_TMPDIR_OPTION:
      sp.check_tmpdir = parse_check_tmpdir (optarg);
      sp.check_tmpdir_given = true;
      break;
    case COLOURS_OPTION:
      sparsify_colours = true;
      break;
    case COMPRESS_OPTION:
      sp.compress = true;
      break;
    case CONVERT_OPTION:
      check_format_name ("--convert", optarg);
      sp.convert = optarg;
      break;
    case IGNORE_OPTION:
      add_name (sp.ignores, &sp.nr_ignores, "--ignore", optarg);
      break;
    case IN_PLACE_OPTION:
      sp.in_place = true;
      break;
    case MACHINE_READABLE_OPTION:
      machine_readable = true;
      machine_format = optarg;
      break;
    case TMP_OPTION:
      if (*optarg == '\0')
        die (EXIT_FAILURE, "--tmp: empty argument");
      sp.tmp = optarg;
      break;
    case WRAP_OPTION:
      sparsify_wrap = true;
      break;
    case ZERO_OPTION:
      add_name (sp.zeroes, &sp.nr_zeroes, "--zero", optarg);
      break;
    case 'o':
      add_qemu_img_option (&sp, optarg);
      break;
    case 'q':
      sparsify_quiet = true;
      break;
    default:
      if (options_handle (&sp.o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }
  if (sp.o.format) {
    check_format_name ("--format", sp.o.format);
    sp.format = sp.o.format;
  }
  if (machine_readable) {
    machine_readable_setup (machine_format);
    /* Other programs read stdout: no escape sequences in it. */
    sparsify_colours = false;
    if (optind == argc) {
      status = print_capabilities (&sp);
      options_free (&sp.o);
      exit (status);
    }
  }

  if (sp.in_place) {
    if (argc - optind != 1)
      die (EXIT_FAILURE, "usage: %s [--options] --in-place disk", PROGRAM);
    check_in_place_options (&sp);
    sp.indisk = argv[optind];
    status = sparsify_in_place (&sp);
  }
  else {
    if (argc - optind != 2)
      die (EXIT_FAILURE, "usage: %s [--options] indisk outdisk", PROGRAM);
    sp.indisk = argv[optind];
    sp.outdisk = argv[optind + 1];
    status = sparsify_copy (&sp);
  }
  free (sp.qemu_img_options);
  options_free (&sp.o);
  exit (status);
}
