/** careen - offline disk-image toolkit
 *
 * The image-header reader (lib/image-header.c) on its own, without a
 * handle: headers of every decoded format built byte by byte here,
 * each decoded field checked against the value written, and the
 * errors (errno and message) of each check on hostile fields.  Then
 * the file entry point on the special files it must refuse, and on
 * images made by qemu-img when it is installed.
 */

#include <config.h>

#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image-header.h"
#include "test-lib.h"

#define MiB (UINT64_C(1024) * 1024)


/* An image in memory: its first bytes, then zeros up to size. */
static unsigned char img[128 * 1024];
static uint64_t img_size;
static int fail_reads;          /* errno the reader fails with, or 0 */

static int
read_mem (void *opaque, void *buf, size_t len, uint64_t offset)
{
  if (fail_reads) {
    errno = fail_reads;
    return -1;
  }
  if (offset + len > img_size) {
    fprintf (stderr, "read past the image: %" PRIu64 "+%zu\n", offset, len);
    abort ();
  }
  memset (buf, 0, len);
  if (offset < sizeof img)
    memcpy (buf, img + offset,
            offset + len <= sizeof img ? len : sizeof img - offset);
  return 0;
}

/* Starts a new image of size bytes. */
static void
new_image (uint64_t size)
{
  memset (img, 0, sizeof img);
  img_size = size;
  fail_reads = 0;
}

static void
put_be16 (size_t at, uint16_t v) { v = htobe16 (v); memcpy (img + at, &v, 2); }
static void
put_be32 (size_t at, uint32_t v) { v = htobe32 (v); memcpy (img + at, &v, 4); }
static void
put_be64 (size_t at, uint64_t v) { v = htobe64 (v); memcpy (img + at, &v, 8); }
static void
put_le32 (size_t at, uint32_t v) { v = htole32 (v); memcpy (img + at, &v, 4); }
static void
put_le64 (size_t at, uint64_t v) { v = htole64 (v); memcpy (img + at, &v, 8); }
static void
put_str (size_t at, const char *s) { memcpy (img + at, s, strlen (s)); }

static struct image_header hdr;
static struct image_header_error err;

static int
decode (const char *format)
{
  struct image_source src = { .size = img_size, .read = read_mem };

  memset (&hdr, 0xaa, sizeof hdr);
  memset (&err, 0, sizeof err);
  return image_header_decode (&src, format, &hdr, &err);
}

/* Checks a successful decode against the values the image was made
 * with.
 */
static void
expect (int line, const char *format, uint64_t size, bool backing,
        bool others)
{
  if (decode (NULL) == -1) {
    fprintf (stderr, "%s:%d: decode failed: %s\n", __FILE__, line, err.msg);
    failures++;
    return;
  }
  if (strcmp (hdr.format, format) != 0 || !hdr.has_virtual_size ||
      hdr.virtual_size != size || hdr.has_backing_file != backing ||
      hdr.names_other_files != others) {
    fprintf (stderr, "%s:%d: got %s size %" PRIu64 " (%d) backing %d "
             "others %d, expected %s size %" PRIu64 " backing %d "
             "others %d\n", __FILE__, line, hdr.format, hdr.virtual_size,
             hdr.has_virtual_size, hdr.has_backing_file,
             hdr.names_other_files, format, size, backing, others);
    failures++;
  }
}
#define EXPECT(f, s, b, o) expect (__LINE__, (f), (s), (b), (o))

/* Checks a failed decode: its errno and its whole message. */
static void
expect_error (int line, int r, int errnum, const char *msg)
{
  if (r != -1 || err.errnum != errnum || strcmp (err.msg, msg) != 0) {
    fprintf (stderr, "%s:%d: expected error %d '%s', got r=%d error %d "
             "'%s'\n", __FILE__, line, errnum, msg, r, err.errnum, err.msg);
    failures++;
  }
}
#define EXPECT_ERROR(r, e, m) expect_error (__LINE__, (r), (e), (m))

