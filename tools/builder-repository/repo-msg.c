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
