/** careen - offline disk-image toolkit
 *
 * Prepared disk images, guestfish's -N [filename=]type[:param...].
 *
 * Before launch the image file is created (sparse) and added; after
 * launch it is partitioned and formatted with the C API (part_disk,
 * mkfs, pvcreate...), so the compiler checks every call; a failure is
 * reported by the handle's error handler, the same message as for the
 * command typed by the user.  Each type has a fixed list of optional
 * parameters with defaults.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "fish.h"

/* Most parameters any type takes (bootrootlv has 6). */
#define PREP_MAX_PARAMS 6

struct prep_param {
  const char *name;
  const char *def;
  const char *desc;
};

struct prep_type {
  const char *name;
  const char *shortdesc;
  const char *longdesc;
  struct prep_param params[PREP_MAX_PARAMS + 1];    /* ends at name NULL */
  int (*build) (const char *device, char *const *params, int64_t size);
};

struct fish_prep {
  const struct prep_type *type;
  char *filename;
  char *params[PREP_MAX_PARAMS + 1];
  int64_t size;                 /* of the image, from the "size" param */
};

static const char *check_lv_name (const char *name);
static int build_disk (const char *, char *const *, int64_t);
static int build_part (const char *, char *const *, int64_t);
static int build_fs (const char *, char *const *, int64_t);
static int build_lv (const char *, char *const *, int64_t);
static int build_lvfs (const char *, char *const *, int64_t);
static int build_bootroot (const char *, char *const *, int64_t);
static int build_bootrootlv (const char *, char *const *, int64_t);

#define P_SIZE { "size", "1G", "the size of the disk image" }
#define P_PART { "partition", "mbr", "partition table type" }
#define P_LVNAME { "name", "/dev/VG/LV", "the name of the VG and LV to use" }

static const struct prep_type types[] = {
  { "disk", "create a blank disk",
    "An empty disk of the given size, with no partition table.",
    { P_SIZE }, build_disk },
  { "part", "create a partitioned disk",
    "A disk holding one partition that spans it.",
    { P_SIZE, P_PART }, build_part },
  { "fs", "create a filesystem",
    "A disk holding one partition that spans it, formatted with an\n"
    "empty filesystem.",
    { { "filesystem", "ext2", "the type of filesystem to use" },
      P_SIZE, P_PART }, build_fs },
  { "lv", "create a disk with logical volume",
    "A disk holding one partition used as an LVM physical volume, with\n"
    "one volume group and one logical volume filling it.  No filesystem\n"
    "is made (see lvfs).",
    { P_LVNAME, P_SIZE, P_PART }, build_lv },
  { "lvfs", "create a disk with logical volume and filesystem",
    "Like lv, and the logical volume is formatted with a filesystem.",
    { P_LVNAME,
      { "filesystem", "ext2", "the type of filesystem to use" },
      P_SIZE, P_PART }, build_lvfs },
  { "bootroot", "create a boot and root filesystem",
    "A disk with two partitions, a boot filesystem and a root filesystem.",
    { { "bootfs", "ext2", "the type of filesystem to use for boot" },
      { "rootfs", "ext2", "the type of filesystem to use for root" },
      P_SIZE,
      { "bootsize", "128M", "the size of the boot filesystem" },
      P_PART }, build_bootroot },
  { "bootrootlv", "create a boot and root filesystem using LVM",
    "Like bootroot, but the root filesystem is on a logical volume in\n"
    "the second partition.",
    { { "name", "/dev/VG/LV", "the name of the VG and LV for root" },
      { "bootfs", "ext2", "the type of filesystem to use for boot" },
      { "rootfs", "ext2", "the type of filesystem to use for root" },
      P_SIZE,
      { "bootsize", "128M", "the size of the boot filesystem" },
      P_PART }, build_bootrootlv },
  { NULL, NULL, NULL, { { NULL, NULL, NULL } }, NULL }
};

