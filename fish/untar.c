/** careen - offline disk-image toolkit
 *
 * copy-out's tar extractor.  The archive comes from the guest (tar-out)
 * and is hostile: member names may be absolute or contain "..", a
 * symlink may point anywhere on the host and be followed by a later
 * member ("link -> /", then "link/etc/passwd"), device nodes would give
 * access to host devices, setuid bits would hand out privileges.  A
 * general-purpose tar trusts too much of this, so guestfish extracts
 * the stream itself:
 *
 *   - a leading "/" or "./" is dropped; a member with a ".." component
 *     is skipped with a warning;
 *   - every directory on a member's path is opened one component at a
 *     time with O_NOFOLLOW, relative to the target directory: no
 *     symlink is ever followed, whoever made it, so nothing is created
 *     outside the target;
 *   - regular files, directories and symbolic links (stored, never
 *     followed) are created; hard links only to members already
 *     extracted; device nodes, FIFOs and other types are skipped with a
 *     warning;
 *   - permissions are kept without the setuid and setgid bits,
 *     modification times are kept (directories' at the end, after
 *     their contents are written), owners are not: the files belong to
 *     the user running guestfish.
 *
 * Formats: POSIX ustar with pax extended headers (path, linkpath,
 * size, mtime) and GNU tar's long names ('L', 'K') and base-256 sizes.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "vector.h"
#include "fish.h"

#define BLOCK 512

/* Longest member or link name taken from a GNU long-name member or a
 * pax header: PATH_MAX on Linux.  Longer names could not be created
 * anyway.
 */
#define TAR_MAX_NAME 4096

/* Largest pax extended header read into memory.  Real ones hold a few
 * records of a few hundred bytes (long names, times, xattrs).
 */
#define TAR_MAX_PAX (1024 * 1024)

/* Most directories whose times and modes are set at the end, and most
 * bytes of their paths: the paths are kept in memory until then, and a
 * hostile archive could otherwise name directories until memory runs
 * out.
 */
#define TAR_MAX_DIRS 1000000
#define TAR_MAX_DIR_BYTES (64 * 1024 * 1024)

/* Bytes copied at a time from the stream to a file. */
#define COPY_BUF (64 * 1024)

struct tar_header {
  char name[100];
  char mode[8];
  char uid[8];
  char gid[8];
  char size[12];
  char mtime[12];
  char chksum[8];
  char typeflag;
  char linkname[100];
  char magic[6];
  char version[2];
  char uname[32];
  char gname[32];
  char devmajor[8];
  char devminor[8];
  char prefix[155];
  char pad[12];
};

/* What a directory gets once everything in it is written. */
struct dir_attrs {
  mode_t mode;
  int64_t mtime;
};
DEFINE_VECTOR_TYPE (dir_attrs_vector, struct dir_attrs);

struct untar {
  const char *cmd;              /* for messages */
  int in;                       /* the stream */
  int rootfd;                   /* the target directory */
  /* From 'L', 'K' and 'x' members, for the next member only. */
  char *next_name, *next_link;
  int64_t next_size, next_mtime;
  bool has_next_size, has_next_mtime;
  /* Directories to finish: path, mode and time of each. */
  struct stringsbuf dirs;
  size_t dir_bytes;             /* total length of the paths in dirs */
  struct dir_attrs_vector dir_attrs; /* one per path in dirs */
};

/* Reads exactly LEN bytes.  Returns 0, 1 at a clean end of stream (no
 * byte read), or -1 after printing an error.
 */
static int
read_full (struct untar *t, void *buf, size_t len)
{
  size_t got = 0;

  while (got < len) {
    ssize_t r = read (t->in, (char *) buf + got, len - got);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      fprintf (stderr, "%s: reading the archive: %m\n", t->cmd);
      return -1;
    }
    if (r == 0) {
      if (got == 0)
        return 1;
      fprintf (stderr, "%s: the archive is truncated\n", t->cmd);
      return -1;
    }
    got += r;
  }
  return 0;
}

/* Copies SIZE bytes of member data (and its padding) to FD, or drops
 * them when FD is -1.
 */
