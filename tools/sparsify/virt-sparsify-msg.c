/** careen - offline disk-image toolkit
 *
 * virt-sparsify: what the user sees.  Progress messages carry the time
 * since the start ("[  12.3] ...") as in libguestfs's tools, errors and
 * warnings are prefixed with the program name, long texts are wrapped
 * on a terminal, progress is shown as a bar (or as "N/M" lines for
 * other programs), and the sizes of the disks before and after are
 * reported at the end.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanups.h"
#include "virt-sparsify.h"

/* Width used for wrapping when the terminal's is unknown. */
#define DEFAULT_WRAP_WIDTH 80

bool sparsify_quiet;
bool sparsify_colours;
bool sparsify_wrap;
FILE *sparsify_machine;

static struct timespec start;
static bool progress_bar_open;  /* a bar was drawn, not ended */

void
msg_start_clock (void)
{
  clock_gettime (CLOCK_MONOTONIC, &start);
}

static double
elapsed (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
}

void
message (const char *fs, ...)
{
  va_list args;

  if (sparsify_quiet)
    return;
  if (progress_bar_open) {
    putchar ('\n');
    progress_bar_open = false;
  }
  /* Bold, as libguestfs's tools show their progress messages. */
  if (sparsify_colours)
    fputs ("\033[1;34m", stdout);
  printf ("[%6.1f] ", elapsed ());
  va_start (args, fs);
  vprintf (fs, args);
  va_end (args);
  if (sparsify_colours)
    fputs ("\033[0m", stdout);
  putchar ('\n');
  fflush (stdout);
}

static void
vprefixed (const char *what, const char *fs, va_list args)
{
  CLEANUP_FREE char *text = NULL, *line = NULL;

  fflush (stdout);
  if (vasprintf (&text, fs, args) == -1 ||
      asprintf (&line, "%s: %s: %s", PROGRAM, what, text) == -1) {
    fprintf (stderr, "%s: %s: (out of memory)\n", PROGRAM, what);
    return;
  }
  if (sparsify_colours)
    fputs ("\033[1;31m", stderr);
  print_wrapped (stderr, line);
  if (sparsify_colours)
    fputs ("\033[0m", stderr);
  fputc ('\n', stderr);
  fflush (stderr);
}

void
warning (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vprefixed ("warning", fs, args);
  va_end (args);
}

void
die (int status, const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vprefixed ("error", fs, args);
  va_end (args);
  exit (status);
}

static size_t
wrap_width (FILE *fp)
{
  struct winsize ws;

  if (ioctl (fileno (fp), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
    return ws.ws_col - 1;
  return DEFAULT_WRAP_WIDTH - 1;
}

void
print_wrapped (FILE *fp, const char *text)
{
  size_t width, col = 0;
  const char *p = text;

  if (!sparsify_wrap) {
    fputs (text, fp);
    return;
  }
  width = wrap_width (fp);
  /* Words are moved to the next line whole; line breaks in the text
   * are kept.
   */
  while (*p) {
    size_t wlen = strcspn (p, " \n");

    if (col > 0 && col + 1 + wlen > width) {
      fputc ('\n', fp);
      col = 0;
    }
    else if (col > 0) {
      fputc (' ', fp);
      col++;
    }
    fwrite (p, 1, wlen, fp);
    col += wlen;
    p += wlen;
    if (*p == '\n') {
      fputc ('\n', fp);
      col = 0;
      p++;
    }
    else if (*p == ' ')
      p++;
  }
}

void
machine_readable_setup (const char *format)
{
  if (!options_machine_readable_valid (format))
    die (EXIT_FAILURE, "invalid output for --machine-readable: %s "
         "(stream:stdout, stream:stderr, file:FILE or fd:N)", format);
  sparsify_machine = options_machine_readable_open (format);
  if (sparsify_machine == NULL)
    die (EXIT_FAILURE, "--machine-readable: %s: %m", format);
}

void
disk_sizes_get (guestfs_h *g, const char *file, const char *format,
                struct disk_sizes *s)
{
  struct stat st;

  s->virtual_size = -1;
  s->allocated = -1;
  if (stat (file, &st) == -1)
    return;
  /* st_blocks of a block device says nothing about its use. */
  if (S_ISREG (st.st_mode))
    s->allocated = (int64_t) st.st_blocks * 512;
  if (format && strcmp (format, "raw") == 0 && S_ISREG (st.st_mode))
    s->virtual_size = st.st_size;
  else {
    guestfs_push_error_handler (g, NULL, NULL);
    s->virtual_size = guestfs_disk_virtual_size (g, file);
    guestfs_pop_error_handler (g);
  }
}

static void
print_sizes (const char *label, const char *name, const struct disk_sizes *s)
{
  char vs[OPTIONS_HUMAN_SIZE_LEN], al[OPTIONS_HUMAN_SIZE_LEN];

  printf ("%-7s %s: virtual size %s, allocated on the host %s\n",
          label, name,
          s->virtual_size >= 0 ?
          options_human_size (vs, sizeof vs, s->virtual_size) : "unknown",
          s->allocated >= 0 ?
          options_human_size (al, sizeof al, s->allocated) : "unknown");
}

void
disk_sizes_report (const char *before_name, const struct disk_sizes *before,
                   const char *after_name, const struct disk_sizes *after)
{
  char buf[OPTIONS_HUMAN_SIZE_LEN];

  if (sparsify_quiet)
    return;
  print_sizes ("Before:", before_name, before);
  print_sizes ("After:", after_name, after);
  if (before->allocated >= 0 && after->allocated >= 0) {
    if (after->allocated <= before->allocated)
      printf ("Space freed on the host: %s (%" PRIi64 " bytes)\n",
              options_human_size (buf, sizeof buf,
                                  before->allocated - after->allocated),
              before->allocated - after->allocated);
    else
      printf ("The output takes %s more on the host than the input.\n",
              options_human_size (buf, sizeof buf,
                                  after->allocated - before->allocated));
  }
  fflush (stdout);
}

/* Width of the progress bar, brackets and percentage included. */
#define PROGRESS_BAR_WIDTH 60

/* Progress of the long calls (zero_free_space, blkdiscard ...): as
 * "position/total" lines with --machine-readable, as a bar on a
 * terminal.
 */
static void
progress_cb (guestfs_h *g, void *opaque, uint64_t event, int handle,
             int flags, const char *buf, size_t len, const uint64_t *array,
             size_t alen)
{
  uint64_t pos, total;
  int width = PROGRESS_BAR_WIDTH - 8, done, i;

  if (alen < 4 || array[3] == 0)
    return;
  pos = array[2];
  total = array[3];
  if (pos > total)
    pos = total;
  if (sparsify_machine) {
    printf ("%" PRIu64 "/%" PRIu64 "\n", pos, total);
    fflush (stdout);
    return;
  }
  done = (int) ((double) pos / total * width);
  printf ("\r[");
  for (i = 0; i < width; ++i)
    putchar (i < done ? '#' : '-');
  printf ("] %3d%%", (int) ((double) pos / total * 100));
  progress_bar_open = pos < total;
  if (!progress_bar_open)
    putchar ('\n');
  fflush (stdout);
}

void
progress_setup (guestfs_h *g)
{
  if (sparsify_quiet || (sparsify_machine == NULL && !isatty (1)))
    return;
  if (guestfs_set_event_callback (g, progress_cb, GUESTFS_EVENT_PROGRESS,
                                  0, NULL) == -1)
    exit (EXIT_FAILURE);
}
