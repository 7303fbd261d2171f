/* careen - offline disk-image toolkit */

/**
 * initrd_list and initrd_cat: the members of a Linux initramfs image.
 *
 * An image is one or more cpio archives, each maybe compressed, one
 * after the other: typically an uncompressed archive of early CPU
 * microcode, then the compressed initramfs proper.  The archives are
 * read here rather than unpacked by cpio(1): nothing is written to
 * disk, member names (hostile, like the rest of the guest) are only
 * compared and returned, and the formats are simple.  Decompression is
 * left to the host tools, through a pipe (filter.c).
 *
 * Every size comes from the image: names are bounded before they are
 * read, file data is read into memory only for the member asked for
 * and only up to what a reply can carry, and the walk is bounded in
 * members and in bytes.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Longest member name (PATH_MAX with its NUL). */
#define INITRD_MAX_NAME 4096

/* Most members looked at in one image: real ones have a few thousand. */
#define INITRD_MAX_MEMBERS 500000

/* Most (decompressed) bytes read through one image: bounds the time a
 * hostile image (a compression bomb) can take.
 */
#define INITRD_MAX_SCAN (INT64_C(4) * 1024 * 1024 * 1024)

/* Most archives followed one after the other in an image. */
#define INITRD_MAX_SEGMENTS 16

/* Buffer of the stream reader. */
#define INITRD_STREAM_BUF (64 * 1024)

/* The compressed formats the kernel unpacks, by their first bytes. */
static const struct {
  const char *magic;
  size_t len;
  const char *prog;             /* decompresses with PROG -dc */
} compressors[] = {
  { "\x1f\x8b", 2, "gzip" },
  { "\xfd" "7zXZ\0", 6, "xz" },
  { "\x5d\0\0", 3, "xz" },      /* lzma: xz reads it too */
  { "\x28\xb5\x2f\xfd", 4, "zstd" },
  { "BZh", 3, "bzip2" },
  { "\x02\x21\x4c\x18", 4, "lz4" },
  { "\x89LZO", 4, "lzop" },
};

/* Data read in order, from the image file at some offset or from a
 * decompressor's output.
 */
struct istream {
  int fd;                       /* the image (raw) */
  off_t off;                    /* raw: next offset to read in fd */
  struct filter tool;           /* the decompressor, if tool_on */
  bool tool_on;
  unsigned char *buf;
  size_t start, end;
  int64_t pos;                  /* bytes consumed from this stream */
  int64_t *scanned;             /* bytes consumed in the whole image */
};

/* Makes at least n (<= INITRD_STREAM_BUF) bytes available; returns how
 * many are (fewer at the end of the data), or -1 with errno.
 */
static ssize_t
is_fill (struct istream *s, size_t n)
{
  if (s->end - s->start >= n)
    return n;
  memmove (s->buf, s->buf + s->start, s->end - s->start);
  s->end -= s->start;
  s->start = 0;
  while (s->end < n) {
    ssize_t r;

    if (s->tool_on)
      r = filter_read (&s->tool, s->buf + s->end, INITRD_STREAM_BUF - s->end);
    else {
      r = pread (s->fd, s->buf + s->end, INITRD_STREAM_BUF - s->end, s->off);
      if (r > 0)
        s->off += r;
    }
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0)
      break;
    s->end += r;
  }
  return s->end < n ? (ssize_t) s->end : (ssize_t) n;
}

/* Copies the next n bytes into buf (NULL: skips them).  0, or -1 with
 * errno: EINVAL when the data ends first (a truncated archive), EFBIG
 * past INITRD_MAX_SCAN.
 */
static int
is_read (struct istream *s, void *buf, int64_t n)
{
  while (n > 0) {
    size_t want = n > INITRD_STREAM_BUF ? INITRD_STREAM_BUF : (size_t) n;
    ssize_t got = is_fill (s, want);

    if (got == -1)
      return -1;
    if (got == 0) {
      errno = EINVAL;
      return -1;
    }
    if (buf) {
      memcpy (buf, s->buf + s->start, got);
      buf = (char *) buf + got;
    }
    s->start += got;
    s->pos += got;
    *s->scanned += got;
    n -= got;
    if (*s->scanned > INITRD_MAX_SCAN) {
      errno = EFBIG;
      return -1;
    }
  }
  return 0;
}

