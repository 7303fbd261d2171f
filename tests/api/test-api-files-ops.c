/* careen - offline disk-image toolkit */

/**
 * API tests of the "files" area that change the guest, in one launch:
 * rm_f, mkdir_mode, mkdtemp, mktemp, cp, cp_r, cp_a, mv, ln, ln_f,
 * ln_s, ln_sf, readlink, readlinklist, realpath, chmod, chown, lchown,
 * truncate, truncate_size, fallocate64, utimens, umask, get_umask, the
 * four copy_*_to_* calls, fill, fill_pattern, fill_dir and the is_*
 * type tests, on success and failure.
 *
 * The guest filesystem holds hostile symlinks (absolute, through /proc,
 * "../.." chains): copies, links and attribute changes made through
 * them must stay inside the guest.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

static char tree[] = "/tmp/careen-api-fops.XXXXXX";

/* The tree the guest filesystem is made from. */
static const struct test_tree_entry entries[] = {
  { "etc", NULL, NULL },
  { "etc/hostname", NULL, "guest\n" },
  { "src", NULL, NULL },
  { "src/a", NULL, "aaa" },
  { "src/sub", NULL, NULL },
  { "src/sub/b", NULL, "bbb" },
  { "src/link", "a", NULL },
  { "abs-etc", "/etc", NULL },
  { "proc-root", "/proc/self/root", NULL },
  { "up", "../../../../..", NULL },
  { "dangling", "/nowhere", NULL },
  { "dirlink", "src", NULL },
};
#define NR_ENTRIES (sizeof entries / sizeof entries[0])

static void
make_tree (void)
{
  char path[256];

  test_make_tree (tree, entries, NR_ENTRIES);
  /* Special files, for the is_* tests (we run as root to build the
   * image; without root they are left out and those checks skipped).
   */
  snprintf (path, sizeof path, "%s/fifo", tree);
  if (mkfifo (path, 0644) == -1) {
    perror (path);
    exit (EXIT_FAILURE);
  }
  snprintf (path, sizeof path, "%s/null", tree);
  mknod (path, S_IFCHR | 0644, makedev (1, 3));
  snprintf (path, sizeof path, "%s/blk", tree);
  mknod (path, S_IFBLK | 0644, makedev (7, 0));
}

static void
remove_tree (void)
{
  test_remove_tree (tree);
}

/* Whether the ls -la line of path has s, for checking modes, owners
 * (numbers, or the appliance's names for them) and times.
 */
static bool
ll_check (guestfs_h *g, const char *path, const char *s, bool quiet)
{
  char *ll = guestfs_ll (g, path);
  bool r = ll != NULL && strstr (ll, s) != NULL;

  if (!r && !quiet)
    fprintf (stderr, "ll %s: expected \"%s\" in:\n%s", path, s,
             ll ? ll : "(null)\n");
  free (ll);
  return r;
}
#define ll_has(g, p, s) ll_check ((g), (p), (s), false)
#define ll_has_quiet(g, p, s) ll_check ((g), (p), (s), true)

static void
check_cat (guestfs_h *g, const char *path, const char *expected, int line)
{
  char *s = guestfs_cat (g, path);

  if (s == NULL || strcmp (s, expected) != 0)
    test_fail (__FILE__, line, "cat %s is \"%s\", expected \"%s\"", path,
               s ? s : "(null)", expected);
  free (s);
}
#define CHECK_CAT(g, p, e) check_cat ((g), (p), (e), __LINE__)

