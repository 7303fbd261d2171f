/* careen - offline disk-image toolkit */

/**
 * API tests of the hivex_* calls, in one launch: a hive is built from
 * the empty hive of tests/guests/write-hive (open, add_child, set_value,
 * commit), read back (root, node_name, node_children, node_get_child,
 * node_parent, node_values, node_get_value, value_key, value_type,
 * value_value, value_string, value_utf8), edited in place (commit with
 * no file name, node_delete_child) and closed; the hives written with
 * odd names and a lying value length are walked whole.
 * Failure paths: no hive open, bad handles, read-only hives, a guest
 * symlink pointing out of the guest, directories and devices.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

static char tree[] = "/tmp/careen-api-hivex.XXXXXX";
static char hives[4096];

/* The test hives (minimal, special, rlenvalue_test_hive), written by
 * tests/guests/test-hives.sh, which prints their directory.
 */
static void
find_hives (void)
{
  const char *top = getenv ("top_srcdir");
  char cmd[4200];
  FILE *fp;
  size_t n;

  snprintf (cmd, sizeof cmd, "sh '%s/tests/guests/test-hives.sh'",
            top ? top : "../..");
  fp = popen (cmd, "r");
  if (fp == NULL || fgets (hives, sizeof hives, fp) == NULL ||
      pclose (fp) != 0 || hives[0] != '/') {
    fprintf (stderr, "test-api-hivex: %s failed\n", cmd);
    exit (EXIT_FAILURE);
  }
  n = strlen (hives);
  if (n > 0 && hives[n-1] == '\n')
    hives[n-1] = '\0';
}

static void
upload_hive (guestfs_h *g, const char *name, const char *dest)
{
  char path[4200];

  snprintf (path, sizeof path, "%s/%s", hives, name);
  CHECK (guestfs_upload (g, path, dest) == 0);
}

/* "hello" as REG_SZ stores it: UTF-16LE with a final NUL. */
static const char hello_utf16[] = "h\0e\0l\0l\0o\0\0";
#define HELLO_LEN (sizeof hello_utf16 - 1)

/* Before any hive is open, every call but open fails with EINVAL. */
static void
test_not_open (guestfs_h *g)
{
  CHECK_ERROR (g, guestfs_hivex_root (g), EINVAL);
  CHECK_ERROR (g, guestfs_hivex_close (g), EINVAL);
  CHECK_ERROR (g, guestfs_hivex_commit (g, NULL), EINVAL);
  CHECK_ERROR (g, guestfs_hivex_node_name (g, 4128), EINVAL);
  CHECK_ERROR (g, guestfs_hivex_value_key (g, 4128), EINVAL);
}

/* Opening what is not a hive file in the guest. */
static void
test_open_errors (guestfs_h *g)
{
  CHECK_ERROR (g, guestfs_hivex_open (g, "/nonexistent", -1), ENOENT);
  CHECK_ERROR (g, guestfs_hivex_open (g, "/Windows", -1), EISDIR);
  CHECK_ERROR (g, guestfs_hivex_open (g, "relative", -1), EINVAL);
  /* Resolved inside the guest, where /etc/passwd does not exist: the
   * appliance's own file is never reached.
   */
  CHECK_ERROR (g, guestfs_hivex_open (g, "/escape", -1), ENOENT);
  CHECK_ERROR (g, guestfs_hivex_open (g, "/dev-link", -1), ENOENT);
  /* A text file is not a hive. */
  CHECK_FAILS (g, guestfs_hivex_open (g, "/notahive", -1));
  CHECK_ERROR (g, guestfs_hivex_root (g), EINVAL);
}

/* Builds Software\Careen with two values in a copy of the empty hive
 * and commits it to /built.
 */
