/** careen - offline disk-image toolkit
 *
 * Handle tests that need no appliance: states, settings round trips,
 * the error handler and its stack, last_error/last_errno, events and
 * event_to_string, the environment read by guestfs_create, version.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "test-lib.h"

static char last_msg[1024];
static int nr_msgs;

static void
capture_error (guestfs_h *g, void *data, const char *msg)
{
  snprintf (last_msg, sizeof last_msg, "%s", msg);
  nr_msgs++;
  (*(int *) data)++;
}

static int trace_lines, close_events;
static char last_trace[256];

static void
event_cb (guestfs_h *g, void *opaque, uint64_t event, int handle, int flags,
          const char *buf, size_t len, const uint64_t *array, size_t alen)
{
  if (event == GUESTFS_EVENT_TRACE) {
    trace_lines++;
    snprintf (last_trace, sizeof last_trace, "%.*s", (int) len, buf);
  }
  else if (event == GUESTFS_EVENT_CLOSE)
    close_events++;
}

static void
test_states_and_settings (void)
{
  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  char *s;
  char **list;
  const char *settings[] = { "force_tcg", "foo", NULL };
  struct guestfs_version *v;

  CHECK (g != NULL);
  CHECK (guestfs_get_state (g) == 0);
  CHECK (guestfs_is_config (g) == 1);
  CHECK (guestfs_is_ready (g) == 0);
  CHECK (guestfs_is_launching (g) == 0);
  CHECK (guestfs_is_busy (g) == 0);
  CHECK (guestfs_last_error (g) == NULL);
  CHECK (guestfs_last_errno (g) == 0);

  CHECK (guestfs_get_memsize (g) == 1280);
  CHECK (guestfs_set_memsize (g, 700) == 0);
  CHECK (guestfs_get_memsize (g) == 700);
  CHECK (guestfs_get_smp (g) == 1);
  CHECK (guestfs_set_smp (g, 2) == 0);
  CHECK (guestfs_get_smp (g) == 2);
  CHECK (guestfs_get_append (g) == NULL);
  CHECK (guestfs_set_append (g, "foo=bar") == 0);
  CHECK (strcmp (guestfs_get_append (g), "foo=bar") == 0);
  CHECK (guestfs_set_append (g, NULL) == 0);
  CHECK (guestfs_get_append (g) == NULL);
  CHECK (guestfs_get_autosync (g) == 1);
  CHECK (guestfs_set_autosync (g, 0) == 0);
  CHECK (guestfs_get_autosync (g) == 0);
  CHECK (guestfs_get_verbose (g) == 0);
  CHECK (guestfs_get_trace (g) == 0);

  CHECK (guestfs_set_tmpdir (g, "/some/tmp") == 0);
  s = guestfs_get_tmpdir (g);
  CHECK (s && strcmp (s, "/some/tmp") == 0);
  free (s);
  CHECK (guestfs_set_cachedir (g, "/some/cache") == 0);
  s = guestfs_get_cachedir (g);
  CHECK (s && strcmp (s, "/some/cache") == 0);
  free (s);
  CHECK (guestfs_set_hv (g, "/bin/qemu-x") == 0);
  s = guestfs_get_hv (g);
  CHECK (s && strcmp (s, "/bin/qemu-x") == 0);
  free (s);
  CHECK (guestfs_set_path (g, "/some/path") == 0);
  CHECK (strcmp (guestfs_get_path (g), "/some/path") == 0);
  CHECK (guestfs_set_program (g, "prog") == 0);
  CHECK (strcmp (guestfs_get_program (g), "prog") == 0);

  CHECK (guestfs_set_backend (g, "direct") == 0);
  s = guestfs_get_backend (g);
  CHECK (s && strcmp (s, "direct") == 0);
  free (s);
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (guestfs_set_backend (g, "uml") == -1);
  CHECK (guestfs_last_errno (g) == ENOTSUP);
  CHECK (guestfs_last_error (g) &&
         strstr (guestfs_last_error (g), "uml") != NULL);
  guestfs_pop_error_handler (g);

  CHECK (guestfs_set_backend_settings (g, (char **) settings) == 0);
  list = guestfs_get_backend_settings (g);
  CHECK (list && list[0] && strcmp (list[0], "force_tcg") == 0 &&
         list[1] && strcmp (list[1], "foo") == 0 && list[2] == NULL);
  if (list) {
    free (list[0]); free (list[1]); free (list);
  }

  v = guestfs_version (g);
  CHECK (v != NULL);
  if (v) {
    char buf[64];

    snprintf (buf, sizeof buf, "%d.%d.%d", (int) v->major, (int) v->minor,
              (int) v->release);
    /* The libguestfs release followed; careen's own in extra. */
    CHECK (v->major == 1 && v->minor >= 48);
    CHECK (strcmp (buf, "1.48.6") == 0);
    CHECK (v->extra && strcmp (v->extra, "careen " PACKAGE_VERSION) == 0);
    guestfs_free_version (v);
  }

  /* Not launched: daemon calls and shutdown. */
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (guestfs_ping_daemon (g) == -1);
  CHECK (guestfs_last_errno (g) == EINVAL);
  guestfs_pop_error_handler (g);
  CHECK (guestfs_shutdown (g) == 0);

  guestfs_close (g);
}

