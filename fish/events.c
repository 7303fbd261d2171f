/** careen - offline disk-image toolkit
 *
 * guestfish's event commands: event registers a host shell script to
 * run when the library raises events, list-events and delete-event
 * manage those handlers.
 *
 * The script runs as "$SHELL -c SCRIPT" (/bin/sh when $SHELL is unset)
 * with the event's name in $EVENT and its data as positional
 * parameters: the message, if any, then the numbers of the event's
 * array (for progress: proc_nr, serial, position, total).  $0 is empty.
 *
 * Handlers belong to the handle: reopen drops them.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "fish.h"

/* Array values passed to a script: the library sends at most a few
 * (progress has four); more would be a bug, not data to pass on.
 */
#define EVENT_MAX_ARRAY 16

struct handler {
  struct handler *next;
  char *name;
  char *eventset;               /* as the user wrote it */
  char *script;
  int eh;                       /* the library's event handle */
};

/* Most recent first, as list-events shows them. */
static struct handler *handlers;

static const struct {
  const char *name;
  uint64_t bit;
} event_names[] = {
  { "close", GUESTFS_EVENT_CLOSE },
  { "subprocess_quit", GUESTFS_EVENT_SUBPROCESS_QUIT },
  { "launch_done", GUESTFS_EVENT_LAUNCH_DONE },
  { "progress", GUESTFS_EVENT_PROGRESS },
  { "appliance", GUESTFS_EVENT_APPLIANCE },
  { "library", GUESTFS_EVENT_LIBRARY },
  { "trace", GUESTFS_EVENT_TRACE },
  { "enter", GUESTFS_EVENT_ENTER },
  { "libvirt_auth", GUESTFS_EVENT_LIBVIRT_AUTH },
  { "warning", GUESTFS_EVENT_WARNING },
};

/* Parses "close,trace" or "*".  Returns 0, or -1 after printing. */
static int
parse_eventset (const char *cmd, const char *s, uint64_t *r)
{
  const char *p = s;

  *r = 0;
  if (strcmp (s, "*") == 0) {
    *r = GUESTFS_EVENT_ALL;
    return 0;
  }
  while (*p) {
    size_t len = strcspn (p, ",");
    size_t i;
    bool found = false;

    for (i = 0; i < sizeof event_names / sizeof event_names[0]; ++i) {
      if (strlen (event_names[i].name) == len &&
          strncmp (event_names[i].name, p, len) == 0) {
        *r |= event_names[i].bit;
        found = true;
      }
    }
    if (!found) {
      fprintf (stderr, "%s: unknown event name '%.*s'\n", cmd, (int) len, p);
      return -1;
    }
    p += len;
    if (*p == ',')
      p++;
  }
  if (*r == 0) {
    fprintf (stderr, "%s: no events given\n", cmd);
    return -1;
  }
  return 0;
}

static void
event_cb (guestfs_h *h, void *opaque, uint64_t event, int event_handle,
          int flags, const char *buf, size_t buf_len,
          const uint64_t *array, size_t array_len)
{
  const struct handler *hd = opaque;
  const char *shell = getenv ("SHELL");
  CLEANUP_FREE char *event_name = guestfs_event_to_string (event);
  CLEANUP_FREE char *message = NULL;
  char numbers[EVENT_MAX_ARRAY][24];
  char *argv[5 + EVENT_MAX_ARRAY + 1];
  CLEANUP_FREE char *setting = NULL;
  char *env[2] = { NULL, NULL };
  struct spawn sh;
  size_t argc = 0, i;

  if (shell == NULL || *shell == '\0')
    shell = "/bin/sh";
  argv[argc++] = (char *) shell;
  argv[argc++] = (char *) "-c";
  argv[argc++] = hd->script;
  argv[argc++] = (char *) "";
  if (buf_len > 0) {
    message = strndup (buf, buf_len);
    if (message == NULL)
      return;
    argv[argc++] = message;
  }
  for (i = 0; i < array_len && i < EVENT_MAX_ARRAY; ++i) {
    snprintf (numbers[i], sizeof numbers[i], "%" PRIu64, array[i]);
    argv[argc++] = numbers[i];
  }
  argv[argc] = NULL;

  if (event_name) {
    if (asprintf (&setting, "EVENT=%s", event_name) == -1)
      return;
    env[0] = setting;
  }
  spawn_init (&sh, "guestfish: event", argv);
  sh.env = env;
  /* The script's exit status is its own business. */
  if (spawn_start (&sh) == 0)
    spawn_wait (&sh);
}

