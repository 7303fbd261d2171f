/* careen - offline disk-image toolkit
 * The wire protocol between the library and the appliance daemon.
 *
 * The full specification is protocol.txt in this directory.  This header
 * holds its constants, the message header, and the codec used by both
 * sides to build and parse message bodies.  Every length read from the
 * wire is checked against a named limit before it is used.
 */

#ifndef CAREEN_PROTOCOL_H
#define CAREEN_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Identifies a careen message header ("CRN1" read as little-endian). */
#define PROTO_MAGIC 0x314e5243U

/* Bumped whenever the encoding of anything changes incompatibly.  The
 * daemon announces it in its ready message; the library refuses a
 * daemon that speaks another version (appliance built by another
 * careen).
 */
#define PROTO_VERSION 3

/* Largest message (header plus body) either side accepts: bounds the
 * malloc a hostile peer can cause.  Bulk data travels in chunks instead.
 */
#define PROTO_MAX_MESSAGE (4 * 1024 * 1024)

/* Largest reply body.  A reply that does not fit in one message (a
 * listing of a huge directory, a long command output) travels as a
 * chunk stream (PROTO_OK_STREAMED); this bounds what the library
 * collects, as libguestfs is bounded only by memory.
 */
#define PROTO_MAX_REPLY (1024 * 1024 * 1024)

/* Largest data payload of one file-transfer chunk.  Large enough that
 * syscall and framing overhead is negligible, small enough that progress
 * and cancellation stay responsive.
 */
#define PROTO_MAX_CHUNK (256 * 1024)

/* Longest error message carried in an error reply. */
#define PROTO_MAX_ERROR 65536

/* Longest errno name ("ENOENT") in an error reply. */
#define PROTO_MAX_ERRNO_NAME 32

/* Most elements in one encoded list (string list, struct list): bounds
 * the array a hostile peer can make us allocate.
 */
#define PROTO_MAX_LIST (64 * 1024 * 1024)

/* Special frame length words.  Every one of them is larger than
 * PROTO_MAX_MESSAGE so it can never be mistaken for a real length.
 *
 * READY: the daemon's first frame; followed by a u32 protocol version.
 * PROGRESS: followed by a fixed 24-byte progress body.
 * CANCEL: sent by the daemon during a FileIn upload to ask the library
 *   to stop sending (the library answers with a cancel chunk).
 */
#define PROTO_FLAG_READY    0xfffff00dU
#define PROTO_FLAG_PROGRESS 0xfffff0aaU
#define PROTO_FLAG_CANCEL   0xfffff0ccU
/* ALIVE: nothing follows.  The daemon's heartbeat while it works on a
 * call, so that the library can tell a slow call from a dead appliance.
 */
#define PROTO_FLAG_ALIVE    0xfffff0a1U

/* Saved appliances (lib/snapshot.c, appliance/template.c).  An
 * appliance booted with careen.template=1 stops in init before the
 * daemon runs and sends TEMPLATE (then a u32 protocol version): the
 * library saves the VM at that point.  Each VM restored from it waits
 * for one RESUME message from the library before it starts the daemon
 * (which then sends READY as usual):
 *
 *   u32 RESUME, u32 number of SCSI disks, u64 seconds and u32
 *   nanoseconds of the host's wall clock, PROTO_RESUME_SEED_LEN random
 *   bytes for the guest's RNG, u32 stall limit in seconds (what
 *   careen.stall= says in a cold boot: the saved command line has none).
 */
#define PROTO_FLAG_TEMPLATE 0xfffff07eU
#define PROTO_FLAG_RESUME   0xfffff07fU
#define PROTO_RESUME_SEED_LEN 64
#define PROTO_RESUME_LEN (4 + 4 + 8 + 4 + PROTO_RESUME_SEED_LEN + 4)

/* The daemon sends ALIVE when it has written nothing for this long
 * while it is working (not while it waits for the library).
 */
#define PROTO_ALIVE_PERIOD_MS 2000

/* While the appliance boots (before the daemon runs), init's watcher
 * (appliance/boot-stall.c) prints this on the console, followed by the
 * disk's name ("sda") and a space, when a disk has had requests waiting
 * and none succeeded for careen.stall= seconds: the kernel's scan of a
 * disk whose server stopped answering would otherwise block the boot
 * for ever.  The library fails the launch when it sees it.
 */
#define PROTO_BOOT_STALL_MARK "careen-init: boot stalled on /dev/"

/* Size of the body following PROTO_FLAG_PROGRESS:
 * u32 proc, u32 serial, u64 position, u64 total.
 */
#define PROTO_PROGRESS_SIZE 24

enum proto_direction {
  PROTO_CALL = 0,
  PROTO_REPLY = 1,
};

enum proto_status {
  PROTO_OK = 0,
  PROTO_ERROR = 1,
  PROTO_OK_STREAMED = 2,        /* the body follows as a chunk stream */
};

/* Kinds of chunk in a file transfer (the first u32 of a chunk frame). */
enum proto_chunk_kind {
  PROTO_CHUNK_DATA = 0,     /* followed by 1..PROTO_MAX_CHUNK data bytes */
  PROTO_CHUNK_END = 1,      /* transfer complete, no data */
  PROTO_CHUNK_CANCEL = 2,   /* transfer abandoned by the sender, no data */
};

/* Encoded size of the message header. */
#define PROTO_HEADER_SIZE 32

