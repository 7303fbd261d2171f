/** careen - offline disk-image toolkit
 *
 * virt-filesystems: list the filesystems, partitions, block devices
 * and LVM objects of a disk image, one a line, or with --long in
 * columns (Name, Type, VFS, Label, MBR, Size, Parent, UUID), the
 * columns chosen from what is listed as libguestfs's virt-filesystems
 * chooses them, so scripts reading either get the same table.
 *
 * Rows are collected first, then printed: the plain table pads every
 * column to its widest cell, which is only known at the end.
 */

#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "vector.h"
#include "xalloc.h"
#include "options.h"
#include "fleet.h"
#include "stringsbuf.h"

/* What to list (bits of `output'). */
enum {
  OUT_FILESYSTEMS = 1 << 0,
  OUT_EXTRA = 1 << 1,            /* swap and unknown filesystems too */
  OUT_PARTITIONS = 1 << 2,
  OUT_BLOCKDEVS = 1 << 3,
  OUT_LVS = 1 << 4,
  OUT_VGS = 1 << 5,
  OUT_PVS = 1 << 6,
};

/* The columns, in display order. */
enum { COL_NAME, COL_TYPE, COL_VFS, COL_LABEL, COL_MBR, COL_SIZE,
       COL_PARENT, COL_UUID, NR_COLS };
static const char *const col_titles[NR_COLS] = {
  "Name", "Type", "VFS", "Label", "MBR", "Size", "Parent", "UUID",
};

/* Most rows: bounds memory on a hostile image claiming thousands of
 * partitions or LVs (the appliance lists what the kernel sees).
 */
#define FS_MAX_ROWS 100000

static const char short_options[] = "a:c:d:hlP:qvVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "all", no_argument, NULL, 0 },
  { "blkdevs", no_argument, NULL, 0 },
  { "block-devices", no_argument, NULL, 0 },
  { "blocksize", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "csv", no_argument, NULL, 0 },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "extra", no_argument, NULL, 0 },
  { "filesystems", no_argument, NULL, 0 },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, 0 },
  { "human-readable", no_argument, NULL, 'h' },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "logical-volumes", no_argument, NULL, 0 },
  { "logvols", no_argument, NULL, 0 },
  { "long", no_argument, NULL, 'l' },
  { "long-options", no_argument, NULL, 0 },
  { "lvs", no_argument, NULL, 0 },
  { "no-title", no_argument, NULL, 0 },
  { "parts", no_argument, NULL, 0 },
  { "partitions", no_argument, NULL, 0 },
  { "physical-volumes", no_argument, NULL, 0 },
  { "physvols", no_argument, NULL, 0 },
  { "pvs", no_argument, NULL, 0 },
  { "short-options", no_argument, NULL, 0 },
  { "uuid", no_argument, NULL, 0 },
  { "uuids", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "vgs", no_argument, NULL, 0 },
  { "volgroups", no_argument, NULL, 0 },
  { "volume-groups", no_argument, NULL, 0 },
  FLEET_LONG_OPTIONS,
  { "json", no_argument, NULL, 0 },
  { "quiet", no_argument, NULL, 'q' },
  { NULL, 0, NULL, 0 }
};

/* In a fleet: the lines printed for each image. */
static const struct fleet_tool fleet = {
  .program = "virt-filesystems",
  .short_options = short_options,
  .long_options = long_options,
  .result = FLEET_RESULT_LINES,
};

static guestfs_h *g;
static struct options opts;
static unsigned output;
static bool long_mode, human, csv, no_title, show_uuids;
static unsigned columns;        /* bit (1 << COL_x) per shown column */

