/** careen - offline disk-image toolkit
 *
 * Progress bars for long commands, drawn from the library's progress
 * events:
 *
 *   / 42% [####################----------------------------] 00:12
 *
 * The spinner turns at each progress message (a sign of life even when
 * the percentage does not move), the time is an estimate of what is
 * left.  A bar appears only once a command has run for two seconds, so
 * quick commands print nothing, and only when stdout is a terminal and
 * fish_progress_bars is set (interactive sessions, or --progress-bars;
 * never while the output goes into a pipe).
 */

#include <config.h>

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fish.h"

/* Seconds a command runs before its bar is shown. */
#define PROGRESS_DELAY 2

/* Width of the bar between the brackets. */
#define PROGRESS_BAR_WIDTH 48

static struct {
  uint64_t serial;              /* the call being shown */
  struct timespec start;
  unsigned spin;
  bool shown;
} state;

static double
seconds_since (const struct timespec *t)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

static void
progress_cb (guestfs_h *h, void *opaque, uint64_t event, int event_handle,
             int flags, const char *buf, size_t buf_len,
             const uint64_t *array, size_t array_len)
{
  static const char spinner[] = "-\\|/";
  uint64_t serial, position, total;
  char bar[PROGRESS_BAR_WIDTH + 1];
  double elapsed, left;
  unsigned percent, filled;
  long secs;

  /* array: proc_nr, serial, position, total (guestfs(3) EVENTS). */
  if (array_len < 4)
    return;
  serial = array[1];
  position = array[2];
  total = array[3];

  if (serial != state.serial || position == 0) {
    state.serial = serial;
    clock_gettime (CLOCK_MONOTONIC, &state.start);
    state.shown = false;
  }
  if (!fish_progress_bars || !isatty (STDOUT_FILENO) || total == 0 ||
      position > total)
    return;
  elapsed = seconds_since (&state.start);
  if (!state.shown && (elapsed < PROGRESS_DELAY || position == total))
    return;

  percent = (unsigned) (position * 100 / total);
  filled = (unsigned) (position * PROGRESS_BAR_WIDTH / total);
  memset (bar, '#', filled);
  memset (bar + filled, '-', PROGRESS_BAR_WIDTH - filled);
  bar[PROGRESS_BAR_WIDTH] = '\0';
  left = position > 0 ? elapsed * (total - position) / position : 0;
  secs = (long) left;
  state.spin++;

  printf ("\r%c %3u%% [%s] %02ld:%02ld",
          position == total ? ' ' : spinner[state.spin % 4],
          percent, bar, secs / 60, secs % 60);
  if (position == total) {
    putchar ('\n');
    state.shown = false;
  }
  else
    state.shown = true;
  fflush (stdout);
}

void
fish_progress_end (void)
{
  /* A bar left unfinished (cancelled or failed call): whatever comes
   * next starts on a line of its own.
   */
  if (state.shown) {
    putchar ('\n');
    fflush (stdout);
    state.shown = false;
  }
}

int
fish_progress_init (guestfs_h *h)
{
  if (guestfs_set_event_callback (h, progress_cb, GUESTFS_EVENT_PROGRESS,
                                  0, NULL) == -1)
    return -1;
  return 0;
}
