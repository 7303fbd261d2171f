/** careen - offline disk-image toolkit
 *
 * virt-builder's small helpers: messages, sizes as people write them,
 * command lines of --curl and --gpg, the host architecture and the
 * SHA-512 of a template (by sha512sum, which every host has: careen
 * links no crypto library for one checksum).
 */

#include <config.h>

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "stringsbuf.h"
#include "xalloc.h"
#include "virt-builder.h"

void
vb_error (const char *fs, ...)
{
  va_list args;

  fprintf (stderr, "%s: error: ", PROGRAM);
  va_start (args, fs);
  vfprintf (stderr, fs, args);
  va_end (args);
  fputc ('\n', stderr);
}

/* "[  12.3] message" from the start of the run, as the customize
 * operations print theirs.
 */
void
vb_message (const struct vb_opts *o, const char *fs, ...)
{
  static struct timespec start;
  struct timespec now;
  va_list args;

  if (start.tv_sec == 0)
    clock_gettime (CLOCK_MONOTONIC, &start);
  if (o->quiet)
    return;
  clock_gettime (CLOCK_MONOTONIC, &now);
  printf ("[%6.1f] ", (now.tv_sec - start.tv_sec) +
          (now.tv_nsec - start.tv_nsec) / 1e9);
  va_start (args, fs);
  vprintf (fs, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

/* 1536 is "1.5K", 1073741824 "1.0G": each step divides by 1024 in
 * whole numbers before the last, as libguestfs's listing does, so the
 * --list output is the same.
 */
char *
vb_human_size (uint64_t n)
{
  static const char units[] = "KMG";
  char *r;
  size_t u;
  double f;

  if (n < 1024) {
    if (asprintf (&r, "%" PRIu64, n) == -1)
      die_nomem ();
    return r;
  }
  for (u = 0;; ++u) {
    f = n / 1024.0;
    n /= 1024;
    if (n < 1024 || u == sizeof units - 2)
      break;
  }
  if (asprintf (&r, "%.1f%c", f, units[u]) == -1)
    die_nomem ();
  return r;
}

/* "32G", "512M", "10737418240b" (bytes), or a plain number of bytes. */
int
vb_parse_size (const char *s, uint64_t *r)
{
  char *end;
  unsigned long long n;
  double d;
  uint64_t mult = 1;

  if (!isdigit ((unsigned char) *s))
    return -1;
  n = strtoull (s, &end, 10);
  if (*end == '.') {
    d = strtod (s, &end);
  }
  else
    d = (double) n;
  switch (*end) {
  case '\0': case 'b': break;
  case 'K': case 'k': mult = 1ULL << 10; break;
  case 'M': case 'm': mult = 1ULL << 20; break;
  case 'G': case 'g': mult = 1ULL << 30; break;
  case 'T': case 't': mult = 1ULL << 40; break;
  default: return -1;
  }
  if (*end && end[1] != '\0')
    return -1;
  if (d * mult >= 18446744073709551615.0)
    return -1;
  *r = (uint64_t) (d * mult);
  return 0;
}

/* --curl "curl --insecure": words separated by spaces, no quoting. */
char **
vb_split_command (const char *cmd)
{
  struct stringsbuf sb;
  char **r;

  stringsbuf_init (&sb);
  while (*cmd) {
    size_t len;

    cmd += strspn (cmd, " \t");
    len = strcspn (cmd, " \t");
    if (len == 0)
      break;
    if (stringsbuf_add_string_nodup (&sb, xstrndup (cmd, len)) == -1)
      die_nomem ();
    cmd += len;
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    die_nomem ();
  return r;
}

const char *
vb_host_arch (void)
{
  static struct utsname u;

  if (u.machine[0] == '\0' && uname (&u) == -1)
    return "x86_64";
  return u.machine;
}

int
vb_sha512_file (const char *file, char hex[129])
{
  char *argv[] = { (char *) "sha512sum", (char *) "--", (char *) file, NULL };
  struct spawn s;
  char buf[256];
  size_t got = 0;
  ssize_t r;

  spawn_init (&s, PROGRAM, argv);
  s.fd[1] = SPAWN_PIPE;
  if (spawn_start (&s) == -1)
    return -1;
  while (got < sizeof buf - 1 &&
         (r = read (s.pipe[1], buf + got, sizeof buf - 1 - got)) > 0)
    got += r;
  buf[got] = '\0';
  if (spawn_wait (&s) != 0 || got < 128) {
    vb_error ("sha512sum: '%s': could not compute the checksum", file);
    return -1;
  }
  memcpy (hex, buf, 128);
  hex[128] = '\0';
  return 0;
}

void
vb_trace_command (const struct vb_opts *o, char *const *argv)
{
  size_t i;

  if (!o->verbose)
    return;
  fprintf (stderr, "%s: running:", PROGRAM);
  for (i = 0; argv[i]; ++i)
    fprintf (stderr, " %s", argv[i]);
  fputc ('\n', stderr);
}
