/* careen - offline disk-image toolkit */

/**
 * API tests, in one launch, of the file calls that make special
 * files, rename, compare and copy attributes, and of the deprecated
 * and internal forms: rename, mknod, mknod_b, mknod_c, mkfifo,
 * case_sensitive_path, equal, copy_attributes, acl_get_file,
 * acl_set_file, acl_delete_def_file, cap_get_file, cap_set_file,
 * zfile, fallocate, dd, copy_size, write_file, internal_write,
 * internal_write_append, stat, lstat, lstatlist, internal_lstatnslist,
 * internal_lxattrlist and internal_readlinklist, on success and
 * failure.
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

/* The st_mode of path (lstat), or -1. */
static int64_t
mode_of (guestfs_h *g, const char *path)
{
  struct guestfs_statns *s = guestfs_lstatns (g, path);
  int64_t m = s ? s->st_mode : -1;

  guestfs_free_statns (s);
  return m;
}

static void
test_nodes (guestfs_h *g)
{
  struct guestfs_statns *s;

  CHECK (guestfs_mknod_b (g, 0640, 8, 1, "/blk") == 0);
  s = guestfs_lstatns (g, "/blk");
  CHECK (s != NULL && S_ISBLK (s->st_mode) && (s->st_mode & 07777) == 0640 &&
         s->st_rdev == (int64_t) ((8 << 8) | 1));
  guestfs_free_statns (s);
  CHECK (guestfs_is_blockdev (g, "/blk") == 1);

  CHECK (guestfs_mknod_c (g, 0666, 1, 3, "/chr") == 0);
  /* The umask (022) applies. */
  CHECK (mode_of (g, "/chr") == (S_IFCHR | 0644));
  CHECK (guestfs_is_chardev (g, "/chr") == 1);

  CHECK (guestfs_mkfifo (g, 0600, "/fifo") == 0);
  CHECK (mode_of (g, "/fifo") == (S_IFIFO | 0600));
  CHECK (guestfs_is_fifo (g, "/fifo") == 1);

  CHECK (guestfs_mknod (g, S_IFIFO | 0644, 0, 0, "/fifo2") == 0);
  CHECK (guestfs_is_fifo (g, "/fifo2") == 1);
  CHECK (guestfs_mknod (g, S_IFCHR | 0600, 4, 64, "/chr2") == 0);
  CHECK (guestfs_is_chardev (g, "/chr2") == 1);
  CHECK (guestfs_mknod (g, S_IFSOCK | 0600, 0, 0, "/sock") == 0);
  CHECK (guestfs_is_socket (g, "/sock") == 1);
  /* No type bits: an empty regular file. */
  CHECK (guestfs_mknod (g, 0600, 0, 0, "/plain") == 0);
  CHECK (mode_of (g, "/plain") == (S_IFREG | 0600));

  CHECK_ERROR (g, guestfs_mknod_b (g, 0640, 8, 1, "/blk"), EEXIST);
  CHECK_ERROR (g, guestfs_mknod_b (g, S_IFBLK | 0640, 8, 1, "/b2"), EINVAL);
  CHECK_ERROR (g, guestfs_mkfifo (g, S_IFIFO | 0600, "/f2"), EINVAL);
  CHECK_ERROR (g, guestfs_mkfifo (g, -1, "/f2"), EINVAL);
  CHECK_ERROR (g, guestfs_mknod_c (g, 0600, -1, 0, "/c2"), EINVAL);
  CHECK_ERROR (g, guestfs_mknod_c (g, 0600, 0x1000, 0, "/c2"), EINVAL);
  CHECK_ERROR (g, guestfs_mknod (g, S_IFDIR | 0755, 0, 0, "/d2"), EINVAL);
  CHECK_ERROR (g, guestfs_mknod (g, S_IFLNK | 0777, 0, 0, "/l2"), EINVAL);
  CHECK_ERROR (g, guestfs_mknod (g, 0100000000, 0, 0, "/x2"), EINVAL);
  CHECK_ERROR (g, guestfs_mkfifo (g, 0600, "/nodir/f"), ENOENT);
  CHECK_ERROR (g, guestfs_mkfifo (g, 0600, "rel"), EINVAL);
  CHECK (guestfs_exists (g, "/b2") == 0 && guestfs_exists (g, "/f2") == 0 &&
         guestfs_exists (g, "/c2") == 0 && guestfs_exists (g, "/d2") == 0);

  /* A node made through a symlink to an absolute directory stays in
   * the guest.
   */
  CHECK (guestfs_mkdir (g, "/etc") == 0);
  CHECK (guestfs_ln_s (g, "/etc", "/etclink") == 0);
  CHECK (guestfs_mkfifo (g, 0600, "/etclink/fifo") == 0);
  CHECK (guestfs_is_fifo (g, "/etc/fifo") == 1);
}

