/** careen - offline disk-image toolkit
 *
 * --results-dir DIR: each image's JSON line is kept in DIR/NNNNNN.json
 * (NNNNNN its index in the list), written under a temporary name and
 * renamed, so a file that exists is complete.  A run marks its shard
 * DIR/shard-K-of-N.incomplete when it starts (the file says how many
 * images the list has) and renames it .complete when every image of
 * the shard has its result.  A rerun skips the images kept, so a
 * worker killed half way (a node lost, a pod evicted) costs only the
 * images it was doing.  --merge-results prints the lines of several
 * such directories in list order, and fails when one is missing.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "xalloc.h"
#include "options.h"
#include "fleet-internal.h"

/* Index digits in the name of a result file: enough for
 * FLEET_MAX_IMAGES.
 */
#define RESULT_DIGITS 6

/* Longest line kept in a result file (a result is at most
 * FLEET_MAX_OUTPUT bytes, escaped up to six times over).
 */
#define RESULT_MAX_LINE (6ULL * FLEET_MAX_OUTPUT + 65536)

static char *
path_of (const char *dir, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

static char *
path_of (const char *dir, const char *fmt, ...)
{
  CLEANUP_FREE char *name = NULL;
  char *path;
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (&name, fmt, ap) == -1)
    die_nomem ();
  va_end (ap);
  if (asprintf (&path, "%s/%s", dir, name) == -1)
    die_nomem ();
  return path;
}

bool
fleet_line_failed (const char *line)
{
  /* Our own lines: every quote inside the image's name is escaped, so
   * this only matches the status field.
   */
  return strstr (line, ",\"status\":\"error\"") != NULL;
}

/* The line kept in PATH for INDEX, without its newline; NULL when
 * there is none, or it is not one of ours for that index.
 */
static char *
read_result (const char *path, size_t index)
{
  CLEANUP_FCLOSE FILE *fp = fopen (path, "re");
  CLEANUP_FREE char *line = NULL, *want = NULL;
  size_t alloc = 0;
  ssize_t len;
  char *r;

  if (fp == NULL)
    return NULL;
  len = getline (&line, &alloc, fp);
  if (len < 2 || (unsigned long long) len > RESULT_MAX_LINE ||
      line[len - 1] != '\n' || line[len - 2] != '}' ||
      strncmp (line, "{\"image\":\"", 10) != 0)
    return NULL;
  if (asprintf (&want, "\",\"index\":%zu,\"status\":\"", index) == -1)
    die_nomem ();
  if (strstr (line, want) == NULL)
    return NULL;
  line[len - 1] = '\0';
  r = line;
  line = NULL;
  return r;
}

/* Writes CONTENT to PATH under a temporary name, then renames it. */
static int
write_atomically (const struct fleet *f, const char *path,
                  const char *content)
{
  CLEANUP_FREE char *tmp = NULL;
  size_t len = strlen (content), done = 0;
  ssize_t r;
  int fd;

  if (asprintf (&tmp, "%s.%ld.tmp", path, (long) getpid ()) == -1)
    die_nomem ();
  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd == -1)
    goto error;
  while (done < len) {
    r = write (fd, content + done, len - done);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      goto error_close;
    done += r;
  }
  if (fsync (fd) == -1)
    goto error_close;
  if (close (fd) == -1)
    goto error_unlink;
  if (rename (tmp, path) == -1)
    goto error_unlink;
  return 0;

 error_close:
  close (fd);
 error_unlink:
  fprintf (stderr, "%s: %s: %m\n", f->tool->program, tmp);
  unlink (tmp);
  return -1;
 error:
  fprintf (stderr, "%s: %s: %m\n", f->tool->program, tmp);
  return -1;
}

void
fleet_results_start (struct fleet *f)
{
  CLEANUP_FREE char *incomplete = NULL, *complete = NULL, *count = NULL;
  size_t i;

  if (mkdir (f->results_dir, 0777) == -1 && errno != EEXIST) {
    fprintf (stderr, "%s: mkdir: %s: %m\n", f->tool->program,
             f->results_dir);
    exit (FLEET_ALL_FAILED);
  }
  incomplete = path_of (f->results_dir, "shard-%lu-of-%lu.incomplete",
                        f->shard_k, f->shard_n);
  complete = path_of (f->results_dir, "shard-%lu-of-%lu.complete",
                      f->shard_k, f->shard_n);
  if (asprintf (&count, "images=%zu\n", f->nr_images) == -1)
    die_nomem ();
  if (write_atomically (f, incomplete, count) == -1)
    exit (FLEET_ALL_FAILED);
  if (unlink (complete) == -1 && errno != ENOENT) {
    fprintf (stderr, "%s: %s: %m\n", f->tool->program, complete);
    exit (FLEET_ALL_FAILED);
  }

  for (i = 0; i < f->nr_jobs; ++i) {
    struct fleet_job *j = &f->jobs[i];
    CLEANUP_FREE char *path = path_of (f->results_dir, "%0*zu.json",
                                       RESULT_DIGITS, j->index);

    j->line = read_result (path, j->index);
    if (j->line) {
      j->from_results = true;
      j->failed = fleet_line_failed (j->line);
      j->state = JOB_DONE;
    }
  }
}