/* A qcow2 v3 header with 64 KiB clusters whose tables fit in 256 KiB. */
static void
qcow2_image (void)
{
  new_image (0x40000);
  put_str (0, "QFI\xfb");
  put_be32 (4, 3);                      /* version */
  put_be32 (20, 16);                    /* cluster_bits */
  put_be64 (24, 10 * MiB);              /* size */
  put_be32 (36, 1);                     /* l1_size */
  put_be64 (40, 0x30000);               /* l1_table_offset */
  put_be64 (48, 0x10000);               /* refcount_table_offset */
  put_be32 (56, 1);                     /* refcount_table_clusters */
  put_be32 (96, 4);                     /* refcount_order */
  put_be32 (100, 104);                  /* header_length */
}

static void
test_qcow2 (void)
{
  static const char qcow2_truncated[] =
    "qcow2 image is truncated or corrupt (its tables lie beyond the end "
    "of the file, size 262144)";

  qcow2_image ();
  EXPECT ("qcow2", 10 * MiB, false, false);
  CHECK (decode ("qcow2") == 0 && strcmp (hdr.format, "qcow2") == 0);

  put_be64 (8, 0x200);                  /* backing_file_offset */
  put_be32 (16, 10);
  put_str (0x200, "/etc/shadow");
  EXPECT ("qcow2", 10 * MiB, true, false);

  /* Version 2: no header_length; whatever lies there is ignored. */
  qcow2_image ();
  put_be32 (4, 2);
  put_be32 (100, 0xffffffff);
  EXPECT ("qcow2", 10 * MiB, false, false);

  qcow2_image ();
  put_be32 (4, 4);
  EXPECT_ERROR (decode (NULL), ENOTSUP,
                "qcow2 version 4 is not supported (only 2 and 3)");
  qcow2_image ();
  put_be32 (20, 8);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt qcow2 header: cluster_bits 8 out of range");
  put_be32 (20, 22);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt qcow2 header: cluster_bits 22 out of range");
  qcow2_image ();
  put_be32 (100, 103);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt qcow2 header: header length 103 invalid");
  put_be32 (100, 0x10001);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt qcow2 header: header length 65537 invalid");

  /* Tables past the end, or whose end does not fit in 64 bits. */
  qcow2_image ();
  put_be32 (36, 0x2001);                /* 8 bytes too many */
  EXPECT_ERROR (decode (NULL), EINVAL, qcow2_truncated);
  qcow2_image ();
  put_be64 (40, UINT64_MAX - 4);        /* offset + length wraps */
  EXPECT_ERROR (decode (NULL), EINVAL, qcow2_truncated);
  qcow2_image ();
  put_be32 (56, 4);
  EXPECT_ERROR (decode (NULL), EINVAL, qcow2_truncated);
  /* A 2^31-entry L1 table (16 GiB) in a small file. */
  qcow2_image ();
  put_be32 (36, 0x80000000);
  EXPECT_ERROR (decode (NULL), EINVAL, qcow2_truncated);

  qcow2_image ();
  put_be64 (24, UINT64_C(1) << 63);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt qcow2 header: virtual size 9223372036854775808 "
                "out of range");

  /* The magic in a file shorter than a header. */
  qcow2_image ();
  img_size = 71;
  EXPECT_ERROR (decode (NULL), EINVAL,
                "not a qcow2 image (too short or bad magic)");
  /* qcow2 given by the user for a file that is not one. */
  new_image (MiB);
  EXPECT_ERROR (decode ("qcow2"), EINVAL,
                "not a qcow2 image (too short or bad magic)");
}

static void
test_qed (void)
{
  new_image (0x10000);
  put_str (0, "QED");
  put_le32 (4, 0x10000);                /* cluster_size */
  put_le32 (8, 4);                      /* table_size */
  put_le32 (12, 1);                     /* header_size */
  put_le64 (48, 5 * MiB);               /* image_size */
  EXPECT ("qed", 5 * MiB, false, false);
  put_le64 (16, 1);                     /* features: backing file */
  EXPECT ("qed", 5 * MiB, true, false);
  put_le64 (16, 2);                     /* another feature */
  EXPECT ("qed", 5 * MiB, false, false);
  put_le64 (48, UINT64_MAX);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt qed header: virtual size 18446744073709551615 out "
                "of range");
}