static int
copy_data (struct untar *t, int64_t size, int fd, const char *name)
{
  CLEANUP_FREE char *buf = malloc (COPY_BUF);
  int64_t left = size + (BLOCK - size % BLOCK) % BLOCK;
  int64_t data_left = size;

  if (buf == NULL) {
    perror ("malloc");
    return -1;
  }
  while (left > 0) {
    size_t n = left > COPY_BUF ? COPY_BUF : (size_t) left;
    size_t w = data_left < (int64_t) n ? (size_t) data_left : n;
    size_t done = 0;

    int rr = read_full (t, buf, n);

    if (rr == 1)
      fprintf (stderr, "%s: the archive is truncated\n", t->cmd);
    if (rr != 0)
      return -1;
    while (fd >= 0 && done < w) {
      ssize_t r = write (fd, buf + done, w - done);

      if (r == -1 && errno == EINTR)
        continue;
      if (r == -1) {
        fprintf (stderr, "%s: write: %s: %m\n", t->cmd, name);
        return -1;
      }
      done += r;
    }
    left -= n;
    data_left -= w;
  }
  return 0;
}

/* A numeric header field: octal digits (blank or NUL terminated), or
 * GNU base-256 when the top bit of the first byte is set.  Returns 0
 * or -1 for a malformed or negative value.
 */
static int
parse_number (const char *field, size_t len, int64_t *r)
{
  uint64_t v = 0;
  size_t i = 0;

  if ((unsigned char) field[0] & 0x80) {
    if ((unsigned char) field[0] & 0x40)
      return -1;                /* negative */
    v = (unsigned char) field[0] & 0x3f;
    for (i = 1; i < len; ++i) {
      if (v > (UINT64_C (1) << 55))
        return -1;
      v = (v << 8) | (unsigned char) field[i];
    }
  }
  else {
    while (i < len && field[i] == ' ')
      i++;
    for (; i < len && field[i] >= '0' && field[i] <= '7'; ++i) {
      if (v > (UINT64_C (1) << 60))
        return -1;
      v = v * 8 + (field[i] - '0');
    }
    if (i < len && field[i] != ' ' && field[i] != '\0')
      return -1;
  }
  if (v > INT64_MAX)
    return -1;
  *r = (int64_t) v;
  return 0;
}

static bool
checksum_ok (const unsigned char *block)
{
  int64_t want;
  unsigned long usum = 0;
  long ssum = 0;
  size_t i;

  if (parse_number ((const char *) block + 148, 8, &want) == -1)
    return false;
  for (i = 0; i < BLOCK; ++i) {
    unsigned char c = (i >= 148 && i < 156) ? ' ' : block[i];

    usum += c;
    ssum += (signed char) c;
  }
  return want == (int64_t) usum || want == (int64_t) ssum;
}

/* Reads a member's data (a long name or a pax header) into memory. */
static char *
read_small_member (struct untar *t, int64_t size, int64_t max)
{
  char *buf;
  int64_t padded = size + (BLOCK - size % BLOCK) % BLOCK;
  int rr;

  if (size > max) {
    fprintf (stderr, "%s: archive header of %" PRIi64 " bytes is larger "
             "than %" PRIi64 "\n", t->cmd, size, max);
    return NULL;
  }
  buf = malloc (padded + 1);
  if (buf == NULL) {
    perror ("malloc");
    return NULL;
  }
  rr = read_full (t, buf, padded);
  if (rr != 0) {
    if (rr == 1)
      fprintf (stderr, "%s: the archive is truncated\n", t->cmd);
    free (buf);
    return NULL;
  }
  buf[size] = '\0';
  return buf;
}

/* Applies the records "LEN KEY=VALUE\n" of a pax header. */
static int
parse_pax (struct untar *t, char *data, int64_t size)
{
  char *p = data, *end = data + size;

  while (p < end) {
    char *sp, *eq, *rec_end;
    long len;

    len = strtol (p, &sp, 10);
    if (sp == p || *sp != ' ' || len <= sp - p || len > end - p ||
        p[len - 1] != '\n')
      goto out_invalid;
    rec_end = p + len - 1;
    *rec_end = '\0';
    eq = strchr (sp + 1, '=');
    if (eq == NULL)
      goto out_invalid;
    *eq = '\0';
    if (strcmp (sp + 1, "path") == 0 || strcmp (sp + 1, "linkpath") == 0) {
      char **slot = sp[1] == 'p' ? &t->next_name : &t->next_link;

      if (strlen (eq + 1) > TAR_MAX_NAME) {
        fprintf (stderr, "%s: archive name longer than %d bytes\n",
                 t->cmd, TAR_MAX_NAME);
        return -1;
      }
      free (*slot);
      *slot = strdup (eq + 1);
      if (*slot == NULL) {
        perror ("strdup");
        return -1;
      }
    }
    else if (strcmp (sp + 1, "size") == 0) {
      char *e;

      errno = 0;
      t->next_size = strtoll (eq + 1, &e, 10);
      if (errno || *e || t->next_size < 0)
        goto out_invalid;
      t->has_next_size = true;
    }
    else if (strcmp (sp + 1, "mtime") == 0) {
      /* Fractions of a second are dropped. */
      errno = 0;
      t->next_mtime = strtoll (eq + 1, NULL, 10);
      if (errno == 0)
        t->has_next_mtime = true;
    }
    p = rec_end + 1;
  }
  return 0;

 out_invalid:
  fprintf (stderr, "%s: invalid pax header in the archive\n", t->cmd);
  return -1;
}

