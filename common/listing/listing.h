/* careen - offline disk-image toolkit
 * The long recursive listing shared by virt-ls -lR and virt-diff: the
 * walk of a guest's tree (one ls, lstatnslist, readlinklist and, when
 * asked, lxattrlist per directory) and the printing of one line per
 * file with its type, mode, size and the optional fields, separated by
 * spaces or as CSV.
 */

#ifndef CAREEN_LISTING_H
#define CAREEN_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "guestfs.h"

/* Most extended attributes accepted for one file: Linux allows a few
 * hundred small ones at most, so more is a corrupt or hostile reply.
 */
#define LISTING_MAX_XATTRS 65536

/* Which fields a line has and how they look. */
struct listing_format {
  const char *program;          /* prefix of error messages */
  bool csv;                     /* comma-separated, fields quoted */
  bool human;                   /* sizes as 1.5K, 20M ... */
  bool uids;                    /* owner and group */
  bool times;                   /* mtime and ctime (and atime, below) */
  bool atime;                   /* with times: the access time first */
  bool extra_stats;             /* device, inode, links, rdev, blocks */
  bool xattrs;                  /* the attributes after the path */
  /* Times: relative (seconds or days before now) wins over time_t
   * (seconds since the epoch), which wins over dates.
   */
  enum { LISTING_REL_NONE, LISTING_REL_SECONDS, LISTING_REL_DAYS } relative;
  bool time_t_output;
  const char *checksum;         /* checksum type of regular files, or NULL */
  /* With checksum and csv: other files get an empty checksum field, so
   * that every line has the same columns (virt-ls; virt-diff leaves
   * the field out, as libguestfs's virt-diff does).
   */
  bool csv_empty_checksum;
  time_t now;
};

/* One extended attribute; the value is binary. */
struct listing_xattr {
  char *name;
  char *val;
  size_t len;
};

/* One file found by the walk.  The strings and attributes belong to
 * the walk and live only during the visit: copy what must stay.
 */
struct listing_entry {
  const char *path;
  const struct guestfs_statns *st;
  const char *link;             /* a symlink's target, or NULL */
  const struct listing_xattr *xattrs; /* sorted by name, when asked */
  size_t nr_xattrs;
};

/* Returns 0 to go on, -1 to stop the walk (the visitor reported). */
typedef int (*listing_visit_fn) (const struct listing_entry *e,
                                 void *opaque);

/* Visits PATH, then, if it is a directory, every file below it, each
 * directory's entries in the appliance's order, each followed by its
 * own subtree.  With want_xattrs the entries carry their attributes.
 * Directories nested deeper than max_depth are an error, so a hostile
 * image cannot exhaust the stack.  Errors are printed as "PROGRAM:
 * ..." (the library's own by its handler).  Returns 0 or -1.
 */
extern int listing_walk (guestfs_h *g, const char *program, const char *path,
                         unsigned max_depth, bool want_xattrs,
                         listing_visit_fn visit, void *opaque);

/* Prints one line: PREFIX (virt-diff's "-", "+", "=") if not NULL,
 * then E's fields as FMT says.  G computes the checksum.  Returns 0,
 * or -1 when the checksum failed (the library printed why).
 */
extern int listing_print (guestfs_h *g, const struct listing_format *fmt,
                          const char *prefix, const struct listing_entry *e);

/* Copies N attributes into a new array (exits on out of memory). */
extern struct listing_xattr *listing_copy_xattrs (const char *program,
                                                  const struct listing_xattr *x,
                                                  size_t n);
extern void listing_free_xattrs (struct listing_xattr *x, size_t n);

#endif /* CAREEN_LISTING_H */
