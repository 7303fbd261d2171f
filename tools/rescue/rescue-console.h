/* careen - offline disk-image toolkit
 * virt-rescue's side of the appliance console: the user's terminal in
 * raw mode, the relay of bytes both ways, and the escape key.
 */

#ifndef CAREEN_RESCUE_CONSOLE_H
#define CAREEN_RESCUE_CONSOLE_H

#include <stddef.h>

#include "guestfs.h"

/* -e none: every key goes to the shell. */
#define RESCUE_NO_ESCAPE (-1)

enum rescue_console_end {
  RESCUE_CONSOLE_DONE,          /* the shell exited, or the user quit */
  RESCUE_CONSOLE_FAILED,        /* an error (printed), or a signal */
};

/* Remembers the terminal's modes (when standard input is one), and
 * makes sure they are restored however the program ends.  Call it
 * once, before anything can exit.
 */
extern void rescue_console_save_terminal (void);

/* Wakes the rescue shell on CONSOLE (from
 * guestfs_internal_get_console_socket) and relays between it and the
 * terminal, in raw mode, until the shell exits, the user quits with
 * ESCAPE (a byte, or RESCUE_NO_ESCAPE) or a signal (SIGTERM, SIGHUP,
 * SIGINT, SIGQUIT) arrives.  ROOT is -i's root for "^] i", or NULL.
 * The terminal is restored before it returns.
 */
extern enum rescue_console_end rescue_console_run (guestfs_h *g,
                                                   int console,
                                                   int escape,
                                                   const char *root);

/* KEY as the user types it ("^]", "x") in BUF; returns BUF. */
extern const char *rescue_key_name (int key, char *buf, size_t len);

#endif /* CAREEN_RESCUE_CONSOLE_H */