/* A sparse VMDK of 2048 sectors with its descriptor in sector 1. */
static void
vmdk_sparse_image (const char *desc)
{
  new_image (0x10000);
  put_str (0, "KDMV");
  put_le32 (4, 1);                      /* version */
  put_le64 (12, 2048);                  /* capacity */
  put_le64 (20, 128);                   /* grain_size */
  put_le64 (28, 1);                     /* desc_offset */
  put_le64 (36, 1);                     /* desc_size */
  put_str (512, desc);
}

static void
test_vmdk (void)
{
  size_t i;

  vmdk_sparse_image ("# Disk DescriptorFile\nversion=1\n"
                     "createType=\"monolithicSparse\"\n"
                     "RW 2048 SPARSE \"t.vmdk\"\n");
  EXPECT ("vmdk", MiB, false, false);
  vmdk_sparse_image ("# Disk DescriptorFile\nversion=1\n"
                     "parentFileNameHint=\"/etc/shadow\"\n"
                     "RW 2048 SPARSE \"t.vmdk\"\n");
  EXPECT ("vmdk", MiB, true, false);
  /* Extent lines of an embedded descriptor are not the size (qemu
   * ignores them), so even nonsense there is no error.
   */
  vmdk_sparse_image ("RW x SPARSE\nRW 99999999999999999999 SPARSE\n");
  EXPECT ("vmdk", MiB, false, false);
  /* No descriptor. */
  vmdk_sparse_image ("");
  put_le64 (28, 0);
  EXPECT ("vmdk", MiB, false, false);

  vmdk_sparse_image ("");
  put_le64 (28, 128);                   /* starts at the end */
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt vmdk header (descriptor out of bounds)");
  vmdk_sparse_image ("");
  put_le64 (28, UINT64_C(1) << 60);     /* offset * 512 overflows */
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt vmdk header (descriptor out of bounds)");
  vmdk_sparse_image ("");
  put_le64 (36, 129);                   /* larger than the limit */
  img_size = 1024 * 1024;
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt vmdk header (descriptor out of bounds)");
  vmdk_sparse_image ("");
  put_le64 (12, UINT64_C(1) << 55);     /* capacity * 512 overflows */
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt vmdk header: virtual size 18446744073709551615 "
                "out of range");

  /* Descriptor files: the sum of the extents, which are other files. */
  new_image (0);
  put_str (0, "# Disk DescriptorFile\nversion=1\n"
           "createType=\"twoGbMaxExtentFlat\"\n\n"
           "RW 2048 FLAT \"a-flat.vmdk\" 0\r\n"
           "  RDONLY 4096 FLAT \"b-flat.vmdk\" 0\n"
           "NOACCESS 1 ZERO\n"
           "RWX 7 FLAT \"not-an-extent\"\n");
  img_size = strlen ((char *) img);
  EXPECT ("vmdk", 6145 * 512, false, true);
  /* qemu finds the parent key anywhere, even in a comment. */
  put_str (img_size, "# parentFileNameHint=\"x\"\n");
  img_size += 25;
  EXPECT ("vmdk", 6145 * 512, true, true);

  new_image (0);
  put_str (0, "# Disk DescriptorFile\nRW -1 FLAT \"a\" 0\n");
  img_size = strlen ((char *) img);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt vmdk descriptor (bad extent line)");
  new_image (0);
  put_str (0, "# Disk DescriptorFile\n"
           "RW 18446744073709551615 FLAT \"a\" 0\n"
           "RW 18446744073709551615 FLAT \"b\" 0\n");
  img_size = strlen ((char *) img);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt vmdk descriptor (bad extent line)");
  new_image (0);
  put_str (0, "# Disk DescriptorFile\n"
           "RW 36028797018963968 FLAT \"a\" 0\n");   /* 2^55 sectors */
  img_size = strlen ((char *) img);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt vmdk header: virtual size 18446744073709551615 "
                "out of range");

  /* At most 4096 extents. */
  new_image (0);
  put_str (0, "# Disk DescriptorFile\n");
  img_size = 22;
  for (i = 0; i < 4096; ++i) {
    put_str (img_size, "RW 1 ZERO\n");
    img_size += 10;
  }
  EXPECT ("vmdk", 4096 * 512, false, true);
  put_str (img_size, "RW 1 ZERO\n");
  img_size += 10;
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt vmdk descriptor (bad extent line)");

  /* Only the first 64 KiB of a descriptor file are read. */
  new_image (65536 + 20);
  memset (img, '\n', img_size);
  put_str (0, "# Disk DescriptorFile\nRW 8 FLAT \"a\" 0\n");
  put_str (65536 - 11, "RW 16 FLAT\n");
  put_str (65536, "RW 32 FLAT \"c\" 0\n");
  EXPECT ("vmdk", 24 * 512, false, true);
}

