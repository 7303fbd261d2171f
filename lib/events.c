/** careen - offline disk-image toolkit
 *
 * Events: registering callbacks, firing them, and what happens to each
 * kind of message when nobody listens (appliance and library messages
 * go to stderr only in verbose mode, warnings and trace always).  Also
 * tracing and debug messages, which are just events of their own kind.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"

/* Bits of every event careen knows; others are refused at registration
 * so a typo in a mask is noticed.
 */
#define ALL_EVENTS                                                      \
  (GUESTFS_EVENT_CLOSE | GUESTFS_EVENT_SUBPROCESS_QUIT |                \
   GUESTFS_EVENT_LAUNCH_DONE | GUESTFS_EVENT_PROGRESS |                 \
   GUESTFS_EVENT_APPLIANCE | GUESTFS_EVENT_LIBRARY |                    \
   GUESTFS_EVENT_TRACE | GUESTFS_EVENT_ENTER |                          \
   GUESTFS_EVENT_LIBVIRT_AUTH | GUESTFS_EVENT_WARNING)

static const struct {
  uint64_t event;
  const char *name;
} event_names[] = {
  { GUESTFS_EVENT_CLOSE, "close" },
  { GUESTFS_EVENT_SUBPROCESS_QUIT, "subprocess_quit" },
  { GUESTFS_EVENT_LAUNCH_DONE, "launch_done" },
  { GUESTFS_EVENT_PROGRESS, "progress" },
  { GUESTFS_EVENT_APPLIANCE, "appliance" },
  { GUESTFS_EVENT_LIBRARY, "library" },
  { GUESTFS_EVENT_TRACE, "trace" },
  { GUESTFS_EVENT_ENTER, "enter" },
  { GUESTFS_EVENT_LIBVIRT_AUTH, "libvirt_auth" },
  { GUESTFS_EVENT_WARNING, "warning" },
};

GUESTFS_DLL_PUBLIC int
guestfs_set_event_callback (guestfs_h *g, guestfs_event_callback cb,
                            uint64_t event_bitmask, int flags, void *opaque)
{
  struct event_cb slot = {
    .cb = cb, .bitmask = event_bitmask, .flags = flags, .opaque = opaque
  };
  size_t i;
  int r;

  pthread_mutex_lock (&g->lock);
  if (cb == NULL || event_bitmask == 0 ||
      (event_bitmask & ~(uint64_t) ALL_EVENTS) != 0) {
    guestfs_int_error_errno (g, EINVAL,
                             "set_event_callback: invalid event bitmask "
                             "or NULL callback");
    pthread_mutex_unlock (&g->lock);
    return -1;
  }

  /* Reuse a deleted slot so handle numbers stay small. */
  for (i = 0; i < g->events.len; ++i)
    if (g->events.ptr[i].cb == NULL)
      break;
  if (i == g->events.len &&
      event_cb_vector_append (&g->events, slot) == -1) {
    pthread_mutex_unlock (&g->lock);
    guestfs_int_oom (g);
  }
  g->events.ptr[i] = slot;
  r = (int) i;
  pthread_mutex_unlock (&g->lock);
  return r;
}

GUESTFS_DLL_PUBLIC void
guestfs_delete_event_callback (guestfs_h *g, int event_handle)
{
  pthread_mutex_lock (&g->lock);
  if (event_handle >= 0 && (size_t) event_handle < g->events.len)
    g->events.ptr[event_handle].cb = NULL;
  pthread_mutex_unlock (&g->lock);
}

/**
 * Returns the names of the events in the mask, comma-separated, in a
 * new string (caller frees), or NULL with errno set (EINVAL for a bit
 * that is not an event).
 */
