/* careen - offline disk-image toolkit
 * The body codec: encoding into a growable buffer and decoding from a
 * bounded cursor.  Both sides of the protocol use it, and both treat the
 * bytes they decode as hostile: every length is checked against what is
 * left and against the caller's limit before anything is allocated.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "vector.h"

/* The first allocation of a buffer: most messages fit in it whole. */
#define WBUF_FIRST_CAP 256

void
wbuf_init (struct wbuf *w)
{
  w->data = NULL;
  w->len = w->cap = 0;
  w->max = PROTO_MAX_MESSAGE;
  w->failed = false;
  w->err = 0;
}

void
wbuf_set_max (struct wbuf *w, size_t max)
{
  w->max = max;
}

void
wbuf_release (struct wbuf *w)
{
  free (w->data);
  wbuf_init (w);
}

void
wbuf_reset (struct wbuf *w)
{
  w->len = 0;
  w->failed = false;
  w->err = 0;
}

/* Makes room for n more bytes; marks the buffer failed on overflow of
 * the message limit or on allocation failure.
 */
static bool
wbuf_reserve (struct wbuf *w, size_t n)
{
  size_t need;

  if (w->failed)
    return false;
  if (__builtin_add_overflow (w->len, n, &need) || need > w->max) {
    w->failed = true;
    w->err = EMSGSIZE;
    return false;
  }
  if (vector_reserve ((void **) &w->data, &w->cap, w->len,
                      w->cap == 0 && n < WBUF_FIRST_CAP ? WBUF_FIRST_CAP : n,
                      1) == -1) {
    w->failed = true;
    w->err = ENOMEM;
    return false;
  }
  return true;
}

void
wbuf_put_bytes (struct wbuf *w, const void *p, size_t n)
{
  if (n == 0 || !wbuf_reserve (w, n))
    return;
  memcpy (w->data + w->len, p, n);
  w->len += n;
}

void
wbuf_put_u32 (struct wbuf *w, uint32_t v)
{
  unsigned char b[4] = { v, v >> 8, v >> 16, v >> 24 };

  wbuf_put_bytes (w, b, 4);
}

void
wbuf_put_u64 (struct wbuf *w, uint64_t v)
{
  wbuf_put_u32 (w, (uint32_t) v);
  wbuf_put_u32 (w, (uint32_t) (v >> 32));
}

void
wbuf_put_i32 (struct wbuf *w, int32_t v)
{
  wbuf_put_u32 (w, (uint32_t) v);
}

void
wbuf_put_i64 (struct wbuf *w, int64_t v)
{
  wbuf_put_u64 (w, (uint64_t) v);
}

void
wbuf_put_bool (struct wbuf *w, bool v)
{
  wbuf_put_u32 (w, v ? 1 : 0);
}

void
wbuf_put_buffer (struct wbuf *w, const void *p, size_t n)
{
  if (n > UINT32_MAX) {
    w->failed = true;
    w->err = EMSGSIZE;
    return;
  }
  wbuf_put_u32 (w, (uint32_t) n);
  wbuf_put_bytes (w, p, n);
}

void
wbuf_put_string (struct wbuf *w, const char *s)
{
  wbuf_put_buffer (w, s, s ? strlen (s) : 0);
}

void
wbuf_put_optstring (struct wbuf *w, const char *s)
{
  if (s == NULL)
    wbuf_put_u32 (w, 0);
  else {
    wbuf_put_u32 (w, 1);
    wbuf_put_string (w, s);
  }
}

void
wbuf_put_strings (struct wbuf *w, char *const *list)
{
  size_t n = 0, i;

  if (list)
    while (list[n])
      ++n;
  if (n > PROTO_MAX_LIST) {
    w->failed = true;
    w->err = EMSGSIZE;
    return;
  }
  wbuf_put_u32 (w, (uint32_t) n);
  for (i = 0; i < n; ++i)
    wbuf_put_string (w, list[i]);
}

int
wbuf_finish (const struct wbuf *w)
{
  if (w->failed) {
    errno = w->err ? w->err : ENOMEM;
    return -1;
  }
  return 0;
}

void
rbuf_init (struct rbuf *r, const void *data, size_t len)
{
  r->data = data;
  r->len = data ? len : 0;
  r->pos = 0;
  r->failed = false;
}

