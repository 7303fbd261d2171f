/* careen - offline disk-image toolkit */

/**
 * Showing the bytes of guest files: hexdump (the format of hexdump -C)
 * and strings, strings_e (the runs of printable characters, as
 * strings -a -e finds them).  Done here rather than by the host tools:
 * the guest file is only read, and the output is bounded by what one
 * reply can hold.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"

/* Bytes read from a file at a time. */
#define DUMP_CHUNK (64 * 1024)

/* Appends to a bounded output buffer (kept NUL-terminated); -1
 * (EFBIG) past what one reply can hold.
 */
static int
out_printf (struct char_vector *o, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));

static int
out_printf (struct char_vector *o, const char *fs, ...)
{
  va_list args;
  char tmp[128];
  int n;

  va_start (args, fs);
  n = vsnprintf (tmp, sizeof tmp, fs, args);
  va_end (args);
  if (n < 0 || (size_t) n >= sizeof tmp) {
    errno = EINVAL;
    return -1;
  }
  if (o->len + n + 1 > DAEMON_MAX_READ) {
    errno = EFBIG;
    return -1;
  }
  if (char_vector_reserve (o, n + 1) == -1)
    return -1;
  memcpy (o->ptr + o->len, tmp, n + 1);
  o->len += n;
  return 0;
}

/* One line of hexdump -C for n (1..16) bytes at offset. */
static int
hexdump_line (struct char_vector *o, uint64_t offset, const unsigned char *p,
              size_t n)
{
  char ascii[17];
  size_t i;

  if (out_printf (o, "%08" PRIx64, offset) == -1)
    return -1;
  for (i = 0; i < 16; ++i) {
    if ((i == 0 || i == 8) && out_printf (o, " ") == -1)
      return -1;
    if (i < n ? out_printf (o, " %02x", p[i]) : out_printf (o, "   "))
      return -1;
    if (i < n)
      ascii[i] = p[i] >= 0x20 && p[i] <= 0x7e ? (char) p[i] : '.';
  }
  ascii[n] = '\0';
  return out_printf (o, "  |%s|\n", ascii);
}

char *
do_hexdump (const char *path)
{
  CLEANUP_FREE unsigned char *buf = malloc (DUMP_CHUNK);
  struct char_vector o = VECTOR_INIT;
  unsigned char line[16], prev[16];
  size_t fill = 0;
  uint64_t offset = 0;
  bool have_prev = false, starred = false;
  int fd;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  fd = open_guest_file (path, O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  for (;;) {
    ssize_t r = read (fd, buf, DUMP_CHUNK), i;

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      reply_with_perror ("read: %s", path);
      goto error;
    }
    for (i = 0; i < r; ++i) {
      line[fill++] = buf[i];
      if (fill < 16)
        continue;
      /* A line like the one before is shown as one "*". */
      if (have_prev && memcmp (line, prev, 16) == 0) {
        if (!starred && out_printf (&o, "*\n") == -1)
          goto output_error;
        starred = true;
      }
      else {
        if (hexdump_line (&o, offset, line, 16) == -1)
          goto output_error;
        starred = false;
      }
      memcpy (prev, line, 16);
      have_prev = true;
      offset += 16;
      fill = 0;
    }
    if (r == 0)
      break;
  }
  if (fill > 0 && hexdump_line (&o, offset, line, fill) == -1)
    goto output_error;
  offset += fill;
  if (offset > 0 && out_printf (&o, "%08" PRIx64 "\n", offset) == -1)
    goto output_error;
  close (fd);
  if (o.ptr == NULL && (o.ptr = strdup ("")) == NULL)
    reply_with_perror ("strdup");
  return o.ptr;

 output_error:
  if (errno == EFBIG)
    reply_with_error_errno (EFBIG, "%s: the dump is too large for one "
                            "reply: use download and a local hexdump", path);
  else
    reply_with_perror ("%s", path);
 error:
  close (fd);
  free (o.ptr);
  return NULL;
}

/* ---- strings ---- */

/* Shortest run of characters reported, as strings(1) by default. */
#define STRINGS_MIN_LEN 4