static void
free_handler (struct handler *hd)
{
  free (hd->name);
  free (hd->eventset);
  free (hd->script);
  free (hd);
}

void
fish_events_reset (void)
{
  while (handlers) {
    struct handler *hd = handlers;

    handlers = hd->next;
    free_handler (hd);
  }
}

static int
run_event (const char *cmd, size_t argc, char *argv[])
{
  struct handler *hd;
  uint64_t bitmask;

  if (argc != 3) {
    fish_usage_error (cmd, "event name eventset \"shell script ...\"");
    return -1;
  }
  if (parse_eventset (cmd, argv[1], &bitmask) == -1)
    return -1;
  hd = calloc (1, sizeof *hd);
  if (hd == NULL) {
    perror ("calloc");
    return -1;
  }
  hd->name = strdup (argv[0]);
  hd->eventset = strdup (argv[1]);
  hd->script = strdup (argv[2]);
  if (hd->name == NULL || hd->eventset == NULL || hd->script == NULL) {
    perror ("strdup");
    free_handler (hd);
    return -1;
  }
  hd->eh = guestfs_set_event_callback (g, event_cb, bitmask, 0, hd);
  if (hd->eh == -1) {
    free_handler (hd);
    return -1;
  }
  hd->next = handlers;
  handlers = hd;
  return 0;
}

static int
run_delete_event (const char *cmd, size_t argc, char *argv[])
{
  struct handler **pp;
  bool found = false;

  if (argc != 1) {
    fish_usage_error (cmd, "delete-event name");
    return -1;
  }
  pp = &handlers;
  while (*pp) {
    struct handler *hd = *pp;

    if (strcmp (hd->name, argv[0]) == 0) {
      guestfs_delete_event_callback (g, hd->eh);
      *pp = hd->next;
      free_handler (hd);
      found = true;
    }
    else
      pp = &hd->next;
  }
  if (!found) {
    fprintf (stderr, "%s: %s: no such event handler\n", cmd, argv[0]);
    return -1;
  }
  return 0;
}

static int
run_list_events (const char *cmd, size_t argc, char *argv[])
{
  const struct handler *hd;

  if (argc != 0) {
    fish_usage_error (cmd, "list-events");
    return -1;
  }
  for (hd = handlers; hd != NULL; hd = hd->next)
    printf ("\"%s\" (%d): %s: %s\n", hd->name, hd->eh, hd->eventset,
            hd->script);
  return 0;
}

const struct fish_command fish_event_commands[] = {
  { "event", NULL,
    "register a handler for an event or events",
    "event name eventset \"shell script ...\"",
    "Runs the host shell script whenever one of the events in eventset\n"
    "happens.  eventset is a comma-separated list of event names (close,\n"
    "subprocess_quit, launch_done, progress, appliance, library, trace,\n"
    "enter, libvirt_auth, warning) or * for all of them.  name is any\n"
    "string, used to delete the handler later.\n"
    "\n"
    "The script runs with $SHELL -c (/bin/sh if unset).  $EVENT holds\n"
    "the event's name; the positional parameters hold the message of\n"
    "message events, then the event's numbers (for progress: procedure,\n"
    "serial, position, total).\n"
    "\n"
    "    event \"\" close \"echo closed\"\n"
    "    event msgs appliance,library,trace \"echo $@\"\n"
    "    event \"\" progress \"echo $3/$4\"",
    run_event, 0 },
  { "delete-event", NULL,
    "delete a previously registered event handler",
    "delete-event name",
    "Deletes every event handler registered under name.",
    run_delete_event, 0 },
  { "list-events", NULL,
    "list event handlers",
    "list-events",
    "Lists the event handlers registered with event, most recent first,\n"
    "as: \"name\" (handle): eventset: script.",
    run_list_events, 0 },
  { NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};
