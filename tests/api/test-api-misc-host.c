/* careen - offline disk-image toolkit */

/**
 * API tests of the misc calls that need no appliance: disk_format,
 * disk_virtual_size and disk_has_backing_file on images of every format
 * qemu-img can make and on hostile headers made here; set_identifier /
 * get_identifier and the trace prefix; set/get_program and autosync;
 * the library-side internal test calls (output file, only_optargs,
 * constant-string returns).
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include <endian.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

static char dir[] = "/tmp/careen-api-misc.XXXXXX";

static const char *
path (const char *name)
{
  static char buf[8][256];
  static int n;
  char *p = buf[n++ % 8];

  snprintf (p, 256, "%s/%s", dir, name);
  return p;
}

static void
cleanup (void)
{
  test_remove_tree (dir);
}

/* Writes len bytes of buf at the start of a new file of size total. */
static void
write_file (const char *name, const void *buf, size_t len, off_t total)
{
  int fd = open (path (name), O_WRONLY | O_CREAT | O_TRUNC, 0644);

  if (fd == -1 || write (fd, buf, len) != (ssize_t) len ||
      (total > 0 && ftruncate (fd, total) == -1) || close (fd) == -1) {
    perror (name);
    exit (EXIT_FAILURE);
  }
}

/* Runs qemu-img create; false when qemu-img cannot make the format. */
static bool
qemu_img_create (const char *fmt, const char *name, const char *backing)
{
  char cmd[1024];

  if (backing)
    snprintf (cmd, sizeof cmd, "qemu-img create -q -f %s -b '%s' -F %s "
              "'%s' >/dev/null 2>&1", fmt, path (backing), fmt, path (name));
  else
    snprintf (cmd, sizeof cmd, "qemu-img create -q -f %s '%s' 10M "
              ">/dev/null 2>&1", fmt, path (name));
  return system (cmd) == 0;
}

/* The virtual size qemu-img reports for an image the test made. */
static int64_t
qemu_img_size (const char *fmt, const char *name)
{
  char cmd[1024], line[512];
  FILE *fp;
  int64_t size = -2;

  snprintf (cmd, sizeof cmd, "qemu-img info -f %s --output=json '%s'",
            fmt, path (name));
  fp = popen (cmd, "r");
  if (fp == NULL)
    return -2;
  while (fgets (line, sizeof line, fp))
    if (strncmp (line, "    \"virtual-size\": ", 20) == 0)
      size = strtoll (line + 20, NULL, 10);
  pclose (fp);
  return size;
}

