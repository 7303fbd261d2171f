/* careen - offline disk-image toolkit
 * Helpers shared by the API tests: checks that count failures instead of
 * stopping (so one run reports every broken call), checks of an expected
 * error and its errno, and the one launch each program makes.
 */

#ifndef CAREEN_TESTS_API_H
#define CAREEN_TESTS_API_H

#include <stdbool.h>
#include <stdint.h>

#include "guestfs.h"

/* tests.c */
extern int test_failures;

/* A check that failed is printed with its line and counted; the
 * program goes on and exits 1 at the end (test_exit).
 */
#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond))                                                        \
      test_fail (__FILE__, __LINE__, "check failed: %s", #cond);       \
  } while (0)

/* Whether a call's result is its error value: -1 for the integer
 * kinds, NULL for the pointer kinds (chosen by the result's type).
 */
#define test_failed(v)                                                  \
  _Generic ((v),                                                        \
            int: test_int_failed,                                       \
            long: test_i64_failed,                                      \
            long long: test_i64_failed,                                 \
            default: test_ptr_failed) (v)

/* The call (an expression) must fail with this errno. */
#define CHECK_ERROR(g, expr, err)                                       \
  do {                                                                  \
    guestfs_push_error_handler ((g), NULL, NULL);                       \
    bool failed_ = test_failed (expr);                                  \
    int errno_ = guestfs_last_errno (g);                                \
    guestfs_pop_error_handler (g);                                      \
    if (!failed_)                                                       \
      test_fail (__FILE__, __LINE__, "expected an error: %s", #expr);   \
    else if (errno_ != (err))                                           \
      test_fail (__FILE__, __LINE__, "%s: errno %d (%s), expected %s",  \
                 #expr, errno_, guestfs_last_error (g), #err);          \
  } while (0)

/* The call must fail, whatever the errno (a tool's own refusal). */
#define CHECK_FAILS(g, expr)                                            \
  do {                                                                  \
    guestfs_push_error_handler ((g), NULL, NULL);                       \
    if (!test_failed (expr))                                            \
      test_fail (__FILE__, __LINE__, "expected an error: %s", #expr);   \
    guestfs_pop_error_handler (g);                                      \
  } while (0)

/* The call must succeed; the library has printed why it did not. */
#define CHECK_OK(expr)                                                  \
  do {                                                                  \
    if (test_failed (expr))                                             \
      test_fail (__FILE__, __LINE__, "failed: %s", #expr);              \
  } while (0)

#define CHECK_STREQ(a, b)                                               \
  do {                                                                  \
    const char *a_ = (a), *b_ = (b);                                    \
    if (a_ == NULL || b_ == NULL || strcmp (a_, b_) != 0)               \
      test_fail (__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"",   \
                 #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");           \
  } while (0)

extern void test_fail (const char *file, int line, const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));
/* For test_failed. */
extern bool test_int_failed (int v);
extern bool test_i64_failed (int64_t v);
extern bool test_ptr_failed (const void *p);

/* Creates the handle, skipping (exit 77) when SKIP_<NAME>=1 or the
 * build tree's appliance is not there (not run through ./run).
 */
extern guestfs_h *test_create (const char *name);
/* Launches; exits 77 with the reason when this host lacks a feature the
 * appliance needs (no qemu, no readable kernel), 1 on any other failure.
 */
extern void test_launch (guestfs_h *g);
/* Adds a sparse raw disk of size bytes made in a temporary directory
 * removed at exit; returns its path.
 */
extern const char *test_add_disk (guestfs_h *g, int64_t size);
/* Adds a disk holding an ext4 filesystem (no partition table) made by
 * mke2fs -d from the host directory dir: how tests get guest contents
 * the API cannot make (symlinks).  Skips (77) without mke2fs.
 */
extern const char *test_add_ext4_from_dir (guestfs_h *g, const char *dir,
                                           int64_t size);
/* Shuts down and closes the handle, then exits 0, or 1 if any check
 * failed.
 */
/* The device (a new string) of the disk whose size is SIZE bytes, for
 * tests that add disks of different sizes; exits if there is none.
 */
extern char *test_disk_of_size (guestfs_h *g, int64_t size);

/* One entry of a host tree that a test filesystem is made from. */
struct test_tree_entry {
  const char *path;             /* relative to the tree */
  const char *link;             /* symlink target, or NULL */
  const char *content;          /* file content, or NULL for a directory */
};

/* Makes the directory TEMPLATE (mkdtemp, changed in place) and the N
 * ENTRIES in it, in order.  Exits on failure.
 */
extern void test_make_tree (char *template,
                            const struct test_tree_entry *entries, size_t n);

/* Removes DIR and everything under it (a warning if it cannot). */
extern void test_remove_tree (const char *dir);

/* Copies the host program PROGRAM to DIR/AS, and the shared libraries
 * it needs to their own paths under DIR, so that a guest made from DIR
 * can run it.  Exits on failure.
 */
extern void test_copy_host_program (const char *dir, const char *program,
                                    const char *as);

/* The monotonic clock in seconds, for bounds on how long a call took. */
extern double test_now (void);

/* The whole content of a host file (malloc'd, with a final NUL not
 * counted), its size in *len_r; NULL (and 0) if it cannot be read.
 */
extern char *test_read_local (const char *path, size_t *len_r);

extern void test_exit (guestfs_h *g) __attribute__ ((noreturn));

/* Counts the elements of a NULL-terminated list, and frees one. */
extern size_t test_count (char **list);
extern void test_free_list (char **list);
/* True if the list contains s. */
extern bool test_list_has (char **list, const char *s);
/* The value of key in a hashtable list, or NULL. */
extern const char *test_hash_get (char **hash, const char *key);

#endif /* CAREEN_TESTS_API_H */