/* Turns a member name into a relative path of plain components: drops
 * leading "/" and "./", "." components and doubled slashes.  Returns
 * NULL (name refused) when a component is "..".  An empty result names
 * the target directory itself.
 */
static char *
clean_name (const char *name)
{
  char *out = malloc (strlen (name) + 1), *q = out;
  const char *p = name;

  if (out == NULL)
    return NULL;
  while (*p) {
    size_t len;

    while (*p == '/')
      p++;
    len = strcspn (p, "/");
    if (len == 0)
      break;
    if (len == 2 && p[0] == '.' && p[1] == '.') {
      free (out);
      errno = EPERM;
      return NULL;
    }
    if (!(len == 1 && p[0] == '.')) {
      if (q != out)
        *q++ = '/';
      memcpy (q, p, len);
      q += len;
    }
    p += len;
  }
  *q = '\0';
  return out;
}

/* Opens the directory PATH (relative, clean) under the target, one
 * component at a time, never following a symlink; with CREATE, missing
 * directories are made.  Returns a new fd, or -1 with errno set.
 */
static int
open_dir_beneath (struct untar *t, const char *path, bool create)
{
  int fd = dup (t->rootfd);
  const char *p = path;

  while (fd >= 0 && *p) {
    size_t len = strcspn (p, "/");
    char comp[TAR_MAX_NAME + 1];
    int next, err;

    if (len > TAR_MAX_NAME) {
      close (fd);
      errno = ENAMETOOLONG;
      return -1;
    }
    memcpy (comp, p, len);
    comp[len] = '\0';
    next = openat (fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next == -1 && errno == ENOENT && create) {
      if (mkdirat (fd, comp, 0700) == -1 && errno != EEXIST) {
        err = errno;
        close (fd);
        errno = err;
        return -1;
      }
      next = openat (fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
                     O_CLOEXEC);
    }
    err = errno;
    close (fd);
    errno = err;
    fd = next;
    p += len;
    while (*p == '/')
      p++;
  }
  return fd;
}

/* Splits a clean path into its parent (opened) and last component. */
static int
open_parent (struct untar *t, const char *path, const char **base_r,
             bool create)
{
  const char *slash = strrchr (path, '/');
  CLEANUP_FREE char *parent = NULL;

  if (slash == NULL) {
    *base_r = path;
    return dup (t->rootfd);
  }
  *base_r = slash + 1;
  parent = strndup (path, slash - path);
  if (parent == NULL)
    return -1;
  return open_dir_beneath (t, parent, create);
}

/* Removes what is at BASE in DIRFD, unless it is a directory, so a
 * file or link can take its place.
 */
