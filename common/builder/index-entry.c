/** careen - offline disk-image toolkit
 *
 * From parsed index sections to typed templates (index.h): the fields
 * virt-builder needs are checked here once, so --list, --notes and the
 * build never meet a template without a file, an arch or a size.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "stringsbuf.h"
#include "xalloc.h"

static void entry_error (char **error, const char *filename,
                         const struct index_section *s, const char *fs, ...)
  __attribute__ ((format (printf, 4, 5)));

static void
entry_error (char **error, const char *filename,
             const struct index_section *s, const char *fs, ...)
{
  va_list args;
  char *msg;

  va_start (args, fs);
  if (vasprintf (&msg, fs, args) == -1)
    die_nomem ();
  va_end (args);
  if (asprintf (error, "%s:%zu: [%s]: %s", filename, s->line, s->name,
                msg) == -1)
    die_nomem ();
  free (msg);
}

static const char *
field (const struct index_section *s, const char *key)
{
  const struct index_field *f = index_section_field (s, key, NULL);

  return f ? f->value : NULL;
}

/* Decimal digits only: "1e3", "-1", " 5" and "0x10" are corrupt. */
static int
parse_u64 (const char *v, uint64_t *r)
{
  uint64_t n = 0;

  if (*v == '\0')
    return -1;
  for (; *v; ++v) {
    if (*v < '0' || *v > '9')
      return -1;
    if (__builtin_mul_overflow (n, 10, &n) ||
        __builtin_add_overflow (n, (uint64_t) (*v - '0'), &n))
      return -1;
  }
  *r = n;
  return 0;
}

static int
fill_entry (const char *filename, const struct index_section *s,
            struct index_entry *e, char **error)
{
  const char *v;
  uint64_t n;
  size_t i;
  struct stringsbuf aliases;

  e->section = s;
  e->os_version = s->name;
  e->name = field (s, "name");
  e->osinfo = field (s, "osinfo");
  e->file = field (s, "file");
  e->arch = field (s, "arch");
  e->signature_uri = field (s, "sig");
  e->checksum_sha512 = NULL;
  e->format = field (s, "format");
  e->expand = field (s, "expand");
  e->lvexpand = field (s, "lvexpand");
  e->compressed_size = -1;
  e->revision = 1;
  e->hidden = 0;

  if (e->file == NULL) {
    entry_error (error, filename, s, "no 'file' field");
    return -1;
  }
  if (e->arch == NULL) {
    entry_error (error, filename, s, "no 'arch' field");
    return -1;
  }
  v = field (s, "size");
  if (v == NULL) {
    entry_error (error, filename, s, "no 'size' field");
    return -1;
  }
  if (parse_u64 (v, &e->size) == -1) {
    entry_error (error, filename, s, "cannot parse 'size' field '%s'", v);
    return -1;
  }
  v = field (s, "compressed_size");
  if (v != NULL) {
    if (parse_u64 (v, &n) == -1 || n > INT64_MAX) {
      entry_error (error, filename, s,
                   "cannot parse 'compressed_size' field '%s'", v);
      return -1;
    }
    e->compressed_size = n;
  }
  v = field (s, "revision");
  if (v != NULL) {
    if (parse_u64 (v, &n) == -1 || n > INT32_MAX) {
      entry_error (error, filename, s, "cannot parse 'revision' field '%s'",
                   v);
      return -1;
    }
    e->revision = n;
  }
  v = field (s, "hidden");
  if (v != NULL) {
    if (strcmp (v, "true") == 0)
      e->hidden = 1;
    else if (strcmp (v, "false") != 0) {
      entry_error (error, filename, s,
                   "'hidden' field must be true or false, not '%s'", v);
      return -1;
    }
  }

  /* checksum[sha512]=, or the plain checksum= of old indexes, which
   * was always SHA-512.
   */
  for (i = 0; i < s->nr_fields; ++i) {
    const struct index_field *f = &s->fields[i];

    if (strcmp (f->key, "checksum") != 0)
      continue;
    if (f->subkey == NULL || strcmp (f->subkey, "sha512") == 0)
      e->checksum_sha512 = f->value;
  }

  e->nr_notes = 0;
  e->notes = NULL;
  for (i = 0; i < s->nr_fields; ++i)
    if (strcmp (s->fields[i].key, "notes") == 0)
      e->nr_notes++;
  if (e->nr_notes > 0) {
    size_t j = 0;

    e->notes = xmalloc (e->nr_notes * sizeof *e->notes);
    for (i = 0; i < s->nr_fields; ++i)
      if (strcmp (s->fields[i].key, "notes") == 0) {
        e->notes[j].lang = s->fields[i].subkey ? s->fields[i].subkey : "";
        e->notes[j].text = s->fields[i].value;
        j++;
      }
  }

  stringsbuf_init (&aliases);
  v = field (s, "aliases");
  while (v && *v) {
    size_t len;

    v += strspn (v, " \t\n");
    len = strcspn (v, " \t\n");
    if (len == 0)
      break;
    if (stringsbuf_add_string_nodup (&aliases, xstrndup (v, len)) == -1)
      die_nomem ();
    v += len;
  }
  e->aliases = stringsbuf_finish (&aliases);
  if (e->aliases == NULL)
    die_nomem ();
  return 0;
}

void
index_entries_free (struct index_entry *entries, size_t nr)
{
  size_t i;

  for (i = 0; i < nr; ++i) {
    free (entries[i].notes);
    strings_free (entries[i].aliases);
  }
  free (entries);
}

int
index_entries (const char *filename, const struct index *idx,
               struct index_entry **entries, size_t *nr, char **error)
{
  struct index_entry *e;
  size_t i;

  *entries = NULL;
  *nr = 0;
  *error = NULL;
  e = xmalloc ((idx->nr_sections ? idx->nr_sections : 1) * sizeof *e);
  for (i = 0; i < idx->nr_sections; ++i)
    if (fill_entry (filename, &idx->sections[i], &e[i], error) == -1) {
      index_entries_free (e, i);
      return -1;
    }
  *entries = e;
  *nr = idx->nr_sections;
  return 0;
}
