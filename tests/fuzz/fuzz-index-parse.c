/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the virt-builder index parser
 * (common/builder): an index comes from a web server, and virt-builder
 * parses it before it knows whether a signature vouches for it (with
 * --no-check-signature, never).  The parser's promises are checked:
 * an error or a result, never both; every section and field string
 * NUL-terminated where the lengths say; no duplicate field; and the
 * typed entries only from an accepted index.
 */

#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Reading every byte the parser promises, so ASan checks the lengths. */
static volatile size_t sink;

static void
check_section (const struct index_section *s)
{
  size_t i;

  if (s->name[0] == '\0' || s->line == 0)
    abort ();
  for (i = 0; i < s->nr_fields; ++i) {
    const struct index_field *f = &s->fields[i];

    sink += strlen (f->key) + strlen (f->value) +
      (f->subkey ? strlen (f->subkey) : 0);
    if (f->key[0] == '\0' || (f->subkey && f->subkey[0] == '\0'))
      abort ();
    if (index_section_field (s, f->key, f->subkey) == NULL)
      abort ();
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct index idx;
  struct index_entry *e;
  char *error;
  size_t i, nr;

  if (index_parse ("fuzz", (const char *) data, size, &idx, &error) == -1) {
    if (error == NULL || strncmp (error, "fuzz:", 5) != 0 ||
        idx.sections != NULL || idx.nr_sections != 0)
      abort ();
    free (error);
    return 0;
  }
  if (error != NULL)
    abort ();
  for (i = 0; i < idx.nr_sections; ++i)
    check_section (&idx.sections[i]);

  if (index_entries ("fuzz", &idx, &e, &nr, &error) == 0) {
    if (error != NULL || nr != idx.nr_sections)
      abort ();
    for (i = 0; i < nr; ++i) {
      size_t j;

      sink += strlen (e[i].file) + strlen (e[i].arch);
      for (j = 0; e[i].aliases[j]; ++j)
        sink += strlen (e[i].aliases[j]);
      for (j = 0; j < e[i].nr_notes; ++j)
        sink += strlen (e[i].notes[j].text) + strlen (e[i].notes[j].lang);
    }
    index_entries_free (e, nr);
  }
  else {
    if (error == NULL || e != NULL)
      abort ();
    free (error);
  }
  index_release (&idx);
  return 0;
}