static void
test_names (guestfs_h *g)
{
  char *s, **l;
  char *names[] = { (char *) "link", (char *) "a", (char *) "missing",
                    (char *) "../link", (char *) "..", NULL };

  CHECK (guestfs_touch (g, "/f") == 0);
  CHECK (guestfs_rm_f (g, "/f") == 0);
  CHECK (guestfs_exists (g, "/f") == 0);
  CHECK (guestfs_rm_f (g, "/f") == 0);
  CHECK (guestfs_rm_f (g, "/nodir/f") == 0);
  CHECK_ERROR (g, guestfs_rm_f (g, "/src/sub"), EISDIR);
  CHECK_ERROR (g, guestfs_rm_f (g, "rel"), EINVAL);

  CHECK (guestfs_mkdir_mode (g, "/m", 0777) == 0);
  CHECK (ll_has (g, "/m", "drwxr-xr-x"));
  CHECK (guestfs_mkdir_mode (g, "/m2", 0700) == 0);
  CHECK (ll_has (g, "/m2", "drwx------"));
  CHECK_ERROR (g, guestfs_mkdir_mode (g, "/m", 0755), EEXIST);
  CHECK_ERROR (g, guestfs_mkdir_mode (g, "/nodir/m", 0755), ENOENT);
  CHECK_ERROR (g, guestfs_mkdir_mode (g, "/m3", -1), EINVAL);

  /* umask is daemon state that applies to everything created. */
  CHECK (guestfs_get_umask (g) == 022);
  CHECK (guestfs_umask (g, 077) == 022);
  CHECK (guestfs_get_umask (g) == 077);
  CHECK (guestfs_mkdir (g, "/u") == 0);
  CHECK (ll_has (g, "/u", "drwx------"));
  CHECK (guestfs_umask (g, 022) == 077);
  CHECK_ERROR (g, guestfs_umask (g, 01000), EINVAL);
  CHECK_ERROR (g, guestfs_umask (g, -1), EINVAL);

  s = guestfs_mkdtemp (g, "/m/tmpXXXXXX");
  CHECK (s != NULL && strncmp (s, "/m/tmp", 6) == 0 && strlen (s) == 12 &&
         strstr (s, "XXXXXX") == NULL);
  if (s) {
    CHECK (guestfs_is_dir (g, s) == 1);
    CHECK (ll_has (g, s, "drwx------"));
  }
  free (s);
  s = guestfs_mktemp (g, "/m/fXXXXXX", -1);
  CHECK (s != NULL && strlen (s) == 10 && guestfs_is_file (g, s) == 1);
  if (s)
    CHECK (ll_has (g, s, "-rw-------"));
  free (s);
  s = guestfs_mktemp (g, "/m/fXXXXXX", GUESTFS_MKTEMP_SUFFIX, ".txt", -1);
  CHECK (s != NULL && strlen (s) == 14 && strcmp (s + 10, ".txt") == 0 &&
         guestfs_is_file (g, s) == 1);
  free (s);
  CHECK_ERROR (g, guestfs_mkdtemp (g, "/m/tmp"), EINVAL);
  CHECK_ERROR (g, guestfs_mkdtemp (g, "/m/XXXXXX/x"), EINVAL);
  CHECK_ERROR (g, guestfs_mkdtemp (g, "/nodir/XXXXXX"), ENOENT);
  CHECK_ERROR (g, guestfs_mktemp (g, "/m/fXXXXXX", GUESTFS_MKTEMP_SUFFIX,
                                  "/x", -1), EINVAL);
  /* Through a link to a directory: made inside the guest. */
  s = guestfs_mkdtemp (g, "/abs-etc/XXXXXX");
  CHECK (s != NULL && strncmp (s, "/abs-etc/", 9) == 0);
  if (s) {
    char p[64];
    snprintf (p, sizeof p, "/etc/%s", s + 9);
    CHECK (guestfs_is_dir (g, p) == 1);
  }
  free (s);

  /* Links. */
  CHECK (guestfs_ln_s (g, "src/a", "/sl") == 0);
  CHECK (guestfs_is_symlink (g, "/sl") == 1);
  CHECK_CAT (g, "/sl", "aaa");
  s = guestfs_readlink (g, "/sl");
  CHECK_STREQ (s, "src/a");
  free (s);
  CHECK_ERROR (g, guestfs_ln_s (g, "x", "/sl"), EEXIST);
  CHECK (guestfs_ln_sf (g, "/etc/hostname", "/sl") == 0);
  s = guestfs_readlink (g, "/sl");
  CHECK_STREQ (s, "/etc/hostname");
  free (s);
  CHECK_CAT (g, "/sl", "guest\n");
  CHECK_ERROR (g, guestfs_readlink (g, "/src/a"), EINVAL);
  CHECK_ERROR (g, guestfs_readlink (g, "/missing"), ENOENT);
  /* Into a directory: the link takes the target's last name. */
  CHECK (guestfs_ln_s (g, "/src/a", "/m") == 0);
  CHECK (guestfs_is_symlink (g, "/m/a") == 1);

  CHECK (guestfs_ln (g, "/src/a", "/hard") == 0);
  CHECK_CAT (g, "/hard", "aaa");
  CHECK (ll_has (g, "/src/a", " 2 root root "));
  CHECK_ERROR (g, guestfs_ln (g, "/src/a", "/hard"), EEXIST);
  CHECK_ERROR (g, guestfs_ln (g, "/missing", "/hard2"), ENOENT);
  CHECK (guestfs_write (g, "/other", "o", 1) == 0);
  CHECK (guestfs_ln_f (g, "/other", "/hard") == 0);
  CHECK_CAT (g, "/hard", "o");
  /* A hard link is never made inside a directory, as in libguestfs. */
  CHECK_ERROR (g, guestfs_ln_f (g, "/other", "/src/sub"), EEXIST);
  CHECK_ERROR (g, guestfs_ln (g, "/other", "/src/sub"), EEXIST);
  /* A hard link to a symlink links the symlink itself. */
  CHECK (guestfs_ln (g, "/dangling", "/hard-dangling") == 0);
  CHECK (guestfs_is_symlink (g, "/hard-dangling") == 1);

  l = guestfs_readlinklist (g, "/src", names);
  CHECK (test_count (l) == 5);
  if (test_count (l) == 5) {
    CHECK_STREQ (l[0], "a");
    CHECK_STREQ (l[1], "");
    CHECK_STREQ (l[2], "");
    CHECK_STREQ (l[3], "");
    CHECK_STREQ (l[4], "");
  }
  test_free_list (l);
  CHECK_ERROR (g, guestfs_readlinklist (g, "/missing", names), ENOENT);
  CHECK_ERROR (g, guestfs_readlinklist (g, "/src/a", names), ENOTDIR);

  s = guestfs_realpath (g, "/dirlink/sub/../link");
  CHECK_STREQ (s, "/src/a");
  free (s);
  s = guestfs_realpath (g, "/up/etc");
  CHECK_STREQ (s, "/etc");
  free (s);
  s = guestfs_realpath (g, "/");
  CHECK_STREQ (s, "/");
  free (s);
  CHECK_ERROR (g, guestfs_realpath (g, "/dangling"), ENOENT);
  CHECK_ERROR (g, guestfs_realpath (g, "/proc-root/etc"), ENOENT);
}

