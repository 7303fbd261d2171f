/** careen - offline disk-image toolkit
 *
 * virt-builder-repository: writing an index.
 *
 * The syntax is the one every virt-builder reads (virt-builder(1),
 * "Creating and signing the index file"): "[id]" opens a section,
 * "key=value" or "key[subkey]=value" lines follow, a line that starts
 * with a blank continues the value above it, and a blank line ends the
 * section.  What libguestfs's scanner accepts is narrower than what a
 * hand-edited index or an inspected guest may hold, so every id, key
 * and subkey is checked before the first byte is written: an index
 * that virt-builder would refuse is never produced.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "repository.h"

/* The characters of an id (the section name), of a key, and of a
 * subkey, as virt-builder's index scanner accepts them.
 */
#define ID_CHARS \
  "-._ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define KEY_CHARS (ID_CHARS + 1)
#define SUBKEY_CHARS \
  ",._ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

static bool
made_of (const char *s, const char *chars)
{
  return s[0] != '\0' && s[strspn (s, chars)] == '\0';
}

static int
check_template (const struct repo_template *t, const char *path)
{
  size_t i;

  if (!made_of (t->id, ID_CHARS)) {
    repo_error ("%s: template id '%s' is not made of letters, digits, "
                "'-', '_' and '.' (set another in the index)", path, t->id);
    return -1;
  }
  for (i = 0; i < t->fields.len; ++i) {
    const struct repo_field *f = &t->fields.ptr[i];

    if (!made_of (f->key, KEY_CHARS) ||
        (f->subkey && !made_of (f->subkey, SUBKEY_CHARS))) {
      repo_error ("%s: [%s]: field '%s%s%s%s' cannot be written in an "
                  "index", path, t->id, f->key, f->subkey ? "[" : "",
                  f->subkey ? f->subkey : "", f->subkey ? "]" : "");
      return -1;
    }
    if (strchr (f->value, '\r')) {
      repo_error ("%s: [%s]: the value of '%s' holds a carriage return",
                  path, t->id, f->key);
      return -1;
    }
  }
  return 0;
}

/* A value, each line after the first as a continuation line: a space
 * in front, even for an empty line, which would otherwise end the
 * section.
 */
static void
write_value (FILE *fp, const char *value)
{
  const char *nl;

  while ((nl = strchr (value, '\n')) != NULL) {
    fwrite (value, 1, nl - value, fp);
    fputs ("\n ", fp);
    value = nl + 1;
  }
  fputs (value, fp);
  fputc ('\n', fp);
}

int
index_write (FILE *fp, const char *path,
             const struct repo_template_vector *v)
{
  size_t i, j;

  for (i = 0; i < v->len; ++i)
    if (check_template (&v->ptr[i], path) == -1)
      return -1;

  for (i = 0; i < v->len; ++i) {
    const struct repo_template *t = &v->ptr[i];

    if (i > 0)
      fputc ('\n', fp);
    fprintf (fp, "[%s]\n", t->id);
    for (j = 0; j < t->fields.len; ++j) {
      const struct repo_field *f = &t->fields.ptr[j];

      if (f->subkey)
        fprintf (fp, "%s[%s]=", f->key, f->subkey);
      else
        fprintf (fp, "%s=", f->key);
      write_value (fp, f->value);
    }
  }
  if (fflush (fp) == EOF || ferror (fp)) {
    repo_error ("write: '%s': %s", path, strerror (errno));
    return -1;
  }
  return 0;
}