/* In-memory form of the message header.  On the wire (little-endian):
 *   u32 magic, u32 proc, u32 serial, u8 direction, u8 status,
 *   u16 reserved (0), u64 optargs_bitmask, u64 progress_hint
 */
struct proto_header {
  uint32_t proc;
  uint32_t serial;
  enum proto_direction direction;
  enum proto_status status;
  uint64_t optargs_bitmask;
  uint64_t progress_hint;
};

struct proto_progress {
  uint32_t proc;
  uint32_t serial;
  uint64_t position;
  uint64_t total;
};

/* A growable output buffer for encoding.  Encoding functions never fail
 * visibly: on overflow or out-of-memory the buffer is marked failed and
 * wbuf_finish() reports it once.
 */
struct wbuf {
  char *data;
  size_t len;
  size_t cap;
  size_t max;                   /* PROTO_MAX_MESSAGE unless wbuf_set_max */
  bool failed;
  int err;                      /* why it failed: EMSGSIZE or ENOMEM */
};

/* A bounded input cursor for decoding.  Every read checks the remaining
 * length; on a short or invalid read the cursor is marked failed and
 * every later read returns zero values.  Callers check rbuf_failed() once
 * at the end (and rbuf_done() to reject trailing garbage).
 */
struct rbuf {
  const char *data;
  size_t len;
  size_t pos;
  bool failed;
};

/* wire.c */
extern void wbuf_init (struct wbuf *w);
extern void wbuf_release (struct wbuf *w);
extern void wbuf_reset (struct wbuf *w);
/* Lets the buffer grow to max bytes (a reply body: PROTO_MAX_REPLY). */
extern void wbuf_set_max (struct wbuf *w, size_t max);
extern void wbuf_put_u32 (struct wbuf *w, uint32_t v);
extern void wbuf_put_u64 (struct wbuf *w, uint64_t v);
extern void wbuf_put_i32 (struct wbuf *w, int32_t v);
extern void wbuf_put_i64 (struct wbuf *w, int64_t v);
extern void wbuf_put_bool (struct wbuf *w, bool v);
extern void wbuf_put_bytes (struct wbuf *w, const void *p, size_t n);
/* u32 length, then the bytes (no terminating NUL on the wire). */
extern void wbuf_put_string (struct wbuf *w, const char *s);
extern void wbuf_put_buffer (struct wbuf *w, const void *p, size_t n);
/* u32 0 for NULL, else u32 1 then the string. */
extern void wbuf_put_optstring (struct wbuf *w, const char *s);
/* u32 count then each string; a NULL list encodes as an empty list. */
extern void wbuf_put_strings (struct wbuf *w, char *const *list);
/* Returns 0, or -1 with errno set (ENOMEM, or EMSGSIZE when the
 * message would exceed the buffer's limit).
 */
extern int wbuf_finish (const struct wbuf *w);

extern void rbuf_init (struct rbuf *r, const void *data, size_t len);
extern uint32_t rbuf_get_u32 (struct rbuf *r);
extern uint64_t rbuf_get_u64 (struct rbuf *r);
extern int32_t rbuf_get_i32 (struct rbuf *r);
extern int64_t rbuf_get_i64 (struct rbuf *r);
/* Any value other than 0 or 1 fails the cursor. */
extern bool rbuf_get_bool (struct rbuf *r);
/* A newly allocated NUL-terminated copy; a string containing a NUL byte
 * or longer than max fails the cursor.  Returns NULL on failure.
 */
extern char *rbuf_get_string (struct rbuf *r, size_t max);
/* Like rbuf_get_string but the wire may say "absent": then *present is
 * false and NULL is returned without failing.
 */
extern char *rbuf_get_optstring (struct rbuf *r, size_t max, bool *present);
/* A newly allocated buffer (NUL added after it for convenience), its
 * length in *len_r.
 */
extern char *rbuf_get_buffer (struct rbuf *r, size_t max, size_t *len_r);
/* A newly allocated NULL-terminated list of newly allocated strings. */
extern char **rbuf_get_strings (struct rbuf *r, size_t max_count,
                                size_t max_len);
/* Reads exactly n raw bytes into p. */
extern void rbuf_get_bytes (struct rbuf *r, void *p, size_t n);
extern bool rbuf_failed (const struct rbuf *r);
/* True when the whole input was consumed and nothing failed. */
extern bool rbuf_done (const struct rbuf *r);

/* header.c */
extern void proto_encode_header (struct wbuf *w, const struct proto_header *h);
/* Returns 0, or -1 if the bytes are not a valid header (bad magic,
 * direction or status, non-zero reserved field).
 */
extern int proto_decode_header (struct rbuf *r, struct proto_header *h);
extern void proto_encode_progress (char out[PROTO_PROGRESS_SIZE],
                                   const struct proto_progress *p);
extern void proto_decode_progress (const char in[PROTO_PROGRESS_SIZE],
                                   struct proto_progress *p);
/* Little-endian u32 at p. */
extern uint32_t proto_get_le32 (const void *p);
extern void proto_put_le32 (void *p, uint32_t v);

/* errnostring.c: errno numbers travel as names because numbers differ
 * between systems.  An unknown name maps to EINVAL; errno 0 to "".
 */
extern const char *proto_errno_to_string (int errnum);
extern int proto_string_to_errno (const char *name);

#endif /* CAREEN_PROTOCOL_H */
