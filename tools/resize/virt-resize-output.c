/** careen - offline disk-image toolkit
 *
 * virt-resize: how its messages look, as in libguestfs's virt-resize.
 * Progress lines, warnings and errors are coloured (green, blue, red)
 * and warnings and errors are wrapped to the width of a terminal when
 * they go to one, or always with --colors and --wrap.  The
 * machine-readable output (--machine-readable[=FORMAT]) goes to
 * stdout, or to the stream, file or descriptor FORMAT names; with a
 * FORMAT, progress lines, warnings and errors are also written there,
 * one JSON object each.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "options.h"
#include "virt-resize.h"

/* Width of wrapped messages: libguestfs's, a margin inside 80 columns. */
#define RZ_WRAP_WIDTH 76

#define ANSI_GREEN "\033[0;32m"
#define ANSI_RED "\033[1;31m"
#define ANSI_BLUE "\033[1;34m"
#define ANSI_RESTORE "\033[0m"

bool rz_colors_opt, rz_wrap_opt;
FILE *rz_mr_out;
static bool mr_json;

static bool
colors (FILE *fp)
{
  return rz_colors_opt || isatty (fileno (fp));
}

/* Writes TEXT, wrapped when asked or on a terminal: a word that would
 * go past the width starts a new line.
 */
static void
put_wrapped (FILE *fp, const char *text)
{
  size_t col = 0;
  const char *p = text;

  if (!rz_wrap_opt && !isatty (fileno (fp))) {
    fputs (text, fp);
    return;
  }
  while (*p) {
    size_t len = strcspn (p, " \n");

    if (col > 0 && col + len > RZ_WRAP_WIDTH) {
      fputc ('\n', fp);
      col = 0;
    }
    fwrite (p, 1, len, fp);
    col += len;
    p += len;
    if (*p == ' ') {
      fputc (' ', fp);
      col++;
      p++;
    }
    else if (*p == '\n') {
      fputc ('\n', fp);
      col = 0;
      p++;
    }
  }
}

/* A message of TYPE ("message", "warning", "error") as libguestfs's
 * tools write it to a machine-readable stream: one JSON object a line.
 */
static void
json_message (const char *type, const char *msg)
{
  struct timespec ts;
  struct tm tm;
  char date[64], zone[16];

  clock_gettime (CLOCK_REALTIME, &ts);
  localtime_r (&ts.tv_sec, &tm);
  strftime (date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  strftime (zone, sizeof zone, "%z", &tm);
  fputs ("{ \"message\": ", rz_mr_out);
  options_json_string (rz_mr_out, msg);
  /* ISO 8601 wants the zone as +hh:mm. */
  fprintf (rz_mr_out, ", \"timestamp\": \"%s.%09ld%.3s:%s\", "
           "\"type\": \"%s\" }\n", date, ts.tv_nsec, zone, zone + 3, type);
  fflush (rz_mr_out);
}

void
rz_report (const char *kind, const char *fs, va_list args)
{
  char *msg = NULL;
  bool error = strcmp (kind, "error") == 0;
  bool c = colors (stderr);

  if (vasprintf (&msg, fs, args) == -1)
    msg = NULL;
  fflush (stdout);
  if (c)
    fputs (error ? ANSI_RED : ANSI_BLUE, stderr);
  fprintf (stderr, "%s: %s: ", PROGRAM, kind);
  put_wrapped (stderr, msg ? msg : fs);
  if (c)
    fputs (ANSI_RESTORE, stderr);
  fputc ('\n', stderr);
  if (mr_json && msg)
    json_message (kind, msg);
  free (msg);
}

void
rz_progress_line (double t, const char *fs, va_list args)
{
  bool c = colors (stdout);
  char *msg = NULL;

  if (vasprintf (&msg, fs, args) == -1) {
    perror ("vasprintf");
    return;
  }
  if (mr_json)
    json_message ("message", msg);
  printf ("[%6.1f] ", t);
  if (c)
    fputs (ANSI_GREEN, stdout);
  fputs (msg, stdout);
  free (msg);
  if (c)
    fputs (ANSI_RESTORE, stdout);
  putchar ('\n');
  fflush (stdout);
}

int
rz_set_machine_readable (const char *format)
{
  if (!options_machine_readable_valid (format)) {
    fprintf (stderr, "%s: error: invalid format string for "
             "--machine-readable: %s\n", PROGRAM, format);
    return -1;
  }
  rz_mr_out = options_machine_readable_open (format);
  if (rz_mr_out == NULL) {
    fprintf (stderr, "%s: error: --machine-readable: %s: %m\n", PROGRAM,
             format);
    return -1;
  }
  mr_json = true;
  return 0;
}
