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
guestfs_impl_set_call_timeout (guestfs_h *g, int seconds)
{
  if (seconds < 0 || seconds > CAREEN_CALL_TIMEOUT_MAX_S) {
    guestfs_int_error_errno (g, EINVAL,
                             "call timeout %d seconds is out of range "
                             "(0 for none, up to %d)",
                             seconds, CAREEN_CALL_TIMEOUT_MAX_S);
    return -1;
  }
  g->call_timeout_s = seconds;
  return 0;
}

int
guestfs_impl_get_call_timeout (guestfs_h *g)
{
  return g->call_timeout_s;
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
/* careen runs its own appliance whatever the backend.  "libvirt" (the
 * default of several distributions' libguestfs, often set in the
 * environment) is accepted, since the program gets the same appliance
 * and calls either way; backends that promise something else are not.
 */
int
guestfs_int_check_backend (guestfs_h *g, const char *backend)
{
  if (strcmp (backend, "") == 0 || strcmp (backend, "direct") == 0 ||
      strcmp (backend, "appliance") == 0 ||
      strcmp (backend, "libvirt") == 0 ||
      strncmp (backend, "libvirt:", 8) == 0)
    return 0;
  guestfs_int_error_errno (g, ENOTSUP,
                           "backend '%s' is not supported: careen runs "
                           "its own appliance ('direct' or 'libvirt')",
                           backend);
  return -1;
}

int
guestfs_impl_set_backend (guestfs_h *g, const char *backend)
{
  if (guestfs_int_check_backend (g, backend) == -1)
    return -1;
  if (strncmp (backend, "libvirt", 7) == 0)
    debug (g, "backend %s: careen starts its own appliance with qemu, "
           "as with the direct backend; libvirt is not used", backend);
  replace_string (g, &g->backend,
                  strcmp (backend, "") == 0 ? NULL : backend);
  return 0;
}

char *
guestfs_impl_get_backend (guestfs_h *g)
{
  return xstrdup (g, g->backend ? g->backend : "direct");
}

int
guestfs_impl_set_attach_method (guestfs_h *g, const char *backend)
{
  return guestfs_impl_set_backend (g, backend);
}

char *
guestfs_impl_get_attach_method (guestfs_h *g)
{
  return guestfs_impl_get_backend (g);
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

/* The libguestfs release careen follows (configure.ac), so that checks
 * written for libguestfs pass; careen's own version is the extra field.
 */
struct guestfs_version *
guestfs_impl_version (guestfs_h *g)
{
  struct guestfs_version *v = malloc (sizeof *v);

  if (v == NULL)
    guestfs_int_oom (g);
  v->major = LIBGUESTFS_API_MAJOR;
  v->minor = LIBGUESTFS_API_MINOR;
  v->release = LIBGUESTFS_API_RELEASE;
  v->extra = xstrdup (g, "careen " PACKAGE_VERSION);
  return v;
}

/* The settings a backend setting of this name occupies: "NAME" or
 * "NAME=...".
 */
static bool
is_setting (const char *setting, const char *name)
{
  size_t n = strlen (name);

  return strncmp (setting, name, n) == 0 &&
    (setting[n] == '\0' || setting[n] == '=');
}

int
guestfs_impl_clear_backend_setting (guestfs_h *g, const char *name)
{
  size_t i, j;
  int removed = 0;

  for (i = j = 0; g->backend_settings[i] != NULL; ++i) {
    if (is_setting (g->backend_settings[i], name)) {
      free (g->backend_settings[i]);
      removed++;
    }
    else
      g->backend_settings[j++] = g->backend_settings[i];
  }
  g->backend_settings[j] = NULL;
  return removed;
}

int
guestfs_impl_set_backend_setting (guestfs_h *g, const char *name,
                                  const char *val)
{
  char *setting;
  size_t n;
  char **list;

  if (asprintf (&setting, "%s=%s", name, val) == -1)
    guestfs_int_oom (g);
  guestfs_impl_clear_backend_setting (g, name);
  for (n = 0; g->backend_settings[n] != NULL; ++n)
    ;
  list = realloc (g->backend_settings, (n + 2) * sizeof *list);
  if (list == NULL)
    guestfs_int_oom (g);
  list[n] = setting;
  list[n + 1] = NULL;
  g->backend_settings = list;
  return 0;
}

char *
guestfs_impl_get_backend_setting (guestfs_h *g, const char *name)
{
  size_t i, n = strlen (name);

  /* The last one wins, as when the settings are applied. */
  for (i = 0; g->backend_settings[i] != NULL; ++i)
    ;
  while (i-- > 0) {
    const char *s = g->backend_settings[i];

    if (is_setting (s, name))
      return xstrdup (g, s[n] == '=' ? s + n + 1 : "1");
  }
  guestfs_int_error_errno (g, ESRCH, "no backend setting '%s'", name);
  return NULL;
}

/* The settings careen accepts only as false (the default): true asks
 * for something the appliance does not have.
 */
static int
only_false (guestfs_h *g, int value, const char *why)
{
  if (value) {
    guestfs_int_error_errno (g, ENOTSUP, "%s", why);
    return -1;
  }
  return 0;
}

int
guestfs_impl_set_network (guestfs_h *g, int network)
{
  g->network = network != 0;
  return 0;
}

int
guestfs_impl_get_network (guestfs_h *g)
{
  return g->network;
}

int
guestfs_impl_set_selinux (guestfs_h *g, int selinux)
{
  return only_false (g, selinux, "careen's appliance does not load an "
                     "SELinux policy (use selinux_relabel to label files)");
}

int
guestfs_impl_get_selinux (guestfs_h *g)
{
  return 0;
}

int
guestfs_impl_set_direct (guestfs_h *g, int direct)
{
  return only_false (g, direct, "careen does not give the appliance's "
                     "console to the program (use "
                     "internal_get_console_socket)");
}

int
guestfs_impl_get_direct (guestfs_h *g)
{
  return 0;
}

int
guestfs_impl_set_pgroup (guestfs_h *g, int pgroup)
{
  g->pgroup = pgroup != 0;
  return 0;
}

int
guestfs_impl_get_pgroup (guestfs_h *g)
{
  return g->pgroup;
}

int
guestfs_impl_set_recovery_proc (guestfs_h *g, int recoveryproc)
{
  g->recovery_proc = recoveryproc != 0;
  return 0;
}

int
guestfs_impl_get_recovery_proc (guestfs_h *g)
{
  return g->recovery_proc;
}

int
guestfs_impl_set_qemu (guestfs_h *g, const char *hv)
{
  replace_string (g, &g->hv, hv ? hv : QEMU);
  return 0;
}

const char *
guestfs_impl_get_qemu (guestfs_h *g)
{
  return g->hv;
}

char *
guestfs_impl_get_sockdir (guestfs_h *g)
{
  const char *dir = guestfs_int_lazy_make_tmpdir (g);

  return dir ? xstrdup (g, dir) : NULL;
}

int64_t
guestfs_impl_c_pointer (guestfs_h *g)
{
  return (int64_t) (intptr_t) g;
}

int
guestfs_impl_wait_ready (guestfs_h *g)
{
  return guestfs_int_check_ready_state (g);
}

/* Parameters careen itself sets and a second copy of would break the
 * boot rather than change it.
 */
static const char *const reserved_hv_params[] = {
  "-kernel", "-initrd", "-append", "-machine", "-M", NULL
};

int
guestfs_impl_config (guestfs_h *g, const char *hvparam, const char *hvvalue)
{
  size_t i, n;
  char **list;

  if (hvparam[0] != '-') {
    guestfs_int_error_errno (g, EINVAL, "parameter '%s' does not start "
                             "with '-'", hvparam);
    return -1;
  }
  for (i = 0; reserved_hv_params[i]; ++i)
    if (strcmp (hvparam, reserved_hv_params[i]) == 0) {
      guestfs_int_error_errno (g, EINVAL, "parameter '%s' is set by careen "
                               "itself", hvparam);
      return -1;
    }
  for (n = 0; g->hv_params && g->hv_params[n]; ++n)
    ;
  list = realloc (g->hv_params, (n + 3) * sizeof *list);
  if (list == NULL)
    guestfs_int_oom (g);
  g->hv_params = list;
  list[n++] = xstrdup (g, hvparam);
  if (hvvalue)
    list[n++] = xstrdup (g, hvvalue);
  list[n] = NULL;
  return 0;
}
