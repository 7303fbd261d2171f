/** careen - offline disk-image toolkit
 *
 * virt-resize: the plan.  From the input's partitions and the options,
 * decides what becomes of each partition (copied, resized, ignored,
 * deleted), where it starts on the output, how its content grows, and
 * what to do with the surplus (give it to --expand, make an extra
 * partition, or leave it).  Every check that can fail happens here,
 * before anything is written, and a plan that cannot fit says what
 * would.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "options.h"
#include "virt-resize.h"

/* MBR entries hold 32-bit sector numbers. */
#define MBR_MAX_SECTORS (INT64_C (1) << 32)

static int64_t
roundup (int64_t n, int64_t a)
{
  return (n + a - 1) / a * a;
}

/* Sizes as libguestfs's virt-resize prints them: bytes below 1K, then
 * units of 1024 with one decimal.
 */
static const char *
human (char *buf, size_t len, int64_t n)
{
  static const char units[] = "KMGTPE";
  unsigned __int128 unit = 1024, tenths;
  int u = 0;

  if (n < 1024) {
    snprintf (buf, len, "%" PRIi64, n);
    return buf;
  }
  while (u < 5 && (uint64_t) n >= unit * 1024) {
    unit *= 1024;
    u++;
  }
  /* One decimal, cut rather than rounded, as libguestfs shows them. */
  tenths = (unsigned __int128) n * 10 / unit;
  snprintf (buf, len, "%" PRIu64 ".%u%c", (uint64_t) (tenths / 10),
            (unsigned) (tenths % 10), units[u]);
  return buf;
}

/* Parses SPEC of --resize for a partition of CURRENT bytes: SIZE,
 * +SIZE, -SIZE, N%, +N%, -N% (SIZE with an optional b/K/M/G/T/P/E
 * suffix, in powers of 1024).  Exits on a malformed or impossible one.
 */
int64_t
rz_parse_size (const char *spec, int64_t current, const char *part)
{
  int sign = 0;
  const char *s = spec;
  char *end;
  double v, r;

  if (*s == '+' || *s == '-')
    sign = *s++ == '+' ? 1 : -1;
  if (!isdigit ((unsigned char) *s))
    goto bad;
  errno = 0;
  v = strtod (s, &end);
  if (errno || end == s || v < 0)
    goto bad;
  if (strcmp (end, "%") == 0)
    v = current * v / 100.0;
  else if (*end) {
    static const char suffixes[] = "KMGTPE";
    const char *p = NULL;

    if (end[1] != '\0')
      goto bad;
    if (*end != 'b') {
      p = strchr (suffixes, toupper ((unsigned char) *end));
      if (p == NULL || *end == '\0')
        goto bad;
      for (; p >= suffixes; --p)
        v *= 1024;
    }
  }
  r = sign == 0 ? v : current + sign * v;
  if (r <= 0 || r >= 0x1p62)
    rz_die ("%s: --resize %s: the new size would be %s", part, spec,
            r <= 0 ? "zero or less" : "too large");
  return (int64_t) r;

 bad:
  rz_die ("%s: cannot parse --resize size '%s': it must be SIZE, +SIZE, "
          "-SIZE or N%% (SIZE like 10G, 512M, 4096b)", part, spec);
}

/* Finds the input partition the user calls NAME (/dev/sda2, /dev/vda2,
 * /dev/hda2 or /dev/xvda2).  Exits if there is none.
 */
static struct rz_part *
rz_find_part (struct rz_disk *d, const char *name, const char *option)
{
  static const char *const prefixes[] = {
    "/dev/sda", "/dev/vda", "/dev/hda", "/dev/xvda",
  };
  const char *num = NULL;
  char *end;
  long n;
  size_t i;

  for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; ++i)
    if (strncmp (name, prefixes[i], strlen (prefixes[i])) == 0)
      num = name + strlen (prefixes[i]);
  if (num == NULL || !isdigit ((unsigned char) *num))
    rz_die ("%s: '%s' is not a partition of the input disk (like "
            "/dev/sda1)", option, name);
  errno = 0;
  n = strtol (num, &end, 10);
  if (errno || *end)
    rz_die ("%s: '%s' is not a partition of the input disk (like "
            "/dev/sda1)", option, name);
  for (i = 0; i < d->nr_parts; ++i)
    if (d->parts[i].num == n)
      return &d->parts[i];
  if (n > 4 && strcmp (d->parttype, "msdos") == 0)
    rz_die ("%s: %s: logical partitions cannot be changed: they are "
            "copied with their extended partition", option, name);
  rz_die ("%s: partition %s does not exist in the input disk", option,
          name);
}

