/* careen - offline disk-image toolkit
 * The s/// expressions of virt-edit -e and virt-customize --edit:
 * each case is what perl -pe gives for the same expression and input.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit-expr.h"

static int failures;

static void
check (const char *expr, const char *in, const char *want)
{
  struct edit_expr *e = edit_expr_compile ("test", "-e", expr);
  char *out = NULL;
  size_t len;

  if (e == NULL) {
    if (want != NULL) {
      fprintf (stderr, "FAIL: %s: did not compile\n", expr);
      failures++;
    }
    return;
  }
  if (want == NULL) {
    fprintf (stderr, "FAIL: %s: compiled but should not\n", expr);
    failures++;
  }
  else if (edit_expr_apply ("test", &e, 1, in, strlen (in), &out, &len) == -1 ||
           len != strlen (want) || memcmp (out, want, len) != 0) {
    fprintf (stderr, "FAIL: %s on \"%s\": got \"%.*s\", want \"%s\"\n",
             expr, in, out ? (int) len : 0, out ? out : "", want);
    failures++;
  }
  free (out);
  edit_expr_free (e);
}

int
main (void)
{
  /* Each line separately; first match only without /g. */
  check ("s/a/b/", "aaa\naa\n", "baa\nba\n");
  check ("s/a/b/g", "aaa\naa\n", "bbb\nbb\n");
  check ("s/A/b/gi", "aA\n", "bb\n");
  /* Captures in every spelling. */
  check ("s/(\\w+)=(\\w+)/$2=$1/", "k=v\n", "v=k\n");
  check ("s/(\\w+)=(\\w+)/${2}x=\\1/", "k=v\n", "vx=k\n");
  check ("s/v/[$&]/", "k=v\n", "k=[v]\n");
  /* $ matches before the line's newline, as in Perl. */
  check ("s/$/;/", "a\nb\n", "a;\nb;\n");
  check ("s/^/# /", "a\nb", "# a\n# b");
  /* Other delimiters, escaped delimiters. */
  check ("s|/etc|/usr/etc|", "/etc/x\n", "/usr/etc/x\n");
  check ("s/\\/etc/\\/opt/", "/etc/x\n", "/opt/x\n");
  check ("s{a}{b}g", "aba\n", "bbb\n");
  check ("s{(a)} [<$1>]", "xa\n", "x<a>\n");
  /* Escapes in the replacement. */
  check ("s/ /\\t/", "a b\n", "a\tb\n");
  check ("s/x/\\$/", "x\n", "$\n");
  check ("s/(a)/\\U$1/", "a\n", "A\n");
  /* The newline itself can be replaced (perl -pe sees it). */
  check ("s/\\n//", "a\nb\n", "ab");
  /* Bad expressions: refused with a message, never applied. */
  check ("y/a/b/", "", NULL);
  check ("s/a/b", "", NULL);
  check ("s/a/b/e", "", NULL);
  check ("s/(/b/", "", NULL);
  check ("s/a/$x/", "", NULL);
  check ("sabac", "", NULL);

  /* Several expressions in order. */
  {
    struct edit_expr *e[2];
    char *out = NULL;
    size_t len;

    e[0] = edit_expr_compile ("test", "-e", "s/a/b/g");
    e[1] = edit_expr_compile ("test", "-e", "s/b/c/");
    if (e[0] == NULL || e[1] == NULL ||
        edit_expr_apply ("test", e, 2, "ab\n", 3, &out, &len) == -1 ||
        len != 3 || memcmp (out, "cb\n", 3) != 0) {
      fprintf (stderr, "FAIL: two expressions\n");
      failures++;
    }
    free (out);
    edit_expr_free (e[0]);
    edit_expr_free (e[1]);
  }

  if (failures) {
    fprintf (stderr, "test-edit-expr: %d failures\n", failures);
    return EXIT_FAILURE;
  }
  printf ("test-edit-expr: all checks passed\n");
  return EXIT_SUCCESS;
}
