/** careen - offline disk-image toolkit
 *
 * The protocol client: one remote procedure call to the daemon, with
 * its file transfer if it has one (common/protocol/protocol.txt).
 *
 * Everything read from the channel comes from the appliance, which
 * runs code that looked at hostile disks, so it is treated as hostile
 * too: every length is checked against the protocol's limits before
 * anything is allocated, and anything unexpected is a protocol error
 * that kills the appliance (the stream can no longer be trusted to be
 * in step).  Files are streamed in chunks, never held whole in memory.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs-internal.h"

/* Results of read_frame_word and read_one_frame_word. */
enum frame {
  FRAME_DATA,                   /* a message or chunk of *len_r bytes */
  FRAME_CANCEL,                 /* the daemon's cancel flag */
  FRAME_PROGRESS,               /* progress or keep-alive, already handled */
};

/* Size of a chunk frame's kind field. */
#define CHUNK_KIND_SIZE 4

static int
protocol_error (guestfs_h *g, const char *what)
{
  guestfs_int_error_errno (g, EPROTO,
                           "protocol error: %s (the appliance was stopped)",
                           what);
  guestfs_int_appliance_died (g);
  return -1;
}

static void
progress_frame (guestfs_h *g, const char body[PROTO_PROGRESS_SIZE])
{
  struct proto_progress p;
  uint64_t array[4];

  proto_decode_progress (body, &p);
  array[0] = p.proc;
  array[1] = p.serial;
  array[2] = p.position;
  array[3] = p.total;
  guestfs_int_call_callbacks_array (g, GUESTFS_EVENT_PROGRESS, array, 4);
}

/* Reads one frame length word; a progress frame is read whole and
 * handled, a keep-alive frame (only a sign of life) skipped.  Returns enum frame, or -1 after reporting.
 */
static int
read_one_frame_word (guestfs_h *g, uint32_t *len_r)
{
  char word[4];
  uint32_t w;

  if (guestfs_int_conn_read (g, word, 4) == -1)
    return -1;
  w = proto_get_le32 (word);
  if (w == PROTO_FLAG_PROGRESS) {
    char body[PROTO_PROGRESS_SIZE];

    if (guestfs_int_conn_read (g, body, sizeof body) == -1)
      return -1;
    progress_frame (g, body);
    return FRAME_PROGRESS;
  }
  if (w == PROTO_FLAG_ALIVE)
    return FRAME_PROGRESS;
  if (w == PROTO_FLAG_CANCEL)
    return FRAME_CANCEL;
  if (w > PROTO_MAX_MESSAGE)
    return protocol_error (g, "invalid frame length word");
  *len_r = w;
  return FRAME_DATA;
}

/* Reads frame length words, handling progress frames on the way, until
 * a data frame or the cancel flag.  Returns enum frame, or -1 after
 * reporting.
 */
static int
read_frame_word (guestfs_h *g, uint32_t *len_r)
{
  int f;

  do
    f = read_one_frame_word (g, len_r);
  while (f == FRAME_PROGRESS);
  return f;
}

static int
send_chunk (guestfs_h *g, char *buf, enum proto_chunk_kind kind, size_t n)
{
  /* buf has 8 bytes of room for the length word and kind before data. */
  proto_put_le32 (buf, (uint32_t) (CHUNK_KIND_SIZE + n));
  proto_put_le32 (buf + 4, kind);
  return guestfs_int_conn_write (g, buf, 8 + n);
}

static int
send_call (guestfs_h *g, uint32_t proc, uint32_t serial,
           uint64_t optargs_bitmask, uint64_t progress_hint,
           const struct wbuf *args)
{
  struct proto_header h = {
    .proc = proc,
    .serial = serial,
    .direction = PROTO_CALL,
    .status = PROTO_OK,
    .optargs_bitmask = optargs_bitmask,
    .progress_hint = progress_hint,
  };
  struct wbuf w;
  char word[4];
  int r;

  wbuf_init (&w);
  proto_encode_header (&w, &h);
  if (args && args->len > 0)
    wbuf_put_bytes (&w, args->data, args->len);
  if (wbuf_finish (&w) == -1 || (args && wbuf_finish (args) == -1)) {
    if (errno == ENOMEM)
      guestfs_int_oom (g);
    guestfs_int_error_errno (g, EMSGSIZE,
                             "the arguments are too large for one message "
                             "(at most %d bytes)", PROTO_MAX_MESSAGE);
    wbuf_release (&w);
    return -1;
  }
  proto_put_le32 (word, (uint32_t) w.len);
  r = guestfs_int_conn_write (g, word, 4);
  if (r == 0)
    r = guestfs_int_conn_write (g, w.data, w.len);
  wbuf_release (&w);
  return r;
}

