/* careen - offline disk-image toolkit */

/**
 * The daemon's side of the wire protocol (common/protocol/protocol.txt):
 * reading calls from the channel, sending exactly one reply per call,
 * FileIn/FileOut chunk streams with cancellation in both directions,
 * and progress messages.
 *
 * The stream must stay in step whatever a do_ function does, so the
 * state of the current call's transfer is tracked here: a reply sent
 * while an upload is still unread first drains it, and a reply sent
 * while a download is still open first ends it with a cancel chunk.
 *
 * A keep-alive thread sends the ALIVE frame while a call works in
 * silence, so the library can tell a long call from a dead appliance.
 * Every frame is written whole under chan_lock so that the heartbeat
 * never lands inside another frame.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"

/* The call being served (used by generated code). */
uint32_t proc_nr;
uint32_t call_serial;
uint64_t optargs_bitmask;

/* Progress: the first message only once a call has run this long (short
 * calls send none), then at most one per period.
 */
#define PROGRESS_INITIAL_DELAY_NS 1000000000LL
#define PROGRESS_PERIOD_NS 333000000LL

/* Largest chunk frame: the kind word plus the largest payload. */
#define CHUNK_FRAME_MAX (4 + PROTO_MAX_CHUNK)

enum transfer_state {
  XFER_NONE,            /* no stream, or it is finished */
  XFER_IN_OPEN,         /* upload: chunks still to be read */
  XFER_OUT_OPEN,        /* download: END or CANCEL still to be sent */
};

static int chan = -1;
static uint64_t progress_hint;
static bool replied;
static enum transfer_state xfer;
static int64_t call_start_ns;
static int64_t last_progress_ns;
static bool progress_sent;
static uint64_t last_progress_total;

/* Receiving buffer for chunk data: static because it is large and the
 * daemon serves one call at a time.  Page-aligned, and the kind word
 * is read apart, so that the data can be written with O_DIRECT.
 */
static char chunk_buf[PROTO_MAX_CHUNK] __attribute__ ((aligned (4096)));

/* Keep-alive state, shared with the keep-alive thread.  chan_lock is
 * held while a frame is written; last_write_ns is when the last one
 * was; waiting_for_library is set while the main thread is blocked
 * reading the channel (then the library must speak, and a heartbeat
 * would hide a deadlock of both sides waiting).
 */
static pthread_mutex_t chan_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t last_write_ns;
static bool waiting_for_library;

static int64_t
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void proto_fatal (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2), noreturn));

/* The peer broke the protocol, or the channel failed: the stream cannot
 * be resynchronised, so exit.  The library sees end of file and reports
 * that the appliance went away.
 */
static void
proto_fatal (const char *fs, ...)
{
  va_list args;

  fprintf (stderr, "careen-daemon: ");
  va_start (args, fs);
  vfprintf (stderr, fs, args);
  va_end (args);
  fprintf (stderr, "\n");
  exit (EXIT_FAILURE);
}

/* Reads exactly n bytes.  Returns 0, or 1 on end of file before the
 * first byte when eof_ok (between calls); anything else is fatal.
 */
static int
read_exact (void *buf, size_t n, bool eof_ok)
{
  char *p = buf;
  size_t done = 0;

  while (done < n) {
    ssize_t r;

    __atomic_store_n (&waiting_for_library, true, __ATOMIC_SEQ_CST);
    r = read (chan, p + done, n - done);
    __atomic_store_n (&waiting_for_library, false, __ATOMIC_SEQ_CST);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      proto_fatal ("read: channel: %m");
    }
    if (r == 0) {
      if (done == 0 && eof_ok)
        return 1;
      /* The library went away in the middle of a frame: nothing to
       * answer to.
       */
      if (verbose)
        fprintf (stderr, "careen-daemon: end of file in a frame\n");
      exit (EXIT_SUCCESS);
    }
    done += r;
  }
  return 0;
}

/* Writes one whole frame.  The lock is dropped before a fatal error:
 * the fuzzing harness turns exit into a jump back and goes on.
 */
