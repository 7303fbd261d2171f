/** careen - offline disk-image toolkit
 *
 * The handle: creation (defaults and environment), closing (including
 * the atexit handler that closes handles the program forgot), the entry
 * and exit of every public call (lock, error context, enter event),
 * state checks, private data and user_cancel.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"

/* Open handles, for the atexit handler. */
static pthread_mutex_t handles_lock = PTHREAD_MUTEX_INITIALIZER;
static guestfs_h *handles = NULL;
static pthread_once_t atexit_once = PTHREAD_ONCE_INIT;

static void close_handles (void);

static void
register_atexit (void)
{
  atexit (close_handles);
}

/* At exit, close the handles that asked for it, so qemu is not left
 * running and tmpdirs are removed.  guestfs_close unlinks the handle
 * from the list, so always take the head.
 */
static void
close_handles (void)
{
  for (;;) {
    guestfs_h *g;

    pthread_mutex_lock (&handles_lock);
    for (g = handles; g != NULL; g = g->next)
      if (g->close_on_exit)
        break;
    pthread_mutex_unlock (&handles_lock);
    if (g == NULL)
      break;
    guestfs_close (g);
  }
}

void
guestfs_int_init_conn (struct conn *c)
{
  char *tail[CAREEN_CONSOLE_TAIL_LINES];

  /* The tail of the last run's output survives for error messages. */
  memcpy (tail, c->tail, sizeof tail);
  memset (c, 0, sizeof *c);
  memcpy (c->tail, tail, sizeof tail);
  c->console.fd = -1;
  c->qemu_err.fd = -1;
  c->sock_fd = -1;
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

/* Reads the environment variables libguestfs users set.  A bad value
 * is reported (through the default error handler, since there is no
 * other yet) and makes guestfs_create fail, as in libguestfs.
 */
static int
parse_environment (guestfs_h *g)
{
  const char *s;

  s = getenv ("LIBGUESTFS_DEBUG");
  if (s && strcmp (s, "1") == 0)
    g->verbose = true;
  s = getenv ("LIBGUESTFS_TRACE");
  if (s && strcmp (s, "1") == 0)
    g->trace = true;

  s = getenv ("LIBGUESTFS_MEMSIZE");
  if (s && *s) {
    char *end;
    long v;

    errno = 0;
    v = strtol (s, &end, 10);
    if (errno || *end || v < CAREEN_MIN_MEMSIZE || v > INT32_MAX) {
      error (g, "LIBGUESTFS_MEMSIZE: '%s': not a number of MiB >= %d",
             s, CAREEN_MIN_MEMSIZE);
      return -1;
    }
    g->memsize = (int) v;
  }

  s = getenv ("LIBGUESTFS_BACKEND_SETTINGS");
  if (s) {
    char **list = split_colons (s);

    if (list == NULL)
      guestfs_int_oom (g);
    strings_free (g->backend_settings);
    g->backend_settings = list;
  }

  s = getenv ("LIBGUESTFS_BACKEND");
  if (s == NULL)
    s = getenv ("LIBGUESTFS_ATTACH_METHOD");
  if (s && guestfs_int_check_backend (g, s) == -1)
    return -1;

  s = getenv ("LIBGUESTFS_CACHEDIR");
  if (s && *s) {
    free (g->cachedir_set);
    if ((g->cachedir_set = strdup (s)) == NULL)
      guestfs_int_oom (g);
  }
  /* LIBGUESTFS_TMPDIR wins over TMPDIR; both are read again when the
   * tmpdir is made (guestfs_int_default_tmpdir_base).
   */
  s = getenv ("LIBGUESTFS_TMPDIR");
  if (s && *s) {
    free (g->tmpdir_set);
    if ((g->tmpdir_set = strdup (s)) == NULL)
      guestfs_int_oom (g);
  }

  s = getenv ("LIBGUESTFS_PATH");
  if (s && *s) {
    free (g->path);
    if ((g->path = strdup (s)) == NULL)
      guestfs_int_oom (g);
  }
  s = getenv ("LIBGUESTFS_HV");
  if (s == NULL)
    s = getenv ("LIBGUESTFS_QEMU");
  if (s && *s) {
    free (g->hv);
    if ((g->hv = strdup (s)) == NULL)
      guestfs_int_oom (g);
  }
  s = getenv ("LIBGUESTFS_APPEND");
  if (s && *s) {
    free (g->append);
    if ((g->append = strdup (s)) == NULL)
      guestfs_int_oom (g);
  }
  return 0;
}

static void
free_handle (guestfs_h *g)
{
  size_t i;

  guestfs_int_free_drives (g);
  free (g->append);
  free (g->cachedir_set);
  free (g->tmpdir_set);
  strings_free (g->backend_settings);
  free (g->hv);
  free (g->path);
  free (g->program);
  free (g->identifier);
  if (g->test_output)
    fclose (g->test_output);
  free (g->tmpdir);
  for (i = 0; i < CAREEN_CONSOLE_TAIL_LINES; ++i)
    free (g->conn.tail[i]);
  event_cb_vector_release (&g->events);
  for (i = 0; i < g->pda.len; ++i)
    free (g->pda.ptr[i].key);
  pda_vector_release (&g->pda);
  guestfs_int_free_error_state (g);
  pthread_mutex_destroy (&g->lock);
  free (g);
}

GUESTFS_DLL_PUBLIC guestfs_h *
guestfs_create_flags (unsigned flags, ...)
{
  guestfs_h *g;
  pthread_mutexattr_t attr;

  g = calloc (1, sizeof *g);
  if (g == NULL)
    return NULL;
  /* calloc: the console tail starts empty for init_conn. */

  pthread_mutexattr_init (&attr);
  pthread_mutexattr_settype (&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init (&g->lock, &attr);
  pthread_mutexattr_destroy (&attr);

  guestfs_int_init_error_handler (g);
  guestfs_int_init_conn (&g->conn);
  g->state = CONFIG;
  g->autosync = true;
  g->close_on_exit = !(flags & GUESTFS_CREATE_NO_CLOSE_ON_EXIT);
  g->memsize = CAREEN_DEFAULT_MEMSIZE;
  g->smp = 1;
  g->backend_settings = calloc (1, sizeof (char *));
  g->hv = strdup (QEMU);
  g->path = strdup (PKGLIBDIR);
  g->program = strdup (program_invocation_short_name);
  if (g->backend_settings == NULL || g->hv == NULL || g->path == NULL ||
      g->program == NULL)
    goto fail;

  if (!(flags & GUESTFS_CREATE_NO_ENVIRONMENT) &&
      parse_environment (g) == -1)
    goto fail;

  pthread_once (&atexit_once, register_atexit);
  pthread_mutex_lock (&handles_lock);
  g->next = handles;
  handles = g;
  pthread_mutex_unlock (&handles_lock);

  debug (g, "create: flags = %u, handle = %p, program = %s",
         flags, (void *) g, g->program);
  return g;

 fail:
  free_handle (g);
  return NULL;
}

GUESTFS_DLL_PUBLIC guestfs_h *
guestfs_create (void)
{
  return guestfs_create_flags (0);
}

GUESTFS_DLL_PUBLIC void
guestfs_close (guestfs_h *g)
{
  guestfs_h **pp;

  if (g == NULL)
    return;

  pthread_mutex_lock (&handles_lock);
  for (pp = &handles; *pp != NULL; pp = &(*pp)->next) {
    if (*pp == g) {
      *pp = g->next;
      break;
    }
  }
  pthread_mutex_unlock (&handles_lock);

  pthread_mutex_lock (&g->lock);
  /* Errors while closing go to the handler with a "close: " prefix. */
  g->call_depth++;
  if (g->call_depth == 1)
    g->error_context = "close";

  if (g->trace)
    guestfs_int_trace (g, "close");
  guestfs_int_call_callbacks_void (g, GUESTFS_EVENT_CLOSE);

  if (g->state != CONFIG) {
    /* Like libguestfs: sync the disks first so that writes are not
     * lost by a program that never called shutdown.
     */
    if (g->autosync && g->state == READY)
      guestfs_internal_autosync (g);
    guestfs_int_stop_appliance (g, false);
  }
  guestfs_int_remove_tmpdir (g);

  pthread_mutex_unlock (&g->lock);
  free_handle (g);
}

/* ---- Used by generated code ---- */

void
guestfs_int_call_begin (guestfs_h *g, const char *name)
{
  pthread_mutex_lock (&g->lock);
  g->call_depth++;
  if (g->call_depth == 1) {
    g->error_context = name;
    /* A cancel requested while no call ran is stale. */
    g->user_cancel = 0;
  }
  if (guestfs_int_has_callback (g, GUESTFS_EVENT_ENTER))
    guestfs_int_call_callbacks_message (g, GUESTFS_EVENT_ENTER,
                                        name, strlen (name));
}

void
guestfs_int_call_end (guestfs_h *g)
{
  g->call_depth--;
  if (g->call_depth == 0)
    g->error_context = NULL;
  pthread_mutex_unlock (&g->lock);
}

int
guestfs_int_check_config_state (guestfs_h *g)
{
  if (g->state != CONFIG) {
    guestfs_int_error_errno (g, EINVAL,
                             "this function can only be called in the "
                             "config state (before launch)");
    return -1;
  }
  return 0;
}

int
guestfs_int_check_ready_state (guestfs_h *g)
{
  if (g->state != READY) {
    if (g->state == CONFIG)
      guestfs_int_error_errno (g, EINVAL,
                               "call launch before using this function\n"
                               "(in guestfish, don't forget to use the "
                               "'run' command)");
    else
      guestfs_int_error_errno (g, EINVAL,
                               "the appliance is still launching");
    return -1;
  }
  return 0;
}

/* ---- Private data ---- */

GUESTFS_DLL_PUBLIC void
guestfs_set_private (guestfs_h *g, const char *key, void *data)
{
  struct pda_entry entry;
  size_t i;

  pthread_mutex_lock (&g->lock);
  for (i = 0; i < g->pda.len; ++i) {
    if (strcmp (g->pda.ptr[i].key, key) == 0) {
      g->pda.ptr[i].data = data;
      goto out;
    }
  }
  entry.key = strdup (key);
  entry.data = data;
  if (entry.key == NULL || pda_vector_append (&g->pda, entry) == -1)
    guestfs_int_oom (g);
 out:
  pthread_mutex_unlock (&g->lock);
}

GUESTFS_DLL_PUBLIC void *
guestfs_get_private (guestfs_h *g, const char *key)
{
  void *data = NULL;
  size_t i;

  pthread_mutex_lock (&g->lock);
  for (i = 0; i < g->pda.len; ++i) {
    if (strcmp (g->pda.ptr[i].key, key) == 0) {
      data = g->pda.ptr[i].data;
      break;
    }
  }
  pthread_mutex_unlock (&g->lock);
  return data;
}

/**
 * Asks the running file transfer to stop.  Only sets a flag, without
 * taking the lock, so it is safe from a signal handler or another
 * thread; the transfer loop notices it between chunks.
 */
GUESTFS_DLL_PUBLIC int
guestfs_user_cancel (guestfs_h *g)
{
  g->user_cancel = 1;
  return 0;
}