/* Streams fd to the daemon.  *local_errno_r is set when reading the
 * local file failed, *cancelled_r when the user cancelled.  Returns -1
 * only when the channel failed (reported).
 */
static int
upload (guestfs_h *g, int fd, int *local_errno_r, bool *cancelled_r)
{
  CLEANUP_FREE char *buf = malloc (8 + PROTO_MAX_CHUNK);

  if (buf == NULL)
    guestfs_int_oom (g);
  for (;;) {
    ssize_t n;

    /* The daemon may ask us to stop (disk full), or just report
     * progress: look without blocking before each chunk.  One frame at
     * a time: after a progress frame the daemon sends nothing more
     * until it gets more chunks, so waiting for another would hang.
     */
    while (guestfs_int_conn_readable (g)) {
      uint32_t len;
      int f = read_one_frame_word (g, &len);

      if (f == -1)
        return -1;
      if (f == FRAME_PROGRESS)
        continue;
      if (f == FRAME_CANCEL) {
        debug (g, "upload: the daemon cancelled the transfer");
        return send_chunk (g, buf, PROTO_CHUNK_CANCEL, 0);
      }
      return protocol_error (g, "message from the daemon during upload");
    }
    if (g->user_cancel) {
      *cancelled_r = true;
      return send_chunk (g, buf, PROTO_CHUNK_CANCEL, 0);
    }

    n = read (fd, buf + 8, PROTO_MAX_CHUNK);
    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1) {
      *local_errno_r = errno;
      return send_chunk (g, buf, PROTO_CHUNK_CANCEL, 0);
    }
    if (n == 0)
      return send_chunk (g, buf, PROTO_CHUNK_END, 0);
    if (send_chunk (g, buf, PROTO_CHUNK_DATA, (size_t) n) == -1)
      return -1;
  }
}

static int
write_all (int fd, const char *buf, size_t n)
{
  while (n > 0) {
    ssize_t r = write (fd, buf, n);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    buf += r;
    n -= (size_t) r;
  }
  return 0;
}

/* Receives the daemon's chunks into fd, up to END or CANCEL.  When the
 * data can no longer be used (local write error, user cancel) the
 * daemon is asked to stop and the remaining chunks are discarded.
 * Returns -1 only when the channel failed (reported).
 */
static int
download (guestfs_h *g, int fd, int *local_errno_r, bool *cancelled_r)
{
  CLEANUP_FREE char *buf = malloc (CHUNK_KIND_SIZE + PROTO_MAX_CHUNK);
  bool stop_sent = false;

  if (buf == NULL)
    guestfs_int_oom (g);
  for (;;) {
    uint32_t len, kind;
    int f = read_frame_word (g, &len);

    if (f == -1)
      return -1;
    if (f == FRAME_CANCEL)
      return protocol_error (g, "cancel flag from the daemon during "
                             "download");
    if (len < CHUNK_KIND_SIZE || len > CHUNK_KIND_SIZE + PROTO_MAX_CHUNK)
      return protocol_error (g, "invalid chunk length");
    if (guestfs_int_conn_read (g, buf, len) == -1)
      return -1;
    guestfs_int_conn_call_moved (g);   /* a moving download is not stuck */
    kind = proto_get_le32 (buf);

    if (kind == PROTO_CHUNK_END || kind == PROTO_CHUNK_CANCEL) {
      if (len != CHUNK_KIND_SIZE)
        return protocol_error (g, "data in an end chunk");
      return 0;
    }
    if (kind != PROTO_CHUNK_DATA || len == CHUNK_KIND_SIZE)
      return protocol_error (g, "invalid chunk");

    if (!stop_sent &&
        write_all (fd, buf + CHUNK_KIND_SIZE, len - CHUNK_KIND_SIZE) == -1)
      *local_errno_r = errno;
    if (!stop_sent && g->user_cancel)
      *cancelled_r = true;
    if (!stop_sent && (*local_errno_r || *cancelled_r)) {
      char word[4];

      proto_put_le32 (word, PROTO_FLAG_CANCEL);
      if (guestfs_int_conn_write (g, word, 4) == -1)
        return -1;
      stop_sent = true;
    }
  }
}