int
fish_parse_size (const char *cmd, const char *arg, int64_t *r)
{
  static const struct {
    const char *suffix;
    unsigned base;              /* 1024 or 1000 */
    unsigned power;
  } suffixes[] = {
    { "", 1, 0 },
    { "b", 1, 0 },
    { "k", 1024, 1 }, { "K", 1024, 1 }, { "KiB", 1024, 1 }, { "KB", 1000, 1 },
    { "M", 1024, 2 }, { "MiB", 1024, 2 }, { "MB", 1000, 2 },
    { "G", 1024, 3 }, { "GiB", 1024, 3 }, { "GB", 1000, 3 },
    { "T", 1024, 4 }, { "TiB", 1024, 4 }, { "TB", 1000, 4 },
    { "P", 1024, 5 }, { "PiB", 1024, 5 }, { "PB", 1000, 5 },
    { "E", 1024, 6 }, { "EiB", 1024, 6 }, { "EB", 1000, 6 },
  };
  char *end;
  long long n;
  size_t i;
  unsigned j;

  errno = 0;
  n = strtoll (arg, &end, 0);
  if (end == arg || errno != 0 || n < 0)
    goto out_invalid;
  for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; ++i) {
    if (strcmp (end, suffixes[i].suffix) == 0) {
      int64_t v = n;

      for (j = 0; j < suffixes[i].power; ++j)
        if (__builtin_mul_overflow (v, (int64_t) suffixes[i].base, &v))
          goto out_invalid;
      *r = v;
      return 0;
    }
  }

 out_invalid:
  fprintf (stderr, "%s: invalid size '%s'\n", cmd, arg);
  return -1;
}

static const struct prep_type *
find_type (const char *name)
{
  size_t i;

  for (i = 0; types[i].name != NULL; ++i)
    if (strcmp (types[i].name, name) == 0)
      return &types[i];
  return NULL;
}

void
fish_prep_list (void)
{
  size_t i, j;

  printf ("Prepared disk image types (-N [filename=]type[:param...]):\n");
  for (i = 0; types[i].name != NULL; ++i) {
    const struct prep_type *t = &types[i];

    printf ("\nguestfish -N %-10s - %s\n\n", t->name, t->shortdesc);
    {
      const char *p = t->longdesc;

      while (*p) {
        size_t len = strcspn (p, "\n");

        printf ("  %.*s\n", (int) len, p);
        p += len;
        if (*p == '\n')
          p++;
      }
    }
    printf ("\n  Optional parameters:\n    -N %s", t->name);
    for (j = 0; t->params[j].name != NULL; ++j)
      printf (":<%s>", t->params[j].name);
    putchar ('\n');
    for (j = 0; t->params[j].name != NULL; ++j)
      printf ("      <%s> %s (default: %s)\n", t->params[j].name,
              t->params[j].desc, t->params[j].def);
  }
}

void
fish_prep_free (struct fish_prep *p)
{
  size_t i;

  if (p == NULL)
    return;
  free (p->filename);
  for (i = 0; i < PREP_MAX_PARAMS; ++i)
    free (p->params[i]);
  free (p);
}

const char *
fish_prep_filename (const struct fish_prep *p)
{
  return p->filename;
}

/* The index of the parameter NAME of type T (every type asks only for
 * parameters it has).
 */
static size_t
param_index (const struct prep_type *t, const char *name)
{
  size_t j;

  for (j = 0; t->params[j].name != NULL; ++j)
    if (strcmp (t->params[j].name, name) == 0)
      return j;
  abort ();
}

