/* careen - offline disk-image toolkit */

/**
 * The inotify calls: one inotify instance for the whole appliance,
 * whose watches are on host paths under sysroot and whose events are
 * read without blocking.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "daemon.h"

/* The kernel's queue length knob, shared by every instance. */
#define MAX_QUEUED_EVENTS "/proc/sys/fs/inotify/max_queued_events"

/* One read(2) of events: at least one event with the longest name. */
#define INOTIFY_READ_SIZE 65536

/* inotify_read stops reading events from the kernel once the reply
 * holds this many bytes: one more read can add at most 5/4 of
 * INOTIFY_READ_SIZE once encoded (20 bytes plus name on the wire for
 * at least 16 plus name from the kernel), which keeps the reply under
 * the message size.
 */
#define INOTIFY_REPLY_LIMIT (PROTO_MAX_MESSAGE / 2)

static int inotify_fd = -1;

static int
need_instance (void)
{
  if (inotify_fd == -1) {
    reply_with_error_errno (EBADF, "no inotify instance: call "
                            "inotify_init first");
    return -1;
  }
  return 0;
}

int
do_inotify_init (int maxevents)
{
  if (maxevents < 0) {
    reply_with_error_errno (EINVAL, "maxevents %d: must not be negative",
                            maxevents);
    return -1;
  }
  if (maxevents > 0) {
    int fd = open (MAX_QUEUED_EVENTS, O_WRONLY | O_CLOEXEC);
    char buf[32];
    int n = snprintf (buf, sizeof buf, "%d\n", maxevents);

    if (fd == -1 || write (fd, buf, (size_t) n) != n) {
      reply_with_perror ("%s", MAX_QUEUED_EVENTS);
      if (fd >= 0)
        close (fd);
      return -1;
    }
    if (close (fd) == -1) {
      reply_with_perror ("close: %s", MAX_QUEUED_EVENTS);
      return -1;
    }
  }
  if (inotify_fd >= 0) {
    close (inotify_fd);
    inotify_fd = -1;
  }
  inotify_fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd == -1) {
    reply_with_perror ("inotify_init1");
    return -1;
  }
  return 0;
}

int
do_inotify_close (void)
{
  if (need_instance () == -1)
    return -1;
  if (close (inotify_fd) == -1) {
    inotify_fd = -1;
    reply_with_perror ("close");
    return -1;
  }
  inotify_fd = -1;
  return 0;
}

int64_t
do_inotify_add_watch (const char *path, int mask)
{
  CLEANUP_FREE char *host = NULL;
  int wd;

  if (need_instance () == -1)
    return -1;
  host = sysroot_realpath (path);
  if (host == NULL) {
    reply_with_perror ("%s", path);
    return -1;
  }
  wd = inotify_add_watch (inotify_fd, host, (uint32_t) mask);
  if (wd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return wd;
}

int
do_inotify_rm_watch (int wd)
{
  if (need_instance () == -1)
    return -1;
  if (inotify_rm_watch (inotify_fd, wd) == -1) {
    reply_with_perror ("watch %d", wd);
    return -1;
  }
  return 0;
}

DEFINE_VECTOR_TYPE (inotify_event_vector, struct guestfs_inotify_event);

static void
events_release (struct inotify_event_vector *v)
{
  size_t i;

  for (i = 0; i < v->len; ++i)
    free (v->ptr[i].in_name);
  inotify_event_vector_release (v);
}

/* Appends the events in buf (n bytes from one read) to v, adding their
 * wire size to *size.  -1 with errno ENOMEM (silent).
 */
static int
decode_events (const char *buf, size_t n, struct inotify_event_vector *v,
               size_t *size)
{
  size_t pos = 0;

  while (pos + sizeof (struct inotify_event) <= n) {
    struct inotify_event ev;
    struct guestfs_inotify_event e;
    const char *name = buf + pos + sizeof ev;

    memcpy (&ev, buf + pos, sizeof ev);
    if (ev.len > n - pos - sizeof ev)
      break;                    /* the kernel never splits an event */
    e.in_wd = ev.wd;
    e.in_mask = ev.mask;
    e.in_cookie = ev.cookie;
    /* The name is padded with NULs to ev.len. */
    e.in_name = strndup (ev.len > 0 ? name : "", ev.len);
    if (e.in_name == NULL)
      return -1;
    if (inotify_event_vector_append (v, e) == -1) {
      free (e.in_name);
      return -1;
    }
    *size += 20 + strlen (e.in_name);
    pos += sizeof ev + ev.len;
  }
  return 0;
}

/* Reads what is queued into v, until the queue is empty or the reply
 * limit is reached.  -1 after replying.
 */
static int
read_events (struct inotify_event_vector *v)
{
  static char buf[INOTIFY_READ_SIZE]
    __attribute__ ((aligned (__alignof__ (struct inotify_event))));
  size_t size = 0;

  while (size < INOTIFY_REPLY_LIMIT) {
    ssize_t n = read (inotify_fd, buf, sizeof buf);

    if (n == -1) {
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        break;
      if (errno == EINTR)
        continue;
      reply_with_perror ("inotify read");
      return -1;
    }
    if (n == 0)
      break;
    if (decode_events (buf, (size_t) n, v, &size) == -1) {
      reply_with_perror ("inotify read");
      return -1;
    }
  }
  return 0;
}

struct guestfs_inotify_event_list *
do_inotify_read (void)
{
  struct inotify_event_vector v = { 0 };
  struct guestfs_inotify_event_list *ret;

  if (need_instance () == -1)
    return NULL;
  if (read_events (&v) == -1) {
    events_release (&v);
    return NULL;
  }
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    events_release (&v);
    return NULL;
  }
  ret->len = v.len;
  ret->val = inotify_event_vector_steal (&v);
  return ret;
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
do_inotify_files (void)
{
  struct stringsbuf sb;
  char **list;
  size_t i, j, total = 0;

  if (need_instance () == -1)
    return NULL;
  stringsbuf_init (&sb);
  for (;;) {
    struct inotify_event_vector v = { 0 };

    if (read_events (&v) == -1) {
      events_release (&v);
      stringsbuf_release (&sb);
      return NULL;
    }
    if (v.len == 0)
      break;
    for (i = 0; i < v.len; ++i) {
      if (v.ptr[i].in_name[0] == '\0')
        continue;
      total += strlen (v.ptr[i].in_name) + 4;
      if (stringsbuf_add_string (&sb, v.ptr[i].in_name) == -1) {
        reply_with_perror ("malloc");
        events_release (&v);
        stringsbuf_release (&sb);
        return NULL;
      }
    }
    events_release (&v);
    if (total > INOTIFY_REPLY_LIMIT) {
      reply_with_error_errno (EMSGSIZE, "too many names for one reply: "
                              "use inotify_read");
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  list = stringsbuf_finish (&sb);
  if (list == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  /* Sorted, each name once. */
  for (i = 0; list[i]; ++i)
    ;
  qsort (list, i, sizeof (char *), compare_strings);
  for (i = j = 0; list[i]; ++i) {
    if (j > 0 && strcmp (list[j - 1], list[i]) == 0)
      free (list[i]);
    else
      list[j++] = list[i];
  }
  list[j] = NULL;
  return list;
}