/* Collects the chunks of a long reply (PROTO_OK_STREAMED) into one
 * body of at most PROTO_MAX_REPLY bytes.  Returns 0, or -1 after
 * reporting (the channel failed or the stream was not valid).
 */
static int
read_streamed_body (guestfs_h *g, char **ret_r, size_t *ret_len_r)
{
  char *body = NULL;
  size_t len = 0, cap = 0;

  for (;;) {
    uint32_t flen, kind;
    int f = read_frame_word (g, &flen);

    if (f == -1)
      goto fail;
    if (f == FRAME_CANCEL || flen < CHUNK_KIND_SIZE ||
        flen > CHUNK_KIND_SIZE + PROTO_MAX_CHUNK) {
      protocol_error (g, "invalid chunk in a long reply");
      goto fail;
    }
    /* Room for the whole chunk, kind included, at the end. */
    if (len + flen > cap) {
      size_t ncap = cap ? cap * 2 : 2 * PROTO_MAX_MESSAGE;
      char *p;

      while (ncap < len + flen)
        ncap *= 2;
      p = realloc (body, ncap);
      if (p == NULL)
        guestfs_int_oom (g);
      body = p;
      cap = ncap;
    }
    if (guestfs_int_conn_read (g, body + len, flen) == -1)
      goto fail;
    kind = proto_get_le32 (body + len);
    if (kind == PROTO_CHUNK_END && flen == CHUNK_KIND_SIZE)
      break;
    if (kind != PROTO_CHUNK_DATA || flen == CHUNK_KIND_SIZE ||
        len + flen - CHUNK_KIND_SIZE > PROTO_MAX_REPLY) {
      protocol_error (g, "invalid chunk in a long reply");
      goto fail;
    }
    memmove (body + len, body + len + CHUNK_KIND_SIZE, flen - CHUNK_KIND_SIZE);
    len += flen - CHUNK_KIND_SIZE;
  }
  *ret_r = body;
  *ret_len_r = len;
  return 0;

 fail:
  free (body);
  return -1;
}

/* Reads the reply to (proc, serial).  Returns 0 with the body, 1 when
 * the daemon replied with an error (reported if report_error), -1 on
 * channel failure.
 */
static int
read_reply (guestfs_h *g, uint32_t proc, uint32_t serial, bool report_error,
            char **ret_r, size_t *ret_len_r)
{
  CLEANUP_FREE char *msg = NULL;
  struct proto_header h;
  struct rbuf r;
  uint32_t len;
  int f;

  /* A cancel flag may arrive after we already ended an upload: the
   * daemon sends it when it fails near the end; it is harmless now.
   */
  do {
    f = read_frame_word (g, &len);
    if (f == -1)
      return -1;
  } while (f == FRAME_CANCEL);

  if (len < PROTO_HEADER_SIZE)
    return protocol_error (g, "reply shorter than a header");
  msg = malloc (len);
  if (msg == NULL)
    guestfs_int_oom (g);
  if (guestfs_int_conn_read (g, msg, len) == -1)
    return -1;

  rbuf_init (&r, msg, len);
  if (proto_decode_header (&r, &h) == -1)
    return protocol_error (g, "invalid reply header");
  if (h.direction != PROTO_REPLY || h.proc != proc || h.serial != serial)
    return protocol_error (g, "reply does not match the call");

  if (h.status == PROTO_ERROR) {
    CLEANUP_FREE char *errno_name = rbuf_get_string (&r, PROTO_MAX_ERRNO_NAME);
    CLEANUP_FREE char *message = rbuf_get_string (&r, PROTO_MAX_ERROR);

    if (!rbuf_done (&r))
      return protocol_error (g, "invalid error reply");
    if (report_error)
      guestfs_int_error_errno (g, proto_string_to_errno (errno_name),
                               "%s", message);
    return 1;
  }

  if (h.status == PROTO_OK_STREAMED) {
    if (len != PROTO_HEADER_SIZE)
      return protocol_error (g, "body in a streamed reply's header");
    return read_streamed_body (g, ret_r, ret_len_r);
  }

  *ret_len_r = len - PROTO_HEADER_SIZE;
  *ret_r = NULL;
  if (*ret_len_r > 0) {
    *ret_r = malloc (*ret_len_r);
    if (*ret_r == NULL)
      guestfs_int_oom (g);
    memcpy (*ret_r, msg + PROTO_HEADER_SIZE, *ret_len_r);
  }
  return 0;
}

