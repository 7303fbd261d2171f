/** careen - offline disk-image toolkit
 *
 * virt-builder-repository: reading the repository's index.
 *
 * The index is read with the parser every careen program shares
 * (common/builder), for its syntax only: an entry the user wrote to
 * name a new image ("[id]" and "file=") lacks fields that a complete
 * template needs, and the tool fills them in.  Every field is kept as
 * it was read, in its order.
 *
 * The signed index (index.asc) is read when there is one: it is what
 * virt-builder reads, so it is what the repository publishes.
 */

#include <config.h>

#include <stdlib.h>
#include <unistd.h>

#include "cleanups.h"
#include "index.h"
#include "xalloc.h"
#include "repository.h"

static void
add_section (struct repo_template_vector *v, const struct index_section *s)
{
  struct repo_template t = { NULL, VECTOR_INIT };
  size_t i;

  t.id = xstrdup (s->name);
  for (i = 0; i < s->nr_fields; ++i)
    template_set (&t, s->fields[i].key, s->fields[i].subkey,
                  s->fields[i].value);
  if (repo_template_vector_append (v, t) == -1)
    die_nomem ();
}

int
repo_read_index (const char *repo, struct repo_template_vector *v)
{
  static const char *const names[] = { "index.asc", "index", NULL };
  struct index idx;
  size_t i, j;

  for (i = 0; names[i]; ++i) {
    CLEANUP_FREE char *path = NULL, *error = NULL;

    if (asprintf (&path, "%s/%s", repo, names[i]) == -1)
      die_nomem ();
    if (access (path, F_OK) == -1)
      continue;
    if (index_parse_file (path, &idx, &error) == -1) {
      repo_error ("%s", error);
      return -1;
    }
    for (j = 0; j < idx.nr_sections; ++j)
      add_section (v, &idx.sections[j]);
    index_release (&idx);
    return 0;
  }
  return 0;
}
