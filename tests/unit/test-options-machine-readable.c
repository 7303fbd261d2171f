/* careen - offline disk-image toolkit
 * --machine-readable[=FORMAT] of the tools: which FORMATs are valid,
 * and that each opens the stream it names (a file written and read
 * back, a pipe's write end, standard streams themselves).
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"

static int failures;

static void
fail (const char *format, const char *why)
{
  fprintf (stderr, "FAIL: %s: %s\n", format ? format : "(none)", why);
  failures++;
}

static void
valid (const char *format, int want)
{
  if (options_machine_readable_valid (format) != want)
    fail (format, want ? "refused" : "accepted");
  /* An invalid FORMAT is never opened. */
  if (!want) {
    errno = 0;
    if (options_machine_readable_open (format) != NULL)
      fail (format, "opened");
    else if (errno != EINVAL)
      fail (format, "errno is not EINVAL");
  }
}

/* FORMAT opened must be the stream WANT itself. */
static void
same_stream (const char *format, FILE *want)
{
  if (options_machine_readable_open (format) != want)
    fail (format, "not the standard stream");
}

/* file:NAME creates NAME (truncating what was there), and what is
 * written to the stream lands in it.
 */
static void
file_stream (const char *dir)
{
  char path[256], format[300], got[64] = "";
  FILE *fp, *in;

  /* DIR is a short mkdtemp name. */
  snprintf (path, sizeof path, "%s/mr", dir);
  snprintf (format, sizeof format, "file:%s", path);
  fp = fopen (path, "w");
  if (fp == NULL || fputs ("something longer than the line\n", fp) == EOF ||
      fclose (fp) == EOF) {
    fail (format, "cannot write the old contents");
    return;
  }
  fp = options_machine_readable_open (format);
  if (fp == NULL || fp == stdout || fp == stderr) {
    fail (format, "no new stream");
    return;
  }
  fputs ("line\n", fp);
  fclose (fp);
  in = fopen (path, "r");
  if (in == NULL) {
    fail (format, "not created");
    return;
  }
  if (fread (got, 1, sizeof got - 1, in) == 0 || strcmp (got, "line\n") != 0)
    fail (format, "wrong contents");
  fclose (in);
  unlink (path);

  /* A file that cannot be created: NULL with the errno of open. */
  snprintf (format, sizeof format, "file:%s/no/such/dir/mr", dir);
  errno = 0;
  if (options_machine_readable_open (format) != NULL || errno != ENOENT)
    fail (format, "not ENOENT");
}

/* fd:N writes to descriptor N; a closed or read-only one fails. */
static void
fd_stream (void)
{
  int p[2];
  char format[32], got[16] = "";
  FILE *fp;

  if (pipe (p) == -1) {
    perror ("pipe");
    exit (EXIT_FAILURE);
  }
  snprintf (format, sizeof format, "fd:%d", p[1]);
  fp = options_machine_readable_open (format);
  if (fp == NULL)
    fail (format, strerror (errno));
  else {
    fputs ("hello", fp);
    fclose (fp);              /* closes p[1] */
    if (read (p[0], got, sizeof got - 1) != 5 || strcmp (got, "hello") != 0)
      fail (format, "wrong bytes in the pipe");
  }
  /* p[1] is closed now. */
  if (options_machine_readable_open (format) != NULL)
    fail (format, "a closed descriptor opened");
  /* The read end cannot be written. */
  snprintf (format, sizeof format, "fd:%d", p[0]);
  if (options_machine_readable_open (format) != NULL)
    fail (format, "a read-only descriptor opened");
  close (p[0]);
}

int
main (void)
{
  char dir[] = "/tmp/test-mr.XXXXXX";

  valid (NULL, 1);
  valid ("stream:stdout", 1);
  valid ("stream:stderr", 1);
  valid ("file:x", 1);
  valid ("file:/a/b c", 1);
  valid ("fd:0", 1);
  valid ("fd:2147483647", 1);
  valid ("", 0);
  valid ("bogus", 0);
  valid ("bogus:x", 0);
  valid ("stream:", 0);
  valid ("stream:nowhere", 0);
  valid ("stream:stdout2", 0);
  valid ("file:", 0);
  valid ("fd:", 0);
  valid ("fd:x", 0);
  valid ("fd:-1", 0);
  valid ("fd:+3", 0);
  valid ("fd: 3", 0);
  valid ("fd:3x", 0);
  valid ("fd:2147483648", 0);
  valid ("fd:99999999999999999999", 0);
  valid ("FILE:x", 0);

  same_stream (NULL, stdout);
  same_stream ("stream:stdout", stdout);
  same_stream ("stream:stderr", stderr);

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  file_stream (dir);
  rmdir (dir);
  fd_stream ();

  if (failures) {
    fprintf (stderr, "%d failure(s)\n", failures);
    exit (EXIT_FAILURE);
  }
  return 0;
}
