/** careen - offline disk-image toolkit
 *
 * The runner of a fleet: each image is done by a child, the tool run
 * again on that image alone, at most -P at once.  A child's standard
 * output and error go to unlinked temporary files, so a child never
 * blocks on a full pipe and a big output (virt-cat of a large file)
 * is not held in memory; what it printed is turned into the image's
 * JSON line or printed under its name when the child ends, and the
 * images are printed in list order.  A child that crashes, is killed
 * or prints something unexpected fails its own image only.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "xalloc.h"
#include "options.h"
#include "fleet-internal.h"

/* The signal that asked the run to stop (SIGTERM from a job
 * scheduler, ^C), or 0.
 */
static volatile sig_atomic_t stop_signal;

static void
on_stop_signal (int sig)
{
  stop_signal = sig;
}

/* Ends the children still running and then ourselves by the signal
 * that stopped us: the images they were doing have no result, so a
 * rerun with --results-dir does them again, and no appliance is left
 * running without anyone to read its result.
 */
static void __attribute__ ((noreturn))
stop (const struct fleet *f)
{
  int sig = stop_signal;
  size_t i;

  for (i = 0; i < f->nr_jobs; ++i)
    if (f->jobs[i].state == JOB_RUNNING)
      kill (f->jobs[i].pid, SIGTERM);
  for (i = 0; i < f->nr_jobs; ++i)
    if (f->jobs[i].state == JOB_RUNNING)
      while (waitpid (f->jobs[i].pid, NULL, 0) == -1 && errno == EINTR)
        ;
  fflush (stdout);
  signal (sig, SIG_DFL);
  raise (sig);
  _exit (128 + sig);
}

/* Bytes copied at a time from a child's output to ours. */
#define COPY_BUFFER 65536

/* What the run has seen so far, for progress and the exit status. */
struct tally {
  size_t done, failed, run_here;
  bool noted;
  bool title_printed;           /* title_once */
  bool printed_any;             /* an image's output was printed */
  bool line_open;               /* a progress line without its newline */
  struct timespec start;
};

static int
temp_file (const struct fleet *f)
{
  const char *dir = getenv ("TMPDIR");
  CLEANUP_FREE char *name = NULL;
  int fd;

  if (asprintf (&name, "%s/careen-fleet.XXXXXX", dir && *dir ? dir : "/tmp")
      == -1)
    die_nomem ();
  fd = mkostemp (name, O_CLOEXEC);
  if (fd == -1) {
    fprintf (stderr, "%s: %s: %m\n", f->tool->program, name);
    return -1;
  }
  unlink (name);
  return fd;
}

static void
close_job_files (struct fleet_job *j)
{
  if (j->out_fd >= 0)
    close (j->out_fd);
  if (j->err_fd >= 0)
    close (j->err_fd);
  j->out_fd = j->err_fd = -1;
}

/* Reads what FD holds from OFFSET, at most MAX bytes; NULL when there
 * is more than that.  *LEN_R is its length; the buffer has a NUL after.
 */
static char *
read_file (int fd, off_t offset, size_t max, size_t *len_r)
{
  off_t size = lseek (fd, 0, SEEK_END);
  char *buf;
  size_t len = 0;
  ssize_t r;

  if (size < offset || (size_t) (size - offset) > max)
    return NULL;
  buf = xmalloc (size - offset + 1);
  while (len < (size_t) (size - offset) &&
         (r = pread (fd, buf + len, size - offset - len, offset + len)) > 0)
    len += r;
  buf[len] = '\0';
  *len_r = len;
  return buf;
}

/* Why the child failed: the end of what it printed on stderr with our
 * program's name taken off each line, or how it ended.
 */
