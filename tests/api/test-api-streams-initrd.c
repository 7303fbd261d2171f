/* careen - offline disk-image toolkit */

/**
 * API tests, in one launch, of cpio_out, initrd_list, initrd_cat and
 * ntfscat_i, on success and failure.  The initrd images are made by
 * cpio_out itself (uploaded back into the guest), compressed by
 * compress_out, and put together on the host the way distributions
 * do (an uncompressed microcode archive first); hostile ones are
 * written byte by byte.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

static char dir[] = "/tmp/careen-api-initrd.XXXXXX";

static char *
local (const char *name)
{
  char *p;

  if (asprintf (&p, "%s/%s", dir, name) == -1) {
    perror ("asprintf");
    exit (EXIT_FAILURE);
  }
  return p;
}

static void
write_local (const char *path, const void *data, size_t len)
{
  FILE *fp = fopen (path, "w");

  if (fp == NULL || fwrite (data, 1, len, fp) != len || fclose (fp) != 0) {
    perror (path);
    exit (EXIT_FAILURE);
  }
}

/* Appends one newc member to the buffer (at most 1 KiB each). */
static size_t
newc_member (char *buf, size_t pos, const char *name, unsigned mode,
             const char *data, const char *magic)
{
  size_t dlen = data ? strlen (data) : 0;
  size_t nlen = strlen (name) + 1;

  pos += sprintf (buf + pos, "%s%08X%08X%08X%08X%08X%08X%08zX%08X%08X"
                  "%08X%08X%08zX%08X", magic, 1u, mode, 0u, 0u, 1u, 0u, dlen,
                  0u, 0u, 0u, 0u, nlen, 0u);
  memcpy (buf + pos, name, nlen);
  pos += nlen;
  while (pos % 4)
    buf[pos++] = 0;
  if (dlen) {
    memcpy (buf + pos, data, dlen);
    pos += dlen;
    while (pos % 4)
      buf[pos++] = 0;
  }
  return pos;
}

static bool
list_is (char **l, const char *const *want, size_t n)
{
  size_t i;

  if (l == NULL || test_count (l) != n) {
    fprintf (stderr, "list has %zu entries, expected %zu\n",
             l ? test_count (l) : 0, n);
    for (i = 0; l && l[i]; ++i)
      fprintf (stderr, "  %s\n", l[i]);
    return false;
  }
  for (i = 0; i < n; ++i)
    if (strcmp (l[i], want[i]) != 0) {
      fprintf (stderr, "entry %zu is %s, expected %s\n", i, l[i], want[i]);
      return false;
    }
  return true;
}

static void
check_cat (guestfs_h *g, const char *img, const char *name,
           const char *expected, int line)
{
  size_t size = 0;
  char *s = guestfs_initrd_cat (g, img, name, &size);

  if (s == NULL || size != strlen (expected) ||
      memcmp (s, expected, size) != 0)
    test_fail (__FILE__, line, "initrd_cat %s %s: got %zu bytes, expected "
               "\"%s\"", img, name, size, expected);
  free (s);
}
#define CHECK_ICAT(g, i, n, e) check_cat ((g), (i), (n), (e), __LINE__)

