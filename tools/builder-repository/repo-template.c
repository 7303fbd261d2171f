/** careen - offline disk-image toolkit
 *
 * virt-builder-repository: a template as the ordered fields of its
 * index section.  Keeping every field in its order, even those the
 * tool does not know, is what lets an existing index be updated
 * without losing what its author wrote (notes in several languages,
 * aliases, fields of newer virt-builders).
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "repository.h"

static bool
same_subkey (const char *a, const char *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return strcmp (a, b) == 0;
}

static struct repo_field *
find (const struct repo_template *t, const char *key, const char *subkey)
{
  size_t i;

  for (i = 0; i < t->fields.len; ++i) {
    struct repo_field *f = &t->fields.ptr[i];

    if (strcmp (f->key, key) == 0 && same_subkey (f->subkey, subkey))
      return f;
  }
  return NULL;
}

const char *
template_get (const struct repo_template *t, const char *key,
              const char *subkey)
{
  const struct repo_field *f = find (t, key, subkey);

  return f ? f->value : NULL;
}

void
template_set (struct repo_template *t, const char *key, const char *subkey,
              const char *value)
{
  struct repo_field *f = find (t, key, subkey);
  struct repo_field nf;

  if (f && value == NULL) {
    size_t i = f - t->fields.ptr;

    free (f->key);
    free (f->subkey);
    free (f->value);
    memmove (f, f + 1, (t->fields.len - i - 1) * sizeof *f);
    t->fields.len--;
    return;
  }
  if (value == NULL)
    return;
  if (f) {
    free (f->value);
    f->value = xstrdup (value);
    return;
  }
  nf.key = xstrdup (key);
  nf.subkey = subkey ? xstrdup (subkey) : NULL;
  nf.value = xstrdup (value);
  if (repo_field_vector_append (&t->fields, nf) == -1)
    die_nomem ();
}

void
template_set_int (struct repo_template *t, const char *key, int64_t value)
{
  char buf[32];

  snprintf (buf, sizeof buf, "%" PRIi64, value);
  template_set (t, key, NULL, buf);
}

const char *
template_file_base (const struct repo_template *t)
{
  const char *file = template_get (t, "file", NULL);
  const char *slash;

  if (file == NULL)
    return NULL;
  slash = strrchr (file, '/');
  return slash ? slash + 1 : file;
}

void
template_release (struct repo_template *t)
{
  size_t i;

  for (i = 0; i < t->fields.len; ++i) {
    free (t->fields.ptr[i].key);
    free (t->fields.ptr[i].subkey);
    free (t->fields.ptr[i].value);
  }
  repo_field_vector_release (&t->fields);
  free (t->id);
  t->id = NULL;
}

void
templates_release (struct repo_template_vector *v)
{
  size_t i;

  for (i = 0; i < v->len; ++i)
    template_release (&v->ptr[i]);
  repo_template_vector_release (v);
}