static void
test_rename (guestfs_h *g)
{
  CHECK (guestfs_write (g, "/r1", "one", 3) == 0);
  CHECK (guestfs_write (g, "/r2", "two", 3) == 0);
  CHECK (guestfs_rename (g, "/r1", "/r3") == 0);
  CHECK (guestfs_exists (g, "/r1") == 0);
  CHECK_CAT (g, "/r3", "one");
  /* Replaces an existing file, as rename(2) does. */
  CHECK (guestfs_rename (g, "/r3", "/r2") == 0);
  CHECK_CAT (g, "/r2", "one");
  /* A symlink is renamed itself. */
  CHECK (guestfs_ln_s (g, "r2", "/rl") == 0);
  CHECK (guestfs_rename (g, "/rl", "/rl2") == 0);
  CHECK (guestfs_is_symlink (g, "/rl2") == 1);
  CHECK_CAT (g, "/rl2", "one");
  CHECK (guestfs_mkdir (g, "/rd") == 0);
  CHECK (guestfs_rename (g, "/rd", "/rd2") == 0);
  CHECK (guestfs_is_dir (g, "/rd2") == 1);

  CHECK_ERROR (g, guestfs_rename (g, "/missing", "/x"), ENOENT);
  CHECK_ERROR (g, guestfs_rename (g, "/r2", "/nodir/x"), ENOENT);
  CHECK_ERROR (g, guestfs_rename (g, "/rd2", "/r2"), ENOTDIR);
  CHECK_ERROR (g, guestfs_rename (g, "/r2", "/rd2"), EISDIR);
  CHECK_ERROR (g, guestfs_rename (g, "rel", "/x"), EINVAL);
  /* Across filesystems: /mnt holds another one. */
  CHECK (guestfs_mkdir (g, "/mnt") == 0);
  CHECK (guestfs_mkfs (g, "ext2", "/dev/sdb1") == 0);
  CHECK (guestfs_mount (g, "/dev/sdb1", "/mnt") == 0);
  CHECK_ERROR (g, guestfs_rename (g, "/r2", "/mnt/r2"), EXDEV);
  CHECK (guestfs_umount (g, "/mnt") == 0);
}

