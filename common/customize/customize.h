/* careen - offline disk-image toolkit
 * The customize operations shared by virt-sysprep and virt-customize.
 *
 * CONTRACT (tools are written against it):
 *
 * A tool appends customize_long_options to its own getopt_long table
 * (customize_merge_long_options does it) and, for each option getopt
 * returns, first offers it to customize_handle_option.  The operations
 * are kept in command-line order and run in that order by
 * customize_run, on a guest that has been inspected and mounted
 * read-write (options_inspect_mount).
 *
 *   struct customize_ops *ops = customize_ops_new ("virt-sysprep");
 *   struct option *lo = customize_merge_long_options (tool_long_options);
 *   while ((c = getopt_long (argc, argv, so, lo, &i)) != -1) {
 *     int r = customize_handle_option (ops, c, lo[i].name, optarg);
 *     if (r == -1) exit (EXIT_FAILURE);      message printed
 *     if (r == 1) continue;                   it was a customize option
 *     ... the tool's own options, then the common options module ...
 *   }
 *   ... launch, inspect, mount ...
 *   if (customize_run (g, root, ops, dry_run, quiet) == -1) ...error
 *   customize_ops_free (ops);
 *
 * Customize options use getopt values from CUSTOMIZE_OPT_BASE up, so
 * they never clash with a tool's letters or its val-0 long options.
 *
 * Errors are printed once as "PROGRAM: message" by the function that
 * finds them; functions return -1 after that.
 */

#ifndef CAREEN_CUSTOMIZE_H
#define CAREEN_CUSTOMIZE_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "guestfs.h"

/* getopt values of the customize options start here. */
#define CUSTOMIZE_OPT_BASE 0x4000

struct customize_ops;

/* A new, empty list of operations; PROGRAM prefixes messages. */
extern struct customize_ops *customize_ops_new (const char *program);
extern void customize_ops_free (struct customize_ops *ops);

/* The customize long options (--hostname, --root-password, --timezone,
 * --firstboot, --firstboot-command, --run, --run-command, --ssh-inject,
 * --write, --append-line, --upload, --copy-in, --mkdir, --delete,
 * --touch, --chmod, --link, --move, --selinux-relabel, --password,
 * --password-crypto, --install...), terminated by a NULL entry.
 */
extern const struct option customize_long_options[];

/* A new table: TOOL's long options (NULL-terminated) followed by the
 * customize ones.  Exits on no memory.  Free with free().
 */
extern struct option *customize_merge_long_options (const struct option *tool);

/* Offers one getopt result: C is getopt_long's return value, NAME the
 * long option's name (or NULL), ARG its argument.  Returns 1 if it was
 * a customize option (recorded), 0 if not, -1 on a bad argument
 * (message printed).
 */
extern int customize_handle_option (struct customize_ops *ops, int c,
                                    const char *name, const char *arg);

/* True when an operation of OPS runs programs in the guest (--run,
 * --run-command, package installs): those are what a network is for,
 * so virt-customize gives the appliance one by default only then.
 */
extern bool customize_runs_guest_programs (const struct customize_ops *ops);

/* Prints the customize options for a tool's --help. */
extern void customize_usage (FILE *fp);

/* Runs the operations, in order, on the guest whose root filesystem is
 * ROOT (as inspect_os named it), mounted read-write at /.  DRY_RUN
 * prints what would be done and changes nothing.  QUIET hides the
 * per-operation progress lines.  Returns 0, or -1 (message printed).
 */
extern int customize_run (guestfs_h *g, const char *root,
                          struct customize_ops *ops, bool dry_run,
                          bool quiet);

/* Prints a progress line "[  12.3] MESSAGE" (seconds since
 * customize_ops_new) on stdout, unless QUIET: for a tool's own steps
 * ("Examining the guest ...") in the same style as the operations'.
 */
extern void customize_progress (const struct customize_ops *ops, bool quiet,
                                const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));

/* Writes host randomness (getrandom) into the guest's random seed, as
 * virt-customize does before its operations: every seed file of the
 * usual places (/var/lib/random-seed, /var/lib/urandom/random-seed,
 * /var/lib/systemd/random-seed, /var/lib/misc/random-seed) that
 * exists, or else a new one in the first of their directories that
 * exists.  Prints "Setting a random seed" unless QUIET, and with
 * DRY_RUN does nothing more.  A guest where no place fits (not Linux)
 * gets a warning, not an error.  Returns 0, or -1 (message printed).
 */
extern int customize_set_random_seed (guestfs_h *g, const char *root,
                                      const struct customize_ops *ops,
                                      bool dry_run, bool quiet);

#endif /* CAREEN_CUSTOMIZE_H */