static void
test_vdi (void)
{
  new_image (0x200000);
  put_str (0, "<<< Oracle VM VirtualBox Disk Image >>>\n");
  put_le32 (0x40, 0xbeda107f);
  put_le32 (0x44, 0x00010001);
  put_le64 (0x170, 3 * MiB);
  EXPECT ("vdi", 3 * MiB, false, false);
  put_le64 (0x170, UINT64_C(1) << 63);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt vdi header: virtual size 9223372036854775808 out "
                "of range");
}

static void
vpc_image (const char *creator, uint16_t cyls, uint8_t heads, uint8_t secs)
{
  new_image (0x10000);
  put_str (0, "conectix");
  put_str (28, creator);
  put_be64 (40, 9 * MiB);               /* original_size */
  put_be64 (48, 7 * MiB);               /* current_size */
  put_be16 (56, cyls);
  img[58] = heads;
  img[59] = secs;
  put_be32 (60, 3);                     /* dynamic */
}

static void
test_vpc (void)
{
  /* Virtual PC: the geometry is the size. */
  vpc_image ("vpc ", 100, 4, 17);
  EXPECT ("vpc", 100 * 4 * 17 * 512, false, false);
  /* Tools that write the real size into current_size. */
  vpc_image ("qem2", 100, 4, 17);
  EXPECT ("vpc", 7 * MiB, false, false);
  vpc_image ("win ", 100, 4, 17);
  EXPECT ("vpc", 7 * MiB, false, false);
  vpc_image ("tap", 100, 4, 17);
  EXPECT ("vpc", 7 * MiB, false, false);
  vpc_image ("tapX", 100, 4, 17);
  EXPECT ("vpc", 100 * 4 * 17 * 512, false, false);
  /* The largest geometry means "see current_size". */
  vpc_image ("vpc ", 65535, 16, 255);
  EXPECT ("vpc", 7 * MiB, false, false);
  vpc_image ("vpc ", 100, 4, 17);
  put_be32 (60, 4);                     /* differencing */
  EXPECT ("vpc", 100 * 4 * 17 * 512, true, false);
  vpc_image ("qem2", 1, 1, 1);
  put_be64 (48, UINT64_MAX);
  EXPECT_ERROR (decode (NULL), EINVAL,
                "corrupt vpc header: virtual size 18446744073709551615 out "
                "of range");
}

static void
test_others (void)
{
  new_image (1024 * 1024);
  put_str (0, "vhdxfile");
  CHECK (decode (NULL) == 0);
  CHECK (strcmp (hdr.format, "vhdx") == 0);
  CHECK (!hdr.has_virtual_size && !hdr.has_backing_file &&
         !hdr.names_other_files);

  /* raw: anything else, including an empty file and a LUKS header. */
  new_image (12345);
  EXPECT ("raw", 12345, false, false);
  new_image (0);
  EXPECT ("raw", 0, false, false);
  new_image (4096);
  put_str (0, "LUKS\xba\xbe");
  EXPECT ("raw", 4096, false, false);
  /* The magic must be at its place. */
  new_image (4096);
  put_str (1, "QFI\xfb");
  EXPECT ("raw", 4096, false, false);

  /* A format given by the user is decoded as that format. */
  qcow2_image ();
  CHECK (decode ("raw") == 0 && strcmp (hdr.format, "raw") == 0 &&
         hdr.virtual_size == 0x40000 && !hdr.has_backing_file);
  EXPECT_ERROR (decode ("vmdk"), EINVAL,
                "not a vmdk image (too short or bad magic)");
  EXPECT_ERROR (decode ("luks"), EINVAL,
                "careen does not read headers of format 'luks'");

  /* A failing read is a system call error. */
  new_image (4096);
  fail_reads = EIO;
  EXPECT_ERROR (decode (NULL), EIO, "read");
  CHECK (err.syscall);
}

