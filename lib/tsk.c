/** careen - offline disk-image toolkit
 *
 * filesystem_walk and find_inode: the appliance streams the entries
 * (internal_filesystem_walk, internal_find_inode) into a file of the
 * handle's tmpdir, which is decoded here, one tsk_dirent after the
 * other, so that a filesystem of any number of files fits: a single
 * reply could not hold them.
 *
 * The file holds what the appliance sent: each entry is decoded with
 * the same checked decoder as a reply, and anything that does not
 * decode exactly is an error.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "protocol.h"
#include "vector.h"

DEFINE_VECTOR_TYPE (tsk_dirent_vector, struct guestfs_tsk_dirent);

static void
entries_free (struct tsk_dirent_vector *v)
{
  size_t i;

  for (i = 0; i < v->len; ++i) {
    free (v->ptr[i].tsk_name);
    free (v->ptr[i].tsk_link);
  }
  tsk_dirent_vector_release (v);
}

/* Decodes the entries in data (len bytes).  NULL after reporting. */
static struct guestfs_tsk_dirent_list *
decode_entries (guestfs_h *g, const char *data, size_t len)
{
  struct tsk_dirent_vector v = { 0 };
  struct guestfs_tsk_dirent_list *ret;
  struct rbuf r;

  rbuf_init (&r, data, len);
  while (r.pos < r.len) {
    struct guestfs_tsk_dirent *d = guestfs_int_decode_tsk_dirent (&r);

    if (d == NULL) {
      entries_free (&v);
      guestfs_int_error_errno (g, EPROTO, "invalid reply from the "
                               "appliance");
      return NULL;
    }
    /* The list's length is a uint32_t. */
    if (v.len == UINT32_MAX || tsk_dirent_vector_append (&v, *d) == -1) {
      guestfs_free_tsk_dirent (d);
      entries_free (&v);
      guestfs_int_oom (g);
      return NULL;
    }
    /* The fields now belong to the vector's copy. */
    free (d);
  }
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    entries_free (&v);
    guestfs_int_oom (g);
    return NULL;
  }
  ret->len = (uint32_t) v.len;
  ret->val = tsk_dirent_vector_steal (&v);
  return ret;
}

/* Reads the entries written to path.  NULL after reporting. */
static struct guestfs_tsk_dirent_list *
read_entries (guestfs_h *g, const char *path)
{
  struct guestfs_tsk_dirent_list *ret;
  struct stat st;
  void *map;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    perrorf (g, "open: '%s'", path);
    return NULL;
  }
  if (fstat (fd, &st) == -1) {
    perrorf (g, "fstat: '%s'", path);
    close (fd);
    return NULL;
  }
  if (st.st_size == 0) {
    close (fd);
    return decode_entries (g, "", 0);
  }
  if ((uintmax_t) st.st_size > SIZE_MAX) {
    guestfs_int_error_errno (g, EFBIG, "'%s': too large", path);
    close (fd);
    return NULL;
  }
  map = mmap (NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    perrorf (g, "mmap: '%s'", path);
    close (fd);
    return NULL;
  }
  close (fd);
  ret = decode_entries (g, map, (size_t) st.st_size);
  munmap (map, (size_t) st.st_size);
  return ret;
}

/* Runs the internal call (find: internal_find_inode of inode, else
 * internal_filesystem_walk) into a file of the tmpdir and decodes it.
 */
static struct guestfs_tsk_dirent_list *
walk (guestfs_h *g, const char *device, bool find, int64_t inode)
{
  const char *tmpdir = guestfs_int_lazy_make_tmpdir (g);
  struct guestfs_tsk_dirent_list *ret = NULL;
  char *path;
  int fd, r;

  if (tmpdir == NULL)
    return NULL;
  if (asprintf (&path, "%s/tsk.XXXXXX", tmpdir) == -1) {
    guestfs_int_oom (g);
    return NULL;
  }
  fd = mkstemp (path);
  if (fd == -1) {
    perrorf (g, "mkstemp: '%s'", path);
    free (path);
    return NULL;
  }
  close (fd);
  r = find ? guestfs_internal_find_inode (g, device, inode, path)
    : guestfs_internal_filesystem_walk (g, device, path);
  if (r == 0)
    ret = read_entries (g, path);
  unlink (path);
  free (path);
  return ret;
}

struct guestfs_tsk_dirent_list *
guestfs_impl_filesystem_walk (guestfs_h *g, const char *device)
{
  return walk (g, device, false, 0);
}

struct guestfs_tsk_dirent_list *
guestfs_impl_find_inode (guestfs_h *g, const char *device, int64_t inode)
{
  return walk (g, device, true, inode);
}
