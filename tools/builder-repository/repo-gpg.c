/** careen - offline disk-image toolkit
 *
 * virt-builder-repository: signing the index with gpg.
 *
 * The index is clear-signed (index.asc), which is what virt-builder
 * downloads and checks when a repository's .conf names a gpgkey.  The
 * --gpg value may carry options after the program ("gpg --homedir
 * DIR"), as libguestfs's tool allows; it is split on spaces and run
 * without a shell, so nothing in it is interpreted.
 *
 * The key is given as --local-user, not --default-key: gpg falls back
 * from a default key it does not have to another secret key, and an
 * index signed by a key the user did not name would fail every
 * client's check, silently until then.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "spawn.h"
#include "stringsbuf.h"
#include "xalloc.h"
#include "repository.h"

int
repo_sign (const struct repo_options *opts, const char *index,
           const char *index_asc)
{
  CLEANUP_FREE char *words = xstrdup (opts->gpg);
  CLEANUP_FREE_STRING_LIST char **argv = NULL;
  struct stringsbuf sb;
  char *w, *save = NULL;
  int status;

  stringsbuf_init (&sb);
  for (w = strtok_r (words, " \t", &save); w;
       w = strtok_r (NULL, " \t", &save))
    if (stringsbuf_add_string (&sb, w) == -1)
      die_nomem ();
  if (sb.size == 0) {
    repo_error ("--gpg: no program given");
    stringsbuf_release (&sb);
    return -1;
  }
  if (stringsbuf_add_string (&sb, "--armor") == -1 ||
      stringsbuf_add_string (&sb, "--local-user") == -1 ||
      stringsbuf_add_string (&sb, opts->gpg_key) == -1 ||
      stringsbuf_add_string (&sb, "--output") == -1 ||
      stringsbuf_add_string (&sb, index_asc) == -1 ||
      stringsbuf_add_string (&sb, "--clearsign") == -1 ||
      stringsbuf_add_string (&sb, index) == -1)
    die_nomem ();
  argv = stringsbuf_finish (&sb);
  if (argv == NULL)
    die_nomem ();

  status = spawn_run (PROGRAM, argv);
  if (status > 0)
    repo_error ("signing the index with the key '%s' failed (%s exit "
                "status %d)", opts->gpg_key, argv[0], status);
  return status == 0 ? 0 : -1;
}
