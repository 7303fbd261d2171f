/* careen - offline disk-image toolkit
 * vector: the one growable array of the tree.
 *
 *   DEFINE_VECTOR_TYPE (offset_vector, uint64_t);
 *   struct offset_vector v = VECTOR_INIT;
 *   if (offset_vector_append (&v, off) == -1) ...   (errno ENOMEM)
 *   ... v.ptr[0] .. v.ptr[v.len - 1] ...
 *   offset_vector_release (&v);
 *
 * Growth is geometric and every size computation is checked for
 * overflow, so a length that came from hostile data can make an append
 * fail with ENOMEM but never wrap into a short allocation.
 */

#ifndef CAREEN_VECTOR_H
#define CAREEN_VECTOR_H

#include <stddef.h>
#include <stdlib.h>

#define VECTOR_INIT { NULL, 0, 0 }

/* vector.c.  Makes room for at least n more elements of elem_size bytes
 * after the first len in *ptr (which has room for *cap).  Returns 0, or
 * -1 with errno ENOMEM and *ptr, *cap untouched.
 */
extern int vector_reserve (void **ptr, size_t *cap, size_t len, size_t n,
                           size_t elem_size);

/* Defines struct NAME { TYPE *ptr; size_t len; size_t cap; } and its
 * functions NAME_reserve, NAME_append, NAME_release (frees the array,
 * not what its elements point to) and NAME_steal (hands the array to
 * the caller and leaves the vector empty).
 */
#define DEFINE_VECTOR_TYPE(name, type)                                  \
  struct name {                                                         \
    type *ptr;                                                          \
    size_t len;                                                         \
    size_t cap;                                                         \
  };                                                                    \
  static inline __attribute__ ((__unused__)) int                        \
  name##_reserve (struct name *v, size_t n)                             \
  {                                                                     \
    return vector_reserve ((void **) &v->ptr, &v->cap, v->len, n,       \
                           sizeof (type));                              \
  }                                                                     \
  static inline __attribute__ ((__unused__)) int                        \
  name##_append (struct name *v, type elem)                             \
  {                                                                     \
    if (name##_reserve (v, 1) == -1)                                    \
      return -1;                                                        \
    v->ptr[v->len++] = elem;                                            \
    return 0;                                                           \
  }                                                                     \
  static inline __attribute__ ((__unused__)) void                       \
  name##_release (struct name *v)                                       \
  {                                                                     \
    free (v->ptr);                                                      \
    v->ptr = NULL;                                                      \
    v->len = v->cap = 0;                                                \
  }                                                                     \
  static inline __attribute__ ((__unused__)) type *                     \
  name##_steal (struct name *v)                                         \
  {                                                                     \
    type *p = v->ptr;                                                   \
    v->ptr = NULL;                                                      \
    v->len = v->cap = 0;                                                \
    return p;                                                           \
  }

#endif /* CAREEN_VECTOR_H */
