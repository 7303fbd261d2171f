/** careen - offline disk-image toolkit
 *
 * rescue-console: virt-rescue's relay between the user's terminal and
 * the appliance's serial console, where the rescue shell runs.
 *
 * The terminal is put in raw mode, so that every key (^C, ^Z, arrows)
 * reaches the shell and the appliance's own line discipline does the
 * echo and the editing; its modes are restored on every way out (the
 * normal one, exit() through atexit, and the signals that end us,
 * which are caught so the relay can stop cleanly).  The escape key and
 * the key after it talk to virt-rescue instead of the shell.
 */

#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "rescue-console.h"

#define PROGRAM "virt-rescue"

/* One read or write of the relay. */
#define RELAY_BUF 4096

/* Prints KEY as the user types it: "^]" or "x". */
const char *
rescue_key_name (int key, char *buf, size_t len)
{
  if (key < 0x20)
    snprintf (buf, len, "^%c", key + '@');
  else if (key == 0x7f)
    snprintf (buf, len, "^?");
  else
    snprintf (buf, len, "%c", key);
  return buf;
}

/* The user's terminal, put in raw mode while the shell runs. */
static struct termios saved_termios;
static bool termios_saved, terminal_raw;

static void
restore_terminal (void)
{
  if (terminal_raw) {
    tcsetattr (STDIN_FILENO, TCSADRAIN, &saved_termios);
    terminal_raw = false;
  }
}

static void
raw_terminal (void)
{
  struct termios raw;

  if (!termios_saved)
    return;
  raw = saved_termios;
  cfmakeraw (&raw);
  /* TCSADRAIN, not TCSAFLUSH: what was typed while the appliance
   * started is kept for the shell.
   */
  if (tcsetattr (STDIN_FILENO, TCSADRAIN, &raw) == 0)
    terminal_raw = true;
}

/* A signal that ends us (SIGTERM, SIGHUP, SIGINT, SIGQUIT from outside:
 * in raw mode the keys send bytes, not signals) stops the relay, so the
 * terminal is restored and the appliance shut down on the way out.
 */
static volatile sig_atomic_t quit_signal;

static void
on_quit_signal (int sig)
{
  quit_signal = sig;
}

static void
catch_quit_signals (void)
{
  static const int sigs[] = { SIGTERM, SIGHUP, SIGINT, SIGQUIT };
  struct sigaction sa;
  size_t i;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_quit_signal;
  sigemptyset (&sa.sa_mask);
  /* No SA_RESTART: poll must return so the flag is seen. */
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i)
    sigaction (sigs[i], &sa, NULL);
  signal (SIGPIPE, SIG_IGN);
}

/* Writes all of BUF to FD; the console is non-blocking, so wait for
 * room.  Returns 0, or -1 with errno set.
 */
static int
write_all (int fd, const char *buf, size_t n)
{
  while (n > 0) {
    ssize_t r = write (fd, buf, n);

    if (r > 0) {
      buf += r;
      n -= (size_t) r;
    }
    else if (r == -1 && errno == EAGAIN) {
      struct pollfd pfd = { .fd = fd, .events = POLLOUT };

      if (poll (&pfd, 1, -1) == -1 && errno != EINTR)
        return -1;
    }
    else if (r == -1 && errno == EINTR)
      continue;
    else
      return -1;
  }
  return 0;
}

/* Local messages while the terminal is raw need \r\n. */
static void
say (const char *s)
{
  const char *nl;

  while ((nl = strchr (s, '\n')) != NULL) {
    if (write_all (STDOUT_FILENO, s, nl - s) == -1 ||
        write_all (STDOUT_FILENO, "\r\n", 2) == -1)
      return;
    s = nl + 1;
  }
  write_all (STDOUT_FILENO, s, strlen (s));
}