/* Opens a stream on the image from offset, through prog -dc unless
 * prog is NULL.  -1 with errno.
 */
static int
is_open (struct istream *s, int fd, off_t offset, const char *prog,
         int64_t *scanned)
{
  memset (s, 0, sizeof *s);
  s->fd = fd;
  s->off = offset;
  s->scanned = scanned;
  s->buf = malloc (INITRD_STREAM_BUF);
  if (s->buf == NULL)
    return -1;
  if (prog == NULL)
    return 0;
  if (!program_exists (prog)) {
    errno = ENOTSUP;
    return -1;
  }
  /* The tool reads the image from its file offset. */
  if (lseek (fd, offset, SEEK_SET) == -1)
    return -1;
  {
    const char *argv[] = { prog, "-dc", NULL };

    if (filter_start (&s->tool, argv, fd, FILTER_PIPE, -1) == -1)
      return -1;
  }
  s->tool_on = true;
  return 0;
}

static void
is_close (struct istream *s)
{
  /* The decompressor's status does not matter: a member cut short by
   * bad data is an error of its own, and data after the archives (which
   * some tools complain about) is not read.
   */
  if (s->tool_on)
    filter_kill (&s->tool);
  s->tool_on = false;
  free (s->buf);
  s->buf = NULL;
}

/* Parses n digits in base 16 or 8. */
static int
parse_num (const unsigned char *p, size_t n, unsigned base, uint64_t *v)
{
  size_t i;

  *v = 0;
  for (i = 0; i < n; ++i) {
    int c = p[i], d;

    if (c >= '0' && c <= '9') d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return -1;
    if ((unsigned) d >= base)
      return -1;
    *v = *v * base + (unsigned) d;
  }
  return 0;
}

/* What the walk does with each member. */
struct initrd_visitor {
  /* Called for each member (name without leading slashes): 0 to skip
   * its data, 1 to have it read and given to data, -1 to stop (after
   * replying).
   */
  int (*member) (void *opaque, const char *name, uint32_t mode,
                 uint64_t size);
  /* The member's data (malloc'd, size bytes, owned by the callee). */
  void (*data) (void *opaque, char *buf, uint64_t size);
  void *opaque;
};

/* One member header, in either format. */
struct member {
  uint32_t mode;
  uint64_t namesize, filesize;
  bool newc;                    /* newc/crc: padded to 4 bytes */
};

/* Reads a member header at the stream's position (its magic already
 * seen).  -1 with errno.
 */
static int
read_header (struct istream *s, struct member *m)
{
  unsigned char h[110];
  uint64_t v;

  if (is_fill (s, 6) == -1)
    return -1;
  if (memcmp (s->buf + s->start, "070707", 6) == 0) {
    /* Portable ASCII: octal fields, no padding. */
    if (is_read (s, h, 76) == -1)
      return -1;
    m->newc = false;
    if (parse_num (h + 18, 6, 8, &v) == -1 ||
        parse_num (h + 59, 6, 8, &m->namesize) == -1 ||
        parse_num (h + 65, 11, 8, &m->filesize) == -1) {
      errno = EINVAL;
      return -1;
    }
    m->mode = (uint32_t) v;
    return 0;
  }
  if (is_read (s, h, 110) == -1)
    return -1;
  m->newc = true;
  if (parse_num (h + 14, 8, 16, &v) == -1 ||
      parse_num (h + 54, 8, 16, &m->filesize) == -1 ||
      parse_num (h + 94, 8, 16, &m->namesize) == -1) {
    errno = EINVAL;
    return -1;
  }
  m->mode = (uint32_t) v;
  return 0;
}

static bool
at_cpio_magic (const struct istream *s)
{
  const unsigned char *p = s->buf + s->start;

  return s->end - s->start >= 6 &&
    (memcmp (p, "070701", 6) == 0 || memcmp (p, "070702", 6) == 0 ||
     memcmp (p, "070707", 6) == 0);
}

/* Walks the cpio archives of a stream.  Returns 0 at the end of the
 * data, 1 when something other than an archive follows (at *next_pos
 * from the stream's start), -1 on error: with *replied set if the
 * visitor replied, else with errno.
 */