static void
test_build (guestfs_h *g)
{
  int64_t root, sw, careen, sub, v;
  uint32_t dword = 0x12345678;

  CHECK (guestfs_hivex_open (g, "/Windows/System32/config/SOFTWARE",
                             GUESTFS_HIVEX_OPEN_WRITE, 1, -1) == 0);
  root = guestfs_hivex_root (g);
  CHECK (root > 0);
  {
    struct guestfs_hivex_node_list *l = guestfs_hivex_node_children (g, root);
    CHECK (l != NULL && l->len == 0);
    guestfs_free_hivex_node_list (l);
  }
  sw = guestfs_hivex_node_add_child (g, root, "Software");
  CHECK (sw > 0);
  careen = guestfs_hivex_node_add_child (g, sw, "Careen");
  CHECK (careen > 0);
  sub = guestfs_hivex_node_add_child (g, careen, "Sub");
  CHECK (sub > 0);
  CHECK_FAILS (g, guestfs_hivex_node_add_child (g, sw, "Careen"));
  CHECK_ERROR (g, guestfs_hivex_node_add_child (g, 0, "x"), EINVAL);

  CHECK (guestfs_hivex_node_set_value (g, careen, "Name", 1,
                                       hello_utf16, HELLO_LEN) == 0);
  CHECK (guestfs_hivex_node_set_value (g, careen, "", 4,
                                       (const char *) &dword, 4) == 0);
  CHECK (guestfs_hivex_node_set_value (g, careen, "Bin", 3, "\x01\x00\xff",
                                       3) == 0);
  /* Replacing keeps one value of that name. */
  CHECK (guestfs_hivex_node_set_value (g, careen, "Bin", 3, "\x02", 1) == 0);
  CHECK_ERROR (g, guestfs_hivex_node_set_value (g, careen, "T", -1, "", 0),
               EINVAL);
  CHECK_ERROR (g, guestfs_hivex_node_set_value (g, -5, "T", 1, "", 0),
               EINVAL);

  v = guestfs_hivex_node_get_value (g, careen, "bin");
  CHECK (v > 0);
  {
    size_t size = 0;
    char *data = guestfs_hivex_value_value (g, v, &size);
    CHECK (data != NULL && size == 1 && data[0] == 2);
    free (data);
  }

  CHECK_ERROR (g, guestfs_hivex_commit (g, "relative"), EINVAL);
  CHECK_ERROR (g, guestfs_hivex_commit (g, "/Windows"), EISDIR);
  CHECK (guestfs_hivex_commit (g, "/built") == 0);
  CHECK (guestfs_hivex_close (g) == 0);
  CHECK_ERROR (g, guestfs_hivex_close (g), EINVAL);
}

