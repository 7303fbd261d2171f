/* careen - offline disk-image toolkit */

/**
 * daemon-call: a test harness that runs careen-daemon on the host
 * (no appliance) over a socketpair and makes one call with the protocol
 * codec, so the daemon can be tested without booting anything.
 *
 *   daemon-call [--daemon PATH] [--sysroot DIR]
 *               [--unknown-procedure] [--unknown-optarg] [--optargs N]
 *               [--in FILE] [--out FILE] [--cancel-after N]
 *               CALL RET ARG...
 *
 * CALL is the name of a daemon call (guestfs_CALL); its procedure
 * number comes from the generated table (procedures-gen.h), so tests
 * never write numbers.  --unknown-procedure sends a number that no
 * call has instead; --unknown-optarg sets the optargs bit just past
 * CALL's last optional argument.  --optargs N says that the last N
 * ARGs are CALL's first N optional arguments (their bits are set).
 *
 * RET says how to print the reply: err, int, int64, bool, string,
 * strings, hash, buffer, partitions, statvfs.  Each ARG is TYPE:VALUE
 * with TYPE s (string), i (i32), I (i64), b (bool 0/1), l (string list,
 * comma separated, "l:" is empty), B (buffer), o (optstring; "o:" is
 * absent).  --in streams FILE as a FileIn upload; --out receives a
 * FileOut download into FILE; --cancel-after N cancels the transfer
 * after N chunks (upload: CANCEL chunk; download: cancel flag).
 *
 * --bad-frame sends an invalid length word instead of the call: the
 * daemon must close the channel and exit non-zero (printed as
 * "daemon exited: N").
 *
 * Exit status: 0 ok reply, 1 error reply (printed as
 * "error: ERRNO: MESSAGE"), 2 harness or protocol failure.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "protocol.h"
#include "procedures-gen.h"
#include "stringsbuf.h"

static int sock = -1;

static void __attribute__ ((noreturn, format (printf, 1, 2)))
die (const char *fs, ...)
{
  va_list args;

  fprintf (stderr, "daemon-call: ");
  va_start (args, fs);
  vfprintf (stderr, fs, args);
  va_end (args);
  fprintf (stderr, "\n");
  exit (2);
}

static void
xread (void *buf, size_t n)
{
  char *p = buf;

  while (n > 0) {
    ssize_t r = read (sock, p, n);
    if (r <= 0)
      die ("read: %s", r == 0 ? "end of file" : strerror (errno));
    p += r;
    n -= r;
  }
}

static void
xwrite (const void *buf, size_t n)
{
  const char *p = buf;

  while (n > 0) {
    ssize_t r = write (sock, p, n);
    if (r <= 0)
      die ("write: %s", strerror (errno));
    p += r;
    n -= r;
  }
}

static uint32_t
read_word (void)
{
  char b[4];

  xread (b, 4);
  return proto_get_le32 (b);
}

static void
write_word (uint32_t w)
{
  char b[4];

  proto_put_le32 (b, w);
  xwrite (b, 4);
}

/* Reads frames until a non-progress one; returns its length word. */
static uint32_t
read_frame_word (bool *cancel_seen)
{
  for (;;) {
    uint32_t w = read_word ();
    if (w == PROTO_FLAG_PROGRESS) {
      char p[PROTO_PROGRESS_SIZE];
      struct proto_progress pr;

      xread (p, sizeof p);
      proto_decode_progress (p, &pr);
      fprintf (stderr, "progress: %" PRIu64 "/%" PRIu64 "\n",
               pr.position, pr.total);
      continue;
    }
    if (w == PROTO_FLAG_ALIVE)
      continue;
    if (w == PROTO_FLAG_CANCEL && cancel_seen) {
      *cancel_seen = true;
      continue;
    }
    return w;
  }
}

static void
send_chunk (uint32_t kind, const void *data, size_t n)
{
  write_word ((uint32_t) (4 + n));
  write_word (kind);
  if (n)
    xwrite (data, n);
}

/* Streams the upload; stops early when the daemon sends the cancel
 * flag (checked without blocking between chunks).
 */
