/* careen - offline disk-image toolkit */

/**
 * API tests of the "dirs" area, in one launch: llz, ls0, readdir, find,
 * find0, glob_expand, du, statns, lstatns, lstatnslist, the extended
 * attribute calls, lxattrlist, get_e2attrs, set_e2attrs,
 * get_e2generation and set_e2generation, on success and failure.
 *
 * The guest filesystem is made with mke2fs -d from a host tree with
 * hostile symlinks (absolute, "../.." chains, dangling, a loop) and a
 * device node: every call must resolve them inside the guest, and the
 * calls that walk or match paths (find, glob_expand) must see the
 * guest's tree, never the appliance's.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

static char tree[] = "/tmp/careen-api-dirs.XXXXXX";
static char local[] = "/tmp/careen-api-dirs-out.XXXXXX";

/* The tree the guest filesystem is made from. */
static const struct test_tree_entry entries[] = {
  { "etc", NULL, NULL },
  { "etc/hostname", NULL, "guest\n" },
  { "d", NULL, NULL },
  { "d/a", NULL, "aaa" },
  { "d/b", NULL, NULL },
  { "d/b/c", NULL, "c" },
  { "d/l", "a", NULL },
  { "abs-etc", "/etc", NULL },
  { "up", "../../../../etc", NULL },
  { "dangling", "/nowhere", NULL },
  { "loop", "loop", NULL },
};
#define NR_ENTRIES (sizeof entries / sizeof entries[0])

