/* careen - offline disk-image toolkit
 * String lists: a growable builder and helpers on NULL-terminated lists.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stringsbuf.h"
#include "vector.h"

void
stringsbuf_init (struct stringsbuf *sb)
{
  sb->argv = NULL;
  sb->size = 0;
  sb->alloc = 0;
}

/* Keeps room for one more element plus the terminating NULL. */
static int
stringsbuf_grow (struct stringsbuf *sb)
{
  return vector_reserve ((void **) &sb->argv, &sb->alloc, sb->size, 2,
                         sizeof (char *));
}

int
stringsbuf_add_string_nodup (struct stringsbuf *sb, char *s)
{
  if (stringsbuf_grow (sb) == -1) {
    free (s);
    return -1;
  }
  sb->argv[sb->size++] = s;
  sb->argv[sb->size] = NULL;
  return 0;
}

int
stringsbuf_add_string (struct stringsbuf *sb, const char *s)
{
  char *copy = strdup (s);

  if (copy == NULL)
    return -1;
  return stringsbuf_add_string_nodup (sb, copy);
}

int
stringsbuf_add_format (struct stringsbuf *sb, const char *fs, ...)
{
  va_list args;
  char *s;
  int r;

  va_start (args, fs);
  r = vasprintf (&s, fs, args);
  va_end (args);
  if (r == -1)
    return -1;
  return stringsbuf_add_string_nodup (sb, s);
}

char **
stringsbuf_finish (struct stringsbuf *sb)
{
  char **ret;

  if (sb->argv == NULL) {
    ret = calloc (1, sizeof (char *));
    if (ret == NULL)
      return NULL;
  }
  else
    ret = sb->argv;
  stringsbuf_init (sb);
  return ret;
}

void
stringsbuf_release (struct stringsbuf *sb)
{
  size_t i;

  for (i = 0; i < sb->size; ++i)
    free (sb->argv[i]);
  free (sb->argv);
  stringsbuf_init (sb);
}

size_t
strings_count (char *const *list)
{
  size_t n = 0;

  if (list)
    while (list[n])
      ++n;
  return n;
}

void
strings_free (char **list)
{
  size_t i;

  if (list == NULL)
    return;
  for (i = 0; list[i] != NULL; ++i)
    free (list[i]);
  free (list);
}

char **
strings_copy (char *const *list)
{
  size_t n = strings_count (list), i;
  char **ret = calloc (n + 1, sizeof (char *));

  if (ret == NULL)
    return NULL;
  for (i = 0; i < n; ++i) {
    ret[i] = strdup (list[i]);
    if (ret[i] == NULL) {
      strings_free (ret);
      return NULL;
    }
  }
  return ret;
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

void
strings_sort (char **list)
{
  qsort (list, strings_count (list), sizeof (char *), compare_strings);
}

char *
strings_join (char *const *list, const char *sep)
{
  size_t n = strings_count (list), i, len = 1, seplen = strlen (sep);
  char *ret, *p;

  for (i = 0; i < n; ++i)
    len += strlen (list[i]) + (i > 0 ? seplen : 0);
  ret = malloc (len);
  if (ret == NULL)
    return NULL;
  p = ret;
  for (i = 0; i < n; ++i) {
    if (i > 0) {
      memcpy (p, sep, seplen);
      p += seplen;
    }
    p = stpcpy (p, list[i]);
  }
  *p = '\0';
  return ret;
}