static void
write_iov (struct iovec *iov, int n)
{
  pthread_mutex_lock (&chan_lock);
  while (n > 0) {
    ssize_t r = writev (chan, iov, n);
    if (r == -1) {
      int err = errno;

      if (err == EINTR)
        continue;
      pthread_mutex_unlock (&chan_lock);
      errno = err;
      proto_fatal ("write: channel: %m");
    }
    while (n > 0 && (size_t) r >= iov->iov_len) {
      r -= iov->iov_len;
      iov++;
      n--;
    }
    if (n > 0) {
      iov->iov_base = (char *) iov->iov_base + r;
      iov->iov_len -= r;
    }
  }
  __atomic_store_n (&last_write_ns, now_ns (), __ATOMIC_SEQ_CST);
  pthread_mutex_unlock (&chan_lock);
}

static void
write_word (uint32_t w)
{
  char b[4];
  struct iovec iov = { .iov_base = b, .iov_len = 4 };

  proto_put_le32 (b, w);
  write_iov (&iov, 1);
}

void
proto_init (int fd)
{
  chan = fd;
}

int
proto_send_ready (void)
{
  char b[8];
  struct iovec iov = { .iov_base = b, .iov_len = 8 };

  proto_put_le32 (b, PROTO_FLAG_READY);
  proto_put_le32 (b + 4, PROTO_VERSION);
  write_iov (&iov, 1);
  return 0;
}

/* The keep-alive thread: wakes a few times per period and sends ALIVE
 * when the daemon is working (not waiting for the library) and has
 * written nothing for a whole period, unless a disk's I/O has stalled
 * (disk-stall.c).  It writes only whole frames,
 * under chan_lock, so it cannot split anything the main thread sends.
 */
static void *
keepalive_main (void *arg)
{
  const int64_t period = (int64_t) PROTO_ALIVE_PERIOD_MS * 1000000;
  const struct timespec tick = { .tv_sec = 0, .tv_nsec = period / 4 };

  (void) arg;
  for (;;) {
    char b[4];
    struct iovec iov = { .iov_base = b, .iov_len = 4 };
    bool stalled;

    nanosleep (&tick, NULL);
    /* Sampled on every tick, so that progress is seen as it happens. */
    stalled = disk_io_stalled ();
    if (stalled ||
        __atomic_load_n (&waiting_for_library, __ATOMIC_SEQ_CST) ||
        now_ns () - __atomic_load_n (&last_write_ns, __ATOMIC_SEQ_CST)
        < period)
      continue;
    proto_put_le32 (b, PROTO_FLAG_ALIVE);
    write_iov (&iov, 1);
  }
  return NULL;
}

void
proto_start_keepalive (void)
{
  pthread_t t;
  pthread_attr_t attr;
  int err;

  pthread_attr_init (&attr);
  pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
  /* It needs almost no stack; keep the appliance's memory for work. */
  pthread_attr_setstacksize (&attr, 64 * 1024);
  err = pthread_create (&t, &attr, keepalive_main, NULL);
  pthread_attr_destroy (&attr);
  if (err != 0) {
    errno = err;
    proto_fatal ("pthread_create: keep-alive thread: %m");
  }
}

void
proto_freeze (unsigned seconds)
{
  struct timespec ts = { .tv_sec = seconds, .tv_nsec = 0 };

  /* Holding the lock silences the keep-alive thread too. */
  pthread_mutex_lock (&chan_lock);
  while (nanosleep (&ts, &ts) == -1 && errno == EINTR)
    ;
  pthread_mutex_unlock (&chan_lock);
}

/* Sends one chunk frame of the given kind. */
static void
send_chunk (enum proto_chunk_kind kind, const void *data, size_t len)
{
  char hdr[8];
  struct iovec iov[2];

  proto_put_le32 (hdr, (uint32_t) (4 + len));
  proto_put_le32 (hdr + 4, kind);
  iov[0].iov_base = hdr;
  iov[0].iov_len = 8;
  iov[1].iov_base = (void *) data;
  iov[1].iov_len = len;
  write_iov (iov, len > 0 ? 2 : 1);
}

/* Reads one chunk frame of an upload into chunk_buf.  Returns its kind
 * and sets *len_r to the payload length.  Anything that is not a valid
 * chunk is fatal: the library sends nothing else during an upload.
 */
