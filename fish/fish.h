/* careen - offline disk-image toolkit
 * guestfish's private header: the state shared between the shell's
 * files and the prototypes of each file, grouped by file.  The command
 * table interface (shared with the generated cmds-gen.c) is in
 * fish-cmds.h.
 */

#ifndef CAREEN_FISH_H
#define CAREEN_FISH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "fish-cmds.h"

/* Longest input line accepted from a script, stdin or `<!' output.  A
 * line is parsed into memory whole; this bounds that allocation when
 * guestfish is fed something that is not a script (a binary file).
 */
#define FISH_MAX_LINE (1024 * 1024)

/* Most words on one command line.  Guestfish commands take at most a
 * handful of positional arguments plus their optional ones; the bound
 * keeps a runaway line from building a huge argument vector.
 */
#define FISH_MAX_WORDS 4096

/* One parsed input line (parse.c). */
struct fish_line {
  char *cmd;                    /* the command name, or NULL if blank */
  char **argv;                  /* its arguments, NULL-terminated */
  size_t argc;
  char *pipe;                   /* host command after " | ", or NULL */
  bool ignore_error;            /* leading '-': failure does not stop us */
  enum {
    FISH_LINE_COMMAND,          /* an ordinary guestfish command */
    FISH_LINE_BLANK,            /* empty line or comment */
    FISH_LINE_SHELL,            /* "!cmd": run on the host */
    FISH_LINE_INLINE,           /* "<! cmd": run, execute its output */
  } kind;
  char *shell;                  /* FISH_LINE_SHELL, _INLINE: the command */
};

/* fish.c: options and state that commands consult. */
/* The options guestfish shares with the tools (-a, -m, -i, --ro, -v,
 * -x, --key...), parsed from the command line; the type is in
 * common/options/options.h.
 */
struct options;
extern struct options fish_options;
extern bool fish_autosync;      /* cleared by -n */
extern bool fish_pipe_error;    /* --pipe-error */
extern bool fish_quit;          /* set by quit/exit: stop reading */
/* Where the command being run was read from, for error messages:
 * "FILE:LINE: " prefixes library errors when input_lineno > 0.
 */
extern const char *fish_input_file;
extern int fish_input_lineno;
/* Creates the handle g with guestfish's settings and error handler.
 * Returns 0, or -1 after printing the error.
 */
extern int fish_create_handle (void);

/* parse.c */
/* Parses LINE (no trailing newline).  Returns 0 and fills *out (free
 * it with fish_line_free), or -1 after printing "guestfish: ..." on
 * stderr for a syntax error.
 */
extern int fish_parse_line (const char *line, struct fish_line *out);
extern void fish_line_free (struct fish_line *l);

/* run.c */
/* Runs one command by name (generated or local), with stdout going
 * wherever it currently goes.  Returns 0, or -1 (error printed).
 */
extern int fish_run_command (const char *cmd, size_t argc, char *argv[]);
/* Parses and runs one input line, with pipes, '!' and '<!'.  Heredocs
 * ("-<<END") read their text from IN (may be NULL: then they are an
 * error).  Returns 0, or -1 when the line failed (and was not
 * prefixed with '-').
 */
extern int fish_run_line (const char *line, FILE *in);
/* Runs every line of IN; when exit_on_error, stops at the first
 * failure.  Returns 0, or -1 if some command failed.
 */
extern int fish_run_stream (FILE *in, const char *name, bool exit_on_error);
/* Reads one line of IN into *buf (reallocated as needed, freed by the
 * caller), without its newline.  Returns its length, -1 at the end of
 * the input, or -2 for a line longer than FISH_MAX_LINE or holding a
 * NUL byte (the rest of such a line is consumed and dropped).
 */
extern ssize_t fish_read_line (FILE *in, char **buf, size_t *alloc);
/* Looks a command up among generated and local commands; dashes and
 * underscores are equivalent.  NULL when unknown.
 */
extern const struct fish_command *fish_lookup_command (const char *cmd);

/* interactive.c */
/* Runs the readline shell until EOF or quit; after -i,
 * INSPECTED_ROOT (else NULL) is the root whose operating system and
 * mounts the welcome text announces.  Returns 0 (errors in an
 * interactive session do not make guestfish fail).
 */
extern int fish_interactive (const char *inspected_root);
/* Set while fish_interactive runs: Ctrl-C and errors do not end it. */
extern bool fish_interactive_session;

