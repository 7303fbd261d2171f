/* careen - offline disk-image toolkit
 * virt-builder-repository's index writer: the exact text it writes
 * (continuation lines, an empty line inside a value, subkeys), that
 * common/builder's parser reads the same fields back, and that an id,
 * key or value the index cannot hold makes it write nothing.
 */

#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "repository.h"

static int failures;

static void __attribute__ ((format (printf, 1, 2)))
fail (const char *fs, ...)
{
  va_list args;

  fputs ("FAIL: ", stderr);
  va_start (args, fs);
  vfprintf (stderr, fs, args);
  va_end (args);
  fputc ('\n', stderr);
  failures++;
}

/* Writes V; returns what was written (caller frees), or NULL when
 * index_write failed.
 */
static char *
write_all (const struct repo_template_vector *v)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);
  int r;

  if (fp == NULL) {
    perror ("open_memstream");
    exit (EXIT_FAILURE);
  }
  r = index_write (fp, "t", v);
  fclose (fp);
  if (r == -1) {
    if (len != 0)
      fail ("index_write failed after writing %zu bytes", len);
    free (buf);
    return NULL;
  }
  return buf;
}

static void
add (struct repo_template_vector *v, const char *id)
{
  struct repo_template t = { NULL, VECTOR_INIT };

  t.id = strdup (id);
  if (t.id == NULL || repo_template_vector_append (v, t) == -1) {
    perror ("add");
    exit (EXIT_FAILURE);
  }
}

static const char expected[] =
  "[fedora-40]\n"
  "name=Fedora® 40\n"
  "arch=x86_64\n"
  "file=fedora-40.xz\n"
  "checksum[sha512]=ab12\n"
  "notes=first line\n"
  " \n"
  "  indented after an empty line\n"
  "notes[fr]=note\n"
  "\n"
  "[debian-12]\n"
  "arch=aarch64\n"
  "size=42\n";

static void
test_round_trip (void)
{
  struct repo_template_vector v = VECTOR_INIT;
  struct index idx;
  const struct index_field *f;
  char *text, *error = NULL;

  add (&v, "fedora-40");
  template_set (&v.ptr[0], "name", NULL, "Fedora® 40");
  template_set (&v.ptr[0], "arch", NULL, "i686");
  template_set (&v.ptr[0], "file", NULL, "fedora-40.xz");
  template_set (&v.ptr[0], "checksum", "sha512", "ab12");
  template_set (&v.ptr[0], "notes", NULL,
                "first line\n\n indented after an empty line");
  template_set (&v.ptr[0], "notes", "fr", "note");
  template_set (&v.ptr[0], "sig", NULL, "x.sig");
  /* In place, and removed. */
  template_set (&v.ptr[0], "arch", NULL, "x86_64");
  template_set (&v.ptr[0], "sig", NULL, NULL);
  add (&v, "debian-12");
  template_set (&v.ptr[1], "arch", NULL, "aarch64");
  template_set_int (&v.ptr[1], "size", 42);

  if (strcmp (template_get (&v.ptr[0], "checksum", "sha512"), "ab12") != 0 ||
      template_get (&v.ptr[0], "checksum", NULL) != NULL ||
      template_get (&v.ptr[0], "sig", NULL) != NULL)
    fail ("template_get");

  text = write_all (&v);
  if (text == NULL)
    fail ("round trip: index_write failed");
  else if (strcmp (text, expected) != 0)
    fail ("round trip: wrote\n%s\nwant\n%s", text, expected);
  else if (index_parse ("t", text, strlen (text), &idx, &error) == -1)
    fail ("round trip: parser: %s", error);
  else {
    if (idx.nr_sections != 2 ||
        strcmp (idx.sections[1].name, "debian-12") != 0)
      fail ("round trip: sections");
    f = index_section_field (&idx.sections[0], "notes", NULL);
    if (f == NULL ||
        strcmp (f->value, "first line\n\n indented after an empty line") != 0)
      fail ("round trip: notes '%s'", f ? f->value : "(none)");
    f = index_section_field (&idx.sections[0], "checksum", "sha512");
    if (f == NULL || strcmp (f->value, "ab12") != 0)
      fail ("round trip: checksum[sha512]");
    index_release (&idx);
  }
  free (text);
  free (error);
  templates_release (&v);
}

/* One template whose ID, or field KEY[SUBKEY]=VALUE, the index cannot
 * hold: nothing may be written.
 */
static void
refused (const char *id, const char *key, const char *subkey,
         const char *value)
{
  struct repo_template_vector v = VECTOR_INIT;
  char *text;

  add (&v, "good-1");
  template_set (&v.ptr[0], "arch", NULL, "x86_64");
  add (&v, id);
  template_set (&v.ptr[1], key, subkey, value);
  text = write_all (&v);
  if (text != NULL)
    fail ("accepted [%s] %s[%s]=%s", id, key, subkey ? subkey : "",
          value);
  free (text);
  templates_release (&v);
}

int
main (void)
{
  test_round_trip ();
  refused ("two words", "arch", NULL, "x86_64");
  refused ("", "arch", NULL, "x86_64");
  refused ("a]b", "arch", NULL, "x86_64");
  refused ("ok", "ke=y", NULL, "v");
  refused ("ok", "key-dash", NULL, "v");
  refused ("ok", "checksum", "sha 512", "v");
  refused ("ok", "checksum", "a]", "v");
  refused ("ok", "notes", NULL, "dos\r\nline");
  if (failures)
    fprintf (stderr, "%d failure(s)\n", failures);
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
