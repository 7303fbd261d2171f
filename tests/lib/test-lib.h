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

#endif /* CAREEN_TEST_LIB_H */