static int
walk_archives (struct istream *s, const struct initrd_visitor *v,
               int64_t *nr_members, int64_t *next_pos, bool *replied)
{
  CLEANUP_FREE char *name = malloc (INITRD_MAX_NAME);

  if (name == NULL)
    return -1;
  for (;;) {
    struct member m;
    const char *n;
    ssize_t got;
    int r;

    /* Archives end with NUL padding, maybe followed by another. */
    for (;;) {
      got = is_fill (s, 1);
      if (got == -1)
        return -1;
      if (got == 0)
        return 0;
      if (s->buf[s->start] != 0)
        break;
      if (is_read (s, NULL, 1) == -1)
        return -1;
    }
    if (is_fill (s, 6) == -1)
      return -1;
    if (!at_cpio_magic (s)) {
      *next_pos = s->pos;
      return 1;
    }
    if (++*nr_members > INITRD_MAX_MEMBERS) {
      errno = EFBIG;
      return -1;
    }
    if (read_header (s, &m) == -1)
      return -1;
    if (m.namesize == 0 || m.namesize > INITRD_MAX_NAME) {
      errno = EINVAL;
      return -1;
    }
    if (is_read (s, name, m.namesize) == -1)
      return -1;
    name[m.namesize - 1] = '\0';
    if (m.newc && is_read (s, NULL, (4 - (s->pos & 3)) & 3) == -1)
      return -1;
    if (strcmp (name, "TRAILER!!!") == 0) {
      if (is_read (s, NULL, m.filesize) == -1)
        return -1;
      continue;
    }
    n = name;
    while (*n == '/')
      n++;
    r = *n ? v->member (v->opaque, n, m.mode, m.filesize) : 0;
    if (r == -1) {
      *replied = true;
      return -1;
    }
    if (r == 1) {
      char *data = malloc (m.filesize > 0 ? m.filesize : 1);

      if (data == NULL)
        return -1;
      if (is_read (s, data, m.filesize) == -1) {
        int err = errno;

        free (data);
        errno = err;
        return -1;
      }
      v->data (v->opaque, data, m.filesize);
    }
    else if (is_read (s, NULL, m.filesize) == -1)
      return -1;
    if (m.newc && is_read (s, NULL, (4 - (s->pos & 3)) & 3) == -1)
      return -1;
  }
}

/* The decompressor for data starting with p (n bytes), NULL for none;
 * *known false when it is neither compressed nor an archive.
 */
static const char *
compressor_of (const unsigned char *p, size_t n, bool *known)
{
  size_t i;

  *known = true;
  for (i = 0; i < sizeof compressors / sizeof compressors[0]; ++i)
    if (n >= compressors[i].len &&
        memcmp (p, compressors[i].magic, compressors[i].len) == 0)
      return compressors[i].prog;
  *known = n >= 6 &&
    (memcmp (p, "070701", 6) == 0 || memcmp (p, "070702", 6) == 0 ||
     memcmp (p, "070707", 6) == 0);
  return NULL;
}

/* Walks every archive of the image at the guest path.  0, or -1 after
 * replying.
 */
