/* careen - offline disk-image toolkit */

/**
 * pvs_full, vgs_full and lvs_full: lvm's reports parsed into the
 * lvm_pv, lvm_vg and lvm_lv structs.  One table per struct names the
 * lvm report field behind each member, so the three share one parser.
 *
 * The report comes from lvm reading guest metadata: every line is
 * checked to have all its fields, numbers are parsed strictly and
 * UUIDs must be 32 characters once their dashes are gone.
 */

#include <config.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* Most rows one report may return: bounds memory on hostile metadata
 * (LVM itself is limited to a few thousand volumes per group).
 */
#define LVM_REPORT_MAX_ROWS 65536

/* Separates fields: no lvm field value (names, tags, attributes)
 * contains a tab.
 */
#define SEP "\t"

enum column_type {
  COL_STRING,           /* char * */
  COL_UUID,             /* char[32], dashes removed */
  COL_INT64,            /* int64_t; empty is 0 */
  COL_UINT64,           /* uint64_t, bytes; empty is 0 */
  COL_PERCENT,          /* float; empty is -1 */
};

struct column {
  const char *field;    /* lvm's name of the report field */
  enum column_type type;
  size_t offset;        /* in the struct */
};

#define PV(f, t) { #f, t, offsetof (struct guestfs_lvm_pv, f) }
static const struct column pv_columns[] = {
  PV (pv_name, COL_STRING),
  PV (pv_uuid, COL_UUID),
  PV (pv_fmt, COL_STRING),
  PV (pv_size, COL_UINT64),
  PV (dev_size, COL_UINT64),
  PV (pv_free, COL_UINT64),
  PV (pv_used, COL_UINT64),
  PV (pv_attr, COL_STRING),
  PV (pv_pe_count, COL_INT64),
  PV (pv_pe_alloc_count, COL_INT64),
  PV (pv_tags, COL_STRING),
  PV (pe_start, COL_UINT64),
  PV (pv_mda_count, COL_INT64),
  PV (pv_mda_free, COL_UINT64),
  { NULL },
};

#define VG(f, t) { #f, t, offsetof (struct guestfs_lvm_vg, f) }
static const struct column vg_columns[] = {
  VG (vg_name, COL_STRING),
  VG (vg_uuid, COL_UUID),
  VG (vg_fmt, COL_STRING),
  VG (vg_attr, COL_STRING),
  VG (vg_size, COL_UINT64),
  VG (vg_free, COL_UINT64),
  VG (vg_sysid, COL_STRING),
  VG (vg_extent_size, COL_UINT64),
  VG (vg_extent_count, COL_INT64),
  VG (vg_free_count, COL_INT64),
  VG (max_lv, COL_INT64),
  VG (max_pv, COL_INT64),
  VG (pv_count, COL_INT64),
  VG (lv_count, COL_INT64),
  VG (snap_count, COL_INT64),
  VG (vg_seqno, COL_INT64),
  VG (vg_tags, COL_STRING),
  VG (vg_mda_count, COL_INT64),
  VG (vg_mda_free, COL_UINT64),
  { NULL },
};

#define LV(f, t) { #f, t, offsetof (struct guestfs_lvm_lv, f) }
static const struct column lv_columns[] = {
  LV (lv_name, COL_STRING),
  LV (lv_uuid, COL_UUID),
  LV (lv_attr, COL_STRING),
  LV (lv_major, COL_INT64),
  LV (lv_minor, COL_INT64),
  LV (lv_kernel_major, COL_INT64),
  LV (lv_kernel_minor, COL_INT64),
  LV (lv_size, COL_UINT64),
  LV (seg_count, COL_INT64),
  LV (origin, COL_STRING),
  LV (snap_percent, COL_PERCENT),
  LV (copy_percent, COL_PERCENT),
  LV (move_pv, COL_STRING),
  LV (lv_tags, COL_STRING),
  LV (mirror_log, COL_STRING),
  LV (modules, COL_STRING),
  { NULL },
};

/* Stores one field's text into the struct at base.  -1 (errno EPROTO)
 * if it does not parse, ENOMEM for strdup.
 */
static int
store (void *base, const struct column *c, const char *text)
{
  char *p = (char *) base + c->offset;
  char *end;

  switch (c->type) {
  case COL_STRING: {
    char *s = strdup (text);
    if (s == NULL)
      return -1;
    memcpy (p, &s, sizeof s);
    return 0;
  }
  case COL_UUID: {
    size_t n = 0;
    for (; *text; ++text) {
      if (*text == '-')
        continue;
      if (n >= 32)
        goto bad;
      p[n++] = *text;
    }
    if (n != 32)
      goto bad;
    return 0;
  }
  case COL_INT64: {
    int64_t v = 0;
    if (*text) {
      errno = 0;
      v = strtoll (text, &end, 10);
      if (errno != 0 || *end != '\0')
        goto bad;
    }
    memcpy (p, &v, sizeof v);
    return 0;
  }
  case COL_UINT64: {
    uint64_t v = 0;
    if (*text) {
      errno = 0;
      v = strtoull (text, &end, 10);
      if (errno != 0 || *end != '\0' || text[0] == '-')
        goto bad;
    }
    memcpy (p, &v, sizeof v);
    return 0;
  }
  case COL_PERCENT: {
    float v = -1;
    if (*text) {
      errno = 0;
      v = strtof (text, &end);
      if (errno != 0 || *end != '\0' || !(v >= 0 && v <= 100))
        goto bad;
    }
    memcpy (p, &v, sizeof v);
    return 0;
  }
  }
 bad:
  errno = EPROTO;
  return -1;
}

