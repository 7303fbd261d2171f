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

static void
free_handle (guestfs_h *g)
{
  size_t i;

  guestfs_int_free_drives (g);
  guestfs_int_free_libvirt_auth (g);
  free (g->append);
  free (g->cachedir_set);
  free (g->tmpdir_set);
  strings_free (g->backend_settings);
  strings_free (g->hv_params);
  free (g->backend);
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
  g->keepalive_s = CAREEN_KEEPALIVE_DEFAULT_S;
  g->backend_settings = calloc (1, sizeof (char *));
  g->hv = strdup (QEMU);
  g->pgroup = true;
  g->recovery_proc = true;
  g->path = strdup (PKGLIBDIR);
  g->program = strdup (program_invocation_short_name);
  if (g->backend_settings == NULL || g->hv == NULL || g->path == NULL ||
      g->program == NULL)
    goto fail;

  if (!(flags & GUESTFS_CREATE_NO_ENVIRONMENT) &&
      guestfs_int_parse_environment (g, NULL) == -1)
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

  /* Before the appliance goes: the mount's requests need it. */
  guestfs_int_close_local_mount (g);
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

/* One step of first_private/next_private, under the lock. */
static void *
private_at (guestfs_h *g, size_t i, const char **key_rtn)
{
  void *data = NULL;

  *key_rtn = NULL;
  if (i < g->pda.len) {
    *key_rtn = g->pda.ptr[i].key;
    data = g->pda.ptr[i].data;
    g->pda_next = i + 1;
  }
  else
    g->pda_next = g->pda.len;
  return data;
}

GUESTFS_DLL_PUBLIC void *
guestfs_first_private (guestfs_h *g, const char **key_rtn)
{
  void *data;

  pthread_mutex_lock (&g->lock);
  data = private_at (g, 0, key_rtn);
  pthread_mutex_unlock (&g->lock);
  return data;
}

GUESTFS_DLL_PUBLIC void *
guestfs_next_private (guestfs_h *g, const char **key_rtn)
{
  void *data;

  pthread_mutex_lock (&g->lock);
  data = private_at (g, g->pda_next, key_rtn);
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