static void
test_case (guestfs_h *g)
{
  char *s;

  CHECK (guestfs_mkdir_p (g, "/Windows/System32/Drivers") == 0);
  CHECK (guestfs_write (g, "/Windows/System32/Drivers/NetKVM.sys", "x", 1)
         == 0);
  s = guestfs_case_sensitive_path (g, "/windows/system32/drivers/netkvm.sys");
  CHECK_STREQ (s, "/Windows/System32/Drivers/NetKVM.sys");
  free (s);
  /* A missing last component keeps its spelling. */
  s = guestfs_case_sensitive_path (g, "/WINDOWS/system32/NewFile");
  CHECK_STREQ (s, "/Windows/System32/NewFile");
  free (s);
  s = guestfs_case_sensitive_path (g, "/");
  CHECK_STREQ (s, "/");
  free (s);
  s = guestfs_case_sensitive_path (g, "//windows///");
  CHECK_STREQ (s, "/Windows");
  free (s);
  /* An exact match wins over a case-insensitive one. */
  CHECK (guestfs_mkdir (g, "/windows") == 0);
  s = guestfs_case_sensitive_path (g, "/windows");
  CHECK_STREQ (s, "/windows");
  free (s);
  s = guestfs_case_sensitive_path (g, "/Windows/system32");
  CHECK_STREQ (s, "/Windows/System32");
  free (s);
  CHECK (guestfs_rmdir (g, "/windows") == 0);

  CHECK_ERROR (g, guestfs_case_sensitive_path (g, "/windows/system33/x"),
               ENOENT);
  CHECK_ERROR (g, guestfs_case_sensitive_path (g, "/windows/../etc"), EINVAL);
  CHECK_ERROR (g, guestfs_case_sensitive_path (g, "/windows/./system32"),
               EINVAL);
  CHECK_ERROR (g, guestfs_case_sensitive_path
               (g, "/windows/system32/drivers/netkvm.sys/x"), ENOTDIR);
  CHECK_ERROR (g, guestfs_case_sensitive_path (g, "rel"), EINVAL);
}