static void
test_errors (void)
{
  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  int count = 0, other = 0;
  guestfs_error_handler_cb cb;
  void *data;

  guestfs_set_error_handler (g, capture_error, &count);
  cb = guestfs_get_error_handler (g, &data);
  CHECK (cb == capture_error && data == &count);

  CHECK (guestfs_set_memsize (g, 10) == -1);
  CHECK (count == 1);
  CHECK (strncmp (last_msg, "set_memsize: ", 13) == 0);
  CHECK (guestfs_last_errno (g) == EINVAL);
  CHECK (strcmp (guestfs_last_error (g), last_msg) == 0);

  /* The stack: a NULL handler silences, pop restores. */
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (guestfs_set_smp (g, 0) == -1);
  CHECK (count == 1);
  CHECK (strncmp (guestfs_last_error (g), "set_smp: ", 9) == 0);
  guestfs_push_error_handler (g, capture_error, &other);
  CHECK (guestfs_set_smp (g, -1) == -1);
  CHECK (other == 1 && count == 1);
  guestfs_pop_error_handler (g);
  guestfs_pop_error_handler (g);
  CHECK (guestfs_set_smp (g, 0) == -1);
  CHECK (count == 2);

  /* A config-only call after... can't launch here; a daemon call in
   * the config state is the other state error.
   */
  CHECK (guestfs_mount (g, "/dev/sda", "/") == -1);
  CHECK (count == 3);
  CHECK (strncmp (last_msg, "mount: ", 7) == 0);
  guestfs_close (g);
}

static void
test_events (void)
{
  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  char *s;
  int h;

  s = guestfs_event_to_string (GUESTFS_EVENT_CLOSE | GUESTFS_EVENT_PROGRESS);
  CHECK (s && strcmp (s, "close,progress") == 0);
  free (s);
  s = guestfs_event_to_string (GUESTFS_EVENT_APPLIANCE);
  CHECK (s && strcmp (s, "appliance") == 0);
  free (s);
  s = guestfs_event_to_string (0);
  CHECK (s && strcmp (s, "") == 0);
  free (s);

  h = guestfs_set_event_callback (g, event_cb,
                                  GUESTFS_EVENT_TRACE | GUESTFS_EVENT_CLOSE,
                                  0, NULL);
  CHECK (h >= 0);
  CHECK (guestfs_set_trace (g, 1) == 0);
  CHECK (guestfs_get_memsize (g) > 0);
  CHECK (trace_lines >= 2);    /* call and result */
  CHECK (strstr (last_trace, "get_memsize") != NULL);
  CHECK (guestfs_set_trace (g, 0) == 0);

  trace_lines = 0;
  guestfs_delete_event_callback (g, h);
  CHECK (guestfs_set_trace (g, 1) == 0);
  guestfs_set_event_callback (g, event_cb, GUESTFS_EVENT_CLOSE, 0, NULL);
  guestfs_set_trace (g, 0);
  CHECK (trace_lines == 0);

  guestfs_set_private (g, "k", &h);
  CHECK (guestfs_get_private (g, "k") == &h);
  CHECK (guestfs_get_private (g, "nope") == NULL);

  close_events = 0;
  guestfs_close (g);
  CHECK (close_events == 1);
}