static void
upload (const char *file, long cancel_after)
{
  static char buf[PROTO_MAX_CHUNK];
  int fd = open (file, O_RDONLY);
  long chunks = 0;
  ssize_t r;

  if (fd == -1)
    die ("open: %s: %s", file, strerror (errno));
  while ((r = read (fd, buf, sizeof buf)) > 0) {
    char w[4];

    if (cancel_after >= 0 && chunks == cancel_after) {
      send_chunk (PROTO_CHUNK_CANCEL, NULL, 0);
      close (fd);
      return;
    }
    /* The daemon's cancel flag, if any, is waiting on the socket,
     * perhaps behind keep-alive frames.
     */
    while (recv (sock, w, 4, MSG_DONTWAIT | MSG_PEEK) == 4 &&
           proto_get_le32 (w) == PROTO_FLAG_ALIVE)
      read_word ();
    if (recv (sock, w, 4, MSG_DONTWAIT | MSG_PEEK) == 4 &&
        proto_get_le32 (w) == PROTO_FLAG_CANCEL) {
      read_word ();
      fprintf (stderr, "daemon cancelled the upload\n");
      send_chunk (PROTO_CHUNK_CANCEL, NULL, 0);
      close (fd);
      return;
    }
    send_chunk (PROTO_CHUNK_DATA, buf, r);
    chunks++;
  }
  close (fd);
  send_chunk (PROTO_CHUNK_END, NULL, 0);
}