/* Reads /built back, read-only. */
static void
test_read (guestfs_h *g)
{
  int64_t root, sw, careen, v, dv;
  struct guestfs_hivex_node_list *nodes;
  struct guestfs_hivex_value_list *values;
  char *s;
  size_t size;

  CHECK (guestfs_hivex_open (g, "/built", -1) == 0);
  root = guestfs_hivex_root (g);
  CHECK (root > 0);
  nodes = guestfs_hivex_node_children (g, root);
  CHECK (nodes != NULL && nodes->len == 1);
  sw = nodes && nodes->len == 1 ? nodes->val[0].hivex_node_h : 0;
  guestfs_free_hivex_node_list (nodes);
  s = guestfs_hivex_node_name (g, sw);
  CHECK_STREQ (s, "Software");
  free (s);

  /* Names are compared without regard to case; a missing one is 0. */
  careen = guestfs_hivex_node_get_child (g, sw, "CAREEN");
  CHECK (careen > 0);
  CHECK (guestfs_hivex_node_get_child (g, sw, "Nothing") == 0);
  CHECK (guestfs_hivex_node_parent (g, careen) == sw);
  CHECK (guestfs_hivex_node_parent (g, sw) == root);
  CHECK_ERROR (g, guestfs_hivex_node_parent (g, root), EINVAL);

  values = guestfs_hivex_node_values (g, careen);
  CHECK (values != NULL && values->len == 3);
  guestfs_free_hivex_value_list (values);
  values = guestfs_hivex_node_values (g, sw);
  CHECK (values != NULL && values->len == 0);
  guestfs_free_hivex_value_list (values);

  v = guestfs_hivex_node_get_value (g, careen, "name");
  CHECK (v > 0);
  CHECK (guestfs_hivex_node_get_value (g, careen, "Missing") == 0);
  s = guestfs_hivex_value_key (g, v);
  CHECK_STREQ (s, "Name");
  free (s);
  CHECK (guestfs_hivex_value_type (g, v) == 1);
  s = guestfs_hivex_value_value (g, v, &size);
  CHECK (s != NULL && size == HELLO_LEN &&
         memcmp (s, hello_utf16, HELLO_LEN) == 0);
  free (s);
  s = guestfs_hivex_value_string (g, v);
  CHECK_STREQ (s, "hello");
  free (s);
  s = guestfs_hivex_value_utf8 (g, v);
  CHECK_STREQ (s, "hello");
  free (s);

  /* The default value has the empty name. */
  dv = guestfs_hivex_node_get_value (g, careen, "");
  CHECK (dv > 0);
  s = guestfs_hivex_value_key (g, dv);
  CHECK_STREQ (s, "");
  free (s);
  CHECK (guestfs_hivex_value_type (g, dv) == 4);
  s = guestfs_hivex_value_value (g, dv, &size);
  CHECK (s != NULL && size == 4 && memcmp (s, "\x78\x56\x34\x12", 4) == 0);
  free (s);
  CHECK_FAILS (g, guestfs_hivex_value_string (g, dv));

  /* Handles that are not what the call wants. */
  CHECK_ERROR (g, guestfs_hivex_node_name (g, -1), EINVAL);
  CHECK_ERROR (g, guestfs_hivex_node_name (g, 0), EINVAL);
  CHECK_FAILS (g, guestfs_hivex_node_name (g, v));
  CHECK_FAILS (g, guestfs_hivex_node_name (g, INT64_C(1) << 40));
  CHECK_FAILS (g, guestfs_hivex_node_children (g, 3));
  CHECK_FAILS (g, guestfs_hivex_value_key (g, careen));
  CHECK_FAILS (g, guestfs_hivex_value_value (g, careen, &size));
  CHECK_FAILS (g, guestfs_hivex_value_type (g, 7));

  /* Opened read-only: nothing can change. */
  CHECK_ERROR (g, guestfs_hivex_node_add_child (g, root, "New"), EROFS);
  CHECK_ERROR (g, guestfs_hivex_node_set_value (g, careen, "x", 1, "", 0),
               EROFS);
  CHECK_ERROR (g, guestfs_hivex_node_delete_child (g, careen), EROFS);
  CHECK_ERROR (g, guestfs_hivex_commit (g, NULL), EROFS);
  CHECK_ERROR (g, guestfs_hivex_commit (g, "/other"), EROFS);
  CHECK (guestfs_hivex_close (g) == 0);
}

/* Deletes a subtree and commits over the file it came from. */
static void
test_edit_in_place (guestfs_h *g)
{
  int64_t root, sw, careen;

  CHECK (guestfs_hivex_open (g, "/built", GUESTFS_HIVEX_OPEN_WRITE, 1,
                             GUESTFS_HIVEX_OPEN_UNSAFE, 0, -1) == 0);
  root = guestfs_hivex_root (g);
  sw = guestfs_hivex_node_get_child (g, root, "Software");
  careen = guestfs_hivex_node_get_child (g, sw, "Careen");
  CHECK (careen > 0);
  CHECK_FAILS (g, guestfs_hivex_node_delete_child (g, root));
  CHECK (guestfs_hivex_node_delete_child (g, careen) == 0);
  CHECK (guestfs_hivex_commit (g, NULL) == 0);
  /* Opening another hive closes this one. */
  CHECK (guestfs_hivex_open (g, "/built", -1) == 0);
  root = guestfs_hivex_root (g);
  sw = guestfs_hivex_node_get_child (g, root, "software");
  CHECK (sw > 0);
  CHECK (guestfs_hivex_node_get_child (g, sw, "Careen") == 0);
  CHECK (guestfs_hivex_close (g) == 0);
}

