/* careen - offline disk-image toolkit */

/**
 * internal_feature_available: the answer of feature_available for one
 * group as a number (0 available, 1 not, 2 unknown group) instead of an
 * error for an unknown group, as another implementation's library
 * expects from this call.
 */

#include <config.h>

#include <string.h>

#include "daemon.h"

int
do_internal_feature_available (const char *group)
{
  CLEANUP_FREE_STRING_LIST char **all = do_available_all_groups ();
  char *one[] = { (char *) group, NULL };
  size_t i;
  int r;

  if (all == NULL)
    return -1;
  for (i = 0; all[i] != NULL; ++i)
    if (strcmp (all[i], group) == 0)
      break;
  if (all[i] == NULL)
    return 2;
  r = do_feature_available (one);
  if (r == -1)
    return -1;
  return r == 1 ? 0 : 1;
}
