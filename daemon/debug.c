/* careen - offline disk-image toolkit */

/**
 * Debugging aids: debug (a few subcommands that show the daemon's
 * state), debug_upload and internal_upload (a file into the appliance's
 * /tmp).  Nothing here touches the guest.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"

extern char **environ;

/* Most arguments passed on to ls: a debugging listing needs few. */
#define DEBUG_MAX_LS_ARGS 32
/* Longest wait of "progress", in seconds. */
#define DEBUG_MAX_PROGRESS 60
/* Longest silence of "freeze", in seconds. */
#define DEBUG_MAX_FREEZE 3600
/* Most descriptors listed by "fds". */
#define DEBUG_MAX_FDS 4096

/* Collects text; an allocation failure is reported at the end. */
struct text {
  char *buf;
  size_t len;
  FILE *fp;
};

static int
text_open (struct text *t)
{
  t->buf = NULL;
  t->len = 0;
  t->fp = open_memstream (&t->buf, &t->len);
  if (t->fp == NULL) {
    reply_with_perror ("open_memstream");
    return -1;
  }
  return 0;
}

static char *
text_finish (struct text *t)
{
  if (ferror (t->fp) | (fclose (t->fp) != 0)) {
    reply_with_perror ("open_memstream");
    free (t->buf);
    return NULL;
  }
  return t->buf;
}

static char *debug_help (char *const *args);

static char *
debug_print (char *const *args)
{
  struct text t;
  size_t i;

  if (text_open (&t) == -1)
    return NULL;
  for (i = 0; args[i] != NULL; ++i)
    fprintf (t.fp, "%s%s", i > 0 ? " " : "", args[i]);
  fputc ('\n', t.fp);
  return text_finish (&t);
}

static char *
debug_env (char *const *args)
{
  struct text t;
  size_t i;

  if (text_open (&t) == -1)
    return NULL;
  for (i = 0; environ[i] != NULL; ++i)
    fprintf (t.fp, "%s\n", environ[i]);
  return text_finish (&t);
}

static char *
debug_fds (char *const *args)
{
  DIR *d = opendir ("/proc/self/fd");
  struct dirent *e;
  struct text t;
  int n = 0;

  if (d == NULL) {
    reply_with_perror ("/proc/self/fd");
    return NULL;
  }
  if (text_open (&t) == -1) {
    closedir (d);
    return NULL;
  }
  while ((e = readdir (d)) != NULL && n++ < DEBUG_MAX_FDS) {
    char link[300], target[1024];
    ssize_t len;

    if (e->d_name[0] == '.')
      continue;
    snprintf (link, sizeof link, "/proc/self/fd/%s", e->d_name);
    /* A longer target is cut: this is for reading, not for use. */
    len = readlink (link, target, sizeof target - 1);
    if (len == -1)
      continue;
    target[len] = '\0';
    fprintf (t.fp, "%s %s\n", e->d_name, target);
  }
  closedir (d);
  return text_finish (&t);
}

/* ls of appliance paths, with the options opts. */
static char *
debug_ls_with (const char *opts, char *const *args)
{
  const char *argv[DEBUG_MAX_LS_ARGS + 4];
  char *out = NULL, *err = NULL;
  size_t i, n = 0;

  argv[n++] = "ls";
  argv[n++] = opts;
  argv[n++] = "--";
  for (i = 0; args[i] != NULL; ++i) {
    if (i == DEBUG_MAX_LS_ARGS) {
      reply_with_error_errno (EINVAL, "too many arguments (at most %d)",
                              DEBUG_MAX_LS_ARGS);
      return NULL;
    }
    argv[n++] = args[i];
  }
  argv[n] = NULL;
  if (commandv (&out, &err, argv) == -1) {
    command_error ("ls", err);
    free (out);
    free (err);
    return NULL;
  }
  free (err);
  return out;
}

static char *
debug_ls (char *const *args)
{
  return debug_ls_with ("-a", args);
}

static char *
debug_ll (char *const *args)
{
  return debug_ls_with ("-la", args);
}

/* Waits, sending progress messages: for testing progress bars. */
static char *
debug_progress (char *const *args)
{
  const struct timespec tick = { .tv_sec = 0, .tv_nsec = 100000000 };
  char *end;
  long secs, i;

  if (args[0] == NULL || args[1] != NULL) {
    reply_with_error_errno (EINVAL, "progress: expected one argument, the "
                            "number of seconds");
    return NULL;
  }
  errno = 0;
  secs = strtol (args[0], &end, 10);
  if (errno != 0 || end == args[0] || *end != '\0' || secs < 1 ||
      secs > DEBUG_MAX_PROGRESS) {
    reply_with_error_errno (EINVAL, "progress: '%s': expected a number of "
                            "seconds from 1 to %d", args[0],
                            DEBUG_MAX_PROGRESS);
    return NULL;
  }
  for (i = 0; i < secs * 10; ++i) {
    notify_progress (i, secs * 10);
    nanosleep (&tick, NULL);
  }
  notify_progress (secs * 10, secs * 10);
  {
    char *r = strdup ("ok\n");

    if (r == NULL)
      reply_with_perror ("strdup");
    return r;
  }
}

