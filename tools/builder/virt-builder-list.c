/** careen - offline disk-image toolkit
 *
 * virt-builder --list (short, long and json formats) and --notes.  The
 * output is byte for byte libguestfs's for the same index, so scripts
 * that read it keep working: sources and templates in index order,
 * hidden templates only in json, the notes of the user's language.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "xalloc.h"
#include "virt-builder.h"

/* The notes for the user's language: notes[ll_CC], notes[ll], then
 * notes, from $LC_ALL, $LC_MESSAGES or $LANG ("fr_FR.UTF-8").
 */
static const char *
notes_for_locale (const struct index_entry *e)
{
  const char *lang = getenv ("LC_ALL");
  char full[64], shortl[64];
  size_t i;

  if (lang == NULL || *lang == '\0')
    lang = getenv ("LC_MESSAGES");
  if (lang == NULL || *lang == '\0')
    lang = getenv ("LANG");
  if (lang == NULL)
    lang = "";
  snprintf (full, sizeof full, "%.*s", (int) strcspn (lang, ".@"), lang);
  snprintf (shortl, sizeof shortl, "%.*s", (int) strcspn (full, "_"), full);
  if (strcmp (full, "C") == 0 || strcmp (full, "POSIX") == 0)
    full[0] = shortl[0] = '\0';
  for (i = 0; i < e->nr_notes; ++i)
    if (full[0] && strcmp (e->notes[i].lang, full) == 0)
      return e->notes[i].text;
  for (i = 0; i < e->nr_notes; ++i)
    if (shortl[0] && strcmp (e->notes[i].lang, shortl) == 0)
      return e->notes[i].text;
  for (i = 0; i < e->nr_notes; ++i)
    if (e->notes[i].lang[0] == '\0')
      return e->notes[i].text;
  return NULL;
}

/* With an os-version on the command line, only its template is
 * listed, and no source.
 */
static bool
selected (const struct index_entry *e, const struct index_entry *only)
{
  return only == NULL || e == only;
}

static void
list_short (FILE *fp, const struct vb_source *s, size_t n, const struct index_entry *only)
{
  size_t i, j;

  for (i = 0; i < n; ++i)
    for (j = 0; j < s[i].nr_entries; ++j) {
      const struct index_entry *e = &s[i].entries[j];

      if (e->hidden || !selected (e, only))
        continue;
      fprintf (fp, "%-24s %-10s", e->os_version, e->arch);
      if (e->name)
        fprintf (fp, " %s", e->name);
      fputc ('\n', fp);
    }
}

/* What names a source's key: the key file of its .conf, else the
 * fingerprint it is checked against ("" when it is not checked).
 */
static const char *
shown_fingerprint (const struct vb_source *s)
{
  return s->fingerprint ? s->fingerprint : "";
}

static void
list_long (FILE *fp, const struct vb_source *s, size_t n, const struct index_entry *only)
{
  size_t i, j, k;

  for (i = 0; only == NULL && i < n; ++i)
    fprintf (fp, "Source URI: %s\n%s: %s\n\n", s[i].uri,
             s[i].gpgkey ? "Key" : "Fingerprint",
             s[i].gpgkey ? s[i].gpgkey : shown_fingerprint (&s[i]));
  for (i = 0; i < n; ++i)
    for (j = 0; j < s[i].nr_entries; ++j) {
      const struct index_entry *e = &s[i].entries[j];
      const char *notes;
      CLEANUP_FREE char *size = NULL;

      if (e->hidden || !selected (e, only))
        continue;
      fprintf (fp, "%-24s %s\n", "os-version:", e->os_version);
      if (e->name)
        fprintf (fp, "%-24s %s\n", "Full name:", e->name);
      fprintf (fp, "%-24s %s\n", "Architecture:", e->arch);
      size = vb_human_size (e->size);
      fprintf (fp, "%-24s %s\n", "Minimum/default size:", size);
      if (e->compressed_size >= 0) {
        CLEANUP_FREE char *csize = vb_human_size (e->compressed_size);

        fprintf (fp, "%-24s %s\n", "Download size:", csize);
      }
      if (e->aliases[0]) {
        fprintf (fp, "%-24s", "Aliases:");
        for (k = 0; e->aliases[k]; ++k)
          fprintf (fp, " %s", e->aliases[k]);
        fputc ('\n', fp);
      }
      notes = notes_for_locale (e);
      if (notes)
        fprintf (fp, "\nNotes:\n\n%s\n", notes);
      fputc ('\n', fp);
    }
}

