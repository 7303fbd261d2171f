/** careen - offline disk-image toolkit
 *
 * Small pieces every input uses: reading a description file with a
 * bound on its size, and appending disks, removables and NICs to a
 * struct v2v_source.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "vector.h"
#include "xalloc.h"
#include "input.h"

char *
v2v_read_description (const char *file, size_t *len_r)
{
  CLEANUP_CLOSE int fd = -1;
  struct stat st;
  char *buf;
  size_t len = 0;
  ssize_t r;

  fd = open (file, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    v2v_error ("open: '%s': %m", file);
    return NULL;
  }
  if (fstat (fd, &st) == -1) {
    v2v_error ("stat: '%s': %m", file);
    return NULL;
  }
  if (!S_ISREG (st.st_mode)) {
    v2v_error ("'%s' is not a regular file", file);
    return NULL;
  }
  if (st.st_size > V2V_MAX_DESCRIPTION) {
    v2v_error ("'%s' is too large for a description (%lld bytes, at most %d)",
               file, (long long) st.st_size, V2V_MAX_DESCRIPTION);
    return NULL;
  }
  buf = xmalloc ((size_t) st.st_size + 1);
  while (len < (size_t) st.st_size) {
    r = read (fd, buf + len, (size_t) st.st_size - len);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      v2v_error ("read: '%s': %m", file);
      free (buf);
      return NULL;
    }
    if (r == 0)
      break;
    len += r;
  }
  buf[len] = '\0';
  if (len_r)
    *len_r = len;
  return buf;
}

/* Grows an array of the source by one element, zeroed. */
static void *
grow (void *array, size_t *nr, size_t elem_size)
{
  size_t cap = *nr;
  void *p = array;

  if (vector_reserve (&p, &cap, *nr, 1, elem_size) == -1)
    die_nomem ();
  memset ((char *) p + *nr * elem_size, 0, elem_size);
  (*nr)++;
  return p;
}

int
v2v_source_add_disk (struct v2v_source *s, const char *path,
                     const char *format, enum v2v_bus bus, int slot)
{
  struct v2v_disk *d;

  s->disks = grow (s->disks, &s->nr_disks, sizeof *s->disks);
  d = &s->disks[s->nr_disks - 1];
  d->path = xstrdup (path);
  d->format = format ? xstrdup (format) : NULL;
  d->bus = bus;
  d->slot = slot;
  return v2v_disk_check (d);
}

void
v2v_source_add_removable (struct v2v_source *s, bool floppy,
                          enum v2v_bus bus, int slot)
{
  struct v2v_removable *r;

  s->removables = grow (s->removables, &s->nr_removables,
                        sizeof *s->removables);
  r = &s->removables[s->nr_removables - 1];
  r->floppy = floppy;
  r->bus = bus;
  r->slot = slot;
}

void
v2v_source_add_nic (struct v2v_source *s, const char *mac, const char *model,
                    enum v2v_net_type vnet_type, const char *vnet)
{
  struct v2v_nic *n;

  s->nics = grow (s->nics, &s->nr_nics, sizeof *s->nics);
  n = &s->nics[s->nr_nics - 1];
  n->mac = mac ? xstrdup (mac) : NULL;
  n->model = model ? xstrdup (model) : NULL;
  n->vnet_type = vnet_type;
  n->vnet = xstrdup (vnet);
}
