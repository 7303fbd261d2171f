/** careen - offline disk-image toolkit
 *
 * virt-sysprep: the two operations that run what the user asked for:
 * "customize" (the virt-customize options of the command line, run by
 * the customize module in command-line order) and "script" (host
 * scripts run in a FUSE mount of the guest, which careen cannot do).
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>

#include "guestfs.h"
#include "customize.h"
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

int
sysprep_script (struct sysprep_ctx *ctx)
{
  if (ctx->nr_scripts == 0)
    return 0;
  /* The command line refuses --script before anything is opened; this
   * is the last line of defence should that check ever be bypassed.
   */
  fprintf (stderr, "%s: script: --script is not supported: careen has no "
           "FUSE mount of the guest (mount_local) to run host scripts in; "
           "use --run or --run-command, which run in the guest\n",
           SYSPREP_PROGRAM);
  errno = ENOTSUP;
  return -1;
}