static int
make_room (int dirfd, const char *base)
{
  struct stat st;

  if (fstatat (dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == -1)
    return errno == ENOENT ? 0 : -1;
  if (S_ISDIR (st.st_mode)) {
    errno = EISDIR;
    return -1;
  }
  return unlinkat (dirfd, base, 0);
}

static mode_t
safe_mode (int64_t mode)
{
  /* No setuid or setgid on the host for files from a guest. */
  return (mode_t) (mode & 01777);
}

static int
remember_dir (struct untar *t, const char *path, int64_t mode,
              int64_t mtime)
{
  struct dir_attrs a = { .mode = safe_mode (mode), .mtime = mtime };

  if (t->dirs.size >= TAR_MAX_DIRS ||
      t->dir_bytes + strlen (path) + 1 > TAR_MAX_DIR_BYTES) {
    fprintf (stderr, "%s: too many directories in the archive (limits: "
             "%d directories, %d bytes of names)\n",
             t->cmd, TAR_MAX_DIRS, TAR_MAX_DIR_BYTES);
    return -1;
  }
  t->dir_bytes += strlen (path) + 1;
  if (dir_attrs_vector_reserve (&t->dir_attrs, 1) == -1 ||
      stringsbuf_add_string (&t->dirs, path) == -1) {
    perror ("malloc");
    return -1;
  }
  t->dir_attrs.ptr[t->dir_attrs.len++] = a;
  return 0;
}

/* Sets the modes and times of the directories, deepest first, so that
 * setting a parent's time is not undone by changes inside it.
 */
static int
finish_dirs (struct untar *t)
{
  size_t i;

  for (i = t->dirs.size; i > 0; --i) {
    const char *path = t->dirs.argv[i - 1];
    struct timespec ts[2];
    int fd = open_dir_beneath (t, path, false);

    if (fd == -1) {
      fprintf (stderr, "%s: %s: %m\n", t->cmd, path[0] ? path : ".");
      return -1;
    }
    ts[0].tv_sec = ts[1].tv_sec = t->dir_attrs.ptr[i - 1].mtime;
    ts[0].tv_nsec = ts[1].tv_nsec = 0;
    if (fchmod (fd, t->dir_attrs.ptr[i - 1].mode) == -1 ||
        futimens (fd, ts) == -1) {
      fprintf (stderr, "%s: %s: %m\n", t->cmd, path[0] ? path : ".");
      close (fd);
      return -1;
    }
    close (fd);
  }
  return 0;
}

/* Extracts one member whose data (SIZE bytes) follows.  Returns 0, 1
 * when the member could not be created (error printed, its data
 * skipped: the next members can still be extracted), or -1 when the
 * stream cannot go on.
 */
static int
extract_member (struct untar *t, char type, const char *name,
                const char *link, int64_t mode, int64_t size,
                int64_t mtime)
{
  CLEANUP_FREE char *path = clean_name (name);
  struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };
  const char *base;
  bool consumed = false;
  int dirfd = -1, fd = -1, r;

  if (path == NULL) {
    fprintf (stderr, "%s: warning: skipping '%s': its name contains "
             "'..'\n", t->cmd, name);
    return copy_data (t, size, -1, name);
  }

  switch (type) {
  case '5':                     /* directory */
    fd = open_dir_beneath (t, path, true);
    if (fd == -1)
      goto out_errno;
    close (fd);
    fd = -1;
    if (remember_dir (t, path, mode, mtime) == -1)
      return -1;
    return copy_data (t, size, -1, name);

  case '0': case '\0': case '7':  /* regular file */
  case '2':                     /* symlink */
  case '1':                     /* hard link */
    if (path[0] == '\0') {
      fprintf (stderr, "%s: warning: skipping a member with no name\n",
               t->cmd);
      return copy_data (t, size, -1, name);
    }
    dirfd = open_parent (t, path, &base, true);
    if (dirfd == -1 || make_room (dirfd, base) == -1)
      goto out_errno;
    break;

  default:
    fprintf (stderr, "%s: warning: skipping '%s': %s\n", t->cmd, name,
             type == '3' || type == '4' ? "device nodes are not copied "
             "out" : type == '6' ? "FIFOs are not copied out"
             : "unsupported type of archive member");
    return copy_data (t, size, -1, name);
  }

  if (type == '2') {
    if (symlinkat (link, dirfd, base) == -1)
      goto out_errno;
    utimensat (dirfd, base, ts, AT_SYMLINK_NOFOLLOW);
  }
  else if (type == '1') {
    CLEANUP_FREE char *target = clean_name (link);
    const char *target_base;
    int tdir;

    if (target == NULL || target[0] == '\0') {
      fprintf (stderr, "%s: warning: skipping hard link '%s' to '%s'\n",
               t->cmd, name, link);
      r = copy_data (t, size, -1, name);
      goto out;
    }
    tdir = open_parent (t, target, &target_base, false);
    if (tdir == -1)
      goto out_errno;
    /* No AT_SYMLINK_FOLLOW: a symlink is linked, not its target. */
    r = linkat (tdir, target_base, dirfd, base, 0);
    close (tdir);
    if (r == -1)
      goto out_errno;
  }
  else {
    fd = openat (dirfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                 O_CLOEXEC, 0600);
    if (fd == -1)
      goto out_errno;
    consumed = true;
    if (copy_data (t, size, fd, name) == -1) {
      r = -1;
      goto out;
    }
    if (fchmod (fd, safe_mode (mode)) == -1 || futimens (fd, ts) == -1)
      goto out_errno;
  }
  r = consumed ? 0 : copy_data (t, size, -1, name);
  goto out;

 out_errno:
  if (errno == ENOTDIR || errno == ELOOP)
    fprintf (stderr, "%s: %s: not created: its path goes through a "
             "symbolic link or a file\n", t->cmd, name);
  else
    fprintf (stderr, "%s: %s: %m\n", t->cmd, name);
  r = 1;
  if (!consumed && copy_data (t, size, -1, name) == -1)
    r = -1;
 out:
  if (fd >= 0)
    close (fd);
  if (dirfd >= 0)
    close (dirfd);
  return r;
}