static void
print_escape_help (int escape)
{
  char k[8], msg[1024];

  rescue_key_name (escape, k, sizeof k);
  snprintf (msg, sizeof msg,
            "\n"
            "virt-rescue escape sequences:\n"
            " %s ?, %s h  this help\n"
            " %s i        inspection information (with -i)\n"
            " %s q, %s x  quit virt-rescue at once\n"
            " %s s        sync the filesystems\n"
            " %s u        unmount all filesystems under /sysroot\n"
            " %s z        suspend virt-rescue\n"
            " %s %s       send a literal %s to the shell\n"
            "To leave the shell normally, type 'exit'.\n",
            k, k, k, k, k, k, k, k, k, k, k);
  say (msg);
}

/* Everything the console has now goes to the terminal before the
 * library is called: the library logs the console output that arrives
 * during its own calls.
 */
static int relay_console (int console);

static void
print_inspection (guestfs_h *g, const char *root)
{
  CLEANUP_FREE char *type = NULL, *distro = NULL, *product = NULL;
  char msg[1024];

  if (root == NULL) {
    say ("\nno inspection information: use -i\n");
    return;
  }
  guestfs_push_error_handler (g, NULL, NULL);
  type = guestfs_inspect_get_type (g, root);
  distro = guestfs_inspect_get_distro (g, root);
  product = guestfs_inspect_get_product_name (g, root);
  snprintf (msg, sizeof msg,
            "\nroot device: %s\n"
            "  type: %s\n  distro: %s\n  product name: %s\n"
            "  version: %d.%d\n",
            root, type ? type : "unknown", distro ? distro : "unknown",
            product ? product : "unknown",
            guestfs_inspect_get_major_version (g, root),
            guestfs_inspect_get_minor_version (g, root));
  guestfs_pop_error_handler (g);
  say (msg);
}

/* Runs a library call asked for with an escape key and says how it
 * went (the library's own message would lack the \r).
 */
static void
escape_call (guestfs_h *g, int console, const char *what,
             int (*call) (guestfs_h *))
{
  char msg[1024];
  int r;

  relay_console (console);
  guestfs_push_error_handler (g, NULL, NULL);
  r = call (g);
  if (r == -1)
    snprintf (msg, sizeof msg, "\n%s: %s failed: %s\n", PROGRAM, what,
              guestfs_last_error (g) ? guestfs_last_error (g) : "unknown");
  else
    snprintf (msg, sizeof msg, "\n%s: %s done\n", PROGRAM, what);
  guestfs_pop_error_handler (g);
  say (msg);
}

static void
suspend_self (void)
{
  restore_terminal ();
  say ("\n");
  /* SIGTSTP's default action stops us like ^Z would, and the user's
   * shell takes over; we continue here after fg.
   */
  signal (SIGTSTP, SIG_DFL);
  raise (SIGTSTP);
  raw_terminal ();
}

/* Copies what the console has to standard output.  Returns 1 when
 * something was copied, 0 when nothing was waiting, -1 at end of file
 * (the appliance went away).
 */
static int
relay_console (int console)
{
  /* Static: one relay per process, and too big for the stack. */
  static char buf[RELAY_BUF];
  int ret = 0;

  for (;;) {
    ssize_t r = read (console, buf, sizeof buf);

    if (r > 0) {
      if (write_all (STDOUT_FILENO, buf, (size_t) r) == -1)
        return -1;
      ret = 1;
    }
    else if (r == -1 && errno == EINTR)
      continue;
    else if (r == -1 && errno == EAGAIN)
      return ret;
    else
      return -1;
  }
}

/* The relay's verdict. */
enum relay_end { SHELL_EXITED, USER_QUIT, RELAY_ERROR };

struct relay {
  guestfs_h *g;
  int console;
  int escape;
  const char *root;             /* -i's root, or NULL */
  bool in_escape;               /* the escape key was the last byte */
};

/* Handles the key typed after the escape key.  Returns true when the
 * user asked to quit.
 */
