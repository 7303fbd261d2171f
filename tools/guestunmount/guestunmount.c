/** careen - offline disk-image toolkit
 *
 * guestunmount: unmount what guestmount (or mount_local) mounted, with
 * fusermount3, retrying while the mount point is busy.  A mount left
 * behind by a killed guestmount ("Transport endpoint is not
 * connected") is unmounted the same way.
 *
 * Exit status, as libguestfs's guestunmount: 0 unmounted, 1 program
 * error, 2 still mounted after the retries (busy), 3 not mounted.
 * Whether the path is a FUSE mount at all is read from
 * /proc/self/mountinfo first, so that a directory that is not one, or
 * a mount of another kind, is never handed to fusermount3.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "options.h"
#include "spawn.h"

#define EXIT_BUSY 2
#define EXIT_NOT_MOUNTED 3

/* Retries by default, as libguestfs's, with a pause doubling from 1 s. */
#define DEFAULT_RETRIES 5

/* Most bytes of fusermount3's messages kept: one or two lines. */
#define MAX_MESSAGE 2048

enum {
  OPT_FD = 0x100,
  OPT_HELP,
  OPT_NO_RETRY,
  OPT_RETRY,
};

static const char short_options[] = "qvV";
static const struct option long_options[] = {
  { "fd", required_argument, NULL, OPT_FD },
  { "help", no_argument, NULL, OPT_HELP },
  { "long-options", no_argument, NULL, 0 },
  { "no-retry", no_argument, NULL, OPT_NO_RETRY },
  { "quiet", no_argument, NULL, 'q' },
  { "retry", required_argument, NULL, OPT_RETRY },
  { "short-options", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

static bool quiet, verbose;

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'guestunmount --help' for more information.\n");
  else
    printf ("guestunmount: clean up a mounted filesystem\n"
            "Usage:\n"
            "  guestunmount [--options] mountpoint\n"
            "Options:\n"
            "  --fd=FD              Wait for pipe FD to close first\n"
            "  --no-retry           Try to unmount only once\n"
            "  -q|--quiet           Don't print fusermount errors\n"
            "  --retry=N            Retry N times (default 5)\n"
            "  -v|--verbose         Verbose messages\n"
            "  -V|--version         Display version and exit\n"
            "  --help               Display help message and exit\n"
            "For more information, see the manpage guestunmount(1).\n");
  exit (status);
}

/* The absolute form of PATH.  realpath fails on a dead FUSE mount
 * (ENOTCONN), so that one is made absolute by hand.
 */
static char *
absolute_path (const char *path)
{
  char *p = realpath (path, NULL);
  CLEANUP_FREE char *cwd = NULL;

  if (p)
    return p;
  if (path[0] == '/')
    p = strdup (path);
  else if ((cwd = getcwd (NULL, 0)) == NULL ||
           asprintf (&p, "%s/%s", cwd, path) == -1)
    p = NULL;
  if (p == NULL) {
    perror ("guestunmount");
    exit (EXIT_FAILURE);
  }
  return p;
}

/* Undoes mountinfo's octal escapes (\040 for a space) in place. */
static void
unescape (char *s)
{
  char *out = s;

  while (*s) {
    if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
        s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
      *out++ = (char) ((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
      s += 4;
    }
    else
      *out++ = *s++;
  }
  *out = '\0';
}

/* The filesystem type mounted on MP (the last mount wins), or NULL. */
static char *
mount_type (const char *mp)
{
  FILE *fp = fopen ("/proc/self/mountinfo", "r");
  char *line = NULL, *type = NULL;
  size_t cap = 0;

  if (fp == NULL) {
    perror ("guestunmount: /proc/self/mountinfo");
    exit (EXIT_FAILURE);
  }
  while (getline (&line, &cap, fp) != -1) {
    /* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE ... */
    char *fields[5], *sep, *save = NULL, *t;
    size_t i;

    sep = strstr (line, " - ");
    if (sep == NULL)
      continue;
    *sep = '\0';
    fields[0] = strtok_r (line, " ", &save);
    for (i = 1; i < 5 && fields[i - 1]; ++i)
      fields[i] = strtok_r (NULL, " ", &save);
    if (i < 5 || fields[4] == NULL)
      continue;
    unescape (fields[4]);
    if (strcmp (fields[4], mp) != 0)
      continue;
    t = strtok_r (sep + 3, " ", &save);
    if (t) {
      free (type);
      type = strdup (t);
    }
  }
  free (line);
  fclose (fp);
  return type;
}

/* Runs fusermount3 -u once.  Returns its exit status, or -1 when it
 * could not run (printed); its messages go to MSG.
 */
static int
fusermount (const char *mp, char *msg, size_t len)
{
  char *argv[] = { (char *) "fusermount3", (char *) "-u", (char *) mp,
                   NULL };
  struct spawn s;
  size_t n = 0;

  spawn_init (&s, "guestunmount", argv);
#ifdef FUSERMOUNT
  s.file = FUSERMOUNT;
#endif
  s.fd[0] = SPAWN_DEVNULL;
  s.fd[1] = SPAWN_PIPE;
  s.fd[2] = SPAWN_PIPE;
  if (spawn_start (&s) == -1)
    return -1;
  /* fusermount3 writes little: reading one pipe then the other does not
   * block it.
   */
  for (int i = 1; i <= 2; ++i) {
    char buf[512];
    ssize_t r;

    while ((r = read (s.pipe[i], buf, sizeof buf)) != 0) {
      if (r == -1) {
        if (errno == EINTR)
          continue;
        break;
      }
      if (n + r < len) {
        memcpy (msg + n, buf, r);
        n += r;
      }
    }
  }
  msg[n] = '\0';
  return spawn_wait (&s);
}

/* --fd: the caller's pipe closes when it is done with the mount. */
static void
wait_for_close (int fd)
{
  struct pollfd p = { .fd = fd, .events = POLLIN };
  char buf[256];

  for (;;) {
    if (poll (&p, 1, -1) == -1) {
      if (errno == EINTR)
        continue;
      break;
    }
    if (p.revents & POLLNVAL)
      break;
    if (read (fd, buf, sizeof buf) <= 0 && errno != EINTR)
      break;
  }
}

/* Unmounts MP, trying RETRIES more times while it is busy.  Returns
 * the exit status.
 */
static int
unmount (const char *mp, int retries)
{
  char msg[MAX_MESSAGE];
  unsigned pause_s = 1;
  int i;

  for (i = 0; i <= retries; ++i) {
    int status;

    if (i > 0) {
      if (verbose)
        fprintf (stderr, "guestunmount: %s is busy, trying again in %u "
                 "s\n", mp, pause_s);
      sleep (pause_s);
      pause_s *= 2;
    }
    if (verbose)
      fprintf (stderr, "guestunmount: fusermount3 -u %s\n", mp);
    status = fusermount (mp, msg, sizeof msg);
    if (status == -1)
      return EXIT_FAILURE;
    if (status == 0)
      return EXIT_SUCCESS;
    if (strstr (msg, "not found") || strstr (msg, "not mounted")) {
      if (!quiet)
        fputs (msg, stderr);
      return EXIT_NOT_MOUNTED;
    }
  }
  if (!quiet)
    fputs (msg, stderr);
  return EXIT_BUSY;
}

int
main (int argc, char *argv[])
{
  int c, option_index = -1, retries = DEFAULT_RETRIES, fd = -1;
  CLEANUP_FREE char *mp = NULL, *type = NULL;

  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    switch (c) {
    case OPT_HELP: usage (EXIT_SUCCESS);
    case OPT_FD:
      fd = options_parse_int ("guestunmount", "--fd", optarg, 0, INT_MAX);
      break;
    case OPT_NO_RETRY: retries = 0; break;
    case OPT_RETRY:
      retries = options_parse_int ("guestunmount", "--retry", optarg, 0,
                                   INT_MAX);
      break;
    case 'q': quiet = true; break;
    case 'v': verbose = true; break;
    case 'V':
      options_print_version ("guestunmount");
      exit (EXIT_SUCCESS);
    case 0:
      if (strcmp (long_options[option_index].name, "long-options") == 0) {
        options_print_long_options (long_options);
        exit (EXIT_SUCCESS);
      }
      options_print_short_options (short_options);
      exit (EXIT_SUCCESS);
    default:
      usage (EXIT_FAILURE);
    }
  }
  if (optind != argc - 1) {
    fprintf (stderr, "guestunmount: give one mount point\n");
    usage (EXIT_FAILURE);
  }
  if (fd >= 0)
    wait_for_close (fd);

  mp = absolute_path (argv[optind]);
  type = mount_type (mp);
  if (type == NULL) {
    if (!quiet)
      fprintf (stderr, "guestunmount: %s is not mounted\n", mp);
    return EXIT_NOT_MOUNTED;
  }
  if (strcmp (type, "fuse") != 0 && strncmp (type, "fuse.", 5) != 0) {
    if (!quiet)
      fprintf (stderr, "guestunmount: %s is not a FUSE mount (it is %s)\n",
               mp, type);
    return EXIT_NOT_MOUNTED;
  }
  return unmount (mp, retries);
}