/* Places the partitions one after the other from the first start,
 * aligned, and numbers them.  Returns the first sector after the last.
 */
static int64_t
layout (struct rz_disk *d, const struct rz_opts *o)
{
  int64_t next = d->first_start;
  int num = 0;
  size_t i;

  if (d->align_first)
    next = roundup (next, o->alignment);
  for (i = 0; i < d->nr_parts; ++i) {
    struct rz_part *p = &d->parts[i];

    if (p->op == RZ_OP_DELETE)
      continue;
    p->out_start = next;
    p->out_num = ++num;
    next = roundup (next + p->new_size / RZ_SECTOR, o->alignment);
  }
  /* The last partition's end, not its aligned successor. */
  for (i = d->nr_parts; i-- > 0; )
    if (d->parts[i].op != RZ_OP_DELETE)
      return d->parts[i].out_start + d->parts[i].new_size / RZ_SECTOR;
  return next;
}

static bool
is_last (const struct rz_disk *d, const struct rz_part *p)
{
  size_t i;

  for (i = p - d->parts + 1; i < d->nr_parts; ++i)
    if (d->parts[i].op != RZ_OP_DELETE)
      return false;
  return true;
}

/* A partition made smaller must hold what is in it. */
static void
check_shrink (const struct rz_part *p, int64_t new_size, const char *why)
{
  char b1[32], b2[32];

  if (new_size >= p->size || p->size_forced || p->op == RZ_OP_IGNORE)
    return;
  if (p->content_size == -1)
    rz_die ("%s: %s would shrink it from %s to %s, but its content "
            "(%s) cannot be checked: shrink it first or use "
            "--resize-force", p->name, why, human (b1, sizeof b1, p->size),
            human (b2, sizeof b2, new_size),
            p->fstype ? p->fstype : "unknown");
  if (p->content_size > new_size)
    rz_die ("%s: %s would shrink it to %s, below its content (%s "
            "uses %" PRIi64 " bytes): the partition must stay at least "
            "%" PRIi64 " bytes; shrink the content first or use "
            "--resize-force", p->name, why,
            human (b1, sizeof b1, new_size),
            p->fstype ? p->fstype : "content", p->content_size,
            roundup (p->content_size, RZ_SECTOR));
}

static void
apply_options (struct rz_disk *d, const struct rz_opts *o)
{
  size_t i;

  for (i = 0; i < d->nr_parts; ++i) {
    d->parts[i].op = RZ_OP_COPY;
    d->parts[i].new_size = d->parts[i].size;
  }
  for (i = 0; i < o->ignores.len; ++i)
    rz_find_part (d, o->ignores.ptr[i], "--ignore")->op = RZ_OP_IGNORE;
  for (i = 0; i < o->deletes.len; ++i) {
    struct rz_part *p = rz_find_part (d, o->deletes.ptr[i], "--delete");

    if (p->op == RZ_OP_IGNORE)
      rz_die ("%s: --ignore and --delete of the same partition", p->name);
    p->op = RZ_OP_DELETE;
  }
  for (i = 0; i < o->resizes.len; ++i) {
    const struct rz_resize *r = &o->resizes.ptr[i];
    struct rz_part *p = rz_find_part (d, r->part, "--resize");
    int64_t n = rz_parse_size (r->spec, p->size, p->name);

    if (p->op == RZ_OP_DELETE)
      rz_die ("%s: --resize of a deleted partition", p->name);
    if (p->op == RZ_OP_RESIZE)
      rz_die ("%s: this partition is resized more than once", p->name);
    if (p->op == RZ_OP_COPY)
      p->op = RZ_OP_RESIZE;
    p->size_forced = r->force;
    p->new_size = roundup (n, RZ_SECTOR);
    check_shrink (p, p->new_size, "--resize");
  }
  if (o->expand) {
    struct rz_part *p = rz_find_part (d, o->expand, "--expand");

    if (p->op == RZ_OP_DELETE || p->op == RZ_OP_RESIZE)
      rz_die ("%s: --expand of a partition that is %s", p->name,
              p->op == RZ_OP_DELETE ? "deleted" : "resized");
  }
  if (o->shrink) {
    struct rz_part *p = rz_find_part (d, o->shrink, "--shrink");

    if (p->op == RZ_OP_DELETE || p->op == RZ_OP_RESIZE)
      rz_die ("%s: --shrink of a partition that is %s", p->name,
              p->op == RZ_OP_DELETE ? "deleted" : "resized");
  }
}

