/* careen - offline disk-image toolkit */

/**
 * The hivex_* calls: one Windows registry hive open at a time, read
 * and edited with libhivex.
 *
 * hivex_open takes a file name and opens it with open(2), which would
 * follow a hostile guest symlink out of sysroot.  So the guest path is
 * opened here through sysroot_open (RESOLVE_IN_ROOT), checked to be a
 * regular file, and libhivex is given "/proc/self/fd/N": reopening that
 * magic link reaches the very file opened safely, never another path.
 * hivex_commit is given a file opened the same way.
 *
 * libhivex is always asked for a writable handle, because a read-only
 * one maps the file, and a mapping (like an open fd) would keep the
 * guest filesystem busy: umount and shutdown would fail while a hive
 * is open.  A writable handle reads the file into memory and keeps
 * nothing open.  Whether the caller asked for write access is kept
 * here, and the changing calls are refused with EROFS without it.
 *
 * Handles are offsets in the hive; libhivex checks that each one is a
 * valid block of the right kind before using it, and the sizes it
 * returns are checked here against the reply limit.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hivex.h>

#include "daemon.h"

/* Largest hive file opened.  Windows itself caps a hive at 2 GiB;
 * libhivex reads a writable hive whole into memory, so this also
 * bounds that allocation by what a guest can make it do.
 */
#define HIVE_MAX_SIZE (INT64_C(2) * 1024 * 1024 * 1024)

/* The open hive, the guest path it came from (for hivex_commit with no
 * file name) and whether the caller may change it.
 */
static hive_h *hive;
static char *hive_path;
static bool hive_writable;

/* -1 after replying when no hive is open. */
static int
need_hive (void)
{
  if (hive == NULL) {
    reply_with_error_errno (EINVAL, "no hive open: call hivex_open first");
    return -1;
  }
  return 0;
}

/* Handles arrive as int64; libhivex takes size_t offsets and treats 0
 * as "none".  -1 after replying when h cannot be a handle.
 */
static int
check_handle (const char *what, int64_t h)
{
  if (h <= 0 || (uint64_t) h > SIZE_MAX) {
    reply_with_error_errno (EINVAL, "invalid %s handle %" PRIi64, what, h);
    return -1;
  }
  return 0;
}

/* -1 after replying EROFS when the hive was not opened for writing. */
static int
need_writable (void)
{
  if (need_hive () == -1)
    return -1;
  if (!hive_writable) {
    reply_with_error_errno (EROFS, "the hive was not opened with write:true");
    return -1;
  }
  return 0;
}

static void
close_hive (void)
{
  if (hive != NULL)
    hivex_close (hive);
  hive = NULL;
  free (hive_path);
  hive_path = NULL;
  hive_writable = false;
}

/* Opens a guest path as a regular file with open_flags; -1 after
 * replying.  Devices, FIFOs and directories are refused before being
 * opened (open_guest_file), so a guest cannot point libhivex at one of
 * the appliance's disks.
 */
static int
open_hive_file (const char *path, int open_flags, unsigned mode)
{
  int fd = open_guest_file (path, open_flags | O_CLOEXEC, mode);

  if (fd == -1)
    reply_with_perror ("'%s'", path);
  return fd;
}

int
do_hivex_open (const char *filename, int verbose_, int debug, int write,
               int unsafe)
{
  char procpath[64];
  struct stat st;
  int fd, flags = HIVEX_OPEN_WRITE, err;

  close_hive ();

  fd = open_hive_file (filename, O_RDONLY, 0);
  if (fd == -1)
    return -1;
  if (fstat (fd, &st) == -1) {
    reply_with_perror ("stat '%s'", filename);
    close (fd);
    return -1;
  }
  if (st.st_size > HIVE_MAX_SIZE) {
    reply_with_error_errno (EFBIG, "'%s': hive larger than %" PRIi64 " bytes",
                            filename, HIVE_MAX_SIZE);
    close (fd);
    return -1;
  }

  if (verbose_)
    flags |= HIVEX_OPEN_VERBOSE;
  if (debug)
    flags |= HIVEX_OPEN_DEBUG;
  if (unsafe)
    flags |= HIVEX_OPEN_UNSAFE;

  snprintf (procpath, sizeof procpath, "/proc/self/fd/%d", fd);
  hive = hivex_open (procpath, flags);
  err = errno;
  close (fd);
  if (hive == NULL) {
    errno = err;
    reply_with_perror ("%s", filename);
    return -1;
  }
  hive_path = strdup (filename);
  if (hive_path == NULL) {
    reply_with_perror ("strdup");
    close_hive ();
    return -1;
  }
  hive_writable = write;
  return 0;
}

int
do_hivex_close (void)
{
  if (need_hive () == -1)
    return -1;
  close_hive ();
  return 0;
}

