/* careen - offline disk-image toolkit
 * Unit test of the protocol codec: round trips, and rejection of every
 * kind of malformed input a hostile peer could send.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"

static int failures;

#define CHECK(cond) \
  do { \
    if (!(cond)) { \
      fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++; \
    } \
  } while (0)

static void
test_round_trip (void)
{
  struct wbuf w;
  struct rbuf r;
  char *const list[] = { "a", "", "ccc", NULL };
  char **got;
  char *s, *buf;
  size_t len;
  bool present;

  wbuf_init (&w);
  wbuf_put_u32 (&w, 0xdeadbeef);
  wbuf_put_i32 (&w, -5);
  wbuf_put_u64 (&w, UINT64_C (0x0123456789abcdef));
  wbuf_put_i64 (&w, INT64_MIN);
  wbuf_put_bool (&w, true);
  wbuf_put_string (&w, "hello");
  wbuf_put_optstring (&w, NULL);
  wbuf_put_optstring (&w, "opt");
  wbuf_put_buffer (&w, "a\0b", 3);
  wbuf_put_strings (&w, list);
  CHECK (wbuf_finish (&w) == 0);

  rbuf_init (&r, w.data, w.len);
  CHECK (rbuf_get_u32 (&r) == 0xdeadbeef);
  CHECK (rbuf_get_i32 (&r) == -5);
  CHECK (rbuf_get_u64 (&r) == UINT64_C (0x0123456789abcdef));
  CHECK (rbuf_get_i64 (&r) == INT64_MIN);
  CHECK (rbuf_get_bool (&r) == true);
  s = rbuf_get_string (&r, 100);
  CHECK (s && strcmp (s, "hello") == 0);
  free (s);
  s = rbuf_get_optstring (&r, 100, &present);
  CHECK (s == NULL && !present);
  s = rbuf_get_optstring (&r, 100, &present);
  CHECK (s && present && strcmp (s, "opt") == 0);
  free (s);
  buf = rbuf_get_buffer (&r, 100, &len);
  CHECK (buf && len == 3 && memcmp (buf, "a\0b", 3) == 0);
  free (buf);
  got = rbuf_get_strings (&r, 10, 10);
  CHECK (got && got[0] && strcmp (got[0], "a") == 0 && strcmp (got[1], "") == 0
         && strcmp (got[2], "ccc") == 0 && got[3] == NULL);
  if (got) {
    for (len = 0; got[len]; ++len)
      free (got[len]);
    free (got);
  }
  CHECK (rbuf_done (&r));
  wbuf_release (&w);
}

static void
test_hostile (void)
{
  struct wbuf w;
  struct rbuf r;
  unsigned char b[16];
  size_t len;

  /* Short input. */
  rbuf_init (&r, "\1\2", 2);
  CHECK (rbuf_get_u32 (&r) == 0 && rbuf_failed (&r));
  /* Once failed, later reads stay failed and return zero values. */
  CHECK (rbuf_get_u64 (&r) == 0 && rbuf_failed (&r));

  /* A string whose length exceeds the data. */
  proto_put_le32 (b, 1000);
  memcpy (b + 4, "abcd", 4);
  rbuf_init (&r, b, 8);
  CHECK (rbuf_get_string (&r, 10000) == NULL && rbuf_failed (&r));

  /* A string longer than the caller's limit. */
  proto_put_le32 (b, 4);
  rbuf_init (&r, b, 8);
  CHECK (rbuf_get_string (&r, 3) == NULL && rbuf_failed (&r));

  /* An embedded NUL is refused in a string but allowed in a buffer. */
  proto_put_le32 (b, 3);
  memcpy (b + 4, "a\0b", 3);
  rbuf_init (&r, b, 7);
  CHECK (rbuf_get_string (&r, 10) == NULL && rbuf_failed (&r));
  rbuf_init (&r, b, 7);
  free (rbuf_get_buffer (&r, 10, &len));
  CHECK (!rbuf_failed (&r) && len == 3);

  /* A bool that is neither 0 nor 1. */
  proto_put_le32 (b, 2);
  rbuf_init (&r, b, 4);
  rbuf_get_bool (&r);
  CHECK (rbuf_failed (&r));

  /* A list count that cannot fit the remaining bytes is refused before
   * any allocation.
   */
  proto_put_le32 (b, 0x7fffffff);
  rbuf_init (&r, b, 8);
  CHECK (rbuf_get_strings (&r, SIZE_MAX, 10) == NULL && rbuf_failed (&r));

  /* Trailing garbage is detected by rbuf_done. */
  proto_put_le32 (b, 7);
  rbuf_init (&r, b, 5);
  CHECK (rbuf_get_u32 (&r) == 7 && !rbuf_done (&r));

  /* The encoder refuses to grow past the message limit. */
  wbuf_init (&w);
  {
    char *big = calloc (1, PROTO_MAX_MESSAGE);
    CHECK (big != NULL);
    wbuf_put_buffer (&w, big, PROTO_MAX_MESSAGE);
    free (big);
  }
  CHECK (wbuf_finish (&w) == -1 && errno == EMSGSIZE);
  wbuf_release (&w);
}