static bool
do_escape (struct relay *rl, unsigned char key)
{
  char pair[2] = { (char) rl->escape, (char) key };

  switch (key) {
  case '?': case 'h':
    print_escape_help (rl->escape);
    return false;
  case 'i':
    relay_console (rl->console);
    print_inspection (rl->g, rl->root);
    return false;
  case 'q': case 'x':
    return true;
  case 's':
    escape_call (rl->g, rl->console, "sync", guestfs_sync);
    return false;
  case 'u':
    escape_call (rl->g, rl->console, "unmount all", guestfs_umount_all);
    return false;
  case 'z':
    suspend_self ();
    return false;
  default:
    /* The escape key twice is one literal escape key; an unknown
     * sequence goes to the shell as typed.
     */
    if (key == rl->escape)
      write_all (rl->console, pair, 1);
    else
      write_all (rl->console, pair, 2);
    return false;
  }
}

/* Sends what the user typed, watching for the escape key.  Returns
 * true when the user asked to quit.
 */
static bool
relay_input (struct relay *rl, const unsigned char *buf, size_t n)
{
  size_t i, from = 0;

  for (i = 0; i < n; ++i) {
    if (rl->in_escape) {
      rl->in_escape = false;
      from = i + 1;
      if (do_escape (rl, buf[i]))
        return true;
    }
    else if (rl->escape != RESCUE_NO_ESCAPE && buf[i] == rl->escape) {
      if (i > from)
        write_all (rl->console, (const char *) buf + from, i - from);
      rl->in_escape = true;
      from = i + 1;
    }
  }
  if (n > from)
    write_all (rl->console, (const char *) buf + from, n - from);
  return false;
}

static enum relay_end
relay (struct relay *rl)
{
  bool input_open = true;

  for (;;) {
    struct pollfd pfd[2];
    static unsigned char buf[RELAY_BUF];
    ssize_t r;

    if (quit_signal)
      return USER_QUIT;
    pfd[0].fd = rl->console;
    pfd[0].events = POLLIN;
    pfd[1].fd = input_open ? STDIN_FILENO : -1;
    pfd[1].events = POLLIN;
    if (poll (pfd, 2, -1) == -1) {
      if (errno == EINTR)
        continue;
      return RELAY_ERROR;
    }
    if (pfd[0].revents && relay_console (rl->console) == -1)
      return SHELL_EXITED;
    if (pfd[1].revents == 0)
      continue;
    r = read (STDIN_FILENO, buf, sizeof buf);
    if (r == -1 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (r <= 0) {
      /* Input ended (a script, not a terminal): end of file for what
       * reads the terminal (^D), then "exit" for the shell, which
       * does not see a ^D that arrived while it ran a command (the
       * line discipline turns it into a NUL for readline); then wait
       * for the shell to go.
       */
      input_open = false;
      write_all (rl->console, "\n\004exit\n", 7);
      continue;
    }
    if (relay_input (rl, buf, (size_t) r))
      return USER_QUIT;
  }
}

void
rescue_console_save_terminal (void)
{
  if (isatty (STDIN_FILENO) &&
      tcgetattr (STDIN_FILENO, &saved_termios) == 0)
    termios_saved = true;
  /* Whatever ends us from here, the terminal is left as found. */
  atexit (restore_terminal);
}

enum rescue_console_end
rescue_console_run (guestfs_h *g, int console, int escape,
                    const char *root)
{
  struct relay rl = {
    .g = g, .console = console, .escape = escape, .root = root,
  };
  enum relay_end end;

  catch_quit_signals ();
  raw_terminal ();
  /* Wake the shell: it waits for one line before its welcome. */
  if (write_all (rl.console, "\n", 1) == -1)
    end = SHELL_EXITED;
  else
    end = relay (&rl);
  restore_terminal ();
  if (end == RELAY_ERROR)
    perror (PROGRAM ": poll");
  else if (quit_signal != 0)
    fprintf (stderr, "\n%s: stopped by signal %d\n", PROGRAM,
             (int) quit_signal);
  else if (end == USER_QUIT)
    printf ("\n%s: quitting\n", PROGRAM);
  fflush (stdout);
  return end == RELAY_ERROR || quit_signal != 0 ? RESCUE_CONSOLE_FAILED
    : RESCUE_CONSOLE_DONE;
}