/* Stops sending anything, keep-alive frames included, for N seconds,
 * as a hung daemon would while qemu runs on: for testing that the
 * library gives up on an appliance that stopped answering.
 */
static char *
debug_freeze (char *const *args)
{
  char *end, *r;
  long secs;

  errno = 0;
  secs = args[0] && !args[1] ? strtol (args[0], &end, 10) : 0;
  if (secs < 1 || secs > DEBUG_MAX_FREEZE || errno != 0 || *end != '\0') {
    reply_with_error_errno (EINVAL, "freeze: expected one argument, a "
                            "number of seconds from 1 to %d",
                            DEBUG_MAX_FREEZE);
    return NULL;
  }
  proto_freeze ((unsigned) secs);
  r = strdup ("ok\n");
  if (r == NULL)
    reply_with_perror ("strdup");
  return r;
}

static const struct {
  const char *name;
  char *(*run) (char *const *args);
  const char *help;
} subcommands[] = {
  { "env", debug_env, "the daemon's environment" },
  { "fds", debug_fds, "the daemon's open file descriptors" },
  { "freeze", debug_freeze, "send nothing at all for N seconds" },
  { "help", debug_help, "this list" },
  { "ll", debug_ll, "ls -la of appliance paths" },
  { "ls", debug_ls, "ls -a of appliance paths" },
  { "print", debug_print, "the arguments, separated by spaces" },
  { "progress", debug_progress, "wait N seconds sending progress" },
};

/* Subcommands known from elsewhere that careen leaves out: crashing
 * the daemon, running shell commands or changing its environment are
 * not things a debugging call should do here.
 */
static const char *const not_provided[] = {
  "binaries", "core_pattern", "device_speed", "qtrace", "segv", "setenv",
  "sh", NULL
};

static char *
debug_help (char *const *args)
{
  struct text t;
  size_t i;

  if (text_open (&t) == -1)
    return NULL;
  for (i = 0; i < sizeof subcommands / sizeof subcommands[0]; ++i)
    fprintf (t.fp, "%-9s %s\n", subcommands[i].name, subcommands[i].help);
  return text_finish (&t);
}

char *
do_debug (const char *subcmd, char *const *extraargs)
{
  size_t i;

  for (i = 0; i < sizeof subcommands / sizeof subcommands[0]; ++i) {
    if (strcmp (subcmd, subcommands[i].name) == 0) {
      return subcommands[i].run (extraargs);
    }
  }
  for (i = 0; not_provided[i] != NULL; ++i) {
    if (strcmp (subcmd, not_provided[i]) == 0) {
      reply_with_error_errno (ENOTSUP, "debug %s: not provided by careen "
                              "(see 'debug help')", subcmd);
      return NULL;
    }
  }
  reply_with_error_errno (EINVAL, "debug %s: unknown subcommand (see "
                          "'debug help')", subcmd);
  return NULL;
}

static int
write_cb (void *opaque, const void *buf, size_t len)
{
  int fd = *(int *) opaque;
  const char *p = buf;

  while (len > 0) {
    ssize_t r = write (fd, p, len);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    p += r;
    len -= r;
  }
  return 0;
}

/* Receives the upload into the appliance's /tmp/tmpname. */
static int
upload_to_tmp (const char *tmpname, int mode)
{
  CLEANUP_FREE char *path = NULL;
  int fd, err;

  if (tmpname[0] == '\0' || strchr (tmpname, '/') != NULL ||
      strcmp (tmpname, ".") == 0 || strcmp (tmpname, "..") == 0) {
    reply_with_error_errno (EINVAL, "'%s': must be a plain file name",
                            tmpname);
    return -1;
  }
  if (mode < 0 || mode > 07777) {
    reply_with_error_errno (EINVAL, "%s: invalid mode %#o", tmpname,
                            (unsigned) mode);
    return -1;
  }
  if (asprintf (&path, "/tmp/%s", tmpname) == -1) {
    reply_with_perror ("asprintf");
    return -1;
  }
  /* Not through a symlink someone left in /tmp. */
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NOCTTY |
             O_CLOEXEC, 0600);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (receive_file (write_cb, &fd) == -1) {
    err = errno;
    close (fd);
    if (err == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: upload cancelled", path);
    else {
      errno = err;
      reply_with_perror ("%s", path);
    }
    return -1;
  }
  if (fchmod (fd, (mode_t) mode) == -1) {
    reply_with_perror ("chmod: %s", path);
    close (fd);
    return -1;
  }
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", path);
    return -1;
  }
  return 0;
}

int
do_debug_upload (const char *tmpname, int mode)
{
  return upload_to_tmp (tmpname, mode);
}

int
do_internal_upload (const char *tmpname, int mode)
{
  return upload_to_tmp (tmpname, mode);
}
