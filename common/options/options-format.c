/** careen - offline disk-image toolkit
 *
 * Output helpers shared by the virt-* tools: CSV fields quoted the way
 * libguestfs's tools quote them, human-readable sizes (-h) in the style
 * of df(1), and JSON strings.  Guest strings (labels, file names) go
 * through these, so every byte is escaped rather than trusted.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "options.h"

/* The characters that make libguestfs's tools quote a field: the
 * separator, the quote, a newline and a space.  Scripts written
 * against them expect "/dir/a b" quoted and a bare carriage return,
 * so careen quotes exactly the same fields.
 */
static int
csv_needs_quoting (const char *s)
{
  return strpbrk (s, " ,\"\n") != NULL;
}

void
options_csv_field (FILE *fp, const char *s)
{
  const char *p;

  if (!csv_needs_quoting (s)) {
    fputs (s, fp);
    return;
  }
  fputc ('"', fp);
  for (p = s; *p; ++p) {
    if (*p == '"')
      fputc ('"', fp);          /* a quote is written twice */
    fputc (*p, fp);
  }
  fputc ('"', fp);
}

void
options_json_string (FILE *fp, const char *s)
{
  const unsigned char *p;

  fputc ('"', fp);
  for (p = (const unsigned char *) s; *p; ++p) {
    switch (*p) {
    case '"': fputs ("\\\"", fp); break;
    case '\\': fputs ("\\\\", fp); break;
    case '\n': fputs ("\\n", fp); break;
    case '\r': fputs ("\\r", fp); break;
    case '\t': fputs ("\\t", fp); break;
    default:
      if (*p < 0x20 || *p == 0x7f)
        fprintf (fp, "\\u%04x", *p);
      else
        fputc (*p, fp);
    }
  }
  fputc ('"', fp);
}

/* Sizes scale by 1024 with the df(1) suffixes, rounded to the nearest
 * as libguestfs's tools do; below 10 units one decimal is shown.
 */
char *
options_human_size (char *buf, size_t len, uint64_t bytes)
{
  static const char suffixes[] = "KMGTPEZY";
  unsigned __int128 v = bytes, unit = 1024, tenths, whole;
  size_t i = 0;

  if (bytes < 1024) {
    snprintf (buf, len, "%" PRIu64, bytes);
    return buf;
  }
  /* The unit: the largest power of 1024 not above the value. */
  while (i + 2 < sizeof suffixes && v >= unit * 1024) {
    unit *= 1024;
    i++;
  }
  tenths = (v * 10 + unit / 2) / unit;
  if (tenths < 100) {
    snprintf (buf, len, "%u.%u%c", (unsigned) (tenths / 10),
              (unsigned) (tenths % 10), suffixes[i]);
    return buf;
  }
  whole = (v + unit / 2) / unit;
  /* 1023.6M rounds to 1024M, which is 1.0G. */
  if (whole >= 1024 && i + 2 < sizeof suffixes) {
    snprintf (buf, len, "1.0%c", suffixes[i + 1]);
    return buf;
  }
  snprintf (buf, len, "%" PRIu64 "%c", (uint64_t) whole, suffixes[i]);
  return buf;
}
