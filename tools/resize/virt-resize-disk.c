/** careen - offline disk-image toolkit
 *
 * virt-resize: the partition tables.  Reads the input's layout (type,
 * partitions with their types, names, GUIDs, flags and contents) and,
 * once planned, writes the output's table with the same attributes and
 * copies the boot loader area before the first partition.  Everything
 * here runs in the first launch, with the input read-only as /dev/sda.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "virt-resize.h"

/* Bytes of the MBR before its partition entries: boot code and the
 * disk signature (which fstab PARTUUID= entries on MBR depend on).
 */
#define MBR_BOOT_CODE 446

/* The GPT name part_add (parted mkpart primary) gives a partition. */
#define PARTED_DEFAULT_NAME "primary"

/* First sector after GPT's primary header and entries. */
#define GPT_FIRST_FREE 34

static char *
quiet_string (guestfs_h *g, char *(*fn) (guestfs_h *, const char *),
              const char *dev)
{
  char *r;

  guestfs_push_error_handler (g, NULL, NULL);
  r = fn (g, dev);
  guestfs_pop_error_handler (g);
  if (r && r[0] == '\0') {
    free (r);
    r = NULL;
  }
  return r;
}

/* The value of KEY in a tune2fs -l table, or -1. */
static int64_t
tune2fs_value (char *const *kv, const char *key)
{
  size_t i;

  for (i = 0; kv[i] && kv[i + 1]; i += 2)
    if (strcmp (kv[i], key) == 0)
      return strtoll (kv[i + 1], NULL, 10);
  return -1;
}

/* How many bytes of the partition its content uses, or -1 when not
 * known: shrinking below it would cut the content.
 */
static int64_t
content_size (guestfs_h *g, const struct rz_part *p)
{
  if (p->fstype == NULL)
    return -1;
  if (rz_method_of (p->fstype) == RZ_METHOD_RESIZE2FS) {
    CLEANUP_FREE_STRING_LIST char **kv = NULL;
    int64_t blocks, bsize;

    guestfs_push_error_handler (g, NULL, NULL);
    kv = guestfs_tune2fs_l (g, p->name);
    guestfs_pop_error_handler (g);
    if (kv == NULL)
      return -1;
    blocks = tune2fs_value (kv, "Block count");
    bsize = tune2fs_value (kv, "Block size");
    if (blocks <= 0 || bsize <= 0 || blocks > INT64_MAX / bsize)
      return -1;
    return blocks * bsize;
  }
  if (strcmp (p->fstype, "LVM2_member") == 0) {
    struct guestfs_lvm_pv_list *pvs;
    int64_t r = -1;
    uint32_t i;

    guestfs_push_error_handler (g, NULL, NULL);
    pvs = guestfs_pvs_full (g);
    guestfs_pop_error_handler (g);
    if (pvs == NULL)
      return -1;
    for (i = 0; i < pvs->len; ++i)
      if (strcmp (pvs->val[i].pv_name, p->name) == 0)
        /* pv_size is what the PV covers; its metadata area comes
         * first, which dev_size - pv_size does not tell: keep 1 MiB.
         */
        r = (int64_t) pvs->val[i].pv_size + 1024 * 1024;
    guestfs_free_lvm_pv_list (pvs);
    return r;
  }
  if (strcmp (p->fstype, "swap") == 0)
    return 0;                   /* recreated by mkswap */
  return -1;
}

static int
read_attrs (guestfs_h *g, const char *dev, bool gpt, struct rz_part *p)
{
  if (!gpt) {
    CLEANUP_FREE char *kind = guestfs_part_get_mbr_part_type (g, dev,
                                                              p->num);
    int b;

    if (kind == NULL)
      return -1;
    p->extended = strcmp (kind, "extended") == 0;
    b = guestfs_part_get_bootable (g, dev, p->num);
    if (b == -1)
      return -1;
    p->bootable = b;
    p->mbr_id = guestfs_part_get_mbr_id (g, dev, p->num);
    return p->mbr_id == -1 ? -1 : 0;
  }
  p->gpt_type = guestfs_part_get_gpt_type (g, dev, p->num);
  p->gpt_guid = guestfs_part_get_gpt_guid (g, dev, p->num);
  p->gpt_name = guestfs_part_get_name (g, dev, p->num);
  p->gpt_attrs = guestfs_part_get_gpt_attributes (g, dev, p->num);
  if (p->gpt_type == NULL || p->gpt_guid == NULL || p->gpt_name == NULL ||
      p->gpt_attrs == -1)
    return -1;
  return 0;
}

