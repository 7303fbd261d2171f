/** careen - offline disk-image toolkit
 * Writes, into lib/structs-gen.c, guestfs_copy_S and guestfs_compare_S
 * (and their _list forms) for every struct: libguestfs exports them, and
 * language bindings built for it call them.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "generator.h"

static bool
has_pointers (const struct api_struct *s)
{
  size_t j;

  for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j)
    if (s->fields[j].type == FIELD_STRING ||
        s->fields[j].type == FIELD_BUFFER)
      return true;
  return false;
}

/* Deep copy: the strings and buffers of the copy are its own, so the
 * caller frees it with guestfs_free_S whatever happens to the original.
 * NULL with errno ENOMEM when memory runs out.
 */
static void
pr_copy (const struct api_struct *s)
{
  size_t j;
  const char *n = s->name;

  pr ("static int\n"
      "copy_%s_fields (struct guestfs_%s *dst, const struct guestfs_%s *src)\n"
      "{\n"
      "  *dst = *src;\n", n, n, n);
  for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j)
    if (s->fields[j].type == FIELD_STRING ||
        s->fields[j].type == FIELD_BUFFER)
      pr ("  dst->%s = NULL;\n", s->fields[j].name);
  for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j) {
    const char *f = s->fields[j].name;

    if (s->fields[j].type == FIELD_STRING)
      pr ("  if (src->%s != NULL &&\n"
          "      (dst->%s = strdup (src->%s)) == NULL)\n"
          "    goto nomem;\n", f, f, f);
    else if (s->fields[j].type == FIELD_BUFFER)
      pr ("  if (src->%s != NULL) {\n"
          "    /* One more byte: buffers from the appliance end in NUL. */\n"
          "    if ((dst->%s = malloc (src->%s_len + 1)) == NULL)\n"
          "      goto nomem;\n"
          "    memcpy (dst->%s, src->%s, src->%s_len);\n"
          "    dst->%s[src->%s_len] = '\\0';\n"
          "  }\n", f, f, f, f, f, f, f, f);
  }
  pr ("  return 0;\n");
  if (has_pointers (s))
    pr ("\n"
        " nomem:\n"
        "  free_%s_fields (dst);\n"
        "  return -1;\n", n);
  pr ("}\n\n");

  pr ("struct guestfs_%s *\n"
      "guestfs_copy_%s (const struct guestfs_%s *src)\n"
      "{\n"
      "  struct guestfs_%s *dst = malloc (sizeof *dst);\n"
      "\n"
      "  if (dst == NULL)\n"
      "    return NULL;\n"
      "  if (copy_%s_fields (dst, src) == -1) {\n"
      "    free (dst);\n"
      "    return NULL;\n"
      "  }\n"
      "  return dst;\n"
      "}\n\n", n, n, n, n, n);

  pr ("struct guestfs_%s_list *\n"
      "guestfs_copy_%s_list (const struct guestfs_%s_list *src)\n"
      "{\n"
      "  struct guestfs_%s_list *dst = malloc (sizeof *dst);\n"
      "  uint32_t i;\n"
      "\n"
      "  if (dst == NULL)\n"
      "    return NULL;\n"
      "  dst->len = 0;\n"
      "  dst->val = calloc (src->len > 0 ? src->len : 1, sizeof *dst->val);\n"
      "  if (dst->val == NULL) {\n"
      "    free (dst);\n"
      "    return NULL;\n"
      "  }\n"
      "  for (i = 0; i < src->len; ++i) {\n"
      "    if (copy_%s_fields (&dst->val[i], &src->val[i]) == -1) {\n"
      "      guestfs_free_%s_list (dst);\n"
      "      return NULL;\n"
      "    }\n"
      "    dst->len++;\n"
      "  }\n"
      "  return dst;\n"
      "}\n\n", n, n, n, n, n, n);
}

/* Field by field in declaration order, as memcmp/strcmp order them:
 * negative, zero or positive.  A NULL string sorts before any other.
 */
static void
pr_compare (const struct api_struct *s)
{
  size_t j;
  const char *n = s->name;

  pr ("int\n"
      "guestfs_compare_%s (const struct guestfs_%s *a, const struct guestfs_%s *b)\n"
      "{\n"
      "  int r = 0;\n"
      "\n", n, n, n);
  for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j) {
    const char *f = s->fields[j].name;

    switch (s->fields[j].type) {
    case FIELD_STRING:
      pr ("  r = compare_strings (a->%s, b->%s);\n", f, f);
      break;
    case FIELD_UUID:
      pr ("  r = memcmp (a->%s, b->%s, sizeof a->%s);\n", f, f, f);
      break;
    case FIELD_BUFFER:
      pr ("  r = compare_buffers (a->%s, a->%s_len, b->%s, b->%s_len);\n",
          f, f, f, f);
      break;
    default:
      pr ("  r = (a->%s > b->%s) - (a->%s < b->%s);\n", f, f, f, f);
      break;
    }
    pr ("  if (r != 0)\n"
        "    return r;\n");
  }
  pr ("  return r;\n"
      "}\n\n");

  /* Element by element; a list that is a prefix of the other is less. */
  pr ("int\n"
      "guestfs_compare_%s_list (const struct guestfs_%s_list *a,\n"
      "                         const struct guestfs_%s_list *b)\n"
      "{\n"
      "  uint32_t i;\n"
      "\n"
      "  for (i = 0; i < a->len && i < b->len; ++i) {\n"
      "    int r = guestfs_compare_%s (&a->val[i], &b->val[i]);\n"
      "\n"
      "    if (r != 0)\n"
      "      return r;\n"
      "  }\n"
      "  return (a->len > b->len) - (a->len < b->len);\n"
      "}\n\n", n, n, n, n);
}

void
pr_struct_copy_compare_functions (void)
{
  size_t i;

  pr ("static int\n"
      "compare_strings (const char *a, const char *b)\n"
      "{\n"
      "  if (a == NULL || b == NULL)\n"
      "    return (a != NULL) - (b != NULL);\n"
      "  return strcmp (a, b);\n"
      "}\n\n"
      "static int\n"
      "compare_buffers (const char *a, uint32_t alen,\n"
      "                 const char *b, uint32_t blen)\n"
      "{\n"
      "  uint32_t n = alen < blen ? alen : blen;\n"
      "  int r = n > 0 ? memcmp (a, b, n) : 0;\n"
      "\n"
      "  return r != 0 ? r : (alen > blen) - (alen < blen);\n"
      "}\n\n");
  for (i = 0; api_structs[i].name; ++i) {
    pr_copy (&api_structs[i]);
    pr_compare (&api_structs[i]);
  }
}