static void
test_formats (guestfs_h *g)
{
  static const char *const fmts[] = { "vmdk", "vdi", "vpc", "vhdx", "qed" };
  char *s;
  size_t i;

  /* raw */
  write_file ("raw.img", "", 0, MiB + 512);
  s = guestfs_disk_format (g, path ("raw.img"));
  CHECK_STREQ (s, "raw");
  free (s);
  CHECK (guestfs_disk_virtual_size (g, path ("raw.img")) == MiB + 512);
  CHECK (guestfs_disk_has_backing_file (g, path ("raw.img")) == 0);
  /* An empty file is a raw disk of size 0. */
  write_file ("empty.img", "", 0, 0);
  CHECK (guestfs_disk_virtual_size (g, path ("empty.img")) == 0);

  /* qcow2, made by careen itself, plain and as an overlay */
  CHECK_OK (guestfs_disk_create (g, path ("base.qcow2"), "qcow2", 10 * MiB,
                                 -1));
  s = guestfs_disk_format (g, path ("base.qcow2"));
  CHECK_STREQ (s, "qcow2");
  free (s);
  CHECK (guestfs_disk_virtual_size (g, path ("base.qcow2")) == 10 * MiB);
  CHECK (guestfs_disk_has_backing_file (g, path ("base.qcow2")) == 0);
  CHECK_OK (guestfs_disk_create (g, path ("over.qcow2"), "qcow2", -1,
                                 GUESTFS_DISK_CREATE_BACKINGFILE,
                                 path ("base.qcow2"),
                                 GUESTFS_DISK_CREATE_BACKINGFORMAT, "qcow2",
                                 -1));
  s = guestfs_disk_format (g, path ("over.qcow2"));
  CHECK_STREQ (s, "qcow2");
  free (s);
  CHECK (guestfs_disk_virtual_size (g, path ("over.qcow2")) == 10 * MiB);
  CHECK (guestfs_disk_has_backing_file (g, path ("over.qcow2")) == 1);

  /* The other formats, compared with what qemu-img says. */
  for (i = 0; i < sizeof fmts / sizeof fmts[0]; ++i) {
    char name[32];

    snprintf (name, sizeof name, "t.%s", fmts[i]);
    if (!qemu_img_create (fmts[i], name, NULL)) {
      printf ("qemu-img cannot make %s here: not tested\n", fmts[i]);
      continue;
    }
    s = guestfs_disk_format (g, path (name));
    CHECK_STREQ (s, fmts[i]);
    free (s);
    if (guestfs_disk_virtual_size (g, path (name)) !=
        qemu_img_size (fmts[i], name))
      test_fail (__FILE__, __LINE__, "%s: virtual size %" PRIi64 ", "
                 "qemu-img says %" PRIi64, fmts[i],
                 guestfs_disk_virtual_size (g, path (name)),
                 qemu_img_size (fmts[i], name));
    CHECK (guestfs_disk_has_backing_file (g, path (name)) == 0);
  }
  /* Overlays of the formats that have them. */
  if (qemu_img_create ("vmdk", "over.vmdk", "t.vmdk")) {
    CHECK (guestfs_disk_has_backing_file (g, path ("over.vmdk")) == 1);
    CHECK (guestfs_disk_virtual_size (g, path ("over.vmdk")) == 10 * MiB);
  }
  if (qemu_img_create ("qed", "over.qed", "t.qed")) {
    CHECK (guestfs_disk_has_backing_file (g, path ("over.qed")) == 1);
    CHECK (guestfs_disk_virtual_size (g, path ("over.qed")) == 10 * MiB);
  }

  /* A VMDK descriptor file (text) with two extents. */
  {
    static const char desc[] =
      "# Disk DescriptorFile\n"
      "version=1\n"
      "CID=fffffffe\n"
      "parentCID=ffffffff\n"
      "createType=\"monolithicFlat\"\n"
      "\n"
      "RW 2048 FLAT \"a-flat.vmdk\" 0\n"
      "RDONLY 4096 FLAT \"b-flat.vmdk\" 0\n";

    write_file ("desc.vmdk", desc, sizeof desc - 1, 0);
    s = guestfs_disk_format (g, path ("desc.vmdk"));
    CHECK_STREQ (s, "vmdk");
    free (s);
    CHECK (guestfs_disk_virtual_size (g, path ("desc.vmdk")) == 6144 * 512);
    CHECK (guestfs_disk_has_backing_file (g, path ("desc.vmdk")) == 0);
  }
}

