/** careen - offline disk-image toolkit
 *
 * set_identifier and get_identifier: a name for the handle that
 * prefixes its trace lines on standard error (events.c), so that a
 * program driving several handles can tell their traces apart.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"

/* Only these characters: the identifier is printed in front of trace
 * lines and must not be able to forge or break them.
 */
static bool
valid_identifier (const char *s)
{
  for (; *s; ++s)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
          (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
      return false;
  return true;
}

int
guestfs_impl_set_identifier (guestfs_h *g, const char *identifier)
{
  char *copy = NULL;

  if (!valid_identifier (identifier)) {
    guestfs_int_error_errno (g, EINVAL, "identifier must contain only "
                             "alphanumeric characters, underscore or minus "
                             "sign");
    return -1;
  }
  if (*identifier) {
    copy = strdup (identifier);
    if (copy == NULL)
      guestfs_int_oom (g);
  }
  free (g->identifier);
  g->identifier = copy;
  return 0;
}

const char *
guestfs_impl_get_identifier (guestfs_h *g)
{
  return g->identifier ? g->identifier : "";
}
