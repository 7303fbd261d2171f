/* careen - offline disk-image toolkit */

/**
 * Looking into guest files: the grep family and the checksums with
 * host tools (checksum, checksum_device and checksums_out; the CRC is
 * computed here), file with libmagic.
 *
 * Compressed files are searched by grep reading the output of
 * "gzip -cdfq" through a pipe (what zgrep does, without its shell).
 *
 * A tool is never handed a guest path string: the daemon opens the file
 * safely (sysroot_open, or an *at call on a plain name with O_NOFOLLOW)
 * and gives the tool "/proc/PID/fd/N", the daemon's own descriptor,
 * which names exactly the inode that was opened whatever symlinks the
 * guest holds.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <magic.h>

#include "daemon.h"

/* Bytes read from a file at a time. */
#define TOOLS_CHUNK (64 * 1024)

/* Longest "/proc/PID/fd/N". */
#define PROC_FD_PATH_MAX 64

/* Files given to one run of a checksum tool by checksums_out: fewer
 * runs (each costs a fork and exec, slow under TCG) against descriptors
 * held open at once.
 */
#define CHECKSUMS_BATCH 64

/* Deepest directory nesting checksums_out descends (each level holds a
 * descriptor open).
 */
#define CHECKSUMS_MAX_DEPTH 256

static void
proc_fd_path (char *buf, int fd)
{
  snprintf (buf, PROC_FD_PATH_MAX, "/proc/%d/fd/%d", (int) getpid (), fd);
}

/* Splits a tool's output into lines for the reply (the last newline
 * does not start a line).  NULL after replying.
 */
