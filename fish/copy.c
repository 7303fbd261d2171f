/** careen - offline disk-image toolkit
 *
 * copy-in and copy-out: copy files between the host and the guest,
 * each keeping its last path component as its name in the target
 * directory.
 *
 * Only regular files are copied for now: directories need the tar-in
 * and tar-out calls, which careen does not have yet, and are refused
 * with an error naming what is missing.
 *
 * Guest names are hostile: the name a file gets on the host is the last
 * component of the path the user typed (never "." or ".."), and an
 * existing symlink in the local directory is not followed, so nothing
 * lands outside the directory the user gave.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "fish.h"

/* The last component of PATH ("/a/b/" gives "b"), newly allocated, or
 * NULL when there is none ("/", ".", "..").
 */
static char *
last_component (const char *path)
{
  size_t end = strlen (path), start;

  while (end > 0 && path[end - 1] == '/')
    end--;
  start = end;
  while (start > 0 && path[start - 1] != '/')
    start--;
  if (end == start ||
      (end - start == 1 && path[start] == '.') ||
      (end - start == 2 && path[start] == '.' && path[start + 1] == '.'))
    return NULL;
  return strndup (path + start, end - start);
}

static int
run_copy_in (const char *cmd, size_t argc, char *argv[])
{
  const char *remotedir;
  size_t i;
  int r;

  if (argc < 2) {
    fish_usage_error (cmd, "copy-in local [local ...] /remotedir");
    return -1;
  }
  remotedir = argv[argc - 1];
  r = guestfs_is_dir (g, remotedir);
  if (r == -1)
    return -1;
  if (r == 0) {
    fprintf (stderr, "%s: %s: not a directory in the guest\n", cmd,
             remotedir);
    return -1;
  }

  for (i = 0; i < argc - 1; ++i) {
    CLEANUP_FREE char *name = last_component (argv[i]);
    CLEANUP_FREE char *target = NULL;
    struct stat st;

    if (stat (argv[i], &st) == -1) {
      fprintf (stderr, "%s: %s: %m\n", cmd, argv[i]);
      return -1;
    }
    if (S_ISDIR (st.st_mode)) {
      fprintf (stderr, "%s: %s: copying directories needs tar-in, which "
               "is not available yet\n", cmd, argv[i]);
      return -1;
    }
    if (name == NULL) {
      fprintf (stderr, "%s: %s: cannot tell the file's name\n", cmd,
               argv[i]);
      return -1;
    }
    if (asprintf (&target, "%s%s%s", remotedir,
                  remotedir[strlen (remotedir) - 1] == '/' ? "" : "/",
                  name) == -1) {
      perror ("asprintf");
      return -1;
    }
    if (guestfs_upload (g, argv[i], target) == -1)
      return -1;
  }
  return 0;
}

static int
run_copy_out (const char *cmd, size_t argc, char *argv[])
{
  const char *localdir;
  struct stat st;
  size_t i;

  if (argc < 2) {
    fish_usage_error (cmd, "copy-out remote [remote ...] localdir");
    return -1;
  }
  localdir = argv[argc - 1];
  if (stat (localdir, &st) == -1) {
    fprintf (stderr, "%s: %s: %m\n", cmd, localdir);
    return -1;
  }
  if (!S_ISDIR (st.st_mode)) {
    fprintf (stderr, "%s: %s: not a directory\n", cmd, localdir);
    return -1;
  }

  for (i = 0; i < argc - 1; ++i) {
    CLEANUP_FREE char *name = last_component (argv[i]);
    CLEANUP_FREE char *target = NULL;
    int r;

    r = guestfs_is_dir (g, argv[i]);
    if (r == -1)
      return -1;
    if (r == 1) {
      fprintf (stderr, "%s: %s: copying directories needs tar-out, which "
               "is not available yet\n", cmd, argv[i]);
      return -1;
    }
    if (name == NULL) {
      fprintf (stderr, "%s: %s: cannot tell the file's name\n", cmd,
               argv[i]);
      return -1;
    }
    if (asprintf (&target, "%s/%s", localdir, name) == -1) {
      perror ("asprintf");
      return -1;
    }
    /* A symlink already there could point anywhere on the host. */
    if (lstat (target, &st) == 0 && S_ISLNK (st.st_mode)) {
      fprintf (stderr, "%s: %s: is a symbolic link; not overwriting it\n",
               cmd, target);
      return -1;
    }
    if (guestfs_download (g, argv[i], target) == -1)
      return -1;
  }
  return 0;
}

const struct fish_command fish_copy_commands[] = {
  { "copy-in", NULL,
    "copy local files or directories into an image",
    "copy-in local [local ...] /remotedir",
    "Copies the local files into the guest directory /remotedir, which\n"
    "must exist; each keeps its name.  Directories cannot be copied yet\n"
    "(that needs tar-in).",
    run_copy_in },
  { "copy-out", NULL,
    "copy remote files or directories out of an image",
    "copy-out remote [remote ...] localdir",
    "Copies the guest files into the local directory localdir, which\n"
    "must exist; each keeps its name.  An existing file of that name is\n"
    "overwritten, but not a symbolic link.  Directories cannot be copied\n"
    "yet (that needs tar-out).",
    run_copy_out },
  { NULL, NULL, NULL, NULL, NULL, NULL }
};
