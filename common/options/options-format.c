/** careen - offline disk-image toolkit
 *
 * Output helpers shared by the virt-* tools: CSV fields quoted the way
 * libguestfs's tools quote them, human-readable sizes (-h) in the style
 * of df(1), and JSON strings.  Guest strings (labels, file names) go
 * through these, so every byte is escaped rather than trusted.
 */

#include <config.h>

#include <inttypes.h>
#include <stdbool.h>
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

/* Length of the UTF-8 sequence at S (at most LEN bytes), or 0 when it
 * is not a valid one (overlong forms and surrogates included).
 */
static size_t
utf8_length (const unsigned char *s, size_t len)
{
  size_t n, i;
  unsigned long cp;

  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xc2 && s[0] <= 0xdf)
    n = 2, cp = s[0] & 0x1f;
  else if (s[0] >= 0xe0 && s[0] <= 0xef)
    n = 3, cp = s[0] & 0x0f;
  else if (s[0] >= 0xf0 && s[0] <= 0xf4)
    n = 4, cp = s[0] & 0x07;
  else
    return 0;
  if (n > len)
    return 0;
  for (i = 1; i < n; ++i) {
    if ((s[i] & 0xc0) != 0x80)
      return 0;
    cp = cp << 6 | (s[i] & 0x3f);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
      cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

void
options_json_bytes (FILE *fp, const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *) s;
  size_t i = 0, n;

  fputc ('"', fp);
  while (i < len) {
    switch (p[i]) {
    case '"': fputs ("\\\"", fp); break;
    case '\\': fputs ("\\\\", fp); break;
    case '\n': fputs ("\\n", fp); break;
    case '\r': fputs ("\\r", fp); break;
    case '\t': fputs ("\\t", fp); break;
    default:
      if (p[i] < 0x20 || p[i] == 0x7f) {
        fprintf (fp, "\\u%04x", p[i]);
        break;
      }
      n = utf8_length (&p[i], len - i);
      if (n == 0) {
        /* Not UTF-8: the byte as the Latin-1 character of its value,
         * so the line stays valid JSON.
         */
        fprintf (fp, "\\u%04x", p[i]);
        break;
      }
      fwrite (&p[i], 1, n, fp);
      i += n;
      continue;
    }
    i++;
  }
  fputc ('"', fp);
}

void
options_json_string (FILE *fp, const char *s)
{
  options_json_bytes (fp, s, strlen (s));
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