static int
cmp_start (const void *a, const void *b)
{
  const struct rz_part *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

int
rz_read_input (guestfs_h *g, const char *dev, struct rz_disk *d)
{
  struct guestfs_partition_list *l;
  int64_t logical_end = -1;
  bool gpt;
  uint32_t i;
  int ss;

  ss = guestfs_blockdev_getss (g, dev);
  if (ss == -1)
    return -1;
  if (ss != RZ_SECTOR)
    rz_die ("input disk: sector size %d is not supported (only %d)",
            ss, RZ_SECTOR);
  d->insize = guestfs_blockdev_getsize64 (g, dev);
  if (d->insize == -1)
    return -1;
  guestfs_push_error_handler (g, NULL, NULL);
  d->parttype = guestfs_part_get_parttype (g, dev);
  guestfs_pop_error_handler (g);
  if (d->parttype == NULL)
    rz_die ("input disk: it has no partition table (virt-resize only "
            "resizes partitioned disks)");
  if (strcmp (d->parttype, "msdos") != 0 && strcmp (d->parttype, "gpt") != 0)
    rz_die ("input disk: partition table type '%s' is not supported "
            "(msdos or gpt)", d->parttype);
  gpt = strcmp (d->parttype, "gpt") == 0;
  if (gpt && (d->disk_guid = guestfs_part_get_disk_guid (g, dev)) == NULL)
    return -1;

  l = guestfs_part_list (g, dev);
  if (l == NULL)
    return -1;
  if (l->len == 0 || l->len > RZ_MAX_PARTS) {
    bool none = l->len == 0;

    guestfs_free_partition_list (l);
    rz_die ("input disk: %s partitions", none ? "no" : "too many");
  }
  d->parts = calloc (l->len, sizeof *d->parts);
  if (d->parts == NULL)
    rz_die ("calloc: %m");
  for (i = 0; i < l->len; ++i) {
    const struct guestfs_partition *lp = &l->val[i];
    struct rz_part *p;

    if (!gpt && lp->part_num > 4) {
      /* Logical: copied with its extended partition, never named. */
      if ((int64_t) lp->part_end > logical_end)
        logical_end = lp->part_end;
      continue;
    }
    p = &d->parts[d->nr_parts++];
    p->num = lp->part_num;
    p->start = lp->part_start;
    p->size = lp->part_size;
    p->content_size = -1;
    if (p->start % RZ_SECTOR || p->size % RZ_SECTOR || p->size <= 0)
      rz_die ("input disk: partition %d is not made of whole sectors",
              p->num);
    if (asprintf (&p->name, "%s%d", dev, p->num) == -1)
      rz_die ("asprintf: %m");
    if (read_attrs (g, dev, gpt, p) == -1) {
      guestfs_free_partition_list (l);
      return -1;
    }
  }
  guestfs_free_partition_list (l);
  qsort (d->parts, d->nr_parts, sizeof *d->parts, cmp_start);

  for (i = 0; i < d->nr_parts; ++i) {
    struct rz_part *p = &d->parts[i];

    if (p->extended) {
      p->content_size = logical_end == -1 ? 0 : logical_end + 1 - p->start;
      continue;
    }
    p->fstype = quiet_string (g, guestfs_vfs_type, p->name);
    p->content_size = content_size (g, p);
    if (p->fstype && strcmp (p->fstype, "swap") == 0) {
      p->label = quiet_string (g, guestfs_vfs_label, p->name);
      p->uuid = quiet_string (g, guestfs_vfs_uuid, p->name);
    }
  }
  d->first_start = d->parts[0].start / RZ_SECTOR;
  return 0;
}

int
rz_read_lvs (guestfs_h *g, struct rz_disk *d, const struct rz_opts *o)
{
  CLEANUP_FREE_STRING_LIST char **lvs = NULL;
  size_t i, j;

  if (o->lv_expands.len == 0)
    return 0;
  lvs = guestfs_lvs (g);
  if (lvs == NULL)
    return -1;
  d->lvs = calloc (o->lv_expands.len, sizeof *d->lvs);
  if (d->lvs == NULL)
    rz_die ("calloc: %m");
  for (i = 0; i < o->lv_expands.len; ++i) {
    struct rz_lv *lv = &d->lvs[d->nr_lvs];

    for (j = 0; lvs[j]; ++j)
      if (strcmp (lvs[j], o->lv_expands.ptr[i]) == 0)
        break;
    if (lvs[j] == NULL)
      rz_die ("--LV-expand: logical volume '%s' does not exist in the "
              "input disk", o->lv_expands.ptr[i]);
    lv->name = strdup (o->lv_expands.ptr[i]);
    if (lv->name == NULL)
      rz_die ("strdup: %m");
    lv->fstype = quiet_string (g, guestfs_vfs_type, lv->name);
    lv->method = rz_method_of (lv->fstype);
    if (lv->method == RZ_METHOD_PVRESIZE)
      lv->method = RZ_METHOD_NONE;
    d->nr_lvs++;
  }
  return 0;
}

/* Copies LEN bytes at OFFSET of the input to the same place on the
 * output, in the appliance (the boot loader area is small).
 */
static int
copy_area (guestfs_h *g, const char *in, const char *out, int64_t offset,
           int64_t len)
{
  if (len <= 0)
    return 0;
  return guestfs_copy_device_to_device (g, in, out,
                 GUESTFS_COPY_DEVICE_TO_DEVICE_SRCOFFSET, offset,
                 GUESTFS_COPY_DEVICE_TO_DEVICE_DESTOFFSET, offset,
                 GUESTFS_COPY_DEVICE_TO_DEVICE_SIZE, len,
                 -1);
}

/* The boot code of sector 0 and the sectors between the partition
 * table and the first partition (where GRUB embeds its core image),
 * leaving the new table alone.
 */
static int
copy_boot_loader (guestfs_h *g, const char *in, const char *out,
                  const struct rz_disk *d)
{
  int64_t from = strcmp (d->parttype, "gpt") == 0 ? GPT_FIRST_FREE : 1;
  int64_t to = d->first_start;
  size_t i;

  /* Up to the first partition on either disk, whichever comes first. */
  for (i = 0; i < d->nr_parts; ++i)
    if (d->parts[i].op != RZ_OP_DELETE) {
      if (d->parts[i].out_start < to)
        to = d->parts[i].out_start;
      break;
    }
  if (copy_area (g, in, out, 0, MBR_BOOT_CODE) == -1)
    return -1;
  return copy_area (g, in, out, from * RZ_SECTOR, (to - from) * RZ_SECTOR);
}

static int
set_attrs (guestfs_h *g, const char *out, bool gpt, const struct rz_part *p)
{
  if (gpt) {
    /* Each call rewrites the table (seconds under TCG): the name and
     * attributes that part_add already gave are not set again.
     */
    if (guestfs_part_set_gpt_type (g, out, p->out_num, p->gpt_type) == -1 ||
        guestfs_part_set_gpt_guid (g, out, p->out_num, p->gpt_guid) == -1)
      return -1;
    if (strcmp (p->gpt_name, PARTED_DEFAULT_NAME) != 0 &&
        guestfs_part_set_name (g, out, p->out_num, p->gpt_name) == -1)
      return -1;
    if (p->gpt_attrs != 0 &&
        guestfs_part_set_gpt_attributes (g, out, p->out_num,
                                         p->gpt_attrs) == -1)
      return -1;
    return 0;
  }
  if (!p->extended && p->mbr_id > 0 &&
      guestfs_part_set_mbr_id (g, out, p->out_num, p->mbr_id) == -1)
    return -1;
  if (p->bootable &&
      guestfs_part_set_bootable (g, out, p->out_num, 1) == -1)
    return -1;
  return 0;
}

int
rz_write_table (guestfs_h *g, const char *in, const char *out,
                const struct rz_disk *d, const struct rz_opts *o)
{
  bool gpt = strcmp (d->parttype, "gpt") == 0;
  size_t i;

  if (guestfs_part_init (g, out, d->parttype) == -1)
    return -1;
  for (i = 0; i < d->nr_parts; ++i) {
    const struct rz_part *p = &d->parts[i];
    int64_t end;

    if (p->op == RZ_OP_DELETE)
      continue;
    end = p->out_start + p->new_size / RZ_SECTOR - 1;
    if (guestfs_part_add (g, out, p->extended ? "e" : "p", p->out_start,
                          end) == -1 ||
        set_attrs (g, out, gpt, p) == -1)
      return -1;
  }
  if (d->extra_start > 0 &&
      guestfs_part_add (g, out, "p", d->extra_start, d->extra_end) == -1)
    return -1;
  if (gpt && guestfs_part_set_disk_guid (g, out, d->disk_guid) == -1)
    return -1;
  if (o->copy_boot_loader && copy_boot_loader (g, in, out, d) == -1)
    return -1;
  return 0;
}

void
rz_disk_free (struct rz_disk *d)
{
  size_t i;

  for (i = 0; i < d->nr_parts; ++i) {
    struct rz_part *p = &d->parts[i];

    free (p->name);
    free (p->gpt_type);
    free (p->gpt_guid);
    free (p->gpt_name);
    free (p->fstype);
    free (p->label);
    free (p->uuid);
  }
  free (d->parts);
  for (i = 0; i < d->nr_lvs; ++i) {
    free (d->lvs[i].name);
    free (d->lvs[i].fstype);
  }
  free (d->lvs);
  free (d->parttype);
  free (d->disk_guid);
}
