/** careen - offline disk-image toolkit
 *
 * virt-builder-repository: its messages.  Errors and warnings go to
 * stderr with the program's name, so that a script that runs the tool
 * over many repositories sees which program complained; progress goes
 * to stdout and --quiet silences it alone.
 */

#include <config.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repository.h"

static void
vprint (const char *kind, const char *fs, va_list args)
{
  fprintf (stderr, "%s: %s: ", PROGRAM, kind);
  vfprintf (stderr, fs, args);
  fputc ('\n', stderr);
}

void
repo_error (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vprint ("error", fs, args);
  va_end (args);
}

void
repo_warning (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vprint ("warning", fs, args);
  va_end (args);
}

void
repo_message (const struct repo_options *opts, const char *fs, ...)
{
  va_list args;

  /* Progress stays out of machine-readable output on stdout. */
  FILE *fp = opts->machine == stdout ? stderr : stdout;

  if (opts->quiet)
    return;
  va_start (args, fs);
  vfprintf (fp, fs, args);
  va_end (args);
  fputc ('\n', fp);
  /* Interleaved with what xz and gpg print on our stderr. */
  fflush (fp);
}

FILE *
repo_machine_stream (const char *spec)
{
  FILE *fp = NULL;
  char *end;
  long fd;

  if (spec == NULL || strcmp (spec, "stream:stdout") == 0)
    return stdout;
  if (strcmp (spec, "stream:stderr") == 0)
    return stderr;
  if (strncmp (spec, "file:", 5) == 0 && spec[5] != '\0') {
    fp = fopen (spec + 5, "we");
    if (fp == NULL)
      repo_error ("--machine-readable: open: '%s': %m", spec + 5);
    return fp;
  }
  if (strncmp (spec, "fd:", 3) == 0) {
    fd = strtol (spec + 3, &end, 10);
    if (end > spec + 3 && *end == '\0' && fd >= 0 && fd < INT_MAX) {
      fp = fdopen ((int) fd, "w");
      if (fp == NULL)
        repo_error ("--machine-readable: fd %ld: %m", fd);
      return fp;
    }
  }
  repo_error ("--machine-readable: '%s' is not stream:stdout, "
              "stream:stderr, file:NAME or fd:N", spec);
  return NULL;
}
