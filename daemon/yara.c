/* careen - offline disk-image toolkit */

/**
 * The YARA calls: rules uploaded once (source compiled here, or
 * already compiled by yarac), then applied by libyara to guest files
 * one at a time.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yara.h>

#include "daemon.h"

/* Compiler messages kept for the error reply. */
#define YARA_MAX_MESSAGES 2048

/* Most detections of one file in a yara_scan reply: a rule set is
 * rarely more than a few thousand rules, and each match is short.
 */
#define YARA_MAX_DETECTIONS 100000

/* Seconds libyara may spend on one file: 0, no limit, since a big
 * file legitimately takes long under TCG.
 */
#define YARA_SCAN_TIMEOUT 0

static YR_RULES *rules;
static bool initialized;

static int
need_yara (void)
{
  int r;

  if (initialized)
    return 0;
  r = yr_initialize ();
  if (r != ERROR_SUCCESS) {
    reply_with_error_errno (ENOTSUP, "the YARA library cannot be used in "
                            "the appliance (yr_initialize error %d)", r);
    return -1;
  }
  initialized = true;
  return 0;
}

static int
write_cb (void *opaque, const void *buf, size_t len)
{
  int fd = *(int *) opaque;
  const char *p = buf;

  while (len > 0) {
    ssize_t n = write (fd, p, len);

    if (n == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    p += n;
    len -= (size_t) n;
  }
  return 0;
}

struct compile_messages {
  char text[YARA_MAX_MESSAGES];
  size_t len;
};

static void
compiler_cb (int level, const char *file, int line, const YR_RULE *rule,
             const char *message, void *opaque)
{
  struct compile_messages *m = opaque;
  int n;

  (void) file;
  (void) rule;
  if (level != YARA_ERROR_LEVEL_ERROR || m->len >= sizeof m->text - 1)
    return;
  n = snprintf (m->text + m->len, sizeof m->text - m->len, "%sline %d: %s",
                m->len > 0 ? "; " : "", line, message);
  if (n > 0)
    m->len += (size_t) n;
  if (m->len >= sizeof m->text)
    m->len = sizeof m->text - 1;
}

/* Compiles the source in fd.  NULL after replying. */
static YR_RULES *
compile_source (int fd)
{
  YR_COMPILER *compiler = NULL;
  YR_RULES *r = NULL;
  struct compile_messages m = { .len = 0 };

  if (yr_compiler_create (&compiler) != ERROR_SUCCESS) {
    reply_with_error_errno (ENOMEM, "yara: cannot make a compiler");
    return NULL;
  }
  yr_compiler_set_callback (compiler, compiler_cb, &m);
  if (lseek (fd, 0, SEEK_SET) == -1) {
    reply_with_perror ("yara rules");
    goto out;
  }
  if (yr_compiler_add_fd (compiler, fd, NULL, "rules") > 0) {
    reply_with_error_errno (EINVAL, "yara rules do not compile: %s",
                            m.len > 0 ? m.text : "unknown error");
    goto out;
  }
  if (yr_compiler_get_rules (compiler, &r) != ERROR_SUCCESS) {
    reply_with_error_errno (ENOMEM, "yara: cannot get the compiled rules");
    r = NULL;
  }
 out:
  yr_compiler_destroy (compiler);
  return r;
}

int
do_yara_load (void)
{
  char tmp[] = "/tmp/yara-rules.XXXXXX";
  YR_RULES *loaded = NULL;
  char magic[4] = { 0 };
  int fd, r, err;

  fd = mkstemp (tmp);
  if (fd == -1) {
    reply_with_perror ("mkstemp");
    return -1;
  }
  unlink (tmp);
  r = receive_file (write_cb, &fd);
  err = errno;
  if (r == -1) {
    close (fd);
    if (err == ECANCELED)
      reply_with_error_errno (ECANCELED, "yara rules: upload cancelled");
    else {
      errno = err;
      reply_with_perror ("yara rules: upload");
    }
    return -1;
  }
  if (need_yara () == -1) {
    close (fd);
    return -1;
  }
  /* Compiled rules start with "YARA"; anything else is source. */
  if (pread (fd, magic, sizeof magic, 0) == (ssize_t) sizeof magic &&
      memcmp (magic, "YARA", 4) == 0) {
    char path[64];

    snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
    r = yr_rules_load (path, &loaded);
    if (r != ERROR_SUCCESS) {
      close (fd);
      reply_with_error_errno (EINVAL, "yara: compiled rules cannot be "
                              "loaded (error %d%s)", r,
                              r == ERROR_UNSUPPORTED_FILE_VERSION
                              ? ": made by another YARA version" : "");
      return -1;
    }
  }
  else {
    loaded = compile_source (fd);
    if (loaded == NULL) {
      close (fd);
      return -1;
    }
  }
  close (fd);
  if (rules != NULL)
    yr_rules_destroy (rules);
  rules = loaded;
  return 0;
}

int
do_yara_destroy (void)
{
  if (rules == NULL) {
    reply_with_error_errno (EBADF, "no yara rules are loaded");
    return -1;
  }
  yr_rules_destroy (rules);
  rules = NULL;
  return 0;
}

DEFINE_VECTOR_TYPE (detection_vector, struct guestfs_yara_detection);

struct scan {
  const char *path;
  struct detection_vector v;
  struct wbuf w;
  bool stream;
  int err;
};

static int
scan_cb (YR_SCAN_CONTEXT *context, int message, void *data, void *opaque)
{
  struct scan *s = opaque;
  const YR_RULE *rule = data;
  struct guestfs_yara_detection d;

  (void) context;
  if (message != CALLBACK_MSG_RULE_MATCHING)
    return CALLBACK_CONTINUE;
  if (s->stream) {
    d.yara_name = (char *) s->path;
    d.yara_rule = (char *) rule->identifier;
    wbuf_reset (&s->w);
    encode_yara_detection (&s->w, &d);
    if (s->w.failed) {
      s->err = s->w.err;
      return CALLBACK_ERROR;
    }
    if (send_file_write (s->w.data, s->w.len) == -1) {
      s->err = errno;
      return CALLBACK_ERROR;
    }
    return CALLBACK_CONTINUE;
  }
  if (s->v.len >= YARA_MAX_DETECTIONS) {
    s->err = EMSGSIZE;
    return CALLBACK_ERROR;
  }
  d.yara_name = strdup (s->path);
  d.yara_rule = strdup (rule->identifier);
  if (d.yara_name == NULL || d.yara_rule == NULL ||
      detection_vector_append (&s->v, d) == -1) {
    free (d.yara_name);
    free (d.yara_rule);
    s->err = ENOMEM;
    return CALLBACK_ERROR;
  }
  return CALLBACK_CONTINUE;
}

static void
scan_release (struct scan *s)
{
  size_t i;

  for (i = 0; i < s->v.len; ++i) {
    free (s->v.ptr[i].yara_name);
    free (s->v.ptr[i].yara_rule);
  }
  detection_vector_release (&s->v);
  wbuf_release (&s->w);
}

/* Scans the guest file path into s.  -1 after replying. */
static int
scan_file (const char *path, struct scan *s)
{
  int fd, r;

  if (rules == NULL) {
    reply_with_error_errno (EBADF, "no yara rules are loaded: call "
                            "yara_load first");
    return -1;
  }
  fd = open_guest_file (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  s->path = path;
  r = yr_rules_scan_fd (rules, fd, 0, scan_cb, s, YARA_SCAN_TIMEOUT);
  close (fd);
  if (r != ERROR_SUCCESS) {
    if (s->err == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: download cancelled", path);
    else if (s->err == EMSGSIZE)
      reply_with_error_errno (EMSGSIZE, "%s: too many detections for one "
                              "reply", path);
    else if (s->err != 0)
      reply_with_error_errno (s->err, "%s: %s", path, strerror (s->err));
    else
      reply_with_error_errno (EIO, "%s: yara scan failed (error %d)",
                              path, r);
    return -1;
  }
  return 0;
}

struct guestfs_yara_detection_list *
do_yara_scan (const char *path)
{
  struct scan s = { .stream = false };
  struct guestfs_yara_detection_list *ret;

  wbuf_init (&s.w);
  if (scan_file (path, &s) == -1) {
    scan_release (&s);
    return NULL;
  }
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    scan_release (&s);
    return NULL;
  }
  ret->len = s.v.len;
  ret->val = detection_vector_steal (&s.v);
  scan_release (&s);
  return ret;
}

int
do_internal_yara_scan (const char *path)
{
  struct scan s = { .stream = true };
  int r;

  wbuf_init (&s.w);
  r = scan_file (path, &s);
  scan_release (&s);
  if (r == -1)
    return -1;
  send_file_end (0);
  return 0;
}
