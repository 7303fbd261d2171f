/* careen - offline disk-image toolkit */

/**
 * API tests of file transfers, in one launch: upload and download of
 * files larger than a message and than a chunk, empty files, and every
 * failure in the middle of a stream (missing target, full disk, missing
 * local file, unwritable local file): each fails with its errno and the
 * handle stays usable afterwards (the stream stayed in step), and
 * downloads of files still dirty in the appliance's page cache.  Also the
 * calls that return whole files or listings larger than one message:
 * cat, read_file and read_lines (through download), and ls and find
 * of a directory whose listing is a long reply (a chunk stream).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

/* Larger than a message (4 MiB). */
#define MEDIUM_SIZE (5 * MiB + 12345)
/* Larger than the small filesystem, for ENOSPC. */
#define BIG_SIZE (16 * MiB)

static char dir[] = "/tmp/careen-api-xfer.XXXXXX";
static char medium[128], big[128], empty[128], back[128];

static uint64_t progress_events, progress_bad;

static void
progress_cb (guestfs_h *g, void *opaque, uint64_t event, int handle,
             int flags, const char *buf, size_t len, const uint64_t *array,
             size_t alen)
{
  progress_events++;
  /* proc, serial, position, total */
  if (alen != 4 || array[2] > array[3])
    progress_bad++;
}

static void
make_file (const char *path, int64_t size)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  static char buf[65536];
  int64_t done = 0;
  uint32_t x = 12345;

  if (fd == -1) {
    perror (path);
    exit (EXIT_FAILURE);
  }
  while (done < size) {
    size_t i, n = size - done > (int64_t) sizeof buf
      ? sizeof buf : (size_t) (size - done);

    for (i = 0; i < n; ++i) {
      x = x * 1103515245 + 12345;
      buf[i] = (char) (x >> 16);
    }
    if (write (fd, buf, n) != (ssize_t) n) {
      perror (path);
      exit (EXIT_FAILURE);
    }
    done += n;
  }
  close (fd);
}

static bool
same_files (const char *a, const char *b)
{
  FILE *fa = fopen (a, "r"), *fb = fopen (b, "r");
  bool same = fa && fb;
  int ca, cb;

  while (same) {
    ca = getc (fa);
    cb = getc (fb);
    if (ca != cb)
      same = false;
    if (ca == EOF || cb == EOF)
      break;
  }
  if (fa) fclose (fa);
  if (fb) fclose (fb);
  return same;
}

static void
prepare (guestfs_h *g)
{
  CHECK (guestfs_part_init (g, "/dev/sda", "mbr") == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048, 96 * 2048 - 1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 96 * 2048, 104 * 2048 - 1)
         == 0);
  CHECK (guestfs_mkfs (g, "ext4", "/dev/sda1") == 0);
  CHECK (guestfs_mkfs (g, "ext2", "/dev/sda2") == 0);
  CHECK (guestfs_mount (g, "/dev/sda1", "/") == 0);
  CHECK (guestfs_mkdir (g, "/small") == 0);
  CHECK (guestfs_mount (g, "/dev/sda2", "/small") == 0);
}

static void
test_upload_download (guestfs_h *g)
{
  size_t size;
  char *s;

  CHECK (guestfs_upload (g, medium, "/medium") == 0);
  CHECK (guestfs_download (g, "/medium", back) == 0);
  CHECK (same_files (medium, back));
  CHECK (guestfs_upload (g, empty, "/empty") == 0);
  CHECK (guestfs_download (g, "/empty", back) == 0);
  CHECK (same_files (empty, back));
  s = guestfs_read_file (g, "/empty", &size);
  CHECK (s != NULL && size == 0);
  free (s);
  /* Replacing a file truncates it. */
  CHECK (guestfs_upload (g, empty, "/medium") == 0);
  CHECK (guestfs_download (g, "/medium", back) == 0);
  CHECK (same_files (empty, back));
  CHECK (guestfs_upload (g, medium, "/medium") == 0);

  /* Whole-file calls have no one-message limit. */
  s = guestfs_read_file (g, "/medium", &size);
  CHECK (s != NULL && size == MEDIUM_SIZE);
  if (s) {
    FILE *fp = fopen (back, "w");

    CHECK (fp && fwrite (s, 1, size, fp) == size);
    if (fp)
      fclose (fp);
    CHECK (same_files (medium, back));
  }
  free (s);
  CHECK_ERROR (g, guestfs_read_file (g, "/nosuch", &size), ENOENT);
  CHECK_ERROR (g, guestfs_cat (g, "/small"), EISDIR);
  /* Only regular files: a FIFO would never end, a huge sparse file
   * would fill the host's disk (tests/hostile checks 1 TiB).
   */
  CHECK (guestfs_mkfifo (g, 0644, "/fifo") == 0);
  CHECK_ERROR (g, guestfs_read_file (g, "/fifo", &size), EINVAL);
  CHECK (guestfs_rm (g, "/fifo") == 0);
  CHECK (guestfs_touch (g, "/sparse") == 0);
  CHECK (guestfs_truncate_size (g, "/sparse", INT64_C(2) << 30) == 0);
  CHECK_ERROR (g, guestfs_cat (g, "/sparse"), EFBIG);
  CHECK (guestfs_rm (g, "/sparse") == 0);
  CHECK (guestfs_ping_daemon (g) == 0);
}

