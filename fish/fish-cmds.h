/* careen - offline disk-image toolkit
 * guestfish's command table, and the helpers that the generated command
 * bodies (cmds-gen.c) use.  See generator/README.
 */

#ifndef CAREEN_FISH_CMDS_H
#define CAREEN_FISH_CMDS_H

#include <stddef.h>
#include <stdint.h>

#include "guestfs.h"

/* The handle all commands act on (fish.c). */
extern guestfs_h *g;

/* One guestfish command.  run returns 0 on success, -1 on failure (the
 * error has been printed), and never exits.
 */
struct fish_command {
  const char *name;             /* "list-devices" */
  const char *aliases;          /* space-separated, or NULL */
  const char *shortdesc;        /* one line */
  const char *synopsis;         /* "mount mountable mountpoint" */
  const char *help;             /* plain text, wrapped to 72 columns */
  int (*run) (const char *cmd, size_t argc, char *argv[]);
};

/* cmds-gen.c (generated): ends with an entry whose name is NULL. */
extern const struct fish_command fish_commands[];

/* cmd-helpers.c.  Parsers print "CMD: ..." on stderr and return -1 on a
 * bad value.
 */
extern int fish_parse_bool (const char *cmd, const char *arg, int *r);
extern int fish_parse_int (const char *cmd, const char *arg, int *r);
extern int fish_parse_int64 (const char *cmd, const char *arg, int64_t *r);
/* Splits a space-separated list (quotes group words); NULL on error. */
extern char **fish_parse_string_list (const char *cmd, const char *arg);
/* FileIn / FileOut local names: "-" is stdin / stdout; ~ is expanded.
 * Returns a newly allocated name.
 */
extern char *fish_file_in (const char *arg);
extern char *fish_file_out (const char *arg);
/* Prints the usage error for a wrong number of arguments. */
extern void fish_usage_error (const char *cmd, const char *synopsis);
/* Output formats. */
extern void fish_print_strings (char *const *list);
extern void fish_print_table (char *const *hash);
extern void fish_free_strings (char **list);

/* keys.c: reads the key or passphrase NAME that command CMD needs,
 * from the terminal (not echoed unless --echo-keys) or, with
 * --keys-from-stdin, from a line of stdin.  Returns the key (free it
 * with fish_free_key, which wipes it first), or NULL after printing
 * the error.
 */
extern char *fish_read_key (const char *cmd, const char *name);
extern void fish_free_key (char **keyp);
#define CLEANUP_FREE_KEY __attribute__ ((cleanup (fish_free_key)))

/* fish.c: non-zero when progress bars may be drawn (interactive, or
 * --progress-bars), and never while output goes into a pipe.
 */
extern int fish_progress_bars;

#endif /* CAREEN_FISH_CMDS_H */