static enum proto_chunk_kind
read_chunk (size_t *len_r)
{
  char w[4];
  uint32_t len, kind;

  read_exact (w, 4, false);
  len = proto_get_le32 (w);
  if (len < 4 || len > CHUNK_FRAME_MAX)
    proto_fatal ("upload: invalid chunk frame length %" PRIu32, len);
  read_exact (w, 4, false);
  kind = proto_get_le32 (w);
  *len_r = len - 4;
  read_exact (chunk_buf, *len_r, false);
  switch (kind) {
  case PROTO_CHUNK_DATA:
    if (*len_r == 0)
      proto_fatal ("upload: empty data chunk");
    return PROTO_CHUNK_DATA;
  case PROTO_CHUNK_END:
  case PROTO_CHUNK_CANCEL:
    if (*len_r != 0)
      proto_fatal ("upload: end or cancel chunk with data");
    return kind;
  default:
    proto_fatal ("upload: invalid chunk kind %" PRIu32, kind);
  }
}

/* The daemon gives up on an upload: tell the library to stop, then read
 * and discard the chunks up to the END or CANCEL that closes the
 * stream.  The library may already have sent END before it sees the
 * flag; either way the stream ends with one of the two.
 */
static void
drain_upload (void)
{
  size_t len;
  enum proto_chunk_kind kind;

  write_word (PROTO_FLAG_CANCEL);
  do
    kind = read_chunk (&len);
  while (kind == PROTO_CHUNK_DATA);
  xfer = XFER_NONE;
}

/* Before any reply: close whatever stream the call left open. */
static void
finish_transfer (void)
{
  switch (xfer) {
  case XFER_IN_OPEN:
    drain_upload ();
    break;
  case XFER_OUT_OPEN:
    send_chunk (PROTO_CHUNK_CANCEL, NULL, 0);
    xfer = XFER_NONE;
    break;
  case XFER_NONE:
    break;
  }
}

/* Sends the reply message: length word, header, body. */
static void
send_reply (enum proto_status status, const char *body, size_t body_len)
{
  struct proto_header h = {
    .proc = proc_nr,
    .serial = call_serial,
    .direction = PROTO_REPLY,
    .status = status,
  };
  struct wbuf hw;
  char lw[4];
  struct iovec iov[3];

  finish_transfer ();

  wbuf_init (&hw);
  proto_encode_header (&hw, &h);
  if (wbuf_finish (&hw) == -1)
    proto_fatal ("reply: encoding the header: %m");
  proto_put_le32 (lw, (uint32_t) (hw.len + body_len));
  iov[0].iov_base = lw;
  iov[0].iov_len = 4;
  iov[1].iov_base = hw.data;
  iov[1].iov_len = hw.len;
  iov[2].iov_base = (void *) body;
  iov[2].iov_len = body_len;
  write_iov (iov, body_len > 0 ? 3 : 2);
  wbuf_release (&hw);
  replied = true;
}

static void
send_error_reply (int err, const char *msg)
{
  struct wbuf w;
  const char *errname = err ? proto_errno_to_string (err) : "";
  CLEANUP_FREE char *copy = NULL;

  /* The library refuses longer messages; cut rather than lose it. */
  if (strlen (msg) > PROTO_MAX_ERROR) {
    copy = strndup (msg, PROTO_MAX_ERROR);
    if (copy == NULL)
      msg = "out of memory";
    else
      msg = copy;
  }
  if (strlen (errname) > PROTO_MAX_ERRNO_NAME)
    errname = "";

  if (verbose)
    fprintf (stderr, "careen-daemon: proc %" PRIu32 ": error: %s%s%s\n",
             proc_nr, msg, *errname ? " " : "", errname);

  wbuf_init (&w);
  wbuf_put_string (&w, errname);
  wbuf_put_string (&w, msg);
  if (wbuf_finish (&w) == -1)
    proto_fatal ("reply: encoding an error: %m");
  send_reply (PROTO_ERROR, w.data, w.len);
  wbuf_release (&w);
}

/* A second reply would desynchronise the stream: it is a daemon bug,
 * logged and dropped.
 */
static bool
check_not_replied (void)
{
  if (replied) {
    fprintf (stderr, "careen-daemon: proc %" PRIu32
             ": internal error: second reply dropped\n", proc_nr);
    return false;
  }
  return true;
}

