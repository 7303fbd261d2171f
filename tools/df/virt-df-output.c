/** careen - offline disk-image toolkit
 *
 * virt-df's output: the df(1)-like table (with -h human sizes or -i
 * inodes), CSV, and careen's JSON.  The table and CSV follow
 * libguestfs's virt-df column for column, so scripts that parse it
 * keep working: a 36-column "guest:device" field (a longer one goes on
 * a line of its own), then 10-column numbers and a 5-column percent.
 */

#include <config.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "virt-df.h"

/* Width of the "guest:device" column of the table. */
#define DF_NAME_WIDTH 36

/* The four numbers of a row, in KiB blocks or inodes. */
struct df_numbers {
  int64_t total, used, avail;
  double percent;
  int64_t unit;                 /* bytes per block, for -h */
};

static void
numbers (const struct df_format *f, const struct df_row *r,
         struct df_numbers *n)
{
  if (f->inodes) {
    n->total = r->files;
    n->used = r->files - r->ffree;
    n->avail = r->ffree;
    n->percent = r->files > 0 ? 100. - 100. * r->ffree / r->files : 0;
    n->unit = 1;
  }
  else {
    /* Blocks of bsize bytes, shown in 1K units as df(1) does. */
    int64_t factor = r->bsize / 1024;

    if (f->human) {
      n->total = r->blocks;
      n->used = r->blocks - r->bfree;
      n->avail = r->bavail;
      n->unit = r->bsize;
    }
    else {
      n->total = r->blocks * factor;
      n->used = (r->blocks - r->bfree) * factor;
      n->avail = r->bavail * factor;
      n->unit = 1024;
    }
    n->percent = r->blocks > 0 ? 100. - 100. * r->bfree / r->blocks : 0;
  }
}

static void
format_number (const struct df_format *f, const struct df_numbers *n,
               int64_t v, char *buf, size_t len)
{
  if (f->human && !f->inodes)
    options_human_size (buf, len, (uint64_t) v * (uint64_t) n->unit);
  else
    snprintf (buf, len, "%" PRIi64, v);
}

void
df_print_title (const struct df_format *f)
{
  const char *cols[6];
  size_t i;

  /* Sic: libguestfs's CSV heading has no space here. */
  cols[0] = "VirtualMachine";
  cols[1] = "Filesystem";
  if (f->inodes) {
    cols[2] = "Inodes"; cols[3] = "IUsed"; cols[4] = "IFree";
    cols[5] = "IUse%";
  }
  else {
    cols[2] = f->human ? "Size" : "1K-blocks";
    cols[3] = "Used"; cols[4] = "Available"; cols[5] = "Use%";
  }
  if (!f->csv) {
    printf ("%-*s%10s %10s %10s %5s\n", DF_NAME_WIDTH, cols[1], cols[2],
            cols[3], cols[4], cols[5]);
    return;
  }
  for (i = 0; i < 6; ++i) {
    if (i > 0)
      putchar (',');
    options_csv_field (stdout, cols[i]);
  }
  putchar ('\n');
}

static void
print_row (const struct df_format *f, const char *name,
           const struct df_row *r)
{
  struct df_numbers n;
  char total[OPTIONS_HUMAN_SIZE_LEN], used[OPTIONS_HUMAN_SIZE_LEN];
  char avail[OPTIONS_HUMAN_SIZE_LEN], percent[16];

  numbers (f, r, &n);
  format_number (f, &n, n.total, total, sizeof total);
  format_number (f, &n, n.used, used, sizeof used);
  format_number (f, &n, n.avail, avail, sizeof avail);

  if (f->csv) {
    options_csv_field (stdout, name);
    putchar (',');
    options_csv_field (stdout, r->device);
    /* CSV keeps a decimal and no percent sign, as libguestfs does. */
    snprintf (percent, sizeof percent, "%.1f", n.percent);
    printf (",%s,%s,%s,%s\n", total, used, avail, percent);
    return;
  }
  /* The table rounds up, as df(1) does: a filesystem with one block
   * used is not shown as 0% used.
   */
  snprintf (percent, sizeof percent, "%3.0f%%", ceil (n.percent));
  {
    size_t len = strlen (name) + 1 + strlen (r->device);

    printf ("%s:%s", name, r->device);
    if (len <= DF_NAME_WIDTH)
      printf ("%*s", (int) (DF_NAME_WIDTH - len), "");
    else
      printf ("\n%*s", DF_NAME_WIDTH, "");
  }
  printf ("%10s %10s %10s %5s\n", total, used, avail, percent);
}

void
df_print_guest (const struct df_format *f, const struct df_guest *gu)
{
  size_t i;

  for (i = 0; i < gu->rows.len; ++i)
    print_row (f, gu->name, &gu->rows.ptr[i]);
}

void
df_print_json_start (void)
{
  printf ("[\n");
}

void
df_print_json_guest (const struct df_format *f, const struct df_guest *gu,
                     bool first)
{
  size_t i;

  printf ("%s  {\n    \"guest\": ", first ? "" : ",\n");
  options_json_string (stdout, gu->name);
  if (gu->error) {
    printf (",\n    \"error\": ");
    options_json_string (stdout, gu->error);
    printf ("\n  }");
    return;
  }
  printf (",\n    \"filesystems\": [");
  for (i = 0; i < gu->rows.len; ++i) {
    const struct df_row *r = &gu->rows.ptr[i];
    struct df_numbers n;
    struct df_format plain = *f;

    plain.human = false;
    numbers (&plain, r, &n);
    printf ("%s\n      { \"filesystem\": ", i == 0 ? "" : ",");
    options_json_string (stdout, r->device);
    if (f->inodes)
      printf (", \"inodes\": %" PRIi64 ", \"iused\": %" PRIi64
              ", \"ifree\": %" PRIi64 ", \"iuse_percent\": %.1f }",
              n.total, n.used, n.avail, n.percent);
    else
      printf (", \"size\": %" PRIi64 ", \"used\": %" PRIi64
              ", \"available\": %" PRIi64 ", \"use_percent\": %.1f }",
              r->blocks * r->bsize, (r->blocks - r->bfree) * r->bsize,
              r->bavail * r->bsize, n.percent);
  }
  printf ("%s]\n  }", gu->rows.len > 0 ? "\n    " : "");
}

void
df_print_json_end (void)
{
  printf ("\n]\n");
}