/* The collected table: NR_COLS cells per row, "-" for none. */
struct fs_row {
  char *cell[NR_COLS];
};
DEFINE_VECTOR_TYPE (fs_row_vector, struct fs_row);
static struct fs_row_vector rows;

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'virt-filesystems --help' for more "
             "information.\n");
  else {
    printf ("virt-filesystems: list filesystems, partitions, block "
            "devices, LVM in a VM\n"
            "Usage:\n"
            "  virt-filesystems [--options] -a disk.img "
            "[-a disk.img ...]\n"
            "  virt-filesystems [--options] -d domname\n"
            "Options:\n"
            "  -a|--add image       Add image\n"
            "  --all                Display everything\n"
            "  --blkdevs|--block-devices\n"
            "                       Display block devices\n"
            "  --blocksize[=512|4096]\n"
            "                       Set sector size of the disk for -a "
            "option\n"
            "  --csv                Output as Comma-Separated Values\n"
            "  --echo-keys          Don't turn off echo for passphrases\n"
            "  --extra              Display swap and data filesystems\n"
            "  --filesystems        Display mountable filesystems\n"
            "  --format[=raw|..]    Force disk format for -a option\n"
            "  -h|--human-readable  Human-readable sizes in --long "
            "output\n"
            "  --help               Display brief help\n"
            "  --key selector       Specify a LUKS key\n"
            "  --keys-from-stdin    Read passphrases from stdin\n"
            "  -l|--long            Long output\n"
            "  --lvs|--logvols|--logical-volumes\n"
            "                       Display LVM logical volumes\n"
            "  --no-title           No title in --long output\n"
            "  --parts|--partitions Display partitions\n"
            "  --pvs|--physvols|--physical-volumes\n"
            "                       Display LVM physical volumes\n"
            "  --uuid|--uuids       Add UUIDs to --long output\n"
            "  -v|--verbose         Verbose messages\n"
            "  -V|--version         Display version and exit\n"
            "  --vgs|--volgroups|--volume-groups\n"
            "                       Display LVM volume groups\n"
            "  -x                   Trace libguestfs API calls\n"
            "  -c|--connect uri     Specify libvirt URI for -d option\n"
            "  -d|--domain guest    Add disks from libvirt guest\n");
    fleet_print_usage ();
    printf ("For more information, see the manpage "
            "virt-filesystems(1).\n");
  }
  exit (status);
}

/* Adds one row; NULL or "" cells become "-".  Takes copies. */
static void
add_row (const char *const vals[NR_COLS])
{
  struct fs_row r;
  size_t i;

  if (rows.len >= FS_MAX_ROWS) {
    fprintf (stderr, "virt-filesystems: more than %d rows\n", FS_MAX_ROWS);
    exit (EXIT_FAILURE);
  }
  for (i = 0; i < NR_COLS; ++i)
    r.cell[i] = xstrdup (vals[i] && vals[i][0] ? vals[i] : "-");
  if (fs_row_vector_append (&rows, r) == -1)
    die_nomem ();
}

static void
format_size (char *buf, size_t len, int64_t size)
{
  if (size < 0)
    snprintf (buf, len, "-");
  else if (human)
    options_human_size (buf, len, (uint64_t) size);
  else
    snprintf (buf, len, "%" PRIi64, size);
}

/* The size of a device, or -1 (error ignored: the row still shows). */
static int64_t
device_size (const char *dev)
{
  int64_t r;

  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_blockdev_getsize64 (g, dev);
  guestfs_pop_error_handler (g);
  return r;
}

/* A string-returning call whose failure just leaves the cell empty. */
static char *
quiet_string (char *(*fn) (guestfs_h *, const char *), const char *arg)
{
  char *r;

  guestfs_push_error_handler (g, NULL, NULL);
  r = fn (g, arg);
  guestfs_pop_error_handler (g);
  return r;
}

/* An LVM UUID struct field (32 bytes, not NUL-terminated). */
static void
lvm_uuid (char out[33], const char in[32])
{
  memcpy (out, in, 32);
  out[32] = '\0';
}

/* The size of the filesystem on DEV as the filesystem itself reports
 * it (statvfs blocks, which leave out its own metadata), or the size
 * of the device for what does not mount (swap, unknown).
 */
static int64_t
filesystem_size (const char *dev)
{
  struct guestfs_statvfs *st = NULL;
  int64_t r = -1;

  guestfs_push_error_handler (g, NULL, NULL);
  if (guestfs_mount_ro (g, dev, "/") == 0) {
    st = guestfs_statvfs (g, "/");
    if (st)
      r = st->blocks * st->bsize;
    guestfs_free_statvfs (st);
    guestfs_umount_all (g);
  }
  guestfs_pop_error_handler (g);
  return r >= 0 ? r : device_size (dev);
}

static int
do_filesystems (void)
{
  CLEANUP_FREE_STRING_LIST char **fses = guestfs_list_filesystems (g);
  size_t i;

  if (fses == NULL)
    return -1;
  for (i = 0; fses[i] && fses[i + 1]; i += 2) {
    const char *dev = fses[i], *vfs = fses[i + 1];
    CLEANUP_FREE char *label = NULL, *uuid = NULL;
    char size[OPTIONS_HUMAN_SIZE_LEN];
    const char *row[NR_COLS] = { NULL };

    if (!(output & OUT_EXTRA) &&
        (strcmp (vfs, "swap") == 0 || strcmp (vfs, "unknown") == 0))
      continue;
    if (columns & (1 << COL_LABEL))
      label = quiet_string (guestfs_vfs_label, dev);
    if (columns & (1 << COL_UUID))
      uuid = quiet_string (guestfs_vfs_uuid, dev);
    format_size (size, sizeof size,
                 columns & (1 << COL_SIZE) ? filesystem_size (dev) : -1);
    row[COL_NAME] = dev;
    row[COL_TYPE] = "filesystem";
    row[COL_VFS] = vfs;
    row[COL_LABEL] = label;
    row[COL_SIZE] = size;
    row[COL_UUID] = uuid;
    add_row (row);
  }
  return 0;
}

