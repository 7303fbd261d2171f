/** careen - offline disk-image toolkit
 *
 * The template cache: downloaded templates (compressed, as served) kept
 * under $XDG_CACHE_HOME/virt-builder (or ~/.cache/virt-builder, or
 * --cache DIR) as OS-VERSION.ARCH.REVISION, so a new revision is a new
 * file.  A cached file is checked against the index's checksum on
 * every use, like a fresh download.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "remove-tree.h"
#include "xalloc.h"
#include "virt-builder.h"

char *
vb_cache_default_dir (void)
{
  const char *xdg = getenv ("XDG_CACHE_HOME");
  const char *home = getenv ("HOME");
  char *r;

  if (xdg && *xdg) {
    if (asprintf (&r, "%s/virt-builder", xdg) == -1)
      die_nomem ();
  }
  else if (home && *home) {
    if (asprintf (&r, "%s/.cache/virt-builder", home) == -1)
      die_nomem ();
  }
  else
    r = NULL;
  return r;
}

char *
vb_cache_file (const char *dir, const struct index_entry *e)
{
  char *r;

  if (asprintf (&r, "%s/%s.%s.%d", dir, e->os_version, e->arch,
                e->revision) == -1)
    die_nomem ();
  return r;
}

int
vb_print_cache (const struct vb_opts *o, const struct vb_source *s, size_t n)
{
  size_t i, j;

  if (o->cache_dir == NULL) {
    printf ("no cache directory\n");
    return 0;
  }
  printf ("cache directory: %s\n", o->cache_dir);
  for (i = 0; i < n; ++i)
    for (j = 0; j < s[i].nr_entries; ++j) {
      const struct index_entry *e = &s[i].entries[j];
      char *file;

      if (e->hidden)
        continue;
      file = vb_cache_file (o->cache_dir, e);
      printf ("%-24s %-10s %s\n", e->os_version, e->arch,
              access (file, F_OK) == 0 ? "cached" : "no");
      free (file);
    }
  return 0;
}

int
vb_delete_cache (const struct vb_opts *o)
{
  if (o->cache_dir == NULL) {
    vb_error ("no cache directory to delete");
    return -1;
  }
  vb_message (o, "Deleting: %s", o->cache_dir);
  if (remove_tree (o->cache_dir) == -1) {
    vb_error ("delete: '%s': %m", o->cache_dir);
    return -1;
  }
  return 0;
}