int
do_hivex_commit (const char *filename)
{
  char procpath[64];
  int fd, r, err;

  if (need_writable () == -1)
    return -1;
  if (filename == NULL)
    filename = hive_path;
  else if (filename[0] != '/') {
    reply_with_error_errno (EINVAL, "'%s': path must be absolute", filename);
    return -1;
  }
  /* Opened safely like the hive itself; libhivex then truncates and
   * writes it through the magic link.
   */
  fd = open_hive_file (filename, O_WRONLY | O_CREAT, 0644);
  if (fd == -1)
    return -1;
  snprintf (procpath, sizeof procpath, "/proc/self/fd/%d", fd);
  r = hivex_commit (hive, procpath, 0);
  err = errno;
  close (fd);
  if (r == -1) {
    errno = err;
    reply_with_perror ("commit '%s'", filename);
    return -1;
  }
  return 0;
}

int64_t
do_hivex_root (void)
{
  hive_node_h r;

  if (need_hive () == -1)
    return -1;
  r = hivex_root (hive);
  if (r == 0) {
    reply_with_perror ("root");
    return -1;
  }
  return r;
}

char *
do_hivex_node_name (int64_t nodeh)
{
  char *r;

  if (need_hive () == -1 || check_handle ("node", nodeh) == -1)
    return NULL;
  r = hivex_node_name (hive, nodeh);
  if (r == NULL)
    reply_with_perror ("node %" PRIi64, nodeh);
  return r;
}

/* Turns a 0-terminated array of handles from libhivex into the struct
 * list of the reply (the two structs have the same single field).
 */
#define HANDLES_TO_LIST(FIELD, arr, ret)                                \
  do {                                                                  \
    size_t n_, i_;                                                      \
    for (n_ = 0; (arr)[n_] != 0; ++n_)                                  \
      ;                                                                 \
    (ret) = malloc (sizeof *(ret));                                     \
    if ((ret) != NULL) {                                                \
      (ret)->len = n_;                                                  \
      (ret)->val = calloc (n_ ? n_ : 1, sizeof *(ret)->val);            \
      if ((ret)->val == NULL) {                                         \
        free (ret);                                                     \
        (ret) = NULL;                                                   \
      }                                                                 \
      else                                                              \
        for (i_ = 0; i_ < n_; ++i_)                                     \
          (ret)->val[i_].FIELD = (arr)[i_];                             \
    }                                                                   \
  } while (0)

/* The protocol's limit on one reply bounds the handle lists: libhivex
 * already caps the children and values of one node, so this is a
 * second line for a hive that lies about its counts.
 */
#define HIVEX_MAX_LIST_LEN (DAEMON_MAX_READ / 16)