/* A download reads the file with direct I/O: what was just written
 * through the appliance's page cache and is not on the disk yet (a
 * write, then an append that ends off a block boundary) must be what
 * comes back.
 */
static void
test_download_dirty (guestfs_h *g)
{
  const size_t n = 300001, tail = 4097;
  char *data = malloc (n + tail);
  size_t i, size;
  char *s;
  FILE *fp;
  bool same = false;

  CHECK (data != NULL);
  if (data == NULL)
    return;
  for (i = 0; i < n + tail; ++i)
    data[i] = (char) ((i * 7 + i / 4096) & 0xff);
  CHECK (guestfs_write (g, "/dirty", data, n) == 0);
  CHECK (guestfs_write_append (g, "/dirty", data + n, tail) == 0);
  CHECK (guestfs_download (g, "/dirty", back) == 0);
  fp = fopen (back, "r");
  if (fp) {
    char *got = malloc (n + tail + 1);

    same = got && fread (got, 1, n + tail + 1, fp) == n + tail &&
      memcmp (got, data, n + tail) == 0;
    free (got);
    fclose (fp);
  }
  CHECK (same);
  /* Overwritten in place, cached again: the new bytes come back. */
  data[0] ^= 0xff;
  data[n + tail - 1] ^= 0xff;
  CHECK (guestfs_pwrite (g, "/dirty", data, 1, 0) == 1);
  CHECK (guestfs_pwrite (g, "/dirty", data + n + tail - 1, 1,
                         n + tail - 1) == 1);
  s = guestfs_read_file (g, "/dirty", &size);
  CHECK (s != NULL && size == n + tail && memcmp (s, data, size) == 0);
  free (s);
  CHECK (guestfs_rm (g, "/dirty") == 0);
  free (data);
}

/* Listing and text replies longer than one message (4 MiB). */
static void
test_long_replies (guestfs_h *g)
{
  char tarball[160], cmd[1024], name[256], **l;
  const int files = 24000;      /* names of 200 bytes: about 5 MiB */
  char *s;
  size_t i, n;
  FILE *fp;

  /* Text of 120000 lines of 50 bytes (6 MB): cat and read_lines. */
  snprintf (name, sizeof name, "%s/lines", dir);
  fp = fopen (name, "w");
  CHECK (fp != NULL);
  for (i = 0; fp && i < 120000; ++i)
    fprintf (fp, "line %06zu %s\r\n", i, "abcdefghijklmnopqrstuvwxyzabcdefghijkl");
  if (fp)
    fclose (fp);
  CHECK (guestfs_upload (g, name, "/lines") == 0);
  s = guestfs_cat (g, "/lines");
  CHECK (s != NULL && strlen (s) == 120000 * 52);
  free (s);
  l = guestfs_read_lines (g, "/lines");
  for (n = 0; l && l[n]; ++n)
    ;
  CHECK (n == 120000);
  CHECK (l && strcmp (l[119999], "line 119999 abcdefghijklmnopqrstuvwxyzabcdefghijkl") == 0);
  test_free_list (l);
  unlink (name);

  /* A directory of many long names, through tar-in. */
  snprintf (tarball, sizeof tarball, "%s/many.tar", dir);
  snprintf (cmd, sizeof cmd,
            "set -e; mkdir %s/many; cd %s/many; "
            "seq -f '%%05g%0190d' 1 %d | xargs touch; "
            "tar -cf %s .; cd /; rm -rf %s/many",
            dir, dir, 0, files, tarball, dir);
  CHECK (system (cmd) == 0);
  CHECK (guestfs_mkdir (g, "/many") == 0);
  CHECK (guestfs_tar_in (g, tarball, "/many") == 0);
  unlink (tarball);
  l = guestfs_ls (g, "/many");
  for (n = 0; l && l[n]; ++n)
    ;
  CHECK (n == (size_t) files);
  snprintf (name, sizeof name, "%05d%0190d", files, 0);
  CHECK (l && n == (size_t) files && strcmp (l[n - 1], name) == 0);
  test_free_list (l);
  l = guestfs_find (g, "/many/");
  for (n = 0; l && l[n]; ++n)
    ;
  if (n != (size_t) files)
    fprintf (stderr, "find: %zu names, first %s\n", n, l && l[0] ? l[0] : "-");
  CHECK (n == (size_t) files);
  test_free_list (l);
  CHECK (guestfs_rm_rf (g, "/many") == 0);
  CHECK (guestfs_ping_daemon (g) == 0);
}

