/* careen - offline disk-image toolkit
 * Reading keys and passphrases from a stream or from the terminal,
 * for guestfish and the tools' options module: each says what it asks
 * for and reports errors in its own words.
 */

#ifndef CAREEN_KEY_INPUT_H
#define CAREEN_KEY_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Reads one line of FP (without its newline) into a new string of at
 * most MAX bytes.  Returns NULL with errno 0 at end of input, E2BIG
 * for a longer line, EIO on a read error, ENOMEM.  The caller wipes
 * the key (key_free) when done.
 */
extern char *key_read_line (FILE *fp, size_t max);

enum key_tty_status {
  KEY_TTY_OK,
  KEY_TTY_NO_TERMINAL,          /* /dev/tty cannot be opened: errno set */
  KEY_TTY_READ_ERROR,           /* errno as key_read_line sets it */
};

/* Writes PROMPT on /dev/tty (even when stdin is redirected) and reads
 * one line there, with echo off unless ECHO.  Sets *KEY_R on success.
 */
extern enum key_tty_status key_read_tty (const char *prompt, bool echo,
                                         size_t max, char **key_r);

/* Wipes and frees KEY (NULL is allowed). */
extern void key_free (char *key);

#endif /* CAREEN_KEY_INPUT_H */
