/* careen - offline disk-image toolkit */

/**
 * file_architecture: the processor architecture of a binary.  libmagic
 * (daemon_magic) says what the data is, by MIME type: an ELF, PE or
 * Mach-O binary, a cpio archive, or compressed data.  The
 * architecture itself is read from the binary's header, because
 * libmagic names it only in prose ("x86-64", "Intel 80386", "ARM
 * aarch64") whose wording changes between releases of file, while
 * file_architecture returns fixed names.  Compressed files (kernel
 * modules) are decompressed through a pipe by the host tool, and
 * initrd images (cpio "newc" archives, compressed or not, possibly
 * after an uncompressed early microcode archive) are walked until the
 * first ELF file, since libmagic does not look inside archives.
 *
 * The file is hostile: only fixed-size headers are read, at offsets
 * checked against the file's size, and the walk through an archive is
 * bounded in entries and bytes.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <magic.h>

#include "daemon.h"

/* Bytes read from the start of the file: enough for every header
 * looked at there (ELF, the DOS stub of PE, Mach-O).
 */
#define ARCH_HEADER_SIZE 64

/* Most entries of an initrd examined before giving up. */
#define ARCH_MAX_ENTRIES 100000

/* Most bytes of (decompressed) data read through while looking for a
 * binary: bounds the time a hostile archive can take.
 */
#define ARCH_MAX_SCAN (INT64_C(512) * 1024 * 1024)

/* Longest file name in a cpio archive (PATH_MAX with its NUL). */
#define ARCH_MAX_CPIO_NAME 4096

/* Buffer of the stream reader. */
#define ARCH_STREAM_BUF (64 * 1024)

/* Reads exactly n bytes at offset; -1 (errno EINVAL when the file is
 * shorter) otherwise.
 */
static int
read_at (int fd, void *buf, size_t n, off_t offset)
{
  size_t done = 0;

  while (done < n) {
    ssize_t r = pread (fd, (char *) buf + done, n - done, offset + done);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0) {
      errno = EINVAL;
      return -1;
    }
    done += r;
  }
  return 0;
}

static uint16_t
get16 (const unsigned char *p, bool big)
{
  return big ? (uint16_t) (p[0] << 8 | p[1]) : (uint16_t) (p[1] << 8 | p[0]);
}

