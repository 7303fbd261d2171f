/* careen - offline disk-image toolkit */

/**
 * sleep: the daemon waits before replying, for tests of timeouts and
 * cancellation.
 */

#include <config.h>

#include <errno.h>
#include <time.h>

#include "daemon.h"

int
do_sleep (int secs)
{
  struct timespec ts = { .tv_sec = secs, .tv_nsec = 0 };

  if (secs < 0) {
    reply_with_error_errno (EINVAL, "%d: the number of seconds must not be "
                            "negative", secs);
    return -1;
  }
  /* A signal (the daemon ignores most) must not cut the wait short. */
  while (nanosleep (&ts, &ts) == -1) {
    if (errno != EINTR) {
      reply_with_perror ("nanosleep");
      return -1;
    }
  }
  return 0;
}
