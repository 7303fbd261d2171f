/* careen - offline disk-image toolkit
 * spawn: run a program on the host from an argv, never through a
 * shell unless the argv says so, and turn how it ended into a message
 * that names it.  The one way the front-end programs (guestfish, the
 * virt-* tools) start host programs.
 *
 *   char *argv[] = { "tar", "-C", dir, "-cf", "-", ".", NULL };
 *   struct spawn s;
 *
 *   spawn_init (&s, "virt-make-fs", argv);
 *   s.fd[1] = SPAWN_PIPE;
 *   if (spawn_start (&s) == -1) ...          (printed)
 *   ... read s.pipe[1] ...
 *   status = spawn_wait (&s);                (exit status, or -1 printed)
 *
 * spawn_run (who, argv) does both for a program that shares our
 * standard streams, which is what most callers need.
 */

#ifndef CAREEN_SPAWN_H
#define CAREEN_SPAWN_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* Values of struct spawn fd[] other than a file descriptor. */
#define SPAWN_INHERIT (-1)      /* the stream of the caller */
#define SPAWN_PIPE (-2)         /* a pipe; the caller's end in pipe[] */
#define SPAWN_DEVNULL (-3)      /* /dev/null */

enum spawn_flags {
  /* As system(3): SIGINT and SIGQUIT are ignored by the caller while
   * the child runs, so that ^C at the terminal stops the child only.
   * For commands the user typed (guestfish's "!cmd").
   */
  SPAWN_LIKE_SYSTEM = 1 << 0,
};

struct spawn {
  /* Set by spawn_init, may be changed before spawn_start. */
  const char *who;              /* first word of messages ("virt-diff") */
  char *const *argv;            /* argv[0] is searched in $PATH ... */
  const char *file;             /* ... unless this names the program */
  int fd[3];                    /* stdin, stdout, stderr: fd or SPAWN_* */
  char *const *env;             /* "NAME=value" added for the child */
  unsigned flags;               /* enum spawn_flags */

  /* Set by spawn_start. */
  pid_t pid;
  int pipe[3];                  /* our end of each SPAWN_PIPE, else -1 */
  struct sigaction saved_int, saved_quit; /* SPAWN_LIKE_SYSTEM */
};

/* spawn.c */

/* WHO prefixes every message; ARGV is used as it is, not copied. */
extern void spawn_init (struct spawn *s, const char *who, char *const *argv);

/* Starts the child and returns once it runs the program.  Our ends of
 * the pipes are close-on-exec.  A file descriptor given in fd[] stays
 * the caller's.  Returns 0, or -1 after printing why the program could
 * not be run ("who: prog: No such file or directory"); nothing is left
 * open or running then.
 */
extern int spawn_start (struct spawn *s);

/* Closes our pipe ends still open (set one to -1 after closing it
 * yourself), then waits for the child.  Returns its exit status
 * (0-255; a non-zero one is for the caller to explain), or -1 after
 * printing that it was killed by a signal or could not be waited for.
 * Like a shell, nothing is printed for SIGINT (the user pressed ^C)
 * or SIGPIPE (its reader went away).
 */
extern int spawn_wait (struct spawn *s);

/* Waits for PID, a child started some other way, and reports like
 * spawn_wait, naming it PROG.
 */
extern int spawn_reap (const char *who, const char *prog, pid_t pid);

/* spawn_start and spawn_wait with our own standard streams.  Exit
 * status or -1 as spawn_wait (and when the program cannot run).
 */
extern int spawn_run (const char *who, char *const *argv);

/* Whether PROG would be found and run by spawn: an executable file in
 * one of the directories of $PATH (or PROG itself if it has a '/').
 */
extern bool spawn_find_program (const char *prog);

#endif /* CAREEN_SPAWN_H */