static uint32_t
get32 (const unsigned char *p, bool big)
{
  return big
    ? (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | p[2] << 8 | p[3]
    : (uint32_t) p[3] << 24 | (uint32_t) p[2] << 16 | p[1] << 8 | p[0];
}

/* ELF: e_ident[EI_CLASS] 1 = 32-bit, 2 = 64-bit; [EI_DATA] 1 = little,
 * 2 = big endian; e_machine at offset 18.
 */
static const char *
elf_arch (const unsigned char *h)
{
  bool is64 = h[4] == 2, big = h[5] == 2;
  uint16_t machine = get16 (h + 18, big);

  switch (machine) {
  case 2: case 18: return "sparc";       /* EM_SPARC, EM_SPARC32PLUS */
  case 3: case 6: return "i386";         /* EM_386, EM_486 */
  case 8: return is64 ? "mips64" : "mips";
  case 20: return "ppc";
  case 21: return big ? "ppc64" : "ppc64le";
  case 22: return is64 ? "s390x" : "s390";
  case 40: return "arm";
  case 43: return "sparc64";             /* EM_SPARCV9 */
  case 50: return "ia64";
  case 62: return "x86_64";
  case 183: return "aarch64";
  case 243: return is64 ? "riscv64" : "riscv32";
  case 258: return "loongarch64";
  default: return NULL;
  }
}

/* PE: "MZ", the offset of the "PE\0\0" signature at 0x3c, then the
 * COFF header whose first field is the machine.
 */
static const char *
pe_arch (int fd, const unsigned char *h, off_t size)
{
  unsigned char sig[6];
  uint32_t off = get32 (h + 0x3c, false);

  if ((off_t) off > size - (off_t) sizeof sig ||
      read_at (fd, sig, sizeof sig, off) == -1 ||
      memcmp (sig, "PE\0\0", 4) != 0)
    return NULL;
  switch (get16 (sig + 4, false)) {
  case 0x014c: return "i386";
  case 0x0200: return "ia64";
  case 0x01c0: case 0x01c2: case 0x01c4: return "arm";
  case 0x8664: return "x86_64";
  case 0xaa64: return "aarch64";
  case 0x5032: return "riscv32";
  case 0x5064: return "riscv64";
  default: return NULL;
  }
}

/* Mach-O CPU types (the 64-bit flag is 0x01000000). */
static const char *
macho_cpu (uint32_t cpu)
{
  switch (cpu) {
  case 7: return "i386";
  case 0x01000007: return "x86_64";
  case 12: return "arm";
  case 0x0100000c: return "aarch64";
  case 18: return "ppc";
  case 0x01000012: return "ppc64";
  default: return NULL;
  }
}

static const char *
macho_arch (const unsigned char *h)
{
  uint32_t magic = get32 (h, true);

  /* feedface/feedfacf big endian, cefaedfe/cffaedfe little. */
  if (magic == 0xfeedface || magic == 0xfeedfacf)
    return macho_cpu (get32 (h + 4, true));
  if (magic == 0xcefaedfe || magic == 0xcffaedfe)
    return macho_cpu (get32 (h + 4, false));
  /* A universal binary (libmagic told it from a Java class, which
   * shares the magic): the first architecture it holds.
   */
  if (magic == 0xcafebabe)
    return macho_cpu (get32 (h + 8, true));
  return NULL;
}

/* What libmagic says data is. */
enum data_kind {
  KIND_OTHER,
  KIND_ELF,
  KIND_PE,
  KIND_MACHO,
  KIND_CPIO,
  KIND_COMPRESSED,
};

static const struct {
  const char *mime;
  enum data_kind kind;
  const char *decompressor;     /* KIND_COMPRESSED: the tool (-dc) */
} kinds[] = {
  { "application/x-executable", KIND_ELF, NULL },
  { "application/x-pie-executable", KIND_ELF, NULL },
  { "application/x-sharedlib", KIND_ELF, NULL },
  { "application/x-object", KIND_ELF, NULL },
  { "application/x-coredump", KIND_ELF, NULL },
  { "application/vnd.microsoft.portable-executable", KIND_PE, NULL },
  { "application/x-dosexec", KIND_PE, NULL },
  { "application/x-mach-binary", KIND_MACHO, NULL },
  { "application/x-cpio", KIND_CPIO, NULL },
  { "application/gzip", KIND_COMPRESSED, "gzip" },
  { "application/x-gzip", KIND_COMPRESSED, "gzip" },
  { "application/x-xz", KIND_COMPRESSED, "xz" },
  { "application/zstd", KIND_COMPRESSED, "zstd" },
  { "application/x-bzip2", KIND_COMPRESSED, "bzip2" },
};

/* The kind of a MIME type from libmagic (NULL: not known); *prog gets
 * the decompressor of compressed data.
 */
static enum data_kind
mime_kind (const char *mime, const char **prog)
{
  size_t i;

  *prog = NULL;
  for (i = 0; mime && i < sizeof kinds / sizeof kinds[0]; ++i) {
    if (strcmp (mime, kinds[i].mime) == 0) {
      *prog = kinds[i].decompressor;
      return kinds[i].kind;
    }
  }
  return KIND_OTHER;
}

/* The kind of the n bytes at p (the start of some data). */
static enum data_kind
buffer_kind (const void *p, size_t n, const char **prog)
{
  magic_t m = daemon_magic (MAGIC_MIME_TYPE);

  *prog = NULL;
  if (m == NULL)
    return KIND_OTHER;
  return mime_kind (magic_buffer (m, p, n), prog);
}

/* Data read in order from a file descriptor (the guest file, or the
 * output of a decompressor), with look-ahead.
 */
struct stream {
  int fd;                       /* a dup of the file, or the tool's output */
  struct filter tool;           /* the decompressor, if tool.child.pid > 0 */
  unsigned char *buf;           /* ARCH_STREAM_BUF bytes */
  size_t start, end;
  int64_t pos;                  /* bytes consumed */
};

/* Makes at least n (<= ARCH_STREAM_BUF) bytes available.  Returns how
 * many are (fewer at the end of the data), or -1 with errno.
 */
static ssize_t
stream_fill (struct stream *s, size_t n)
{
  if (s->end - s->start >= n)
    return n;
  memmove (s->buf, s->buf + s->start, s->end - s->start);
  s->end -= s->start;
  s->start = 0;
  while (s->end < n) {
    /* filter_read also reads the tool's stderr, so that it cannot
     * block on it.
     */
    ssize_t r = s->tool.child.pid > 0
      ? filter_read (&s->tool, s->buf + s->end, ARCH_STREAM_BUF - s->end)
      : read (s->fd, s->buf + s->end, ARCH_STREAM_BUF - s->end);

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

/* Copies the next n bytes into buf (NULL: discards them).  0, 1 at the
 * end of the data, -1 on error or past ARCH_MAX_SCAN (errno set).
 */
static int
stream_read (struct stream *s, void *buf, int64_t n)
{
  while (n > 0) {
    size_t want = n > ARCH_STREAM_BUF ? ARCH_STREAM_BUF : (size_t) n;
    ssize_t got = stream_fill (s, want);

    if (got == -1)
      return -1;
    if (got == 0)
      return 1;
    if (buf) {
      memcpy (buf, s->buf + s->start, got);
      buf = (char *) buf + got;
    }
    s->start += got;
    s->pos += got;
    n -= got;
    if (s->pos > ARCH_MAX_SCAN) {
      errno = EFBIG;
      return -1;
    }
  }
  return 0;
}

/* Opens a stream on fd from offset, through prog -dc when prog is not
 * NULL.  -1 with errno.
 */
static int
stream_open (struct stream *s, int fd, off_t offset, const char *prog)
{
  s->start = s->end = 0;
  s->pos = 0;
  s->tool.child.pid = -1;
  s->fd = -1;
  s->buf = malloc (ARCH_STREAM_BUF);
  if (s->buf == NULL || lseek (fd, offset, SEEK_SET) == -1) {
    free (s->buf);
    s->buf = NULL;
    return -1;
  }
  if (prog == NULL) {
    s->fd = dup (fd);
    return s->fd == -1 ? -1 : 0;
  }
  if (!program_exists (prog)) {
    errno = ENOTSUP;
    return -1;
  }
  {
    const char *argv[] = { prog, "-dc", NULL };

    if (filter_start (&s->tool, argv, fd, FILTER_PIPE, -1) == -1)
      return -1;
  }
  s->fd = s->tool.child.from_fd;
  return 0;
}

static void
stream_close (struct stream *s)
{
  /* The decompressor is not needed to the end: the walk stops at the
   * first binary, and its status does not matter.
   */
  if (s->tool.child.pid > 0)
    filter_kill (&s->tool);
  else if (s->fd >= 0)
    close (s->fd);
  free (s->buf);
  s->buf = NULL;
  s->fd = -1;
}

/* Parses n hex digits. */
static int
parse_hex (const unsigned char *p, size_t n, uint32_t *v)
{
  size_t i;

  *v = 0;
  for (i = 0; i < n; ++i) {
    int c = p[i], d;

    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return -1;
    *v = *v << 4 | (uint32_t) d;
  }
  return 0;
}

/* Bytes to skip after n bytes to reach a multiple of four from the
 * start of the stream.
 */
static int64_t
pad4 (int64_t pos)
{
  return (4 - (pos & 3)) & 3;
}

/* Walks the cpio "newc" archives of s until a regular file that is an
 * ELF binary of a known architecture.  Returns 1 with *arch set, 0 at
 * the end of the archives (*more set when other data follows, at
 * *next_pos counted from the stream's start), -1 with errno.
 */
static int
walk_cpio (struct stream *s, const char **arch, int64_t *next_pos,
           bool *more)
{
  unsigned char h[110], elf[ARCH_HEADER_SIZE];
  CLEANUP_FREE char *name = malloc (ARCH_MAX_CPIO_NAME);
  uint32_t mode, filesize, namesize;
  const char *prog;
  int entries, r;

  *more = false;
  if (name == NULL)
    return -1;
  for (entries = 0; entries < ARCH_MAX_ENTRIES; ++entries) {
    /* Archives are followed by NUL padding, perhaps by another one. */
    for (;;) {
      ssize_t n = stream_fill (s, 1);

      if (n == -1)
        return -1;
      if (n == 0)
        return 0;
      if (s->buf[s->start] != 0)
        break;
      if (stream_read (s, NULL, 1) == -1)
        return -1;
    }
    if (stream_fill (s, 6) == -1)
      return -1;
    if (s->end - s->start < 6 ||
        (memcmp (s->buf + s->start, "070701", 6) != 0 &&
         memcmp (s->buf + s->start, "070702", 6) != 0)) {
      *more = true;
      *next_pos = s->pos;
      return 0;
    }
    r = stream_read (s, h, sizeof h);
    if (r != 0)
      return r == 1 ? 0 : -1;
    if (parse_hex (h + 14, 8, &mode) == -1 ||
        parse_hex (h + 54, 8, &filesize) == -1 ||
        parse_hex (h + 94, 8, &namesize) == -1 ||
        namesize == 0 || namesize > ARCH_MAX_CPIO_NAME) {
      errno = EINVAL;
      return -1;
    }
    r = stream_read (s, name, namesize);
    if (r != 0)
      return r == 1 ? 0 : -1;
    name[namesize - 1] = '\0';
    if (stream_read (s, NULL, pad4 (s->pos)) == -1)
      return -1;
    if (strcmp (name, "TRAILER!!!") == 0)
      continue;
    if ((mode & 0170000) == 0100000 && filesize >= 20) {
      size_t n = filesize < sizeof elf ? filesize : sizeof elf;

      r = stream_read (s, elf, n);
      if (r != 0)
        return r == 1 ? 0 : -1;
      filesize -= n;
      if (buffer_kind (elf, n, &prog) == KIND_ELF && (*arch = elf_arch (elf)))
        return 1;
    }
    if (stream_read (s, NULL, filesize) == -1 ||
        stream_read (s, NULL, pad4 (s->pos)) == -1)
      return -1;
  }
  errno = EFBIG;
  return -1;
}

/* Looks into the data of fd from offset: compressed (decompressed
 * first), an ELF file, or cpio archives.  An uncompressed archive may be
 * followed by a compressed one (early microcode before the initrd
 * proper): depth bounds how many times that is followed.  Returns 1
 * with *arch set, 0 if nothing was recognised, -1 with errno.
 */
static int
arch_of_data (int fd, off_t offset, int depth, const char **arch)
{
  struct stream s;
  unsigned char h[ARCH_HEADER_SIZE];
  const char *prog, *unused;
  enum data_kind kind;
  ssize_t n;
  int64_t next;
  bool more;
  int r = 0;

  n = pread (fd, h, sizeof h, offset);
  if (n == -1)
    return -1;
  if (buffer_kind (h, n, &prog) != KIND_COMPRESSED)
    prog = NULL;
  if (stream_open (&s, fd, offset, prog) == -1) {
    int err = errno;

    stream_close (&s);
    errno = err;
    return -1;
  }
  n = stream_fill (&s, sizeof h);
  if (n == -1) {
    stream_close (&s);
    return -1;
  }
  kind = buffer_kind (s.buf + s.start, n, &unused);
  if (kind == KIND_ELF && n >= 20) {
    *arch = elf_arch (s.buf + s.start);
    r = *arch != NULL;
  }
  else if (kind == KIND_CPIO && n >= 6) {
    r = walk_cpio (&s, arch, &next, &more);
    if (r == 0 && more && prog == NULL && depth < 2) {
      stream_close (&s);
      return arch_of_data (fd, offset + next, depth + 1, arch);
    }
  }
  stream_close (&s);
  return r;
}

const char *
binary_arch (int fd, off_t size)
{
  unsigned char h[ARCH_HEADER_SIZE];
  const char *unused;
  magic_t m;

  /* The fields read: ELF e_machine at 18, the PE header offset at
   * 0x3c, the Mach-O CPU type at 4 (8 in a universal binary).
   */
  memset (h, 0, sizeof h);
  if (size < 12 ||
      read_at (fd, h, size < (off_t) sizeof h ? (size_t) size : sizeof h,
               0) == -1)
    return NULL;
  m = daemon_magic (MAGIC_MIME_TYPE);
  if (m == NULL)
    return NULL;
  switch (mime_kind (magic_descriptor (m, fd), &unused)) {
  case KIND_ELF: return size >= 20 ? elf_arch (h) : NULL;
  case KIND_PE: return size >= 0x40 ? pe_arch (fd, h, size) : NULL;
  case KIND_MACHO: return macho_arch (h);
  default: return NULL;
  }
}

char *
do_file_architecture (const char *filename)
{
  const char *arch;
  struct stat st;
  char *ret;
  int fd, r = 0;

  /* Regular files only: a device node would be the appliance's. */
  fd = open_guest_file (filename, O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", filename);
    return NULL;
  }
  if (fstat (fd, &st) == -1) {
    reply_with_perror ("%s", filename);
    close (fd);
    return NULL;
  }
  if (!S_ISREG (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a regular file", filename);
    close (fd);
    return NULL;
  }
  /* The descriptor is read with blocking reads (by a decompressor too). */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  arch = binary_arch (fd, st.st_size);
  if (arch == NULL)
    r = arch_of_data (fd, 0, 0, &arch);
  /* A damaged archive is just not understood. */
  if (r == -1 && errno == EINVAL)
    r = 0;
  if (r == -1) {
    if (errno == ENOTSUP)
      reply_with_error_errno (ENOTSUP, "%s: the tool to decompress it is "
                              "not in the appliance", filename);
    else
      reply_with_perror ("%s", filename);
    close (fd);
    return NULL;
  }
  close (fd);
  if (arch == NULL) {
    reply_with_error_errno (EINVAL, "%s: unknown architecture", filename);
    return NULL;
  }
  ret = strdup (arch);
  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}
