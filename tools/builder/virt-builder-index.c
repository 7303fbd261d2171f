/** careen - offline disk-image toolkit
 *
 * Reading each source's index: download it, check its signature
 * (clear-signed, as index.asc) unless the source is unsigned or
 * --no-check-signature, then parse it (common/builder), and finding a
 * template in them by os-version (or alias) and architecture.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "xalloc.h"
#include "virt-builder.h"

/* The parser names the local copy; the user knows the URI. */
static void
index_error (const char *error, const char *path, const char *uri)
{
  size_t len = strlen (path);

  if (strncmp (error, path, len) == 0)
    vb_error ("%s%s", uri, error + len);
  else
    vb_error ("%s", error);
  fprintf (stderr, "%s: the index of '%s' is corrupt: ask its supplier to "
           "fix it\n", PROGRAM, uri);
}

static int
read_index (const struct vb_opts *o, struct vb_source *s, size_t i)
{
  CLEANUP_FREE char *error = NULL;

  if (asprintf (&s->index_file, "%s/index-%zu", o->tmpdir, i) == -1)
    die_nomem ();
  if (o->verbose)
    fprintf (stderr, "%s: reading the index of %s\n", PROGRAM, s->uri);
  if (vb_download (o, s->uri, s->proxy, s->index_file) == -1) {
    free (s->index_file);
    s->index_file = NULL;
    return -1;
  }
  if (o->check_signature && s->check_signature &&
      vb_verify (o, s, s->index_file, NULL) == -1)
    return -1;
  if (index_parse_file (s->index_file, &s->index, &error) == -1 ||
      index_entries (s->index_file, &s->index, &s->entries, &s->nr_entries,
                     &error) == -1) {
    index_error (error, s->index_file, s->uri);
    return -1;
  }
  if (o->check_signature && s->check_signature && !s->index.clearsigned) {
    /* gpg accepted a signature, but not one around the text parsed. */
    vb_error ("the index of '%s' is not clear-signed", s->uri);
    return -1;
  }
  return 0;
}

int
vb_read_indexes (const struct vb_opts *o, struct vb_source *s, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i)
    if (read_index (o, &s[i], i) == -1)
      return -1;
  return 0;
}

static bool
matches (const struct index_entry *e, const char *name)
{
  size_t i;

  if (strcmp (e->os_version, name) == 0)
    return true;
  for (i = 0; e->aliases[i]; ++i)
    if (strcmp (e->aliases[i], name) == 0)
      return true;
  return false;
}

const struct index_entry *
vb_find_template (const struct vb_source *s, size_t n,
                  const char *os_version, const char *arch,
                  const struct vb_source **from)
{
  size_t i, j;

  for (i = 0; i < n; ++i)
    for (j = 0; j < s[i].nr_entries; ++j)
      if (matches (&s[i].entries[j], os_version) &&
          strcmp (s[i].entries[j].arch, arch) == 0) {
        if (from)
          *from = &s[i];
        return &s[i].entries[j];
      }
  return NULL;
}
