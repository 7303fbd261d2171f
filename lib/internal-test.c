/** careen - offline disk-image toolkit
 *
 * The library side of the internal test calls: internal_test (which
 * has the daemon describe its arguments, so that every argument type
 * really crosses the protocol), internal_test_only_optargs, the output
 * they print on, and the constant-string returns, which only the
 * library can make (a daemon reply is never owned by the handle).
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"

/* Where the internal test calls print. */
static FILE *
output (guestfs_h *g)
{
  return g->test_output ? g->test_output : stdout;
}

/* Writes text and flushes, so a test reading the file sees it at once;
 * reports a failure to write.
 */
static int
print_output (guestfs_h *g, const char *text)
{
  FILE *fp = output (g);

  if (fputs (text, fp) == EOF || fflush (fp) == EOF) {
    perrorf (g, "internal test output");
    return -1;
  }
  return 0;
}

int
guestfs_impl_internal_test (guestfs_h *g, const char *str, const char *optstr,
                            char *const *strlist, int b, int integer,
                            int64_t integer64, const char *filein,
                            const char *fileout, const char *bufferin,
                            size_t bufferin_size,
                            const struct guestfs_internal_test_argv *optargs)
{
  struct guestfs_internal_test_format_argv fa = { .bitmask = 0 };
  CLEANUP_FREE char *text = NULL;

  /* The two calls have the same optional arguments in the same order,
   * so the bitmasks mean the same.
   */
  fa.bitmask = optargs->bitmask;
  fa.obool = optargs->obool;
  fa.oint = optargs->oint;
  fa.oint64 = optargs->oint64;
  fa.ostring = optargs->ostring;
  fa.ostringlist = optargs->ostringlist;
  text = guestfs_internal_test_format_argv (g, str, optstr, strlist, b,
                                            integer, integer64, filein,
                                            fileout, bufferin, bufferin_size,
                                            &fa);
  if (text == NULL)
    return -1;
  return print_output (g, text);
}

int
guestfs_impl_internal_test_only_optargs
  (guestfs_h *g, const struct guestfs_internal_test_only_optargs_argv *optargs)
{
  char line[32];

  if (optargs->bitmask & GUESTFS_INTERNAL_TEST_ONLY_OPTARGS_TEST_BITMASK)
    snprintf (line, sizeof line, "%d\n", optargs->test);
  else
    strcpy (line, "unset\n");
  return print_output (g, line);
}

int
guestfs_impl_internal_test_set_output (guestfs_h *g, const char *filename)
{
  FILE *fp = fopen (filename, "ae");

  if (fp == NULL) {
    perrorf (g, "open: %s", filename);
    return -1;
  }
  if (g->test_output)
    fclose (g->test_output);
  g->test_output = fp;
  return 0;
}

int
guestfs_impl_internal_test_close_output (guestfs_h *g)
{
  if (g->test_output) {
    int r = fclose (g->test_output);

    g->test_output = NULL;
    if (r == EOF) {
      perrorf (g, "close: internal test output");
      return -1;
    }
  }
  return 0;
}

const char *
guestfs_impl_internal_test_rconststring (guestfs_h *g, const char *val)
{
  return "static string";
}

const char *
guestfs_impl_internal_test_rconststringerr (guestfs_h *g)
{
  guestfs_int_error_errno (g, EDOM, "error");
  return NULL;
}

const char *
guestfs_impl_internal_test_rconstoptstring (guestfs_h *g, const char *val)
{
  return "static string";
}

const char *
guestfs_impl_internal_test_rconstoptstringerr (guestfs_h *g)
{
  return NULL;
}
