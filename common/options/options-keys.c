/** careen - offline disk-image toolkit
 *
 * Keys of encrypted guest devices, for the tools' options module.
 * A key never comes from the command line of a tool run by accident
 * into shell history: --key ID:key:KEY exists for scripts, but the
 * default is to ask on the terminal (/dev/tty, with echo off unless
 * --echo-keys), and --keys-from-stdin reads one line of stdin per key
 * for programs that feed a tool.  Keys are wiped before being freed.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cleanups.h"
#include "options.h"

/* Reads one line of FP (without its newline) into a new string, at
 * most OPTIONS_MAX_KEY_LEN bytes.  NULL at end of input (errno 0), for
 * a line too long (E2BIG) or on a read error (EIO).
 */
static char *
read_line (FILE *fp)
{
  char *key = malloc (OPTIONS_MAX_KEY_LEN + 1);
  size_t n = 0;
  int c;

  if (key == NULL)
    return NULL;
  while ((c = getc (fp)) != EOF && c != '\n') {
    if (n >= OPTIONS_MAX_KEY_LEN) {
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

static void
report_read_error (const struct options *o, const char *from)
{
  if (errno == 0)
    fprintf (stderr, "%s: reading a key from %s: end of input\n",
             o->program, from);
  else if (errno == E2BIG)
    fprintf (stderr, "%s: reading a key from %s: longer than %d bytes\n",
             o->program, from, OPTIONS_MAX_KEY_LEN);
  else
    fprintf (stderr, "%s: reading a key from %s: %m\n", o->program, from);
}

static char *
read_from_file (const struct options *o, const char *filename)
{
  CLEANUP_FCLOSE FILE *fp = fopen (filename, "re");
  char *key;

  if (fp == NULL) {
    fprintf (stderr, "%s: open: '%s': %m\n", o->program, filename);
    return NULL;
  }
  key = read_line (fp);
  if (key == NULL)
    report_read_error (o, filename);
  return key;
}

static char *
read_from_tty (const struct options *o, const char *device)
{
  CLEANUP_FCLOSE FILE *tty = NULL;
  struct termios saved, noecho;
  bool restore = false;
  char *key;
  int fd, err;

  fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd == -1) {
    fprintf (stderr, "%s: a key is needed for %s, but there is no "
             "terminal to ask on (use --key or --keys-from-stdin)\n",
             o->program, device);
    return NULL;
  }
  tty = fdopen (fd, "r+");
  if (tty == NULL) {
    close (fd);
    fprintf (stderr, "%s: fdopen: /dev/tty: %m\n", o->program);
    return NULL;
  }
  fprintf (tty, "Enter key or passphrase (\"%s\"): ", device);
  fflush (tty);
  if (!o->echo_keys && tcgetattr (fd, &saved) == 0) {
    noecho = saved;
    noecho.c_lflag &= ~ECHO;
    restore = tcsetattr (fd, TCSAFLUSH, &noecho) == 0;
  }
  key = read_line (tty);
  err = errno;
  if (restore) {
    tcsetattr (fd, TCSAFLUSH, &saved);
    fprintf (tty, "\n");
  }
  errno = err;
  if (key == NULL)
    report_read_error (o, "the terminal");
  return key;
}

/* The --key selector for DEVICE: exact device name or "all".  UUID
 * selectors are matched by the caller, which knows the UUID.
 */
static const struct options_key *
find_selector (const struct options *o, const char *id)
{
  size_t i;

  for (i = 0; i < o->nr_keys; ++i)
    if (strcmp (o->keys[i].id, id) == 0)
      return &o->keys[i];
  for (i = 0; i < o->nr_keys; ++i)
    if (strcmp (o->keys[i].id, "all") == 0)
      return &o->keys[i];
  return NULL;
}

char *
options_read_key_uuid (const struct options *o, const char *device,
                       const char *uuid)
{
  const struct options_key *k = find_selector (o, device);
  char *key;

  if ((k == NULL || strcmp (k->id, "all") == 0) && uuid && *uuid) {
    const struct options_key *ku = find_selector (o, uuid);

    if (ku && strcmp (ku->id, "all") != 0)
      k = ku;
  }
  if (k) {
    switch (k->kind) {
    case OPTIONS_KEY_STRING:
      key = strdup (k->value);
      if (key == NULL)
        fprintf (stderr, "%s: out of memory\n", o->program);
      return key;
    case OPTIONS_KEY_FILE:
      return read_from_file (o, k->value);
    case OPTIONS_KEY_CLEVIS:
      fprintf (stderr, "%s: --key %s:clevis: clevis/tang unlocking is "
               "not supported\n", o->program, k->id);
      return NULL;
    }
  }
  if (o->keys_from_stdin) {
    key = read_line (stdin);
    if (key == NULL)
      report_read_error (o, "stdin");
    return key;
  }
  return read_from_tty (o, device);
}

char *
options_read_key (const struct options *o, const char *device)
{
  return options_read_key_uuid (o, device, NULL);
}
