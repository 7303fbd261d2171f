/** careen - offline disk-image toolkit
 *
 * v2v_disk_check: the last look at a disk an input names, before qemu
 * opens it.  qemu follows names written inside images (a backing file,
 * a VMDK descriptor's extents) and takes some file names for network
 * protocols, so a hostile OVA or VMX could otherwise make the
 * conversion read any file of the host into the converted guest.  The
 * format must be known (so that qemu never probes), no backing file is
 * allowed, and a VMDK descriptor may only name plain files beside it.
 */

#include <config.h>

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "xalloc.h"
#include "input.h"

#define SECTOR_SIZE 512

/* Largest descriptor embedded in a sparse extent that we read: VMware
 * writes 1 KiB; the bound keeps a hostile header from making us
 * allocate its descriptorSize.
 */
#define VMDK_MAX_EMBEDDED_DESCRIPTOR (1024 * 1024)

/* The start of a VMDK sparse extent header (VMware's "Virtual Disk
 * Format 1.1"), little-endian on disk.
 */
struct vmdk_sparse_header {
  char magic[4];                /* "KDMV" */
  uint32_t version;
  uint32_t flags;
  uint64_t capacity;
  uint64_t grain_size;
  uint64_t descriptor_offset;   /* sectors, 0 if none */
  uint64_t descriptor_size;     /* sectors */
} __attribute__ ((packed));
_Static_assert (sizeof (struct vmdk_sparse_header) == 44,
                "VMDK sparse header layout");

bool
v2v_name_is_protocol (const char *name)
{
  const char *slash, *colon;

  if (strncmp (name, "json:", 5) == 0 || strstr (name, "://") != NULL)
    return true;
  /* qemu reads "nbd:host:port", "file:x" and the like as a protocol
   * prefix when the colon comes before any '/'.
   */
  colon = strchr (name, ':');
  slash = strchr (name, '/');
  return colon != NULL && (slash == NULL || colon < slash);
}

/* Reads the descriptor embedded in the sparse extent FD, or returns
 * "" when the extent has none (the extents of a twoGbMaxExtentSparse
 * disk, which the text descriptor names).  NULL: error printed.
 */
static char *
read_embedded_descriptor (int fd, const char *path)
{
  struct vmdk_sparse_header h;
  uint64_t off, size, bytes;
  char *desc;
  ssize_t r;

  r = pread (fd, &h, sizeof h, 0);
  if (r != (ssize_t) sizeof h) {
    v2v_error ("vmdk '%s': short sparse extent header", path);
    return NULL;
  }
  off = le64toh (h.descriptor_offset);
  size = le64toh (h.descriptor_size);
  if (off == 0 || size == 0)
    return xstrdup ("");
  if (__builtin_mul_overflow (size, SECTOR_SIZE, &bytes) ||
      bytes > VMDK_MAX_EMBEDDED_DESCRIPTOR ||
      __builtin_mul_overflow (off, SECTOR_SIZE, &off) ||
      off > INT64_MAX) {
    v2v_error ("vmdk '%s': embedded descriptor out of range", path);
    return NULL;
  }
  desc = xmalloc (bytes + 1);
  r = pread (fd, desc, bytes, (off_t) off);
  if (r == -1) {
    v2v_error ("vmdk '%s': read descriptor: %m", path);
    free (desc);
    return NULL;
  }
  desc[r] = '\0';
  return desc;
}

/* Checks one extent's file name, NAME, of the descriptor in DESC_PATH
 * (whose directory is DIR).
 */
static int
check_extent_name (const char *name, const char *desc_path, const char *dir)
{
  CLEANUP_FREE char *full = NULL;
  struct stat st;

  if (*name == '\0' || strchr (name, '/') != NULL ||
      strcmp (name, ".") == 0 || strcmp (name, "..") == 0 ||
      v2v_name_is_protocol (name)) {
    v2v_error ("vmdk descriptor '%s': extent '%s' is not a file beside "
               "the descriptor", desc_path, name);
    return -1;
  }
  if (asprintf (&full, "%s/%s", dir, name) == -1)
    die_nomem ();
  if (lstat (full, &st) == -1) {
    v2v_error ("vmdk descriptor '%s': extent '%s': %m", desc_path, name);
    return -1;
  }
  if (!S_ISREG (st.st_mode)) {
    v2v_error ("vmdk descriptor '%s': extent '%s' is not a regular file",
               desc_path, name);
    return -1;
  }
  return 0;
}