struct fish_prep *
fish_prep_create (const char *spec, unsigned prep_index)
{
  struct fish_prep *p = calloc (1, sizeof *p);
  const char *eq = strchr (spec, '=');
  const char *colon = strchr (spec, ':');
  const char *type_start = spec;
  CLEANUP_FREE char *type_name = NULL;
  size_t j, len;
  int fd;

  if (p == NULL) {
    perror ("calloc");
    return NULL;
  }

  /* "name=type...": the '=' must come before any ':' so that a
   * parameter containing '=' is not mistaken for a file name.
   */
  if (eq && (colon == NULL || eq < colon)) {
    p->filename = strndup (spec, eq - spec);
    type_start = eq + 1;
  }
  else if (asprintf (&p->filename, "test%u.img", prep_index + 1) == -1)
    p->filename = NULL;
  if (p->filename == NULL) {
    perror ("malloc");
    goto out_free;
  }
  if (p->filename[0] == '\0') {
    fprintf (stderr, "guestfish: -N %s: empty file name\n", spec);
    goto out_free;
  }

  len = strcspn (type_start, ":");
  type_name = strndup (type_start, len);
  if (type_name == NULL) {
    perror ("strndup");
    goto out_free;
  }
  p->type = find_type (type_name);
  if (p->type == NULL) {
    fprintf (stderr, "guestfish: -N %s: unknown type '%s' "
             "(guestfish -N help lists them)\n", spec, type_name);
    goto out_free;
  }

  /* Parameters: empty or missing ones take their default. */
  {
    const char *q = type_start + len;

    for (j = 0; p->type->params[j].name != NULL; ++j) {
      if (*q == ':') {
        size_t plen;

        q++;
        plen = strcspn (q, ":");
        if (plen > 0)
          p->params[j] = strndup (q, plen);
        else
          p->params[j] = strdup (p->type->params[j].def);
        q += plen;
      }
      else
        p->params[j] = strdup (p->type->params[j].def);
      if (p->params[j] == NULL) {
        perror ("strdup");
        goto out_free;
      }
    }
    if (*q != '\0') {
      fprintf (stderr, "guestfish: -N %s: too many parameters for "
               "type '%s'\n", spec, p->type->name);
      goto out_free;
    }
  }

  if (fish_parse_size ("guestfish: -N",
                       p->params[param_index (p->type, "size")],
                       &p->size) == -1)
    goto out_free;
  /* Catch a bad LV name now rather than after a launch. */
  for (j = 0; p->type->params[j].name != NULL; ++j)
    if (strcmp (p->type->params[j].name, "name") == 0 &&
        check_lv_name (p->params[j]) == NULL)
      goto out_free;

  /* Existing files are overwritten, as guestfish documents. */
  fd = open (p->filename, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC,
             0666);
  if (fd == -1) {
    fprintf (stderr, "guestfish: -N: open: %s: %m\n", p->filename);
    goto out_free;
  }
  if (ftruncate (fd, p->size) == -1) {
    fprintf (stderr, "guestfish: -N: truncate: %s: %m\n", p->filename);
    close (fd);
    goto out_free;
  }
  if (close (fd) == -1) {
    fprintf (stderr, "guestfish: -N: close: %s: %m\n", p->filename);
    goto out_free;
  }
  return p;

 out_free:
  fish_prep_free (p);
  return NULL;
}

int
fish_prep_build (const struct fish_prep *p, const char *device)
{
  return p->type->build (device, p->params, p->size);
}

static char *
partition_name (const char *device, int n)
{
  char *ret;

  if (asprintf (&ret, "%s%d", device, n) == -1) {
    perror ("asprintf");
    return NULL;
  }
  return ret;
}

static int
build_disk (const char *device, char *const *params, int64_t size)
{
  return 0;
}

/* params: size, partition */
static int
build_part (const char *device, char *const *params, int64_t size)
{
  return guestfs_part_disk (g, device, params[1]);
}

/* Checks that NAME is /dev/VG/LV; returns the '/' before LV, or NULL
 * after printing the error.
 */
static const char *
check_lv_name (const char *name)
{
  const char *p;

  if (strncmp (name, "/dev/", 5) != 0 ||
      (p = strchr (name + 5, '/')) == NULL || p == name + 5 ||
      p[1] == '\0' || strchr (p + 1, '/') != NULL) {
    fprintf (stderr, "guestfish: -N: logical volume name '%s' is not "
             "of the form /dev/VG/LV\n", name);
    return NULL;
  }
  return p;
}

