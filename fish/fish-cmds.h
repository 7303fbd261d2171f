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

/* What the words typed after a command name are, for tab completion
 * (fish/complete.c): the bits of struct fish_command's arg_kinds.
 * Generated commands get theirs from the API table (FileIn, FileOut
 * and host file arguments); guestfish's own commands declare theirs.
 *
 * FISH_HOST_FILE_ARG (N): word N (0 = the first after the name) is a
 * file on the host, completed with local file names.
 */
#define FISH_HOST_FILE_ARG(n) (1u << (n))
#define FISH_HOST_FILE_ARGS_MAX 29      /* N < this */
/* Every word but the last is a host file (copy-in's sources).  The
 * last word cannot be told apart while the line is being typed: a word
 * starting with '/' is taken for the guest one.
 */
#define FISH_HOST_FILES_BUT_LAST (1u << FISH_HOST_FILE_ARGS_MAX)
/* The last word, after the first, is a host file (copy-out's target
 * directory); again a word starting with '/' is taken for a guest one.
 */
#define FISH_HOST_FILE_LAST (1u << (FISH_HOST_FILE_ARGS_MAX + 1))
/* The words are a command line of their own (glob, time): they
 * complete as that command's.
 */
#define FISH_ARGS_COMMAND (1u << (FISH_HOST_FILE_ARGS_MAX + 2))

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
  unsigned arg_kinds;           /* FISH_HOST_FILE_ARG ... bits, or 0 */
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
