/** careen - offline disk-image toolkit
 *
 * Keys and passphrases.  A command with a key argument (cryptsetup-open,
 * luks-format...) does not take the key on its command line, where it
 * would end up in shell history and in ps(1): guestfish asks for it.
 * By default it is read from the terminal (/dev/tty, even when stdin
 * is a script) with echo off; --echo-keys leaves echo on, and
 * --keys-from-stdin reads one line of stdin instead, for scripts fed
 * by another program.
 *
 * --key ID:key:KEY, --key ID:file:FILE and --key ID:clevis record
 * which key opens which encrypted device for inspection (-i); they are
 * checked and kept here.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "fish.h"
#include "key-input.h"

/* Longest key accepted, from the terminal or stdin.  LUKS passphrases
 * are at most 512 bytes by default; the bound keeps a key read from a
 * runaway stdin from growing without limit.
 */
#define FISH_MAX_KEY 8192

/* Most --key options kept: one per encrypted device is the use. */
#define FISH_MAX_KEY_SELECTORS 64

bool fish_keys_from_stdin;
bool fish_echo_keys;

struct key_selector {
  char *id;                     /* device name or UUID, or "all" */
  enum { KEY_STRING, KEY_FILE, KEY_CLEVIS } kind;
  char *value;                  /* the key, or the file name */
};

static struct key_selector selectors[FISH_MAX_KEY_SELECTORS];
static size_t nr_selectors;

void
fish_free_key (char **keyp)
{
  key_free (*keyp);
}

static char *
read_key_from_stdin (const char *cmd, const char *name)
{
  char *key = key_read_line (stdin, FISH_MAX_KEY);

  if (key == NULL) {
    if (errno == 0)
      fprintf (stderr, "%s: reading the %s from stdin: end of input\n",
               cmd, name);
    else if (errno == E2BIG)
      fprintf (stderr, "%s: reading the %s from stdin: longer than %d "
               "bytes\n", cmd, name, FISH_MAX_KEY);
    else
      fprintf (stderr, "%s: reading the %s from stdin: %m\n", cmd, name);
  }
  return key;
}

static char *
read_key_from_tty (const char *cmd, const char *name)
{
  CLEANUP_FREE char *prompt = NULL;
  char *key = NULL;

  if (asprintf (&prompt, "Enter %s for %s: ", name, cmd) == -1) {
    perror ("asprintf");
    return NULL;
  }
  switch (key_read_tty (prompt, fish_echo_keys, FISH_MAX_KEY, &key)) {
  case KEY_TTY_OK:
    break;
  case KEY_TTY_NO_TERMINAL:
    fprintf (stderr, "%s: cannot ask for the %s: no terminal (%m); use "
             "--keys-from-stdin\n", cmd, name);
    break;
  case KEY_TTY_READ_ERROR:
    if (errno == 0)
      fprintf (stderr, "%s: no %s given\n", cmd, name);
    else if (errno == E2BIG)
      fprintf (stderr, "%s: the %s is longer than %d bytes\n", cmd, name,
               FISH_MAX_KEY);
    else
      fprintf (stderr, "%s: reading the %s: %m\n", cmd, name);
    break;
  }
  return key;
}

char *
fish_read_key (const char *cmd, const char *name)
{
  if (fish_keys_from_stdin)
    return read_key_from_stdin (cmd, name);
  return read_key_from_tty (cmd, name);
}

/* Splits "ID:kind[:value]".  The ID is a device name or a UUID, which
 * never holds a ':', so the first ':' ends it; the value (a key) may
 * contain any character, ':' included.
 */
int
fish_add_key_selector (const char *arg)
{
  const char *colon = strchr (arg, ':');
  const char *kind, *value;
  struct key_selector *s;
  size_t kind_len;

  if (nr_selectors >= FISH_MAX_KEY_SELECTORS) {
    fprintf (stderr, "guestfish: --key: more than %d keys\n",
             FISH_MAX_KEY_SELECTORS);
    return -1;
  }
  if (colon == NULL || colon == arg)
    goto out_invalid;
  kind = colon + 1;
  kind_len = strcspn (kind, ":");
  value = kind[kind_len] == ':' ? kind + kind_len + 1 : NULL;

  s = &selectors[nr_selectors];
  if (kind_len == 3 && strncmp (kind, "key", 3) == 0 && value)
    s->kind = KEY_STRING;
  else if (kind_len == 4 && strncmp (kind, "file", 4) == 0 && value &&
           *value)
    s->kind = KEY_FILE;
  else if (kind_len == 6 && strncmp (kind, "clevis", 6) == 0 && !value)
    s->kind = KEY_CLEVIS;
  else
    goto out_invalid;

  s->id = strndup (arg, colon - arg);
  s->value = value ? strdup (value) : NULL;
  if (s->id == NULL || (value && s->value == NULL)) {
    perror ("strdup");
    free (s->id);
    free (s->value);
    return -1;
  }
  nr_selectors++;
  return 0;

 out_invalid:
  /* Not the argument itself: it may hold a key. */
  fprintf (stderr, "guestfish: --key: expected ID:key:KEY, ID:file:FILENAME "
           "or ID:clevis\n");
  return -1;
}

void
fish_free_key_selectors (void)
{
  size_t i;

  for (i = 0; i < nr_selectors; ++i) {
    free (selectors[i].id);
    if (selectors[i].value) {
      explicit_bzero (selectors[i].value, strlen (selectors[i].value));
      free (selectors[i].value);
    }
  }
  nr_selectors = 0;
}