/* Makes a VG and an LV filling it on PV.  NAME is /dev/VG/LV. */
static int
make_lv (const char *pv, const char *name)
{
  CLEANUP_FREE char *vg = NULL, *lv = NULL;
  const char *p = check_lv_name (name);
  char *const pvs[2] = { (char *) pv, NULL };

  if (p == NULL)
    return -1;
  vg = strndup (name + 5, p - (name + 5));
  lv = strdup (p + 1);
  if (vg == NULL || lv == NULL) {
    perror ("strdup");
    return -1;
  }
  if (guestfs_pvcreate (g, pv) == -1 ||
      guestfs_vgcreate (g, vg, pvs) == -1 ||
      guestfs_lvcreate_free (g, lv, vg, 100) == -1)
    return -1;
  return 0;
}

/* params: filesystem, size, partition */
static int
build_fs (const char *device, char *const *params, int64_t size)
{
  CLEANUP_FREE char *part = partition_name (device, 1);

  if (part == NULL ||
      guestfs_part_disk (g, device, params[2]) == -1 ||
      guestfs_mkfs (g, params[0], part) == -1)
    return -1;
  return 0;
}

/* params: name, size, partition */
static int
build_lv (const char *device, char *const *params, int64_t size)
{
  CLEANUP_FREE char *part = partition_name (device, 1);

  if (part == NULL ||
      guestfs_part_disk (g, device, params[2]) == -1 ||
      make_lv (part, params[0]) == -1)
    return -1;
  return 0;
}

/* params: name, filesystem, size, partition */
static int
build_lvfs (const char *device, char *const *params, int64_t size)
{
  CLEANUP_FREE char *part = partition_name (device, 1);

  if (part == NULL ||
      guestfs_part_disk (g, device, params[3]) == -1 ||
      make_lv (part, params[0]) == -1 ||
      guestfs_mkfs (g, params[1], params[0]) == -1)
    return -1;
  return 0;
}

/* Two partitions: boot of BOOTSIZE bytes from sector 64, root from
 * there to 64 sectors before the end (room for a GPT backup header).
 */
static int
make_two_partitions (const char *device, const char *parttype,
                     const char *bootsize_str, int64_t size)
{
  int64_t bootsize, boot_sectors, total_sectors;

  if (fish_parse_size ("guestfish: -N", bootsize_str, &bootsize) == -1)
    return -1;
  boot_sectors = bootsize / 512;
  total_sectors = size / 512;
  if (boot_sectors < 1 || 64 + boot_sectors + 64 + 128 > total_sectors) {
    fprintf (stderr, "guestfish: -N: boot partition of %s does not fit "
             "on a disk of %" PRIi64 " bytes\n", bootsize_str, size);
    return -1;
  }
  if (guestfs_part_init (g, device, parttype) == -1 ||
      guestfs_part_add (g, device, "p", 64, 64 + boot_sectors - 1) == -1 ||
      guestfs_part_add (g, device, "p", 64 + boot_sectors, -64) == -1)
    return -1;
  return 0;
}

/* params: bootfs, rootfs, size, bootsize, partition */
static int
build_bootroot (const char *device, char *const *params, int64_t size)
{
  CLEANUP_FREE char *boot = partition_name (device, 1);
  CLEANUP_FREE char *root = partition_name (device, 2);

  if (boot == NULL || root == NULL ||
      make_two_partitions (device, params[4], params[3], size) == -1 ||
      guestfs_mkfs (g, params[0], boot) == -1 ||
      guestfs_mkfs (g, params[1], root) == -1)
    return -1;
  return 0;
}

/* params: name, bootfs, rootfs, size, bootsize, partition */
static int
build_bootrootlv (const char *device, char *const *params, int64_t size)
{
  CLEANUP_FREE char *boot = partition_name (device, 1);
  CLEANUP_FREE char *root = partition_name (device, 2);

  if (boot == NULL || root == NULL ||
      make_two_partitions (device, params[5], params[4], size) == -1 ||
      make_lv (root, params[0]) == -1 ||
      guestfs_mkfs (g, params[1], boot) == -1 ||
      guestfs_mkfs (g, params[2], params[0]) == -1)
    return -1;
  return 0;
}
