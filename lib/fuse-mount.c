/** careen - offline disk-image toolkit
 *
 * mount_local, mount_local_run and umount_local: the guest's mounted
 * filesystems on a host directory through FUSE (libfuse3).  The
 * operations themselves are in fuse-ops.c.
 *
 * FUSE may be missing at build time (careen built without libfuse3) or
 * at run time (no /dev/fuse in a container): both fail mount_local with
 * ENOTSUP and say which, as guestfs(3) promises.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#if HAVE_FUSE
#include "fuse-internal.h"
#else
#include "guestfs-internal.h"
#endif
#include "actions-impl-gen.h"

/* umount_local's retry: tries and the pause between them.  A program
 * that has just finished with the mount point (a shell leaving it)
 * may still hold it for a moment.
 */
#define UMOUNT_TRIES 5
#define UMOUNT_PAUSE_S 1

/* cachetimeout when not given, as libguestfs. */
#define DEFAULT_CACHE_TIMEOUT 60

#if HAVE_FUSE

/* Unmounts (when still mounted) and frees the local mount of G. */
static void
free_local_mount (guestfs_h *g)
{
  struct local_mount *lm = g->local_mount;

  if (lm == NULL)
    return;
  g->local_mount = NULL;
  /* Harmless when the mount point was already unmounted from outside. */
  fuse_unmount (lm->fuse);
  fuse_destroy (lm->fuse);
  guestfs_int_fuse_cache_release (&lm->cache);
  free (lm->mountpoint);
  free (lm);
}

void
guestfs_int_close_local_mount (guestfs_h *g)
{
  free_local_mount (g);
}

/* The FUSE command line: "-o" and the mount options. */
static int
fuse_options (guestfs_h *g, const struct guestfs_mount_local_argv *optargs,
              struct fuse_args *args)
{
  CLEANUP_FREE char *opts = NULL;
  const char *extra = NULL;
  bool ro = false;

  if (optargs->bitmask & GUESTFS_MOUNT_LOCAL_READONLY_BITMASK)
    ro = optargs->readonly;
  if ((optargs->bitmask & GUESTFS_MOUNT_LOCAL_OPTIONS_BITMASK) &&
      optargs->options[0] != '\0')
    extra = optargs->options;

  if (asprintf (&opts, "fsname=careen,subtype=careen%s%s%s",
                ro ? ",ro" : "", extra ? "," : "", extra ? extra : "") == -1)
    guestfs_int_oom (g);
  if (fuse_opt_add_arg (args, g->program) == -1 ||
      fuse_opt_add_arg (args, "-o") == -1 ||
      fuse_opt_add_arg (args, opts) == -1)
    guestfs_int_oom (g);
  return 0;
}

int
guestfs_impl_mount_local (guestfs_h *g, const char *localmountpoint,
                          const struct guestfs_mount_local_argv *optargs)
{
  struct fuse_args args = FUSE_ARGS_INIT (0, NULL);
  struct local_mount *lm;
  int timeout = DEFAULT_CACHE_TIMEOUT;

  /* libfuse would say only "fuse: device not found" on stderr.  First,
   * so that a program can probe for FUSE before launching.
   */
  if (access ("/dev/fuse", R_OK | W_OK) == -1) {
    int err = errno;

    guestfs_int_error_errno (g, ENOTSUP, "FUSE is not available on this "
                             "host: /dev/fuse: %s", strerror (err));
    return -1;
  }
  if (guestfs_int_check_ready_state (g) == -1)
    return -1;
  if (g->local_mount) {
    guestfs_int_error_errno (g, EBUSY, "'%s' is already mounted by this "
                             "handle", g->local_mount->mountpoint);
    return -1;
  }
  if (optargs->bitmask & GUESTFS_MOUNT_LOCAL_CACHETIMEOUT_BITMASK) {
    if (optargs->cachetimeout < 0) {
      guestfs_int_error_errno (g, EINVAL, "cachetimeout %d is negative",
                               optargs->cachetimeout);
      return -1;
    }
    timeout = optargs->cachetimeout;
  }

  lm = calloc (1, sizeof *lm);
  if (lm == NULL)
    guestfs_int_oom (g);
  lm->mountpoint = strdup (localmountpoint);
  if (lm->mountpoint == NULL)
    guestfs_int_oom (g);
  lm->readonly = (optargs->bitmask & GUESTFS_MOUNT_LOCAL_READONLY_BITMASK) &&
    optargs->readonly;
  lm->debugcalls =
    (optargs->bitmask & GUESTFS_MOUNT_LOCAL_DEBUGCALLS_BITMASK) &&
    optargs->debugcalls;
  guestfs_int_fuse_cache_init (&lm->cache, timeout);

  fuse_options (g, optargs, &args);
  lm->fuse = fuse_new (&args, &guestfs_int_fuse_operations,
                       sizeof guestfs_int_fuse_operations, g);
  fuse_opt_free_args (&args);
  if (lm->fuse == NULL) {
    guestfs_int_error_errno (g, EINVAL, "FUSE refused the mount options "
                             "'%s'", (optargs->bitmask &
                                      GUESTFS_MOUNT_LOCAL_OPTIONS_BITMASK)
                             ? optargs->options : "");
    goto out_free;
  }
  if (fuse_mount (lm->fuse, localmountpoint) == -1) {
    guestfs_int_error_errno (g, EIO, "cannot mount FUSE on '%s' (it must "
                             "be an existing directory you may mount on; "
                             "libfuse says why above)", localmountpoint);
    goto out_destroy;
  }
  g->local_mount = lm;
  debug (g, "mount_local: mounted on '%s'", localmountpoint);
  return 0;

 out_destroy:
  fuse_destroy (lm->fuse);
 out_free:
  guestfs_int_fuse_cache_release (&lm->cache);
  free (lm->mountpoint);
  free (lm);
  return -1;
}