static char *
error_message (const struct fleet *f, const struct fleet_job *j, int status)
{
  off_t size = lseek (j->err_fd, 0, SEEK_END);
  off_t from = size > FLEET_MAX_ERROR ? size - FLEET_MAX_ERROR : 0;
  size_t len = 0, plen = strlen (f->tool->program), i = 0;
  CLEANUP_FREE char *buf = size > 0
    ? read_file (j->err_fd, from, FLEET_MAX_ERROR, &len) : NULL;
  char *msg = xmalloc (len + 64), *o = msg;

  while (i < len) {
    const char *nl = memchr (&buf[i], '\n', len - i);
    size_t end = nl ? (size_t) (nl - buf) : len;

    if (end - i > plen + 1 && memcmp (&buf[i], f->tool->program, plen) == 0
        && buf[i + plen] == ':' && buf[i + plen + 1] == ' ')
      i += plen + 2;
    if (end > i) {
      if (o > msg)
        *o++ = '\n';
      memcpy (o, &buf[i], end - i);
      o += end - i;
    }
    i = end + 1;
  }
  *o = '\0';
  if (o > msg)
    return msg;
  if (WIFSIGNALED (status))
    sprintf (msg, "killed by signal %d (%s)", WTERMSIG (status),
             strsignal (WTERMSIG (status)));
  else
    sprintf (msg, "exited with status %d", WEXITSTATUS (status));
  return msg;
}

/* The "result" of job J, which succeeded, as JSON text; NULL after
 * setting *ERR when the output cannot be made one.
 */
static char *
make_result (const struct fleet *f, const struct fleet_job *j, char **err)
{
  CLEANUP_FREE char *out = NULL;
  char *result = NULL;
  size_t len = 0, size = 0;
  FILE *fp;
  int r;

  out = read_file (j->out_fd, 0, FLEET_MAX_OUTPUT, &len);
  if (out == NULL) {
    *err = xstrdup ("the output is too big for --json");
    return NULL;
  }
  fp = open_memstream (&result, &size);
  if (fp == NULL)
    die_nomem ();
  r = fleet_json_result (f->tool, fp, out, len);
  if (fclose (fp) == EOF)
    die_nomem ();
  if (r == -1) {
    free (result);
    *err = xstrdup ("the output is not what the tool prints");
    return NULL;
  }
  return result;
}

/* The JSON line of a finished job: with its result, or with ERR (or
 * else the error that its child printed).
 */
static void
make_line (const struct fleet *f, struct fleet_job *j, int status,
           const char *err)
{
  const struct fleet_image *im = &f->images[j->index];
  CLEANUP_FREE char *result = NULL, *msg = NULL;
  size_t size = 0;
  FILE *fp;

  if (!j->failed && err == NULL) {
    result = make_result (f, j, &msg);
    j->failed = result == NULL;
  }
  else if (err == NULL)
    msg = error_message (f, j, status);
  fp = open_memstream (&j->line, &size);
  if (fp == NULL)
    die_nomem ();
  fputs ("{\"image\":", fp);
  options_json_bytes (fp, im->path, strlen (im->path));
  fprintf (fp, ",\"index\":%zu,\"status\":", j->index);
  if (result)
    fprintf (fp, "\"ok\",\"result\":%s}", result);
  else {
    fputs ("\"error\",\"error\":", fp);
    err = err ? err : msg;
    options_json_bytes (fp, err, strlen (err));
    fputc ('}', fp);
  }
  if (fclose (fp) == EOF)
    die_nomem ();
}

/* Clears a progress line before other messages on the terminal. */
static void
end_progress_line (struct tally *t)
{
  if (t->line_open) {
    fputs ("\r\033[K", stderr);
    t->line_open = false;
  }
}

static void
progress (const struct fleet *f, struct tally *t)
{
  bool tty = isatty (STDERR_FILENO);
  struct timespec now;
  double minutes;

  if (f->quiet || !(f->progress || tty))
    return;
  clock_gettime (CLOCK_MONOTONIC, &now);
  minutes = (now.tv_sec - t->start.tv_sec +
             (now.tv_nsec - t->start.tv_nsec) / 1e9) / 60;
  fprintf (stderr, "%s%s: %zu/%zu images done, %zu failed, "
           "%.1f images/min%s",
           tty ? "\r" : "", f->tool->program, t->done, f->nr_jobs,
           t->failed, minutes > 0 ? t->run_here / minutes : 0.0,
           tty ? "\033[K" : "\n");
  t->line_open = tty;
}

