/* careen - offline disk-image toolkit
 * stringsbuf: build a NULL-terminated list of strings, and helpers for
 * such lists.  The one string-list facility of the tree.
 */

#ifndef CAREEN_STRINGSBUF_H
#define CAREEN_STRINGSBUF_H

#include <stddef.h>

struct stringsbuf {
  char **argv;
  size_t size;                  /* elements used, excluding the NULL */
  size_t alloc;
};

/* stringsbuf.c.  The add functions return 0, or -1 with errno ENOMEM
 * (the string given to add_string_nodup is freed in that case).
 */
extern void stringsbuf_init (struct stringsbuf *sb);
extern int stringsbuf_add_string (struct stringsbuf *sb, const char *s);
extern int stringsbuf_add_string_nodup (struct stringsbuf *sb, char *s);
extern int stringsbuf_add_format (struct stringsbuf *sb, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
/* Makes sure the list is NULL-terminated and returns it; the caller owns
 * it and the buffer is left empty.  NULL with errno ENOMEM on failure.
 */
extern char **stringsbuf_finish (struct stringsbuf *sb);
/* Frees the contents (strings and array). */
extern void stringsbuf_release (struct stringsbuf *sb);

extern size_t strings_count (char *const *list);
extern void strings_free (char **list);
/* Deep copy; NULL with errno set on failure. */
extern char **strings_copy (char *const *list);
/* Sorts in place with strcmp order. */
extern void strings_sort (char **list);
/* Joins with sep; NULL with errno set on failure. */
extern char *strings_join (char *const *list, const char *sep);

#endif /* CAREEN_STRINGSBUF_H */