static void
test_cpio_initrd (guestfs_h *g)
{
  static const char *const members[] = {
    ".", "bin", "bin/sh", "etc", "etc/conf", "init", "link",
  };
  static const char *const ucode[] = {
    ".", "kernel", "kernel/x86", "kernel/x86/microcode",
    "kernel/x86/microcode/GenuineIntel.bin",
  };
  CLEANUP_FREE char *plain = local ("plain.cpio"),
    *crc = local ("crc.cpio"), *gz = local ("initrd.gz"),
    *uc = local ("ucode.cpio"), *early = local ("early.img"),
    *tmp = local ("tmp");
  char buf[8];
  char **l;
  size_t size;
  FILE *fp;
  int fd;

  /* The tree the archive is made of; find gives no fixed order. */
  CHECK (guestfs_mkdir_p (g, "/ird/bin") == 0);
  CHECK (guestfs_mkdir (g, "/ird/etc") == 0);
  CHECK (guestfs_write (g, "/ird/init", "#!/bin/sh\necho init\n", 20) == 0);
  CHECK (guestfs_write (g, "/ird/bin/sh", "ELF?", 4) == 0);
  CHECK (guestfs_touch (g, "/ird/etc/conf") == 0);
  CHECK (guestfs_ln_s (g, "/init", "/ird/link") == 0);
  CHECK (guestfs_chmod (g, 0750, "/ird/init") == 0);

  CHECK (guestfs_cpio_out (g, "/ird", plain, -1) == 0);
  fd = open (plain, O_RDONLY);
  CHECK (fd >= 0 && read (fd, buf, 6) == 6 && memcmp (buf, "070701", 6) == 0);
  if (fd >= 0)
    close (fd);
  CHECK (guestfs_cpio_out (g, "/ird", crc, GUESTFS_CPIO_OUT_FORMAT, "crc",
                           -1) == 0);
  fd = open (crc, O_RDONLY);
  CHECK (fd >= 0 && read (fd, buf, 6) == 6 && memcmp (buf, "070702", 6) == 0);
  if (fd >= 0)
    close (fd);
  CHECK (guestfs_cpio_out (g, "/ird", tmp, GUESTFS_CPIO_OUT_FORMAT, "newc",
                           -1) == 0);
  CHECK_ERROR (g, guestfs_cpio_out (g, "/ird", tmp, GUESTFS_CPIO_OUT_FORMAT,
                                    "tar", -1), EINVAL);
  CHECK_ERROR (g, guestfs_cpio_out (g, "/missing", tmp, -1), ENOENT);
  CHECK_ERROR (g, guestfs_cpio_out (g, "/ird/init", tmp, -1), ENOTDIR);
  CHECK_ERROR (g, guestfs_cpio_out (g, "rel", tmp, -1), EINVAL);

  CHECK (guestfs_mkdir (g, "/boot") == 0);
  CHECK (guestfs_upload (g, plain, "/boot/plain.img") == 0);
  CHECK (guestfs_upload (g, crc, "/boot/crc.img") == 0);
  l = guestfs_initrd_list (g, "/boot/plain.img");
  if (l) {
    size_t n = test_count (l), i, j;

    /* find's order varies; compare as sets. */
    CHECK (n == 7);
    for (i = 0; i < 7; ++i) {
      bool found = false;

      for (j = 0; j < n; ++j)
        if (strcmp (l[j], members[i]) == 0)
          found = true;
      CHECK (found);
    }
    CHECK (n > 0 && strcmp (l[0], ".") == 0);
  }
  else
    CHECK (l != NULL);
  test_free_list (l);
  l = guestfs_initrd_list (g, "/boot/crc.img");
  CHECK (l != NULL && test_count (l) == 7 && test_list_has (l, "bin/sh"));
  test_free_list (l);
  CHECK_ICAT (g, "/boot/plain.img", "init", "#!/bin/sh\necho init\n");
  CHECK_ICAT (g, "/boot/crc.img", "bin/sh", "ELF?");
  CHECK_ICAT (g, "/boot/plain.img", "/bin/sh", "ELF?");
  CHECK_ICAT (g, "/boot/plain.img", "etc/conf", "");
  CHECK_ERROR (g, guestfs_initrd_cat (g, "/boot/plain.img", "nosuch", &size),
               ENOENT);
  CHECK_ERROR (g, guestfs_initrd_cat (g, "/boot/plain.img", "bin", &size),
               EINVAL);
  CHECK_ERROR (g, guestfs_initrd_cat (g, "/boot/plain.img", "link", &size),
               EINVAL);
  CHECK_ERROR (g, guestfs_initrd_cat (g, "/boot/plain.img", "", &size),
               EINVAL);

  /* Compressed, each way the appliance can. */
  {
    static const char *const types[] = { "gzip", "xz", "zstd", "bzip2" };
    size_t i;

    for (i = 0; i < sizeof types / sizeof types[0]; ++i) {
      char img[64];

      guestfs_push_error_handler (g, NULL, NULL);
      if (guestfs_compress_out (g, types[i], "/boot/plain.img", gz, -1)
          == -1) {
        guestfs_pop_error_handler (g);
        fprintf (stderr, "compress_out %s unavailable: skipped\n", types[i]);
        continue;
      }
      guestfs_pop_error_handler (g);
      snprintf (img, sizeof img, "/boot/initrd-%s.img", types[i]);
      CHECK (guestfs_upload (g, gz, img) == 0);
      l = guestfs_initrd_list (g, img);
      CHECK (l != NULL && test_count (l) == 7 && test_list_has (l, "init"));
      test_free_list (l);
      CHECK_ICAT (g, img, "init", "#!/bin/sh\necho init\n");
    }
  }

  /* Early microcode: an uncompressed archive, then the gzip one. */
  {
    static char arch[4096];
    size_t pos = 0, i;
    char *gzdata;
    size_t gzlen;

    for (i = 0; i < 4; ++i)
      pos = newc_member (arch, pos, ucode[i], 040755, NULL, "070701");
    pos = newc_member (arch, pos, ucode[4], 0100644, "MICROCODE", "070701");
    pos = newc_member (arch, pos, "TRAILER!!!", 0, NULL, "070701");
    /* Distributions pad the first archive to a block. */
    memset (arch + pos, 0, 512 - pos % 512);
    pos += 512 - pos % 512;
    write_local (uc, arch, pos);
    CHECK (guestfs_compress_out (g, "gzip", "/boot/plain.img", gz, -1) == 0);
    gzdata = test_read_local (gz, &gzlen);
    CHECK (gzdata != NULL);
    fp = fopen (early, "w");
    CHECK (fp != NULL);
    if (fp && gzdata) {
      CHECK (fwrite (arch, 1, pos, fp) == pos);
      CHECK (fwrite (gzdata, 1, gzlen, fp) == gzlen);
    }
    if (fp)
      fclose (fp);
    free (gzdata);
    CHECK (guestfs_upload (g, early, "/boot/early.img") == 0);
    CHECK (guestfs_upload (g, uc, "/boot/ucode.img") == 0);
  }
  l = guestfs_initrd_list (g, "/boot/ucode.img");
  CHECK (list_is (l, ucode, 5));
  test_free_list (l);
  l = guestfs_initrd_list (g, "/boot/early.img");
  CHECK (l != NULL && test_count (l) == 12);
  if (l && test_count (l) == 12) {
    size_t i;

    /* The microcode first, in its order; then the rest, in the order
     * find gave.
     */
    for (i = 0; i < 5; ++i)
      CHECK (strcmp (l[i], ucode[i]) == 0);
    CHECK (test_list_has (l, "init") && test_list_has (l, "bin/sh"));
  }
  test_free_list (l);
  CHECK_ICAT (g, "/boot/early.img", "kernel/x86/microcode/GenuineIntel.bin",
              "MICROCODE");
  CHECK_ICAT (g, "/boot/early.img", "init", "#!/bin/sh\necho init\n");
}