/* local.c, edit.c: guestfish's own commands, each table ending with
 * name == NULL.
 */
extern const struct fish_command fish_local_commands[];
extern const struct fish_command fish_edit_commands[];
/* events.c: the event commands, and fish_events_reset which forgets
 * the handlers of a handle that reopen closed.
 */
extern const struct fish_command fish_event_commands[];
/* copy.c: copy-in, copy-out. */
extern const struct fish_command fish_copy_commands[];
extern void fish_events_reset (void);
/* run.c: every command table, guestfish's own first (they take
 * precedence), ending with NULL.
 */
extern const struct fish_command *const fish_tables[];

/* help.c */
/* Lists every command with its description (guestfish -h). */
extern void fish_list_commands (void);
/* Prints the detailed help of CMD; -1 (error printed) if unknown. */
extern int fish_display_command_help (const char *cmd);
extern int run_help (const char *cmd, size_t argc, char *argv[]);

/* remote.c */
/* --remote: sends the commands of ARGV (or of stdin when ARGC is 0) to
 * the server PID (or $GUESTFISH_PID when PID is 0).  Returns 0, or -1
 * when a command failed or the server could not be reached (printed).
 */
extern int fish_remote_client (pid_t pid, int argc, char *argv[]);
/* --listen: forks; the child runs PREPARE (if not NULL: the launch
 * and mounts that -m, -i and -N ask for), then serves commands on g
 * until quit or a failing command; the parent prints the shell code
 * setting GUESTFISH_PID (csh syntax if CSH) once the child listens,
 * and exits.  Returns (in the child) 0 after quit, -1 after a failure
 * (PREPARE's included, reported by it).
 */
extern int fish_remote_server (bool csh, int (*prepare) (void));

/* progress.c */
/* Registers the progress bar callback on H.  Returns 0 or -1 (the
 * library has reported the error).
 */
extern int fish_progress_init (guestfs_h *h);
/* Ends a progress bar left on the screen, if any. */
extern void fish_progress_end (void);

/* cancel.c: Ctrl-C.  The first interrupt during a command cancels the
 * running transfer (guestfs_user_cancel); a second one makes guestfish
 * leave once the command returns; a third kills it.
 */
extern void fish_cancel_init (void);
/* Forgets earlier interrupts: called before each command. */
extern void fish_cancel_reset (void);
/* The number of interrupts since the last reset. */
extern int fish_interrupts (void);

/* complete.c: readline's completion of command names, guest paths,
 * devices and local file names.
 */
extern char **fish_complete (const char *text, int start, int end);

/* untar.c: extracts the tar stream read from IN into the directory
 * DIRFD, never writing outside it (see untar.c for what is kept and
 * what is skipped).  Returns 0, or -1 after printing "CMD: ..." errors:
 * a bad stream stops at once, a member that cannot be created does not
 * stop the others.
 */
extern int fish_untar (const char *cmd, int in, int dirfd);

/* glob.c, edit.c, local.c: more local commands. */
extern const struct fish_command fish_glob_commands[];
extern bool fish_no_history;    /* --no-history: ~/.guestfish untouched */
/* Cleared by -D: completing a guest path or device asks the appliance
 * (ls, list-devices) behind the user's back.
 */
extern bool fish_complete_dest_paths;

/* prep.c: prepared disk images (-N). */
struct fish_prep;
/* Parses "[filename=]type[:params...]" and creates the image file
 * (named testN.img by default, N = prep_index + 1).  Returns the
 * prepared disk, or NULL after printing the error.
 */
extern struct fish_prep *fish_prep_create (const char *spec,
                                           unsigned prep_index);
extern const char *fish_prep_filename (const struct fish_prep *p);
/* After launch: partitions and formats the disk, which the appliance
 * sees as DEVICE.  Returns 0 or -1 (error printed).
 */
extern int fish_prep_build (const struct fish_prep *p, const char *device);
extern void fish_prep_free (struct fish_prep *p);
/* Prints the list of types (guestfish -N help). */
extern void fish_prep_list (void);
/* Parses a size with guestfish's suffixes ("1G", "100MB", "512").
 * Returns 0, or -1 after printing "CMD: ..." on stderr.
 */
extern int fish_parse_size (const char *cmd, const char *arg, int64_t *r);

#endif /* CAREEN_FISH_H */
