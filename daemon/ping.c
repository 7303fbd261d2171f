/* careen - offline disk-image toolkit */

/**
 * Calls that test the channel itself: ping_daemon and echo_daemon.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

int
do_ping_daemon (void)
{
  return 0;
}

/* The words joined by single spaces, as libguestfs does. */
char *
do_echo_daemon (char *const *words)
{
  char *r = strings_join (words, " ");

  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}
