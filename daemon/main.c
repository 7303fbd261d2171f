/* careen - offline disk-image toolkit */

/**
 * careen-daemon: the program the appliance's init runs.  It opens the
 * channel to the library, says it is ready, then serves calls one at a
 * time until the library closes the channel.
 *
 *   careen-daemon --channel /dev/vport0p1 [--stall N] [--verbose]
 *                 [--sysroot DIR]
 *
 * --stall N stops the keep-alive while a disk's I/O has stood still for
 * N seconds (disk-stall.c).
 *
 * --channel also accepts a UNIX socket path (connected to) or "fd:N" (an
 * inherited descriptor), and --sysroot another directory than /sysroot,
 * so that the daemon can be run and tested on the host without booting
 * an appliance.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon.h"

bool verbose;
const char *sysroot = "/sysroot";
size_t sysroot_len = 8;

static void __attribute__ ((noreturn))
usage (int status)
{
  fprintf (status ? stderr : stdout,
           "usage: careen-daemon --channel PATH|fd:N [--stall N] "
           "[--verbose] [--sysroot DIR]\n");
  exit (status);
}

/* Opens the channel named on the command line; exits on failure since
 * without it there is nobody to report to.
 */
static int
open_channel (const char *name)
{
  struct stat st;
  int fd;

  if (strncmp (name, "fd:", 3) == 0) {
    char *end;
    long n;

    errno = 0;
    n = strtol (name + 3, &end, 10);
    if (errno || *end || end == name + 3 || n < 0 || n > INT_MAX) {
      fprintf (stderr, "careen-daemon: --channel: invalid fd: %s\n", name);
      exit (EXIT_FAILURE);
    }
    /* Programs the daemon runs must not hold the channel. */
    fcntl ((int) n, F_SETFD, FD_CLOEXEC);
    return (int) n;
  }

  if (stat (name, &st) == 0 && S_ISSOCK (st.st_mode)) {
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    if (strlen (name) >= sizeof addr.sun_path) {
      fprintf (stderr, "careen-daemon: --channel: socket path too long: %s\n",
               name);
      exit (EXIT_FAILURE);
    }
    strcpy (addr.sun_path, name);
    fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1 ||
        connect (fd, (struct sockaddr *) &addr, sizeof addr) == -1) {
      fprintf (stderr, "careen-daemon: connect: %s: %m\n", name);
      exit (EXIT_FAILURE);
    }
    return fd;
  }

  fd = open (name, O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd == -1) {
    fprintf (stderr, "careen-daemon: open: %s: %m\n", name);
    exit (EXIT_FAILURE);
  }
  return fd;
}

int
main (int argc, char *argv[])
{
  enum { OPT_CHANNEL = 256, OPT_SYSROOT, OPT_STALL };
  static const struct option long_options[] = {
    { "channel", required_argument, NULL, OPT_CHANNEL },
    { "help", no_argument, NULL, 'h' },
    { "stall", required_argument, NULL, OPT_STALL },
    { "sysroot", required_argument, NULL, OPT_SYSROOT },
    { "verbose", no_argument, NULL, 'v' },
    { NULL, 0, NULL, 0 },
  };
  const char *channel = NULL;
  int c, fd;

  while ((c = getopt_long (argc, argv, "hv", long_options, NULL)) != -1) {
    switch (c) {
    case OPT_CHANNEL:
      channel = optarg;
      break;
    case OPT_SYSROOT: {
      char *p = realpath (optarg, NULL);
      if (p == NULL) {
        fprintf (stderr, "careen-daemon: --sysroot: %s: %m\n", optarg);
        exit (EXIT_FAILURE);
      }
      /* "/" as sysroot would make every prefix check trivially true
       * and strip nothing; it is never what a test wants.
       */
      if (strcmp (p, "/") == 0) {
        fprintf (stderr, "careen-daemon: --sysroot: must not be /\n");
        exit (EXIT_FAILURE);
      }
      sysroot = p;
      sysroot_len = strlen (p);
      break;
    }
    case OPT_STALL: {
      char *end;
      long v;

      errno = 0;
      v = strtol (optarg, &end, 10);
      if (errno || *end || v < 1 || v > 86400) {
        fprintf (stderr, "careen-daemon: --stall: '%s': not a number of "
                 "seconds from 1 to 86400\n", optarg);
        exit (EXIT_FAILURE);
      }
      stall_seconds = (int) v;
      break;
    }
    case 'v':
      verbose = true;
      break;
    case 'h':
      usage (EXIT_SUCCESS);
    default:
      usage (EXIT_FAILURE);
    }
  }
  if (optind != argc || channel == NULL)
    usage (EXIT_FAILURE);

  /* Tool output is parsed and quoted in error messages: keep it in one
   * language.  Files are created as libguestfs does, with umask 022.
   */
  setenv ("LC_ALL", "C", 1);
  umask (022);
  /* A closed channel shows up as EPIPE from write, handled there. */
  signal (SIGPIPE, SIG_IGN);

  fd = open_channel (channel);
  proto_init (fd);
  proto_send_ready ();
  proto_start_keepalive ();
  if (verbose)
    fprintf (stderr, "careen-daemon: ready, sysroot %s\n", sysroot);

  while (proto_serve_one () == 0)
    ;

  if (verbose)
    fprintf (stderr, "careen-daemon: end of file on the channel\n");
  return EXIT_SUCCESS;
}
