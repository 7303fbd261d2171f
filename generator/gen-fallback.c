/** careen - offline disk-image toolkit
 * Writes lib/fallback-gen.c: an entry point for every function of
 * libguestfs.so.0 that careen does not have yet.  Programs and language
 * bindings linked against libguestfs resolve all their symbols when they
 * load careen's library; calling one of these fails with ENOTSUP and
 * says so, it never pretends.  They are not declared in guestfs.h, so a
 * program compiled against careen cannot call them by mistake (its
 * GUESTFS_HAVE_* macro is absent).
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "generator.h"

/* Why careen lacks a call, for its error message and the compatibility
 * page, by name prefix (first match wins).  NULL: the generic reason.
 */
static const struct {
  const char *prefix;
  const char *why;
} reasons[] = {
  { "list_9p", "careen attaches no 9p shares to its appliance" },
  { "mount_9p", "careen attaches no 9p shares to its appliance" },
  { "internal_exit", "A self-test hook of libguestfs's daemon that careen "
    "does not have" },
  { "internal_rhbz914931", "A self-test hook of libguestfs's daemon that "
    "careen does not have" },
};

const char *
fallback_reason (const char *name)
{
  size_t i;

  for (i = 0; i < sizeof reasons / sizeof reasons[0]; ++i)
    if (strncmp (name, reasons[i].prefix, strlen (reasons[i].prefix)) == 0)
      return reasons[i].why;
  return "careen does not have this libguestfs call";
}

static const char *
kind_c_type (enum abi_kind k)
{
  switch (k) {
  case ABI_VOID: return "void ";
  case ABI_INT: return "int ";
  case ABI_INT64: return "int64_t ";
  case ABI_PTR: return "void *";
  }
  die ("kind_c_type: bad kind %d", (int) k);
}

static const char *
kind_error_value (enum abi_kind k)
{
  switch (k) {
  case ABI_VOID: return "";
  case ABI_INT: case ABI_INT64: return " -1";
  case ABI_PTR: return " NULL";
  }
  die ("kind_error_value: bad kind %d", (int) k);
}

void
generate_lib_fallback (const char *srcdir)
{
  size_t i, n = 0;

  output_start (srcdir, "lib/fallback-gen.c");
  pr_banner_c ("gen-fallback.c",
               "Entry points of libguestfs's functions that careen does not\n"
               " * have: each fails with ENOTSUP.  Only the first argument (the\n"
               " * handle) is read, so one prototype serves every signature of the\n"
               " * same return kind.");
  pr ("#include <config.h>\n"
      "\n"
      "#include <errno.h>\n"
      "#include <stdint.h>\n"
      "#include <stdlib.h>\n"
      "\n"
      "#include \"guestfs.h\"\n"
      "#include \"guestfs-internal.h\"\n"
      "\n");
  for (i = 0; i < nr_abi_symbols; ++i) {
    const struct abi_symbol *s = &abi_symbols[i];
    const char *t = kind_c_type (s->kind);

    if (!needs_fallback (s))
      continue;
    n++;
    pr ("extern GUESTFS_DLL_PUBLIC %sguestfs_%s (guestfs_h *g, ...);\n"
        "%s\n"
        "guestfs_%s (guestfs_h *g, ...)\n"
        "{\n"
        "  guestfs_int_not_implemented (g, \"%s\",\n"
        "                               \"%s\");\n",
        t, s->name, t, s->name, s->name, fallback_reason (s->name));
    if (s->kind != ABI_VOID)
      pr ("  return%s;\n", kind_error_value (s->kind));
    pr ("}\n\n");
  }
  if (n == 0)
    pr ("/* careen has every function of libguestfs. */\n"
        "extern int guestfs_int_fallback_none;\n");
  output_end ();
}

void
pr_fallback_symbols (void)
{
  size_t i;

  for (i = 0; i < nr_abi_symbols; ++i)
    if (needs_fallback (&abi_symbols[i]))
      pr ("    guestfs_%s;\n", abi_symbols[i].name);
}