/* Sets every string member to "" so that a row abandoned half-way can
 * be freed and a row is never encoded with a NULL string.
 */
static int
init_row (void *base, const struct column *cols)
{
  for (; cols->field != NULL; ++cols) {
    if (cols->type == COL_STRING && store (base, cols, "") == -1)
      return -1;
  }
  return 0;
}

/* Parses one row of the report (tab-separated) into base.  Replies on
 * error.
 */
static int
parse_row (void *base, const struct column *cols, char *line)
{
  const struct column *c;
  char *field = line + strspn (line, " ");

  for (c = cols; c->field != NULL; ++c) {
    char *next = strchr (field, '\t');
    bool last = c[1].field == NULL;
    char *old = NULL;

    if ((next == NULL) != last) {
      reply_with_error ("lvm: report line has the wrong number of fields");
      return -1;
    }
    if (next)
      *next++ = '\0';
    /* store replaces the "" of init_row. */
    if (c->type == COL_STRING)
      memcpy (&old, (char *) base + c->offset, sizeof old);
    if (store (base, c, field) == -1) {
      if (errno == EPROTO)
        reply_with_error_errno (EPROTO, "lvm: unexpected %s: '%s'",
                                c->field, field);
      else
        reply_with_perror ("lvm");
      return -1;
    }
    if (c->type == COL_STRING)
      free (old);
    field = next;
  }
  return 0;
}

/* Runs the report cmd for cols and fills *val_r / *len_r with rows of
 * size elem.  Replies on error; on error the rows filled so far are
 * in *val_r / *len_r for the caller to free.
 */
static int
lvm_report_full (const char *cmd, const struct column *cols, size_t elem,
                 void **val_r, uint32_t *len_r)
{
  CLEANUP_FREE char *fields = NULL, *out = NULL, *err = NULL;
  const char *argv[] = {
    cmd, "--noheadings", "--units", "b", "--nosuffix",
    "--separator", SEP, "-o", NULL, NULL
  };
  const struct column *c;
  char *line, *next;
  size_t len = 0, cap = 0;

  for (c = cols; c->field != NULL; ++c) {
    char *t;
    if (asprintf (&t, "%s%s%s", fields ? fields : "", fields ? "," : "",
                  c->field) == -1) {
      reply_with_perror ("asprintf");
      return -1;
    }
    free (fields);
    fields = t;
  }
  argv[8] = fields;

  /* No physical volume label anywhere: nothing to report, and no need
   * to pay for running lvm.
   */
  if (!lvm_any_physical_volume ())
    return 0;
  lvm_activate_lazily ();
  if (lvm_command (&out, &err, argv) == -1)
    return command_error ("lvm", err);

  for (line = out; line && *line; line = next) {
    char *row;

    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    if (line[strspn (line, " ")] == '\0')
      continue;
    if (*len_r >= LVM_REPORT_MAX_ROWS) {
      reply_with_error_errno (E2BIG, "lvm %s: more than %d rows", cmd,
                              LVM_REPORT_MAX_ROWS);
      return -1;
    }
    if (vector_reserve (val_r, &cap, len, 1, elem) == -1) {
      reply_with_perror ("malloc");
      return -1;
    }
    row = (char *) *val_r + len * elem;
    memset (row, 0, elem);
    *len_r = ++len;
    if (init_row (row, cols) == -1) {
      reply_with_perror ("strdup");
      return -1;
    }
    if (parse_row (row, cols, line) == -1)
      return -1;
  }
  return 0;
}

struct guestfs_lvm_pv_list *
do_pvs_full (void)
{
  struct guestfs_lvm_pv_list *r = calloc (1, sizeof *r);
  void *val = NULL;

  if (r == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  if (lvm_report_full ("pvs", pv_columns, sizeof (struct guestfs_lvm_pv),
                       &val, &r->len) == -1) {
    r->val = val;
    guestfs_free_lvm_pv_list (r);
    return NULL;
  }
  r->val = val;
  return r;
}

struct guestfs_lvm_vg_list *
do_vgs_full (void)
{
  struct guestfs_lvm_vg_list *r = calloc (1, sizeof *r);
  void *val = NULL;

  if (r == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  if (lvm_report_full ("vgs", vg_columns, sizeof (struct guestfs_lvm_vg),
                       &val, &r->len) == -1) {
    r->val = val;
    guestfs_free_lvm_vg_list (r);
    return NULL;
  }
  r->val = val;
  return r;
}

struct guestfs_lvm_lv_list *
do_lvs_full (void)
{
  struct guestfs_lvm_lv_list *r = calloc (1, sizeof *r);
  void *val = NULL;

  if (r == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  if (lvm_report_full ("lvs", lv_columns, sizeof (struct guestfs_lvm_lv),
                       &val, &r->len) == -1) {
    r->val = val;
    guestfs_free_lvm_lv_list (r);
    return NULL;
  }
  r->val = val;
  return r;
}