int
guestfs_impl_mount_local_run (guestfs_h *g)
{
  struct local_mount *lm = g->local_mount;
  struct fuse_session *se;
  bool handlers;
  int r;

  if (lm == NULL) {
    guestfs_int_error_errno (g, EINVAL, "nothing is mounted: call "
                             "mount_local first");
    return -1;
  }
  if (lm->running) {
    guestfs_int_error_errno (g, EBUSY, "already running");
    return -1;
  }
  lm->running = true;
  se = fuse_get_session (lm->fuse);
  /* SIGINT, SIGTERM and SIGHUP end the loop, which then unmounts. */
  handlers = fuse_set_signal_handlers (se) == 0;

  /* A failing request is the errno of one file operation, returned
   * to the program that made it; the handle's error handler would
   * print every missing file a shell looks up.
   */
  guestfs_push_error_handler (g, NULL, NULL);
  r = fuse_loop (lm->fuse);
  guestfs_pop_error_handler (g);

  if (handlers)
    fuse_remove_signal_handlers (se);
  debug (g, "mount_local_run: the FUSE loop ended (%d)", r);
  free_local_mount (g);
  if (r < 0) {
    guestfs_int_error_errno (g, -r, "the FUSE loop failed: %s",
                             strerror (-r));
    return -1;
  }
  /* r > 0: ended by a signal, a normal way to stop. */
  return 0;
}

/* Unmounts MOUNTPOINT once: 0, or -1 with errno (EBUSY when in use). */
static int
unmount_once (guestfs_h *g, const char *mountpoint, char **output_r)
{
  /* As root, umount2 says exactly why it fails; other users need the
   * setuid helper.
   */
  if (geteuid () == 0)
    return umount2 (mountpoint, 0);
#ifdef FUSERMOUNT
  {
    char *argv[] = { (char *) FUSERMOUNT, (char *) "-u",
                     (char *) mountpoint, NULL };
    int status;

    free (*output_r);
    *output_r = NULL;
    status = guestfs_int_run_command (g, argv, output_r);
    if (status == -1)
      return -2;                /* already reported */
    if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
      return 0;
    errno = EBUSY;
    return -1;
  }
#else
  errno = EPERM;
  return -1;
#endif
}

int
guestfs_impl_umount_local (guestfs_h *g,
                           const struct guestfs_umount_local_argv *optargs)
{
  CLEANUP_FREE char *output = NULL;
  const char *mp;
  int tries = 1, i, r = -1, err = 0;

  if (g->local_mount == NULL) {
    guestfs_int_error_errno (g, EINVAL, "nothing is mounted by this "
                             "handle");
    return -1;
  }
  mp = g->local_mount->mountpoint;
  if ((optargs->bitmask & GUESTFS_UMOUNT_LOCAL_RETRY_BITMASK) &&
      optargs->retry)
    tries = UMOUNT_TRIES;

  for (i = 0; i < tries; ++i) {
    if (i > 0)
      sleep (UMOUNT_PAUSE_S);
    r = unmount_once (g, mp, &output);
    if (r == -2)
      return -1;
    if (r == 0)
      return 0;
    err = errno;
    if (err != EBUSY)
      break;
  }
  if (output && output[0])
    guestfs_int_error_errno (g, err, "'%s': %s", mp, output);
  else
    guestfs_int_error_errno (g, err, "'%s': %s", mp, strerror (err));
  return -1;
}

#else /* !HAVE_FUSE */

#define NO_FUSE "careen was built without FUSE (libfuse3)"

void
guestfs_int_close_local_mount (guestfs_h *g)
{
}

int
guestfs_impl_mount_local (guestfs_h *g, const char *localmountpoint,
                          const struct guestfs_mount_local_argv *optargs)
{
  guestfs_int_error_errno (g, ENOTSUP, NO_FUSE);
  return -1;
}

int
guestfs_impl_mount_local_run (guestfs_h *g)
{
  guestfs_int_error_errno (g, ENOTSUP, NO_FUSE);
  return -1;
}

int
guestfs_impl_umount_local (guestfs_h *g,
                           const struct guestfs_umount_local_argv *optargs)
{
  guestfs_int_error_errno (g, ENOTSUP, NO_FUSE);
  return -1;
}

#endif /* !HAVE_FUSE */
