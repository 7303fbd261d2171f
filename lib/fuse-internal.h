/* careen - offline disk-image toolkit
 * The local mount (mount_local): the state shared by lib/fuse-*.c.
 * Only those files include <fuse.h>; the handle holds an opaque pointer.
 */

#ifndef CAREEN_FUSE_INTERNAL_H
#define CAREEN_FUSE_INTERNAL_H

#define FUSE_USE_VERSION 31

#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

#include <fuse.h>

#include "guestfs-internal.h"

/* One extended attribute, as kept in the cache. */
struct fuse_cache_xattr {
  char *name;
  char *value;
  size_t len;
};

/* What a directory listing learnt about one path.  Each part is valid
 * only when its have_ flag is set.
 */
struct fuse_cache_entry {
  struct fuse_cache_entry *next;        /* hash chain */
  char *path;
  time_t expires;
  bool have_stat;
  struct stat st;
  char *link;                           /* symlink target, or NULL */
  bool have_xattrs;
  struct fuse_cache_xattr *xattrs;
  size_t nr_xattrs;
};

struct fuse_cache {
  struct fuse_cache_entry **buckets;
  size_t count;
  int timeout;                          /* seconds; 0: keep nothing */
};

struct local_mount {
  struct fuse *fuse;
  char *mountpoint;
  bool readonly;
  bool debugcalls;
  bool running;                         /* inside mount_local_run */
  struct fuse_cache cache;
};

/* fuse-ops.c: the operations FUSE calls, each turned into calls on the
 * handle that is the FUSE private data.
 */
extern const struct fuse_operations guestfs_int_fuse_operations;

/* fuse-cache.c.  Entries expire cache.timeout seconds after they were
 * added.  get_entry returns the fresh entry of PATH or NULL; add_entry
 * returns the (possibly new, emptied if stale) entry, or NULL when the
 * cache keeps nothing; it never fails otherwise (out of memory aborts).
 */
extern void guestfs_int_fuse_cache_init (struct fuse_cache *c, int timeout);
extern void guestfs_int_fuse_cache_release (struct fuse_cache *c);
extern struct fuse_cache_entry *
guestfs_int_fuse_cache_get_entry (struct fuse_cache *c, const char *path);
extern struct fuse_cache_entry *
guestfs_int_fuse_cache_add_entry (guestfs_h *g, struct fuse_cache *c,
                                  const char *path);
/* Forget PATH and its parent directory (whose times and link count a
 * change of PATH alters).
 */
extern void guestfs_int_fuse_cache_forget (struct fuse_cache *c,
                                           const char *path);
extern void guestfs_int_fuse_cache_clear (struct fuse_cache *c);

#endif /* CAREEN_FUSE_INTERNAL_H */
