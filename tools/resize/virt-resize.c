/** careen - offline disk-image toolkit
 *
 * virt-resize: copies a guest's disk to a larger (or smaller) output
 * disk made in advance, moving and resizing partitions and growing what
 * they hold.  This file reads the command line and runs the steps:
 *
 *   1. one launch with the input (read-only) and the output: read the
 *      layout, plan, print the summary, write the new partition table
 *      and the boot loader area;
 *   2. the partitions' bytes are copied on the host with qemu-img,
 *      which is many times faster than copying inside the appliance
 *      under TCG (without qemu-img they are copied in launch 1);
 *   3. a second launch with the output alone grows the contents.
 *
 * The output is never open in qemu while the host writes it, and the
 * input is only ever read through qemu.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "guestfs.h"
#include "cleanups.h"
#include "options.h"
#include "virt-resize.h"

/* Most repeated options of one kind: far more than partitions. */
#define RZ_MAX_REPEAT 256

/* The handle, closed by rz_die so that qemu does not outlive us. */
static guestfs_h *rz_g;
static struct timeval rz_t0;

enum {
  HELP_OPTION = CHAR_MAX + 1,
  OPT_ALIGN_FIRST, OPT_ALIGNMENT, OPT_DELETE, OPT_EXPAND, OPT_FORMAT,
  OPT_IGNORE, OPT_LV_EXPAND, OPT_COLORS, OPT_WRAP, OPT_MACHINE_READABLE, OPT_NO_COPY_BOOT,
  OPT_NO_EXTRA, OPT_NO_EXPAND_CONTENT, OPT_NO_SPARSE, OPT_NTFS_FORCE,
  OPT_OUTPUT_FORMAT, OPT_RESIZE, OPT_RESIZE_FORCE, OPT_SHRINK,
  OPT_UNKNOWN_FS,
};