static int
do_lvs (void)
{
  CLEANUP_FREE_STRING_LIST char **names = guestfs_lvs (g);
  size_t i;

  if (names == NULL)
    return -1;
  for (i = 0; names[i]; ++i) {
    char size[OPTIONS_HUMAN_SIZE_LEN];
    CLEANUP_FREE char *parent = NULL, *uuid = NULL;
    const char *slash = strrchr (names[i], '/');
    const char *row[NR_COLS] = { NULL };

    /* /dev/VG/LV: the parent is the volume group, /dev/VG. */
    if (slash && slash > names[i]) {
      parent = strndup (names[i], slash - names[i]);
      if (parent == NULL)
        die_nomem ();
    }
    if (columns & (1 << COL_UUID))
      uuid = quiet_string (guestfs_lvuuid, names[i]);
    format_size (size, sizeof size,
                 columns & (1 << COL_SIZE) ? device_size (names[i]) : -1);
    row[COL_NAME] = names[i];
    row[COL_TYPE] = "lv";
    row[COL_SIZE] = size;
    row[COL_PARENT] = parent;
    row[COL_UUID] = uuid;
    add_row (row);
  }
  return 0;
}

/* The PV devices of volume group VG, comma-separated, from the UUIDs. */
static char *
vg_parents (const char *vg, const struct guestfs_lvm_pv_list *pvs)
{
  CLEANUP_FREE_STRING_LIST char **uuids = guestfs_vgpvuuids (g, vg);
  struct stringsbuf sb;
  size_t i, j;
  char *r;

  if (uuids == NULL)
    return NULL;
  stringsbuf_init (&sb);
  for (i = 0; uuids[i]; ++i) {
    char want[33];
    size_t k = 0;
    const char *p;

    /* LVM prints UUIDs with dashes; the struct field has none. */
    for (p = uuids[i]; *p && k < 32; ++p)
      if (*p != '-')
        want[k++] = *p;
    want[k] = '\0';
    for (j = 0; j < pvs->len; ++j)
      if (k == 32 && memcmp (want, pvs->val[j].pv_uuid, 32) == 0)
        if (stringsbuf_add_string (&sb, pvs->val[j].pv_name) == -1)
          die_nomem ();
  }
  if (stringsbuf_add_string_nodup (&sb, NULL) == -1)
    die_nomem ();
  r = strings_join (sb.argv, ",");
  stringsbuf_release (&sb);
  return r;
}

static int
do_vgs_pvs (void)
{
  struct guestfs_lvm_pv_list *pvs = guestfs_pvs_full (g);
  size_t i;

  if (pvs == NULL)
    return -1;
  if (output & OUT_VGS) {
    struct guestfs_lvm_vg_list *vgs = guestfs_vgs_full (g);

    if (vgs == NULL) {
      guestfs_free_lvm_pv_list (pvs);
      return -1;
    }
    for (i = 0; i < vgs->len; ++i) {
      char size[OPTIONS_HUMAN_SIZE_LEN], uuid[33];
      CLEANUP_FREE char *name = NULL, *parents = NULL;
      const char *row[NR_COLS] = { NULL };

      if (asprintf (&name, "/dev/%s", vgs->val[i].vg_name) == -1)
        die_nomem ();
      parents = vg_parents (vgs->val[i].vg_name, pvs);
      format_size (size, sizeof size, vgs->val[i].vg_size);
      lvm_uuid (uuid, vgs->val[i].vg_uuid);
      row[COL_NAME] = name;
      row[COL_TYPE] = "vg";
      row[COL_SIZE] = size;
      row[COL_PARENT] = parents;
      row[COL_UUID] = uuid;
      add_row (row);
    }
    guestfs_free_lvm_vg_list (vgs);
  }
  if (output & OUT_PVS) {
    for (i = 0; i < pvs->len; ++i) {
      char size[OPTIONS_HUMAN_SIZE_LEN], uuid[33];
      const char *row[NR_COLS] = { NULL };

      format_size (size, sizeof size, pvs->val[i].pv_size);
      lvm_uuid (uuid, pvs->val[i].pv_uuid);
      row[COL_NAME] = pvs->val[i].pv_name;
      row[COL_TYPE] = "pv";
      row[COL_SIZE] = size;
      row[COL_UUID] = uuid;
      add_row (row);
    }
  }
  guestfs_free_lvm_pv_list (pvs);
  return 0;
}

