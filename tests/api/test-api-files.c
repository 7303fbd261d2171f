/* careen - offline disk-image toolkit */

/**
 * API tests of files and directories, in one launch: touch, write,
 * write_append, cat, read_file, read_lines, mkdir, mkdir_p, rmdir, ls,
 * ll, rm, rm_rf, exists, is_file, is_dir, on success and failure.
 *
 * The guest filesystem is made on the host with mke2fs -d and holds
 * hostile symlinks (absolute, "../.." chains, through /proc, loops): the
 * calls must resolve them inside the guest and never reach the
 * appliance's own files.
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

static char tree[] = "/tmp/careen-api-tree.XXXXXX";

/* The tree the guest filesystem is made from. */
static const struct test_tree_entry entries[] = {
  { "etc", NULL, NULL },
  { "etc/hostname", NULL, "guest\n" },
  { "etc/passwd", NULL, "guestroot:x:0:0::/root:/bin/sh\n" },
  { "sub", NULL, NULL },
  { "sub/a.txt", NULL, "a\n" },
  { "abs-etc", "/etc", NULL },
  { "up-passwd", "../../../../../../../../etc/passwd", NULL },
  { "proc-escape", "/proc/self/root/etc/hostname", NULL },
  { "loop", "loop", NULL },
  { "dirlink", "sub", NULL },
  { "dangling", "/nowhere", NULL },
};
#define NR_ENTRIES (sizeof entries / sizeof entries[0])

static void
make_tree (void)
{
  test_make_tree (tree, entries, NR_ENTRIES);
}

static void
remove_tree (void)
{
  test_remove_tree (tree);
}

static void
test_symlinks (guestfs_h *g)
{
  char *s;
  char **l;

  s = guestfs_cat (g, "/abs-etc/hostname");
  CHECK_STREQ (s, "guest\n");
  free (s);
  /* The guest's passwd, however many ".." the link has. */
  s = guestfs_cat (g, "/up-passwd");
  CHECK_STREQ (s, "guestroot:x:0:0::/root:/bin/sh\n");
  free (s);
  /* The guest has no /proc: the appliance's must not be used. */
  CHECK_ERROR (g, guestfs_cat (g, "/proc-escape"), ENOENT);
  CHECK_ERROR (g, guestfs_cat (g, "/loop"), ELOOP);
  CHECK_ERROR (g, guestfs_cat (g, "/dangling"), ENOENT);

  CHECK (guestfs_exists (g, "/dirlink") == 1);
  CHECK (guestfs_exists (g, "/dangling") == 0);
  CHECK (guestfs_exists (g, "/loop") == 0);
  CHECK (guestfs_is_dir (g, "/dirlink") == 0);
  CHECK (guestfs_is_dir_opts (g, "/dirlink",
                              GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS, 1, -1) == 1);
  CHECK (guestfs_is_file (g, "/up-passwd") == 0);
  CHECK (guestfs_is_file_opts (g, "/up-passwd",
                               GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1, -1)
         == 1);

  /* Writes through links land inside the guest. */
  CHECK (guestfs_write (g, "/abs-etc/new", "x", 1) == 0);
  s = guestfs_cat (g, "/etc/new");
  CHECK_STREQ (s, "x");
  free (s);
  CHECK (guestfs_mkdir_p (g, "/abs-etc/x/y") == 0);
  CHECK (guestfs_is_dir (g, "/etc/x/y") == 1);
  l = guestfs_ls (g, "/dirlink");
  CHECK (test_count (l) == 1 && test_list_has (l, "a.txt"));
  test_free_list (l);

  /* Removing a link removes the link, not what it points to. */
  CHECK (guestfs_rm (g, "/dirlink") == 0);
  CHECK (guestfs_is_dir (g, "/sub") == 1);
  CHECK (guestfs_rm_rf (g, "/abs-etc") == 0);
  CHECK (guestfs_is_file (g, "/etc/hostname") == 1);
}