static void
test_stream_failures (guestfs_h *g)
{
  char *s;
  char **l;

  /* Each failure below happens with a stream under way; the ping after
   * it shows that the channel is still in step.
   */
  CHECK_ERROR (g, guestfs_upload (g, medium, "/nodir/x"), ENOENT);
  CHECK (guestfs_ping_daemon (g) == 0);
  CHECK_ERROR (g, guestfs_upload (g, medium, "relative"), EINVAL);
  CHECK (guestfs_ping_daemon (g) == 0);
  CHECK_ERROR (g, guestfs_upload (g, medium, "/small"), EISDIR);
  CHECK (guestfs_ping_daemon (g) == 0);
  CHECK_FAILS (g, guestfs_upload (g, "/nonexistent/local/file", "/x"));
  CHECK (guestfs_ping_daemon (g) == 0);
  CHECK (guestfs_exists (g, "/x") == 0 || guestfs_rm (g, "/x") == 0);

  /* A full disk: ENOSPC, then the handle and the disk still work. */
  CHECK_ERROR (g, guestfs_upload (g, big, "/small/big"), ENOSPC);
  CHECK (guestfs_ping_daemon (g) == 0);
  CHECK (guestfs_rm (g, "/small/big") == 0);
  CHECK (guestfs_write (g, "/small/after", "ok", 2) == 0);
  s = guestfs_cat (g, "/small/after");
  CHECK_STREQ (s, "ok");
  free (s);

  CHECK_ERROR (g, guestfs_download (g, "/missing", back), ENOENT);
  CHECK (guestfs_ping_daemon (g) == 0);
  CHECK_ERROR (g, guestfs_download (g, "/small", back), EISDIR);
  CHECK (guestfs_ping_daemon (g) == 0);
  CHECK_ERROR (g, guestfs_download (g, "relative", back), EINVAL);
  CHECK (guestfs_ping_daemon (g) == 0);
  /* The local side fails: the library cancels the download. */
  CHECK_FAILS (g, guestfs_download (g, "/medium", "/nonexistent/dir/x"));
  CHECK (guestfs_ping_daemon (g) == 0);

  l = guestfs_ls (g, "/");
  CHECK (test_list_has (l, "medium") && test_list_has (l, "small"));
  test_free_list (l);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-transfer");

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  snprintf (medium, sizeof medium, "%s/medium", dir);
  snprintf (big, sizeof big, "%s/big", dir);
  snprintf (empty, sizeof empty, "%s/empty", dir);
  snprintf (back, sizeof back, "%s/back", dir);
  make_file (medium, MEDIUM_SIZE);
  make_file (big, BIG_SIZE);
  make_file (empty, 0);

  if (guestfs_set_event_callback (g, progress_cb, GUESTFS_EVENT_PROGRESS,
                                  0, NULL) == -1)
    exit (EXIT_FAILURE);
  test_add_disk (g, 128 * MiB);
  test_launch (g);

  prepare (g);
  test_upload_download (g);
  test_download_dirty (g);
  test_stream_failures (g);
  test_long_replies (g);

  /* Whether progress shows depends on speed; what shows must be sane. */
  CHECK (progress_bad == 0);
  fprintf (stderr, "test-api-transfer: %" PRIu64 " progress events\n",
           progress_events);

  unlink (medium);
  unlink (big);
  unlink (empty);
  unlink (back);
  rmdir (dir);
  test_exit (g);
}
