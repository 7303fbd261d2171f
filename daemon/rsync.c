/* careen - offline disk-image toolkit */

/**
 * rsync, rsync_in and rsync_out: rsync(1) run in the appliance on the
 * host paths of safely resolved guest paths (sysroot.c), and for the
 * _in and _out calls on a remote rsync source or destination reached
 * over the appliance's network (set_network).
 *
 * The guest path's trailing "/" is kept: to rsync "dir/" means the
 * directory's contents and "dir" the directory itself.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "actions-gen.h"

/* The host path of guest path PATH for rsync, with PATH's trailing
 * slash.  A path that does not exist yet (a destination rsync will
 * create) resolves through its parent.  NULL after replying.
 */
static char *
rsync_path (const char *path)
{
  CLEANUP_FREE char *hp = NULL;
  size_t len = strlen (path);
  /* "/" itself counts: the guest's root means its contents, never a
   * directory named after the appliance's mountpoint.
   */
  bool slash = len > 0 && path[len - 1] == '/';
  char *ret;

  hp = sysroot_realpath (path);
  if (hp == NULL && errno == ENOENT)
    hp = sysroot_parent_path (path);
  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (asprintf (&ret, "%s%s", hp, slash ? "/" : "") == -1) {
    reply_with_perror ("asprintf");
    return NULL;
  }
  return ret;
}

/* A remote source or destination: rsync would take a leading '-' as an
 * option.  -1 after replying.
 */
static int
check_remote (const char *remote)
{
  if (remote[0] == '\0' || remote[0] == '-') {
    reply_with_error_errno (EINVAL, "%s: not an rsync source or destination",
                            remote);
    return -1;
  }
  return 0;
}

static int
run_rsync (const char *from, const char *to, int archive, int deletedest)
{
  struct fsargs a;

  if (require_program ("rsync") == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "rsync");
  if (archive)
    fsargs_add (&a, "--archive");
  if (deletedest)
    fsargs_add (&a, "--delete");
  fsargs_add (&a, "--");
  fsargs_add (&a, from);
  fsargs_add (&a, to);
  return fsargs_run (&a, true, NULL);
}

int
do_rsync (const char *src, const char *dest, int archive, int deletedest)
{
  CLEANUP_FREE char *from = NULL, *to = NULL;

  from = rsync_path (src);
  if (from == NULL)
    return -1;
  to = rsync_path (dest);
  if (to == NULL)
    return -1;
  return run_rsync (from, to, archive, deletedest);
}

int
do_rsync_in (const char *remote, const char *dest, int archive,
             int deletedest)
{
  CLEANUP_FREE char *to = NULL;

  if (check_remote (remote) == -1 || require_network () == -1)
    return -1;
  to = rsync_path (dest);
  if (to == NULL)
    return -1;
  return run_rsync (remote, to, archive, deletedest);
}

int
do_rsync_out (const char *src, const char *remote, int archive,
              int deletedest)
{
  CLEANUP_FREE char *from = NULL;

  if (check_remote (remote) == -1 || require_network () == -1)
    return -1;
  from = rsync_path (src);
  if (from == NULL)
    return -1;
  return run_rsync (from, remote, archive, deletedest);
}