static void
test_equal (guestfs_h *g)
{
  CHECK (guestfs_write (g, "/e1", "same", 4) == 0);
  CHECK (guestfs_write (g, "/e2", "same", 4) == 0);
  CHECK (guestfs_write (g, "/e3", "sami", 4) == 0);
  CHECK (guestfs_write (g, "/e4", "same!", 5) == 0);
  CHECK (guestfs_touch (g, "/e5") == 0);
  CHECK (guestfs_touch (g, "/e6") == 0);
  CHECK (guestfs_equal (g, "/e1", "/e2") == 1);
  CHECK (guestfs_equal (g, "/e1", "/e3") == 0);
  CHECK (guestfs_equal (g, "/e1", "/e4") == 0);
  CHECK (guestfs_equal (g, "/e5", "/e6") == 1);
  CHECK (guestfs_equal (g, "/e1", "/e1") == 1);
  /* Large files differing in their last byte. */
  CHECK (guestfs_fill (g, 'a', 3 * 1024 * 1024, "/big1") == 0);
  CHECK (guestfs_fill (g, 'a', 3 * 1024 * 1024, "/big2") == 0);
  CHECK (guestfs_equal (g, "/big1", "/big2") == 1);
  CHECK (guestfs_pwrite (g, "/big2", "b", 1, 3 * 1024 * 1024 - 1) == 1);
  CHECK (guestfs_equal (g, "/big1", "/big2") == 0);

  CHECK_ERROR (g, guestfs_equal (g, "/e1", "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_equal (g, "/missing", "/e1"), ENOENT);
  CHECK_ERROR (g, guestfs_equal (g, "/e1", "/etc"), EISDIR);
  CHECK_ERROR (g, guestfs_equal (g, "/e1", "/fifo"), EINVAL);
  CHECK_ERROR (g, guestfs_equal (g, "/chr", "/chr"), EINVAL);
}

static void
test_copy_attributes (guestfs_h *g)
{
  struct guestfs_statns *s;
  char *v;
  size_t len;

  CHECK (guestfs_touch (g, "/ca-src") == 0);
  /* chown clears setuid: the mode goes second. */
  CHECK (guestfs_chown (g, 1234, 5678, "/ca-src") == 0);
  CHECK (guestfs_chmod (g, 04751, "/ca-src") == 0);
  CHECK (guestfs_setxattr (g, "user.test", "value", 5, "/ca-src") == 0);

  /* Nothing asked: nothing copied. */
  CHECK (guestfs_touch (g, "/ca1") == 0);
  CHECK (guestfs_copy_attributes (g, "/ca-src", "/ca1", -1) == 0);
  CHECK (mode_of (g, "/ca1") == (S_IFREG | 0644));

  CHECK (guestfs_copy_attributes (g, "/ca-src", "/ca1",
                                  GUESTFS_COPY_ATTRIBUTES_MODE, 1, -1) == 0);
  s = guestfs_statns (g, "/ca1");
  CHECK (s != NULL && s->st_mode == (S_IFREG | 04751) && s->st_uid == 0);
  guestfs_free_statns (s);

  CHECK (guestfs_touch (g, "/ca2") == 0);
  CHECK (guestfs_copy_attributes (g, "/ca-src", "/ca2",
                                  GUESTFS_COPY_ATTRIBUTES_ALL, 1, -1) == 0);
  s = guestfs_statns (g, "/ca2");
  /* The setuid bit survives the change of owner. */
  CHECK (s != NULL && s->st_mode == (S_IFREG | 04751) &&
         s->st_uid == 1234 && s->st_gid == 5678);
  guestfs_free_statns (s);
  v = guestfs_getxattr (g, "/ca2", "user.test", &len);
  CHECK (v != NULL && len == 5 && memcmp (v, "value", 5) == 0);
  free (v);

  /* all with one turned off explicitly. */
  CHECK (guestfs_touch (g, "/ca3") == 0);
  CHECK (guestfs_copy_attributes (g, "/ca-src", "/ca3",
                                  GUESTFS_COPY_ATTRIBUTES_ALL, 1,
                                  GUESTFS_COPY_ATTRIBUTES_MODE, 0, -1) == 0);
  s = guestfs_statns (g, "/ca3");
  CHECK (s != NULL && s->st_mode == (S_IFREG | 0644) && s->st_uid == 1234);
  guestfs_free_statns (s);

  /* Only ownership, onto a directory. */
  CHECK (guestfs_mkdir (g, "/ca4") == 0);
  CHECK (guestfs_copy_attributes (g, "/ca-src", "/ca4",
                                  GUESTFS_COPY_ATTRIBUTES_OWNERSHIP, 1,
                                  -1) == 0);
  s = guestfs_statns (g, "/ca4");
  CHECK (s != NULL && S_ISDIR (s->st_mode) && s->st_uid == 1234 &&
         (s->st_mode & 07777) == 0755);
  guestfs_free_statns (s);
  CHECK_ERROR (g, guestfs_getxattr (g, "/ca4", "user.test", &len), ENODATA);

  CHECK (guestfs_copy_attributes (g, "/ca-src", "/ca4",
                                  GUESTFS_COPY_ATTRIBUTES_XATTRIBUTES, 1,
                                  -1) == 0);
  v = guestfs_getxattr (g, "/ca4", "user.test", &len);
  CHECK (v != NULL && len == 5);
  free (v);

  CHECK_ERROR (g, guestfs_copy_attributes (g, "/missing", "/ca1",
                                           GUESTFS_COPY_ATTRIBUTES_ALL, 1,
                                           -1), ENOENT);
  CHECK_ERROR (g, guestfs_copy_attributes (g, "/ca-src", "/missing",
                                           GUESTFS_COPY_ATTRIBUTES_ALL, 1,
                                           -1), ENOENT);
  CHECK_ERROR (g, guestfs_copy_attributes (g, "rel", "/ca1", -1), EINVAL);
}

static void
test_acl (guestfs_h *g)
{
  char *groups[] = { (char *) "acl", NULL };
  char *s;

  if (guestfs_feature_available (g, groups) != 1) {
    CHECK_ERROR (g, guestfs_acl_get_file (g, "/e1", "access"), ENOTSUP);
    fprintf (stderr, "acl group not available: ACL checks skipped\n");
    return;
  }
  CHECK (guestfs_touch (g, "/acl") == 0);
  CHECK (guestfs_chmod (g, 0640, "/acl") == 0);
  s = guestfs_acl_get_file (g, "/acl", "access");
  CHECK_STREQ (s, "user::rw-\ngroup::r--\nother::---\n");
  free (s);
  s = guestfs_acl_get_file (g, "/acl", "default");
  CHECK_STREQ (s, "");
  free (s);

  CHECK (guestfs_acl_set_file (g, "/acl", "access",
                               "u::rwx,g::r-x,o::---,m::rwx,u:1000:rw-,"
                               "g:500:r--") == 0);
  s = guestfs_acl_get_file (g, "/acl", "access");
  CHECK_STREQ (s, "user::rwx\nuser:1000:rw-\ngroup::r-x\ngroup:500:r--\n"
               "mask::rwx\nother::---\n");
  free (s);
  /* The mask is the one given, not recomputed. */
  CHECK (guestfs_acl_set_file (g, "/acl", "access",
                               "u::rwx,g::r-x,o::---,m::r--,u:1000:rw-")
         == 0);
  s = guestfs_acl_get_file (g, "/acl", "access");
  CHECK_STREQ (s, "user::rwx\nuser:1000:rw-\t#effective:r--\n"
               "group::r-x\t#effective:r--\nmask::r--\nother::---\n");
  free (s);
  /* The long form, with a comment, replaces the whole ACL. */
  CHECK (guestfs_acl_set_file (g, "/acl", "access",
                               "# owner\nuser::rw-\n  group::---\t\n"
                               "other::r--\n") == 0);
  s = guestfs_acl_get_file (g, "/acl", "access");
  CHECK_STREQ (s, "user::rw-\ngroup::---\nother::r--\n");
  free (s);
  CHECK (mode_of (g, "/acl") == (S_IFREG | 0604));

  CHECK (guestfs_mkdir (g, "/acldir") == 0);
  CHECK (guestfs_acl_set_file (g, "/acldir", "default",
                               "u::rwx,g::r-x,o::---") == 0);
  s = guestfs_acl_get_file (g, "/acldir", "default");
  CHECK_STREQ (s, "user::rwx\ngroup::r-x\nother::---\n");
  free (s);
  /* New files inherit it. */
  CHECK (guestfs_touch (g, "/acldir/new") == 0);
  CHECK (mode_of (g, "/acldir/new") == (S_IFREG | 0640));
  CHECK (guestfs_acl_delete_def_file (g, "/acldir") == 0);
  s = guestfs_acl_get_file (g, "/acldir", "default");
  CHECK_STREQ (s, "");
  free (s);
  CHECK (guestfs_acl_delete_def_file (g, "/acldir") == 0);

  CHECK_ERROR (g, guestfs_acl_get_file (g, "/acl", "other"), EINVAL);
  CHECK_ERROR (g, guestfs_acl_set_file (g, "/acl", "other", "u::rwx"),
               EINVAL);
  CHECK_ERROR (g, guestfs_acl_get_file (g, "/missing", "access"), ENOENT);
  CHECK_ERROR (g, guestfs_acl_set_file (g, "/missing", "access",
                                        "u::rw-,g::r--,o::r--"), ENOENT);
  CHECK_ERROR (g, guestfs_acl_delete_def_file (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_acl_set_file (g, "/acl", "access", " ,\n"),
               EINVAL);
  /* Incomplete or malformed ACLs, and a default ACL on a file. */
  CHECK_FAILS (g, guestfs_acl_set_file (g, "/acl", "access", "u::rw-"));
  CHECK_FAILS (g, guestfs_acl_set_file (g, "/acl", "access", "bogus"));
  CHECK_ERROR (g, guestfs_acl_set_file (g, "/acl", "access",
                                        "u::rw-,g::r--,o::r--,u:1000:rw-"),
               EINVAL);
  CHECK_FAILS (g, guestfs_acl_set_file (g, "/acl", "default",
                                        "u::rw-,g::r--,o::r--"));
  s = guestfs_acl_get_file (g, "/acl", "access");
  CHECK_STREQ (s, "user::rw-\ngroup::---\nother::r--\n");
  free (s);
}

static void
test_caps (guestfs_h *g)
{
  char *groups[] = { (char *) "linuxcaps", NULL };
  char *s;

  if (guestfs_feature_available (g, groups) != 1) {
    CHECK_ERROR (g, guestfs_cap_get_file (g, "/e1"), ENOTSUP);
    fprintf (stderr, "linuxcaps group not available: checks skipped\n");
    return;
  }
  CHECK (guestfs_write (g, "/capfile", "#!/bin/sh\n", 10) == 0);
  s = guestfs_cap_get_file (g, "/capfile");
  CHECK_STREQ (s, "");
  free (s);
  CHECK (guestfs_cap_set_file (g, "/capfile", "cap_net_raw=ep") == 0);
  s = guestfs_cap_get_file (g, "/capfile");
  CHECK_STREQ (s, "cap_net_raw=ep");
  free (s);
  CHECK (guestfs_cap_set_file (g, "/capfile",
                               "cap_chown,cap_net_admin+ep") == 0);
  s = guestfs_cap_get_file (g, "/capfile");
  CHECK_STREQ (s, "cap_chown,cap_net_admin=ep");
  free (s);
  /* Through a symlink: the file's capabilities. */
  CHECK (guestfs_ln_s (g, "capfile", "/caplink") == 0);
  s = guestfs_cap_get_file (g, "/caplink");
  CHECK_STREQ (s, "cap_chown,cap_net_admin=ep");
  free (s);

  CHECK_ERROR (g, guestfs_cap_get_file (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_cap_set_file (g, "/missing", "cap_chown=ep"),
               ENOENT);
  CHECK_ERROR (g, guestfs_cap_set_file (g, "/etc", "cap_chown=ep"), EINVAL);
  CHECK_ERROR (g, guestfs_cap_set_file (g, "/capfile", "-r"), EINVAL);
  CHECK_ERROR (g, guestfs_cap_set_file (g, "/capfile", ""), EINVAL);
  CHECK_FAILS (g, guestfs_cap_set_file (g, "/capfile", "cap_bogus=ep"));
  s = guestfs_cap_get_file (g, "/capfile");
  CHECK_STREQ (s, "cap_chown,cap_net_admin=ep");
  free (s);
}

static void
test_deprecated (guestfs_h *g)
{
  struct guestfs_stat *st;
  struct guestfs_statns *ns;
  struct guestfs_stat_list *sl;
  char *names[] = { (char *) "e1", (char *) "rl2", (char *) "missing",
                    (char *) "../e1", NULL };
  char *s;

  /* stat, lstat, lstatlist against their statns forms. */
  st = guestfs_stat (g, "/rl2");
  ns = guestfs_statns (g, "/rl2");
  CHECK (st != NULL && ns != NULL && st->ino == ns->st_ino &&
         st->mode == ns->st_mode && st->size == 3 &&
         st->mtime == ns->st_mtime_sec && st->nlink == ns->st_nlink &&
         st->dev == ns->st_dev && st->blocks == ns->st_blocks);
  guestfs_free_stat (st);
  guestfs_free_statns (ns);
  st = guestfs_lstat (g, "/rl2");
  CHECK (st != NULL && S_ISLNK (st->mode) && st->size == 2);
  guestfs_free_stat (st);
  st = guestfs_stat (g, "/chr");
  CHECK (st != NULL && S_ISCHR (st->mode) && st->rdev == ((1 << 8) | 3));
  guestfs_free_stat (st);
  CHECK_ERROR (g, guestfs_stat (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_lstat (g, "rel"), EINVAL);

  sl = guestfs_lstatlist (g, "/", names);
  CHECK (sl != NULL && sl->len == 4);
  if (sl && sl->len == 4) {
    CHECK (S_ISREG (sl->val[0].mode) && sl->val[0].size == 4);
    CHECK (S_ISLNK (sl->val[1].mode));
    CHECK (sl->val[2].ino == -1);
    CHECK (sl->val[3].ino == -1);
  }
  guestfs_free_stat_list (sl);
  CHECK_ERROR (g, guestfs_lstatlist (g, "/missing", names), ENOENT);

  /* write_file: size 0 is the whole string. */
  CHECK (guestfs_write_file (g, "/wf", "hello world", 0) == 0);
  CHECK_CAT (g, "/wf", "hello world");
  CHECK (guestfs_write_file (g, "/wf", "hello world", 5) == 0);
  CHECK_CAT (g, "/wf", "hello");
  CHECK_ERROR (g, guestfs_write_file (g, "/wf", "abc", 4), EINVAL);
  CHECK_ERROR (g, guestfs_write_file (g, "/wf", "abc", -1), EINVAL);
  CHECK_ERROR (g, guestfs_write_file (g, "/nodir/wf", "abc", 0), ENOENT);
  CHECK_CAT (g, "/wf", "hello");

  /* fallocate */
  CHECK (guestfs_fallocate (g, "/fa", 100000) == 0);
  CHECK (guestfs_filesize (g, "/fa") == 100000);
  CHECK (guestfs_is_zero (g, "/fa") == 1);
  CHECK (guestfs_fallocate (g, "/wf", 10) == 0);
  CHECK (guestfs_filesize (g, "/wf") == 10);
  CHECK (guestfs_is_zero (g, "/wf") == 1);
  CHECK_ERROR (g, guestfs_fallocate (g, "/fa", -1), EINVAL);
  CHECK_ERROR (g, guestfs_fallocate (g, "/etc", 10), EISDIR);

  /* dd and copy_size between files and the raw partition sdb2. */
  CHECK (guestfs_fill_pattern (g, "0123456789", 20000, "/dsrc") == 0);
  CHECK (guestfs_dd (g, "/dsrc", "/ddst") == 0);
  CHECK (guestfs_equal (g, "/dsrc", "/ddst") == 1);
  CHECK (guestfs_dd (g, "/dsrc", "/dev/sdb2") == 0);
  CHECK (guestfs_dd (g, "/e1", "/ddst") == 0);
  CHECK_CAT (g, "/ddst", "same");
  CHECK (guestfs_copy_size (g, "/dev/sdb2", "/ddst", 20000) == 0);
  CHECK (guestfs_equal (g, "/dsrc", "/ddst") == 1);
  CHECK (guestfs_copy_size (g, "/dsrc", "/ddst", 7) == 0);
  CHECK_CAT (g, "/ddst", "0123456");
  CHECK (guestfs_copy_size (g, "/dsrc", "/ddst", 0) == 0);
  CHECK (guestfs_filesize (g, "/ddst") == 0);
  CHECK_ERROR (g, guestfs_copy_size (g, "/e1", "/ddst", 5), ERANGE);
  CHECK_ERROR (g, guestfs_copy_size (g, "/e1", "/ddst", -1), EINVAL);
  CHECK_ERROR (g, guestfs_dd (g, "/missing", "/ddst"), ENOENT);
  CHECK_ERROR (g, guestfs_dd (g, "/dsrc", "/dev/sdz"), ENOENT);
  /* The whole 16 MiB partition does not fit in the 8 MiB one. */
  CHECK_ERROR (g, guestfs_dd (g, "/dev/sdb1", "/dev/sdb2"), ENOSPC);
  CHECK_ERROR (g, guestfs_dd (g, "/dsrc", "/fifo"), EINVAL);

  /* zfile: what compress_out made, uploaded back. */
  {
    char local[] = "/tmp/careen-api-zfile.XXXXXX";
    int fd = mkstemp (local);

    CHECK (fd >= 0);
    if (fd >= 0)
      close (fd);
    CHECK (guestfs_write (g, "/ztext", "hello, this is text\n", 20) == 0);
    CHECK (guestfs_compress_out (g, "gzip", "/ztext", local, -1) == 0);
    CHECK (guestfs_upload (g, local, "/ztext.gz") == 0);
    s = guestfs_zfile (g, "gzip", "/ztext.gz");
    CHECK (s != NULL && strstr (s, "ASCII text") != NULL);
    free (s);
    if (guestfs_compress_out (g, "bzip2", "/ztext", local, -1) == 0) {
      CHECK (guestfs_upload (g, local, "/ztext.bz2") == 0);
      s = guestfs_zfile (g, "bzip2", "/ztext.bz2");
      CHECK (s != NULL && strstr (s, "ASCII text") != NULL);
      free (s);
      CHECK_FAILS (g, guestfs_zfile (g, "gzip", "/ztext.bz2"));
    }
    unlink (local);
  }
  CHECK_FAILS (g, guestfs_zfile (g, "gzip", "/ztext"));
  CHECK_ERROR (g, guestfs_zfile (g, "zip", "/ztext.gz"), EINVAL);
  CHECK_ERROR (g, guestfs_zfile (g, "gzip", "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_zfile (g, "gzip", "/fifo"), EINVAL);
}

static void
test_internal (guestfs_h *g)
{
  struct guestfs_statns_list *nl;
  struct guestfs_xattr_list *xl;
  char *names[] = { (char *) "e1", (char *) "rl2", (char *) "missing", NULL };
  char **l;

  CHECK (guestfs_internal_write (g, "/iw", "ab\0c", 4) == 0);
  CHECK (guestfs_filesize (g, "/iw") == 4);
  CHECK (guestfs_internal_write_append (g, "/iw", "de", 2) == 0);
  CHECK (guestfs_filesize (g, "/iw") == 6);
  CHECK (guestfs_internal_write (g, "/iw", "x", 1) == 0);
  CHECK_CAT (g, "/iw", "x");
  CHECK (guestfs_internal_write_append (g, "/iw2", "new", 3) == 0);
  CHECK_CAT (g, "/iw2", "new");
  CHECK_ERROR (g, guestfs_internal_write (g, "/etc", "x", 1), EISDIR);
  CHECK_ERROR (g, guestfs_internal_write_append (g, "/nodir/x", "x", 1),
               ENOENT);

  nl = guestfs_internal_lstatnslist (g, "/", names);
  CHECK (nl != NULL && nl->len == 3 && S_ISREG (nl->val[0].st_mode) &&
         S_ISLNK (nl->val[1].st_mode) && nl->val[2].st_ino == -1);
  guestfs_free_statns_list (nl);
  CHECK_ERROR (g, guestfs_internal_lstatnslist (g, "/missing", names),
               ENOENT);

  l = guestfs_internal_readlinklist (g, "/", names);
  CHECK (l != NULL && test_count (l) == 3 && strcmp (l[0], "") == 0 &&
         strcmp (l[1], "r2") == 0 && strcmp (l[2], "") == 0);
  test_free_list (l);
  CHECK_ERROR (g, guestfs_internal_readlinklist (g, "/missing", names),
               ENOENT);

  {
    char *one[] = { (char *) "ca-src", NULL };

    xl = guestfs_internal_lxattrlist (g, "/", one);
    CHECK (xl != NULL && xl->len >= 2);
    if (xl != NULL && xl->len >= 2) {
      size_t i;
      bool found = false;

      for (i = 1; i < xl->len; ++i)
        if (strcmp (xl->val[i].attrname, "user.test") == 0 &&
            xl->val[i].attrval_len == 5)
          found = true;
      CHECK (found);
    }
    guestfs_free_xattr_list (xl);
  }
  CHECK_ERROR (g, guestfs_internal_lxattrlist (g, "/missing", names), ENOENT);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-files-nodes");

  test_add_disk (g, 64 * MiB);
  test_add_disk (g, 32 * MiB);
  test_launch (g);

  CHECK (guestfs_mkfs (g, "ext4", "/dev/sda") == 0);
  CHECK (guestfs_part_init (g, "/dev/sdb", "mbr") == 0);
  CHECK (guestfs_part_add (g, "/dev/sdb", "p", 2048, 2048 + 32767) == 0);
  CHECK (guestfs_part_add (g, "/dev/sdb", "p", 2048 + 32768,
                           2048 + 32768 + 16383) == 0);
  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);

  test_nodes (g);
  test_rename (g);
  test_case (g);
  test_equal (g);
  test_copy_attributes (g);
  test_acl (g);
  test_caps (g);
  test_deprecated (g);
  test_internal (g);

  test_exit (g);
}
