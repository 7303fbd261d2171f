/* careen - offline disk-image toolkit */

/**
 * The journal calls: systemd's sd-journal reader on a directory of the
 * mounted guest, one journal open at a time, its read position kept
 * between calls.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-journal.h>

#include "daemon.h"

/* Room left in a journal_get reply for the header and list length. */
#define JOURNAL_REPLY_SLACK 4096

static sd_journal *journal;

static int
need_journal (void)
{
  if (journal == NULL) {
    reply_with_error_errno (EBADF, "no journal is open: call journal_open "
                            "first");
    return -1;
  }
  return 0;
}

int
do_journal_open (const char *directory)
{
  CLEANUP_FREE char *host = NULL;
  sd_journal *j;
  int r;

  host = sysroot_realpath (directory);
  if (host == NULL) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  r = sd_journal_open_directory (&j, host, 0);
  if (r < 0) {
    reply_with_error_errno (-r, "%s: %s", directory, strerror (-r));
    return -1;
  }
  if (journal != NULL)
    sd_journal_close (journal);
  journal = j;
  return 0;
}

int
do_journal_close (void)
{
  if (need_journal () == -1)
    return -1;
  sd_journal_close (journal);
  journal = NULL;
  return 0;
}

int
do_journal_next (void)
{
  int r;

  if (need_journal () == -1)
    return -1;
  r = sd_journal_next (journal);
  if (r < 0) {
    reply_with_error_errno (-r, "journal: %s", strerror (-r));
    return -1;
  }
  return r > 0;
}

int64_t
do_journal_skip (int64_t skip)
{
  int r;

  if (need_journal () == -1)
    return -1;
  /* sd-journal counts in uint64_t; INT64_MIN has no positive twin. */
  if (skip == INT64_MIN)
    skip++;
  r = skip >= 0 ? sd_journal_next_skip (journal, (uint64_t) skip)
    : sd_journal_previous_skip (journal, (uint64_t) -skip);
  if (r < 0) {
    reply_with_error_errno (-r, "journal: %s", strerror (-r));
    return -1;
  }
  return r;
}

/* Calls fn for each field of the current entry with its name and
 * value.  -1 after replying (fn replies for its own failures and sets
 * *stopped).
 */
static int
each_field (int (*fn) (void *opaque, const struct guestfs_xattr *x),
            void *opaque)
{
  const void *data;
  size_t len;
  int r;

  sd_journal_restart_data (journal);
  while ((r = sd_journal_enumerate_data (journal, &data, &len)) > 0) {
    const char *eq = memchr (data, '=', len);
    CLEANUP_FREE char *name = NULL;
    struct guestfs_xattr x;

    /* A field without '=' would break the journal's own format: kept
     * whole as a name with an empty value rather than dropped.
     */
    name = strndup (data, eq ? (size_t) (eq - (const char *) data) : len);
    if (name == NULL) {
      reply_with_perror ("malloc");
      return -1;
    }
    x.attrname = name;
    x.attrval = eq ? (char *) eq + 1 : (char *) "";
    x.attrval_len = eq ? len - (size_t) (eq + 1 - (const char *) data) : 0;
    if (fn (opaque, &x) == -1)
      return -1;
  }
  if (r < 0) {
    /* EADDRNOTAVAIL: the position is before the first entry. */
    reply_with_error_errno (-r, "journal: %s%s", strerror (-r),
                            r == -EADDRNOTAVAIL
                            ? " (call journal_next first)" : "");
    return -1;
  }
  return 0;
}

DEFINE_VECTOR_TYPE (xattr_vector, struct guestfs_xattr);

struct collect {
  struct xattr_vector v;
  size_t size;
};

static int
collect_field (void *opaque, const struct guestfs_xattr *x)
{
  struct collect *c = opaque;
  struct guestfs_xattr copy;

  c->size += 8 + strlen (x->attrname) + x->attrval_len;
  if (c->size > PROTO_MAX_MESSAGE - JOURNAL_REPLY_SLACK) {
    reply_with_error_errno (EMSGSIZE, "journal entry too large for one "
                            "reply: lower the data threshold");
    return -1;
  }
  copy.attrname = strdup (x->attrname);
  copy.attrval = malloc (x->attrval_len + 1);
  copy.attrval_len = x->attrval_len;
  if (copy.attrname == NULL || copy.attrval == NULL ||
      xattr_vector_append (&c->v, copy) == -1) {
    free (copy.attrname);
    free (copy.attrval);
    reply_with_perror ("malloc");
    return -1;
  }
  memcpy (copy.attrval, x->attrval, x->attrval_len);
  copy.attrval[x->attrval_len] = '\0';
  return 0;
}

struct guestfs_xattr_list *
do_journal_get (void)
{
  struct collect c = { .size = 0 };
  struct guestfs_xattr_list *ret;
  size_t i;

  if (need_journal () == -1)
    return NULL;
  if (each_field (collect_field, &c) == -1)
    goto err;
  ret = malloc (sizeof *ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    goto err;
  }
  ret->len = c.v.len;
  ret->val = xattr_vector_steal (&c.v);
  return ret;

 err:
  for (i = 0; i < c.v.len; ++i) {
    free (c.v.ptr[i].attrname);
    free (c.v.ptr[i].attrval);
  }
  xattr_vector_release (&c.v);
  return NULL;
}

static int
stream_field (void *opaque, const struct guestfs_xattr *x)
{
  struct wbuf *w = opaque;

  wbuf_reset (w);
  encode_xattr (w, x);
  if (w->failed) {
    reply_with_error_errno (w->err, "journal field %s: %s", x->attrname,
                            strerror (w->err));
    return -1;
  }
  if (send_file_write (w->data, w->len) == -1) {
    if (errno == ECANCELED)
      reply_with_error_errno (ECANCELED, "journal: download cancelled");
    else
      reply_with_perror ("journal: download");
    return -1;
  }
  return 0;
}

int
do_internal_journal_get (void)
{
  struct wbuf w;
  int r;

  if (need_journal () == -1)
    return -1;
  wbuf_init (&w);
  r = each_field (stream_field, &w);
  wbuf_release (&w);
  if (r == -1)
    return -1;
  send_file_end (0);
  return 0;
}

int64_t
do_journal_get_data_threshold (void)
{
  size_t t;
  int r;

  if (need_journal () == -1)
    return -1;
  r = sd_journal_get_data_threshold (journal, &t);
  if (r < 0) {
    reply_with_error_errno (-r, "journal: %s", strerror (-r));
    return -1;
  }
  return (int64_t) t;
}

int
do_journal_set_data_threshold (int64_t threshold)
{
  int r;

  if (need_journal () == -1)
    return -1;
  if (threshold < 0) {
    reply_with_error_errno (EINVAL, "threshold %" PRIi64 ": must not be "
                            "negative", threshold);
    return -1;
  }
  r = sd_journal_set_data_threshold (journal, (size_t) threshold);
  if (r < 0) {
    reply_with_error_errno (-r, "journal: %s", strerror (-r));
    return -1;
  }
  return 0;
}

int64_t
do_journal_get_realtime_usec (void)
{
  uint64_t usec;
  int r;

  if (need_journal () == -1)
    return -1;
  r = sd_journal_get_realtime_usec (journal, &usec);
  if (r < 0) {
    reply_with_error_errno (-r, "journal: %s%s", strerror (-r),
                            r == -EADDRNOTAVAIL
                            ? " (call journal_next first)" : "");
    return -1;
  }
  return (int64_t) usec;
}