/* Parses the extent lines of DESC (modified in place), such as
 *   RW 4192256 SPARSE "guest-s001.vmdk"
 *   RW 8388608 FLAT "guest-flat.vmdk" 0
 *   RDONLY 2048 ZERO
 * and checks the file each one names.
 */
static int
check_extents (char *desc, const char *desc_path)
{
  CLEANUP_FREE char *copy = xstrdup (desc_path);
  const char *dir;
  char *line, *save = NULL;
  char *slash;

  slash = strrchr (copy, '/');
  if (slash == NULL)
    dir = ".";
  else if (slash == copy)
    dir = "/";
  else {
    *slash = '\0';
    dir = copy;
  }

  for (line = strtok_r (desc, "\r\n", &save); line != NULL;
       line = strtok_r (NULL, "\r\n", &save)) {
    char *p = line, *q, *name;
    size_t n;

    p += strspn (p, " \t");
    n = strcspn (p, " \t");
    if (!((n == 2 && strncmp (p, "RW", 2) == 0) ||
          (n == 6 && strncmp (p, "RDONLY", 6) == 0) ||
          (n == 8 && strncmp (p, "NOACCESS", 8) == 0)))
      continue;
    q = strchr (p, '"');
    if (q == NULL) {
      /* Only a ZERO extent has no file. */
      if (strstr (p, "ZERO") != NULL)
        continue;
      v2v_error ("vmdk descriptor '%s': extent line without a file name: "
                 "'%s'", desc_path, line);
      return -1;
    }
    name = q + 1;
    q = strchr (name, '"');
    if (q == NULL) {
      v2v_error ("vmdk descriptor '%s': unterminated extent file name: '%s'",
                 desc_path, line);
      return -1;
    }
    *q = '\0';
    if (check_extent_name (name, desc_path, dir) == -1)
      return -1;
  }
  return 0;
}

/* A VMDK is either a text descriptor or a sparse extent with the
 * descriptor inside; either way its extents are checked.
 */
static int
check_vmdk (const char *path)
{
  CLEANUP_CLOSE int fd = -1;
  CLEANUP_FREE char *desc = NULL;
  char magic[21];
  ssize_t r;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    v2v_error ("open: '%s': %m", path);
    return -1;
  }
  r = pread (fd, magic, sizeof magic, 0);
  if (r == -1) {
    v2v_error ("read: '%s': %m", path);
    return -1;
  }
  if (r >= 4 && memcmp (magic, "KDMV", 4) == 0) {
    desc = read_embedded_descriptor (fd, path);
    if (desc == NULL)
      return -1;
  }
  else if (r == (ssize_t) sizeof magic &&
           memcmp (magic, "# Disk DescriptorFile", sizeof magic) == 0) {
    desc = v2v_read_description (path, NULL);
    if (desc == NULL)
      return -1;
  }
  else
    /* Another VMDK variant (ESX "COWD"): no descriptor names files. */
    return 0;

  return check_extents (desc, path);
}

int
v2v_disk_check (struct v2v_disk *d)
{
  guestfs_h *g = NULL;
  int r = -1, backing;

  if (v2v_name_is_protocol (d->path)) {
    v2v_error ("disk '%s': the name is not a local file name", d->path);
    return -1;
  }

  g = guestfs_create ();
  if (g == NULL) {
    v2v_error ("guestfs_create: %m");
    return -1;
  }
  /* Our own messages name the disk; the library's go nowhere. */
  guestfs_push_error_handler (g, NULL, NULL);

  if (d->format == NULL) {
    char *fmt = guestfs_disk_format (g, d->path);

    if (fmt == NULL) {
      v2v_error ("disk '%s': %s", d->path, guestfs_last_error (g));
      goto out;
    }
    if (strcmp (fmt, "unknown") == 0) {
      free (fmt);
      v2v_error ("disk '%s': the format could not be detected: "
                 "give it with -if", d->path);
      goto out;
    }
    d->format = fmt;
  }

  backing = guestfs_disk_has_backing_file (g, d->path);
  if (backing == -1) {
    v2v_error ("disk '%s': %s", d->path, guestfs_last_error (g));
    goto out;
  }
  if (backing) {
    v2v_error ("disk '%s' has a backing file: copy it into a standalone "
               "image first (qemu-img convert)", d->path);
    goto out;
  }

  if (strcmp (d->format, "vmdk") == 0 && check_vmdk (d->path) == -1)
    goto out;

  r = 0;
 out:
  guestfs_close (g);
  return r;
}
