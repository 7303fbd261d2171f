/** careen - offline disk-image toolkit
 *
 * The cache of the local mount.  `ls -l` of a directory asks FUSE for
 * the attributes of every entry, one request each, and every request
 * would be a round trip to the appliance.  A directory listing instead
 * fetches the attributes, link targets and extended attributes of all
 * its entries in a few batched calls (lstatnslist, readlinklist,
 * lxattrlist) and keeps them here for cachetimeout seconds.  Every
 * change made through the mount forgets what it may have altered.
 */

#include <config.h>

#if HAVE_FUSE

#include <stdlib.h>
#include <string.h>

#include "fuse-internal.h"

/* Buckets of the path hash: a power of two. */
#define CACHE_BUCKETS 4096

/* Most entries kept at once.  A listing of a huge directory (hostile
 * guests have millions of entries) must not grow the cache without
 * bound: past this, expired entries are dropped, then everything.
 */
#define CACHE_MAX_ENTRIES 200000

static size_t
hash_path (const char *path)
{
  size_t h = 5381;

  while (*path)
    h = h * 33 + (unsigned char) *path++;
  return h & (CACHE_BUCKETS - 1);
}

static void
free_entry (struct fuse_cache_entry *e)
{
  size_t i;

  for (i = 0; i < e->nr_xattrs; ++i) {
    free (e->xattrs[i].name);
    free (e->xattrs[i].value);
  }
  free (e->xattrs);
  free (e->link);
  free (e->path);
  free (e);
}

void
guestfs_int_fuse_cache_init (struct fuse_cache *c, int timeout)
{
  c->buckets = NULL;
  c->count = 0;
  c->timeout = timeout > 0 ? timeout : 0;
}

/* Drops the entries expired at NOW, or every entry when ALL. */
static void
drop_entries (struct fuse_cache *c, bool all, time_t now)
{
  size_t b;

  if (c->buckets == NULL)
    return;
  for (b = 0; b < CACHE_BUCKETS; ++b) {
    struct fuse_cache_entry **pp = &c->buckets[b];

    while (*pp) {
      struct fuse_cache_entry *e = *pp;

      if (all || e->expires <= now) {
        *pp = e->next;
        free_entry (e);
        c->count--;
      }
      else
        pp = &e->next;
    }
  }
}

void
guestfs_int_fuse_cache_clear (struct fuse_cache *c)
{
  drop_entries (c, true, 0);
}

void
guestfs_int_fuse_cache_release (struct fuse_cache *c)
{
  guestfs_int_fuse_cache_clear (c);
  free (c->buckets);
  c->buckets = NULL;
}

/* Unlinks and frees PATH's entry if there is one. */
static void
remove_path (struct fuse_cache *c, const char *path)
{
  struct fuse_cache_entry **pp;

  if (c->buckets == NULL)
    return;
  for (pp = &c->buckets[hash_path (path)]; *pp; pp = &(*pp)->next) {
    if (strcmp ((*pp)->path, path) == 0) {
      struct fuse_cache_entry *e = *pp;

      *pp = e->next;
      free_entry (e);
      c->count--;
      return;
    }
  }
}

struct fuse_cache_entry *
guestfs_int_fuse_cache_get_entry (struct fuse_cache *c, const char *path)
{
  struct fuse_cache_entry *e;

  if (c->buckets == NULL)
    return NULL;
  for (e = c->buckets[hash_path (path)]; e; e = e->next) {
    if (strcmp (e->path, path) == 0) {
      if (e->expires <= time (NULL)) {
        remove_path (c, path);
        return NULL;
      }
      return e;
    }
  }
  return NULL;
}

struct fuse_cache_entry *
guestfs_int_fuse_cache_add_entry (guestfs_h *g, struct fuse_cache *c,
                                  const char *path)
{
  struct fuse_cache_entry *e;
  time_t now = time (NULL);
  size_t b;

  if (c->timeout == 0)
    return NULL;
  if (c->buckets == NULL) {
    c->buckets = calloc (CACHE_BUCKETS, sizeof c->buckets[0]);
    if (c->buckets == NULL)
      guestfs_int_oom (g);
  }
  remove_path (c, path);
  if (c->count >= CACHE_MAX_ENTRIES) {
    drop_entries (c, false, now);
    if (c->count >= CACHE_MAX_ENTRIES)
      drop_entries (c, true, now);
  }

  e = calloc (1, sizeof *e);
  if (e == NULL)
    guestfs_int_oom (g);
  e->path = strdup (path);
  if (e->path == NULL)
    guestfs_int_oom (g);
  e->expires = now + c->timeout;
  b = hash_path (path);
  e->next = c->buckets[b];
  c->buckets[b] = e;
  c->count++;
  return e;
}

void
guestfs_int_fuse_cache_forget (struct fuse_cache *c, const char *path)
{
  const char *slash = strrchr (path, '/');

  remove_path (c, path);
  if (slash && slash != path) {
    char *parent = strndup (path, slash - path);

    if (parent == NULL) {
      /* Cannot name the parent: forget everything rather than keep
       * something stale.
       */
      guestfs_int_fuse_cache_clear (c);
      return;
    }
    remove_path (c, parent);
    free (parent);
  }
  else
    remove_path (c, "/");
}

#endif /* HAVE_FUSE */