/* Returns a pointer to the next n bytes and advances, or NULL (and
 * fails the cursor) if fewer remain.
 */
static const unsigned char *
rbuf_take (struct rbuf *r, size_t n)
{
  const unsigned char *p;

  if (r->failed || n > r->len - r->pos) {
    r->failed = true;
    return NULL;
  }
  p = (const unsigned char *) r->data + r->pos;
  r->pos += n;
  return p;
}

uint32_t
rbuf_get_u32 (struct rbuf *r)
{
  const unsigned char *p = rbuf_take (r, 4);

  if (p == NULL)
    return 0;
  return p[0] | (p[1] << 8) | ((uint32_t) p[2] << 16) | ((uint32_t) p[3] << 24);
}

uint64_t
rbuf_get_u64 (struct rbuf *r)
{
  uint64_t lo = rbuf_get_u32 (r);
  uint64_t hi = rbuf_get_u32 (r);

  return lo | (hi << 32);
}

int32_t
rbuf_get_i32 (struct rbuf *r)
{
  return (int32_t) rbuf_get_u32 (r);
}

int64_t
rbuf_get_i64 (struct rbuf *r)
{
  return (int64_t) rbuf_get_u64 (r);
}

bool
rbuf_get_bool (struct rbuf *r)
{
  uint32_t v = rbuf_get_u32 (r);

  if (v > 1) {
    r->failed = true;
    return false;
  }
  return v == 1;
}

void
rbuf_get_bytes (struct rbuf *r, void *p, size_t n)
{
  const unsigned char *src = rbuf_take (r, n);

  if (src)
    memcpy (p, src, n);
  else
    memset (p, 0, n);
}

char *
rbuf_get_buffer (struct rbuf *r, size_t max, size_t *len_r)
{
  uint32_t n = rbuf_get_u32 (r);
  const unsigned char *src;
  char *ret;

  *len_r = 0;
  if (r->failed)
    return NULL;
  if (n > max) {
    r->failed = true;
    return NULL;
  }
  src = rbuf_take (r, n);
  if (src == NULL)
    return NULL;
  ret = malloc ((size_t) n + 1);
  if (ret == NULL) {
    r->failed = true;
    return NULL;
  }
  memcpy (ret, src, n);
  ret[n] = '\0';
  *len_r = n;
  return ret;
}

char *
rbuf_get_string (struct rbuf *r, size_t max)
{
  size_t len;
  char *s = rbuf_get_buffer (r, max, &len);

  /* A NUL inside would silently truncate the string for C callers. */
  if (s && memchr (s, '\0', len) != NULL) {
    free (s);
    r->failed = true;
    return NULL;
  }
  return s;
}

char *
rbuf_get_optstring (struct rbuf *r, size_t max, bool *present)
{
  uint32_t flag = rbuf_get_u32 (r);

  *present = false;
  if (r->failed)
    return NULL;
  if (flag > 1) {
    r->failed = true;
    return NULL;
  }
  if (flag == 0)
    return NULL;
  *present = true;
  return rbuf_get_string (r, max);
}

char **
rbuf_get_strings (struct rbuf *r, size_t max_count, size_t max_len)
{
  uint32_t n = rbuf_get_u32 (r);
  char **ret;
  size_t i;

  if (r->failed)
    return NULL;
  /* Each string takes at least its 4-byte length on the wire, so a
   * count larger than that cannot be honest: reject it before calloc.
   */
  if (n > max_count || n > PROTO_MAX_LIST || n > (r->len - r->pos) / 4) {
    r->failed = true;
    return NULL;
  }
  ret = calloc ((size_t) n + 1, sizeof (char *));
  if (ret == NULL) {
    r->failed = true;
    return NULL;
  }
  for (i = 0; i < n; ++i) {
    ret[i] = rbuf_get_string (r, max_len);
    if (ret[i] == NULL) {
      size_t j;
      for (j = 0; j < i; ++j)
        free (ret[j]);
      free (ret);
      return NULL;
    }
  }
  return ret;
}

bool
rbuf_failed (const struct rbuf *r)
{
  return r->failed;
}

bool
rbuf_done (const struct rbuf *r)
{
  return !r->failed && r->pos == r->len;
}
