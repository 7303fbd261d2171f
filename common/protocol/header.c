/* careen - offline disk-image toolkit
 * Encoding and decoding of the fixed-size parts of the protocol: the
 * message header and the progress body.
 */

#include <config.h>

#include <string.h>

#include "protocol.h"

uint32_t
proto_get_le32 (const void *p)
{
  const unsigned char *b = p;

  return b[0] | (b[1] << 8) | ((uint32_t) b[2] << 16) | ((uint32_t) b[3] << 24);
}

void
proto_put_le32 (void *p, uint32_t v)
{
  unsigned char *b = p;

  b[0] = v;
  b[1] = v >> 8;
  b[2] = v >> 16;
  b[3] = v >> 24;
}

static uint64_t
get_le64 (const unsigned char *b)
{
  return proto_get_le32 (b) | ((uint64_t) proto_get_le32 (b + 4) << 32);
}

static void
put_le64 (unsigned char *b, uint64_t v)
{
  proto_put_le32 (b, (uint32_t) v);
  proto_put_le32 (b + 4, (uint32_t) (v >> 32));
}

void
proto_encode_header (struct wbuf *w, const struct proto_header *h)
{
  unsigned char b[PROTO_HEADER_SIZE];

  proto_put_le32 (b, PROTO_MAGIC);
  proto_put_le32 (b + 4, h->proc);
  proto_put_le32 (b + 8, h->serial);
  b[12] = (unsigned char) h->direction;
  b[13] = (unsigned char) h->status;
  b[14] = b[15] = 0;
  put_le64 (b + 16, h->optargs_bitmask);
  put_le64 (b + 24, h->progress_hint);
  wbuf_put_bytes (w, b, sizeof b);
}

int
proto_decode_header (struct rbuf *r, struct proto_header *h)
{
  unsigned char b[PROTO_HEADER_SIZE];

  rbuf_get_bytes (r, b, sizeof b);
  if (rbuf_failed (r))
    return -1;
  if (proto_get_le32 (b) != PROTO_MAGIC ||
      b[12] > PROTO_REPLY || b[13] > PROTO_OK_STREAMED || b[14] || b[15] ||
      (b[12] == PROTO_CALL && b[13] != PROTO_OK)) {
    r->failed = true;
    return -1;
  }
  h->proc = proto_get_le32 (b + 4);
  h->serial = proto_get_le32 (b + 8);
  h->direction = b[12];
  h->status = b[13];
  h->optargs_bitmask = get_le64 (b + 16);
  h->progress_hint = get_le64 (b + 24);
  return 0;
}

void
proto_encode_progress (char out[PROTO_PROGRESS_SIZE],
                       const struct proto_progress *p)
{
  unsigned char *b = (unsigned char *) out;

  proto_put_le32 (b, p->proc);
  proto_put_le32 (b + 4, p->serial);
  put_le64 (b + 8, p->position);
  put_le64 (b + 16, p->total);
}

void
proto_decode_progress (const char in[PROTO_PROGRESS_SIZE],
                       struct proto_progress *p)
{
  const unsigned char *b = (const unsigned char *) in;

  p->proc = proto_get_le32 (b);
  p->serial = proto_get_le32 (b + 4);
  p->position = get_le64 (b + 8);
  p->total = get_le64 (b + 16);
}