static void
test_attrs (guestfs_h *g)
{
  CHECK (guestfs_write (g, "/perm", "p", 1) == 0);
  CHECK (guestfs_chmod (g, 0640, "/perm") == 0);
  CHECK (ll_has (g, "/perm", "-rw-r-----"));
  CHECK (guestfs_chmod (g, 04755, "/perm") == 0);
  CHECK (ll_has (g, "/perm", "-rwsr-xr-x"));
  CHECK (guestfs_ln_s (g, "perm", "/perm-link") == 0);
  CHECK (guestfs_chmod (g, 0600, "/perm-link") == 0);
  CHECK (ll_has (g, "/perm", "-rw-------"));
  CHECK_ERROR (g, guestfs_chmod (g, 0644, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_chmod (g, -1, "/perm"), EINVAL);
  CHECK (guestfs_chmod (g, 010644, "/perm") == 0);
  CHECK (ll_has (g, "/perm", "-rw-r--r--"));
  CHECK (guestfs_chmod (g, 0600, "/perm") == 0);
  CHECK_ERROR (g, guestfs_chmod (g, 0644, "/dangling"), ENOENT);

  CHECK (guestfs_chown (g, 1000, 1001, "/perm-link") == 0);
  CHECK (ll_has (g, "/perm", " 1000 1001 "));
  CHECK (guestfs_chown (g, -1, 50, "/perm") == 0);
  CHECK (ll_has (g, "/perm", " 1000 50 "));
  CHECK (guestfs_lchown (g, 7, 8, "/perm-link") == 0);
  CHECK (ll_has (g, "/perm-link", " 7 8 "));
  CHECK (ll_has (g, "/perm", " 1000 50 "));
  CHECK (guestfs_lchown (g, 9, 9, "/dangling") == 0);
  CHECK_ERROR (g, guestfs_chown (g, 1, 1, "/dangling"), ENOENT);
  CHECK_ERROR (g, guestfs_lchown (g, 1, 1, "/missing"), ENOENT);

  /* 2001-09-09 01:46:40 UTC; a symlink's own time is set. */
  CHECK (guestfs_utimens (g, "/perm", 0, -2, 1000000000, 0) == 0);
  CHECK (ll_has (g, "/perm", "Sep  9  2001"));
  CHECK (guestfs_utimens (g, "/perm-link", 0, -2, 0, 0) == 0);
  CHECK (ll_has (g, "/perm-link", "Jan  1  1970"));
  CHECK (ll_has (g, "/perm", "Sep  9  2001"));
  CHECK (guestfs_utimens (g, "/perm", 0, -1, 0, -1) == 0);
  CHECK (!ll_has_quiet (g, "/perm", "2001"));
  CHECK_ERROR (g, guestfs_utimens (g, "/perm", 0, 1000000000, 0, 0), EINVAL);
  CHECK_ERROR (g, guestfs_utimens (g, "/missing", 0, 0, 0, 0), ENOENT);

  CHECK (guestfs_write (g, "/t", "hello", 5) == 0);
  CHECK (guestfs_truncate_size (g, "/t", 2) == 0);
  CHECK_CAT (g, "/t", "he");
  CHECK (guestfs_truncate_size (g, "/t", 1000) == 0);
  CHECK (guestfs_filesize (g, "/t") == 1000);
  CHECK (guestfs_truncate (g, "/t") == 0);
  CHECK (guestfs_filesize (g, "/t") == 0);
  /* A sparse file: only its data is read by is_zero. */
  CHECK (guestfs_truncate_size (g, "/t", 1024 * MiB) == 0);
  CHECK (guestfs_is_zero (g, "/t") == 1);
  CHECK (guestfs_pwrite (g, "/t", "x", 1, 512 * MiB) == 1);
  CHECK (guestfs_is_zero (g, "/t") == 0);
  CHECK (guestfs_pwrite (g, "/t", "\0", 1, 512 * MiB) == 1);
  CHECK (guestfs_is_zero (g, "/t") == 1);
  CHECK (guestfs_truncate (g, "/t") == 0);
  CHECK_ERROR (g, guestfs_truncate (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_truncate_size (g, "/t", -1), EINVAL);
  CHECK_ERROR (g, guestfs_truncate (g, "/src"), EISDIR);

  CHECK (guestfs_fallocate64 (g, "/alloc", 3 * MiB) == 0);
  CHECK (guestfs_filesize (g, "/alloc") == 3 * MiB);
  CHECK (guestfs_is_zero (g, "/alloc") == 1);
  CHECK (guestfs_fallocate64 (g, "/alloc", 0) == 0);
  CHECK (guestfs_filesize (g, "/alloc") == 0);
  CHECK_ERROR (g, guestfs_fallocate64 (g, "/alloc", -1), EINVAL);
  CHECK_ERROR (g, guestfs_fallocate64 (g, "/nodir/x", 10), ENOENT);
  CHECK_ERROR (g, guestfs_fallocate64 (g, "/big", 1024 * MiB), ENOSPC);
  guestfs_rm_f (g, "/big");
}

static void
test_copies (guestfs_h *g)
{
  CHECK (guestfs_cp (g, "/src/a", "/c1") == 0);
  CHECK_CAT (g, "/c1", "aaa");
  CHECK (guestfs_cp (g, "/src/link", "/c2") == 0);
  CHECK (guestfs_is_file (g, "/c2") == 1);
  CHECK (guestfs_mkdir (g, "/cdir") == 0);
  CHECK (guestfs_cp (g, "/src/a", "/cdir") == 0);
  CHECK_CAT (g, "/cdir/a", "aaa");
  CHECK (guestfs_cp (g, "/etc/hostname", "/abs-etc/copy") == 0);
  CHECK_CAT (g, "/etc/copy", "guest\n");
  CHECK_ERROR (g, guestfs_cp (g, "/src", "/c3"), EISDIR);
  CHECK_ERROR (g, guestfs_cp (g, "/missing", "/c3"), ENOENT);
  CHECK_ERROR (g, guestfs_cp (g, "/c1", "/c1"), EINVAL);
  CHECK_CAT (g, "/c1", "aaa");

  CHECK (guestfs_chown (g, 5, 6, "/src/sub/b") == 0);
  CHECK (guestfs_utimens (g, "/src/sub/b", 0, 0, 1000000000, 0) == 0);
  CHECK (guestfs_cp_a (g, "/src", "/ca") == 0);
  CHECK_CAT (g, "/ca/sub/b", "bbb");
  CHECK (guestfs_is_symlink (g, "/ca/link") == 1);
  CHECK (ll_has (g, "/ca/sub/b", " 5 disk "));
  CHECK (ll_has (g, "/ca/sub/b", "Sep  9  2001"));
  CHECK (guestfs_cp_r (g, "/src", "/cr") == 0);
  CHECK_CAT (g, "/cr/sub/b", "bbb");
  CHECK (guestfs_is_symlink (g, "/cr/link") == 1);
  CHECK (ll_has (g, "/cr/sub/b", " root root "));
  /* Into an existing directory: under the source's name. */
  CHECK (guestfs_cp_r (g, "/src", "/cr") == 0);
  CHECK_CAT (g, "/cr/src/a", "aaa");
  /* A symlink in the destination is replaced, never written through. */
  CHECK (guestfs_rm_f (g, "/cr/src/a") == 0);
  CHECK (guestfs_ln_s (g, "/etc/hostname", "/cr/src/a") == 0);
  CHECK (guestfs_cp_r (g, "/src", "/cr") == 0);
  CHECK (guestfs_is_symlink (g, "/cr/src/a") == 0);
  CHECK_CAT (g, "/etc/hostname", "guest\n");
  CHECK_ERROR (g, guestfs_cp_a (g, "/src", "/src/sub"), EINVAL);
  CHECK_ERROR (g, guestfs_cp_r (g, "/src", "/"), EINVAL);
  CHECK_ERROR (g, guestfs_cp_r (g, "/src/a", "/src"), EINVAL);
  CHECK_CAT (g, "/src/a", "aaa");
  CHECK_ERROR (g, guestfs_cp_r (g, "/missing", "/x"), ENOENT);
  CHECK_ERROR (g, guestfs_cp_a (g, "/src", "/nodir/x"), ENOENT);

  CHECK (guestfs_mv (g, "/c1", "/c1moved") == 0);
  CHECK (guestfs_exists (g, "/c1") == 0);
  CHECK_CAT (g, "/c1moved", "aaa");
  CHECK (guestfs_mv (g, "/c1moved", "/cdir") == 0);
  CHECK_CAT (g, "/cdir/c1moved", "aaa");
  CHECK (guestfs_mv (g, "/ca", "/cdir/ca") == 0);
  CHECK (guestfs_is_dir (g, "/cdir/ca/sub") == 1);
  CHECK (guestfs_mv (g, "/dangling", "/dangling2") == 0);
  CHECK (guestfs_is_symlink (g, "/dangling2") == 1);
  CHECK_ERROR (g, guestfs_mv (g, "/missing", "/x"), ENOENT);
  CHECK_ERROR (g, guestfs_mv (g, "/cdir", "/cdir/ca/x"), EINVAL);
}

/* Short names for the optional arguments of the copy calls. */
#define F2F(name) GUESTFS_COPY_FILE_TO_FILE_##name
#define F2D(name) GUESTFS_COPY_FILE_TO_DEVICE_##name
#define D2D(name) GUESTFS_COPY_DEVICE_TO_DEVICE_##name
#define D2F(name) GUESTFS_COPY_DEVICE_TO_FILE_##name
#define I64(n) ((int64_t) (n))

static void
test_bulk (guestfs_h *g)
{
  char *s, **l;
  size_t size;

  CHECK (guestfs_fill (g, 'x', 5, "/fill") == 0);
  CHECK_CAT (g, "/fill", "xxxxx");
  CHECK (guestfs_fill (g, 0, 3 * MiB, "/fill") == 0);
  CHECK (guestfs_filesize (g, "/fill") == 3 * MiB);
  CHECK (guestfs_is_zero (g, "/fill") == 1);
  CHECK_ERROR (g, guestfs_fill (g, 256, 1, "/fill"), EINVAL);
  CHECK_ERROR (g, guestfs_fill (g, 'x', -1, "/fill"), EINVAL);
  CHECK_ERROR (g, guestfs_fill (g, 'x', 1, "/src"), EISDIR);
  CHECK (guestfs_fill_pattern (g, "abc", 8, "/pat") == 0);
  CHECK_CAT (g, "/pat", "abcabcab");
  CHECK (guestfs_fill_pattern (g, "abc", 0, "/pat") == 0);
  CHECK (guestfs_filesize (g, "/pat") == 0);
  CHECK_ERROR (g, guestfs_fill_pattern (g, "", 8, "/pat"), EINVAL);

  CHECK (guestfs_mkdir (g, "/many") == 0);
  CHECK (guestfs_fill_dir (g, "/many", 12) == 0);
  l = guestfs_ls (g, "/many");
  CHECK (test_count (l) == 12 && test_list_has (l, "00000000") &&
         test_list_has (l, "00000011"));
  test_free_list (l);
  CHECK (guestfs_ln_s (g, "/etc/hostname", "/many/00000012") == 0);
  CHECK_ERROR (g, guestfs_fill_dir (g, "/many", 13), ELOOP);
  CHECK_CAT (g, "/etc/hostname", "guest\n");
  CHECK_ERROR (g, guestfs_fill_dir (g, "/missing", 1), ENOENT);
  CHECK_ERROR (g, guestfs_fill_dir (g, "/many", -1), EINVAL);

  /* Byte ranges between files and the second disk. */
  CHECK (guestfs_fill_pattern (g, "0123456789", 100, "/digits") == 0);
  CHECK (guestfs_copy_file_to_file (g, "/digits", "/cf", -1) == 0);
  CHECK (guestfs_filesize (g, "/cf") == 100);
  CHECK (guestfs_copy_file_to_file (g, "/digits", "/cf",
                                    F2F (SRCOFFSET), I64 (3),
                                    F2F (SIZE), I64 (4), -1)
         == 0);
  CHECK_CAT (g, "/cf", "3456");
  CHECK (guestfs_copy_file_to_file (g, "/digits", "/cf",
                                    F2F (SIZE), I64 (2),
                                    F2F (APPEND), 1, -1)
         == 0);
  CHECK_CAT (g, "/cf", "345601");
  /* Within one file: not truncated first. */
  CHECK (guestfs_copy_file_to_file (g, "/cf", "/cf",
                                    F2F (DESTOFFSET), I64 (6),
                                    F2F (SIZE), I64 (2), -1)
         == 0);
  CHECK_CAT (g, "/cf", "34560134");
  CHECK (guestfs_fill (g, 0, 4096, "/zeros") == 0);
  CHECK (guestfs_copy_file_to_file (g, "/zeros", "/sparse",
                                    F2F (SPARSE), 1,
                                    -1) == 0);
  CHECK (guestfs_filesize (g, "/sparse") == 4096);
  CHECK_ERROR (g, guestfs_copy_file_to_file (g, "/digits", "/cf",
                                             F2F (SIZE),
                                             I64 (200), -1), ERANGE);
  CHECK_ERROR (g, guestfs_copy_file_to_file (g, "/missing", "/cf", -1),
               ENOENT);
  CHECK_ERROR (g, guestfs_copy_file_to_file (g, "/digits", "/cf",
                                             F2F (SRCOFFSET),
                                             I64 (-1), -1), EINVAL);

  CHECK (guestfs_copy_file_to_device (g, "/digits", "/dev/sdb",
                                      F2D (DESTOFFSET),
                                      I64 (512), -1) == 0);
  s = guestfs_pread_device (g, "/dev/sdb", 10, 512, &size);
  CHECK (s != NULL && size == 10 && memcmp (s, "0123456789", 10) == 0);
  free (s);
  CHECK (guestfs_copy_device_to_device (g, "/dev/sdb", "/dev/sdb",
                                        D2D (SRCOFFSET),
                                        I64 (512),
                                        D2D (SIZE), I64 (5),
                                        -1) == 0);
  s = guestfs_pread_device (g, "/dev/sdb", 5, 0, &size);
  CHECK (s != NULL && size == 5 && memcmp (s, "01234", 5) == 0);
  free (s);
  CHECK (guestfs_copy_device_to_file (g, "/dev/sdb", "/fromdev",
                                      D2F (SIZE), I64 (3),
                                      -1) == 0);
  CHECK_CAT (g, "/fromdev", "012");
  CHECK (guestfs_copy_device_to_file (g, "/dev/sdb", "/wholedev", -1) == 0);
  CHECK (guestfs_filesize (g, "/wholedev") == 8 * MiB);
  CHECK_ERROR (g, guestfs_copy_device_to_device (g, "/dev/sdb", "/dev/sdb",
                                                 D2D (APPEND),
                                                 1, -1), EINVAL);
  CHECK_ERROR (g, guestfs_copy_device_to_file (g, "/dev/sdz", "/x", -1),
               ENOENT);
}

/* mv between two filesystems copies (keeping attributes) and removes;
 * /dev/sdb is free once test_bulk is done with it.
 */
static void
test_cross_fs (guestfs_h *g)
{
  CHECK (guestfs_mkfs (g, "ext4", "/dev/sdb") == 0);
  CHECK (guestfs_mkdir (g, "/mnt") == 0);
  CHECK (guestfs_mount (g, "/dev/sdb", "/mnt") == 0);
  CHECK (guestfs_chown (g, 5, 6, "/cr/sub/b") == 0);
  CHECK (guestfs_mv (g, "/cr", "/mnt/cr") == 0);
  CHECK (guestfs_exists (g, "/cr") == 0);
  CHECK_CAT (g, "/mnt/cr/sub/b", "bbb");
  CHECK (ll_has (g, "/mnt/cr/sub/b", " 5 disk "));
  CHECK (guestfs_is_symlink (g, "/mnt/cr/link") == 1);
  CHECK (guestfs_mv (g, "/digits", "/mnt") == 0);
  CHECK (guestfs_exists (g, "/digits") == 0);
  CHECK (guestfs_filesize (g, "/mnt/digits") == 100);
  CHECK (guestfs_cp_a (g, "/mnt/cr", "/back") == 0);
  CHECK_CAT (g, "/back/sub/b", "bbb");
  CHECK (guestfs_umount (g, "/mnt") == 0);
}

static void
test_types (guestfs_h *g)
{
  CHECK (guestfs_is_symlink (g, "/dirlink") == 1);
  CHECK (guestfs_is_symlink (g, "/src") == 0);
  CHECK (guestfs_is_symlink (g, "/missing") == 0);
  CHECK (guestfs_is_fifo (g, "/fifo") == 1);
  CHECK (guestfs_is_fifo (g, "/src") == 0);
  CHECK (guestfs_ln_s (g, "fifo", "/fifo-link") == 0);
  CHECK (guestfs_is_fifo (g, "/fifo-link") == 0);
  CHECK (guestfs_is_fifo_opts (g, "/fifo-link",
                               GUESTFS_IS_FIFO_OPTS_FOLLOWSYMLINKS, 1, -1)
         == 1);
  if (guestfs_exists (g, "/null") == 1) {
    CHECK (guestfs_is_chardev (g, "/null") == 1);
    CHECK (guestfs_is_blockdev (g, "/null") == 0);
    CHECK (guestfs_is_blockdev (g, "/blk") == 1);
    CHECK (guestfs_is_chardev (g, "/blk") == 0);
  }
  CHECK (guestfs_is_socket (g, "/fifo") == 0);
  CHECK (guestfs_is_socket (g, "/missing") == 0);
  CHECK (guestfs_is_blockdev_opts (g, "/missing",
                                   GUESTFS_IS_BLOCKDEV_OPTS_FOLLOWSYMLINKS, 1,
                                   -1) == 0);
  CHECK_ERROR (g, guestfs_is_chardev (g, "rel"), EINVAL);
  CHECK_ERROR (g, guestfs_is_symlink (g, "rel"), EINVAL);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-files-ops");

  make_tree ();
  test_add_ext4_from_dir (g, tree, 64 * MiB);
  remove_tree ();
  test_add_disk (g, 8 * MiB);
  test_launch (g);

  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  test_types (g);
  test_names (g);
  test_attrs (g);
  test_copies (g);
  test_bulk (g);
  test_cross_fs (g);

  test_exit (g);
}
