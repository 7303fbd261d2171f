/* careen - offline disk-image toolkit */

/**
 * The callbacks of the first libguestfs API, before events:
 * set_log_message_callback, set_subprocess_quit_callback,
 * set_launch_done_callback, set_close_callback and
 * set_progress_callback.  Old programs and bindings still call them.
 * Each handle holds at most one of each kind; it is an ordinary event
 * callback underneath, whose trampoline turns the event's arguments
 * into the old callback's.
 */

#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "guestfs-internal.h"

enum old_kind {
  OLD_LOG_MESSAGE, OLD_SUBPROCESS_QUIT, OLD_LAUNCH_DONE, OLD_CLOSE,
  OLD_PROGRESS,
};

static const uint64_t old_kind_event[] = {
  [OLD_LOG_MESSAGE] = GUESTFS_EVENT_APPLIANCE,
  [OLD_SUBPROCESS_QUIT] = GUESTFS_EVENT_SUBPROCESS_QUIT,
  [OLD_LAUNCH_DONE] = GUESTFS_EVENT_LAUNCH_DONE,
  [OLD_CLOSE] = GUESTFS_EVENT_CLOSE,
  [OLD_PROGRESS] = GUESTFS_EVENT_PROGRESS,
};

static void
trampoline (guestfs_h *g, void *opaque, uint64_t event, int event_handle,
            int flags, const char *buf, size_t buf_len,
            const uint64_t *array, size_t array_len)
{
  struct old_callback *oc = opaque;

  (void) event_handle; (void) flags;
  if (oc->fn == NULL)
    return;
  switch (event) {
  case GUESTFS_EVENT_APPLIANCE:
    /* The old callback's buffer is char * and its length an int. */
    ((guestfs_log_message_cb) oc->fn) (g, oc->opaque, (char *) buf,
                                       buf_len > INT32_MAX ? INT32_MAX
                                                           : (int) buf_len);
    break;
  case GUESTFS_EVENT_SUBPROCESS_QUIT:
    ((guestfs_subprocess_quit_cb) oc->fn) (g, oc->opaque);
    break;
  case GUESTFS_EVENT_LAUNCH_DONE:
    ((guestfs_launch_done_cb) oc->fn) (g, oc->opaque);
    break;
  case GUESTFS_EVENT_CLOSE:
    ((guestfs_close_cb) oc->fn) (g, oc->opaque);
    break;
  case GUESTFS_EVENT_PROGRESS:
    /* array: proc_nr, serial, position, total. */
    if (array_len >= 4)
      ((guestfs_progress_cb) oc->fn) (g, oc->opaque, (int) array[0],
                                      (int) array[1], array[2], array[3]);
    break;
  }
}

/* Replaces the callback of this kind (fn NULL: removes it). */
static void
set_old_callback (guestfs_h *g, enum old_kind kind, void (*fn) (void),
                  void *opaque)
{
  struct old_callback *oc = &g->old_callbacks[kind];

  if (oc->fn != NULL)
    guestfs_delete_event_callback (g, oc->event_handle);
  oc->fn = NULL;
  if (fn == NULL)
    return;
  oc->opaque = opaque;
  oc->event_handle =
    guestfs_set_event_callback (g, trampoline, old_kind_event[kind], 0, oc);
  if (oc->event_handle >= 0)
    oc->fn = fn;
}

GUESTFS_DLL_PUBLIC void
guestfs_set_log_message_callback (guestfs_h *g, guestfs_log_message_cb cb,
                                  void *opaque)
{
  set_old_callback (g, OLD_LOG_MESSAGE, (void (*) (void)) cb, opaque);
}

GUESTFS_DLL_PUBLIC void
guestfs_set_subprocess_quit_callback (guestfs_h *g,
                                      guestfs_subprocess_quit_cb cb,
                                      void *opaque)
{
  set_old_callback (g, OLD_SUBPROCESS_QUIT, (void (*) (void)) cb, opaque);
}

GUESTFS_DLL_PUBLIC void
guestfs_set_launch_done_callback (guestfs_h *g, guestfs_launch_done_cb cb,
                                  void *opaque)
{
  set_old_callback (g, OLD_LAUNCH_DONE, (void (*) (void)) cb, opaque);
}

GUESTFS_DLL_PUBLIC void
guestfs_set_close_callback (guestfs_h *g, guestfs_close_cb cb, void *opaque)
{
  set_old_callback (g, OLD_CLOSE, (void (*) (void)) cb, opaque);
}

GUESTFS_DLL_PUBLIC void
guestfs_set_progress_callback (guestfs_h *g, guestfs_progress_cb cb,
                               void *opaque)
{
  set_old_callback (g, OLD_PROGRESS, (void (*) (void)) cb, opaque);
}