static void
test_files (guestfs_h *g)
{
  char *s;
  char **l;
  size_t size;
  static const char binary[] = { 'a', '\0', 'b' };

  CHECK (guestfs_touch (g, "/t") == 0);
  CHECK (guestfs_is_file (g, "/t") == 1);
  CHECK (guestfs_touch (g, "/t") == 0);
  CHECK_ERROR (g, guestfs_touch (g, "/sub"), EINVAL);
  CHECK_ERROR (g, guestfs_touch (g, "/loop"), EINVAL);
  CHECK_ERROR (g, guestfs_touch (g, "/nodir/t"), ENOENT);
  CHECK_ERROR (g, guestfs_touch (g, "relative"), EINVAL);

  CHECK (guestfs_write (g, "/w", "hello", 5) == 0);
  CHECK (guestfs_write_append (g, "/w", " world", 6) == 0);
  s = guestfs_cat (g, "/w");
  CHECK_STREQ (s, "hello world");
  free (s);
  CHECK (guestfs_write (g, "/w", "new", 3) == 0);
  s = guestfs_cat (g, "/w");
  CHECK_STREQ (s, "new");
  free (s);
  CHECK (guestfs_write_append (g, "/appended", "z", 1) == 0);
  s = guestfs_cat (g, "/appended");
  CHECK_STREQ (s, "z");
  free (s);
  CHECK_ERROR (g, guestfs_write (g, "/nodir/w", "x", 1), ENOENT);
  CHECK_ERROR (g, guestfs_write (g, "/sub", "x", 1), EISDIR);

  CHECK (guestfs_write (g, "/bin", binary, sizeof binary) == 0);
  s = guestfs_read_file (g, "/bin", &size);
  CHECK (s != NULL && size == sizeof binary &&
         memcmp (s, binary, size) == 0);
  free (s);
  s = guestfs_cat (g, "/bin");
  CHECK_STREQ (s, "a");
  free (s);
  s = guestfs_read_file (g, "/t", &size);
  CHECK (s != NULL && size == 0);
  free (s);
  CHECK_ERROR (g, guestfs_read_file (g, "/missing", &size), ENOENT);
  CHECK_ERROR (g, guestfs_cat (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_cat (g, "/sub"), EISDIR);
  CHECK_ERROR (g, guestfs_cat (g, "etc/hostname"), EINVAL);

  CHECK (guestfs_write (g, "/lines", "l1\r\nl2\n\nl4", 11) == 0);
  l = guestfs_read_lines (g, "/lines");
  CHECK (test_count (l) == 4);
  if (test_count (l) == 4) {
    CHECK_STREQ (l[0], "l1");
    CHECK_STREQ (l[1], "l2");
    CHECK_STREQ (l[2], "");
    CHECK_STREQ (l[3], "l4");
  }
  test_free_list (l);
  l = guestfs_read_lines (g, "/t");
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  CHECK_ERROR (g, guestfs_read_lines (g, "/missing"), ENOENT);

  CHECK (guestfs_rm (g, "/w") == 0);
  CHECK (guestfs_exists (g, "/w") == 0);
  CHECK_ERROR (g, guestfs_rm (g, "/w"), ENOENT);
  CHECK_ERROR (g, guestfs_rm (g, "/sub"), EISDIR);
}

static void
test_dirs (guestfs_h *g)
{
  char **l;
  char *s;

  CHECK (guestfs_mkdir (g, "/d") == 0);
  CHECK (guestfs_is_dir (g, "/d") == 1);
  CHECK_ERROR (g, guestfs_mkdir (g, "/d"), EEXIST);
  CHECK_ERROR (g, guestfs_mkdir (g, "/nodir/d"), ENOENT);
  CHECK_ERROR (g, guestfs_mkdir (g, "d"), EINVAL);

  CHECK (guestfs_mkdir_p (g, "/p/q/r") == 0);
  CHECK (guestfs_mkdir_p (g, "/p/q/r") == 0);
  CHECK (guestfs_mkdir_p (g, "/p//q/s/") == 0);
  CHECK (guestfs_is_dir (g, "/p/q/s") == 1);
  CHECK (guestfs_touch (g, "/file") == 0);
  CHECK_ERROR (g, guestfs_mkdir_p (g, "/file/x"), ENOTDIR);

  CHECK (guestfs_rmdir (g, "/d") == 0);
  CHECK (guestfs_exists (g, "/d") == 0);
  CHECK_ERROR (g, guestfs_rmdir (g, "/d"), ENOENT);
  CHECK_ERROR (g, guestfs_rmdir (g, "/sub"), ENOTEMPTY);
  CHECK_ERROR (g, guestfs_rmdir (g, "/file"), ENOTDIR);

  l = guestfs_ls (g, "/p/q");
  CHECK (test_count (l) == 2);
  CHECK_STREQ (l && l[0] ? l[0] : NULL, "r");
  CHECK_STREQ (l && l[0] ? l[1] : NULL, "s");
  test_free_list (l);
  l = guestfs_ls (g, "/p/q/r");
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  l = guestfs_ls (g, "/");
  CHECK (test_list_has (l, "lost+found") && test_list_has (l, "etc") &&
         !test_list_has (l, ".") && !test_list_has (l, ".."));
  test_free_list (l);
  CHECK_ERROR (g, guestfs_ls (g, "/file"), ENOTDIR);
  CHECK_ERROR (g, guestfs_ls (g, "/missing"), ENOENT);

  s = guestfs_ll (g, "/");
  CHECK (s != NULL && strstr (s, " etc\n") && strstr (s, " ..\n") &&
         strstr (s, "sysroot") == NULL);
  free (s);
  s = guestfs_ll (g, "/etc/hostname");
  CHECK (s != NULL && strstr (s, " /etc/hostname") &&
         strstr (s, "sysroot") == NULL);
  free (s);
  CHECK_ERROR (g, guestfs_ll (g, "/missing"), ENOENT);

  CHECK (guestfs_rm_rf (g, "/p") == 0);
  CHECK (guestfs_exists (g, "/p") == 0);
  CHECK (guestfs_rm_rf (g, "/p") == 0);
  CHECK (guestfs_rm_rf (g, "/nodir/p") == 0);
  CHECK_ERROR (g, guestfs_rm_rf (g, "/"), EINVAL);
  CHECK_ERROR (g, guestfs_rm_rf (g, "/sub/.."), EINVAL);
  CHECK (guestfs_exists (g, "/sub/a.txt") == 1);

  CHECK (guestfs_exists (g, "/") == 1);
  CHECK (guestfs_is_dir (g, "/") == 1);
  CHECK (guestfs_is_file (g, "/") == 0);
  CHECK (guestfs_is_file (g, "/missing") == 0);
  CHECK (guestfs_is_dir (g, "/missing") == 0);
  CHECK_ERROR (g, guestfs_exists (g, "relative"), EINVAL);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-files");

  make_tree ();
  test_add_ext4_from_dir (g, tree, 64 * MiB);
  remove_tree ();
  test_launch (g);

  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  test_symlinks (g);
  test_files (g);
  test_dirs (g);

  test_exit (g);
}
