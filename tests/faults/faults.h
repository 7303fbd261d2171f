/* careen - offline disk-image toolkit
 * Helpers shared by the fault tests: counted checks, a clock, our qemu
 * children found through /proc, and the private tmpdir base each test
 * gives its handles so that leftovers can be seen.
 */

#ifndef CAREEN_TESTS_FAULTS_H
#define CAREEN_TESTS_FAULTS_H

#include <stdbool.h>
#include <sys/types.h>

#include "guestfs.h"
#include "qemu-child.h"
#include "remove-tree.h"

extern int failures;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf (stderr, "%s:%d: check failed: %s\n",                     \
               __FILE__, __LINE__, #cond);                              \
      __atomic_add_fetch (&failures, 1, __ATOMIC_SEQ_CST);              \
    }                                                                   \
  } while (0)

/* Longest time a call may take to notice that qemu was killed, and
 * guestfs_close to return afterwards.
 */
#define MAX_DEATH_NOTICE_S 10
#define MAX_CLOSE_S 8

extern double now (void);
/* Skips (exit 77) unless run through ./run; honours SKIP_<NAME>=1. */
extern void faults_init (const char *skip_var);
/* A new private directory under /tmp; the path is newly allocated. */
extern char *make_private_dir (const char *what);
/* Number of entries in a directory (not . and ..), -1 if unreadable. */
extern int count_entries (const char *dir);
/* Removes a directory tree (test files only). */
/* A tar archive (sparse) with one member "big" of size zero bytes. */
extern void make_big_tar (const char *path, long long size);
/* Exits 0, or 1 when a check failed. */
extern void faults_exit (const char *file) __attribute__ ((noreturn));

#endif