static void
download (const char *file, long cancel_after)
{
  int fd = open (file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  long chunks = 0;
  bool cancelled = false;

  if (fd == -1)
    die ("open: %s: %s", file, strerror (errno));
  for (;;) {
    uint32_t len = read_frame_word (NULL), kind;
    static char buf[4 + PROTO_MAX_CHUNK];

    if (len < 4 || len > 4 + PROTO_MAX_CHUNK)
      die ("download: bad chunk length 0x%" PRIx32, len);
    xread (buf, len);
    kind = proto_get_le32 (buf);
    if (kind == PROTO_CHUNK_END || kind == PROTO_CHUNK_CANCEL) {
      fprintf (stderr, "download: %s after %ld chunks\n",
               kind == PROTO_CHUNK_END ? "end" : "cancel", chunks);
      break;
    }
    if (kind != PROTO_CHUNK_DATA)
      die ("download: bad chunk kind %" PRIu32, kind);
    if (!cancelled && write (fd, buf + 4, len - 4) != (ssize_t) (len - 4))
      die ("write: %s", file);
    chunks++;
    if (!cancelled && cancel_after >= 0 && chunks == cancel_after) {
      write_word (PROTO_FLAG_CANCEL);
      cancelled = true;
    }
  }
  close (fd);
}

/* The body of a long reply (PROTO_OK_STREAMED): its chunks, joined. */
static char *
read_streamed_body (size_t *len_r)
{
  char *body = NULL;
  size_t len = 0;

  for (;;) {
    uint32_t flen = read_frame_word (NULL), kind;
    static char buf[4 + PROTO_MAX_CHUNK];

    if (flen < 4 || flen > 4 + PROTO_MAX_CHUNK)
      die ("long reply: bad chunk length 0x%" PRIx32, flen);
    xread (buf, flen);
    kind = proto_get_le32 (buf);
    if (kind == PROTO_CHUNK_END && flen == 4)
      break;
    if (kind != PROTO_CHUNK_DATA || flen == 4 ||
        len + flen - 4 > PROTO_MAX_REPLY)
      die ("long reply: bad chunk");
    body = realloc (body, len + flen - 4);
    if (body == NULL)
      die ("realloc: %s", strerror (errno));
    memcpy (body + len, buf + 4, flen - 4);
    len += flen - 4;
  }
  fprintf (stderr, "long reply: %zu bytes\n", len);
  *len_r = len;
  return body;
}

static void
encode_arg (struct wbuf *w, const char *arg)
{
  const char *v = arg + 2;

  if (strlen (arg) < 2 || arg[1] != ':')
    die ("bad argument: %s", arg);
  switch (arg[0]) {
  case 's': wbuf_put_string (w, v); break;
  case 'i': wbuf_put_i32 (w, (int32_t) strtol (v, NULL, 0)); break;
  case 'I': wbuf_put_i64 (w, (int64_t) strtoll (v, NULL, 0)); break;
  case 'b': wbuf_put_bool (w, strcmp (v, "1") == 0); break;
  case 'B': wbuf_put_buffer (w, v, strlen (v)); break;
  case 'o': wbuf_put_optstring (w, *v ? v : NULL); break;
  case 'l': {
    struct stringsbuf sb;
    char *copy = strdup (v), *tok, *save = NULL;
    char **list;

    stringsbuf_init (&sb);
    for (tok = strtok_r (copy, ",", &save); tok;
         tok = strtok_r (NULL, ",", &save))
      stringsbuf_add_string (&sb, tok);
    list = stringsbuf_finish (&sb);
    wbuf_put_strings (w, list);
    strings_free (list);
    free (copy);
    break;
  }
  default:
    die ("bad argument type: %s", arg);
  }
}

static void
print_result (const char *ret, struct rbuf *r)
{
  if (strcmp (ret, "err") == 0)
    printf ("ok\n");
  else if (strcmp (ret, "int") == 0 || strcmp (ret, "bool") == 0)
    printf ("%" PRIi32 "\n", rbuf_get_i32 (r));
  else if (strcmp (ret, "int64") == 0)
    printf ("%" PRIi64 "\n", rbuf_get_i64 (r));
  else if (strcmp (ret, "string") == 0) {
    char *s = rbuf_get_string (r, PROTO_MAX_REPLY);
    printf ("%s\n", s ? s : "(decode failed)");
    free (s);
  }
  else if (strcmp (ret, "buffer") == 0) {
    size_t len;
    char *s = rbuf_get_buffer (r, PROTO_MAX_REPLY, &len);
    if (s)
      fwrite (s, 1, len, stdout);
    free (s);
  }
  else if (strcmp (ret, "strings") == 0 || strcmp (ret, "hash") == 0) {
    char **l = rbuf_get_strings (r, PROTO_MAX_LIST, PROTO_MAX_REPLY);
    size_t i;
    bool hash = strcmp (ret, "hash") == 0;

    for (i = 0; l && l[i]; ++i) {
      if (hash && l[i+1]) {
        printf ("%s: %s\n", l[i], l[i+1]);
        i++;
      }
      else
        printf ("%s\n", l[i]);
    }
    strings_free (l);
  }
  else if (strcmp (ret, "partitions") == 0) {
    uint32_t i, n = rbuf_get_u32 (r);
    for (i = 0; i < n && !rbuf_failed (r); ++i) {
      int32_t num = rbuf_get_i32 (r);
      uint64_t s = rbuf_get_u64 (r), e = rbuf_get_u64 (r);
      uint64_t z = rbuf_get_u64 (r);
      printf ("%" PRIi32 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
              num, s, e, z);
    }
  }
  else if (strcmp (ret, "statvfs") == 0) {
    int i;
    for (i = 0; i < 11; ++i)
      printf ("%s%" PRIi64, i ? " " : "", rbuf_get_i64 (r));
    printf ("\n");
  }
  else
    die ("unknown return type: %s", ret);
  if (!rbuf_done (r))
    die ("reply did not decode exactly");
}

static const struct daemon_procedure *
find_procedure (const char *name)
{
  size_t i;

  for (i = 0; daemon_procedures[i].name != NULL; ++i)
    if (strcmp (daemon_procedures[i].name, name) == 0)
      return &daemon_procedures[i];
  die ("%s: not a daemon call", name);
}

/* A procedure number that no call has: one past the largest. */
static uint32_t
unknown_procedure (void)
{
  uint32_t max = 0;
  size_t i;

  for (i = 0; daemon_procedures[i].name != NULL; ++i)
    if (daemon_procedures[i].proc_nr > max)
      max = daemon_procedures[i].proc_nr;
  return max + 1;
}

int
main (int argc, char *argv[])
{
  static const struct option opts[] = {
    { "bad-frame", no_argument, NULL, 'x' },
    { "cancel-after", required_argument, NULL, 'c' },
    { "daemon", required_argument, NULL, 'd' },
    { "in", required_argument, NULL, 'i' },
    { "optargs", required_argument, NULL, 'n' },
    { "out", required_argument, NULL, 'o' },
    { "sysroot", required_argument, NULL, 'r' },
    { "unknown-optarg", no_argument, NULL, 'u' },
    { "unknown-procedure", no_argument, NULL, 'p' },
    { "verbose", no_argument, NULL, 'v' },
    { NULL, 0, NULL, 0 },
  };
  const char *daemon = "./careen-daemon", *root = NULL;
  const char *in = NULL, *out = NULL, *ret;
  long cancel_after = -1, nr_given = 0;
  bool verbose = false, cancel_seen = false, bad_frame = false;
  bool unknown_proc = false, unknown_optarg = false;
  const struct daemon_procedure *call;
  int c, sv[2], i, status;
  pid_t pid;
  struct wbuf w;
  struct proto_header h = { .direction = PROTO_CALL, .serial = 42 };
  uint32_t len;
  char *msg;
  struct rbuf r;

  while ((c = getopt_long (argc, argv, "", opts, NULL)) != -1) {
    switch (c) {
    case 'c': cancel_after = strtol (optarg, NULL, 0); break;
    case 'd': daemon = optarg; break;
    case 'i': in = optarg; break;
    case 'n': nr_given = strtol (optarg, NULL, 10); break;
    case 'o': out = optarg; break;
    case 'r': root = optarg; break;
    case 'v': verbose = true; break;
    case 'x': bad_frame = true; break;
    case 'p': unknown_proc = true; break;
    case 'u': unknown_optarg = true; break;
    default: exit (2);
    }
  }
  if (argc - optind < 2)
    die ("usage: daemon-call [options] CALL RET ARG...");
  call = find_procedure (argv[optind]);
  h.proc = unknown_proc ? unknown_procedure () : call->proc_nr;
  ret = argv[optind + 1];
  if (nr_given < 0 || nr_given > (long) call->nr_optargs)
    die ("%s: --optargs %ld: the call has %u optional arguments",
         call->name, nr_given, (unsigned) call->nr_optargs);
  if (nr_given > 0)
    h.optargs_bitmask = nr_given == 64 ? UINT64_MAX
      : (UINT64_C(1) << nr_given) - 1;
  if (unknown_optarg) {
    if (call->nr_optargs >= 64)
      die ("%s: every optargs bit is in use", call->name);
    h.optargs_bitmask = UINT64_C(1) << call->nr_optargs;
  }

  if (socketpair (AF_UNIX, SOCK_STREAM, 0, sv) == -1)
    die ("socketpair: %s", strerror (errno));
  pid = fork ();
  if (pid == -1)
    die ("fork: %s", strerror (errno));
  if (pid == 0) {
    char chan[32];
    const char *dargv[8];
    int n = 0;

    close (sv[0]);
    snprintf (chan, sizeof chan, "fd:%d", sv[1]);
    dargv[n++] = daemon;
    dargv[n++] = "--channel";
    dargv[n++] = chan;
    if (root) {
      dargv[n++] = "--sysroot";
      dargv[n++] = root;
    }
    if (verbose)
      dargv[n++] = "--verbose";
    dargv[n] = NULL;
    execv (daemon, (char *const *) dargv);
    perror (daemon);
    _exit (2);
  }
  close (sv[1]);
  sock = sv[0];

  if (read_word () != PROTO_FLAG_READY || read_word () != PROTO_VERSION)
    die ("no ready message");

  if (bad_frame) {
    char b;

    write_word (0xdeadbeef);
    if (read (sock, &b, 1) != 0)
      die ("the daemon did not close the channel");
    if (waitpid (pid, &c, 0) == -1 || !WIFEXITED (c))
      die ("daemon did not exit");
    printf ("daemon exited: %d\n", WEXITSTATUS (c));
    return 0;
  }

  wbuf_init (&w);
  proto_encode_header (&w, &h);
  for (i = optind + 2; i < argc; ++i)
    encode_arg (&w, argv[i]);
  if (wbuf_finish (&w) == -1)
    die ("encoding the call: %s", strerror (errno));
  write_word ((uint32_t) w.len);
  xwrite (w.data, w.len);
  wbuf_release (&w);

  if (in)
    upload (in, cancel_after);
  if (out)
    download (out, cancel_after);

  len = read_frame_word (&cancel_seen);
  if (cancel_seen)
    fprintf (stderr, "(daemon sent the cancel flag)\n");
  if (len < PROTO_HEADER_SIZE || len > PROTO_MAX_MESSAGE)
    die ("bad reply length 0x%" PRIx32, len);
  msg = malloc (len);
  xread (msg, len);
  rbuf_init (&r, msg, len);
  if (proto_decode_header (&r, &h) == -1 || h.direction != PROTO_REPLY ||
      h.serial != 42)
    die ("bad reply header");

  /* The daemon exits on end of file once we close our side. */
  if (h.status == PROTO_ERROR) {
    char *e = rbuf_get_string (&r, PROTO_MAX_ERRNO_NAME);
    char *m = rbuf_get_string (&r, PROTO_MAX_ERROR);
    printf ("error: %s: %s\n", e ? e : "?", m ? m : "?");
    free (e);
    free (m);
    status = 1;
  }
  else if (h.status == PROTO_OK_STREAMED) {
    size_t blen;
    char *body = read_streamed_body (&blen);
    struct rbuf br;

    rbuf_init (&br, body, blen);
    print_result (ret, &br);
    free (body);
    status = 0;
  }
  else {
    print_result (ret, &r);
    status = 0;
  }
  close (sock);
  if (waitpid (pid, &c, 0) == -1 || !WIFEXITED (c) || WEXITSTATUS (c) != 0)
    die ("daemon did not exit cleanly (status 0x%x)", c);
  free (msg);
  return status;
}
