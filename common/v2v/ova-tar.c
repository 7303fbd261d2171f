/** careen - offline disk-image toolkit
 *
 * The table of contents of an OVA's tar, read by us rather than by
 * tar(1), so that nothing of the archive is ever written anywhere by
 * a program that would follow its names: the OVA input copies the
 * bytes of the members it needs to files it names itself.
 *
 * The format is POSIX ustar (512-byte headers, octal numbers), with the
 * two extensions that real OVAs carry for long names: GNU 'L' records
 * and pax 'x' records with a "path" key.  Members whose name is
 * absolute or has a ".." component are kept in the table but marked
 * unsafe, so that the OVA input can refuse an OVF that names them.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "vector.h"
#include "xalloc.h"
#include "input.h"

#define TAR_BLOCK 512

/* Longest member name accepted from a long-name record: more than any
 * OVA needs, and it bounds the allocation.
 */
#define TAR_MAX_NAME 4096

/* Most members read: an OVA has a handful of files. */
#define TAR_MAX_MEMBERS 10000

struct ustar_header {
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
_Static_assert (sizeof (struct ustar_header) == TAR_BLOCK,
                "ustar header layout");

/* An octal field of N bytes, NUL- or space-terminated.  -1 if it is
 * not a number (including GNU's base-256 form, which only members
 * larger than 8 GiB need: those are refused).
 */
static int
octal (const char *field, size_t n, uint64_t *r)
{
  size_t i = 0;
  uint64_t v = 0;

  while (i < n && field[i] == ' ')
    i++;
  if (i == n || field[i] < '0' || field[i] > '7')
    return -1;
  for (; i < n && field[i] >= '0' && field[i] <= '7'; ++i) {
    if (v > (UINT64_MAX >> 3))
      return -1;
    v = v * 8 + (field[i] - '0');
  }
  if (i < n && field[i] != ' ' && field[i] != '\0')
    return -1;
  *r = v;
  return 0;
}

/* Whether NAME could be extracted outside the directory of the tar. */
static bool
name_is_unsafe (const char *name)
{
  const char *p;

  if (name[0] == '/' || name[0] == '\0')
    return true;
  for (p = name; *p; ) {
    size_t n = strcspn (p, "/");
    if (n == 2 && strncmp (p, "..", 2) == 0)
      return true;
    p += n;
    p += strspn (p, "/");
  }
  return false;
}

/* "./a//b" -> "a/b": the form OVF references are compared with. */
static char *
normalize (const char *name)
{
  char *r = xmalloc (strlen (name) + 1), *w = r;
  const char *p = name;

  while (*p) {
    size_t n;

    p += strspn (p, "/");
    n = strcspn (p, "/");
    if (n == 0)
      break;
    if (!(n == 1 && p[0] == '.')) {
      if (w != r)
        *w++ = '/';
      memcpy (w, p, n);
      w += n;
    }
    p += n;
  }
  *w = '\0';
  if (name[0] == '/') {
    /* Keep the leading '/' so that the name stays unsafe. */
    char *abs;
    if (asprintf (&abs, "/%s", r) == -1)
      die_nomem ();
    free (r);
    return abs;
  }
  return r;
}

/* Reads a long-name record's data (GNU 'L') of SIZE bytes at OFF. */
static char *
read_long_name (int fd, const char *tar, off_t off, uint64_t size)
{
  char *name;
  ssize_t r;

  if (size == 0 || size > TAR_MAX_NAME) {
    v2v_error ("ova '%s': long member name of %" PRIu64 " bytes", tar, size);
    return NULL;
  }
  name = xmalloc (size + 1);
  r = pread (fd, name, size, off);
  if (r != (ssize_t) size) {
    v2v_error ("ova '%s': truncated long member name", tar);
    free (name);
    return NULL;
  }
  name[size] = '\0';
  return name;
}

/* The "path" of a pax extended header: records "LEN key=value\n". */
static char *
read_pax_path (int fd, const char *tar, off_t off, uint64_t size)
{
  CLEANUP_FREE char *data = NULL;
  char *p, *end;

  if (size > TAR_MAX_NAME * 4) {
    v2v_error ("ova '%s': pax header of %" PRIu64 " bytes", tar, size);
    return NULL;
  }
  data = read_long_name (fd, tar, off, size);
  if (data == NULL)
    return NULL;
  p = data;
  end = data + size;
  while (p < end) {
    char *sp, *rec_end;
    unsigned long len;

    errno = 0;
    len = strtoul (p, &sp, 10);
    if (errno != 0 || sp == p || *sp != ' ' || len == 0 ||
        len > (unsigned long) (end - p))
      break;
    rec_end = p + len;
    if (rec_end[-1] != '\n')
      break;
    sp++;
    if (strncmp (sp, "path=", 5) == 0 && rec_end - 1 > sp + 5)
      return xstrndup (sp + 5, rec_end - 1 - (sp + 5));
    p = rec_end;
  }
  return xstrdup ("");
}

static bool
block_is_zero (const char *b)
{
  size_t i;

  for (i = 0; i < TAR_BLOCK; ++i)
    if (b[i] != 0)
      return false;
  return true;
}

static bool
checksum_ok (const struct ustar_header *h)
{
  const unsigned char *b = (const unsigned char *) h;
  uint64_t want, sum = 0;
  size_t i;

  if (octal (h->chksum, sizeof h->chksum, &want) == -1)
    return false;
  for (i = 0; i < TAR_BLOCK; ++i)
    sum += (i >= 148 && i < 156) ? ' ' : b[i];
  return sum == want;
}

void
ova_tar_release (struct ova_tar *t)
{
  size_t i;

  for (i = 0; i < t->nr_members; ++i)
    free (t->members[i].name);
  free (t->members);
  t->members = NULL;
  t->nr_members = 0;
}

int
ova_tar_read (int fd, const char *tar, struct ova_tar *t)
{
  struct stat st;
  off_t off = 0;
  CLEANUP_FREE char *long_name = NULL;
  size_t cap = 0;

  if (fstat (fd, &st) == -1) {
    v2v_error ("stat: '%s': %m", tar);
    return -1;
  }
  t->size = st.st_size;

  for (;;) {
    struct ustar_header h;
    uint64_t size, padded;
    char *name;
    ssize_t r;

    r = pread (fd, &h, sizeof h, off);
    if (r == 0)
      break;
    if (r != (ssize_t) sizeof h) {
      v2v_error ("ova '%s': truncated tar header at offset %lld",
                 tar, (long long) off);
      return -1;
    }
    if (block_is_zero ((const char *) &h))
      break;
    if (memcmp (h.magic, "ustar", 5) != 0 || !checksum_ok (&h)) {
      v2v_error ("ova '%s': not a tar file, or a corrupt header at "
                 "offset %lld", tar, (long long) off);
      return -1;
    }
    if (octal (h.size, sizeof h.size, &size) == -1 ||
        size > (uint64_t) st.st_size ||
        (uint64_t) off + TAR_BLOCK > (uint64_t) st.st_size - size) {
      v2v_error ("ova '%s': member size out of range at offset %lld",
                 tar, (long long) off);
      return -1;
    }
    padded = (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
    off += TAR_BLOCK;

    if (h.typeflag == 'L' || h.typeflag == 'x') {
      free (long_name);
      long_name = h.typeflag == 'L'
        ? read_long_name (fd, tar, off, size)
        : read_pax_path (fd, tar, off, size);
      if (long_name == NULL)
        return -1;
      if (*long_name == '\0') {
        free (long_name);
        long_name = NULL;
      }
      off += padded;
      continue;
    }
    if (h.typeflag == 'g') {    /* pax global header: nothing we use */
      off += padded;
      continue;
    }

    if (long_name != NULL) {
      name = normalize (long_name);
      free (long_name);
      long_name = NULL;
    }
    else {
      char full[sizeof h.prefix + 1 + sizeof h.name + 1];
      int np = (int) strnlen (h.prefix, sizeof h.prefix);
      int nn = (int) strnlen (h.name, sizeof h.name);

      if (np > 0)
        snprintf (full, sizeof full, "%.*s/%.*s", np, h.prefix, nn, h.name);
      else
        snprintf (full, sizeof full, "%.*s", nn, h.name);
      name = normalize (full);
    }

    if (t->nr_members >= TAR_MAX_MEMBERS) {
      free (name);
      v2v_error ("ova '%s': more than %d members", tar, TAR_MAX_MEMBERS);
      return -1;
    }
    if (t->nr_members == cap) {
      void *p = t->members;
      if (vector_reserve (&p, &cap, t->nr_members, 1,
                          sizeof *t->members) == -1)
        die_nomem ();
      t->members = p;
    }
    t->members[t->nr_members].name = name;
    t->members[t->nr_members].regular =
      h.typeflag == '0' || h.typeflag == '\0';
    t->members[t->nr_members].unsafe = name_is_unsafe (name);
    t->members[t->nr_members].offset = off;
    t->members[t->nr_members].size = size;
    t->nr_members++;

    off += padded;
    if ((uint64_t) off > (uint64_t) st.st_size)
      break;
  }
  return 0;
}

const struct ova_tar_member *
ova_tar_find (const struct ova_tar *t, const char *name)
{
  size_t i;

  /* The last of several members with one name is the one tar(1) would
   * leave extracted.
   */
  for (i = t->nr_members; i > 0; --i)
    if (strcmp (t->members[i - 1].name, name) == 0)
      return &t->members[i - 1];
  return NULL;
}