GUESTFS_DLL_PUBLIC char *
guestfs_event_to_string (uint64_t event)
{
  struct stringsbuf sb;
  char **list;
  char *ret;
  size_t i;

  if ((event & ~(uint64_t) ALL_EVENTS) != 0) {
    errno = EINVAL;
    return NULL;
  }
  stringsbuf_init (&sb);
  for (i = 0; i < sizeof event_names / sizeof event_names[0]; ++i) {
    if ((event & event_names[i].event) &&
        stringsbuf_add_string (&sb, event_names[i].name) == -1) {
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  list = stringsbuf_finish (&sb);
  if (list == NULL) {
    stringsbuf_release (&sb);
    return NULL;
  }
  ret = strings_join (list, ",");
  strings_free (list);
  return ret;
}

bool
guestfs_int_has_callback (guestfs_h *g, uint64_t event)
{
  size_t i;

  for (i = 0; i < g->events.len; ++i)
    if (g->events.ptr[i].cb && (g->events.ptr[i].bitmask & event))
      return true;
  return false;
}

/* Fires every callback registered for event.  Returns true if at least
 * one was called.  The list may change while callbacks run (a callback
 * may register or delete), so the array is re-read at each step.
 */
static bool
call_callbacks (guestfs_h *g, uint64_t event,
                const char *buf, size_t buf_len,
                const uint64_t *array, size_t array_len)
{
  bool called = false;
  size_t i;

  for (i = 0; i < g->events.len; ++i) {
    struct event_cb ev = g->events.ptr[i];

    if (ev.cb && (ev.bitmask & event)) {
      ev.cb (g, ev.opaque, event, (int) i, ev.flags,
             buf, buf_len, array, array_len);
      called = true;
    }
  }
  return called;
}

void
guestfs_int_call_callbacks_void (guestfs_h *g, uint64_t event)
{
  call_callbacks (g, event, NULL, 0, NULL, 0);
}

void
guestfs_int_call_callbacks_array (guestfs_h *g, uint64_t event,
                                  const uint64_t *array, size_t len)
{
  call_callbacks (g, event, NULL, 0, array, len);
}

/* Prints a message on stderr with a prefix, making sure it ends with
 * exactly one newline whatever the message carries.
 */
static void
print_message (const char *prefix, const char *buf, size_t len)
{
  if (len > 0 && buf[len-1] == '\n')
    len--;
  fprintf (stderr, "%s%.*s\n", prefix, (int) len, buf);
}

void
guestfs_int_call_callbacks_message (guestfs_h *g, uint64_t event,
                                    const char *buf, size_t len)
{
  if (call_callbacks (g, event, buf, len, NULL, 0))
    return;

  /* Nobody listens: the defaults libguestfs users expect. */
  switch (event) {
  case GUESTFS_EVENT_APPLIANCE:
    if (g->verbose)
      fwrite (buf, 1, len, stderr);
    break;
  case GUESTFS_EVENT_LIBRARY:
    if (g->verbose)
      print_message ("libguestfs: ", buf, len);
    break;
  case GUESTFS_EVENT_TRACE:
    /* As libguestfs: the identifier tells handles apart on stderr only;
     * callbacks get the bare line.
     */
    if (g->identifier) {
      fprintf (stderr, "libguestfs: trace: %s: ", g->identifier);
      print_message ("", buf, len);
    }
    else
      print_message ("libguestfs: trace: ", buf, len);
    break;
  default:
    break;
  }
}

static void
vmessage (guestfs_h *g, uint64_t event, const char *fs, va_list args)
{
  char *msg = NULL;
  int len;

  len = vasprintf (&msg, fs, args);
  if (len == -1)
    guestfs_int_oom (g);
  guestfs_int_call_callbacks_message (g, event, msg, (size_t) len);
  free (msg);
}

/**
 * A debug message (only called when verbose, see debug() in the
 * internal header).
 */
void
guestfs_int_debug (guestfs_h *g, const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vmessage (g, GUESTFS_EVENT_LIBRARY, fs, args);
  va_end (args);
}

bool
guestfs_int_trace_enabled (guestfs_h *g)
{
  return g->trace;
}

void
guestfs_int_trace (guestfs_h *g, const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vmessage (g, GUESTFS_EVENT_TRACE, fs, args);
  va_end (args);
}
