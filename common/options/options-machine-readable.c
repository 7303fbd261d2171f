/** careen - offline disk-image toolkit
 *
 * Where --machine-readable[=FORMAT] output goes, for every tool that
 * has the option: standard output when FORMAT is absent, otherwise
 * stream:stdout, stream:stderr, file:NAME or fd:N, as guestfs-tools
 * define them.  The parser is silent: each tool reports a bad FORMAT
 * or a stream that cannot be opened in its own voice (some of them
 * also write the error as a JSON message).
 */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

/* The descriptor of "fd:N", or -1 when the digits after "fd:" are not
 * a whole non-negative int (a sign, spaces or trailing text would let
 * a typo write into an unrelated descriptor).
 */
static int
parse_fd (const char *digits)
{
  char *end;
  long fd;

  if (*digits < '0' || *digits > '9')
    return -1;
  errno = 0;
  fd = strtol (digits, &end, 10);
  if (errno != 0 || *end != '\0' || fd > INT_MAX)
    return -1;
  return (int) fd;
}

bool
options_machine_readable_valid (const char *format)
{
  if (format == NULL)
    return true;
  if (strcmp (format, "stream:stdout") == 0 ||
      strcmp (format, "stream:stderr") == 0)
    return true;
  if (strncmp (format, "file:", 5) == 0)
    return format[5] != '\0';
  if (strncmp (format, "fd:", 3) == 0)
    return parse_fd (format + 3) >= 0;
  return false;
}

FILE *
options_machine_readable_open (const char *format)
{
  if (!options_machine_readable_valid (format)) {
    errno = EINVAL;
    return NULL;
  }
  if (format == NULL || strcmp (format, "stream:stdout") == 0)
    return stdout;
  if (strcmp (format, "stream:stderr") == 0)
    return stderr;
  if (strncmp (format, "file:", 5) == 0)
    return fopen (format + 5, "we");
  /* fdopen checks that the descriptor is open and writable. */
  return fdopen (parse_fd (format + 3), "w");
}
