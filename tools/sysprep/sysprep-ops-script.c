/** careen - offline disk-image toolkit
 *
 * virt-sysprep: the two operations that run what the user asked for:
 * "customize" (the virt-customize options of the command line, run by
 * the customize module in command-line order) and "script" (host
 * scripts run in a FUSE mount of the guest).
 */

#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guestfs.h"
#include "customize.h"
#include "spawn.h"
#include "sysprep.h"

/* Runs even without customize options, as in libguestfs: every
 * prepared guest needs a fresh random seed, or its clones would all
 * start from the same one.
 */
int
sysprep_customize (struct sysprep_ctx *ctx)
{
  if (ctx->customize == NULL)
    return 0;
  if (customize_set_random_seed (ctx->g, ctx->root, ctx->customize,
                                 ctx->dry_run, ctx->quiet) == -1)
    return -1;
  return customize_run (ctx->g, ctx->root, ctx->customize, ctx->dry_run,
                        ctx->quiet);
}

/* In the child: runs each script in MP (its current directory is the
 * guest's root), then unmounts, which ends mount_local_run in the
 * parent.  Never returns.
 */
static void __attribute__ ((noreturn))
run_scripts (struct sysprep_ctx *ctx, const char *mp)
{
  int status = EXIT_SUCCESS;
  size_t i;

  if (chdir (mp) == -1) {
    fprintf (stderr, "%s: script: chdir: %s: %s\n", SYSPREP_PROGRAM, mp,
             strerror (errno));
    status = EXIT_FAILURE;
  }
  for (i = 0; status == EXIT_SUCCESS && ctx->scripts[i]; ++i) {
    char *argv[] = { ctx->scripts[i], NULL };
    int r = spawn_run (SYSPREP_PROGRAM, argv);

    if (r != 0) {
      if (r > 0)
        fprintf (stderr, "%s: script: '%s' failed (exit status %d)\n",
                 SYSPREP_PROGRAM, ctx->scripts[i], r);
      status = EXIT_FAILURE;
    }
  }
  /* Out of the mount point, or it would stay busy. */
  if (chdir ("/") == -1)
    status = EXIT_FAILURE;
  if (guestfs_umount_local (ctx->g, GUESTFS_UMOUNT_LOCAL_RETRY, 1, -1) == -1)
    status = EXIT_FAILURE;
  fflush (NULL);
  _exit (status);
}

/* The host scripts of --script, run in a FUSE mount of the guest
 * (mount_local), one after the other; the first that fails stops the
 * rest and fails the operation.
 */
int
sysprep_script (struct sysprep_ctx *ctx)
{
  char tmp[] = "/tmp/virt-sysprep.XXXXXX";
  const char *mp = ctx->scriptdir;
  bool made_dir = false;
  int r = -1, status = -1;
  pid_t pid;

  if (ctx->scripts == NULL)
    return 0;
  if (ctx->dry_run) {
    if (!ctx->quiet)
      printf ("%s: script: not run (--dry-run)\n", SYSPREP_PROGRAM);
    return 0;
  }
  if (mp == NULL) {
    if (mkdtemp (tmp) == NULL) {
      fprintf (stderr, "%s: script: mkdtemp: %s: %s\n", SYSPREP_PROGRAM,
               tmp, strerror (errno));
      return -1;
    }
    mp = tmp;
    made_dir = true;
  }
  if (guestfs_mount_local (ctx->g, mp, -1) == -1)
    goto out_rmdir;

  fflush (NULL);
  pid = fork ();
  if (pid == -1) {
    fprintf (stderr, "%s: script: fork: %s\n", SYSPREP_PROGRAM,
             strerror (errno));
    /* Nothing serves the mount yet: unmounting it cannot block. */
    guestfs_umount_local (ctx->g, -1);
    goto out_rmdir;
  }
  if (pid == 0)
    run_scripts (ctx, mp);

  if (guestfs_mount_local_run (ctx->g) == -1) {
    /* The loop is gone: the child's unmount may now wait in vain. */
    kill (pid, SIGTERM);
  }
  while (waitpid (pid, &status, 0) == -1 && errno == EINTR)
    ;
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    r = 0;
  else
    fprintf (stderr, "%s: script: the scripts failed\n", SYSPREP_PROGRAM);

 out_rmdir:
  if (made_dir)
    rmdir (mp);
  return r;
}