int
fleet_results_write (struct fleet *f, const struct fleet_job *j)
{
  CLEANUP_FREE char *path = path_of (f->results_dir, "%0*zu.json",
                                     RESULT_DIGITS, j->index);
  CLEANUP_FREE char *content = NULL;

  if (asprintf (&content, "%s\n", j->line) == -1)
    die_nomem ();
  if (write_atomically (f, path, content) == -1) {
    f->results_lost = true;
    return -1;
  }
  return 0;
}

int
fleet_results_finish (struct fleet *f)
{
  CLEANUP_FREE char *incomplete = NULL, *complete = NULL;

  if (f->results_lost)
    return -1;                  /* a rerun does the images not kept */
  incomplete = path_of (f->results_dir, "shard-%lu-of-%lu.incomplete",
                        f->shard_k, f->shard_n);
  complete = path_of (f->results_dir, "shard-%lu-of-%lu.complete",
                      f->shard_k, f->shard_n);
  if (rename (incomplete, complete) == -1) {
    fprintf (stderr, "%s: rename: %s: %m\n", f->tool->program, incomplete);
    return -1;
  }
  return 0;
}

/* The number of images of the list that the shard marker NAME in DIR
 * gives (0 when NAME is not a marker); -1 after a message.
 */
static long long
marker_images (const struct fleet *f, const char *dir, const char *name)
{
  unsigned long k, n;
  unsigned long long images;
  char state[16];
  int end = 0;
  CLEANUP_FREE char *path = NULL;
  CLEANUP_FCLOSE FILE *fp = NULL;

  if (sscanf (name, "shard-%lu-of-%lu.%15[a-z]%n", &k, &n, state, &end) != 3
      || name[end] != '\0' ||
      (strcmp (state, "complete") != 0 && strcmp (state, "incomplete") != 0))
    return 0;
  path = path_of (dir, "%s", name);
  fp = fopen (path, "re");
  if (fp == NULL || fscanf (fp, "images=%llu", &images) != 1 ||
      images > FLEET_MAX_IMAGES) {
    fprintf (stderr, "%s: %s: not a shard marker of careen\n",
             f->tool->program, path);
    return -1;
  }
  return images;
}

int
fleet_merge (struct fleet *f)
{
  long long images = -1;
  CLEANUP_FREE char **found = NULL; /* per index: its directory */
  size_t i, d, missing = 0, failed = 0;
  int status;

  if (f->nr_args == 0) {
    fprintf (stderr, "%s: --merge-results: no results directory given\n",
             f->tool->program);
    return FLEET_ALL_FAILED;
  }
  /* First the markers: how long the list is. */
  for (d = 0; d < f->nr_args; ++d) {
    DIR *dir = opendir (f->args[d]);
    struct dirent *e;

    if (dir == NULL) {
      fprintf (stderr, "%s: %s: %m\n", f->tool->program, f->args[d]);
      return FLEET_ALL_FAILED;
    }
    while ((e = readdir (dir)) != NULL) {
      long long n = marker_images (f, f->args[d], e->d_name);

      if (n == -1 || (n > 0 && images >= 0 && n != images)) {
        if (n != -1)
          fprintf (stderr, "%s: %s: shards of lists of different lengths "
                   "(%lld and %lld images)\n", f->tool->program, f->args[d],
                   n, images);
        closedir (dir);
        return FLEET_ALL_FAILED;
      }
      if (n > 0 || (n == 0 && strncmp (e->d_name, "shard-", 6) == 0))
        images = n;
    }
    closedir (dir);
  }
  if (images < 0) {
    fprintf (stderr, "%s: --merge-results: no shard marker "
             "(shard-K-of-N.complete) in the directories given\n",
             f->tool->program);
    return FLEET_ALL_FAILED;
  }

  found = calloc (images + 1, sizeof *found);
  if (found == NULL)
    die_nomem ();
  for (i = 0; i < (size_t) images; ++i) {
    for (d = 0; d < f->nr_args && found[i] == NULL; ++d) {
      CLEANUP_FREE char *path = path_of (f->args[d], "%0*zu.json",
                                         RESULT_DIGITS, i);

      found[i] = read_result (path, i);
    }
    if (found[i] == NULL && missing++ == 0)
      fprintf (stderr, "%s: --merge-results: no result for the image of "
               "index %zu\n", f->tool->program, i);
  }
  if (missing) {
    fprintf (stderr, "%s: --merge-results: %zu of %lld images have no "
             "result\n", f->tool->program, missing, images);
    status = FLEET_ALL_FAILED;
    goto out;
  }
  for (i = 0; i < (size_t) images; ++i) {
    printf ("%s\n", found[i]);
    failed += fleet_line_failed (found[i]);
  }
  status = failed == 0 ? FLEET_ALL_OK
    : failed == (size_t) images ? FLEET_ALL_FAILED : FLEET_SOME_FAILED;
 out:
  for (i = 0; i < (size_t) images; ++i)
    free (found[i]);
  return status;
}
