/* careen - offline disk-image toolkit */

/**
 * base64_in and base64_out: base64 coding done here, on the chunk
 * stream, one chunk at a time (no base64 process, no whole file in
 * memory).  Output is that of base64(1): the standard alphabet, "="
 * padding, lines of 76 characters; input may be wrapped at any width.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

static const char b64_alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Input bytes per output line: 57 bytes make 76 characters. */
#define B64_LINE_BYTES 57
/* Input read per round of base64_out: whole lines, close to a chunk. */
#define B64_OUT_READ (B64_LINE_BYTES * 3072)

/* ---- Decoding (base64_in) ---- */

struct b64_decoder {
  int fd;                       /* the guest file written */
  unsigned quad;                /* sextets gathered, 6 bits each */
  int nq;                       /* how many (0..3) */
  bool ended;                   /* "=" seen: only padding and space left */
  char out[PROTO_MAX_CHUNK];    /* decoded bytes of one chunk (3/4 of it) */
};

static int
b64_value (unsigned char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (b64_alphabet, c);
  return p ? (int) (p - b64_alphabet) : -1;
}

static int
write_all (int fd, const char *p, size_t len)
{
  while (len > 0) {
    ssize_t r = write (fd, p, len);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    p += r;
    len -= r;
  }
  return 0;
}

static int
decode_cb (void *opaque, const void *buf, size_t len)
{
  struct b64_decoder *d = opaque;
  const unsigned char *p = buf;
  size_t i, n = 0;

  for (i = 0; i < len; ++i) {
    unsigned char c = p[i];
    int v;

    if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
      continue;
    if (c == '=') {
      /* Padding only completes a group of 2 or 3 characters. */
      if (!d->ended && d->nq < 2) {
        errno = EINVAL;
        return -1;
      }
      d->ended = true;
      continue;
    }
    v = b64_value (c);
    if (v == -1 || d->ended) {
      errno = EINVAL;
      return -1;
    }
    d->quad = (d->quad << 6) | (unsigned) v;
    if (++d->nq == 4) {
      d->out[n++] = (char) (d->quad >> 16);
      d->out[n++] = (char) (d->quad >> 8);
      d->out[n++] = (char) d->quad;
      d->quad = 0;
      d->nq = 0;
    }
    /* At most 3 bytes per 4 input bytes: out never overflows. */
  }
  /* A padded group's bytes are written at the end (decode_finish). */
  return write_all (d->fd, d->out, n);
}

/* The last, short group: 2 characters make 1 byte, 3 make 2. */
static int
decode_finish (struct b64_decoder *d)
{
  char b[2];

  switch (d->nq) {
  case 0:
    return 0;
  case 2:
    b[0] = (char) (d->quad >> 4);
    return write_all (d->fd, b, 1);
  case 3:
    b[0] = (char) (d->quad >> 10);
    b[1] = (char) (d->quad >> 2);
    return write_all (d->fd, b, 2);
  default:
    errno = EINVAL;
    return -1;
  }
}

int
do_base64_in (const char *filename)
{
  /* Static: too large for the stack; one call runs at a time. */
  static struct b64_decoder d;
  int err;

  d.quad = 0;
  d.nq = 0;
  d.ended = false;
  d.fd = sysroot_open (filename, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY,
                       0666);
  if (d.fd == -1) {
    reply_with_perror ("%s", filename);
    return -1;
  }
  if (receive_file (decode_cb, &d) == -1 || decode_finish (&d) == -1) {
    err = errno;
    close (d.fd);
    if (err == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: upload cancelled", filename);
    else if (err == EINVAL)
      reply_with_error_errno (EINVAL, "%s: invalid base64 data", filename);
    else {
      errno = err;
      reply_with_perror ("%s", filename);
    }
    return -1;
  }
  if (close (d.fd) == -1) {
    reply_with_perror ("close: %s", filename);
    return -1;
  }
  return 0;
}

/* ---- Encoding (base64_out) ---- */

/* Encodes len bytes (a whole number of lines, except at the end) into
 * out, one line per 57 bytes, each ended by a newline.  Returns the
 * number of characters written.
 */
static size_t
encode_lines (const unsigned char *in, size_t len, char *out)
{
  size_t i, o = 0, col = 0;

  for (i = 0; i < len; i += 3) {
    unsigned v = (unsigned) in[i] << 16;
    size_t left = len - i;

    if (left > 1)
      v |= (unsigned) in[i+1] << 8;
    if (left > 2)
      v |= in[i+2];
    out[o++] = b64_alphabet[(v >> 18) & 63];
    out[o++] = b64_alphabet[(v >> 12) & 63];
    out[o++] = left > 1 ? b64_alphabet[(v >> 6) & 63] : '=';
    out[o++] = left > 2 ? b64_alphabet[v & 63] : '=';
    col += 3;
    if (col == B64_LINE_BYTES || i + 3 >= len) {
      out[o++] = '\n';
      col = 0;
    }
  }
  return o;
}

/* Reads up to len bytes, fewer only at end of file.  -1 on error. */
static ssize_t
read_full (int fd, char *buf, size_t len)
{
  size_t done = 0;

  while (done < len) {
    ssize_t r = read (fd, buf + done, len - done);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    if (r == 0)
      break;
    done += r;
  }
  return done;
}

int
do_base64_out (const char *filename)
{
  CLEANUP_FREE char *in = malloc (B64_OUT_READ);
  /* 4 characters per 3 bytes, plus a newline per line. */
  CLEANUP_FREE char *out = malloc (B64_OUT_READ / 3 * 4 +
                                   B64_OUT_READ / B64_LINE_BYTES + 2);
  CLEANUP_CLOSE int fd = -1;
  struct stat st;
  uint64_t done = 0;

  if (in == NULL || out == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  /* O_NONBLOCK: opening a guest FIFO must not hang the daemon. */
  fd = sysroot_open (filename, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0);
  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", filename);
    return -1;
  }
  /* A guest device node is an appliance device: files and block
   * devices only.
   */
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
    reply_with_error_errno (S_ISDIR (st.st_mode) ? EISDIR : EINVAL,
                            "%s: not a regular file", filename);
    return -1;
  }
  fcntl (fd, F_SETFL, 0);

  for (;;) {
    ssize_t r = read_full (fd, in, B64_OUT_READ);
    size_t olen;

    if (r == -1) {
      reply_with_perror ("read: %s", filename);
      return -1;
    }
    if (r == 0)
      break;
    olen = encode_lines ((unsigned char *) in, r, out);
    if (send_file_write (out, olen) == -1) {
      if (errno == ECANCELED)
        reply_with_error_errno (ECANCELED, "%s: download cancelled",
                                filename);
      else
        reply_with_perror ("%s", filename);
      return -1;
    }
    done += r;
    if (S_ISREG (st.st_mode) && st.st_size > 0)
      notify_progress (done, st.st_size);
    if ((size_t) r < B64_OUT_READ)
      break;
  }
  send_file_end (0);
  return 0;
}
