/** careen - offline disk-image toolkit
 * Writes man/guestfs-compat.pod: which calls of the libguestfs C API
 * careen has and which it lacks, from the API table and libguestfs's
 * binary interface kept as data in generator/libguestfs-abi.txt.
 * Users porting a program see at a glance whether it can run, and the
 * list shrinks by itself as calls are added to the table.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generator.h"

/* Prints names as one verbatim block, several to a line, so that the
 * long lists stay readable in a terminal.
 */
struct columns {
  size_t col;
};

static void
column_add (struct columns *c, const char *name)
{
  size_t len = strlen (name);

  if (c->col > 0 && c->col + 2 + len > 76) {
    pr ("\n");
    c->col = 0;
  }
  if (c->col == 0) {
    pr (" %s", name);
    c->col = 1 + len;
  }
  else {
    pr ("  %s", name);
    c->col += 2 + len;
  }
}

static void
column_end (struct columns *c)
{
  if (c->col > 0)
    pr ("\n");
  pr ("\n");
  c->col = 0;
}

static bool
in_libguestfs (const struct api_action *a)
{
  return find_abi_symbol (a->name) != NULL ||
    find_abi_symbol (c_name (a)) != NULL;
}

void
generate_compat_pod (const char *srcdir)
{
  struct columns c = { 0 };
  size_t i, calls = 0, have = 0, extra = 0;

  for (i = 0; i < nr_abi_symbols; ++i)
    if (is_call_name (abi_symbols[i].name)) {
      calls++;
      if (careen_exports (abi_symbols[i].name))
        have++;
    }
  for (i = 0; i < nr_actions; ++i)
    if (!in_libguestfs (actions[i]))
      extra++;

  output_start (srcdir, "man/guestfs-compat.pod");
  pr_banner_pod ("gen-compat.c");

  pr ("careen has %zu of the %zu calls of the libguestfs C API; a "
      "program that uses only those builds and runs unchanged.  Calls "
      "whose names start with C<internal_> or C<debug> are for testing "
      "libguestfs itself.\n\n", have, calls);

  pr ("=head2 Calls careen has\n\n");
  for (i = 0; i < nr_abi_symbols; ++i)
    if (is_call_name (abi_symbols[i].name) &&
        careen_exports (abi_symbols[i].name))
      column_add (&c, abi_symbols[i].name);
  column_end (&c);

  pr ("=head2 Calls careen does not have yet\n\n");
  pr ("careen's F<libguestfs.so.0> exports these, so that programs and "
      "language bindings built against libguestfs load and run, but each "
      "fails with C<ENOTSUP> and an error saying why.  They are not "
      "declared in careen's F<guestfs.h> (a program using one does not "
      "build; check with the C<GUESTFS_HAVE_*> macros), and guestfish "
      "answers \"unknown command\" for them.\n\n"
      "=over 4\n\n");
  for (i = 0; i < nr_abi_symbols; ++i)
    if (is_call_name (abi_symbols[i].name) &&
        !careen_exports (abi_symbols[i].name))
      pr ("=item C<%s>\n\n%s.\n\n", abi_symbols[i].name,
          fallback_reason (abi_symbols[i].name));
  pr ("=back\n\n");

  pr ("libguestfs's private functions (for its own tools and tests) that "
      "careen lacks are exported the same way:\n\n");
  for (i = 0; i < nr_abi_symbols; ++i)
    if (abi_symbols[i].section == ABI_PRIVATE &&
        needs_fallback (&abi_symbols[i]))
      column_add (&c, abi_symbols[i].name);
  column_end (&c);

  if (extra > 0) {
    pr ("=head2 Calls only careen has\n\n");
    for (i = 0; i < nr_actions; ++i)
      if (!in_libguestfs (actions[i]))
        column_add (&c, actions[i]->name);
    column_end (&c);
  }
  output_end ();
}