static int
walk_image (const char *path, const struct initrd_visitor *v)
{
  CLEANUP_CLOSE int fd = -1;
  int64_t scanned = 0, nr_members = 0;
  off_t offset = 0;
  int seg;

  fd = open_guest_file (path, O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  for (seg = 0; seg < INITRD_MAX_SEGMENTS; ++seg) {
    unsigned char magic[6];
    const char *prog;
    struct istream s;
    int64_t next = 0;
    bool known, replied = false;
    ssize_t n;
    int r;

    n = pread (fd, magic, sizeof magic, offset);
    if (n == -1) {
      reply_with_perror ("%s", path);
      return -1;
    }
    prog = compressor_of (magic, n, &known);
    if (!known) {
      /* Whatever follows the last archive is not ours to judge. */
      if (seg > 0)
        return 0;
      reply_with_error_errno (EINVAL, "%s: not an initramfs (no cpio "
                              "archive, compressed or not, found)", path);
      return -1;
    }
    if (is_open (&s, fd, offset, prog, &scanned) == -1) {
      int err = errno;

      is_close (&s);
      if (err == ENOTSUP)
        reply_with_error_errno (ENOTSUP, "%s: compressed with %s, which is "
                                "not in this appliance", path, prog);
      else {
        errno = err;
        reply_with_perror ("%s", path);
      }
      return -1;
    }
    r = walk_archives (&s, v, &nr_members, &next, &replied);
    /* A decompressor that gives nothing has said why on stderr (bad
     * data after a magic number that looked right).
     */
    if (r == 0 && s.tool_on && s.pos == 0) {
      CLEANUP_FREE char *err = NULL;

      s.tool_on = false;
      if (filter_finish (&s.tool, &err) == -1) {
        /* The tools start their messages with their own name. */
        if (err && *err)
          reply_with_error_errno (EINVAL, "%s: %s", path, err);
        else
          reply_with_error_errno (EINVAL, "%s: %s: decompression failed",
                                  path, prog);
        is_close (&s);
        return -1;
      }
    }
    if (r == -1 && !replied) {
      int err = errno;

      if (err == EINVAL)
        reply_with_error_errno (EINVAL, "%s: damaged or truncated cpio "
                                "archive", path);
      else if (err == EFBIG)
        reply_with_error_errno (EFBIG, "%s: the image is too large to "
                                "examine", path);
      else {
        errno = err;
        reply_with_perror ("%s", path);
      }
    }
    is_close (&s);
    if (r == -1)
      return -1;
    /* Only an uncompressed archive can be followed by more: the
     * decompressor reads to the end of the file.
     */
    if (r == 0 || prog != NULL)
      return 0;
    offset += next;
  }
  return 0;
}

/* initrd_list */

static int
list_member (void *opaque, const char *name, uint32_t mode, uint64_t size)
{
  struct stringsbuf *sb = opaque;

  if (stringsbuf_add_string (sb, name) == -1) {
    reply_with_perror ("malloc");
    return -1;
  }
  return 0;
}

char **
do_initrd_list (const char *path)
{
  struct stringsbuf sb;
  struct initrd_visitor v = { .member = list_member, .opaque = &sb };
  char **r;

  stringsbuf_init (&sb);
  if (walk_image (path, &v) == -1) {
    stringsbuf_release (&sb);
    return NULL;
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}

/* initrd_cat */

struct cat_state {
  const char *want;             /* without leading slashes */
  const char *path;             /* the image, for messages */
  bool found;
  uint32_t mode;
  char *data;
  uint64_t size;
};

static int
cat_member (void *opaque, const char *name, uint32_t mode, uint64_t size)
{
  struct cat_state *c = opaque;

  if (strcmp (name, c->want) != 0)
    return 0;
  /* A later member of the same name replaces an earlier one, as when
   * the kernel unpacks the image.
   */
  c->found = true;
  c->mode = mode;
  free (c->data);
  c->data = NULL;
  c->size = 0;
  if ((mode & S_IFMT) != S_IFREG)
    return 0;
  if (size > DAEMON_MAX_READ) {
    reply_with_error_errno (EFBIG, "%s: %s: file too large for one reply "
                            "(%" PRIu64 " bytes)", c->path, c->want, size);
    return -1;
  }
  return 1;
}

static void
cat_data (void *opaque, char *buf, uint64_t size)
{
  struct cat_state *c = opaque;

  c->data = buf;
  c->size = size;
}

char *
do_initrd_cat (const char *initrdpath, const char *filename, size_t *size_r)
{
  struct cat_state c = { .path = initrdpath };
  struct initrd_visitor v = {
    .member = cat_member, .data = cat_data, .opaque = &c,
  };

  c.want = filename;
  while (*c.want == '/')
    c.want++;
  if (*c.want == '\0') {
    reply_with_error_errno (EINVAL, "'%s': not a member name", filename);
    return NULL;
  }
  if (walk_image (initrdpath, &v) == -1) {
    free (c.data);
    return NULL;
  }
  if (!c.found) {
    reply_with_error_errno (ENOENT, "%s: no member '%s' in the image",
                            initrdpath, c.want);
    return NULL;
  }
  if ((c.mode & S_IFMT) != S_IFREG) {
    reply_with_error_errno (EINVAL, "%s: member '%s' is not a regular file",
                            initrdpath, c.want);
    return NULL;
  }
  /* An empty file: a non-NULL buffer of size 0. */
  if (c.data == NULL && (c.data = malloc (1)) == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  *size_r = c.size;
  return c.data;
}
