/* careen - offline disk-image toolkit */

/**
 * API tests of the "streams" area, in one launch: upload_offset,
 * download_offset, tar_in, tar_out (and their _opts forms), tgz_in,
 * tgz_out, txz_in, txz_out, base64_in, base64_out, compress_out and
 * compress_device_out, on success and failure.  Every failure in the
 * middle of a stream must leave the handle usable (the stream stayed in
 * step), which the calls after it check.
 *
 * tar_in runs with its page cache bounded (a memory cgroup in the
 * appliance).
 *
 * Hostile archives (absolute member names, ".." members, a symlink
 * member followed by a member through it) must not write outside the
 * target directory.  Archives and compressed data are checked with the
 * host's own tar, gzip and base64.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
/* The second disk, a raw device for the device calls. */
#define DEV_SIZE (4 * MiB)
/* Where on it the pattern goes, and how long it is (over a chunk). */
#define PAT_OFFSET 512
#define PAT_SIZE (MiB + 777)

static char dir[] = "/tmp/careen-api-streams.XXXXXX";
static char tree[] = "/tmp/careen-api-streams-tree.XXXXXX";

static const char *
lpath (const char *name)
{
  static char buf[8][256];
  static int n;

  n = (n + 1) % 8;
  snprintf (buf[n], sizeof buf[n], "%s/%s", dir, name);
  return buf[n];
}

static void
write_local (const char *path, const char *data, size_t len)
{
  FILE *fp = fopen (path, "w");

  if (fp == NULL || fwrite (data, 1, len, fp) != len || fclose (fp) != 0) {
    perror (path);
    exit (EXIT_FAILURE);
  }
}

/* A pseudo-random pattern of size bytes. */
static char *
pattern (size_t size)
{
  char *p = malloc (size);
  uint32_t x = 4321;
  size_t i;

  if (p == NULL)
    abort ();
  for (i = 0; i < size; ++i) {
    x = x * 1103515245 + 12345;
    p[i] = (char) (x >> 16);
  }
  return p;
}

static bool
local_equals (const char *path, const char *data, size_t len)
{
  size_t n;
  char *buf = test_read_local (path, &n);
  bool r = buf != NULL && n == len && memcmp (buf, data, len) == 0;

  free (buf);
  return r;
}