/* Walks every node and value of a hive, decoding every value: none of
 * the calls may fail on the hive's odd contents except value_string on
 * non-strings.  Returns the number of nodes.
 */
static size_t
walk (guestfs_h *g, int64_t node, int depth)
{
  struct guestfs_hivex_node_list *children;
  struct guestfs_hivex_value_list *values;
  size_t i, n = 1;
  char *s;

  s = guestfs_hivex_node_name (g, node);
  CHECK (s != NULL);
  free (s);
  values = guestfs_hivex_node_values (g, node);
  CHECK (values != NULL);
  for (i = 0; values && i < values->len; ++i) {
    int64_t v = values->val[i].hivex_value_h, t;
    size_t size;

    s = guestfs_hivex_value_key (g, v);
    CHECK (s != NULL);
    free (s);
    t = guestfs_hivex_value_type (g, v);
    CHECK (t >= 0);
    guestfs_push_error_handler (g, NULL, NULL);
    free (guestfs_hivex_value_value (g, v, &size));
    if (t == 1 || t == 2)
      free (guestfs_hivex_value_string (g, v));
    guestfs_pop_error_handler (g);
  }
  guestfs_free_hivex_value_list (values);

  children = guestfs_hivex_node_children (g, node);
  CHECK (children != NULL);
  for (i = 0; children && depth < 32 && i < children->len; ++i) {
    int64_t c = children->val[i].hivex_node_h;
    CHECK (guestfs_hivex_node_parent (g, c) == node);
    n += walk (g, c, depth + 1);
  }
  guestfs_free_hivex_node_list (children);
  return n;
}

static void
test_odd_hives (guestfs_h *g)
{
  CHECK (guestfs_hivex_open (g, "/special", -1) == 0);
  CHECK (walk (g, guestfs_hivex_root (g), 0) > 1);
  CHECK (guestfs_hivex_close (g) == 0);

  /* The damaged hive may be refused, but never crash the daemon. */
  guestfs_push_error_handler (g, NULL, NULL);
  if (guestfs_hivex_open (g, "/rlenvalue", -1) == 0) {
    guestfs_pop_error_handler (g);
    walk (g, guestfs_hivex_root (g), 0);
    CHECK (guestfs_hivex_close (g) == 0);
  }
  else
    guestfs_pop_error_handler (g);
  CHECK (guestfs_hivex_open (g, "/rlenvalue",
                             GUESTFS_HIVEX_OPEN_UNSAFE, 1, -1) == 0);
  walk (g, guestfs_hivex_root (g), 0);
  CHECK (guestfs_ping_daemon (g) == 0);
  /* Left open on purpose: an open hive holds nothing of the guest
   * filesystem, so the shutdown of test_exit can unmount it.
   */
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-hivex");

  find_hives ();
  if (mkdtemp (tree) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  test_add_ext4_from_dir (g, tree, 32 * MiB);
  rmdir (tree);
  test_launch (g);

  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  CHECK (guestfs_mkdir_p (g, "/Windows/System32/config") == 0);
  upload_hive (g, "minimal", "/Windows/System32/config/SOFTWARE");
  upload_hive (g, "special", "/special");
  upload_hive (g, "rlenvalue_test_hive", "/rlenvalue");
  CHECK (guestfs_write (g, "/notahive", "text\n", 5) == 0);
  CHECK (guestfs_ln_s (g, "/../../../../etc/passwd", "/escape") == 0);
  CHECK (guestfs_ln_s (g, "/dev/sda", "/dev-link") == 0);

  test_not_open (g);
  test_open_errors (g);
  test_build (g);
  test_read (g);
  test_edit_in_place (g);
  test_odd_hives (g);

  test_exit (g);
}