struct strings_state {
  char enc;                     /* s S b l B L */
  int width;                    /* bytes per character */
  struct char_vector run;       /* the current run, as UTF-8 */
  size_t run_chars;
  struct stringsbuf sb;
  size_t bytes;                 /* kept in sb, bounded for the reply */
};

/* Ends the current run, keeping it if long enough. */
static int
strings_end_run (struct strings_state *s)
{
  int r = 0;

  if (s->run_chars >= STRINGS_MIN_LEN) {
    if (s->sb.size >= PROTO_MAX_LIST ||
        s->bytes + s->run.len + 1 > DAEMON_MAX_READ) {
      errno = EFBIG;
      return -1;
    }
    s->bytes += s->run.len + 1;
    r = stringsbuf_add_string (&s->sb, s->run.ptr);
  }
  s->run.len = 0;
  s->run_chars = 0;
  return r;
}

static unsigned long
strings_char (const struct strings_state *s, const unsigned char *p)
{
  switch (s->enc) {
  case 'b': return (unsigned long) p[0] << 8 | p[1];
  case 'l': return (unsigned long) p[1] << 8 | p[0];
  case 'B': return (unsigned long) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
  case 'L': return (unsigned long) p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
  default: return p[0];
  }
}

/* Scans n bytes at p; returns how many were consumed (the rest, less
 * than one character, waits for more data), or -1 with errno.
 */
static ssize_t
strings_scan (struct strings_state *s, const unsigned char *p, size_t n)
{
  size_t i = 0;

  while (i + s->width <= n) {
    unsigned long c = strings_char (s, p + i);
    bool graphic = c == '\t' || (c >= 0x20 && c <= 0x7e) ||
      (s->enc == 'S' && c >= 0x80 && c <= 0xff);

    if (!graphic) {
      if (strings_end_run (s) == -1)
        return -1;
      /* Like strings(1): the next try starts one byte on, so runs at
       * any alignment are found.
       */
      i++;
      continue;
    }
    if (c < 0x80 ? out_printf (&s->run, "%c", (int) c)
                 : out_printf (&s->run, "%c%c", (int) (0xc0 | c >> 6),
                               (int) (0x80 | (c & 0x3f))))
      return -1;
    s->run_chars++;
    i += s->width;
  }
  return i;
}

char **
do_strings_e (const char *encoding, const char *path)
{
  CLEANUP_FREE unsigned char *buf = malloc (DUMP_CHUNK + 4);
  struct strings_state s = { .run = { NULL, 0, 0 } };
  size_t have = 0;
  char **ret;
  int fd;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  if (strlen (encoding) != 1 || strchr ("sSblBL", encoding[0]) == NULL) {
    reply_with_error_errno (EINVAL, "%s: unknown encoding (s, S, b, l, B "
                            "or L)", encoding);
    return NULL;
  }
  s.enc = encoding[0];
  s.width = (s.enc == 'b' || s.enc == 'l') ? 2
    : (s.enc == 'B' || s.enc == 'L') ? 4 : 1;
  fd = open_guest_file (path, O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  stringsbuf_init (&s.sb);
  for (;;) {
    ssize_t r = read (fd, buf + have, DUMP_CHUNK), used;

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      goto error;
    if (r == 0)
      break;
    have += r;
    used = strings_scan (&s, buf, have);
    if (used == -1)
      goto error;
    memmove (buf, buf + used, have - used);
    have -= used;
  }
  if (strings_end_run (&s) == -1)
    goto error;
  close (fd);
  free (s.run.ptr);
  ret = stringsbuf_finish (&s.sb);
  if (ret == NULL)
    reply_with_perror ("%s", path);
  return ret;

 error:
  if (errno == EFBIG)
    reply_with_error_errno (EFBIG, "%s: the strings are too large for one "
                            "reply", path);
  else
    reply_with_perror ("%s", path);
  close (fd);
  free (s.run.ptr);
  stringsbuf_release (&s.sb);
  return NULL;
}

char **
do_strings (const char *path)
{
  return do_strings_e ("s", path);
}