/* The file entry point. */
static char dir[] = "/tmp/careen-test-header.XXXXXX";

static const char *
path (const char *name)
{
  static char buf[256];

  snprintf (buf, sizeof buf, "%s/%s", dir, name);
  return buf;
}

static int
read_file (const char *name, const char *format)
{
  memset (&hdr, 0xaa, sizeof hdr);
  memset (&err, 0, sizeof err);
  return image_header_read_file (name, format, &hdr, &err);
}

/* Makes a 10 MiB image, or an overlay of backing, with qemu-img; false
 * when it cannot.
 */
static bool
qemu_img (const char *fmt, const char *name, const char *backing)
{
  char cmd[1024], backing_path[256];

  if (backing) {
    snprintf (backing_path, sizeof backing_path, "%s", path (backing));
    snprintf (cmd, sizeof cmd, "qemu-img create -q -f %s -b '%s' -F %s "
              "'%s' >/dev/null 2>&1", fmt, backing_path, fmt, path (name));
  }
  else
    snprintf (cmd, sizeof cmd, "qemu-img create -q -f %s '%s' 10M "
              ">/dev/null 2>&1", fmt, path (name));
  return system (cmd) == 0;
}

static void
test_files (void)
{
  static const char *const fmts[] = { "qcow2", "qed", "vmdk", "vdi" };
  size_t i;

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }

  EXPECT_ERROR (read_file (path ("missing"), NULL), ENOENT, "open");
  CHECK (err.syscall);
  EXPECT_ERROR (read_file (dir, NULL), EISDIR, "is a directory");
  CHECK (!err.syscall);
  if (mkfifo (path ("fifo"), 0600) == 0)
    EXPECT_ERROR (read_file (path ("fifo"), NULL), EINVAL,
                  "not a disk image (a pipe or socket)");
  unlink (path ("fifo"));
  CHECK (read_file ("/dev/null", NULL) == 0 &&
         strcmp (hdr.format, "raw") == 0 && hdr.virtual_size == 0);

  /* Images qemu-img makes: 10 MiB each, then an overlay. */
  for (i = 0; i < sizeof fmts / sizeof fmts[0]; ++i) {
    char name[32], over[32];

    snprintf (name, sizeof name, "t.%s", fmts[i]);
    snprintf (over, sizeof over, "o.%s", fmts[i]);
    if (!qemu_img (fmts[i], name, NULL)) {
      printf ("qemu-img cannot make %s here: not tested\n", fmts[i]);
      continue;
    }
    CHECK (read_file (path (name), NULL) == 0);
    CHECK (strcmp (hdr.format, fmts[i]) == 0);
    CHECK (hdr.virtual_size == 10 * MiB);
    CHECK (!hdr.has_backing_file && !hdr.names_other_files);
    if (strcmp (fmts[i], "vdi") != 0 && qemu_img (fmts[i], over, name)) {
      CHECK (read_file (path (over), NULL) == 0);
      CHECK (strcmp (hdr.format, fmts[i]) == 0);
      CHECK (hdr.virtual_size == 10 * MiB);
      CHECK (hdr.has_backing_file);
      unlink (path (over));
    }
    unlink (path (name));
  }
  rmdir (dir);
}

int
main (void)
{
  test_qcow2 ();
  test_qed ();
  test_vmdk ();
  test_vdi ();
  test_vpc ();
  test_others ();
  test_files ();

  TEST_LIB_EXIT ();
}