static const char short_options[] = "dnqvVx";
static const struct option long_options[] = {
  { "align-first", required_argument, NULL, OPT_ALIGN_FIRST },
  { "alignment", required_argument, NULL, OPT_ALIGNMENT },
  { "debug", no_argument, NULL, 'd' },
  { "delete", required_argument, NULL, OPT_DELETE },
  { "dry-run", no_argument, NULL, 'n' },
  { "dryrun", no_argument, NULL, 'n' },
  { "expand", required_argument, NULL, OPT_EXPAND },
  { "format", required_argument, NULL, OPT_FORMAT },
  { "help", no_argument, NULL, HELP_OPTION },
  { "ignore", required_argument, NULL, OPT_IGNORE },
  { "long-options", no_argument, NULL, 0 },
  { "LV-expand", required_argument, NULL, OPT_LV_EXPAND },
  { "lv-expand", required_argument, NULL, OPT_LV_EXPAND },
  { "lvexpand", required_argument, NULL, OPT_LV_EXPAND },
  { "colors", no_argument, NULL, OPT_COLORS },
  { "colours", no_argument, NULL, OPT_COLORS },
  { "wrap", no_argument, NULL, OPT_WRAP },
  { "machine-readable", optional_argument, NULL, OPT_MACHINE_READABLE },
  { "no-copy-boot-loader", no_argument, NULL, OPT_NO_COPY_BOOT },
  { "no-expand-content", no_argument, NULL, OPT_NO_EXPAND_CONTENT },
  { "no-extra-partition", no_argument, NULL, OPT_NO_EXTRA },
  { "no-sparse", no_argument, NULL, OPT_NO_SPARSE },
  { "ntfsresize-force", no_argument, NULL, OPT_NTFS_FORCE },
  { "output-format", required_argument, NULL, OPT_OUTPUT_FORMAT },
  { "quiet", no_argument, NULL, 'q' },
  { "resize", required_argument, NULL, OPT_RESIZE },
  { "resize-force", required_argument, NULL, OPT_RESIZE_FORCE },
  { "short-options", no_argument, NULL, 0 },
  { "shrink", required_argument, NULL, OPT_SHRINK },
  { "unknown-filesystems", required_argument, NULL, OPT_UNKNOWN_FS },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
  else
    printf ("%s: resize a virtual machine disk (careen)\n"
            "\n"
            "Usage:\n"
            "  %s [--options] indisk outdisk\n"
            "\n"
            "Options:\n"
            "  --align-first auto|never|always  align the first partition\n"
            "  --alignment N             partition alignment in sectors "
            "(128)\n"
            "  --delete PART             do not copy this partition\n"
            "  --expand PART             give the surplus to this partition\n"
            "  --format FMT              format of the input disk\n"
            "  --ignore PART             create, but do not copy, PART\n"
            "  --colors|--colours        coloured messages even when not "
            "on a terminal\n"
            "  --LV-expand|--lvexpand LV grow this logical volume\n"
            "  --machine-readable[=stream:stdout|stream:stderr|file:F|fd:N]\n"
            "                            output for other programs\n"
            "  -n|--dry-run              print the plan, change nothing\n"
            "  --no-copy-boot-loader     do not copy the boot loader area\n"
            "  --no-expand-content       do not grow filesystems or PVs\n"
            "  --no-extra-partition      never make an extra partition\n"
            "  --no-sparse               write zeroes too\n"
            "  --ntfsresize-force        pass --force to ntfsresize\n"
            "  --output-format FMT       format of the output disk\n"
            "  -q|--quiet                no summary or progress\n"
            "  --resize PART=SIZE        resize a partition "
            "(SIZE, +SIZE, -SIZE, N%%)\n"
            "  --resize-force PART=SIZE  the same, allowing any shrink\n"
            "  --shrink PART             take the deficit from this "
            "partition\n"
            "  --unknown-filesystems ignore|warn|error\n"
            "                            what to do with content that "
            "cannot grow\n"
            "  -v|--verbose              verbose messages\n"
            "  -V|--version              print the version and exit\n"
            "  --wrap                    wrap messages even when not on a "
            "terminal\n"
            "  -x                        trace library calls\n"
            "  --help                    print this help and exit\n"
            "See %s(1).\n", PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

void
rz_die (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  rz_report ("error", fs, args);
  va_end (args);
  if (rz_g)
    guestfs_close (rz_g);
  exit (EXIT_FAILURE);
}

/* After an error the library (or a helper) already printed: ends the
 * program without saying it twice.
 */
static void __attribute__ ((noreturn))
rz_fail (void)
{
  if (rz_g)
    guestfs_close (rz_g);
  exit (EXIT_FAILURE);
}

/* The same, once the output has been written to: says that it is not
 * a usable copy.
 */
static void __attribute__ ((noreturn))
rz_incomplete (const struct rz_opts *o)
{
  rz_die ("the output disk '%s' is incomplete: do not use it",
          o->outfile);
}

void
rz_warn (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  rz_report ("warning", fs, args);
  va_end (args);
}

/* A progress line with the time since start, as libguestfs's tools
 * print them ("[   1.2] Copying /dev/sda1").
 */
void
rz_message (const struct rz_opts *o, const char *fs, ...)
{
  struct timeval now;
  va_list args;
  double t;

  if (o->quiet)
    return;
  gettimeofday (&now, NULL);
  t = (now.tv_sec - rz_t0.tv_sec) + (now.tv_usec - rz_t0.tv_usec) / 1e6;
  va_start (args, fs);
  rz_progress_line (t, fs, args);
  va_end (args);
}

enum rz_method
rz_method_of (const char *fstype)
{
  if (fstype == NULL)
    return RZ_METHOD_NONE;
  if (strcmp (fstype, "ext2") == 0 || strcmp (fstype, "ext3") == 0 ||
      strcmp (fstype, "ext4") == 0)
    return RZ_METHOD_RESIZE2FS;
  if (strcmp (fstype, "xfs") == 0)
    return RZ_METHOD_XFS_GROWFS;
  if (strcmp (fstype, "btrfs") == 0)
    return RZ_METHOD_BTRFS;
  if (strcmp (fstype, "ntfs") == 0)
    return RZ_METHOD_NTFSRESIZE;
  if (strcmp (fstype, "LVM2_member") == 0)
    return RZ_METHOD_PVRESIZE;
  if (strcmp (fstype, "swap") == 0)
    return RZ_METHOD_MKSWAP;
  return RZ_METHOD_NONE;
}

const char *
rz_method_name (enum rz_method m)
{
  switch (m) {
  case RZ_METHOD_RESIZE2FS: return "resize2fs";
  case RZ_METHOD_XFS_GROWFS: return "xfs_growfs";
  case RZ_METHOD_BTRFS: return "btrfs-filesystem-resize";
  case RZ_METHOD_NTFSRESIZE: return "ntfsresize";
  case RZ_METHOD_PVRESIZE: return "pvresize";
  case RZ_METHOD_MKSWAP: return "mkswap";
  case RZ_METHOD_NONE: break;
  }
  return "none";
}

/* Appends ARG to a list of repeated options; exits past the limit. */
static void
push (struct rz_arg_vector *list, const char *arg, const char *option)
{
  if (list->len >= RZ_MAX_REPEAT)
    rz_die ("too many %s options (at most %d)", option, RZ_MAX_REPEAT);
  if (rz_arg_vector_append (list, arg) == -1)
    rz_die ("realloc: %m");
}

static void
push_resize (struct rz_opts *o, const char *arg, bool force)
{
  const char *eq = strchr (arg, '=');
  struct rz_resize r;

  if (eq == NULL || eq == arg || eq[1] == '\0')
    rz_die ("--resize%s: cannot parse '%s': it must be PART=SIZE",
            force ? "-force" : "", arg);
  if (o->resizes.len >= RZ_MAX_REPEAT)
    rz_die ("too many --resize options (at most %d)", RZ_MAX_REPEAT);
  r.part = strndup (arg, eq - arg);
  if (r.part == NULL)
    rz_die ("strndup: %m");
  r.spec = eq + 1;
  r.force = force;
  /* Syntax now, so that a typo fails before any launch. */
  rz_parse_size (r.spec, INT64_C (1) << 30, r.part);
  if (rz_resize_vector_append (&o->resizes, r) == -1)
    rz_die ("realloc: %m");
}

static void
parse_options (int argc, char *argv[], struct options *co,
               struct rz_opts *o)
{
  int c, option_index;
  char *end;

  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, long_options,
                     &option_index);
    if (c == -1)
      break;
    switch (c) {
    case HELP_OPTION: usage (EXIT_SUCCESS);
    case 'd': co->verbose = true; break;
    case 'n': o->dry_run = true; break;
    case 'q': o->quiet = true; break;
    case OPT_ALIGN_FIRST:
      if (strcmp (optarg, "auto") == 0)
        o->align_first = RZ_ALIGN_AUTO;
      else if (strcmp (optarg, "never") == 0)
        o->align_first = RZ_ALIGN_NEVER;
      else if (strcmp (optarg, "always") == 0)
        o->align_first = RZ_ALIGN_ALWAYS;
      else
        rz_die ("unknown --align-first option: '%s' "
                "(auto, never or always)", optarg);
      break;
    case OPT_ALIGNMENT:
      errno = 0;
      o->alignment = strtoll (optarg, &end, 10);
      if (errno || end == optarg || *end || o->alignment < 1 ||
          o->alignment > INT64_C (1) << 30)
        rz_die ("--alignment: invalid alignment '%s': it must be a "
                "number of sectors from 1", optarg);
      break;
    case OPT_DELETE:
      push (&o->deletes, optarg, "--delete");
      break;
    case OPT_IGNORE:
      push (&o->ignores, optarg, "--ignore");
      break;
    case OPT_LV_EXPAND:
      push (&o->lv_expands, optarg, "--LV-expand");
      break;
    case OPT_EXPAND:
      if (o->expand)
        rz_die ("--expand option given more than once");
      o->expand = optarg;
      break;
    case OPT_SHRINK:
      if (o->shrink)
        rz_die ("--shrink option given more than once");
      o->shrink = optarg;
      break;
    case OPT_FORMAT:
      free (o->informat);
      o->informat = strdup (optarg);
      break;
    case OPT_OUTPUT_FORMAT:
      free (o->outformat);
      o->outformat = strdup (optarg);
      break;
    case OPT_MACHINE_READABLE:
      if (rz_set_machine_readable (optarg) == -1)
        exit (EXIT_FAILURE);
      o->machine_readable = true;
      break;
    case OPT_COLORS:
      rz_colors_opt = true;
      break;
    case OPT_WRAP:
      rz_wrap_opt = true;
      break;
    case OPT_NO_COPY_BOOT: o->copy_boot_loader = false; break;
    case OPT_NO_EXTRA: o->extra_partition = false; break;
    case OPT_NO_EXPAND_CONTENT: o->expand_content = false; break;
    case OPT_NO_SPARSE: o->sparse = false; break;
    case OPT_NTFS_FORCE: o->ntfsresize_force = true; break;
    case OPT_RESIZE: push_resize (o, optarg, false); break;
    case OPT_RESIZE_FORCE: push_resize (o, optarg, true); break;
    case OPT_UNKNOWN_FS:
      if (strcmp (optarg, "ignore") == 0 || strcmp (optarg, "no") == 0)
        o->unknown_fs = RZ_UNKNOWN_IGNORE;
      else if (strcmp (optarg, "warn") == 0)
        o->unknown_fs = RZ_UNKNOWN_WARN;
      else if (strcmp (optarg, "error") == 0)
        o->unknown_fs = RZ_UNKNOWN_ERROR;
      else
        rz_die ("unknown --unknown-filesystems option: '%s' "
                "(ignore, warn or error)", optarg);
      break;
    default:
      if (options_handle (co, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }
  if ((o->informat && o->informat[0] == '\0') ||
      (o->outformat && o->outformat[0] == '\0'))
    rz_die ("--format and --output-format need a format name");
}

/* --machine-readable alone: what this virt-resize can do. */
static void
print_capabilities (struct options *co)
{
  static const char *const groups[][2] = {
    { "ntfs", "ntfsprogs" }, { "btrfs", "btrfs" }, { "xfs", "xfs" },
  };
  guestfs_h *g;
  size_t i;

  fprintf (rz_mr_out, "virt-resize\nntfsresize-force\n32bitok\n"
           "128-sector-alignment\nalignment\nalign-first\n");
  fflush (rz_mr_out);
  /* Which filesystems can grow depends on the appliance. */
  g = options_create_handle (co);
  guestfs_set_error_handler (g, NULL, NULL);
  /* A launch needs a disk: a small empty one does. */
  if (guestfs_add_drive_scratch (g, INT64_C (1) << 20, -1) == 0 &&
      guestfs_launch (g) == 0) {
    for (i = 0; i < sizeof groups / sizeof groups[0]; ++i) {
      const char *l[] = { groups[i][1], NULL };

      if (guestfs_feature_available (g, (char **) l) == 1)
        fprintf (rz_mr_out, "%s\n", groups[i][0]);
    }
    guestfs_shutdown (g);
  }
  guestfs_close (g);
  if (fflush (rz_mr_out) == EOF) {
    perror ("virt-resize: --machine-readable");
    exit (EXIT_FAILURE);
  }
  exit (EXIT_SUCCESS);
}

/* The format of FILE: the one given, or what careen detects from its
 * header (never letting qemu guess).
 */
static char *
format_of (guestfs_h *g, char *given, const char *file)
{
  char *r;

  if (given)
    return given;
  r = guestfs_disk_format (g, file);
  if (r == NULL)
    rz_fail ();
  return r;
}

static bool
needs_second_launch (const struct rz_disk *d, const struct rz_opts *o)
{
  size_t i;

  if (!o->expand_content)
    return d->align_first && d->nr_parts > 0 &&
      d->parts[0].method == RZ_METHOD_NTFSRESIZE;
  if (d->nr_lvs > 0)
    return true;
  for (i = 0; i < d->nr_parts; ++i)
    if (d->parts[i].method != RZ_METHOD_NONE)
      return true;
  return d->align_first;
}

/* Whether the output holds LVM physical volumes, which the second
 * launch must look for again once the partitions are visible.
 */
static bool
has_lvm (const struct rz_disk *d)
{
  size_t i;

  if (d->nr_lvs > 0)
    return true;
  for (i = 0; i < d->nr_parts; ++i)
    if (d->parts[i].method == RZ_METHOD_PVRESIZE ||
        (d->parts[i].fstype && strcmp (d->parts[i].fstype, "LVM2_member") == 0))
      return true;
  return false;
}

int
main (int argc, char *argv[])
{
  struct options co;
  struct rz_opts o = {
    .alignment = 128, .copy_boot_loader = true, .extra_partition = true,
    .expand_content = true, .sparse = true, .unknown_fs = RZ_UNKNOWN_WARN,
  };
  struct rz_disk d = { 0 };
  bool host_copy, second;

  gettimeofday (&rz_t0, NULL);
  options_init (&co, PROGRAM, false, short_options, long_options);
  parse_options (argc, argv, &co, &o);

  if (o.machine_readable && optind == argc)
    print_capabilities (&co);
  if (argc - optind != 2) {
    fprintf (stderr, "%s: error: you must give two disks: "
             "indisk outdisk\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  o.infile = argv[optind];
  o.outfile = argv[optind + 1];
  if (o.expand && o.shrink)
    rz_die ("you cannot use --expand and --shrink together");

  rz_g = options_create_handle (&co);
  o.informat = format_of (rz_g, o.informat, o.infile);
  o.outformat = format_of (rz_g, o.outformat, o.outfile);

  rz_message (&o, "Examining %s", o.infile);
  if (guestfs_add_drive_opts (rz_g, o.infile,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, o.informat,
                              GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                              -1) == -1 ||
      guestfs_add_drive_opts (rz_g, o.outfile,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, o.outformat,
                              GUESTFS_ADD_DRIVE_OPTS_READONLY, o.dry_run,
                              -1) == -1)
    rz_fail ();
  /* The new partition table is made on a scratch disk the size of the
   * output (virt-resize-seal.c), RZ_TABLE_DEV.
   */
  if (!o.dry_run) {
    int64_t outsize = guestfs_disk_virtual_size (rz_g, o.outfile);

    if (outsize == -1 || guestfs_add_drive_scratch (rz_g, outsize, -1) == -1)
      rz_fail ();
  }
  if (guestfs_launch (rz_g) == -1)
    rz_fail ();

  if (rz_read_input (rz_g, "/dev/sda", &d) == -1 ||
      rz_read_lvs (rz_g, &d, &o) == -1)
    rz_fail ();
  d.outsize = guestfs_blockdev_getsize64 (rz_g, "/dev/sdb");
  if (d.outsize == -1)
    rz_fail ();

  rz_plan (&d, &o);
  rz_print_summary (&d, &o);
  if (o.dry_run) {
    guestfs_shutdown (rz_g);
    guestfs_close (rz_g);
    rz_g = NULL;
    if (!o.quiet)
      printf ("Dry run: no changes were made to the output disk.\n");
    rz_disk_free (&d);
    options_free (&co);
    exit (EXIT_SUCCESS);
  }

  rz_message (&o, "Setting up initial partition table on %s", o.outfile);
  if (rz_unseal_start (rz_g, "/dev/sdb", &o) == -1 ||
      rz_write_table (rz_g, "/dev/sda", RZ_TABLE_DEV, &d, &o) == -1 ||
      rz_unseal (rz_g, RZ_TABLE_DEV, "/dev/sdb", &d) == -1)
    rz_incomplete (&o);

  host_copy = rz_have_qemu_img ();
  second = needs_second_launch (&d, &o);
  if (!host_copy &&
      rz_copy_appliance (rz_g, "/dev/sda", "/dev/sdb", &d, &o) == -1)
    rz_incomplete (&o);
  if (!host_copy && !second && rz_seal (rz_g, "/dev/sdb") == -1)
    rz_incomplete (&o);
  /* shutdown, not just close: it reports write-back errors. */
  if (guestfs_shutdown (rz_g) == -1)
    rz_incomplete (&o);
  guestfs_close (rz_g);
  rz_g = NULL;

  if (host_copy && rz_copy_host (&d, &o) == -1)
    rz_incomplete (&o);

  if (second) {
    rz_g = options_create_handle (&co);
    if (guestfs_add_drive_opts (rz_g, o.outfile,
                                GUESTFS_ADD_DRIVE_OPTS_FORMAT, o.outformat,
                                -1) == -1 ||
        guestfs_launch (rz_g) == -1 ||
        rz_unseal_reopen (rz_g, "/dev/sda", has_lvm (&d)) == -1)
      rz_incomplete (&o);
    if (rz_expand (rz_g, "/dev/sda", &d, &o) == -1 ||
        rz_seal (rz_g, "/dev/sda") == -1)
      rz_incomplete (&o);
    if (guestfs_shutdown (rz_g) == -1)
      rz_incomplete (&o);
    guestfs_close (rz_g);
    rz_g = NULL;
  }
  else if (host_copy && rz_seal_host (&o) == -1)
    rz_incomplete (&o);

  if (!o.quiet)
    printf ("%s: Resize operation completed with no errors.  Before "
            "deleting the old disk, carefully check that the resized disk "
            "boots and works correctly.\n", PROGRAM);
  rz_disk_free (&d);
  options_free (&co);
  exit (EXIT_SUCCESS);
}
