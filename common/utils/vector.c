/* careen - offline disk-image toolkit
 * vector.c: growth of the typed vectors of vector.h.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>

#include "vector.h"

/* The first allocation: small enough for the common short list, large
 * enough that a few appends do not each reallocate.
 */
#define VECTOR_FIRST_CAP 8

int
vector_reserve (void **ptr, size_t *cap, size_t len, size_t n,
                size_t elem_size)
{
  size_t need, newcap, bytes;
  void *p;

  if (__builtin_add_overflow (len, n, &need))
    goto nomem;
  if (need <= *cap)
    return 0;

  newcap = *cap < VECTOR_FIRST_CAP ? VECTOR_FIRST_CAP : *cap;
  while (newcap < need)
    if (__builtin_mul_overflow (newcap, 2, &newcap))
      goto nomem;
  if (__builtin_mul_overflow (newcap, elem_size, &bytes))
    goto nomem;

  p = realloc (*ptr, bytes);
  if (p == NULL)
    goto nomem;
  *ptr = p;
  *cap = newcap;
  return 0;

 nomem:
  errno = ENOMEM;
  return -1;
}