/* Prints the child's messages to stderr as "PROGRAM: IMAGE: message". */
static void
print_messages (const struct fleet *f, const struct fleet_job *j,
                int status)
{
  CLEANUP_FREE char *msg = error_message (f, j, status);
  const char *p = msg, *nl;

  if (!j->failed && lseek (j->err_fd, 0, SEEK_END) == 0)
    return;
  do {
    nl = strchr (p, '\n');
    fprintf (stderr, "%s: %s: %.*s\n", f->tool->program,
             f->images[j->index].path,
             (int) (nl ? nl - p : (ptrdiff_t) strlen (p)), p);
    p = nl + 1;
  } while (nl);
}

/* Copies the child's standard output to ours, without its first line
 * (its title) when the tool's title is printed once.
 */
static void
copy_output (const struct fleet *f, struct fleet_job *j, struct tally *t)
{
  CLEANUP_FREE char *buf = xmalloc (COPY_BUFFER);
  off_t offset = 0;
  ssize_t r;
  bool in_title = f->tool->title_once;

  fflush (stdout);
  while ((r = pread (j->out_fd, buf, COPY_BUFFER, offset)) > 0) {
    char *p = buf;
    size_t n = r;

    offset += r;
    if (in_title) {
      char *nl = memchr (buf, '\n', r);
      size_t tl = nl ? (size_t) (nl - buf + 1) : (size_t) r;

      if (!t->title_printed)
        fwrite (buf, 1, tl, stdout);
      in_title = nl == NULL;
      p += tl;
      n -= tl;
    }
    fwrite (p, 1, n, stdout);
  }
  if (f->tool->title_once && offset > 0)
    t->title_printed = true;
}

/* Prints job J, which is done, in list order. */
static void
print_job (const struct fleet *f, struct fleet_job *j, struct tally *t,
           int status)
{
  if (f->json) {
    end_progress_line (t);
    printf ("%s\n", j->line);
  }
  else if (!j->from_results) {
    end_progress_line (t);
    if (!j->failed && !f->tool->title_once) {
      printf ("%s==> %s <==\n", t->printed_any ? "\n" : "",
              f->images[j->index].path);
      t->printed_any = true;
    }
    if (!j->failed)
      copy_output (f, j, t);
    fflush (stdout);
    print_messages (f, j, status);
  }
  fflush (stdout);
  close_job_files (j);
  j->state = JOB_PRINTED;
}

/* Starts the child of job J.  Returns 0, or -1 (the job failed and
 * its line says why).
 */
static int
start_job (struct fleet *f, struct fleet_job *j)
{
  const struct fleet_image *im = &f->images[j->index];
  const struct fleet_tool *tool = f->tool;
  CLEANUP_FREE char **argv = NULL;
  CLEANUP_FREE char *format = NULL;
  size_t n = 0, i;
  struct spawn s;

  argv = xmalloc ((f->nr_args + 16) * sizeof *argv);
  argv[n++] = f->self;
  if (tool->positional_format_option == NULL) {
    if (im->format) {
      if (asprintf (&format, "--format=%s", im->format) == -1)
        die_nomem ();
      argv[n++] = format;
    }
    argv[n++] = (char *) "-a";
    argv[n++] = im->path;
  }
  if ((f->json || f->results_dir) && tool->json_args)
    for (i = 0; tool->json_args[i]; ++i)
      argv[n++] = (char *) tool->json_args[i];
  for (i = 0; i < f->nr_args; ++i)
    argv[n++] = f->args[i];
  if (tool->positional_format_option) {
    if (im->format) {
      argv[n++] = (char *) tool->positional_format_option;
      argv[n++] = im->format;
    }
    argv[n++] = im->path;
  }
  argv[n] = NULL;

  j->out_fd = temp_file (f);
  j->err_fd = temp_file (f);
  if (j->out_fd == -1 || j->err_fd == -1)
    return -1;
  spawn_init (&s, tool->program, argv);
  s.fd[0] = SPAWN_DEVNULL;
  s.fd[1] = j->out_fd;
  s.fd[2] = j->err_fd;
  if (spawn_start (&s) == -1)
    return -1;
  j->pid = s.pid;
  j->state = JOB_RUNNING;
  return 0;
}

