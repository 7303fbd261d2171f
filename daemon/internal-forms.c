/* careen - offline disk-image toolkit */

/**
 * The internal_* forms of write, write_append, lstatnslist,
 * lxattrlist and readlinklist.  Another implementation's library
 * reaches those calls through these names, so a program linked against
 * it finds them here too; they behave exactly like the public calls.
 */

#include <config.h>

#include "daemon.h"

int
do_internal_write (const char *path, const char *content,
                   size_t content_size)
{
  return do_write (path, content, content_size);
}

int
do_internal_write_append (const char *path, const char *content,
                          size_t content_size)
{
  return do_write_append (path, content, content_size);
}

struct guestfs_statns_list *
do_internal_lstatnslist (const char *path, char *const *names)
{
  return do_lstatnslist (path, names);
}

struct guestfs_xattr_list *
do_internal_lxattrlist (const char *path, char *const *names)
{
  return do_lxattrlist (path, names);
}

char **
do_internal_readlinklist (const char *path, char *const *names)
{
  return do_readlinklist (path, names);
}