static void
json_string (FILE *fp, const char *str)
{
  const unsigned char *p = (const unsigned char *) str;

  fputc ('"', fp);
  for (; *p; ++p)
    switch (*p) {
    case '"': fputs ("\\\"", fp); break;
    case '\\': fputs ("\\\\", fp); break;
    case '\b': fputs ("\\b", fp); break;
    case '\f': fputs ("\\f", fp); break;
    case '\n': fputs ("\\n", fp); break;
    case '\r': fputs ("\\r", fp); break;
    case '\t': fputs ("\\t", fp); break;
    default:
      if (*p < 0x20)
        fprintf (fp, "\\u%04x", *p);
      else
        fputc (*p, fp);
    }
  fputc ('"', fp);
}

static void
json_entry (FILE *fp, const struct index_entry *e)
{
  size_t k;

  fputs ("    {\n      \"os-version\": ", fp);
  json_string (fp, e->os_version);
  if (e->name) {
    fputs (",\n      \"full-name\": ", fp);
    json_string (fp, e->name);
  }
  fputs (",\n      \"arch\": ", fp);
  json_string (fp, e->arch);
  fprintf (fp, ",\n      \"size\": %" PRIu64, e->size);
  /* A string, as libguestfs writes it. */
  if (e->compressed_size >= 0)
    fprintf (fp, ",\n      \"compressed-size\": \"%" PRId64 "\"",
             e->compressed_size);
  if (e->nr_notes > 0) {
    fputs (",\n      \"notes\": {\n", fp);
    for (k = 0; k < e->nr_notes; ++k) {
      fputs ("        ", fp);
      json_string (fp, e->notes[k].lang[0] ? e->notes[k].lang : "C");
      fputs (": ", fp);
      json_string (fp, e->notes[k].text);
      fputs (k + 1 < e->nr_notes ? ",\n" : "\n", fp);
    }
    fputs ("      }", fp);
  }
  if (e->aliases[0]) {
    fputs (",\n      \"aliases\": [\n", fp);
    for (k = 0; e->aliases[k]; ++k) {
      fputs ("        ", fp);
      json_string (fp, e->aliases[k]);
      fputs (e->aliases[k + 1] ? ",\n" : "\n", fp);
    }
    fputs ("      ]", fp);
  }
  if (e->osinfo) {
    fputs (",\n      \"osinfo\": ", fp);
    json_string (fp, e->osinfo);
  }
  fprintf (fp, ",\n      \"hidden\": %s\n    }", e->hidden ? "true" : "false");
}

static void
list_json (FILE *fp, const struct vb_source *s, size_t n, const struct index_entry *only)
{
  size_t i, j;
  bool first = true;

  fputs ("{\n  \"version\": 1,\n  \"sources\": [\n", fp);
  for (i = 0; only == NULL && i < n; ++i) {
    fputs (s[i].gpgkey ? "    {\n      \"key\": "
           : "    {\n      \"fingerprint\": ", fp);
    json_string (fp, s[i].gpgkey ? s[i].gpgkey : shown_fingerprint (&s[i]));
    fputs (",\n      \"uri\": ", fp);
    json_string (fp, s[i].uri);
    fputs (i + 1 < n ? "\n    },\n" : "\n    }\n", fp);
  }
  fputs ("  ],\n  \"templates\": [\n", fp);
  for (i = 0; i < n; ++i)
    for (j = 0; j < s[i].nr_entries; ++j) {
      if (!selected (&s[i].entries[j], only))
        continue;
      if (!first)
        fputs (",\n", fp);
      first = false;
      json_entry (fp, &s[i].entries[j]);
    }
  fputs (first ? "  ]\n}\n" : "\n  ]\n}\n", fp);
}

int
vb_list (FILE *fp, const char *format, const struct vb_source *s, size_t n,
         const struct index_entry *only)
{
  if (strcmp (format, "short") == 0)
    list_short (fp, s, n, only);
  else if (strcmp (format, "long") == 0)
    list_long (fp, s, n, only);
  else if (strcmp (format, "json") == 0)
    list_json (fp, s, n, only);
  else {
    vb_error ("--list-format: '%s': expected short, long or json", format);
    return -1;
  }
  return 0;
}

int
vb_notes (FILE *fp, const struct index_entry *e)
{
  const char *notes = notes_for_locale (e);

  if (notes == NULL)
    fprintf (fp, "There are no notes for %s\n", e->os_version);
  else
    fprintf (fp, "%s\n", notes);
  return 0;
}
