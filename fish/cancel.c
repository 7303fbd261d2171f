/** careen - offline disk-image toolkit
 *
 * Ctrl-C.  Killing guestfish in the middle of a transfer would leave
 * the appliance without a clean shutdown and the user without a shell,
 * so SIGINT (and SIGQUIT) only ask the running transfer to stop:
 *
 *   first interrupt    guestfs_user_cancel: the upload, download or
 *                      tar stream ends with "operation cancelled"; the
 *                      command fails, the shell goes on
 *   second interrupt   as well, and guestfish leaves once the command
 *                      returns (the appliance is shut down as usual)
 *   third interrupt    the default action: guestfish dies at once
 *
 * Calls that are not transfers (mkfs...) cannot be cancelled; the
 * second interrupt is then the way out.  Outside an interactive session
 * the first interrupt already stops the script after the command (see
 * fish_run_line).  The counter is reset before
 * each command.  At the interactive prompt interactive.c reads the
 * counter itself.
 *
 * SIGTERM and SIGHUP (the terminal went away) count as two interrupts
 * at once: the transfer is cancelled and guestfish leaves after the
 * command, or at once from the prompt, shutting the appliance down
 * rather than leaving it running without its guestfish.
 *
 * The handler does only what is safe in a signal handler: it sets flags
 * (guestfs_user_cancel sets one in the handle and takes no lock) and
 * writes a fixed message.
 */

#include <config.h>

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fish.h"

static volatile sig_atomic_t interrupts;

static void
interrupt_handler (int sig)
{
  static const char msg[] =
    "\nguestfish: interrupted again: leaving after this command "
    "(once more to kill)\n";
  struct sigaction sa;

  if (interrupts < 3)
    interrupts++;
  if ((sig == SIGTERM || sig == SIGHUP) && interrupts < 2)
    interrupts = 2;
  if (g)
    guestfs_user_cancel (g);
  if (interrupts == 2 && (sig == SIGINT || sig == SIGQUIT)) {
    if (write (STDERR_FILENO, msg, sizeof msg - 1) == -1) {
      /* Nothing can be done about it here. */
    }
  }
  else if (interrupts >= 3) {
    memset (&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction (sig, &sa, NULL);
    raise (sig);
  }
}

void
fish_cancel_init (void)
{
  struct sigaction sa;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = interrupt_handler;
  /* Reads and writes in the library go on after the handler; only
   * select(2) at the prompt sees EINTR, which interactive.c wants.
   */
  sa.sa_flags = SA_RESTART;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGQUIT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
}

void
fish_cancel_reset (void)
{
  interrupts = 0;
}

int
fish_interrupts (void)
{
  return interrupts;
}
