/** careen - offline disk-image toolkit
 *
 * The configuration calls (set_/get_ memsize, smp, append, paths, hv,
 * backend ...), the state queries and version.  Getters returning a
 * String give the caller a new copy; those returning a ConstString
 * give a pointer owned by the handle, valid until the setting changes.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"

/* Replaces *field with a copy of value (NULL allowed).  Only fails on
 * out of memory, which does not return.
 */
static void
replace_string (guestfs_h *g, char **field, const char *value)
{
  char *copy = NULL;

  if (value) {
    copy = strdup (value);
    if (copy == NULL)
      guestfs_int_oom (g);
  }
  free (*field);
  *field = copy;
}

static char *
xstrdup (guestfs_h *g, const char *s)
{
  char *r = strdup (s);

  if (r == NULL)
    guestfs_int_oom (g);
  return r;
}

int
guestfs_impl_set_verbose (guestfs_h *g, int verbose)
{
  g->verbose = verbose != 0;
  return 0;
}

int
guestfs_impl_get_verbose (guestfs_h *g)
{
  return g->verbose;
}

int
guestfs_impl_set_trace (guestfs_h *g, int trace)
{
  g->trace = trace != 0;
  return 0;
}

int
guestfs_impl_get_trace (guestfs_h *g)
{
  return g->trace;
}

int
guestfs_impl_set_autosync (guestfs_h *g, int autosync)
{
  g->autosync = autosync != 0;
  return 0;
}

int
guestfs_impl_get_autosync (guestfs_h *g)
{
  return g->autosync;
}

int
guestfs_impl_set_memsize (guestfs_h *g, int memsize)
{
  if (memsize < CAREEN_MIN_MEMSIZE) {
    guestfs_int_error_errno (g, EINVAL,
                             "memsize %d MiB is too small (minimum %d)",
                             memsize, CAREEN_MIN_MEMSIZE);
    return -1;
  }
  g->memsize = memsize;
  return 0;
}

int
guestfs_impl_get_memsize (guestfs_h *g)
{
  return g->memsize;
}

int
guestfs_impl_set_smp (guestfs_h *g, int smp)
{
  if (smp < 1 || smp > CAREEN_MAX_SMP) {
    guestfs_int_error_errno (g, EINVAL, "invalid smp value %d (1 to %d)",
                             smp, CAREEN_MAX_SMP);
    return -1;
  }
  g->smp = smp;
  return 0;
}

int
guestfs_impl_get_smp (guestfs_h *g)
{
  return g->smp;
}

int
guestfs_impl_set_append (guestfs_h *g, const char *append)
{
  replace_string (g, &g->append, append);
  return 0;
}

const char *
guestfs_impl_get_append (guestfs_h *g)
{
  return g->append;
}

int
guestfs_impl_set_cachedir (guestfs_h *g, const char *cachedir)
{
  replace_string (g, &g->cachedir_set, cachedir);
  return 0;
}

char *
guestfs_impl_get_cachedir (guestfs_h *g)
{
  return guestfs_int_cachedir (g);
}

int
guestfs_impl_set_tmpdir (guestfs_h *g, const char *tmpdir)
{
  replace_string (g, &g->tmpdir_set, tmpdir);
  return 0;
}

char *
guestfs_impl_get_tmpdir (guestfs_h *g)
{
  return guestfs_int_default_tmpdir_base (g);
}

int
guestfs_impl_set_hv (guestfs_h *g, const char *hv)
{
  replace_string (g, &g->hv, hv ? hv : QEMU);
  return 0;
}

char *
guestfs_impl_get_hv (guestfs_h *g)
{
  return xstrdup (g, g->hv);
}

int
guestfs_impl_set_path (guestfs_h *g, const char *path)
{
  replace_string (g, &g->path, path ? path : PKGLIBDIR);
  return 0;
}

const char *
guestfs_impl_get_path (guestfs_h *g)
{
  return g->path;
}

int
guestfs_impl_set_program (guestfs_h *g, const char *program)
{
  replace_string (g, &g->program, program);
  return 0;
}

const char *
guestfs_impl_get_program (guestfs_h *g)
{
  return g->program;
}

/* careen has one backend: it runs qemu itself.  "libvirt" and the
 * others are refused clearly rather than silently ignored, so a user
 * relying on libvirt's confinement knows they are not getting it.
 */
int
guestfs_int_check_backend (guestfs_h *g, const char *backend)
{
  if (strcmp (backend, "") == 0 || strcmp (backend, "direct") == 0 ||
      strcmp (backend, "appliance") == 0)
    return 0;
  guestfs_int_error_errno (g, ENOTSUP,
                           "backend '%s' is not supported: careen only "
                           "has the 'direct' backend", backend);
  return -1;
}

int
guestfs_impl_set_backend (guestfs_h *g, const char *backend)
{
  return guestfs_int_check_backend (g, backend);
}

char *
guestfs_impl_get_backend (guestfs_h *g)
{
  return xstrdup (g, "direct");
}

int
guestfs_impl_set_backend_settings (guestfs_h *g, char *const *settings)
{
  char **copy = strings_copy (settings);

  if (copy == NULL)
    guestfs_int_oom (g);
  strings_free (g->backend_settings);
  g->backend_settings = copy;
  return 0;
}

char **
guestfs_impl_get_backend_settings (guestfs_h *g)
{
  char **copy = strings_copy (g->backend_settings);

  if (copy == NULL)
    guestfs_int_oom (g);
  return copy;
}

bool
guestfs_int_has_backend_setting (guestfs_h *g, const char *name)
{
  size_t i;

  for (i = 0; g->backend_settings[i] != NULL; ++i)
    if (strcmp (g->backend_settings[i], name) == 0)
      return true;
  return false;
}

int
guestfs_impl_get_state (guestfs_h *g)
{
  return g->state;
}

int
guestfs_impl_is_config (guestfs_h *g)
{
  return g->state == CONFIG;
}

int
guestfs_impl_is_launching (guestfs_h *g)
{
  return g->state == LAUNCHING;
}

int
guestfs_impl_is_ready (guestfs_h *g)
{
  return g->state == READY;
}

/* Calls run one at a time with the handle locked, so from the caller's
 * point of view the handle is never busy.
 */
int
guestfs_impl_is_busy (guestfs_h *g)
{
  return 0;
}

struct guestfs_version *
guestfs_impl_version (guestfs_h *g)
{
  struct guestfs_version *v;
  long major = 0, minor = 0, release = 0;

  /* PACKAGE_VERSION is "MAJOR.MINOR.RELEASE" from configure.ac. */
  sscanf (PACKAGE_VERSION, "%ld.%ld.%ld", &major, &minor, &release);

  v = malloc (sizeof *v);
  if (v == NULL)
    guestfs_int_oom (g);
  v->major = major;
  v->minor = minor;
  v->release = release;
  v->extra = xstrdup (g, "");
  return v;
}