static void
test_hostile_initrd (guestfs_h *g)
{
  CLEANUP_FREE char *p = local ("hostile");
  static char arch[8192];
  size_t pos, size;
  char **l;
  char *s;

  /* Not an archive at all. */
  CHECK (guestfs_write (g, "/boot/text", "just some text\n", 15) == 0);
  CHECK_ERROR (g, guestfs_initrd_list (g, "/boot/text"), EINVAL);
  CHECK_ERROR (g, guestfs_initrd_cat (g, "/boot/text", "init", &size),
               EINVAL);
  CHECK (guestfs_touch (g, "/boot/empty") == 0);
  CHECK_ERROR (g, guestfs_initrd_list (g, "/boot/empty"), EINVAL);
  CHECK_ERROR (g, guestfs_initrd_list (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_initrd_list (g, "/boot"), EISDIR);
  CHECK_ERROR (g, guestfs_initrd_list (g, "rel"), EINVAL);

  /* Absolute and ".." names are only names: listed, never used. */
  pos = newc_member (arch, 0, "/etc/passwd", 0100644, "root", "070701");
  pos = newc_member (arch, pos, "../../escape", 0100644, "x", "070701");
  pos = newc_member (arch, pos, "dup", 0100644, "first", "070701");
  pos = newc_member (arch, pos, "dup", 0100644, "second", "070701");
  pos = newc_member (arch, pos, "TRAILER!!!", 0, NULL, "070701");
  write_local (p, arch, pos);
  CHECK (guestfs_upload (g, p, "/boot/hostile.img") == 0);
  l = guestfs_initrd_list (g, "/boot/hostile.img");
  {
    static const char *const want[] = { "etc/passwd", "../../escape", "dup",
                                        "dup" };
    CHECK (list_is (l, want, 4));
  }
  test_free_list (l);
  CHECK_ICAT (g, "/boot/hostile.img", "etc/passwd", "root");
  /* The last of a name wins. */
  CHECK_ICAT (g, "/boot/hostile.img", "dup", "second");

  /* Truncated in the middle of a member's data. */
  write_local (p, arch, 120);
  CHECK (guestfs_upload (g, p, "/boot/trunc.img") == 0);
  CHECK_ERROR (g, guestfs_initrd_list (g, "/boot/trunc.img"), EINVAL);
  /* A name size far beyond any name. */
  pos = newc_member (arch, 0, "x", 0100644, "y", "070701");
  memcpy (arch + 94, "7FFFFFFF", 8);
  write_local (p, arch, pos);
  CHECK (guestfs_upload (g, p, "/boot/bigname.img") == 0);
  CHECK_ERROR (g, guestfs_initrd_list (g, "/boot/bigname.img"), EINVAL);
  /* A file size larger than the archive. */
  pos = newc_member (arch, 0, "x", 0100644, "y", "070701");
  memcpy (arch + 54, "7FFFFFFF", 8);
  write_local (p, arch, pos);
  CHECK (guestfs_upload (g, p, "/boot/bigfile.img") == 0);
  CHECK_ERROR (g, guestfs_initrd_list (g, "/boot/bigfile.img"), EINVAL);
  CHECK_ERROR (g, guestfs_initrd_cat (g, "/boot/bigfile.img", "x", &size),
               EFBIG);
  /* Garbage in a header field. */
  pos = newc_member (arch, 0, "x", 0100644, "y", "070701");
  memcpy (arch + 14, "zzzzzzzz", 8);
  write_local (p, arch, pos);
  CHECK (guestfs_upload (g, p, "/boot/badhex.img") == 0);
  CHECK_ERROR (g, guestfs_initrd_list (g, "/boot/badhex.img"), EINVAL);
  /* Something other than an archive after the first: ignored. */
  pos = newc_member (arch, 0, "ok", 0100644, "fine", "070701");
  pos = newc_member (arch, pos, "TRAILER!!!", 0, NULL, "070701");
  memcpy (arch + pos, "garbage", 7);
  write_local (p, arch, pos + 7);
  CHECK (guestfs_upload (g, p, "/boot/tail.img") == 0);
  l = guestfs_initrd_list (g, "/boot/tail.img");
  CHECK (l != NULL && test_count (l) == 1 && strcmp (l[0], "ok") == 0);
  test_free_list (l);
  /* A compression magic number followed by garbage. */
  write_local (p, "\x1f\x8b\x08\x00garbage, not deflate data", 28);
  CHECK (guestfs_upload (g, p, "/boot/badgz.img") == 0);
  CHECK_ERROR (g, guestfs_initrd_list (g, "/boot/badgz.img"), EINVAL);
  /* A gzip stream cut short inside the archive. */
  {
    CLEANUP_FREE char *gz = local ("cut.gz");
    char *data;
    size_t len;

    CHECK (guestfs_compress_out (g, "gzip", "/boot/plain.img", gz, -1) == 0);
    data = test_read_local (gz, &len);
    CHECK (data != NULL && len > 40);
    if (data && len > 40) {
      write_local (p, data, len / 2);
      CHECK (guestfs_upload (g, p, "/boot/cutgz.img") == 0);
      CHECK_ERROR (g, guestfs_initrd_list (g, "/boot/cutgz.img"), EINVAL);
    }
    free (data);
  }
  /* A FIFO is not read. */
  CHECK (guestfs_mkfifo (g, 0600, "/boot/fifo") == 0);
  CHECK_ERROR (g, guestfs_initrd_list (g, "/boot/fifo"), EINVAL);
  s = guestfs_initrd_cat (g, "/boot/tail.img", "ok", &size);
  CHECK (s != NULL && size == 4 && memcmp (s, "fine", 4) == 0);
  free (s);
}

static void
test_ntfscat (guestfs_h *g)
{
  char *groups[] = { (char *) "ntfs3g", NULL };
  CLEANUP_FREE char *out = local ("ntfscat.out");
  struct guestfs_statns *st;
  char *data;
  size_t len;
  int64_t ino;

  CHECK_ERROR (g, guestfs_ntfscat_i (g, "/dev/sdb", -1, out), EINVAL);
  CHECK_ERROR (g, guestfs_ntfscat_i (g, "/dev/sdz", 5, out), ENOENT);
  if (guestfs_feature_available (g, groups) != 1) {
    fprintf (stderr, "ntfs3g not available: ntfscat_i checks skipped\n");
    return;
  }
  CHECK (guestfs_mkfs (g, "ntfs", "/dev/sdb") == 0);
  CHECK (guestfs_mkdir (g, "/ntfs") == 0);
  CHECK (guestfs_mount (g, "/dev/sdb", "/ntfs") == 0);
  CHECK (guestfs_write (g, "/ntfs/hello.txt", "hello from ntfs\n", 16) == 0);
  st = guestfs_statns (g, "/ntfs/hello.txt");
  CHECK (st != NULL);
  ino = st ? st->st_ino : 0;
  guestfs_free_statns (st);
  CHECK_ERROR (g, guestfs_ntfscat_i (g, "/dev/sdb", ino, out), EBUSY);
  CHECK (guestfs_umount (g, "/ntfs") == 0);

  CHECK (guestfs_ntfscat_i (g, "/dev/sdb", ino, out) == 0);
  data = test_read_local (out, &len);
  CHECK (data != NULL && len == 16 && memcmp (data, "hello from ntfs\n", 16)
         == 0);
  free (data);
  /* Record 0 is the MFT itself: some kilobytes. */
  CHECK (guestfs_ntfscat_i (g, "/dev/sdb", 0, out) == 0);
  data = test_read_local (out, &len);
  CHECK (data != NULL && len >= 1024 && memcmp (data, "FILE", 4) == 0);
  free (data);
  CHECK_FAILS (g, guestfs_ntfscat_i (g, "/dev/sdb", 99999999, out));
  /* Not NTFS. */
  CHECK_FAILS (g, guestfs_ntfscat_i (g, "/dev/sda", 5, out));
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-streams-initrd");

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  test_add_disk (g, 64 * MiB);
  test_add_disk (g, 32 * MiB);
  test_launch (g);

  CHECK (guestfs_mkfs (g, "ext4", "/dev/sda") == 0);
  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);

  test_cpio_initrd (g);
  test_hostile_initrd (g);
  test_ntfscat (g);

  test_remove_tree (dir);
  test_exit (g);
}
