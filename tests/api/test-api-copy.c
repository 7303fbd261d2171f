/* careen - offline disk-image toolkit */

/**
 * API tests, in one launch, of the library calls copy_in and copy_out:
 * a host tree copied into the guest and back, attributes kept, and the
 * guest's hostile names and links never written through on the host.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

static char dir[] = "/tmp/careen-api-copy.XXXXXX";

static char *
local (const char *name)
{
  static char buf[8][512];
  static int n;
  char *p = buf[n++ % 8];

  snprintf (p, 512, "%s/%s", dir, name);
  return p;
}

static void
make_local_tree (void)
{
  struct timespec ts[2] = { { 1000000000, 0 }, { 1234567890, 500 } };
  FILE *fp;

  if (mkdir (local ("tree"), 0755) == -1 ||
      mkdir (local ("tree/sub"), 0700) == -1 ||
      mkdir (local ("tree/empty"), 0750) == -1 ||
      (fp = fopen (local ("tree/file"), "w")) == NULL ||
      fputs ("file contents\n", fp) < 0 || fclose (fp) != 0 ||
      (fp = fopen (local ("tree/sub/deep"), "w")) == NULL ||
      fputs ("deep\n", fp) < 0 || fclose (fp) != 0 ||
      chmod (local ("tree/file"), 0640) == -1 ||
      symlink ("/etc/passwd", local ("tree/abs")) == -1 ||
      symlink ("sub/deep", local ("tree/rel")) == -1 ||
      mkfifo (local ("tree/fifo"), 0600) == -1 ||
      utimensat (AT_FDCWD, local ("tree/file"), ts, 0) == -1 ||
      utimensat (AT_FDCWD, local ("tree/sub"), ts, 0) == -1) {
    perror ("making the local tree");
    exit (EXIT_FAILURE);
  }
}

static void
test_copy_in (guestfs_h *g)
{
  struct guestfs_statns *s;
  char *c;

  CHECK (guestfs_mkdir (g, "/in") == 0);
  CHECK (guestfs_copy_in (g, local ("tree"), "/in") == 0);
  c = guestfs_cat (g, "/in/tree/file");
  CHECK_STREQ (c, "file contents\n");
  free (c);
  c = guestfs_cat (g, "/in/tree/sub/deep");
  CHECK_STREQ (c, "deep\n");
  free (c);
  s = guestfs_statns (g, "/in/tree/file");
  CHECK (s != NULL && (s->st_mode & 07777) == 0640 &&
         s->st_mtime_sec == 1234567890 && s->st_mtime_nsec == 500 &&
         s->st_uid == (int64_t) getuid ());
  guestfs_free_statns (s);
  /* A directory's time is set after its contents are written. */
  s = guestfs_statns (g, "/in/tree/sub");
  CHECK (s != NULL && (s->st_mode & 07777) == 0700 &&
         s->st_mtime_sec == 1234567890);
  guestfs_free_statns (s);
  CHECK (guestfs_is_dir (g, "/in/tree/empty") == 1);
  c = guestfs_readlink (g, "/in/tree/abs");
  CHECK_STREQ (c, "/etc/passwd");
  free (c);
  c = guestfs_readlink (g, "/in/tree/rel");
  CHECK_STREQ (c, "sub/deep");
  free (c);
  /* FIFOs are left out. */
  CHECK (guestfs_exists (g, "/in/tree/fifo") == 0);

  /* A single file, into a directory given with a trailing slash; and
   * again over the first copy.
   */
  CHECK (guestfs_copy_in (g, local ("tree/file"), "/in/") == 0);
  CHECK (guestfs_write (g, "/in/file", "old", 3) == 0);
  CHECK (guestfs_copy_in (g, local ("tree/file"), "/in") == 0);
  c = guestfs_cat (g, "/in/file");
  CHECK_STREQ (c, "file contents\n");
  free (c);
  /* A second copy of the tree merges into the first. */
  CHECK (guestfs_copy_in (g, local ("tree"), "/in") == 0);

  CHECK_ERROR (g, guestfs_copy_in (g, local ("tree"), "/in/file"), ENOTDIR);
  CHECK_ERROR (g, guestfs_copy_in (g, local ("tree"), "/missing"), ENOTDIR);
  CHECK_ERROR (g, guestfs_copy_in (g, local ("missing"), "/in"), ENOENT);
  CHECK_ERROR (g, guestfs_copy_in (g, "/", "/in"), EINVAL);
  CHECK_ERROR (g, guestfs_copy_in (g, local ("tree/.."), "/in"), EINVAL);
}

static bool
local_is (const char *path, const char *content)
{
  size_t len;
  char *s = test_read_local (path, &len);
  bool r = s != NULL && len == strlen (content) &&
    memcmp (s, content, len) == 0;

  free (s);
  return r;
}