static void
test_header (void)
{
  struct wbuf w;
  struct rbuf r;
  struct proto_header h = {
    .proc = 42, .serial = 7, .direction = PROTO_REPLY, .status = PROTO_ERROR,
    .optargs_bitmask = 5, .progress_hint = 1 << 20,
  }, got;
  struct proto_progress p = { 1, 2, 3, 4 }, pgot;
  char pbuf[PROTO_PROGRESS_SIZE];

  wbuf_init (&w);
  proto_encode_header (&w, &h);
  CHECK (w.len == PROTO_HEADER_SIZE);
  rbuf_init (&r, w.data, w.len);
  CHECK (proto_decode_header (&r, &got) == 0 && rbuf_done (&r));
  CHECK (got.proc == 42 && got.serial == 7 && got.direction == PROTO_REPLY
         && got.status == PROTO_ERROR && got.optargs_bitmask == 5
         && got.progress_hint == 1 << 20);

  /* Bad magic, bad direction, non-zero reserved bytes. */
  w.data[0] ^= 1;
  rbuf_init (&r, w.data, w.len);
  CHECK (proto_decode_header (&r, &got) == -1);
  w.data[0] ^= 1;
  w.data[12] = 9;
  rbuf_init (&r, w.data, w.len);
  CHECK (proto_decode_header (&r, &got) == -1);
  w.data[12] = 1;
  w.data[15] = 1;
  rbuf_init (&r, w.data, w.len);
  CHECK (proto_decode_header (&r, &got) == -1);
  wbuf_release (&w);

  proto_encode_progress (pbuf, &p);
  proto_decode_progress (pbuf, &pgot);
  CHECK (pgot.proc == 1 && pgot.serial == 2 && pgot.position == 3
         && pgot.total == 4);

  /* The flag words can never be mistaken for a length. */
  CHECK (PROTO_FLAG_READY > PROTO_MAX_MESSAGE);
  CHECK (PROTO_FLAG_PROGRESS > PROTO_MAX_MESSAGE);
  CHECK (PROTO_FLAG_CANCEL > PROTO_MAX_MESSAGE);
}

static void
test_errno (void)
{
  CHECK (strcmp (proto_errno_to_string (ENOENT), "ENOENT") == 0);
  CHECK (strcmp (proto_errno_to_string (0), "") == 0);
  CHECK (proto_string_to_errno ("ENOSPC") == ENOSPC);
  CHECK (proto_string_to_errno ("") == 0);
  CHECK (proto_string_to_errno ("EBOGUS") == EINVAL);
  CHECK (proto_string_to_errno (proto_errno_to_string (ENOTSUP)) == ENOTSUP);
}

int
main (void)
{
  test_round_trip ();
  test_hostile ();
  test_header ();
  test_errno ();
  if (failures) {
    fprintf (stderr, "%d checks failed\n", failures);
    return 1;
  }
  return 0;
}
