/* careen - offline disk-image toolkit
 * Messages of the v2v programs: errors and warnings on stderr named
 * after the program, progress lines with the time since it started.
 * With --machine-readable, errors and warnings go to stdout as well,
 * prefixed "error:" / "warning:", for the program that drives us.
 */

#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "v2v.h"

static const char *program_name = "virt-v2v";
static bool quiet_mode;
static bool machine_mode;
static struct timespec start_time;

void
v2v_set_program (const char *program, bool quiet, bool machine_readable)
{
  program_name = program;
  quiet_mode = quiet;
  machine_mode = machine_readable;
  clock_gettime (CLOCK_MONOTONIC, &start_time);
}

const char *
v2v_program (void)
{
  return program_name;
}

bool
v2v_quiet (void)
{
  return quiet_mode;
}

static void
message (const char *kind, const char *fs, va_list args)
{
  va_list copy;

  va_copy (copy, args);
  fflush (stdout);
  fprintf (stderr, "%s: %s: ", program_name, kind);
  vfprintf (stderr, fs, args);
  fputc ('\n', stderr);
  if (machine_mode) {
    printf ("%s: ", kind);
    vprintf (fs, copy);
    putchar ('\n');
    fflush (stdout);
  }
  va_end (copy);
}

void
v2v_error (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  message ("error", fs, args);
  va_end (args);
}

void
v2v_warning (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  message ("warning", fs, args);
  va_end (args);
}

void
v2v_progress (const char *fs, ...)
{
  struct timespec now;
  double t;
  va_list args;

  if (quiet_mode)
    return;
  clock_gettime (CLOCK_MONOTONIC, &now);
  t = (now.tv_sec - start_time.tv_sec) +
    (now.tv_nsec - start_time.tv_nsec) / 1e9;
  printf ("[%6.1f] ", t);
  va_start (args, fs);
  vprintf (fs, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}