static char **
split_output (char *out, const char *what)
{
  struct stringsbuf sb;
  char *line = out, *nl;
  char **r;

  stringsbuf_init (&sb);
  while (*line != '\0') {
    nl = strchr (line, '\n');
    if (nl)
      *nl = '\0';
    if (sb.size >= PROTO_MAX_LIST) {
      stringsbuf_release (&sb);
      reply_with_error_errno (E2BIG, "%s: more than %d lines", what,
                              PROTO_MAX_LIST);
      return NULL;
    }
    if (stringsbuf_add_string (&sb, line) == -1) {
      stringsbuf_release (&sb);
      reply_with_perror ("%s", what);
      return NULL;
    }
    if (nl == NULL)
      break;
    line = nl + 1;
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("%s", what);
  return r;
}

static char **
grep_common (const char *regex, const char *path, bool extended, bool fixed,
             bool insensitive, bool compressed)
{
  CLEANUP_FREE char *out = NULL, *err = NULL;
  char fdpath[PROC_FD_PATH_MAX];
  const char *argv[10];
  size_t i = 0;
  struct filter gunzip;
  int fd, r;

  if (extended && fixed) {
    reply_with_error_errno (EINVAL, "extended and fixed cannot be used "
                            "together");
    return NULL;
  }
  fd = open_guest_file (path, O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (compressed) {
    /* "gzip -cdfq": -f passes data that is not compressed through
     * unchanged, as zgrep does.  gzip reads the file with blocking
     * reads.
     */
    static const char *const gzip[] = { "gzip", "-cdfq", NULL };

    fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
    if (filter_start (&gunzip, gzip, fd, FILTER_PIPE, -1) == -1) {
      reply_with_perror ("gzip");
      close (fd);
      return NULL;
    }
  }
  proc_fd_path (fdpath, compressed ? gunzip.child.from_fd : fd);
  argv[i++] = "grep";
  if (extended)
    argv[i++] = "-E";
  if (fixed)
    argv[i++] = "-F";
  if (insensitive)
    argv[i++] = "-i";
  argv[i++] = "-e";
  argv[i++] = regex;
  argv[i++] = "--";
  argv[i++] = fdpath;
  argv[i] = NULL;
  r = commandrv (&out, &err, argv);
  close (fd);
  /* gzip's own status does not matter: grep read what it could. */
  if (compressed)
    filter_kill (&gunzip);
  /* 1 is "no line matched". */
  if (r == 1)
    return split_output ((char *) "", path);
  if (r != 0) {
    command_error (argv[0], err);
    return NULL;
  }
  return split_output (out, path);
}

char **
do_grep (const char *regex, const char *path, int extended, int fixed,
         int insensitive, int compressed)
{
  return grep_common (regex, path, extended, fixed, insensitive, compressed);
}

char **
do_egrep (const char *regex, const char *path)
{
  return grep_common (regex, path, true, false, false, false);
}

char **
do_fgrep (const char *regex, const char *path)
{
  return grep_common (regex, path, false, true, false, false);
}

char **
do_grepi (const char *regex, const char *path)
{
  return grep_common (regex, path, false, false, true, false);
}

char **
do_egrepi (const char *regex, const char *path)
{
  return grep_common (regex, path, true, false, true, false);
}

char **
do_fgrepi (const char *regex, const char *path)
{
  return grep_common (regex, path, false, true, true, false);
}

char **
do_zgrep (const char *regex, const char *path)
{
  return grep_common (regex, path, false, false, false, true);
}

char **
do_zegrep (const char *regex, const char *path)
{
  return grep_common (regex, path, true, false, false, true);
}

char **
do_zfgrep (const char *regex, const char *path)
{
  return grep_common (regex, path, false, true, false, true);
}

char **
do_zgrepi (const char *regex, const char *path)
{
  return grep_common (regex, path, false, false, true, true);
}

char **
do_zegrepi (const char *regex, const char *path)
{
  return grep_common (regex, path, true, false, true, true);
}

char **
do_zfgrepi (const char *regex, const char *path)
{
  return grep_common (regex, path, false, true, true, true);
}

/* ---- libmagic ---- */

/* The daemon's one libmagic handle, opened and given its database on
 * first use (loading the compiled database costs a few milliseconds
 * under TCG, and most calls never need it).
 */
static magic_t magic_handle;

magic_t
daemon_magic (int flags)
{
  if (magic_handle == NULL) {
    magic_t m = magic_open (MAGIC_NONE);

    if (m == NULL)
      return NULL;
    /* NULL: the database where libmagic was built to look, in the
     * appliance its own /usr/share/misc/magic.mgc (appliance/binaries).
     */
    if (magic_load (m, NULL) == -1) {
      int err = magic_errno (m);

      fprintf (stderr, "careen-daemon: loading the magic database: %s\n",
               magic_error (m));
      magic_close (m);
      errno = err ? err : ENOENT;
      return NULL;
    }
    magic_handle = m;
  }
  if (magic_setflags (magic_handle, flags) == -1) {
    errno = EINVAL;
    return NULL;
  }
  return magic_handle;
}

/* file: what file(1) -z prints (without the name) for a regular file
 * or a device's contents.  MAGIC_ERROR makes a failure to read an error
 * rather than a description.
 */
static char *
describe (magic_t m, const char *path, const char *desc)
{
  char *r;

  if (desc == NULL) {
    const char *why = magic_error (m);

    if (magic_errno (m) != 0) {
      errno = magic_errno (m);
      reply_with_perror ("%s", path);
    }
    else
      reply_with_error ("%s: %s", path, why ? why : "libmagic failed");
    return NULL;
  }
  r = strdup (desc);
  if (r == NULL)
    reply_with_perror ("strdup");
  return r;
}

char *
do_file (const char *path)
{
  struct sysroot_parent p;
  struct stat st;
  const char *kind = NULL;
  char *out;
  magic_t m;
  int fd;

  if (strncmp (path, "/dev/", 5) == 0) {
    /* A device the dispatcher checked: its contents are examined. */
    m = daemon_magic (MAGIC_COMPRESS | MAGIC_DEVICES | MAGIC_SYMLINK |
                      MAGIC_ERROR);
    if (m == NULL) {
      reply_with_perror ("libmagic");
      return NULL;
    }
    return describe (m, path, magic_file (m, path));
  }

  if (sysroot_open_parent (path, &p) == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (fstatat (p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
    reply_with_perror ("%s", path);
    sysroot_parent_release (&p);
    return NULL;
  }
  /* Only regular files are read: what else could be there is told by
   * the mode, and opening a device or FIFO of the guest is not
   * something to do just to describe it.
   */
  switch (st.st_mode & S_IFMT) {
  case S_IFREG: break;
  case S_IFDIR: kind = "directory"; break;
  case S_IFLNK: kind = "symbolic link"; break;
  case S_IFBLK: kind = "block device"; break;
  case S_IFCHR: kind = "character device"; break;
  case S_IFIFO: kind = "FIFO"; break;
  case S_IFSOCK: kind = "socket"; break;
  default: kind = "unknown, not regular file"; break;
  }
  if (kind) {
    sysroot_parent_release (&p);
    out = strdup (kind);
    if (out == NULL)
      reply_with_perror ("strdup");
    return out;
  }
  fd = openat (p.dirfd, p.name,
               O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    sysroot_parent_release (&p);
    return NULL;
  }
  sysroot_parent_release (&p);
  /* MAGIC_COMPRESS: look inside compressed data, as file -z. */
  m = daemon_magic (MAGIC_COMPRESS | MAGIC_ERROR);
  if (m == NULL)
    reply_with_perror ("libmagic");
  out = m ? describe (m, path, magic_descriptor (m, fd)) : NULL;
  close (fd);
  return out;
}

/* ---- checksums ---- */

/* Removes the trailing newline of a tool's one-line answer. */
static void
chomp (char *s)
{
  size_t n = strlen (s);

  while (n > 0 && (s[n-1] == '\n' || s[n-1] == '\r'))
    s[--n] = '\0';
}

/* The POSIX cksum CRC: CRC-32 (polynomial 0x04C11DB7, most significant
 * bit first) over the data and then the length in as few bytes as
 * possible (least significant first), complemented.
 */
struct crc_state {
  uint32_t crc;
  uint64_t len;
};

static void
crc_add (struct crc_state *c, const unsigned char *p, size_t n)
{
  size_t i;
  int b;

  for (i = 0; i < n; ++i) {
    c->crc ^= (uint32_t) p[i] << 24;
    for (b = 0; b < 8; ++b)
      c->crc = (c->crc & 0x80000000) ? (c->crc << 1) ^ 0x04C11DB7
                                     : c->crc << 1;
  }
}

static uint32_t
crc_finish (struct crc_state *c)
{
  uint64_t len = c->len;

  while (len > 0) {
    unsigned char b = len & 0xff;

    crc_add (c, &b, 1);
    len >>= 8;
  }
  return ~c->crc;
}

/* The CRC of an open file as text, or NULL with errno. */
static char *
crc_fd (int fd)
{
  CLEANUP_FREE unsigned char *buf = malloc (TOOLS_CHUNK);
  struct crc_state c = { 0, 0 };
  char *ret;

  if (buf == NULL)
    return NULL;
  for (;;) {
    ssize_t r = read (fd, buf, TOOLS_CHUNK);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return NULL;
    if (r == 0)
      break;
    crc_add (&c, buf, r);
    c.len += r;
  }
  if (asprintf (&ret, "%" PRIu32, crc_finish (&c)) == -1)
    return NULL;
  return ret;
}

/* The tool for a csumtype, NULL for "crc" (done here).  Replies and
 * returns -1 for an unknown type or a tool the appliance lacks.
 */
static int
checksum_program (const char *csumtype, const char **prog)
{
  static const struct { const char *type, *prog; } types[] = {
    { "crc", NULL },
    { "md5", "md5sum" },
    { "sha1", "sha1sum" },
    { "sha224", "sha224sum" },
    { "sha256", "sha256sum" },
    { "sha384", "sha384sum" },
    { "sha512", "sha512sum" },
  };
  size_t i;

  for (i = 0; i < sizeof types / sizeof types[0]; ++i) {
    if (strcmp (csumtype, types[i].type) != 0)
      continue;
    *prog = types[i].prog;
    if (*prog && !program_exists (*prog)) {
      reply_with_error_errno (ENOTSUP, "%s: %s is not in the appliance",
                              csumtype, *prog);
      return -1;
    }
    return 0;
  }
  reply_with_error_errno (EINVAL, "%s: unknown checksum type", csumtype);
  return -1;
}

/* Checksum of the open file fd; name is for messages.  Replies on
 * error.
 */
static char *
checksum_fd (const char *csumtype, int fd, const char *name)
{
  CLEANUP_FREE char *err = NULL;
  char fdpath[PROC_FD_PATH_MAX];
  const char *prog;
  char *out = NULL, *sp;

  if (checksum_program (csumtype, &prog) == -1)
    return NULL;
  if (prog == NULL) {
    out = crc_fd (fd);
    if (out == NULL)
      reply_with_perror ("%s", name);
    return out;
  }
  proc_fd_path (fdpath, fd);
  if (command (&out, &err, prog, "--", fdpath, NULL) == -1) {
    command_error (prog, err);
    free (out);
    return NULL;
  }
  /* "HASH  NAME": keep the hash. */
  sp = strchr (out, ' ');
  if (sp)
    *sp = '\0';
  chomp (out);
  return out;
}

char *
do_checksum (const char *csumtype, const char *path)
{
  char *ret;
  int fd;

  fd = open_guest_file (path, O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  ret = checksum_fd (csumtype, fd, path);
  close (fd);
  return ret;
}

char *
do_checksum_device (const char *csumtype, const char *device)
{
  char *ret;
  int fd;

  fd = open (device, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("%s", device);
    return NULL;
  }
  ret = checksum_fd (csumtype, fd, device);
  close (fd);
  return ret;
}

/* checksums_out: files waiting for one run of the tool. */
struct sums {
  const char *prog;             /* NULL: crc computed here */
  const char *directory;        /* for messages */
  int fds[CHECKSUMS_BATCH];
  char *names[CHECKSUMS_BATCH]; /* "./relative/path" */
  size_t n;
};

/* Sends one line "HASH  NAME\n", escaping a name with a backslash or a
 * newline as coreutils does (the line then starts with a backslash).
 */
static int
send_sum (const char *hash, const char *name)
{
  CLEANUP_FREE char *line = NULL;
  bool escape = strpbrk (name, "\\\n") != NULL;
  size_t len = 0, n = strlen (name);
  const char *p;

  line = malloc (strlen (hash) + 2 * n + 5);
  if (line == NULL)
    return -1;
  if (escape)
    line[len++] = '\\';
  len += sprintf (line + len, "%s  ", hash);
  for (p = name; *p; ++p) {
    if (escape && *p == '\\') {
      line[len++] = '\\';
      line[len++] = '\\';
    }
    else if (escape && *p == '\n') {
      line[len++] = '\\';
      line[len++] = 'n';
    }
    else
      line[len++] = *p;
  }
  line[len++] = '\n';
  return send_file_write (line, len);
}

static void
sums_clear (struct sums *s)
{
  size_t i;

  for (i = 0; i < s->n; ++i) {
    close (s->fds[i]);
    free (s->names[i]);
  }
  s->n = 0;
}

/* Checksums the waiting files and sends their lines.  Replies on
 * error.
 */
static int
sums_flush (struct sums *s)
{
  CLEANUP_FREE char *out = NULL, *err = NULL;
  char fdpaths[CHECKSUMS_BATCH][PROC_FD_PATH_MAX];
  const char *argv[CHECKSUMS_BATCH + 3];
  char *line;
  size_t i;

  if (s->n == 0)
    return 0;
  if (s->prog == NULL) {
    for (i = 0; i < s->n; ++i) {
      CLEANUP_FREE char *crc = crc_fd (s->fds[i]);

      if (crc == NULL) {
        reply_with_perror ("%s", s->names[i]);
        return -1;
      }
      if (send_sum (crc, s->names[i]) == -1)
        goto send_failed;
    }
    sums_clear (s);
    return 0;
  }

  argv[0] = s->prog;
  argv[1] = "--";
  for (i = 0; i < s->n; ++i) {
    proc_fd_path (fdpaths[i], s->fds[i]);
    argv[i + 2] = fdpaths[i];
  }
  argv[i + 2] = NULL;
  if (commandv (&out, &err, argv) == -1) {
    command_error (s->prog, err);
    return -1;
  }
  /* One line per file, in the order given. */
  line = out;
  for (i = 0; i < s->n; ++i) {
    char *nl = strchr (line, '\n'), *sp = strchr (line, ' ');

    if (nl == NULL || sp == NULL || sp > nl) {
      reply_with_error ("%s: unexpected output", s->prog);
      return -1;
    }
    *sp = '\0';
    if (send_sum (line, s->names[i]) == -1)
      goto send_failed;
    line = nl + 1;
  }
  sums_clear (s);
  return 0;

 send_failed:
  if (errno == ECANCELED)
    reply_with_error_errno (ECANCELED, "%s: download cancelled",
                            s->directory);
  else
    reply_with_perror ("%s", s->directory);
  return -1;
}

/* Walks the directory dfd (named rel, "." at the top), queueing every
 * regular file.  Symlinks are not followed.  Replies on error.
 */
static int
sums_walk (struct sums *s, int dfd, const char *rel, int depth)
{
  DIR *d;
  struct dirent *ent;
  int fd, r = 0;

  if (depth >= CHECKSUMS_MAX_DEPTH) {
    reply_with_error_errno (ELOOP, "%s: directories nested too deeply",
                            rel);
    close (dfd);
    return -1;
  }
  d = fdopendir (dfd);
  if (d == NULL) {
    reply_with_perror ("%s", rel);
    close (dfd);
    return -1;
  }
  while (r == 0) {
    CLEANUP_FREE char *name = NULL;
    struct stat st;

    errno = 0;
    ent = readdir (d);
    if (ent == NULL) {
      if (errno != 0) {
        reply_with_perror ("%s", rel);
        r = -1;
      }
      break;
    }
    if (strcmp (ent->d_name, ".") == 0 || strcmp (ent->d_name, "..") == 0)
      continue;
    if (asprintf (&name, "%s/%s", rel, ent->d_name) == -1) {
      reply_with_perror ("asprintf");
      r = -1;
      break;
    }
    if (fstatat (dirfd (d), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
      reply_with_perror ("%s", name);
      r = -1;
      break;
    }
    if (S_ISDIR (st.st_mode)) {
      fd = openat (dirfd (d), ent->d_name,
                   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd == -1) {
        reply_with_perror ("%s", name);
        r = -1;
        break;
      }
      r = sums_walk (s, fd, name, depth + 1);
    }
    else if (S_ISREG (st.st_mode)) {
      fd = openat (dirfd (d), ent->d_name,
                   O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
      if (fd == -1) {
        reply_with_perror ("%s", name);
        r = -1;
        break;
      }
      s->fds[s->n] = fd;
      s->names[s->n++] = name;
      name = NULL;
      if (s->n == CHECKSUMS_BATCH)
        r = sums_flush (s);
    }
  }
  closedir (d);
  return r;
}

int
do_checksums_out (const char *csumtype, const char *directory)
{
  struct sums s = { .directory = directory, .n = 0 };
  int fd;

  if (checksum_program (csumtype, &s.prog) == -1)
    return -1;
  fd = sysroot_open (directory, O_RDONLY | O_DIRECTORY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  if (sums_walk (&s, fd, ".", 0) == -1 || sums_flush (&s) == -1) {
    sums_clear (&s);
    return -1;
  }
  send_file_end (0);
  return 0;
}