/* Headers a hostile guest could write. */
static void
test_hostile (guestfs_h *g)
{
  unsigned char h[512];
  uint32_t v32;
  uint64_t v64;

  /* qcow2 magic with an absurd cluster size. */
  memset (h, 0, sizeof h);
  memcpy (h, "QFI\xfb", 4);
  v32 = htobe32 (3); memcpy (h + 4, &v32, 4);
  v32 = htobe32 (40); memcpy (h + 20, &v32, 4);
  write_file ("bad-cluster.qcow2", h, sizeof h, 0);
  CHECK_ERROR (g, guestfs_disk_format (g, path ("bad-cluster.qcow2")), EINVAL);
  CHECK_ERROR (g, guestfs_disk_virtual_size (g, path ("bad-cluster.qcow2")),
               EINVAL);

  /* qcow2 whose L1 table lies past the end of the file. */
  v32 = htobe32 (16); memcpy (h + 20, &v32, 4);
  v32 = htobe32 (104); memcpy (h + 100, &v32, 4);
  v32 = htobe32 (1); memcpy (h + 36, &v32, 4);
  v64 = htobe64 (UINT64_C(1) << 40); memcpy (h + 40, &v64, 8);
  write_file ("truncated.qcow2", h, sizeof h, 0);
  CHECK_ERROR (g, guestfs_disk_has_backing_file (g, path ("truncated.qcow2")),
               EINVAL);

  /* qcow2 with a virtual size that does not fit in int64. */
  memset (h, 0, sizeof h);
  memcpy (h, "QFI\xfb", 4);
  v32 = htobe32 (2); memcpy (h + 4, &v32, 4);
  v32 = htobe32 (16); memcpy (h + 20, &v32, 4);
  v64 = htobe64 (UINT64_MAX); memcpy (h + 24, &v64, 8);
  write_file ("huge.qcow2", h, sizeof h, 0);
  CHECK_ERROR (g, guestfs_disk_virtual_size (g, path ("huge.qcow2")), EINVAL);

  /* VMDK descriptor whose extent sizes overflow when summed. */
  {
    static const char desc[] =
      "# Disk DescriptorFile\n"
      "RW 18446744073709551615 FLAT \"a\" 0\n"
      "RW 18446744073709551615 FLAT \"b\" 0\n";

    write_file ("overflow.vmdk", desc, sizeof desc - 1, 0);
    CHECK_ERROR (g, guestfs_disk_virtual_size (g, path ("overflow.vmdk")),
                 EINVAL);
  }
  /* A VMDK naming a parent is an overlay. */
  {
    static const char desc[] =
      "# Disk DescriptorFile\n"
      "parentFileNameHint=\"/etc/shadow\"\n"
      "RW 2048 SPARSE \"x.vmdk\"\n";

    write_file ("parent.vmdk", desc, sizeof desc - 1, 0);
    CHECK (guestfs_disk_has_backing_file (g, path ("parent.vmdk")) == 1);
  }
  /* Sparse VMDK whose embedded descriptor lies past the end. */
  memset (h, 0, sizeof h);
  memcpy (h, "KDMV", 4);
  v64 = htole64 (UINT64_C(1) << 50); memcpy (h + 28, &v64, 8);
  v64 = htole64 (1); memcpy (h + 36, &v64, 8);
  write_file ("bad-desc.vmdk", h, sizeof h, 0);
  CHECK_ERROR (g, guestfs_disk_format (g, path ("bad-desc.vmdk")), EINVAL);

  /* Missing files, directories. */
  CHECK_ERROR (g, guestfs_disk_format (g, path ("nonexistent")), ENOENT);
  CHECK_ERROR (g, guestfs_disk_virtual_size (g, path ("nonexistent")),
               ENOENT);
  CHECK_ERROR (g, guestfs_disk_has_backing_file (g, path ("nonexistent")),
               ENOENT);
  CHECK_ERROR (g, guestfs_disk_format (g, dir), EISDIR);
  if (mkfifo (path ("fifo"), 0600) == 0)
    CHECK_ERROR (g, guestfs_disk_format (g, path ("fifo")), EINVAL);
  {
    char *s = guestfs_disk_format (g, "/dev/null");

    CHECK_STREQ (s, "raw");
    free (s);
    CHECK (guestfs_disk_virtual_size (g, "/dev/null") == 0);
  }
  CHECK_ERROR (g, guestfs_disk_format (g, NULL), EINVAL);
}

/* Mutation rounds per image: enough to reach the error paths of every
 * header field, cheap enough (no appliance, one small file) to run in
 * every "make check".  Sanitizer and valgrind builds catch what a
 * crash-free run would miss.
 */
#define MUTATION_ROUNDS 200

/* Damages random bytes of the headers of valid images and checks that
 * the three calls either answer sensibly or fail with an error.
 */
static void
test_mutations (guestfs_h *g)
{
  static const char *const images[] = {
    "base.qcow2", "over.qcow2", "t.vmdk", "t.vdi", "t.vpc", "t.qed",
    "over.vmdk", "desc.vmdk",
  };
  unsigned seed = 12345;
  size_t i;

  guestfs_push_error_handler (g, NULL, NULL);
  for (i = 0; i < sizeof images / sizeof images[0]; ++i) {
    static unsigned char orig[4096], buf[4096];
    struct stat st;
    ssize_t len;
    int fd, round;

    fd = open (path (images[i]), O_RDONLY);
    if (fd == -1)
      continue;           /* a format qemu-img could not make */
    len = read (fd, orig, sizeof orig);
    if (fstat (fd, &st) == -1 || len <= 0) {
      close (fd);
      continue;
    }
    close (fd);
    for (round = 0; round < MUTATION_ROUNDS; ++round) {
      int n = 1 + rand_r (&seed) % 8, k;
      char *fmt;
      int64_t size;

      memcpy (buf, orig, len);
      for (k = 0; k < n; ++k) {
        /* Mostly the first 512 bytes, where the fields are. */
        size_t at = rand_r (&seed) % (rand_r (&seed) % 4 ? 512 : len);

        buf[at % len] = rand_r (&seed) % 4 == 0 ? 0xff : rand_r (&seed);
      }
      write_file ("mutated.img", buf, len, st.st_size);
      fmt = guestfs_disk_format (g, path ("mutated.img"));
      size = guestfs_disk_virtual_size (g, path ("mutated.img"));
      if (fmt == NULL)
        CHECK (guestfs_last_errno (g) != 0);
      if (size == -1)
        CHECK (guestfs_last_errno (g) != 0);
      else
        CHECK (size >= 0);
      CHECK (guestfs_disk_has_backing_file (g, path ("mutated.img")) >= -1);
      free (fmt);
    }
  }
  guestfs_pop_error_handler (g);
}

