/** careen - offline disk-image toolkit
 *
 * Error reporting on a handle: the last error and errno, the error
 * handler and its stack, and the out-of-memory handler.
 *
 * Every error is reported exactly once, where it is understood, through
 * error() or perrorf(); the message is prefixed with the name of the
 * outermost public call ("mount: ...") so the user knows which call
 * failed even when the failure happened in a nested one.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"

/* Longest error message kept; longer ones are cut.  A message may
 * embed text from the appliance (already bounded by the protocol) plus
 * our own context, so this is generous.
 */
#define MAX_ERROR_MESSAGE (PROTO_MAX_ERROR + 1024)

static void
set_last_error (guestfs_h *g, int errnum, char *msg)
{
  free (g->last_error);
  g->last_error = msg;
  g->last_errnum = errnum;

  if (g->error_cb)
    g->error_cb (g, g->error_cb_data, msg);
}

static void
verror (guestfs_h *g, int errnum, bool append_strerror,
        const char *fs, va_list args)
{
  char *body = NULL, *msg = NULL;
  int r;

  r = vasprintf (&body, fs, args);
  if (r == -1)
    guestfs_int_oom (g);
  if (strlen (body) > MAX_ERROR_MESSAGE)
    body[MAX_ERROR_MESSAGE] = '\0';

  if (append_strerror) {
    char ebuf[256];
    const char *es = strerror_r (errnum, ebuf, sizeof ebuf);

    if (g->error_context)
      r = asprintf (&msg, "%s: %s: %s", g->error_context, body, es);
    else
      r = asprintf (&msg, "%s: %s", body, es);
  }
  else if (g->error_context)
    r = asprintf (&msg, "%s: %s", g->error_context, body);
  else {
    msg = body;
    body = NULL;
    r = 0;
  }
  free (body);
  if (r == -1)
    guestfs_int_oom (g);

  set_last_error (g, errnum, msg);
}

/**
 * Reports an error with the given errno (0: none) on g.
 */
void
guestfs_int_error_errno (guestfs_h *g, int errnum, const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  verror (g, errnum, false, fs, args);
  va_end (args);
}

/**
 * The error of libguestfs's functions that careen lacks (their entry
 * points are in fallback-gen.c).  Taken as a call of its own, so that
 * the handle's lock and enter event behave as for any other call.
 */
void
guestfs_int_not_implemented (guestfs_h *g, const char *name, const char *why)
{
  if (g == NULL)
    return;
  guestfs_int_call_begin (g, name);
  guestfs_int_error_errno (g, ENOTSUP, "%s (see guestfs-compat(7))", why);
  guestfs_int_call_end (g);
}

/**
 * Reports an error with ": strerror (errno)" appended; records errno.
 */
void
guestfs_int_perrorf (guestfs_h *g, const char *fs, ...)
{
  va_list args;
  int errnum = errno;

  va_start (args, fs);
  verror (g, errnum, true, fs, args);
  va_end (args);
  errno = errnum;
}

void
guestfs_int_oom (guestfs_h *g)
{
  if (g && g->abort_cb)
    g->abort_cb ();
  abort ();
}

void
guestfs_int_free_error_state (guestfs_h *g)
{
  free (g->last_error);
  g->last_error = NULL;
  error_cb_stack_release (&g->error_cb_stack);
}

/* The handler every handle starts with.  Scripts grep stderr for this
 * exact prefix, as they do with libguestfs.
 */
static void
default_error_cb (guestfs_h *g, void *data, const char *msg)
{
  fprintf (stderr, "libguestfs: error: %s\n", msg);
}

void
guestfs_int_init_error_handler (guestfs_h *g)
{
  g->error_cb = default_error_cb;
  g->error_cb_data = NULL;
}

GUESTFS_DLL_PUBLIC const char *
guestfs_last_error (guestfs_h *g)
{
  return g->last_error;
}

GUESTFS_DLL_PUBLIC int
guestfs_last_errno (guestfs_h *g)
{
  return g->last_errnum;
}

GUESTFS_DLL_PUBLIC void
guestfs_set_error_handler (guestfs_h *g, guestfs_error_handler_cb cb,
                           void *data)
{
  pthread_mutex_lock (&g->lock);
  g->error_cb = cb;
  g->error_cb_data = data;
  pthread_mutex_unlock (&g->lock);
}

GUESTFS_DLL_PUBLIC guestfs_error_handler_cb
guestfs_get_error_handler (guestfs_h *g, void **data_rtn)
{
  guestfs_error_handler_cb cb;

  pthread_mutex_lock (&g->lock);
  if (data_rtn)
    *data_rtn = g->error_cb_data;
  cb = g->error_cb;
  pthread_mutex_unlock (&g->lock);
  return cb;
}

/* Saves the current handler on the stack and installs cb.  Used around
 * calls whose failure is expected (probing), as in libguestfs.
 */
GUESTFS_DLL_PUBLIC void
guestfs_push_error_handler (guestfs_h *g, guestfs_error_handler_cb cb,
                            void *data)
{
  struct error_cb_entry saved;

  pthread_mutex_lock (&g->lock);
  saved.cb = g->error_cb;
  saved.data = g->error_cb_data;
  if (error_cb_stack_append (&g->error_cb_stack, saved) == -1) {
    pthread_mutex_unlock (&g->lock);
    guestfs_int_oom (g);
  }
  g->error_cb = cb;
  g->error_cb_data = data;
  pthread_mutex_unlock (&g->lock);
}

/* Restores the handler saved by the matching push.  Popping an empty
 * stack restores the default handler rather than failing: the caller
 * cannot report an error from here anyway.
 */
GUESTFS_DLL_PUBLIC void
guestfs_pop_error_handler (guestfs_h *g)
{
  pthread_mutex_lock (&g->lock);
  if (g->error_cb_stack.len > 0) {
    const struct error_cb_entry *saved =
      &g->error_cb_stack.ptr[--g->error_cb_stack.len];

    g->error_cb = saved->cb;
    g->error_cb_data = saved->data;
  }
  else
    guestfs_int_init_error_handler (g);
  pthread_mutex_unlock (&g->lock);
}

GUESTFS_DLL_PUBLIC void
guestfs_set_out_of_memory_handler (guestfs_h *g, guestfs_abort_cb cb)
{
  g->abort_cb = cb;
}

GUESTFS_DLL_PUBLIC guestfs_abort_cb
guestfs_get_out_of_memory_handler (guestfs_h *g)
{
  return g->abort_cb;
}
