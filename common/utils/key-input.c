/* careen - offline disk-image toolkit
 * Reading keys and passphrases.  A key never stays in freed memory:
 * every buffer that held one is wiped with explicit_bzero, which the
 * compiler may not drop as a dead store.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "key-input.h"

char *
key_read_line (FILE *fp, size_t max)
{
  char *key = malloc (max + 1);
  size_t n = 0;
  int c;

  if (key == NULL)
    return NULL;
  while ((c = getc (fp)) != EOF && c != '\n') {
    if (n >= max) {
      explicit_bzero (key, n);
      free (key);
      errno = E2BIG;
      return NULL;
    }
    key[n++] = (char) c;
  }
  if (c == EOF && n == 0) {
    free (key);
    errno = ferror (fp) ? EIO : 0;
    return NULL;
  }
  key[n] = '\0';
  return key;
}

enum key_tty_status
key_read_tty (const char *prompt, bool echo, size_t max, char **key_r)
{
  struct termios saved, noecho;
  bool restore = false;
  FILE *tty;
  char *key;
  int fd, err;

  fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd == -1)
    return KEY_TTY_NO_TERMINAL;
  tty = fdopen (fd, "r+");
  if (tty == NULL) {
    err = errno;
    close (fd);
    errno = err;
    return KEY_TTY_NO_TERMINAL;
  }
  fputs (prompt, tty);
  fflush (tty);
  if (!echo && tcgetattr (fd, &saved) == 0) {
    noecho = saved;
    noecho.c_lflag &= ~(tcflag_t) ECHO;
    /* The user's Enter still moves the cursor to the next line. */
    noecho.c_lflag |= ECHONL;
    restore = tcsetattr (fd, TCSAFLUSH, &noecho) == 0;
  }
  key = key_read_line (tty, max);
  err = errno;
  if (restore)
    tcsetattr (fd, TCSAFLUSH, &saved);
  fclose (tty);
  errno = err;
  if (key == NULL)
    return KEY_TTY_READ_ERROR;
  *key_r = key;
  return KEY_TTY_OK;
}

void
key_free (char *key)
{
  if (key) {
    explicit_bzero (key, strlen (key));
    free (key);
  }
}