/* Available sectors on the output: GPT keeps its backup at the end. */
static int64_t
output_end (const struct rz_disk *d)
{
  int64_t n = d->outsize / RZ_SECTOR;

  if (strcmp (d->parttype, "gpt") == 0)
    return n - RZ_GPT_TAIL;
  return n < MBR_MAX_SECTORS ? n : MBR_MAX_SECTORS;
}

static void
too_small (const struct rz_disk *d, int64_t end)
{
  int64_t need = end + (strcmp (d->parttype, "gpt") == 0 ? RZ_GPT_TAIL : 0);
  char b1[32], b2[32];

  rz_die ("the output disk is too small: it has %" PRIi64 " bytes (%s) "
          "but the partitions need at least %" PRIi64 " bytes (%s); make "
          "the output bigger, or use --shrink, --resize or --delete",
          d->outsize, human (b1, sizeof b1, d->outsize),
          need * RZ_SECTOR, human (b2, sizeof b2, need * RZ_SECTOR));
}

static void
unknown_content (const struct rz_opts *o, const char *fstype,
                 const char *dev)
{
  if (o->unknown_fs == RZ_UNKNOWN_ERROR)
    rz_die ("unknown/unavailable method for expanding the %s filesystem "
            "on %s", fstype, dev);
  if (o->unknown_fs == RZ_UNKNOWN_WARN)
    rz_warn ("unknown/unavailable method for expanding the %s filesystem "
             "on %s", fstype, dev);
}

static void
choose_methods (struct rz_disk *d, const struct rz_opts *o)
{
  size_t i;

  for (i = 0; i < d->nr_parts; ++i) {
    struct rz_part *p = &d->parts[i];
    enum rz_method m = rz_method_of (p->fstype);

    p->method = RZ_METHOD_NONE;
    if (!o->expand_content || p->extended || p->op == RZ_OP_DELETE ||
        p->op == RZ_OP_IGNORE || p->new_size == p->size)
      continue;
    if (m == RZ_METHOD_MKSWAP || (p->new_size > p->size && m))
      p->method = m;
    else if (p->new_size > p->size && p->fstype)
      unknown_content (o, p->fstype, p->name);
  }
  for (i = 0; i < d->nr_lvs; ++i)
    if (o->expand_content && d->lvs[i].method == RZ_METHOD_NONE &&
        d->lvs[i].fstype)
      unknown_content (o, d->lvs[i].fstype, d->lvs[i].name);
}

void
rz_plan (struct rz_disk *d, const struct rz_opts *o)
{
  int64_t avail = output_end (d), end, surplus;
  bool gpt = strcmp (d->parttype, "gpt") == 0;
  struct rz_part *first;
  size_t i, nparts = 0;

  apply_options (d, o);
  first = &d->parts[0];
  switch (o->align_first) {
  case RZ_ALIGN_NEVER: d->align_first = false; break;
  case RZ_ALIGN_ALWAYS: d->align_first = true; break;
  case RZ_ALIGN_AUTO:
    /* Only a bootable NTFS first partition: moving it is safe because
     * its boot sector's hidden-sectors field is fixed afterwards.
     */
    d->align_first = first->op != RZ_OP_DELETE && first->bootable &&
      first->fstype && strcmp (first->fstype, "ntfs") == 0;
    break;
  }
  if (d->first_start % o->alignment == 0)
    d->align_first = false;
  if (d->align_first && first->op != RZ_OP_IGNORE &&
      rz_method_of (first->fstype) != RZ_METHOD_NTFSRESIZE &&
      !o->quiet)
    rz_warn ("%s: the first partition is moved to align it: the boot "
             "loader may need to be reinstalled", first->name);

  end = layout (d, o);
  surplus = avail - end;
  if (surplus < 0 && o->shrink) {
    struct rz_part *p = rz_find_part (d, o->shrink, "--shrink");
    int64_t cut = is_last (d, p) ? -surplus
      : roundup (-surplus, o->alignment);

    if (cut * RZ_SECTOR >= p->new_size)
      too_small (d, end);
    p->new_size -= cut * RZ_SECTOR;
    if (p->op == RZ_OP_COPY)
      p->op = RZ_OP_RESIZE;
    check_shrink (p, p->new_size, "--shrink");
    end = layout (d, o);
    surplus = avail - end;
  }
  if (surplus < 0)
    too_small (d, end);

  for (i = 0; i < d->nr_parts; ++i)
    if (d->parts[i].op != RZ_OP_DELETE)
      nparts++;
  /* libguestfs's virt-resize holds back, at the end of the disk, room
   * for the space before the first partition, one alignment unit per
   * partition and one more (GPT's backup table fits in it); the same
   * is held back from the surplus here, so that the same command lays
   * out the same partitions with both tools.
   */
  if (surplus > 0) {
    int64_t limit = d->outsize / RZ_SECTOR - d->first_start -
      (int64_t) (nparts + 1) * o->alignment;

    if (limit > avail)
      limit = avail;
    surplus = limit > end ? limit - end : 0;
  }

  if (o->expand) {
    struct rz_part *p = rz_find_part (d, o->expand, "--expand");
    int64_t add = is_last (d, p) ? surplus
      : surplus / o->alignment * o->alignment;

    if (add <= 0)
      rz_die ("%s: --expand: there is no surplus space to expand into "
              "(the output must be bigger than %" PRIi64 " bytes)",
              p->name, (end + d->first_start +
                        (int64_t) (nparts + 1) * o->alignment) * RZ_SECTOR);
    p->new_size += add * RZ_SECTOR;
    if (p->op == RZ_OP_COPY)
      p->op = RZ_OP_RESIZE;
    end = layout (d, o);
    surplus -= add;
  }
  d->surplus = surplus * RZ_SECTOR;

  d->extra_start = d->extra_end = 0;
  if (o->extra_partition && !o->expand &&
      d->surplus >= RZ_MIN_EXTRA_PARTITION &&
      nparts < (gpt ? RZ_MAX_PARTS : 4)) {
    int64_t s = roundup (end, o->alignment);

    if ((avail - s) * RZ_SECTOR >= RZ_MIN_EXTRA_PARTITION) {
      d->extra_start = s;
      d->extra_end = avail - 1;
      d->extra_num = (int) nparts + 1;
    }
  }
  choose_methods (d, o);
}

