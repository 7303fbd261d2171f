/* careen - offline disk-image toolkit
 * What the C programs of tests/lib share: CHECK counts a failed check
 * and carries on, so one run shows every failure; TEST_LIB_EXIT ends
 * the program with the verdict.
 */

#ifndef CAREEN_TEST_LIB_H
#define CAREEN_TEST_LIB_H

#include <stdio.h>
#include <stdlib.h>

/* Failed checks so far (CHECK, or a test's own comparisons). */
static int failures;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf (stderr, "%s:%d: check failed: %s\n",                     \
               __FILE__, __LINE__, #cond);                              \
      failures++;                                                       \
    }                                                                   \
  } while (0)

#define TEST_LIB_EXIT() test_lib_exit (__FILE__)

static inline __attribute__ ((__noreturn__, __unused__)) void
test_lib_exit (const char *file)
{
  if (failures) {
    fprintf (stderr, "%s: %d check(s) failed\n", file, failures);
    exit (EXIT_FAILURE);
  }
  exit (EXIT_SUCCESS);
}

/* For programs on the public API (guestfs.h included first): expects
 * the last call to have failed (R is its result) with ERRNUM and a
 * message containing SUBSTR.
 */
#ifdef GUESTFS_H_
#include <string.h>

static inline __attribute__ ((__unused__)) void
expect_error (guestfs_h *g, int r, int errnum, const char *substr,
              const char *file, int line)
{
  const char *err = guestfs_last_error (g);

  if (r != -1 || guestfs_last_errno (g) != errnum ||
      err == NULL || strstr (err, substr) == NULL) {
    fprintf (stderr, "%s:%d: expected error %d containing '%s', got r=%d "
             "errno=%d: %s\n", file, line, errnum, substr, r,
             guestfs_last_errno (g), err ? err : "(none)");
    failures++;
  }
}
#define EXPECT_ERROR(r, e, s) \
  expect_error (g, (r), (e), (s), __FILE__, __LINE__)
#endif

#endif /* CAREEN_TEST_LIB_H */