/* Opens the local side of a transfer.  The standard streams are
 * duplicated rather than reopened: reopening /dev/stdout with O_TRUNC
 * would wipe what was already written to a redirected file, and
 * reopening /dev/stdin would restart a redirected file at its start.
 */
static int
open_local_file (const char *name, int flags)
{
  static const char *const std_names[] = {
    "/dev/stdin", "/dev/stdout", "/dev/stderr"
  };
  int i;

  for (i = 0; i < 3; ++i)
    if (strcmp (name, std_names[i]) == 0)
      return fcntl (i, F_DUPFD_CLOEXEC, 3);
  return open (name, flags, 0666);
}

/* After a failed download into a regular file that we named and
 * truncated: remove it, so that nothing is left that looks like a
 * complete copy.  Only the file we wrote (same inode; never a symlink
 * in its place, never a device or pipe), and never the standard streams.
 */
static void
remove_partial_file (const char *name, const struct stat *opened)
{
  struct stat st;

  if (lstat (name, &st) == 0 && S_ISREG (st.st_mode) &&
      st.st_dev == opened->st_dev && st.st_ino == opened->st_ino)
    unlink (name);
}

static int
rpc (guestfs_h *g, uint32_t proc,
     uint64_t optargs_bitmask, uint64_t progress_hint,
     const struct wbuf *args,
     const char *filein, const char *fileout,
     char **ret_r, size_t *ret_len_r,
     struct stat *out_st, bool *out_is_file)
{
  CLEANUP_CLOSE int fd = -1;
  uint32_t serial;
  int local_errno = 0;
  bool cancelled = false;
  int r;

  *ret_r = NULL;
  *ret_len_r = 0;
  *out_is_file = false;
  if (g->state != READY || g->conn.sock_fd == -1) {
    guestfs_int_error_errno (g, EINVAL, "the appliance is not running");
    return -1;
  }

  /* Open the local file first: failing then needs no protocol dance. */
  if (filein) {
    struct stat st;

    fd = open_local_file (filein, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
      perrorf (g, "open: %s", filein);
      return -1;
    }
    if (progress_hint == 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
      progress_hint = (uint64_t) st.st_size;
  }
  else if (fileout) {
    fd = open_local_file (fileout, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC);
    if (fd == -1) {
      perrorf (g, "open: %s", fileout);
      return -1;
    }
    if (fd > 2 && strncmp (fileout, "/dev/", 5) != 0 &&
        fstat (fd, out_st) == 0 && S_ISREG (out_st->st_mode))
      *out_is_file = true;
  }

  serial = ++g->conn.serial;
  guestfs_int_conn_start_call_clock (g);
  if (send_call (g, proc, serial, optargs_bitmask, progress_hint, args) == -1)
    return -1;

  if (filein && upload (g, fd, &local_errno, &cancelled) == -1)
    return -1;
  if (fileout) {
    if (download (g, fd, &local_errno, &cancelled) == -1)
      return -1;
    r = close (fd);
    fd = -1;
    if (r == -1 && local_errno == 0)
      local_errno = errno;
  }

  r = read_reply (g, proc, serial, !local_errno && !cancelled,
                  ret_r, ret_len_r);
  if (r == -1)
    return -1;

  /* Our own failure explains the transfer's end better than the
   * daemon's reply to it.
   */
  if (local_errno || cancelled) {
    free (*ret_r);
    *ret_r = NULL;
    if (local_errno) {
      errno = local_errno;
      perrorf (g, "%s: %s", filein ? "read" : "write",
               filein ? filein : fileout);
    }
    else
      guestfs_int_error_errno (g, EINTR, "operation cancelled by user");
    return -1;
  }
  return r == 0 ? 0 : -1;
}

int
guestfs_int_rpc (guestfs_h *g, uint32_t proc,
                 uint64_t optargs_bitmask, uint64_t progress_hint,
                 const struct wbuf *args,
                 const char *filein, const char *fileout,
                 char **ret_r, size_t *ret_len_r)
{
  struct stat st;
  bool is_file;
  int r;

  /* rpc says whether fileout, once opened, was a regular file. */
  r = rpc (g, proc, optargs_bitmask, progress_hint, args, filein, fileout,
           ret_r, ret_len_r, &st, &is_file);
  guestfs_int_conn_stop_call_clock (g);
  if (r == -1 && fileout && is_file)
    remove_partial_file (fileout, &st);
  return r;
}
