/* careen - offline disk-image toolkit
 * remove_tree: "rm -rf" without a child process.  The trees removed
 * are scratch directories that may hold anything a guest or a test
 * put there, symlinks to anywhere included, so the walk is physical
 * (FTW_PHYS) and depth first (a directory after its contents).
 */

#include <config.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remove-tree.h"

/* Most directories nftw keeps open at once. */
#define REMOVE_TREE_FDS 64

/* errno of the first failure of the walk in progress (nftw has no
 * opaque argument).
 */
static int first_error;

static int
remove_one (const char *path, const struct stat *st, int flag,
            struct FTW *ftw)
{
  int r = flag == FTW_DP ? rmdir (path) : unlink (path);

  if (r == -1 && errno != ENOENT && first_error == 0)
    first_error = errno;
  return 0;
}

int
remove_tree (const char *dir)
{
  first_error = 0;
  if (nftw (dir, remove_one, REMOVE_TREE_FDS, FTW_DEPTH | FTW_PHYS) == -1 &&
      errno != ENOENT && first_error == 0)
    first_error = errno;
  if (first_error) {
    errno = first_error;
    return -1;
  }
  return 0;
}