/* Runs one call with tracing on and stderr captured; returns what was
 * printed (static buffer).
 */
static const char *
traced_stderr (guestfs_h *g)
{
  static char buf[4096];
  int saved = dup (2), fd;
  ssize_t n;

  fflush (stderr);
  fd = open (path ("stderr.txt"), O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (saved == -1 || fd == -1 || dup2 (fd, 2) == -1) {
    perror ("stderr redirect");
    exit (EXIT_FAILURE);
  }
  guestfs_set_trace (g, 1);
  guestfs_get_identifier (g);
  guestfs_set_trace (g, 0);
  fflush (stderr);
  dup2 (saved, 2);
  close (saved);
  n = pread (fd, buf, sizeof buf - 1, 0);
  close (fd);
  buf[n > 0 ? n : 0] = '\0';
  return buf;
}

static void
test_handle (guestfs_h *g)
{
  const char *s;

  CHECK_STREQ (guestfs_get_identifier (g), "");
  CHECK_OK (guestfs_set_identifier (g, "web-1_A"));
  CHECK_STREQ (guestfs_get_identifier (g), "web-1_A");
  s = traced_stderr (g);
  if (strstr (s, "libguestfs: trace: web-1_A: get_identifier\n") == NULL)
    test_fail (__FILE__, __LINE__, "trace without identifier: %s", s);
  CHECK_ERROR (g, guestfs_set_identifier (g, "a b"), EINVAL);
  CHECK_ERROR (g, guestfs_set_identifier (g, "x\ny"), EINVAL);
  CHECK_ERROR (g, guestfs_set_identifier (g, "\xc3\xa9"), EINVAL);
  CHECK_STREQ (guestfs_get_identifier (g), "web-1_A");
  CHECK_OK (guestfs_set_identifier (g, ""));
  CHECK_STREQ (guestfs_get_identifier (g), "");
  s = traced_stderr (g);
  if (strstr (s, "libguestfs: trace: get_identifier\n") == NULL)
    test_fail (__FILE__, __LINE__, "trace with identifier: %s", s);

  CHECK_OK (guestfs_set_program (g, "myprog"));
  CHECK_STREQ (guestfs_get_program (g), "myprog");
  CHECK (guestfs_get_autosync (g) == 1);
  CHECK_OK (guestfs_set_autosync (g, 0));
  CHECK (guestfs_get_autosync (g) == 0);
  CHECK_OK (guestfs_set_autosync (g, 1));
  CHECK (guestfs_user_cancel (g) == 0);
}

static void
test_internal_lib (guestfs_h *g)
{
  char buf[256];
  FILE *fp;
  size_t n;
  char *const empty[] = { NULL };

  CHECK_STREQ (guestfs_internal_test_rconststring (g, "x"), "static string");
  CHECK_ERROR (g, guestfs_internal_test_rconststringerr (g), EDOM);
  CHECK_STREQ (guestfs_internal_test_rconstoptstring (g, "x"),
               "static string");
  CHECK (guestfs_internal_test_rconstoptstringerr (g) == NULL);

  CHECK_OK (guestfs_internal_test_set_output (g, path ("out.txt")));
  CHECK_OK (guestfs_internal_test_only_optargs (g, -1));
  CHECK_OK (guestfs_internal_test_only_optargs
            (g, GUESTFS_INTERNAL_TEST_ONLY_OPTARGS_TEST, -42, -1));
  /* Needs the appliance: fails cleanly before launch. */
  CHECK_FAILS (g, guestfs_internal_test (g, "", NULL, empty, 0, 0, 0, "",
                                         "", "", 0, -1));
  CHECK_OK (guestfs_internal_test_close_output (g));
  CHECK_OK (guestfs_internal_test_close_output (g));
  fp = fopen (path ("out.txt"), "r");
  n = fp ? fread (buf, 1, sizeof buf - 1, fp) : 0;
  buf[n] = '\0';
  if (fp)
    fclose (fp);
  CHECK_STREQ (buf, "unset\n-42\n");
  CHECK_ERROR (g, guestfs_internal_test_set_output (g, path ("no/such/dir")),
               ENOENT);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-misc-host");

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  atexit (cleanup);

  test_formats (g);
  test_hostile (g);
  test_mutations (g);
  test_handle (g);
  test_internal_lib (g);
  test_exit (g);
}
