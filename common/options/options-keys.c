/** careen - offline disk-image toolkit
 *
 * Keys of encrypted guest devices, for -i and -m (--key, or asking),
 * and the keys that guestfish's commands (cryptsetup-open...) ask for.
 * A key never comes from the command line of a tool run by accident
 * into shell history: --key ID:key:KEY exists for scripts, but the
 * default is to ask on the terminal (/dev/tty, with echo off unless
 * --echo-keys), and --keys-from-stdin reads one line of stdin per key
 * for programs that feed a tool.  Keys are wiped before being freed.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "key-input.h"
#include "options.h"

/* Says why no key could be read from FROM ("stdin", a file name, or
 * "the terminal"); errno tells: 0 for the end of the input.
 */
static void
report_read_error (const char *who, const char *what, const char *from)
{
  if (errno == 0)
    fprintf (stderr, "%s: reading %s from %s: end of input\n",
             who, what, from);
  else if (errno == E2BIG)
    fprintf (stderr, "%s: reading %s from %s: longer than %d bytes\n",
             who, what, from, OPTIONS_MAX_KEY_LEN);
  else
    fprintf (stderr, "%s: reading %s from %s: %m\n", who, what, from);
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
  key = key_read_line (fp, OPTIONS_MAX_KEY_LEN);
  if (key == NULL)
    report_read_error (o->program, "a key", filename);
  return key;
}

char *
options_ask_key (const struct options *o, const char *who,
                 const char *what, const char *prompt)
{
  char *key = NULL;

  if (o->keys_from_stdin) {
    key = key_read_line (stdin, OPTIONS_MAX_KEY_LEN);
    if (key == NULL)
      report_read_error (who, what, "stdin");
    return key;
  }
  switch (key_read_tty (prompt, o->echo_keys, OPTIONS_MAX_KEY_LEN, &key)) {
  case KEY_TTY_OK:
    break;
  case KEY_TTY_NO_TERMINAL:
    fprintf (stderr, "%s: cannot ask for %s: no terminal (%m); use "
             "--keys-from-stdin\n", who, what);
    break;
  case KEY_TTY_READ_ERROR:
    report_read_error (who, what, "the terminal");
    break;
  }
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

/* Asks for the key of DEVICE, as the tools do for -i. */
static char *
ask_device_key (const struct options *o, const char *device)
{
  CLEANUP_FREE char *prompt = NULL, *what = NULL;

  if (asprintf (&prompt, "Enter key or passphrase (\"%s\"): ",
                device) == -1) {
    prompt = NULL;
    goto out_nomem;
  }
  if (asprintf (&what, "the key of %s", device) == -1) {
    what = NULL;
    goto out_nomem;
  }
  return options_ask_key (o, o->program, what, prompt);

 out_nomem:
  fprintf (stderr, "%s: out of memory\n", o->program);
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
  return ask_device_key (o, device);
}

char *
options_read_key (const struct options *o, const char *device)
{
  return options_read_key_uuid (o, device, NULL);
}