static void
print_part (const struct rz_part *p)
{
  char b1[32], b2[32];

  printf ("%s: %s: ", PROGRAM, p->name);
  switch (p->op) {
  case RZ_OP_DELETE:
    printf ("This partition will be deleted.\n\n");
    return;
  case RZ_OP_IGNORE:
    printf ("This partition will be created, but the contents will be "
            "ignored (ie. not copied to the target).\n\n");
    return;
  case RZ_OP_COPY:
    if (p->extended)
      printf ("This extended partition will be copied as a whole, with "
              "its logical partitions.\n\n");
    else
      printf ("This partition will be left alone.\n\n");
    return;
  case RZ_OP_RESIZE:
    break;
  }
  printf ("This partition will be resized from %s to %s.",
          human (b1, sizeof b1, p->size), human (b2, sizeof b2, p->new_size));
  if (p->extended)
    printf ("  Its logical partitions will be copied unchanged.");
  else if (p->method == RZ_METHOD_MKSWAP)
    printf ("  The swap space on %s will be recreated keeping its label "
            "and UUID.", p->name);
  else if (p->method == RZ_METHOD_PVRESIZE)
    printf ("  The LVM PV on %s will be expanded using the '%s' method.",
            p->name, rz_method_name (p->method));
  else if (p->method != RZ_METHOD_NONE)
    printf ("  The filesystem %s on %s will be expanded using the '%s' "
            "method.", p->fstype, p->name, rz_method_name (p->method));
  printf ("\n\n");
}

void
rz_print_summary (const struct rz_disk *d, const struct rz_opts *o)
{
  char b[32];
  size_t i;

  if (o->quiet)
    return;
  printf ("**********\n\nSummary of changes:\n\n");
  if (d->align_first)
    printf ("%s: %s: The first partition will be moved to sector %" PRIi64
            " to align it.\n\n", PROGRAM, d->parts[0].name,
            d->parts[0].out_start);
  for (i = 0; i < d->nr_parts; ++i)
    print_part (&d->parts[i]);
  for (i = 0; i < d->nr_lvs; ++i) {
    const struct rz_lv *lv = &d->lvs[i];

    printf ("%s: %s: This logical volume will be expanded to maximum "
            "size.", PROGRAM, lv->name);
    if (lv->method != RZ_METHOD_NONE && o->expand_content)
      printf ("  The filesystem %s on %s will be expanded using the '%s' "
              "method.", lv->fstype, lv->name, rz_method_name (lv->method));
    printf ("\n\n");
  }
  if (d->surplus > 0) {
    printf ("%s: There is a surplus of %s.", PROGRAM,
            human (b, sizeof b, d->surplus));
    if (d->extra_start > 0)
      printf ("  An extra partition will be created for the surplus.");
    else
      printf ("  The surplus space is not being used.  You could use "
              "--expand, or make an extra partition.");
    printf ("\n\n");
  }
  printf ("**********\n");
  fflush (stdout);
}
