/* careen - offline disk-image toolkit */

/**
 * The LIBGUESTFS_* environment variables (and careen's own
 * CAREEN_KEEPALIVE_TIMEOUT and CAREEN_CALL_TIMEOUT): read by guestfs_create (unless
 * GUESTFS_CREATE_NO_ENVIRONMENT), by parse_environment, and from a list
 * given by the caller by parse_environment_list.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"

/* NAME's value in env (NAME=VALUE strings; the last one wins, as in
 * a shell), or in the process's environment when env is NULL.
 */
static const char *
lookup (char *const *env, const char *name)
{
  size_t n = strlen (name), i;
  const char *value = NULL;

  if (env == NULL)
    return getenv (name);
  for (i = 0; env[i] != NULL; ++i)
    if (strncmp (env[i], name, n) == 0 && env[i][n] == '=')
      value = env[i] + n + 1;
  return value;
}

/* Parses a colon-separated list (LIBGUESTFS_BACKEND_SETTINGS). */
static char **
split_colons (const char *s)
{
  struct stringsbuf sb;
  const char *p = s;
  char **list;

  stringsbuf_init (&sb);
  while (*p) {
    size_t n = strcspn (p, ":");

    if (n > 0 &&
        stringsbuf_add_format (&sb, "%.*s", (int) n, p) == -1)
      goto fail;
    p += n;
    if (*p == ':')
      p++;
  }
  list = stringsbuf_finish (&sb);
  if (list == NULL)
    goto fail;
  return list;

 fail:
  stringsbuf_release (&sb);
  return NULL;
}

/* Reads the whole number in variable NAME into *OUT when it is set and
 * not empty; anything else than a number from MIN to MAX (in UNIT) is
 * an error naming the variable and its value.
 */
static int
env_int (guestfs_h *g, char *const *env, const char *name,
         long min, long max, const char *unit, int *out)
{
  const char *s = lookup (env, name);
  char *end;
  long v;

  if (s == NULL || *s == '\0')
    return 0;
  errno = 0;
  v = strtol (s, &end, 10);
  if (errno || *end || v < min || v > max) {
    if (max == INT32_MAX)
      error (g, "%s: '%s': not a number of %s >= %ld", name, s, unit, min);
    else
      error (g, "%s: '%s': not a number of %s from %ld to %ld",
             name, s, unit, min, max);
    return -1;
  }
  *out = (int) v;
  return 0;
}

/* Reads the environment variables libguestfs users set.  A bad value
 * is reported (through the default error handler, since there is no
 * other yet) and makes guestfs_create fail, as in libguestfs.
 */
int
guestfs_int_parse_environment (guestfs_h *g, char *const *env)
{
  const char *s;

  s = lookup (env, "LIBGUESTFS_DEBUG");
  if (s && strcmp (s, "1") == 0)
    g->verbose = true;
  s = lookup (env, "LIBGUESTFS_TRACE");
  if (s && strcmp (s, "1") == 0)
    g->trace = true;

  if (env_int (g, env, "LIBGUESTFS_MEMSIZE", CAREEN_MIN_MEMSIZE, INT32_MAX,
               "MiB", &g->memsize) == -1)
    return -1;

  /* careen's own: how long a call waits for any sign of life from the
   * appliance (protocol.txt, "Keep-alive").
   */
  if (env_int (g, env, "CAREEN_KEEPALIVE_TIMEOUT", 1, CAREEN_KEEPALIVE_MAX_S,
               "seconds", &g->keepalive_s) == -1)
    return -1;
  /* careen's own: the longest a call may take (0: no limit). */
  if (env_int (g, env, "CAREEN_CALL_TIMEOUT", 0, CAREEN_CALL_TIMEOUT_MAX_S,
               "seconds", &g->call_timeout_s) == -1)
    return -1;

  s = lookup (env, "LIBGUESTFS_BACKEND_SETTINGS");
  if (s) {
    char **list = split_colons (s);

    if (list == NULL)
      guestfs_int_oom (g);
    strings_free (g->backend_settings);
    g->backend_settings = list;
  }

  /* careen's opt-in to backing files anywhere on the host
   * (backing-check.c): kept as the backend setting it stands for, so
   * that a program's own setting wins.
   */
  s = lookup (env, "CAREEN_BACKING_FILES");
  if (s && *s) {
    if (strcmp (s, "local") != 0 && strcmp (s, "any") != 0) {
      error (g, "CAREEN_BACKING_FILES: unknown value '%s' (must be 'local' "
             "or 'any')", s);
      return -1;
    }
    if (guestfs_impl_set_backend_setting (g, "backing_files", s) == -1)
      return -1;
  }

  s = lookup (env, "LIBGUESTFS_BACKEND");
  if (s == NULL)
    s = lookup (env, "LIBGUESTFS_ATTACH_METHOD");
  if (s && guestfs_impl_set_backend (g, s) == -1)
    return -1;

  s = lookup (env, "LIBGUESTFS_CACHEDIR");
  if (s && *s) {
    free (g->cachedir_set);
    if ((g->cachedir_set = strdup (s)) == NULL)
      guestfs_int_oom (g);
  }
  /* LIBGUESTFS_TMPDIR wins over TMPDIR; both are read again when the
   * tmpdir is made (guestfs_int_default_tmpdir_base).
   */
  s = lookup (env, "LIBGUESTFS_TMPDIR");
  if (s && *s) {
    free (g->tmpdir_set);
    if ((g->tmpdir_set = strdup (s)) == NULL)
      guestfs_int_oom (g);
  }

  s = lookup (env, "LIBGUESTFS_PATH");
  if (s && *s) {
    free (g->path);
    if ((g->path = strdup (s)) == NULL)
      guestfs_int_oom (g);
  }
  s = lookup (env, "LIBGUESTFS_HV");
  if (s == NULL)
    s = lookup (env, "LIBGUESTFS_QEMU");
  if (s && *s) {
    free (g->hv);
    if ((g->hv = strdup (s)) == NULL)
      guestfs_int_oom (g);
  }
  s = lookup (env, "LIBGUESTFS_APPEND");
  if (s && *s) {
    free (g->append);
    if ((g->append = strdup (s)) == NULL)
      guestfs_int_oom (g);
  }
  return 0;
}

int
guestfs_impl_parse_environment (guestfs_h *g)
{
  return guestfs_int_parse_environment (g, NULL);
}

int
guestfs_impl_parse_environment_list (guestfs_h *g, char *const *environment)
{
  return guestfs_int_parse_environment (g, environment);
}

/**
 * careen.stall=: how long a guest disk may have requests waiting and
 * complete none before the appliance counts it as stalled (init while
 * it boots, the daemon after): half the keep-alive limit, so that a
 * call stuck on such a disk fails within 1.5 times that limit.
 */
int
guestfs_int_stall_seconds (guestfs_h *g)
{
  return g->keepalive_s > 1 ? g->keepalive_s / 2 : 1;
}
