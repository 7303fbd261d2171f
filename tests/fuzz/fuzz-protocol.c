/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the wire codec shared by the library and the
 * daemon (common/protocol) and for the generated struct decoders of
 * the library (lib/structs-gen.c): the code that first touches bytes
 * sent by a possibly compromised appliance.
 *
 * The first input byte chooses what is decoded from the rest:
 * a message header followed by an error reply or a string list, a
 * progress body, or one of the struct / struct list decoders (their
 * list comes from fuzz-structs.h, generated from structs-gen.c so a
 * newly added struct is fuzzed without touching this file).
 */

#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "guestfs-internal.h"
#include "protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef void *(*decode_fn) (struct rbuf *r);
typedef void (*free_fn) (void *p);

struct decoder {
  decode_fn decode;
  free_fn free;
};

#define DECODER(name) \
  { (decode_fn) guestfs_int_decode_##name, (free_fn) guestfs_free_##name },
static const struct decoder decoders[] = {
#include "fuzz-structs.h"
};
#undef DECODER
#define N_DECODERS (sizeof decoders / sizeof decoders[0])

/* Largest lengths the fuzzer asks for: the real limits, so that a
 * wrong bound in the codec shows up as an overflow here.
 */
static void
decode_message (struct rbuf *r)
{
  struct proto_header h;
  char *errno_name, *message, **list;
  bool present;
  size_t len, i;
  char *buf;

  if (proto_decode_header (r, &h) == -1)
    return;
  if (h.status == PROTO_ERROR) {
    errno_name = rbuf_get_string (r, PROTO_MAX_ERRNO_NAME);
    message = rbuf_get_string (r, PROTO_MAX_ERROR);
    if (rbuf_done (r) && errno_name && message)
      (void) proto_string_to_errno (errno_name);
    free (errno_name);
    free (message);
    return;
  }
  /* A plausible reply body: a mix of every scalar and variable type. */
  list = rbuf_get_strings (r, PROTO_MAX_LIST, PROTO_MAX_MESSAGE);
  if (list) {
    for (i = 0; list[i] != NULL; ++i)
      free (list[i]);
    free (list);
  }
  free (rbuf_get_optstring (r, PROTO_MAX_MESSAGE, &present));
  buf = rbuf_get_buffer (r, PROTO_MAX_MESSAGE, &len);
  if (buf && len > 0)
    (void) memchr (buf, 0, len + 1);   /* the promised trailing NUL */
  free (buf);
  (void) rbuf_get_bool (r);
  (void) rbuf_get_i64 (r);
  (void) rbuf_get_u32 (r);
  (void) rbuf_done (r);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct rbuf r;
  unsigned sel;

  if (size < 1)
    return 0;
  sel = data[0];
  rbuf_init (&r, data + 1, size - 1);

  if (sel == 0)
    decode_message (&r);
  else if (sel == 1) {
    struct proto_progress p;

    if (size - 1 >= PROTO_PROGRESS_SIZE)
      proto_decode_progress ((const char *) data + 1, &p);
  }
  else {
    const struct decoder *d = &decoders[(sel - 2) % N_DECODERS];
    void *s = d->decode (&r);

    if (s != NULL) {
      (void) rbuf_done (&r);
      d->free (s);
    }
  }
  return 0;
}