static void
forget_next (struct untar *t)
{
  free (t->next_name);
  free (t->next_link);
  t->next_name = t->next_link = NULL;
  t->has_next_size = t->has_next_mtime = false;
}

int
fish_untar (const char *cmd, int in, int dirfd)
{
  struct untar t = { .cmd = cmd, .in = in, .rootfd = dirfd };
  unsigned char block[BLOCK];
  bool failed = false;            /* some member could not be created */
  int r = -1;

  stringsbuf_init (&t.dirs);
  for (;;) {
    const struct tar_header *h = (const struct tar_header *) block;
    char name[sizeof h->prefix + 1 + sizeof h->name + 1];
    char link[sizeof h->linkname + 1];
    int64_t mode, size, mtime;
    size_t i;
    int rr = read_full (&t, block, BLOCK);

    if (rr == -1)
      goto out;
    if (rr == 1)
      break;                    /* end of stream without end blocks */
    for (i = 0; i < BLOCK && block[i] == 0; ++i)
      ;
    if (i == BLOCK)
      break;                    /* end-of-archive block */
    if (!checksum_ok (block) ||
        parse_number (h->mode, sizeof h->mode, &mode) == -1 ||
        parse_number (h->size, sizeof h->size, &size) == -1 ||
        parse_number (h->mtime, sizeof h->mtime, &mtime) == -1) {
      fprintf (stderr, "%s: invalid tar header in the archive\n", cmd);
      goto out;
    }
    if (t.has_next_size)
      size = t.next_size;
    if (t.has_next_mtime)
      mtime = t.next_mtime;

    if (h->typeflag == 'L' || h->typeflag == 'K') {
      char *s = read_small_member (&t, size, TAR_MAX_NAME);

      if (s == NULL)
        goto out;
      if (h->typeflag == 'L') {
        free (t.next_name);
        t.next_name = s;
      }
      else {
        free (t.next_link);
        t.next_link = s;
      }
      continue;
    }
    if (h->typeflag == 'x' || h->typeflag == 'g') {
      char *s = read_small_member (&t, size, TAR_MAX_PAX);
      int pr;

      if (s == NULL)
        goto out;
      /* Global headers apply to every member: nothing we use. */
      pr = h->typeflag == 'x' ? parse_pax (&t, s, size) : 0;
      free (s);
      if (pr == -1)
        goto out;
      continue;
    }

    /* The POSIX prefix field only in POSIX archives: GNU tar uses
     * those bytes for other things.
     */
    if (memcmp (h->magic, "ustar", 6) == 0 && h->prefix[0])
      snprintf (name, sizeof name, "%.*s/%.*s",
                (int) strnlen (h->prefix, sizeof h->prefix), h->prefix,
                (int) strnlen (h->name, sizeof h->name), h->name);
    else
      snprintf (name, sizeof name, "%.*s",
                (int) strnlen (h->name, sizeof h->name), h->name);
    snprintf (link, sizeof link, "%.*s",
              (int) strnlen (h->linkname, sizeof h->linkname), h->linkname);

    rr = extract_member (&t, h->typeflag, t.next_name ? t.next_name : name,
                         t.next_link ? t.next_link : link, mode, size,
                         mtime);
    if (rr == -1)
      goto out;
    if (rr == 1)
      failed = true;
    forget_next (&t);
  }
  r = finish_dirs (&t);
  if (failed)
    r = -1;

 out:
  forget_next (&t);
  stringsbuf_release (&t.dirs);
  dir_attrs_vector_release (&t.dir_attrs);
  return r;
}