static void
test_copy_out (guestfs_h *g)
{
  char link[256];
  struct stat st;
  ssize_t n;

  CHECK (mkdir (local ("out"), 0755) == 0);
  CHECK (guestfs_copy_out (g, "/in/tree", local ("out")) == 0);
  CHECK (local_is (local ("out/tree/file"), "file contents\n"));
  CHECK (local_is (local ("out/tree/sub/deep"), "deep\n"));
  CHECK (stat (local ("out/tree/file"), &st) == 0 &&
         (st.st_mode & 07777) == 0640 && st.st_mtim.tv_sec == 1234567890);
  CHECK (stat (local ("out/tree/sub"), &st) == 0 &&
         (st.st_mode & 07777) == 0700 && st.st_mtim.tv_sec == 1234567890);
  n = readlink (local ("out/tree/abs"), link, sizeof link - 1);
  CHECK (n == 11 && memcmp (link, "/etc/passwd", 11) == 0);
  CHECK (stat (local ("out/tree/empty"), &st) == 0 && S_ISDIR (st.st_mode));

  /* A single file; setuid does not survive the trip. */
  CHECK (guestfs_chmod (g, 04755, "/in/file") == 0);
  CHECK (guestfs_copy_out (g, "/in/file", local ("out")) == 0);
  CHECK (local_is (local ("out/file"), "file contents\n"));
  CHECK (stat (local ("out/file"), &st) == 0 &&
         (st.st_mode & 07777) == 0755);
  /* Again, over the first copy, and a symlink on its own. */
  CHECK (guestfs_copy_out (g, "/in/file", local ("out")) == 0);
  CHECK (guestfs_copy_out (g, "/in/tree/rel", local ("out")) == 0);
  n = readlink (local ("out/rel"), link, sizeof link - 1);
  CHECK (n == 8 && memcmp (link, "sub/deep", 8) == 0);

  CHECK_ERROR (g, guestfs_copy_out (g, "/missing", local ("out")), ENOENT);
  CHECK_ERROR (g, guestfs_copy_out (g, "/in", local ("missing")), ENOENT);
  CHECK_ERROR (g, guestfs_copy_out (g, "/in", local ("out/file")), ENOTDIR);
  CHECK_ERROR (g, guestfs_copy_out (g, "/", local ("out")), EINVAL);
}

static void
test_hostile (guestfs_h *g)
{
  struct stat st;

  /* The guest's links point at the host's files: copied as links. */
  CHECK (guestfs_mkdir (g, "/evil") == 0);
  CHECK (guestfs_ln_s (g, "/", "/evil/root") == 0);
  CHECK (guestfs_ln_s (g, dir, "/evil/victim") == 0);
  CHECK (guestfs_mkdir (g, "/evil/d") == 0);
  CHECK (guestfs_write (g, "/evil/d/f", "guest", 5) == 0);
  CHECK (guestfs_mknod_c (g, 0666, 1, 3, "/evil/null") == 0);
  CHECK (mkdir (local ("h"), 0755) == 0);
  CHECK (guestfs_copy_out (g, "/evil", local ("h")) == 0);
  CHECK (lstat (local ("h/evil/root"), &st) == 0 && S_ISLNK (st.st_mode));
  CHECK (lstat (local ("h/evil/victim"), &st) == 0 && S_ISLNK (st.st_mode));
  CHECK (local_is (local ("h/evil/d/f"), "guest"));
  /* Device nodes are left out. */
  CHECK (lstat (local ("h/evil/null"), &st) == -1 && errno == ENOENT);

  /* A symlink already on the host where a directory or file of the
   * copy goes is not followed: the call fails, the target is intact.
   */
  CHECK (mkdir (local ("victim"), 0755) == 0);
  CHECK (mkdir (local ("h2"), 0755) == 0);
  CHECK (symlink (local ("victim"), local ("h2/evil")) == 0);
  CHECK_FAILS (g, guestfs_copy_out (g, "/evil", local ("h2")));
  CHECK (lstat (local ("victim/d"), &st) == -1 && errno == ENOENT);
  CHECK (symlink (local ("victim/file"), local ("h2/file")) == 0);
  CHECK_ERROR (g, guestfs_copy_out (g, "/in/file", local ("h2")), EEXIST);
  CHECK (lstat (local ("victim/file"), &st) == -1 && errno == ENOENT);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-copy");

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  make_local_tree ();
  test_add_disk (g, 32 * MiB);
  test_launch (g);
  CHECK (guestfs_mkfs (g, "ext4", "/dev/sda") == 0);
  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);

  test_copy_in (g);
  test_copy_out (g);
  test_hostile (g);

  test_remove_tree (dir);
  test_exit (g);
}
