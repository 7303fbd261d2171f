/** careen - offline disk-image toolkit
 *
 * Where the handle keeps its files: the per-handle temporary directory
 * (the channel socket, scratch disks, qemu's snapshot overlays), made
 * on first use and removed by close, and the cache directory (the
 * accelerator verdict; the appliance's cache lives there too).
 */

#include <config.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs-internal.h"

static char *
xstrdup (guestfs_h *g, const char *s)
{
  char *r = strdup (s);

  if (r == NULL)
    guestfs_int_oom (g);
  return r;
}

/**
 * The directory in which the handle's tmpdir is made: set_tmpdir (or
 * LIBGUESTFS_TMPDIR), else TMPDIR, else /tmp.  Newly allocated.
 */
char *
guestfs_int_default_tmpdir_base (guestfs_h *g)
{
  const char *s;

  if (g->tmpdir_set)
    return xstrdup (g, g->tmpdir_set);
  s = getenv ("TMPDIR");
  if (s && *s)
    return xstrdup (g, s);
  return xstrdup (g, "/tmp");
}

/**
 * The cache directory: set_cachedir (or LIBGUESTFS_CACHEDIR), else
 * TMPDIR, else /var/tmp (which survives reboots, so the appliance is
 * not rebuilt each time).  Newly allocated.
 */
char *
guestfs_int_cachedir (guestfs_h *g)
{
  const char *s;

  if (g->cachedir_set)
    return xstrdup (g, g->cachedir_set);
  s = getenv ("TMPDIR");
  if (s && *s)
    return xstrdup (g, s);
  return xstrdup (g, "/var/tmp");
}

/**
 * $cachedir/.careen-$UID, made 0700 if missing.  Refuses a directory
 * that another user owns or can write: in a shared /var/tmp someone
 * could otherwise plant a verdict or an appliance for us.  Newly
 * allocated; NULL after reporting.
 */
char *
guestfs_int_user_cachedir (guestfs_h *g)
{
  CLEANUP_FREE char *base = guestfs_int_cachedir (g);
  char *dir = NULL;
  struct stat st;

  if (asprintf (&dir, "%s/.careen-%ju", base, (uintmax_t) geteuid ()) == -1)
    guestfs_int_oom (g);
  if (mkdir (dir, 0700) == -1 && errno != EEXIST) {
    perrorf (g, "mkdir: %s", dir);
    free (dir);
    return NULL;
  }
  if (lstat (dir, &st) == -1) {
    perrorf (g, "stat: %s", dir);
    free (dir);
    return NULL;
  }
  if (!S_ISDIR (st.st_mode) || st.st_uid != geteuid () ||
      (st.st_mode & 022) != 0) {
    guestfs_int_error_errno (g, EPERM,
                             "cache directory %s is not a directory owned "
                             "by this user with mode 0700", dir);
    free (dir);
    return NULL;
  }
  return dir;
}

const char *
guestfs_int_lazy_make_tmpdir (guestfs_h *g)
{
  CLEANUP_FREE char *base = NULL;
  char *templ = NULL;

  if (g->tmpdir)
    return g->tmpdir;

  base = guestfs_int_default_tmpdir_base (g);
  if (asprintf (&templ, "%s/careen.XXXXXX", base) == -1)
    guestfs_int_oom (g);
  if (mkdtemp (templ) == NULL) {
    perrorf (g, "mkdtemp: %s", templ);
    free (templ);
    return NULL;
  }
  g->tmpdir = templ;
  debug (g, "tmpdir: %s", g->tmpdir);
  return g->tmpdir;
}

static int
remove_entry (const char *path, const struct stat *st, int flag,
              struct FTW *ftw)
{
  /* Errors are ignored: nothing useful can be done at close time, and
   * the remaining entries should still go.
   */
  if (flag == FTW_DP)
    rmdir (path);
  else
    unlink (path);
  return 0;
}

void
guestfs_int_remove_tmpdir (guestfs_h *g)
{
  if (g->tmpdir == NULL)
    return;
  /* FTW_PHYS: never follow a symlink out of the tmpdir. */
  nftw (g->tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  free (g->tmpdir);
  g->tmpdir = NULL;
}