static void
test_environment (void)
{
  guestfs_h *g;
  char **list;
  char *s;

  setenv ("LIBGUESTFS_MEMSIZE", "600", 1);
  setenv ("LIBGUESTFS_BACKEND_SETTINGS", "force_tcg:x", 1);
  setenv ("LIBGUESTFS_APPEND", "a=b", 1);
  setenv ("LIBGUESTFS_TMPDIR", "/env/tmp", 1);
  setenv ("LIBGUESTFS_CACHEDIR", "/env/cache", 1);
  setenv ("LIBGUESTFS_HV", "/env/qemu", 1);
  setenv ("LIBGUESTFS_PATH", "/env/path", 1);
  setenv ("LIBGUESTFS_TRACE", "1", 1);
  setenv ("LIBGUESTFS_DEBUG", "1", 1);
  setenv ("LIBGUESTFS_BACKEND", "direct", 1);

  g = guestfs_create ();
  CHECK (g != NULL);
  CHECK (guestfs_get_memsize (g) == 600);
  CHECK (strcmp (guestfs_get_append (g), "a=b") == 0);
  s = guestfs_get_tmpdir (g);
  CHECK (s && strcmp (s, "/env/tmp") == 0);
  free (s);
  s = guestfs_get_cachedir (g);
  CHECK (s && strcmp (s, "/env/cache") == 0);
  free (s);
  s = guestfs_get_hv (g);
  CHECK (s && strcmp (s, "/env/qemu") == 0);
  free (s);
  CHECK (strcmp (guestfs_get_path (g), "/env/path") == 0);
  CHECK (guestfs_get_verbose (g) == 1);
  CHECK (guestfs_get_trace (g) == 1);
  guestfs_set_trace (g, 0);
  guestfs_set_verbose (g, 0);
  list = guestfs_get_backend_settings (g);
  CHECK (list && list[0] && strcmp (list[0], "force_tcg") == 0 &&
         list[1] && strcmp (list[1], "x") == 0 && list[2] == NULL);
  if (list) {
    free (list[0]); free (list[1]); free (list);
  }
  guestfs_close (g);

  /* NO_ENVIRONMENT ignores all of it. */
  g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  CHECK (guestfs_get_memsize (g) == 1280);
  CHECK (guestfs_get_append (g) == NULL);
  CHECK (guestfs_get_verbose (g) == 0);
  guestfs_close (g);

  /* A bad value makes create fail. */
  setenv ("LIBGUESTFS_TRACE", "0", 1);
  setenv ("LIBGUESTFS_DEBUG", "0", 1);
  setenv ("LIBGUESTFS_BACKEND", "uml", 1);
  g = guestfs_create ();
  CHECK (g == NULL);
  /* libvirt, the default of several distributions, is not bad: careen
   * runs its own appliance either way.
   */
  setenv ("LIBGUESTFS_BACKEND", "libvirt", 1);
  g = guestfs_create ();
  CHECK (g != NULL);
  if (g)
    guestfs_close (g);
  unsetenv ("LIBGUESTFS_BACKEND");
  setenv ("LIBGUESTFS_MEMSIZE", "12", 1);
  g = guestfs_create ();
  CHECK (g == NULL);
  unsetenv ("LIBGUESTFS_MEMSIZE");
}

int
main (void)
{
  test_states_and_settings ();
  test_errors ();
  test_events ();
  test_environment ();
  TEST_LIB_EXIT ();
}