static void
reply_with_va (int err, bool add_strerror, const char *fs, va_list args)
{
  CLEANUP_FREE char *msg = NULL;
  CLEANUP_FREE char *full = NULL;

  if (!check_not_replied ())
    return;
  if (vasprintf (&msg, fs, args) == -1) {
    msg = NULL;
    send_error_reply (ENOMEM, "out of memory");
    return;
  }
  if (add_strerror) {
    if (asprintf (&full, "%s: %s", msg, strerror (err)) == -1) {
      full = NULL;
      send_error_reply (err, msg);
      return;
    }
    send_error_reply (err, full);
  }
  else
    send_error_reply (err, msg);
}

void
reply_with_error (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  reply_with_va (0, false, fs, args);
  va_end (args);
}

void
reply_with_error_errno (int err, const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  reply_with_va (err, false, fs, args);
  va_end (args);
}

void
reply_with_perror (const char *fs, ...)
{
  int err = errno;
  va_list args;

  va_start (args, fs);
  reply_with_va (err, true, fs, args);
  va_end (args);
}

void
reply (const struct wbuf *ret)
{
  if (!check_not_replied ())
    return;
  if (ret != NULL && wbuf_finish (ret) == -1) {
    int err = errno;
    send_error_reply (err, err == EMSGSIZE
                      ? "reply too large for the protocol"
                      : "encoding the reply failed");
    return;
  }
  if (ret != NULL && ret->len > PROTO_MAX_REPLY) {
    send_error_reply (EMSGSIZE, "reply too large for the protocol");
    return;
  }

  /* A call that showed progress ends at 100%, so progress bars close. */
  if (progress_sent && last_progress_total > 0) {
    last_progress_ns = 0;
    call_start_ns = 0;
    notify_progress (last_progress_total, last_progress_total);
  }

  /* Too long for one message: the header, then the body in chunks. */
  if (ret != NULL && ret->len > PROTO_MAX_MESSAGE - PROTO_HEADER_SIZE) {
    size_t off;

    send_reply (PROTO_OK_STREAMED, NULL, 0);
    for (off = 0; off < ret->len; off += PROTO_MAX_CHUNK)
      send_chunk (PROTO_CHUNK_DATA, ret->data + off,
                  ret->len - off < PROTO_MAX_CHUNK ? ret->len - off
                                                   : PROTO_MAX_CHUNK);
    send_chunk (PROTO_CHUNK_END, NULL, 0);
    return;
  }
  send_reply (PROTO_OK, ret ? ret->data : NULL, ret ? ret->len : 0);
}

void
notify_progress (uint64_t position, uint64_t total)
{
  char b[4 + PROTO_PROGRESS_SIZE];
  struct proto_progress p = {
    .proc = proc_nr, .serial = call_serial,
    .position = position, .total = total,
  };
  struct iovec iov = { .iov_base = b, .iov_len = sizeof b };
  int64_t now = now_ns ();

  if (replied)
    return;
  if (now - call_start_ns < PROGRESS_INITIAL_DELAY_NS ||
      now - last_progress_ns < PROGRESS_PERIOD_NS)
    return;
  last_progress_ns = now;
  progress_sent = true;
  last_progress_total = total;

  proto_put_le32 (b, PROTO_FLAG_PROGRESS);
  proto_encode_progress (b + 4, &p);
  write_iov (&iov, 1);
}

int
receive_file (int (*cb) (void *opaque, const void *buf, size_t len),
              void *opaque)
{
  uint64_t received = 0;
  int failed_errno = 0;

  if (xfer != XFER_IN_OPEN) {
    /* Called twice, or by a call without a FileIn: a daemon bug. */
    errno = EINVAL;
    return -1;
  }

  for (;;) {
    size_t len;
    enum proto_chunk_kind kind = read_chunk (&len);

    switch (kind) {
    case PROTO_CHUNK_DATA:
      if (failed_errno)
        continue;             /* draining after a failure */
      if (cb (opaque, chunk_buf, len) == -1) {
        failed_errno = errno ? errno : EIO;
        write_word (PROTO_FLAG_CANCEL);
        continue;
      }
      received += len;
      if (progress_hint > 0)
        notify_progress (received, progress_hint);
      break;

    case PROTO_CHUNK_END:
      xfer = XFER_NONE;
      if (failed_errno) {
        errno = failed_errno;
        return -1;
      }
      return 0;

    case PROTO_CHUNK_CANCEL:
      xfer = XFER_NONE;
      errno = failed_errno ? failed_errno : ECANCELED;
      return -1;
    }
  }
}