/* Runs a host command line; true if it exited with status 0. */
static bool
run (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
static bool
run (const char *fs, ...)
{
  char cmd[1024];
  va_list args;

  va_start (args, fs);
  vsnprintf (cmd, sizeof cmd, fs, args);
  va_end (args);
  return system (cmd) == 0;
}

static void
make_host_tree (void)
{
  if (mkdtemp (tree) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  if (!run ("mkdir -p %s/d/sub && printf aaa > %s/d/a && printf skip > "
            "%s/d/x.skip && printf c > %s/d/sub/c", tree, tree, tree, tree)) {
    fprintf (stderr, "making the tree failed\n");
    exit (EXIT_FAILURE);
  }
}

static void
test_offsets (guestfs_h *g)
{
  char *pat = pattern (PAT_SIZE);
  char *s;
  size_t size;
  static const char zeroes[10];

  write_local (lpath ("xyz"), "XYZ", 3);
  write_local (lpath ("pat"), pat, PAT_SIZE);
  CHECK (guestfs_write (g, "/f", "hello", 5) == 0);
  CHECK (guestfs_upload_offset (g, lpath ("xyz"), "/f", 2) == 0);
  s = guestfs_cat (g, "/f");
  CHECK_STREQ (s, "heXYZ");
  free (s);
  CHECK (guestfs_upload_offset (g, lpath ("xyz"), "/f", 4) == 0);
  s = guestfs_cat (g, "/f");
  CHECK_STREQ (s, "heXYXYZ");
  free (s);
  CHECK (guestfs_upload_offset (g, lpath ("xyz"), "/new", 10) == 0);
  s = guestfs_read_file (g, "/new", &size);
  CHECK (s != NULL && size == 13 && memcmp (s, zeroes, 10) == 0 &&
         memcmp (s + 10, "XYZ", 3) == 0);
  free (s);
  CHECK_ERROR (g, guestfs_upload_offset (g, lpath ("xyz"), "/f", -1), EINVAL);
  CHECK_ERROR (g, guestfs_upload_offset (g, lpath ("xyz"), "/no/f", 0),
               ENOENT);
  CHECK_ERROR (g, guestfs_upload_offset (g, lpath ("xyz"), "/d", 0), EISDIR);
  /* A device, with more than one chunk. */
  CHECK (guestfs_upload_offset (g, lpath ("pat"), "/dev/sdb", PAT_OFFSET)
         == 0);

  CHECK (guestfs_download_offset (g, "/f", lpath ("out"), 1, 3) == 0);
  CHECK (local_equals (lpath ("out"), "eXY", 3));
  CHECK (guestfs_download_offset (g, "/f", lpath ("out"), 7, 0) == 0);
  CHECK (local_equals (lpath ("out"), "", 0));
  CHECK (guestfs_download_offset (g, "/dev/sdb", lpath ("out"), PAT_OFFSET,
                                  PAT_SIZE) == 0);
  CHECK (local_equals (lpath ("out"), pat, PAT_SIZE));
  CHECK_ERROR (g, guestfs_download_offset (g, "/f", lpath ("out"), 3, 10),
               ERANGE);
  CHECK_ERROR (g, guestfs_download_offset (g, "/f", lpath ("out"), -1, 1),
               EINVAL);
  CHECK_ERROR (g, guestfs_download_offset (g, "/f", lpath ("out"), 0, -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_download_offset (g, "/missing", lpath ("out"), 0,
                                           1), ENOENT);
  CHECK_ERROR (g, guestfs_download_offset (g, "/d", lpath ("out"), 0, 1),
               EISDIR);
  free (pat);
}

static void
test_tar (guestfs_h *g)
{
  char *s;
  char *excl[] = { (char *) "*.skip", NULL };
  size_t size;

  /* Plain round trip, checked by the host's tar too. */
  CHECK (guestfs_tar_out (g, "/d", lpath ("d.tar")) == 0);
  CHECK (run ("tar -tf %s | grep -qx ./sub/c", lpath ("d.tar")));
  CHECK (guestfs_mkdir (g, "/copy") == 0);
  CHECK (guestfs_tar_in (g, lpath ("d.tar"), "/copy") == 0);
  s = guestfs_cat (g, "/copy/sub/c");
  CHECK_STREQ (s, "c");
  free (s);
  /* tar_in ran with its page cache bounded: the appliance's memory
   * cgroup for it exists, with the memory controller on.
   */
  {
    char *dirs[] = { (char *) "/sys/fs/cgroup/careen-writer", NULL };
    const char *p;
    int n = 0;

    s = guestfs_debug (g, "ls", dirs);
    CHECK (s != NULL);
    for (p = s; p && (p = strstr (p, "memory.high")) != NULL; p++)
      n++;
    CHECK (n == 1);
    free (s);
  }

  /* A tar made on the host. */
  CHECK (run ("tar -C %s -cf %s d", tree, lpath ("host.tar")));
  CHECK (guestfs_tar_in_opts (g, lpath ("host.tar"), "/copy", -1) == 0);
  s = guestfs_cat (g, "/copy/d/a");
  CHECK_STREQ (s, "aaa");
  free (s);

  /* Compressed, excludes, numeric owners, attributes. */
  CHECK (guestfs_setxattr (g, "user.k", "kv", 2, "/d/a") == 0);
  CHECK (guestfs_tar_out_opts (g, "/d", lpath ("d.tgz"),
                               GUESTFS_TAR_OUT_OPTS_COMPRESS, "gzip",
                               GUESTFS_TAR_OUT_OPTS_EXCLUDES, excl,
                               GUESTFS_TAR_OUT_OPTS_NUMERICOWNER, 1,
                               GUESTFS_TAR_OUT_OPTS_XATTRS, 1, -1) == 0);
  CHECK (run ("gzip -dc %s | tar -tf - | grep -qx ./a", lpath ("d.tgz")));
  CHECK (!run ("gzip -dc %s | tar -tf - | grep -q skip", lpath ("d.tgz")));
  CHECK (guestfs_mkdir (g, "/z") == 0);
  CHECK (guestfs_tar_in_opts (g, lpath ("d.tgz"), "/z",
                              GUESTFS_TAR_IN_OPTS_COMPRESS, "gzip",
                              GUESTFS_TAR_IN_OPTS_XATTRS, 1, -1) == 0);
  CHECK (guestfs_is_file (g, "/z/a") == 1);
  CHECK (guestfs_exists (g, "/z/x.skip") == 0);
  s = guestfs_getxattr (g, "/z/a", "user.k", &size);
  CHECK (s != NULL && size == 2 && memcmp (s, "kv", 2) == 0);
  free (s);

  CHECK (guestfs_tar_out_opts (g, "/d", lpath ("d.txz"),
                               GUESTFS_TAR_OUT_OPTS_COMPRESS, "xz", -1) == 0);
  CHECK (run ("xz -dc %s | tar -tf - | grep -qx ./sub/c", lpath ("d.txz")));
  CHECK (guestfs_mkdir (g, "/x") == 0);
  CHECK (guestfs_tar_in_opts (g, lpath ("d.txz"), "/x",
                              GUESTFS_TAR_IN_OPTS_COMPRESS, "xz", -1) == 0);
  CHECK (guestfs_is_file (g, "/x/sub/c") == 1);

  CHECK (guestfs_txz_out (g, "/d/sub", lpath ("t.txz")) == 0);
  CHECK (run ("xz -dc %s | tar -tf - | grep -qx ./c", lpath ("t.txz")));
  CHECK (guestfs_mkdir (g, "/tx") == 0);
  CHECK (guestfs_txz_in (g, lpath ("t.txz"), "/tx") == 0);
  CHECK (guestfs_is_file (g, "/tx/c") == 1);
  CHECK_FAILS (g, guestfs_txz_in (g, lpath ("d.tar"), "/tx"));

  CHECK (guestfs_tgz_out (g, "/d", lpath ("t.tgz")) == 0);
  CHECK (run ("gzip -dc %s | tar -tf - | grep -qx ./a", lpath ("t.tgz")));
  CHECK (guestfs_mkdir (g, "/t") == 0);
  CHECK (guestfs_tgz_in (g, lpath ("t.tgz"), "/t") == 0);
  CHECK (guestfs_is_file (g, "/t/x.skip") == 1);

  /* Failures, each followed by a call that must work. */
  CHECK_ERROR (g, guestfs_tar_out (g, "/missing", lpath ("e.tar")), ENOENT);
  CHECK_ERROR (g, guestfs_tar_out (g, "/d/a", lpath ("e.tar")), ENOTDIR);
  CHECK_ERROR (g, guestfs_tar_out_opts (g, "/d", lpath ("e.tar"),
                                        GUESTFS_TAR_OUT_OPTS_COMPRESS,
                                        "bogus", -1), EINVAL);
  excl[0] = (char *) "bad\npattern";
  CHECK_ERROR (g, guestfs_tar_out_opts (g, "/d", lpath ("e.tar"),
                                        GUESTFS_TAR_OUT_OPTS_EXCLUDES, excl,
                                        -1), EINVAL);
  CHECK_ERROR (g, guestfs_tar_in (g, lpath ("d.tar"), "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_tar_in (g, lpath ("d.tar"), "/d/a"), ENOTDIR);
  CHECK_ERROR (g, guestfs_tar_in_opts (g, lpath ("d.tar"), "/copy",
                                       GUESTFS_TAR_IN_OPTS_COMPRESS, "bogus",
                                       -1), EINVAL);
  write_local (lpath ("garbage.tar"), "this is not a tar archive\n", 26);
  CHECK_FAILS (g, guestfs_tar_in (g, lpath ("garbage.tar"), "/copy"));
  /* gzip data given as plain tar, and plain tar given as gzip. */
  CHECK_FAILS (g, guestfs_tar_in_opts (g, lpath ("d.tar"), "/copy",
                                       GUESTFS_TAR_IN_OPTS_COMPRESS, "gzip",
                                       -1));
  CHECK (guestfs_tar_out (g, "/d/sub", lpath ("sub.tar")) == 0);
  CHECK (run ("tar -tf %s | grep -qx ./c", lpath ("sub.tar")));
}

static void
test_hostile_tar (guestfs_h *g)
{
  /* An absolute member lands inside the target. */
  CHECK (run ("printf abs > %s", lpath ("abs-file")));
  CHECK (run ("tar -P -cf %s %s 2>/dev/null", lpath ("abs.tar"),
              lpath ("abs-file")));
  CHECK (guestfs_mkdir (g, "/h1") == 0);
  CHECK (guestfs_tar_in (g, lpath ("abs.tar"), "/h1") == 0);
  CHECK (guestfs_is_dir (g, "/h1/tmp") == 1);
  CHECK (guestfs_exists (g, "/tmp") == 0);

  /* A ".." member is refused, and nothing is written above the
   * target.
   */
  CHECK (run ("mkdir -p %s && printf dd > %s", lpath ("ddir"),
              lpath ("dotdot-file")));
  CHECK (run ("tar -P -C %s -cf %s ../dotdot-file", lpath ("ddir"),
              lpath ("dd.tar")));
  CHECK (guestfs_mkdir (g, "/h2") == 0);
  CHECK_FAILS (g, guestfs_tar_in (g, lpath ("dd.tar"), "/h2"));
  CHECK (guestfs_exists (g, "/dotdot-file") == 0);

  /* A symlink to ".." then a member through it. */
  CHECK (run ("mkdir -p %s/real && ln -sfn .. %s/lnk && "
              "printf esc > %s/real/escaped && "
              "tar -C %s -cf %s --transform 's,^real,lnk,' lnk real/escaped",
              lpath ("sl"), lpath ("sl"), lpath ("sl"), lpath ("sl"),
              lpath ("sl.tar")));
  CHECK (run ("tar -tf %s | grep -qx lnk/escaped", lpath ("sl.tar")));
  CHECK (guestfs_mkdir (g, "/h3") == 0);
  guestfs_push_error_handler (g, NULL, NULL);
  guestfs_tar_in (g, lpath ("sl.tar"), "/h3");
  guestfs_pop_error_handler (g);
  CHECK (guestfs_exists (g, "/escaped") == 0);
  CHECK (guestfs_exists (g, "/h3/escaped") == 0);
}

static void
test_base64 (guestfs_h *g)
{
  char *s, *pat;
  size_t size;

  write_local (lpath ("b64"), "aGVsbG8gd29y\r\nbGQ=\n", 19);
  CHECK (guestfs_base64_in (g, lpath ("b64"), "/b64") == 0);
  s = guestfs_cat (g, "/b64");
  CHECK_STREQ (s, "hello world");
  free (s);
  write_local (lpath ("b64"), "aGk", 3);
  CHECK (guestfs_base64_in (g, lpath ("b64"), "/b64") == 0);
  s = guestfs_cat (g, "/b64");
  CHECK_STREQ (s, "hi");
  free (s);
  write_local (lpath ("b64"), "", 0);
  CHECK (guestfs_base64_in (g, lpath ("b64"), "/b64") == 0);
  s = guestfs_read_file (g, "/b64", &size);
  CHECK (s != NULL && size == 0);
  free (s);
  write_local (lpath ("b64"), "aGVs!!!!", 8);
  CHECK_ERROR (g, guestfs_base64_in (g, lpath ("b64"), "/b64"), EINVAL);
  write_local (lpath ("b64"), "aGVsb", 5);
  CHECK_ERROR (g, guestfs_base64_in (g, lpath ("b64"), "/b64"), EINVAL);
  write_local (lpath ("b64"), "aG==aG==", 8);
  CHECK_ERROR (g, guestfs_base64_in (g, lpath ("b64"), "/b64"), EINVAL);
  CHECK_ERROR (g, guestfs_base64_in (g, lpath ("b64"), "/no/b64"), ENOENT);

  CHECK (guestfs_write (g, "/h", "hello", 5) == 0);
  CHECK (guestfs_base64_out (g, "/h", lpath ("h.b64")) == 0);
  CHECK (local_equals (lpath ("h.b64"), "aGVsbG8=\n", 9));
  CHECK (guestfs_write (g, "/e", "", 0) == 0);
  CHECK (guestfs_base64_out (g, "/e", lpath ("e.b64")) == 0);
  CHECK (local_equals (lpath ("e.b64"), "", 0));

  /* Large: several chunks, checked against the host's base64. */
  pat = pattern (PAT_SIZE);
  write_local (lpath ("pat"), pat, PAT_SIZE);
  free (pat);
  CHECK (guestfs_upload (g, lpath ("pat"), "/big") == 0);
  CHECK (guestfs_base64_out (g, "/big", lpath ("big.b64")) == 0);
  CHECK (run ("base64 %s | cmp -s - %s", lpath ("pat"), lpath ("big.b64")));
  CHECK (guestfs_base64_in (g, lpath ("big.b64"), "/big2") == 0);
  CHECK (guestfs_download (g, "/big2", lpath ("big2")) == 0);
  CHECK (run ("cmp -s %s %s", lpath ("pat"), lpath ("big2")));

  CHECK_ERROR (g, guestfs_base64_out (g, "/missing", lpath ("x")), ENOENT);
  CHECK_ERROR (g, guestfs_base64_out (g, "/d", lpath ("x")), EISDIR);
  CHECK (guestfs_base64_out (g, "/h", lpath ("h.b64")) == 0);
}

static void
test_compress (guestfs_h *g)
{
  CHECK (guestfs_compress_out (g, "gzip", "/big", lpath ("big.gz"), -1)
         == 0);
  CHECK (run ("gzip -dc %s | cmp -s - %s", lpath ("big.gz"), lpath ("pat")));
  CHECK (guestfs_compress_out (g, "gzip", "/big", lpath ("big1.gz"),
                               GUESTFS_COMPRESS_OUT_LEVEL, 1, -1) == 0);
  CHECK (run ("gzip -dc %s | cmp -s - %s", lpath ("big1.gz"), lpath ("pat")));
  CHECK (guestfs_compress_out (g, "xz", "/h", lpath ("h.xz"),
                               GUESTFS_COMPRESS_OUT_LEVEL, 0, -1) == 0);
  CHECK (run ("xz -dc %s | grep -qx hello", lpath ("h.xz")));
  CHECK (guestfs_compress_out (g, "bzip2", "/h", lpath ("h.bz2"), -1) == 0);
  CHECK (run ("bzip2 -dc %s | grep -qx hello", lpath ("h.bz2")));

  CHECK_ERROR (g, guestfs_compress_out (g, "gzip", "/h", lpath ("x"),
                                        GUESTFS_COMPRESS_OUT_LEVEL, 99, -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_compress_out (g, "bogus", "/h", lpath ("x"), -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_compress_out (g, "compress", "/h", lpath ("x"), -1),
               ENOTSUP);
  CHECK_ERROR (g, guestfs_compress_out (g, "gzip", "/missing", lpath ("x"),
                                        -1), ENOENT);
  CHECK_ERROR (g, guestfs_compress_out (g, "gzip", "/d", lpath ("x"), -1),
               EISDIR);

  /* The device: zeroes with the pattern at PAT_OFFSET. */
  CHECK (guestfs_compress_device_out (g, "gzip", "/dev/sdb",
                                      lpath ("dev.gz"), -1) == 0);
  CHECK (run ("gzip -dc %s > %s && test $(stat -c %%s %s) = %lld && "
              "dd if=%s bs=512 skip=1 count=%lld iflag=count_bytes "
              "status=none | cmp -s - %s",
              lpath ("dev.gz"), lpath ("dev"), lpath ("dev"),
              (long long) DEV_SIZE, lpath ("dev"), (long long) PAT_SIZE,
              lpath ("pat")));
  CHECK_ERROR (g, guestfs_compress_device_out (g, "gzip", "/dev/sdz",
                                               lpath ("x"), -1), ENOENT);
  CHECK_ERROR (g, guestfs_compress_device_out
               (g, "gzip", "/dev/sdb", lpath ("x"),
                GUESTFS_COMPRESS_DEVICE_OUT_LEVEL, 0, -1), EINVAL);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-streams");

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  make_host_tree ();
  test_add_ext4_from_dir (g, tree, 64 * MiB);
  test_add_disk (g, DEV_SIZE);
  test_launch (g);

  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  test_offsets (g);
  test_tar (g);
  test_hostile_tar (g);
  test_base64 (g);
  test_compress (g);

  test_remove_tree (dir);
  test_remove_tree (tree);
  test_exit (g);
}
