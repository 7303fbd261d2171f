/** careen - offline disk-image toolkit
 *
 * virt-builder-repository: reading the repository's index.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "cleanups.h"
#include "xalloc.h"
#include "repository.h"

int
repo_read_index (const char *repo, struct repo_template_vector *v)
{
  static const char *const names[] = { "index.asc", "index", NULL };
  size_t i;

  (void) v;
  for (i = 0; names[i]; ++i) {
    CLEANUP_FREE char *path = NULL;

    if (asprintf (&path, "%s/%s", repo, names[i]) == -1)
      die_nomem ();
    if (access (path, F_OK) == 0) {
      errno = ENOTSUP;
      repo_error ("'%s': updating an existing index is not supported "
                  "yet: %m", path);
      return -1;
    }
  }
  return 0;
}