/* Job J ended with STATUS (of waitpid). */
static void
finish_job (struct fleet *f, struct fleet_job *j, int status,
            struct tally *t)
{
  int code = WIFEXITED (status) ? WEXITSTATUS (status) : -1;

  j->failed = !(code == 0 ||
                (code > 0 && code < 32 && (f->tool->ok_statuses & 1u << code)));
  j->noted = !j->failed && code != 0;
  if (j->out_fd == -1)
    /* It never started: a temporary file or the fork failed. */
    j->failed = true;
  if (f->json || f->results_dir)
    make_line (f, j, status, j->out_fd >= 0 ? NULL
               : "the tool could not be started");
  if (f->results_dir && fleet_results_write (f, j) == -1) {
    /* The image is done but not kept: a rerun does it again. */
    j->failed = true;
  }
  j->state = JOB_DONE;
  t->done++;
  t->run_here++;
  t->failed += j->failed;
  t->noted |= j->noted;
  progress (f, t);
}

int
fleet_run (struct fleet *f)
{
  size_t parallel = f->parallel ? f->parallel : fleet_default_parallel ();
  size_t next_start = 0, next_print = 0, running = 0, pending = 0, i;
  struct tally t = { 0 };
  int *statuses = calloc (f->nr_jobs + 1, sizeof *statuses);
  struct sigaction sa = { .sa_handler = on_stop_signal };

  if (statuses == NULL)
    die_nomem ();
  /* No SA_RESTART: the wait for a child returns at once. */
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  clock_gettime (CLOCK_MONOTONIC, &t.start);
  for (i = 0; i < f->nr_jobs; ++i)
    if (f->jobs[i].from_results) {
      t.done++;
      t.failed += f->jobs[i].failed;
    }

  for (;;) {
    pid_t pid;
    int status;

    while (next_print < f->nr_jobs &&
           (f->jobs[next_print].state == JOB_DONE ||
            f->jobs[next_print].from_results)) {
      if (!f->jobs[next_print].from_results)
        pending--;
      print_job (f, &f->jobs[next_print], &t, statuses[next_print]);
      next_print++;
    }
    while (running < parallel && next_start < f->nr_jobs &&
           pending < FLEET_MAX_PENDING) {
      struct fleet_job *j = &f->jobs[next_start++];

      if (j->from_results)
        continue;
      if (start_job (f, j) == 0) {
        running++;
        continue;
      }
      close_job_files (j);
      finish_job (f, j, 127 << 8, &t);
      pending++;
    }
    if (running == 0 && next_print == f->nr_jobs)
      break;
    if (running == 0)
      continue;
    if (stop_signal)
      stop (f);
    pid = waitpid (-1, &status, 0);
    if (pid == -1) {
      if (errno == EINTR)
        continue;
      fprintf (stderr, "%s: waitpid: %m\n", f->tool->program);
      exit (FLEET_ALL_FAILED);
    }
    for (i = next_print; i < next_start; ++i)
      if (f->jobs[i].state == JOB_RUNNING && f->jobs[i].pid == pid) {
        running--;
        pending++;
        statuses[i] = status;
        finish_job (f, &f->jobs[i], status, &t);
        break;
      }
  }
  if (t.line_open)
    fputc ('\n', stderr);
  free (statuses);

  if (t.failed == 0)
    return t.noted ? FLEET_ALL_OK_NOTED : FLEET_ALL_OK;
  return t.failed == f->nr_jobs ? FLEET_ALL_FAILED : FLEET_SOME_FAILED;
}