/* Non-blocking look at the channel during a download: the library may
 * have sent the cancel flag.  Returns true if it did.
 */
static bool
download_cancelled (void)
{
  struct pollfd pfd = { .fd = chan, .events = POLLIN };
  char w[4];
  uint32_t word;

  if (poll (&pfd, 1, 0) <= 0 || !(pfd.revents & (POLLIN | POLLHUP)))
    return false;
  read_exact (w, 4, false);
  word = proto_get_le32 (w);
  if (word != PROTO_FLAG_CANCEL)
    proto_fatal ("download: unexpected word 0x%" PRIx32 " from the library",
                 word);
  return true;
}

int
send_file_write (const void *buf, size_t len)
{
  const char *p = buf;

  if (xfer != XFER_OUT_OPEN) {
    errno = EINVAL;
    return -1;
  }
  while (len > 0) {
    size_t n = len > PROTO_MAX_CHUNK ? PROTO_MAX_CHUNK : len;

    if (download_cancelled ()) {
      send_chunk (PROTO_CHUNK_CANCEL, NULL, 0);
      xfer = XFER_NONE;
      errno = ECANCELED;
      return -1;
    }
    send_chunk (PROTO_CHUNK_DATA, p, n);
    p += n;
    len -= n;
  }
  return 0;
}

int
send_file_end (int cancel)
{
  if (xfer != XFER_OUT_OPEN) {
    errno = EINVAL;
    return -1;
  }
  send_chunk (cancel ? PROTO_CHUNK_CANCEL : PROTO_CHUNK_END, NULL, 0);
  xfer = XFER_NONE;
  return 0;
}

/* Every incoming call is read into one buffer, kept for the daemon's
 * life and grown to the largest call seen (at most PROTO_MAX_MESSAGE).
 * A protocol error ends the daemon halfway through a call; nothing
 * allocated for that call may be left to pile up in the fuzzing
 * harness, which turns that exit into a jump back.
 */
static char *call_buf;
static size_t call_buf_size;

int
proto_serve_one (void)
{
  char w[4];
  uint32_t len;
  struct rbuf r;
  struct proto_header h;

  if (read_exact (w, 4, true) == 1)
    return 1;
  len = proto_get_le32 (w);

  /* A cancel flag sent for a download that had already ended crosses
   * our END on the wire: harmless, ignore it.
   */
  if (len == PROTO_FLAG_CANCEL)
    return 0;
  if (len < PROTO_HEADER_SIZE || len > PROTO_MAX_MESSAGE)
    proto_fatal ("invalid message length word 0x%" PRIx32, len);

  if (len > call_buf_size) {
    char *p = realloc (call_buf, len);

    if (p == NULL)
      proto_fatal ("realloc: %m");
    call_buf = p;
    call_buf_size = len;
  }
  read_exact (call_buf, len, false);

  rbuf_init (&r, call_buf, len);
  if (proto_decode_header (&r, &h) == -1 ||
      h.direction != PROTO_CALL || h.status != PROTO_OK)
    proto_fatal ("invalid call header");

  proc_nr = h.proc;
  call_serial = h.serial;
  optargs_bitmask = h.optargs_bitmask;
  progress_hint = h.progress_hint;
  replied = false;
  call_start_ns = now_ns ();
  last_progress_ns = 0;
  progress_sent = false;
  last_progress_total = 0;
  switch (dispatch_transfer_kind (proc_nr)) {
  case TRANSFER_IN: xfer = XFER_IN_OPEN; break;
  case TRANSFER_OUT: xfer = XFER_OUT_OPEN; break;
  case TRANSFER_NONE: xfer = XFER_NONE; break;
  }

  if (verbose)
    fprintf (stderr, "careen-daemon: call proc %" PRIu32 " serial %" PRIu32
             "\n", proc_nr, call_serial);

  dispatch_call (proc_nr, &r);

  /* Every call gets exactly one reply: a do_ function that returned
   * without replying is a daemon bug, but the library must not hang.
   */
  if (!replied) {
    fprintf (stderr, "careen-daemon: proc %" PRIu32
             ": internal error: no reply sent\n", proc_nr);
    send_error_reply (EIO, "internal error: the daemon sent no reply");
  }
  return 0;
}