static int
do_partitions (void)
{
  CLEANUP_FREE_STRING_LIST char **parts = guestfs_list_partitions (g);
  size_t i;

  if (parts == NULL)
    return -1;
  for (i = 0; parts[i]; ++i) {
    CLEANUP_FREE char *parent = NULL, *ptype = NULL;
    char size[OPTIONS_HUMAN_SIZE_LEN], mbr[16] = "";
    const char *row[NR_COLS] = { NULL };

    parent = quiet_string (guestfs_part_to_dev, parts[i]);
    if (parent && (columns & (1 << COL_MBR))) {
      ptype = quiet_string (guestfs_part_get_parttype, parent);
      if (ptype && strcmp (ptype, "msdos") == 0) {
        int n, id;

        guestfs_push_error_handler (g, NULL, NULL);
        n = guestfs_part_to_partnum (g, parts[i]);
        id = n > 0 ? guestfs_part_get_mbr_id (g, parent, n) : -1;
        guestfs_pop_error_handler (g);
        if (id >= 0)
          snprintf (mbr, sizeof mbr, "%02x", id);
      }
    }
    format_size (size, sizeof size,
                 columns & (1 << COL_SIZE) ? device_size (parts[i]) : -1);
    row[COL_NAME] = parts[i];
    row[COL_TYPE] = "partition";
    row[COL_MBR] = mbr;
    row[COL_SIZE] = size;
    row[COL_PARENT] = parent;
    add_row (row);
  }
  return 0;
}

static int
do_blockdevs (void)
{
  CLEANUP_FREE_STRING_LIST char **devs = guestfs_list_devices (g);
  size_t i;

  if (devs == NULL)
    return -1;
  for (i = 0; devs[i]; ++i) {
    char size[OPTIONS_HUMAN_SIZE_LEN];
    const char *row[NR_COLS] = { NULL };

    format_size (size, sizeof size,
                 columns & (1 << COL_SIZE) ? device_size (devs[i]) : -1);
    row[COL_NAME] = devs[i];
    row[COL_TYPE] = "device";
    row[COL_SIZE] = size;
    add_row (row);
  }
  return 0;
}

static void
print_table (void)
{
  size_t widths[NR_COLS] = { 0 };
  size_t r, c;
  int gap = 2;
  bool title = long_mode && !no_title;

  if (csv) {
    if (title) {
      bool first = true;

      for (c = 0; c < NR_COLS; ++c)
        if (columns & (1 << c)) {
          if (!first)
            putchar (',');
          options_csv_field (stdout, col_titles[c]);
          first = false;
        }
      putchar ('\n');
    }
    for (r = 0; r < rows.len; ++r) {
      bool first = true;

      for (c = 0; c < NR_COLS; ++c)
        if (columns & (1 << c)) {
          const char *v = rows.ptr[r].cell[c];

          if (!first)
            putchar (',');
          /* CSV leaves an empty cell empty; "-" is for the eye. */
          if (strcmp (v, "-") != 0)
            options_csv_field (stdout, v);
          first = false;
        }
      putchar ('\n');
    }
    return;
  }

  for (c = 0; c < NR_COLS; ++c) {
    if (title)
      widths[c] = strlen (col_titles[c]);
    for (r = 0; r < rows.len; ++r)
      if (strlen (rows.ptr[r].cell[c]) > widths[c])
        widths[c] = strlen (rows.ptr[r].cell[c]);
  }
  /* Two spaces between columns, or one if two would make the table
   * wider than 72 columns: the rule of libguestfs's virt-filesystems.
   */
  {
    size_t total = 0;

    for (c = 0; c < NR_COLS; ++c)
      if (columns & (1 << c))
        total += widths[c] + 2;
    if (total > 72)
      gap = 1;
  }
  for (r = title ? 0 : 1; r <= rows.len; ++r) {
    size_t last = 0;

    for (c = 0; c < NR_COLS; ++c)
      if (columns & (1 << c))
        last = c;
    for (c = 0; c < NR_COLS; ++c) {
      const char *s;

      if (!(columns & (1 << c)))
        continue;
      s = r == 0 ? col_titles[c] : rows.ptr[r - 1].cell[c];
      /* Left-aligned, the last column not padded. */
      if (c == last)
        fputs (s, stdout);
      else
        printf ("%-*s%*s", (int) widths[c], s, gap, "");
    }
    putchar ('\n');
  }
}