struct guestfs_hivex_node_list *
do_hivex_node_children (int64_t nodeh)
{
  CLEANUP_FREE hive_node_h *children = NULL;
  struct guestfs_hivex_node_list *ret;

  if (need_hive () == -1 || check_handle ("node", nodeh) == -1)
    return NULL;
  children = hivex_node_children (hive, nodeh);
  if (children == NULL) {
    reply_with_perror ("children of node %" PRIi64, nodeh);
    return NULL;
  }
  HANDLES_TO_LIST (hivex_node_h, children, ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  if (ret->len > HIVEX_MAX_LIST_LEN) {
    guestfs_free_hivex_node_list (ret);
    reply_with_error_errno (EFBIG, "node %" PRIi64 ": too many children",
                            nodeh);
    return NULL;
  }
  return ret;
}

struct guestfs_hivex_value_list *
do_hivex_node_values (int64_t nodeh)
{
  CLEANUP_FREE hive_value_h *values = NULL;
  struct guestfs_hivex_value_list *ret;

  if (need_hive () == -1 || check_handle ("node", nodeh) == -1)
    return NULL;
  values = hivex_node_values (hive, nodeh);
  if (values == NULL) {
    reply_with_perror ("values of node %" PRIi64, nodeh);
    return NULL;
  }
  HANDLES_TO_LIST (hivex_value_h, values, ret);
  if (ret == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  if (ret->len > HIVEX_MAX_LIST_LEN) {
    guestfs_free_hivex_value_list (ret);
    reply_with_error_errno (EFBIG, "node %" PRIi64 ": too many values",
                            nodeh);
    return NULL;
  }
  return ret;
}

/* libhivex's lookups return 0 both for "not found" (errno untouched)
 * and for errors (errno set), hence errno cleared first.
 */
int64_t
do_hivex_node_get_child (int64_t nodeh, const char *name)
{
  hive_node_h r;

  if (need_hive () == -1 || check_handle ("node", nodeh) == -1)
    return -1;
  errno = 0;
  r = hivex_node_get_child (hive, nodeh, name);
  if (r == 0 && errno != 0) {
    reply_with_perror ("child '%s' of node %" PRIi64, name, nodeh);
    return -1;
  }
  return r;
}

int64_t
do_hivex_node_parent (int64_t nodeh)
{
  hive_node_h r;

  if (need_hive () == -1 || check_handle ("node", nodeh) == -1)
    return -1;
  if ((hive_node_h) nodeh == hivex_root (hive)) {
    reply_with_error_errno (EINVAL, "the root node has no parent");
    return -1;
  }
  errno = 0;
  r = hivex_node_parent (hive, nodeh);
  if (r == 0) {
    if (errno == 0)
      errno = EINVAL;
    reply_with_perror ("parent of node %" PRIi64, nodeh);
    return -1;
  }
  return r;
}

int64_t
do_hivex_node_get_value (int64_t nodeh, const char *key)
{
  hive_value_h r;

  if (need_hive () == -1 || check_handle ("node", nodeh) == -1)
    return -1;
  errno = 0;
  r = hivex_node_get_value (hive, nodeh, key);
  if (r == 0 && errno != 0) {
    reply_with_perror ("value '%s' of node %" PRIi64, key, nodeh);
    return -1;
  }
  return r;
}

char *
do_hivex_value_key (int64_t valueh)
{
  char *r;

  if (need_hive () == -1 || check_handle ("value", valueh) == -1)
    return NULL;
  r = hivex_value_key (hive, valueh);
  if (r == NULL)
    reply_with_perror ("value %" PRIi64, valueh);
  return r;
}

int64_t
do_hivex_value_type (int64_t valueh)
{
  hive_type t;
  size_t len;

  if (need_hive () == -1 || check_handle ("value", valueh) == -1)
    return -1;
  if (hivex_value_type (hive, valueh, &t, &len) == -1) {
    reply_with_perror ("value %" PRIi64, valueh);
    return -1;
  }
  return t;
}

char *
do_hivex_value_value (int64_t valueh, size_t *size_r)
{
  hive_type t;
  size_t len;
  char *r;

  if (need_hive () == -1 || check_handle ("value", valueh) == -1)
    return NULL;
  /* The size first, so that a huge value is refused before libhivex
   * assembles it in memory.
   */
  if (hivex_value_type (hive, valueh, &t, &len) == -1) {
    reply_with_perror ("value %" PRIi64, valueh);
    return NULL;
  }
  if (len > DAEMON_MAX_READ) {
    reply_with_error_errno (EFBIG, "value %" PRIi64 ": %zu bytes is too large",
                            valueh, len);
    return NULL;
  }
  r = hivex_value_value (hive, valueh, &t, &len);
  if (r == NULL) {
    reply_with_perror ("value %" PRIi64, valueh);
    return NULL;
  }
  if (len > DAEMON_MAX_READ) {
    free (r);
    reply_with_error_errno (EFBIG, "value %" PRIi64 ": %zu bytes is too large",
                            valueh, len);
    return NULL;
  }
  *size_r = len;
  return r;
}

char *
do_hivex_value_string (int64_t valueh)
{
  char *r;

  if (need_hive () == -1 || check_handle ("value", valueh) == -1)
    return NULL;
  r = hivex_value_string (hive, valueh);
  if (r == NULL) {
    reply_with_perror ("value %" PRIi64, valueh);
    return NULL;
  }
  if (strlen (r) > DAEMON_MAX_READ) {
    free (r);
    reply_with_error_errno (EFBIG, "value %" PRIi64 ": string too large",
                            valueh);
    return NULL;
  }
  return r;
}

char *
do_hivex_value_utf8 (int64_t valueh)
{
  return do_hivex_value_string (valueh);
}

int64_t
do_hivex_node_add_child (int64_t parent, const char *name)
{
  hive_node_h r;

  if (need_writable () == -1 || check_handle ("node", parent) == -1)
    return -1;
  r = hivex_node_add_child (hive, parent, name);
  if (r == 0) {
    reply_with_perror ("add child '%s' to node %" PRIi64, name, parent);
    return -1;
  }
  return r;
}

int
do_hivex_node_delete_child (int64_t nodeh)
{
  if (need_writable () == -1 || check_handle ("node", nodeh) == -1)
    return -1;
  if (hivex_node_delete_child (hive, nodeh) == -1) {
    reply_with_perror ("delete node %" PRIi64, nodeh);
    return -1;
  }
  return 0;
}

int
do_hivex_node_set_value (int64_t nodeh, const char *key, int64_t t,
                         const char *val, size_t val_size)
{
  hive_set_value v;

  if (need_writable () == -1 || check_handle ("node", nodeh) == -1)
    return -1;
  /* Windows keeps value types in 32 bits. */
  if (t < 0 || t > UINT32_MAX) {
    reply_with_error_errno (EINVAL, "invalid value type %" PRIi64, t);
    return -1;
  }
  v.key = (char *) key;
  v.t = t;
  v.len = val_size;
  v.value = (char *) val;
  if (hivex_node_set_value (hive, nodeh, &v, 0) == -1) {
    reply_with_perror ("set value '%s' of node %" PRIi64, key, nodeh);
    return -1;
  }
  return 0;
}
