/** careen - offline disk-image toolkit
 * Reads generator/libguestfs-abi.txt, the functions libguestfs.so.0
 * exports, and answers which of them careen's own code provides: the
 * rest get the fallback entry points of gen-fallback.c, and the
 * compatibility page lists them.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generator.h"

/* More lines than libguestfs has ever had (about 970): a runaway or
 * wrong input file stops the generator instead of growing forever.
 */
#define MAX_ABI_SYMBOLS 4096
#define MAX_ABI_LINE 256

struct abi_symbol abi_symbols[MAX_ABI_SYMBOLS];
size_t nr_abi_symbols;

static int
compare_symbols (const void *a, const void *b)
{
  return strcmp (((const struct abi_symbol *) a)->name,
                 ((const struct abi_symbol *) b)->name);
}

static enum abi_section
parse_section (const char *s, const char *file, size_t lineno)
{
  if (strcmp (s, "handle") == 0) return ABI_HANDLE;
  if (strcmp (s, "struct") == 0) return ABI_STRUCT;
  if (strcmp (s, "call") == 0) return ABI_CALL;
  if (strcmp (s, "private") == 0) return ABI_PRIVATE;
  die ("%s:%zu: unknown section %s", file, lineno, s);
}

static enum abi_kind
parse_kind (const char *s, const char *file, size_t lineno)
{
  if (strcmp (s, "void") == 0) return ABI_VOID;
  if (strcmp (s, "int") == 0) return ABI_INT;
  if (strcmp (s, "int64") == 0) return ABI_INT64;
  if (strcmp (s, "ptr") == 0) return ABI_PTR;
  die ("%s:%zu: unknown return kind %s", file, lineno, s);
}

void
read_libguestfs_abi (const char *srcdir)
{
  char *file = xasprintf ("%s/generator/libguestfs-abi.txt", srcdir);
  char line[MAX_ABI_LINE + 2];
  FILE *fp = fopen (file, "r");
  size_t lineno = 0;

  if (fp == NULL)
    die ("%s: %m", file);
  while (fgets (line, sizeof line, fp) != NULL) {
    char section[16], kind[16], name[MAX_ABI_LINE];
    size_t n = strlen (line), i;

    lineno++;
    if (n > 0 && line[n-1] == '\n')
      line[--n] = '\0';
    else if (!feof (fp))
      die ("%s:%zu: line too long", file, lineno);
    if (n == 0 || line[0] == '#')
      continue;
    if (sscanf (line, "%15s %15s %255s", section, kind, name) != 3 ||
        strncmp (name, "guestfs_", 8) != 0)
      die ("%s:%zu: not \"SECTION KIND guestfs_NAME\": %s",
           file, lineno, line);
    for (i = 8; name[i]; ++i)
      if (!((name[i] >= 'a' && name[i] <= 'z') ||
            (name[i] >= 'A' && name[i] <= 'Z') ||
            (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
        die ("%s:%zu: not a function name: %s", file, lineno, name);
    if (nr_abi_symbols >= MAX_ABI_SYMBOLS)
      die ("%s: more than %d functions", file, MAX_ABI_SYMBOLS);
    abi_symbols[nr_abi_symbols].section = parse_section (section, file, lineno);
    abi_symbols[nr_abi_symbols].kind = parse_kind (kind, file, lineno);
    abi_symbols[nr_abi_symbols].name = xstrdup (name + 8);
    nr_abi_symbols++;
  }
  fclose (fp);
  free (file);
  qsort (abi_symbols, nr_abi_symbols, sizeof abi_symbols[0], compare_symbols);
}

const struct abi_symbol *
find_abi_symbol (const char *name)
{
  struct abi_symbol key = { .name = name };

  return bsearch (&key, abi_symbols, nr_abi_symbols, sizeof abi_symbols[0],
                  compare_symbols);
}

/* The names (without guestfs_) careen exports from its own code. */
static char **own;
static size_t nr_own, own_alloc;

static void
add_own (char *name)
{
  if (nr_own == own_alloc) {
    own_alloc = own_alloc ? own_alloc * 2 : 1024;
    own = realloc (own, own_alloc * sizeof *own);
    if (own == NULL)
      die ("realloc: %m");
  }
  own[nr_own++] = name;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
collect_own (void)
{
  size_t i, k;

  for (i = 0; handwritten_symbols[i]; ++i)
    add_own (xstrdup (handwritten_symbols[i] + 8));
  for (i = 0; api_structs[i].name; ++i) {
    static const char *const ops[] = { "free", "copy", "compare" };

    for (k = 0; k < sizeof ops / sizeof ops[0]; ++k) {
      add_own (xasprintf ("%s_%s", ops[k], api_structs[i].name));
      add_own (xasprintf ("%s_%s_list", ops[k], api_structs[i].name));
    }
  }
  for (i = 0; i < nr_actions; ++i) {
    const struct api_action *a = actions[i];

    if (nr_optargs (a) == 0 || (a->flags & AF_ONCE_HAD_NO_OPTARGS))
      add_own (xstrdup (a->name));
    if (nr_optargs (a) > 0) {
      add_own (xstrdup (c_name (a)));
      add_own (xasprintf ("%s_va", c_name (a)));
      add_own (xasprintf ("%s_argv", c_name (a)));
    }
  }
  qsort (own, nr_own, sizeof own[0], compare_names);
}

bool
careen_exports (const char *name)
{
  if (own == NULL)
    collect_own ();
  return bsearch (&name, own, nr_own, sizeof own[0], compare_names) != NULL;
}

bool
needs_fallback (const struct abi_symbol *s)
{
  return (s->section == ABI_CALL || s->section == ABI_PRIVATE) &&
    !careen_exports (s->name);
}

bool
is_call_name (const char *name)
{
  const struct abi_symbol *s = find_abi_symbol (name);
  size_t n = strlen (name);
  char *base;
  bool r;

  if (s == NULL || s->section != ABI_CALL)
    return false;
  if ((n > 3 && strcmp (name + n - 3, "_va") == 0) ||
      (n > 5 && strcmp (name + n - 5, "_argv") == 0))
    return false;
  if (n <= 5 || strcmp (name + n - 5, "_opts") != 0)
    return true;
  /* NAME_opts is the same call as NAME when both exist. */
  base = xstrdup (name);
  base[n - 5] = '\0';
  r = find_abi_symbol (base) == NULL;
  free (base);
  return r;
}