int
main (int argc, char *argv[])
{
  int c, option_index = -1;
  size_t i, j;

  fleet_main (&fleet, argc, argv);
  options_init (&opts, "virt-filesystems", true, short_options,
                long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    const char *n = c == 0 ? long_options[option_index].name : "";

    if (c == 'h')
      human = true;
    else if (c == 'l')
      long_mode = true;
    else if (strcmp (n, "help") == 0)
      usage (EXIT_SUCCESS);
    else if (strcmp (n, "all") == 0)
      output = ~0u;
    else if (strcmp (n, "blkdevs") == 0 || strcmp (n, "block-devices") == 0)
      output |= OUT_BLOCKDEVS;
    else if (strcmp (n, "csv") == 0)
      csv = true;
    else if (strcmp (n, "extra") == 0)
      output |= OUT_EXTRA | OUT_FILESYSTEMS;
    else if (strcmp (n, "filesystems") == 0)
      output |= OUT_FILESYSTEMS;
    else if (strcmp (n, "lvs") == 0 || strcmp (n, "logvols") == 0 ||
             strcmp (n, "logical-volumes") == 0)
      output |= OUT_LVS;
    else if (strcmp (n, "no-title") == 0)
      no_title = true;
    else if (strcmp (n, "parts") == 0 || strcmp (n, "partitions") == 0)
      output |= OUT_PARTITIONS;
    else if (strcmp (n, "pvs") == 0 || strcmp (n, "physvols") == 0 ||
             strcmp (n, "physical-volumes") == 0)
      output |= OUT_PVS;
    else if (strcmp (n, "uuid") == 0 || strcmp (n, "uuids") == 0)
      show_uuids = true;
    else if (strcmp (n, "vgs") == 0 || strcmp (n, "volgroups") == 0 ||
             strcmp (n, "volume-groups") == 0)
      output |= OUT_VGS;
    else if (options_handle (&opts, c, option_index, optarg) == 0)
      usage (EXIT_FAILURE);
  }
  if (optind < argc) {
    fprintf (stderr, "virt-filesystems: extra argument on the command "
             "line: '%s'\n", argv[optind]);
    usage (EXIT_FAILURE);
  }
  if (!options_have_drive (&opts))
    usage (EXIT_FAILURE);
  if (output == 0)
    output = OUT_FILESYSTEMS;

  /* The columns follow from what is listed. */
  columns = 1 << COL_NAME;
  if (long_mode) {
    columns |= (1 << COL_TYPE) | (1 << COL_SIZE);
    if (output & OUT_FILESYSTEMS)
      columns |= (1 << COL_VFS) | (1 << COL_LABEL);
    if (output & OUT_PARTITIONS)
      columns |= 1 << COL_MBR;
    if (output & (OUT_PARTITIONS | OUT_LVS | OUT_VGS))
      columns |= 1 << COL_PARENT;
    if (show_uuids)
      columns |= 1 << COL_UUID;
  }

  g = options_create_handle (&opts);
  if (options_add_drives (&opts, g) == -1 || guestfs_launch (g) == -1 ||
      options_decrypt (&opts, g) == -1)
    exit (EXIT_FAILURE);

  if (((output & OUT_FILESYSTEMS) && do_filesystems () == -1) ||
      ((output & OUT_LVS) && do_lvs () == -1) ||
      ((output & (OUT_VGS | OUT_PVS)) && do_vgs_pvs () == -1) ||
      ((output & OUT_PARTITIONS) && do_partitions () == -1) ||
      ((output & OUT_BLOCKDEVS) && do_blockdevs () == -1))
    exit (EXIT_FAILURE);

  print_table ();

  if (guestfs_shutdown (g) == -1)
    exit (EXIT_FAILURE);
  guestfs_close (g);
  for (i = 0; i < rows.len; ++i)
    for (j = 0; j < NR_COLS; ++j)
      free (rows.ptr[i].cell[j]);
  fs_row_vector_release (&rows);
  options_free (&opts);
  if (fflush (stdout) == EOF) {
    fprintf (stderr, "virt-filesystems: write error: %m\n");
    exit (EXIT_FAILURE);
  }
  return EXIT_SUCCESS;
}