static void
make_tree (void)
{
  char path[256];

  if (mkdtemp (local) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  test_make_tree (tree, entries, NR_ENTRIES);
  /* A device node: in the appliance it would open an appliance device. */
  snprintf (path, sizeof path, "%s/dev-null", tree);
  if (mknod (path, S_IFCHR | 0666, makedev (1, 3)) == -1) {
    perror (path);
    exit (EXIT_FAILURE);
  }
}

static void
remove_tree (void)
{
  test_remove_tree (tree);
}

/* Reads a local file of names each ended by a zero byte into a list. */
static char **
read_names (const char *path)
{
  static char buf[65536];
  static char *names[256];
  size_t n = 0, i = 0, len;
  FILE *fp = fopen (path, "r");

  if (fp == NULL)
    return NULL;
  len = fread (buf, 1, sizeof buf - 1, fp);
  fclose (fp);
  buf[len] = '\0';
  while (i < len && n < 255) {
    names[n++] = buf + i;
    i += strlen (buf + i) + 1;
  }
  names[n] = NULL;
  /* The last name must have its terminator. */
  if (len > 0 && buf[len-1] != '\0')
    return NULL;
  return names;
}

static void
test_listing (guestfs_h *g)
{
  struct guestfs_dirent_list *dl;
  char out[256];
  char **l;
  char *s;
  uint32_t i;
  int found = 0;

  dl = guestfs_readdir (g, "/d");
  CHECK (dl != NULL && dl->len == 5);
  for (i = 0; dl && i < dl->len; ++i) {
    const struct guestfs_dirent *e = &dl->val[i];

    CHECK (e->ino > 0);
    if (strcmp (e->name, "a") == 0) { CHECK (e->ftyp == 'r'); found |= 1; }
    if (strcmp (e->name, "b") == 0) { CHECK (e->ftyp == 'd'); found |= 2; }
    if (strcmp (e->name, "l") == 0) { CHECK (e->ftyp == 'l'); found |= 4; }
    if (strcmp (e->name, ".") == 0) found |= 8;
    if (strcmp (e->name, "..") == 0) found |= 16;
  }
  CHECK (found == 31);
  guestfs_free_dirent_list (dl);
  dl = guestfs_readdir (g, "/abs-etc");
  CHECK (dl != NULL && dl->len == 3);
  guestfs_free_dirent_list (dl);
  CHECK_ERROR (g, guestfs_readdir (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_readdir (g, "/d/a"), ENOTDIR);
  CHECK_ERROR (g, guestfs_readdir (g, "/loop"), ELOOP);
  CHECK_ERROR (g, guestfs_readdir (g, "d"), EINVAL);

  snprintf (out, sizeof out, "%s/ls0", local);
  CHECK (guestfs_ls0 (g, "/d", out) == 0);
  l = read_names (out);
  CHECK (test_count (l) == 3 && test_list_has (l, "a") &&
         test_list_has (l, "b") && test_list_has (l, "l"));
  CHECK (guestfs_ls0 (g, "/d/b/", out) == 0);
  l = read_names (out);
  CHECK (test_count (l) == 1 && test_list_has (l, "c"));
  CHECK_ERROR (g, guestfs_ls0 (g, "/missing", out), ENOENT);
  CHECK_ERROR (g, guestfs_ls0 (g, "/d/a", out), ENOTDIR);
  /* The handle is still in step after a failed FileOut call. */
  CHECK (guestfs_ls0 (g, "/d/b", out) == 0);

  s = guestfs_llz (g, "/d");
  CHECK (s != NULL && strstr (s, " a\n") && strstr (s, " l -> a\n") &&
         strstr (s, "sysroot") == NULL);
  free (s);
  CHECK_ERROR (g, guestfs_llz (g, "/missing"), ENOENT);
}

static void
test_find (guestfs_h *g)
{
  char out[256];
  char **l;

  /* As in libguestfs, a directory given without a trailing slash keeps
   * it in front of the names.
   */
  l = guestfs_find (g, "/d");
  CHECK (test_count (l) == 4);
  if (test_count (l) == 4) {
    CHECK_STREQ (l[0], "/a");
    CHECK_STREQ (l[1], "/b");
    CHECK_STREQ (l[2], "/b/c");
    CHECK_STREQ (l[3], "/l");
  }
  test_free_list (l);
  l = guestfs_find (g, "/d/");
  CHECK (test_count (l) == 4 && test_list_has (l, "a") &&
         test_list_has (l, "b/c"));
  test_free_list (l);
  /* The start is followed inside the guest; links below it are not. */
  l = guestfs_find (g, "/abs-etc");
  CHECK (test_count (l) == 1 && test_list_has (l, "/hostname"));
  test_free_list (l);
  l = guestfs_find (g, "/");
  CHECK (test_list_has (l, "lost+found") && test_list_has (l, "d/b/c") &&
         test_list_has (l, "up") && !test_list_has (l, "up/hostname"));
  test_free_list (l);
  l = guestfs_find (g, "/d/b/");
  CHECK (test_count (l) == 1 && test_list_has (l, "c"));
  test_free_list (l);
  CHECK_ERROR (g, guestfs_find (g, "/d/a"), ENOTDIR);
  CHECK_ERROR (g, guestfs_find (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_find (g, "/dangling"), ENOENT);

  snprintf (out, sizeof out, "%s/find0", local);
  CHECK (guestfs_find0 (g, "/d", out) == 0);
  l = read_names (out);
  CHECK (test_count (l) == 4 && test_list_has (l, "/b/c") &&
         test_list_has (l, "/l"));
  CHECK_ERROR (g, guestfs_find0 (g, "/d/a", out), ENOTDIR);
  CHECK_ERROR (g, guestfs_find0 (g, "/missing", out), ENOENT);
  CHECK (guestfs_find0 (g, "/d/b/", out) == 0);
  l = read_names (out);
  CHECK (test_count (l) == 1 && test_list_has (l, "c"));
}

static void
test_glob (guestfs_h *g)
{
  char **l;

  l = guestfs_glob_expand (g, "/d/*");
  CHECK (test_count (l) == 3);
  if (test_count (l) == 3) {
    CHECK_STREQ (l[0], "/d/a");
    CHECK_STREQ (l[1], "/d/b/");
    CHECK_STREQ (l[2], "/d/l");
  }
  test_free_list (l);
  l = guestfs_glob_expand_opts (g, "/d/*",
                                GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH, 0,
                                -1);
  CHECK (test_count (l) == 3 && test_list_has (l, "/d/b"));
  test_free_list (l);
  l = guestfs_glob_expand (g, "/d/{a,l}");
  CHECK (test_count (l) == 2 && test_list_has (l, "/d/a") &&
         test_list_has (l, "/d/l"));
  test_free_list (l);
  /* Symlinks in the pattern resolve in the guest, however absolute. */
  l = guestfs_glob_expand (g, "/abs-etc/host*");
  CHECK (test_count (l) == 1 && test_list_has (l, "/abs-etc/hostname"));
  test_free_list (l);
  l = guestfs_glob_expand (g, "/up/*");
  CHECK (test_count (l) == 1 && test_list_has (l, "/up/hostname"));
  test_free_list (l);
  l = guestfs_glob_expand (g, "/etc/pass*");
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  l = guestfs_glob_expand (g, "/nomatch*");
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  CHECK_ERROR (g, guestfs_glob_expand (g, "d/*"), EINVAL);
}

static void
test_du (guestfs_h *g)
{
  int64_t kb;

  kb = guestfs_du (g, "/d");
  /* Three directories and two small files: some blocks, not many. */
  CHECK (kb >= 4 && kb < 1024);
  CHECK (guestfs_du (g, "/d/a") >= 0);
  CHECK (guestfs_du (g, "/abs-etc") == 0);       /* the link itself */
  CHECK_ERROR (g, guestfs_du (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_du (g, "rel"), EINVAL);
}

static void
test_stat (guestfs_h *g)
{
  struct guestfs_statns *st;
  struct guestfs_statns_list *sl;
  char *names[] = {
    (char *) "a", (char *) "l", (char *) "missing", (char *) "b/c",
    (char *) "..", NULL
  };

  st = guestfs_statns (g, "/d/a");
  CHECK (st != NULL && S_ISREG (st->st_mode) && st->st_size == 3 &&
         st->st_nlink == 1 && st->st_mtime_nsec >= 0 &&
         st->st_mtime_nsec < 1000000000 && st->st_spare1 == 0);
  guestfs_free_statns (st);
  st = guestfs_statns (g, "/d/l");
  CHECK (st != NULL && S_ISREG (st->st_mode) && st->st_size == 3);
  guestfs_free_statns (st);
  st = guestfs_lstatns (g, "/d/l");
  CHECK (st != NULL && S_ISLNK (st->st_mode) && st->st_size == 1);
  guestfs_free_statns (st);
  st = guestfs_statns (g, "/abs-etc");
  CHECK (st != NULL && S_ISDIR (st->st_mode));
  guestfs_free_statns (st);
  st = guestfs_lstatns (g, "/dangling");
  CHECK (st != NULL && S_ISLNK (st->st_mode));
  guestfs_free_statns (st);
  st = guestfs_statns (g, "/dev-null");
  CHECK (st != NULL && S_ISCHR (st->st_mode) &&
         st->st_rdev == (int64_t) makedev (1, 3));
  guestfs_free_statns (st);
  CHECK_ERROR (g, guestfs_statns (g, "/dangling"), ENOENT);
  CHECK_ERROR (g, guestfs_statns (g, "/loop"), ELOOP);
  CHECK_ERROR (g, guestfs_lstatns (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_statns (g, "rel"), EINVAL);

  sl = guestfs_lstatnslist (g, "/d", names);
  CHECK (sl != NULL && sl->len == 5);
  if (sl && sl->len == 5) {
    CHECK (S_ISREG (sl->val[0].st_mode) && sl->val[0].st_size == 3);
    CHECK (S_ISLNK (sl->val[1].st_mode));
    CHECK (sl->val[2].st_ino == -1);
    CHECK (sl->val[3].st_ino == -1);
    CHECK (S_ISDIR (sl->val[4].st_mode) && sl->val[4].st_ino > 0);
  }
  guestfs_free_statns_list (sl);
  names[0] = NULL;
  sl = guestfs_lstatnslist (g, "/d", names);
  CHECK (sl != NULL && sl->len == 0);
  guestfs_free_statns_list (sl);
  CHECK_ERROR (g, guestfs_lstatnslist (g, "/missing", names), ENOENT);
  CHECK_ERROR (g, guestfs_lstatnslist (g, "/d/a", names), ENOTDIR);
}

/* Whether list has an attribute name with this value. */
static bool
has_xattr (const struct guestfs_xattr_list *l, const char *name,
           const char *value, size_t len)
{
  uint32_t i;

  for (i = 0; l && i < l->len; ++i)
    if (strcmp (l->val[i].attrname, name) == 0)
      return l->val[i].attrval_len == len &&
        memcmp (l->val[i].attrval, value, len) == 0;
  return false;
}

static void
test_xattrs (guestfs_h *g)
{
  struct guestfs_xattr_list *xl;
  char *names[] = {
    (char *) "a", (char *) "l", (char *) "missing", (char *) "b/c", NULL
  };
  char *v;
  size_t size;
  uint32_t i;

  CHECK (guestfs_setxattr (g, "user.test", "hello", 5, "/d/a") == 0);
  v = guestfs_getxattr (g, "/d/a", "user.test", &size);
  CHECK (v != NULL && size == 5 && memcmp (v, "hello", 5) == 0);
  free (v);
  /* Through the symlink: the file's attributes. */
  v = guestfs_getxattr (g, "/d/l", "user.test", &size);
  CHECK (v != NULL && size == 5);
  free (v);
  CHECK (guestfs_setxattr (g, "user.z", "abc", 4, "/d/l") == 0);
  v = guestfs_getxattr (g, "/d/a", "user.z", &size);
  CHECK (v != NULL && size == 4 && memcmp (v, "abc", 4) == 0);
  free (v);
  CHECK (guestfs_setxattr (g, "user.empty", "", 0, "/d/a") == 0);

  xl = guestfs_getxattrs (g, "/d/a");
  CHECK (has_xattr (xl, "user.test", "hello", 5) &&
         has_xattr (xl, "user.z", "abc", 4) &&
         has_xattr (xl, "user.empty", "", 0));
  guestfs_free_xattr_list (xl);
  xl = guestfs_getxattrs (g, "/d/l");
  CHECK (has_xattr (xl, "user.test", "hello", 5));
  guestfs_free_xattr_list (xl);
  /* The symlink itself: user.* is not allowed on links, trusted.* is. */
  xl = guestfs_lgetxattrs (g, "/d/l");
  CHECK (xl != NULL && !has_xattr (xl, "user.test", "hello", 5));
  guestfs_free_xattr_list (xl);
  CHECK_ERROR (g, guestfs_lsetxattr (g, "user.x", "v", 1, "/d/l"), EPERM);
  CHECK (guestfs_lsetxattr (g, "trusted.t", "lv", 2, "/d/l") == 0);
  v = guestfs_lgetxattr (g, "/d/l", "trusted.t", &size);
  CHECK (v != NULL && size == 2 && memcmp (v, "lv", 2) == 0);
  free (v);
  CHECK_ERROR (g, guestfs_getxattr (g, "/d/l", "trusted.t", &size), ENODATA);
  xl = guestfs_lgetxattrs (g, "/d/l");
  CHECK (has_xattr (xl, "trusted.t", "lv", 2));
  guestfs_free_xattr_list (xl);

  /* lxattrlist: a marker per file, then its attributes. */
  xl = guestfs_lxattrlist (g, "/d", names);
  CHECK (xl != NULL);
  if (xl) {
    uint32_t file = 0;

    for (i = 0; i < xl->len; ++file) {
      const struct guestfs_xattr *m = &xl->val[i];
      char count[16];
      size_t n;

      CHECK (m->attrname[0] == '\0');
      if (file >= 2) {
        CHECK (m->attrval_len == 0);    /* missing, and "b/c" */
        i++;
        continue;
      }
      snprintf (count, sizeof count, "%.*s", (int) m->attrval_len,
                m->attrval);
      n = strtoul (count, NULL, 10);
      CHECK (m->attrval_len > 0 && n == (file == 0 ? 3 : 1));
      i += 1 + n;
    }
    CHECK (file == 4 && i == xl->len);
  }
  guestfs_free_xattr_list (xl);
  CHECK_ERROR (g, guestfs_lxattrlist (g, "/missing", names), ENOENT);

  CHECK (guestfs_removexattr (g, "user.test", "/d/l") == 0);
  CHECK_ERROR (g, guestfs_getxattr (g, "/d/a", "user.test", &size), ENODATA);
  CHECK_ERROR (g, guestfs_removexattr (g, "user.test", "/d/a"), ENODATA);
  CHECK (guestfs_lremovexattr (g, "trusted.t", "/d/l") == 0);
  CHECK_ERROR (g, guestfs_lremovexattr (g, "trusted.t", "/d/l"), ENODATA);
  CHECK_ERROR (g, guestfs_getxattr (g, "/d/a", "user.none", &size), ENODATA);
  CHECK_ERROR (g, guestfs_lgetxattr (g, "/missing", "user.x", &size), ENOENT);
  CHECK_ERROR (g, guestfs_getxattrs (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_lgetxattrs (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_setxattr (g, "user.x", "abc", 9, "/d/a"), EINVAL);
  CHECK_ERROR (g, guestfs_setxattr (g, "user.x", "abc", -1, "/d/a"), EINVAL);
  CHECK_ERROR (g, guestfs_setxattr (g, "user.x", "v", 1, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_removexattr (g, "user.x", "/missing"), ENOENT);
}

static void
test_e2attrs (guestfs_h *g)
{
  char *s;
  int64_t gen;
  int r, errnum;

  s = guestfs_get_e2attrs (g, "/d/a");
  CHECK (s != NULL && strchr (s, 'e') != NULL && strchr (s, 'A') == NULL);
  free (s);
  CHECK (guestfs_set_e2attrs (g, "/d/a", "Ad", -1) == 0);
  s = guestfs_get_e2attrs (g, "/d/l");
  CHECK (s != NULL && strchr (s, 'A') && strchr (s, 'd') && strchr (s, 'e'));
  /* lsattr's order: d before A before e. */
  CHECK (s != NULL && strchr (s, 'd') < strchr (s, 'A') &&
         strchr (s, 'A') < strchr (s, 'e'));
  free (s);
  CHECK (guestfs_set_e2attrs (g, "/d/a", "A",
                              GUESTFS_SET_E2ATTRS_CLEAR, 1, -1) == 0);
  s = guestfs_get_e2attrs (g, "/d/a");
  CHECK (s != NULL && strchr (s, 'A') == NULL && strchr (s, 'd') != NULL);
  free (s);
  s = guestfs_get_e2attrs (g, "/d");
  CHECK (s != NULL);
  free (s);
  CHECK_ERROR (g, guestfs_set_e2attrs (g, "/d/a", "A!", -1), EINVAL);
  CHECK_ERROR (g, guestfs_get_e2attrs (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_get_e2attrs (g, "/dev-null"), EINVAL);
  CHECK_ERROR (g, guestfs_set_e2attrs (g, "/dev-null", "A", -1), EINVAL);

  gen = guestfs_get_e2generation (g, "/d/a");
  CHECK (gen >= 0);
  CHECK (guestfs_get_e2generation (g, "/d/l") == gen);
  /* ext4 with metadata checksums (mke2fs's default) cannot change it. */
  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_set_e2generation (g, "/d/l", INT64_C(4000000000));
  errnum = guestfs_last_errno (g);
  guestfs_pop_error_handler (g);
  if (r == 0)
    CHECK (guestfs_get_e2generation (g, "/d/a") == INT64_C(4000000000));
  else
    CHECK (errnum == ENOTSUP);
  /* ext2 has no checksums: the generation can be set. */
  CHECK (guestfs_mkfs (g, "ext2", "/dev/sdb") == 0);
  CHECK (guestfs_mkdir (g, "/e2") == 0);
  CHECK (guestfs_mount (g, "/dev/sdb", "/e2") == 0);
  CHECK (guestfs_touch (g, "/e2/f") == 0);
  CHECK (guestfs_set_e2generation (g, "/e2/f", INT64_C(4000000000)) == 0);
  CHECK (guestfs_get_e2generation (g, "/e2/f") == INT64_C(4000000000));
  CHECK (guestfs_set_e2attrs (g, "/e2/f", "d", -1) == 0);
  s = guestfs_get_e2attrs (g, "/e2/f");
  CHECK_STREQ (s, "d");
  free (s);
  CHECK_ERROR (g, guestfs_set_e2generation (g, "/d/a", -1), EINVAL);
  CHECK_ERROR (g, guestfs_set_e2generation (g, "/d/a", INT64_C(1) << 32),
               EINVAL);
  CHECK_ERROR (g, guestfs_set_e2generation (g, "/missing", 1), ENOENT);
  CHECK_ERROR (g, guestfs_set_e2generation (g, "/dev-null", 1), EINVAL);
  CHECK_ERROR (g, guestfs_get_e2generation (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_get_e2generation (g, "/dev-null"), EINVAL);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-dirs");
  char path[256];

  make_tree ();
  test_add_ext4_from_dir (g, tree, 64 * MiB);
  test_add_disk (g, 8 * MiB);
  remove_tree ();
  test_launch (g);

  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  test_listing (g);
  test_find (g);
  test_glob (g);
  test_du (g);
  test_stat (g);
  test_xattrs (g);
  test_e2attrs (g);

  snprintf (path, sizeof path, "%s/ls0", local);
  unlink (path);
  snprintf (path, sizeof path, "%s/find0", local);
  unlink (path);
  rmdir (local);
  test_exit (g);
}
