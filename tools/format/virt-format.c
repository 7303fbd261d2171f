/** careen - offline disk-image toolkit
 *
 * virt-format: erases whole disks and leaves them blank, optionally
 * with a partition table covering the disk, an LVM logical volume and
 * an empty filesystem.  Everything happens in the appliance through the
 * public API: LVM metadata that would keep old volume groups alive is
 * removed first, the start of the disk (or, with --wipe, all of it) is
 * zeroed, then the new layout is built from the bottom up.
 */

#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "options.h"

#define PROGRAM "virt-format"

/* Disks of this size or more get GPT with --partition alone: an MBR
 * partition table cannot address more than 2 TiB of 512-byte sectors.
 */
#define MBR_MAX_BYTES (INT64_C (2) << 40)

/* --help has no letter. */
enum { HELP_OPTION = CHAR_MAX + 1 };

static const char short_options[] = "a:vVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "filesystem", required_argument, NULL, 0 },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, HELP_OPTION },
  { "label", required_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "lvm", optional_argument, NULL, 0 },
  { "partition", optional_argument, NULL, 0 },
  { "short-options", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "wipe", no_argument, NULL, 0 },
  { NULL, 0, NULL, 0 }
};

/* What to build on each disk. */
struct layout {
  const char *filesystem;       /* NULL: none */
  const char *label;            /* NULL: none */
  const char *partition;        /* NULL: none; "" picks mbr or gpt */
  char *vg, *lv;                /* NULL: no LVM */
  bool wipe;
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
  else
    printf ("%s: erase and make a blank disk (careen)\n"
            "\n"
            "Usage:\n"
            "  %s [--options] -a disk.img [-a disk.img ...]\n"
            "\n"
            "Options:\n"
            "  -a|--add image            add a disk image (erased!)\n"
            "  --blocksize[=512|4096]    sector size of the next -a\n"
            "  --filesystem=TYPE|none    make an empty filesystem\n"
            "  --format[=raw|qcow2|..]   format of the next -a images\n"
            "  --label=LABEL             label of the filesystem\n"
            "  --lvm[=/dev/VG/LV|none]   make an LVM logical volume\n"
            "  --partition[=mbr|gpt|none] partition table (default: "
            "mbr or gpt)\n"
            "  --wipe                    zero the whole disk first\n"
            "  -v|--verbose              verbose messages\n"
            "  -V|--version              print the version and exit\n"
            "  -x                        trace library calls\n"
            "  --help                    print this help and exit\n"
            "See %s(1).\n", PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

/* Splits "/dev/VG/LV" into its names; exits on a malformed one. */
static void
parse_lvm (struct layout *lay, const char *arg)
{
  const char *vg, *slash;

  if (strncmp (arg, "/dev/", 5) != 0)
    goto bad;
  vg = arg + 5;
  slash = strchr (vg, '/');
  if (slash == NULL || slash == vg || slash[1] == '\0' ||
      strchr (slash + 1, '/') != NULL)
    goto bad;
  free (lay->vg);
  free (lay->lv);
  lay->vg = strndup (vg, slash - vg);
  lay->lv = strdup (slash + 1);
  if (lay->vg == NULL || lay->lv == NULL) {
    perror ("strdup");
    exit (EXIT_FAILURE);
  }
  return;

 bad:
  fprintf (stderr, "%s: cannot parse --lvm option (%s): it must be "
           "/dev/VG/LV\n", PROGRAM, arg);
  exit (EXIT_FAILURE);
}

static void
handle_long (struct layout *lay, const char *name, const char *arg)
{
  if (strcmp (name, "filesystem") == 0)
    lay->filesystem = strcmp (arg, "none") == 0 ? NULL : arg;
  else if (strcmp (name, "label") == 0)
    lay->label = arg;
  else if (strcmp (name, "lvm") == 0) {
    if (arg == NULL)
      parse_lvm (lay, "/dev/VG/LV");
    else if (strcmp (arg, "none") == 0) {
      free (lay->vg);
      free (lay->lv);
      lay->vg = lay->lv = NULL;
    }
    else
      parse_lvm (lay, arg);
  }
  else if (strcmp (name, "partition") == 0) {
    if (arg == NULL)
      lay->partition = "";
    else if (strcmp (arg, "none") == 0)
      lay->partition = NULL;
    else if (strcmp (arg, "mbr") == 0 || strcmp (arg, "msdos") == 0)
      lay->partition = "mbr";
    else if (strcmp (arg, "gpt") == 0)
      lay->partition = "gpt";
    else {
      fprintf (stderr, "%s: --partition: unknown partition type '%s' "
               "(mbr, gpt or none)\n", PROGRAM, arg);
      exit (EXIT_FAILURE);
    }
  }
  else if (strcmp (name, "wipe") == 0)
    lay->wipe = true;
}

/* Removes every volume group and physical volume, on every disk:
 * formatting a disk under an active VG would leave stale device-mapper
 * tables, and an old VG of the same name would clash with --lvm.
 */
static int
remove_lvm (guestfs_h *g)
{
  const char *lvm2[] = { "lvm2", NULL };

  if (guestfs_feature_available (g, (char **) lvm2) != 1)
    return 0;
  return guestfs_lvm_remove_all (g);
}

/* MBR partition type bytes that let other systems recognise the
 * filesystem; the default (0x83, Linux) suits everything else.
 */
static int
mbr_id_for (const char *fs)
{
  if (strcmp (fs, "ntfs") == 0)
    return 0x07;
  if (strcmp (fs, "vfat") == 0 || strcmp (fs, "fat") == 0)
    return 0x0c;
  return 0;
}

/* Formats one disk.  Returns 0, or -1 (the library printed the
 * error).
 */
static int
format_disk (guestfs_h *g, const struct layout *lay, const char *disk)
{
  CLEANUP_FREE char *part = NULL, *lvdev = NULL;
  const char *dev = disk;
  const char *ptype = NULL;

  if (lay->wipe) {
    if (guestfs_zero_device (g, disk) == -1)
      return -1;
  }
  else if (guestfs_zero (g, disk) == -1)
    return -1;

  if (lay->partition) {
    ptype = lay->partition;
    if (ptype[0] == '\0') {
      int64_t size = guestfs_blockdev_getsize64 (g, disk);

      if (size == -1)
        return -1;
      ptype = size < MBR_MAX_BYTES ? "mbr" : "gpt";
    }
    if (guestfs_part_disk (g, disk, ptype) == -1)
      return -1;
    if (asprintf (&part, "%s1", disk) == -1) {
      perror ("asprintf");
      return -1;
    }
    dev = part;
  }

  if (lay->vg) {
    const char *pvs[] = { dev, NULL };

    if (guestfs_pvcreate (g, dev) == -1 ||
        guestfs_vgcreate (g, lay->vg, (char **) pvs) == -1 ||
        guestfs_lvcreate_free (g, lay->lv, lay->vg, 100) == -1)
      return -1;
    if (asprintf (&lvdev, "/dev/%s/%s", lay->vg, lay->lv) == -1) {
      perror ("asprintf");
      return -1;
    }
    dev = lvdev;
  }

  if (lay->filesystem) {
    int id = mbr_id_for (lay->filesystem);

    if (lay->label) {
      if (guestfs_mkfs_opts (g, lay->filesystem, dev,
                             GUESTFS_MKFS_OPTS_LABEL, lay->label,
                             -1) == -1)
        return -1;
    }
    else if (guestfs_mkfs (g, lay->filesystem, dev) == -1)
      return -1;
    if (id && ptype && strcmp (ptype, "mbr") == 0 && lay->vg == NULL &&
        guestfs_part_set_mbr_id (g, disk, 1, id) == -1)
      return -1;
  }
  return 0;
}

int
main (int argc, char *argv[])
{
  struct options o;
  struct layout lay = { .partition = "" };
  CLEANUP_FREE_STRING_LIST char **devices = NULL;
  guestfs_h *g;
  size_t i;
  int c, option_index, status = EXIT_SUCCESS;

  options_init (&o, PROGRAM, false, short_options, long_options);
  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, long_options,
                     &option_index);
    if (c == -1)
      break;
    switch (c) {
    case HELP_OPTION:
      usage (EXIT_SUCCESS);
    case 0:
      if (options_handle (&o, c, option_index, optarg) == 0)
        handle_long (&lay, long_options[option_index].name, optarg);
      break;
    default:
      if (options_handle (&o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }
  if (optind != argc) {
    fprintf (stderr, "%s: extra arguments on the command line\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  if (o.nr_drives == 0) {
    fprintf (stderr, "%s: must specify at least one -a option\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  if (lay.vg && o.nr_drives > 1) {
    /* One name for the volume group on several disks would clash. */
    fprintf (stderr, "%s: --lvm can only be used with one -a option\n",
             PROGRAM);
    exit (EXIT_FAILURE);
  }
  if (lay.label && lay.filesystem == NULL) {
    fprintf (stderr, "%s: --label needs --filesystem\n", PROGRAM);
    exit (EXIT_FAILURE);
  }

  g = options_create_handle (&o);
  if (options_add_drives (&o, g) == -1 || guestfs_launch (g) == -1 ||
      remove_lvm (g) == -1 ||
      (devices = guestfs_list_devices (g)) == NULL) {
    status = EXIT_FAILURE;
    goto out;
  }
  for (i = 0; devices[i] != NULL; ++i) {
    if (format_disk (g, &lay, devices[i]) == -1) {
      status = EXIT_FAILURE;
      goto out;
    }
  }
  /* shutdown, not just close: it reports write-back errors. */
  if (guestfs_shutdown (g) == -1)
    status = EXIT_FAILURE;

 out:
  guestfs_close (g);
  options_free (&o);
  free (lay.vg);
  free (lay.lv);
  exit (status);
}
