/* careen - offline disk-image toolkit */

/**
 * API tests of the "files" area that read and examine the guest, in one
 * launch: head, head_n, tail, tail_n, wc_l, wc_w, wc_c, filesize,
 * pread, pwrite, pread_device, pwrite_device, is_zero, is_zero_device,
 * hexdump, strings, strings_e, grep and its deprecated variants, file,
 * file_architecture, checksum, checksum_device and checksums_out, on
 * success and failure.
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

static char tree[] = "/tmp/careen-api-fread.XXXXXX";

/* ELF headers: class (1 = 32, 2 = 64 bits), data (1 = little, 2 = big
 * endian), type (an executable, ET_EXEC, in that endianness: libmagic
 * tells an ELF executable by it) and machine (at byte 18, in that
 * endianness).
 */
#define LE_EXEC "\2\0"
#define BE_EXEC "\0\2"
#define ELF(class, data, type, machine)                                 \
  "\177ELF" class data "\1\0\0\0\0\0\0\0\0\0" type machine              \
  "\1\0\0\0" "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"         \
  "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"

/* A PE file: "MZ", the "PE" header offset (0x40) at 0x3c, the machine. */
#define PE(lo, hi)                                                      \
  "MZ" "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"  \
  "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0" "\x40\0\0\0" \
  "PE\0\0" lo hi "\0\0"

static const struct {
  const char *path;
  const char *content;          /* NULL: a directory */
  size_t len;                   /* 0: strlen (content) */
} entries[] = {
  { "lines", "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11\nl12\n", 0 },
  { "nolf", "a\nb", 0 },
  { "empty", "", 0 },
  { "words", "  hello  world\tfoo\nbar ", 0 },
  { "hex", "hello world\nhello world\nhello world\nhello world\nxyz", 0 },
  { "bin", "\1\2abcd\0xy\0hello world\3h\0e\0l\0l\0o\0\0", 34 },
  { "abc", "abc", 0 },
  { "pw", "abcd", 0 },
  { "arch", NULL, 0 },
  { "arch/aarch64", ELF ("\2", "\1", LE_EXEC, "\xb7\0"), 64 },
  { "arch/i386", ELF ("\1", "\1", LE_EXEC, "\3\0"), 64 },
  { "arch/ppc64le", ELF ("\2", "\1", LE_EXEC, "\x15\0"), 64 },
  { "arch/ppc64", ELF ("\2", "\2", BE_EXEC, "\0\x15"), 64 },
  { "arch/s390x", ELF ("\2", "\2", BE_EXEC, "\0\x16"), 64 },
  { "arch/riscv64", ELF ("\2", "\1", LE_EXEC, "\xf3\0"), 64 },
  { "arch/pe64", PE ("\x64", "\x86"), 0x48 },
  { "arch/pe32", PE ("\x4c", "\x01"), 0x48 },
  { "arch/pe-bad-offset", "MZ", 2 },
  { "arch/macho", "\xcf\xfa\xed\xfe\7\0\0\1\3\0\0\0", 12 },
  { "arch/text", "just text\n", 0 },
  { "sums", NULL, 0 },
  { "sums/a", "abc", 0 },
  { "sums/sub", NULL, 0 },
  { "sums/sub/b", "b\n", 0 },
  { "sums/back\\slash", "abc", 0 },
  { "etc", NULL, 0 },
  { "etc/hostname", "guest\n", 0 },
};
#define NR_ENTRIES (sizeof entries / sizeof entries[0])

static void
make_tree (void)
{
  size_t i;
  char path[256], cmd[1024];

  if (mkdtemp (tree) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  for (i = 0; i < NR_ENTRIES; ++i) {
    FILE *fp;
    size_t len = entries[i].len;
    int r = 0;

    snprintf (path, sizeof path, "%s/%s", tree, entries[i].path);
    if (entries[i].content == NULL)
      r = mkdir (path, 0755);
    else {
      if (len == 0)
        len = strlen (entries[i].content);
      if ((fp = fopen (path, "w")) == NULL ||
          fwrite (entries[i].content, 1, len, fp) != len ||
          fclose (fp) == EOF)
        r = -1;
    }
    if (r == -1) {
      perror (path);
      exit (EXIT_FAILURE);
    }
  }
  snprintf (cmd, sizeof cmd,
            "printf 'secret line\\nother\\n' | gzip -c > %s/gz && "
            "cp /bin/true %s/arch/true && ln -s true %s/arch/link && "
            "ln -s ../abc %s/sums/link && mkfifo %s/fifo && "
            "ln -s ../../../../../../etc/hostname %s/up && "
            "ln -s /proc/self/root/etc/hostname %s/esc",
            tree, tree, tree, tree, tree, tree, tree);
  if (system (cmd) != 0) {
    fprintf (stderr, "failed: %s\n", cmd);
    exit (EXIT_FAILURE);
  }
  /* A node of /dev/zero (when root): it must never be read. */
  snprintf (path, sizeof path, "%s/zero", tree);
  mknod (path, S_IFCHR | 0666, makedev (1, 5));
  /* A compressed module, and an initrd made of an uncompressed early
   * archive (no binaries) followed by a compressed one.
   */
  snprintf (cmd, sizeof cmd,
            "cd %s/arch && xz -c true > true.xz && "
            "mkdir -p e/kernel i/bin && echo x > e/kernel/ucode && "
            "cp true i/bin/true && "
            "(cd e && find . | cpio -o -H newc --quiet) > initrd && "
            "(cd i && find . | cpio -o -H newc --quiet) | gzip -c >> initrd && "
            "rm -r e i", tree);
  if (system (cmd) != 0) {
    fprintf (stderr, "failed: %s\n", cmd);
    exit (EXIT_FAILURE);
  }
}

static void
remove_tree (void)
{
  test_remove_tree (tree);
}

/* l is exactly the n strings given. */
static void
check_list (char **l, int line, size_t n, ...)
{
  va_list args;
  size_t i;

  if (l == NULL) {
    test_fail (__FILE__, line, "list is NULL");
    return;
  }
  if (test_count (l) != n) {
    test_fail (__FILE__, line, "list has %zu elements, expected %zu",
               test_count (l), n);
    test_free_list (l);
    return;
  }
  va_start (args, n);
  for (i = 0; i < n; ++i) {
    const char *s = va_arg (args, const char *);
    if (strcmp (l[i], s) != 0)
      test_fail (__FILE__, line, "element %zu is \"%s\", expected \"%s\"",
                 i, l[i], s);
  }
  va_end (args);
  test_free_list (l);
}
#define CHECK_LIST(l, ...) check_list ((l), __LINE__, __VA_ARGS__)

static void
test_lines (guestfs_h *g)
{
  char **l;

  l = guestfs_head (g, "/lines");
  CHECK (test_count (l) == 10 && strcmp (l[9], "l10") == 0);
  test_free_list (l);
  CHECK_LIST (guestfs_head_n (g, 3, "/lines"), 3, "l1", "l2", "l3");
  CHECK_LIST (guestfs_head_n (g, -10, "/lines"), 2, "l1", "l2");
  CHECK_LIST (guestfs_head_n (g, -12, "/lines"), 0);
  CHECK_LIST (guestfs_head_n (g, 0, "/lines"), 0);
  CHECK_LIST (guestfs_head_n (g, 100, "/nolf"), 2, "a", "b");
  CHECK_LIST (guestfs_head (g, "/empty"), 0);
  l = guestfs_tail (g, "/lines");
  CHECK (test_count (l) == 10 && strcmp (l[0], "l3") == 0 &&
         strcmp (l[9], "l12") == 0);
  test_free_list (l);
  CHECK_LIST (guestfs_tail_n (g, 2, "/lines"), 2, "l11", "l12");
  CHECK_LIST (guestfs_tail_n (g, -11, "/lines"), 2, "l11", "l12");
  CHECK_LIST (guestfs_tail_n (g, -1, "/nolf"), 2, "a", "b");
  CHECK_LIST (guestfs_tail_n (g, 1, "/nolf"), 1, "b");
  CHECK_LIST (guestfs_tail_n (g, 0, "/lines"), 0);
  CHECK_LIST (guestfs_tail (g, "/empty"), 0);
  CHECK_ERROR (g, guestfs_head (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_tail (g, "/arch"), EISDIR);
  CHECK_ERROR (g, guestfs_tail_n (g, 1, "rel"), EINVAL);

  CHECK (guestfs_wc_l (g, "/lines") == 12);
  CHECK (guestfs_wc_l (g, "/nolf") == 1);
  CHECK (guestfs_wc_l (g, "/empty") == 0);
  CHECK (guestfs_wc_w (g, "/words") == 4);
  CHECK (guestfs_wc_c (g, "/words") == 23);
  CHECK (guestfs_wc_c (g, "/empty") == 0);
  CHECK_ERROR (g, guestfs_wc_l (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_wc_w (g, "/arch"), EISDIR);
  CHECK_ERROR (g, guestfs_wc_c (g, "/missing"), ENOENT);

  CHECK (guestfs_filesize (g, "/lines") == 39);
  CHECK (guestfs_filesize (g, "/arch/link") > 1000);
  CHECK_ERROR (g, guestfs_filesize (g, "/missing"), ENOENT);
}

static void
test_ranges (guestfs_h *g)
{
  char *s;
  size_t size;

  s = guestfs_pread (g, "/lines", 5, 3, &size);
  CHECK (s != NULL && size == 5 && memcmp (s, "l2\nl3", 5) == 0);
  free (s);
  s = guestfs_pread (g, "/lines", 100, 35, &size);
  CHECK (s != NULL && size == 4 && memcmp (s, "l12\n", 4) == 0);
  free (s);
  s = guestfs_pread (g, "/lines", 10, 1000, &size);
  CHECK (s != NULL && size == 0);
  free (s);
  CHECK_ERROR (g, guestfs_pread (g, "/lines", -1, 0, &size), EINVAL);
  CHECK_ERROR (g, guestfs_pread (g, "/lines", 1, -1, &size), EINVAL);
  CHECK_ERROR (g, guestfs_pread (g, "/lines", 5 * 1024 * 1024, 0, &size),
               EINVAL);
  CHECK_ERROR (g, guestfs_pread (g, "/missing", 1, 0, &size), ENOENT);

  CHECK (guestfs_pwrite (g, "/pw", "XY", 2, 1) == 2);
  s = guestfs_cat (g, "/pw");
  CHECK_STREQ (s, "aXYd");
  free (s);
  CHECK (guestfs_pwrite (g, "/pw", "Z", 1, 6) == 1);
  CHECK (guestfs_filesize (g, "/pw") == 7);
  CHECK_ERROR (g, guestfs_pwrite (g, "/missing", "x", 1, 0), ENOENT);
  CHECK_ERROR (g, guestfs_pwrite (g, "/pw", "x", 1, -1), EINVAL);

  CHECK (guestfs_is_zero_device (g, "/dev/sdb") == 1);
  CHECK (guestfs_pwrite_device (g, "/dev/sdb", "hello", 5, 4096) == 5);
  s = guestfs_pread_device (g, "/dev/sdb", 5, 4096, &size);
  CHECK (s != NULL && size == 5 && memcmp (s, "hello", 5) == 0);
  free (s);
  CHECK (guestfs_is_zero_device (g, "/dev/sdb") == 0);
  s = guestfs_pread_device (g, "/dev/sdb", 10, 4 * MiB - 4, &size);
  CHECK (s != NULL && size == 4);
  free (s);
  CHECK_ERROR (g, guestfs_pread_device (g, "/dev/sdz", 1, 0, &size), ENOENT);
  CHECK_ERROR (g, guestfs_pread_device (g, "/dev/sdb", -1, 0, &size),
               EINVAL);
  CHECK_ERROR (g, guestfs_pwrite_device (g, "/dev/sdb", "x", 1, -1), EINVAL);
  CHECK_ERROR (g, guestfs_is_zero_device (g, "/dev/sdz"), ENOENT);

  CHECK (guestfs_is_zero (g, "/empty") == 1);
  CHECK (guestfs_is_zero (g, "/lines") == 0);
  CHECK_ERROR (g, guestfs_is_zero (g, "/missing"), ENOENT);
}

static void
test_dumps (guestfs_h *g)
{
  char *s;

  s = guestfs_hexdump (g, "/hex");
  CHECK_STREQ (s,
    "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a 68 65 6c 6c  "
    "|hello world.hell|\n"
    "00000010  6f 20 77 6f 72 6c 64 0a  68 65 6c 6c 6f 20 77 6f  "
    "|o world.hello wo|\n"
    "00000020  72 6c 64 0a 68 65 6c 6c  6f 20 77 6f 72 6c 64 0a  "
    "|rld.hello world.|\n"
    "00000030  78 79 7a                                          |xyz|\n"
    "00000033\n");
  free (s);
  CHECK (guestfs_fill (g, 'z', 100, "/same") == 0);
  s = guestfs_hexdump (g, "/same");
  CHECK (s != NULL && strstr (s, "\n*\n00000060  7a 7a 7a 7a  ") != NULL &&
         strstr (s, "\n00000064\n") != NULL);
  free (s);
  s = guestfs_hexdump (g, "/empty");
  CHECK_STREQ (s, "");
  free (s);
  /* 17-byte pattern: no two lines alike, far more than a reply. */
  CHECK (guestfs_fill_pattern (g, "0123456789abcdefg", 2 * MiB, "/big")
         == 0);
  CHECK_ERROR (g, guestfs_hexdump (g, "/big"), EFBIG);
  CHECK_ERROR (g, guestfs_hexdump (g, "/missing"), ENOENT);

  CHECK_LIST (guestfs_strings (g, "/bin"), 2, "abcd", "hello world");
  CHECK_LIST (guestfs_strings_e (g, "s", "/bin"), 2, "abcd", "hello world");
  CHECK_LIST (guestfs_strings_e (g, "l", "/bin"), 1, "hello");
  CHECK_LIST (guestfs_strings_e (g, "b", "/bin"), 1, "ello");
  CHECK_LIST (guestfs_strings_e (g, "L", "/bin"), 0);
  CHECK_LIST (guestfs_strings (g, "/empty"), 0);
  CHECK_ERROR (g, guestfs_strings_e (g, "x", "/bin"), EINVAL);
  CHECK_ERROR (g, guestfs_strings_e (g, "", "/bin"), EINVAL);
  CHECK_ERROR (g, guestfs_strings (g, "/missing"), ENOENT);
}

static void
test_grep (guestfs_h *g)
{
  CHECK_LIST (guestfs_grep (g, "l1", "/lines"), 4, "l1", "l10", "l11", "l12");
  CHECK_LIST (guestfs_grep (g, "nomatch", "/lines"), 0);
  CHECK_LIST (guestfs_grep_opts (g, "^l(2|3)$", "/lines",
                                 GUESTFS_GREP_OPTS_EXTENDED, 1, -1),
              2, "l2", "l3");
  CHECK_LIST (guestfs_grep_opts (g, "l.2", "/lines",
                                 GUESTFS_GREP_OPTS_FIXED, 1, -1), 0);
  CHECK_LIST (guestfs_grep_opts (g, "L2", "/lines",
                                 GUESTFS_GREP_OPTS_INSENSITIVE, 1, -1),
              1, "l2");
  CHECK_LIST (guestfs_grep_opts (g, "secret", "/gz",
                                 GUESTFS_GREP_OPTS_COMPRESSED, 1, -1),
              1, "secret line");
  CHECK_LIST (guestfs_egrep (g, "^l(4|5)$", "/lines"), 2, "l4", "l5");
  CHECK_LIST (guestfs_fgrep (g, "l1.", "/lines"), 0);
  CHECK_LIST (guestfs_grepi (g, "L3", "/lines"), 1, "l3");
  CHECK_LIST (guestfs_egrepi (g, "^L(6|7)$", "/lines"), 2, "l6", "l7");
  CHECK_LIST (guestfs_fgrepi (g, "L8", "/lines"), 1, "l8");
  CHECK_LIST (guestfs_zgrep (g, "oth", "/gz"), 1, "other");
  CHECK_LIST (guestfs_zegrep (g, "^(other|x)$", "/gz"), 1, "other");
  CHECK_LIST (guestfs_zfgrep (g, "line", "/gz"), 1, "secret line");
  CHECK_LIST (guestfs_zgrepi (g, "SECRET", "/gz"), 1, "secret line");
  CHECK_LIST (guestfs_zegrepi (g, "^OTHER$", "/gz"), 1, "other");
  CHECK_LIST (guestfs_zfgrepi (g, "OTHER", "/gz"), 1, "other");
  CHECK_LIST (guestfs_zgrep (g, "l9", "/lines"), 1, "l9");
  CHECK_ERROR (g, guestfs_grep_opts (g, "x", "/lines",
                                     GUESTFS_GREP_OPTS_EXTENDED, 1,
                                     GUESTFS_GREP_OPTS_FIXED, 1, -1), EINVAL);
  CHECK_ERROR (g, guestfs_grep (g, "x", "/missing"), ENOENT);
  CHECK_FAILS (g, guestfs_grep (g, "[", "/lines"));
  CHECK_ERROR (g, guestfs_grep (g, "x", "rel"), EINVAL);
}

static void
test_file (guestfs_h *g)
{
  char *s;

  s = guestfs_file (g, "/lines");
  CHECK_STREQ (s, "ASCII text");
  free (s);
  s = guestfs_file (g, "/empty");
  CHECK_STREQ (s, "empty");
  free (s);
  s = guestfs_file (g, "/gz");
  CHECK (s != NULL && strstr (s, "ASCII text") && strstr (s, "gzip"));
  free (s);
  s = guestfs_file (g, "/arch/true");
  CHECK (s != NULL && strncmp (s, "ELF ", 4) == 0 &&
         strstr (s, "/proc") == NULL && strstr (s, "sysroot") == NULL);
  free (s);
  s = guestfs_file (g, "/arch");
  CHECK_STREQ (s, "directory");
  free (s);
  s = guestfs_file (g, "/arch/link");
  CHECK_STREQ (s, "symbolic link");
  free (s);
  s = guestfs_file (g, "/fifo");
  CHECK_STREQ (s, "FIFO");
  free (s);
  s = guestfs_file (g, "/dev/sda");
  CHECK (s != NULL && strstr (s, "ext4") != NULL);
  free (s);
  CHECK_ERROR (g, guestfs_file (g, "/missing"), ENOENT);
  CHECK_ERROR (g, guestfs_file (g, "/dev/sdz"), ENOENT);

  s = guestfs_file_architecture (g, "/arch/aarch64");
  CHECK_STREQ (s, "aarch64");
  free (s);
  s = guestfs_file_architecture (g, "/arch/i386");
  CHECK_STREQ (s, "i386");
  free (s);
  s = guestfs_file_architecture (g, "/arch/ppc64le");
  CHECK_STREQ (s, "ppc64le");
  free (s);
  s = guestfs_file_architecture (g, "/arch/ppc64");
  CHECK_STREQ (s, "ppc64");
  free (s);
  s = guestfs_file_architecture (g, "/arch/s390x");
  CHECK_STREQ (s, "s390x");
  free (s);
  s = guestfs_file_architecture (g, "/arch/riscv64");
  CHECK_STREQ (s, "riscv64");
  free (s);
  s = guestfs_file_architecture (g, "/arch/pe64");
  CHECK_STREQ (s, "x86_64");
  free (s);
  s = guestfs_file_architecture (g, "/arch/pe32");
  CHECK_STREQ (s, "i386");
  free (s);
  s = guestfs_file_architecture (g, "/arch/macho");
  CHECK_STREQ (s, "x86_64");
  free (s);
#if defined (__x86_64__)
  s = guestfs_file_architecture (g, "/arch/link");
  CHECK_STREQ (s, "x86_64");
  free (s);
  s = guestfs_file_architecture (g, "/arch/true.xz");
  CHECK_STREQ (s, "x86_64");
  free (s);
  s = guestfs_file_architecture (g, "/arch/initrd");
  CHECK_STREQ (s, "x86_64");
  free (s);
#endif
  CHECK_ERROR (g, guestfs_file_architecture (g, "/arch/text"), EINVAL);
  CHECK_ERROR (g, guestfs_file_architecture (g, "/arch/pe-bad-offset"),
               EINVAL);
  CHECK_ERROR (g, guestfs_file_architecture (g, "/gz"), EINVAL);
  CHECK_ERROR (g, guestfs_file_architecture (g, "/arch"), EISDIR);
  CHECK_ERROR (g, guestfs_file_architecture (g, "/fifo"), EINVAL);
  CHECK_ERROR (g, guestfs_file_architecture (g, "/missing"), ENOENT);
}

/* sha224 and sha384 need tools the appliance may not have. */
static void
check_sum (guestfs_h *g, const char *type, const char *path,
           const char *expected, int line)
{
  char *s;

  guestfs_push_error_handler (g, NULL, NULL);
  s = guestfs_checksum (g, type, path);
  guestfs_pop_error_handler (g);
  if (s == NULL && guestfs_last_errno (g) == ENOTSUP)
    fprintf (stderr, "checksum %s: not supported here, skipped\n", type);
  else if (s == NULL || strcmp (s, expected) != 0)
    test_fail (__FILE__, line, "checksum %s is \"%s\", expected \"%s\"",
               type, s ? s : guestfs_last_error (g), expected);
  free (s);
}
#define CHECK_SUM(g, t, p, e) check_sum ((g), (t), (p), (e), __LINE__)

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
test_checksums (guestfs_h *g)
{
  char sumsfile[256], *s, buf[4096], *lines[8];
  size_t n = 0, len;
  FILE *fp;

  CHECK_SUM (g, "crc", "/abc", "1219131554");
  CHECK_SUM (g, "crc", "/empty", "4294967295");
  CHECK_SUM (g, "md5", "/abc", "900150983cd24fb0d6963f7d28e17f72");
  CHECK_SUM (g, "sha1", "/abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK_SUM (g, "sha224", "/abc",
             "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
  CHECK_SUM (g, "sha256", "/abc",
             "ba7816bf8f01cfea414140de5dae2223"
             "b00361a396177a9cb410ff61f20015ad");
  CHECK_SUM (g, "sha384", "/abc",
             "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
             "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  CHECK_SUM (g, "sha512", "/abc",
             "ddaf35a193617abacc417349ae204131"
             "12e6fa4e89a97ea20a9eeee64b55d39a"
             "2192992a274fc1a836ba3c23a3feebbd"
             "454d4423643ce80e2a9ac94fa54ca49f");
  CHECK_ERROR (g, guestfs_checksum (g, "md4", "/abc"), EINVAL);
  CHECK_ERROR (g, guestfs_checksum (g, "md5", "/missing"), ENOENT);
  CHECK_FAILS (g, guestfs_checksum (g, "md5", "/arch"));

  /* /dev/sdb: 4 MiB of zeroes but "hello" at 4096, written above. */
  s = guestfs_checksum_device (g, "md5", "/dev/sdb");
  CHECK (s != NULL && strlen (s) == 32);
  free (s);
  s = guestfs_checksum_device (g, "crc", "/dev/sdb");
  CHECK (s != NULL && strlen (s) > 0);
  free (s);
  CHECK_ERROR (g, guestfs_checksum_device (g, "md5", "/dev/sdz"), ENOENT);
  CHECK_ERROR (g, guestfs_checksum_device (g, "nope", "/dev/sdb"), EINVAL);

  snprintf (sumsfile, sizeof sumsfile, "%s.sums", tree);
  CHECK (guestfs_checksums_out (g, "md5", "/sums", sumsfile) == 0);
  fp = fopen (sumsfile, "r");
  if (fp != NULL) {
    len = fread (buf, 1, sizeof buf - 1, fp);
    buf[len] = '\0';
    fclose (fp);
    for (s = strtok (buf, "\n"); s != NULL && n < 8; s = strtok (NULL, "\n"))
      lines[n++] = s;
    qsort (lines, n, sizeof lines[0], compare_strings);
    CHECK (n == 3);
    if (n == 3) {
      CHECK_STREQ (lines[0], "3b5d5c3712955042212316173ccf37be  ./sub/b");
      CHECK_STREQ (lines[1], "900150983cd24fb0d6963f7d28e17f72  ./a");
      CHECK_STREQ (lines[2],
                   "\\900150983cd24fb0d6963f7d28e17f72  ./back\\\\slash");
    }
  }
  else
    CHECK (fp != NULL);
  CHECK (guestfs_checksums_out (g, "crc", "/sums/sub", sumsfile) == 0);
  fp = fopen (sumsfile, "r");
  if (fp != NULL) {
    len = fread (buf, 1, sizeof buf - 1, fp);
    buf[len] = '\0';
    fclose (fp);
    CHECK (strncmp (buf, "  ./b\n", 6) != 0 && strstr (buf, "  ./b\n"));
  }
  unlink (sumsfile);
  CHECK_ERROR (g, guestfs_checksums_out (g, "md5", "/missing", sumsfile),
               ENOENT);
  CHECK_ERROR (g, guestfs_checksums_out (g, "md5", "/abc", sumsfile),
               ENOTDIR);
  CHECK_ERROR (g, guestfs_checksums_out (g, "bad", "/sums", sumsfile),
               EINVAL);
  unlink (sumsfile);
  /* The handle is still in step after the failed transfers. */
  CHECK (guestfs_wc_l (g, "/lines") == 12);
}

/* Hostile symlinks: resolved inside the guest by every reading call,
 * including those that run host tools.
 */
static void
test_symlinks (guestfs_h *g)
{
  char *s;
  size_t size;

  CHECK_LIST (guestfs_grep (g, "guest", "/up"), 1, "guest");
  CHECK_LIST (guestfs_zgrep (g, "guest", "/up"), 1, "guest");
  CHECK_LIST (guestfs_head (g, "/up"), 1, "guest");
  CHECK_LIST (guestfs_strings (g, "/up"), 1, "guest");
  s = guestfs_checksum (g, "md5", "/up");
  CHECK (s != NULL && strlen (s) == 32);
  free (s);
  s = guestfs_file (g, "/up");
  CHECK_STREQ (s, "symbolic link");
  free (s);
  s = guestfs_file (g, "/etc/..");
  CHECK_STREQ (s, "directory");
  free (s);
  CHECK_ERROR (g, guestfs_grep (g, "root", "/esc"), ENOENT);
  CHECK_ERROR (g, guestfs_zgrep (g, "root", "/esc"), ENOENT);
  CHECK_ERROR (g, guestfs_head (g, "/esc"), ENOENT);
  CHECK_ERROR (g, guestfs_checksum (g, "md5", "/esc"), ENOENT);
  CHECK_ERROR (g, guestfs_hexdump (g, "/esc"), ENOENT);
  CHECK_ERROR (g, guestfs_pread (g, "/esc", 1, 0, &size), ENOENT);
  CHECK_ERROR (g, guestfs_file_architecture (g, "/esc"), ENOENT);
  CHECK_ERROR (g, guestfs_wc_c (g, "/esc"), ENOENT);
  CHECK_ERROR (g, guestfs_pwrite (g, "/esc", "x", 1, 0), ENOENT);
  CHECK_ERROR (g, guestfs_file (g, "/esc/x"), ENOENT);

  /* FIFOs and device nodes are refused before being opened: a FIFO
   * would hang the tools, a device node is the appliance's device.
   */
  CHECK_ERROR (g, guestfs_grep (g, "x", "/fifo"), EINVAL);
  CHECK_ERROR (g, guestfs_checksum (g, "md5", "/fifo"), EINVAL);
  CHECK_ERROR (g, guestfs_wc_l (g, "/fifo"), EINVAL);
  CHECK_ERROR (g, guestfs_is_zero (g, "/fifo"), EINVAL);
  CHECK_ERROR (g, guestfs_pwrite (g, "/fifo", "x", 1, 0), EINVAL);
  if (guestfs_exists (g, "/zero") == 1) {
    CHECK_ERROR (g, guestfs_wc_c (g, "/zero"), EINVAL);
    CHECK_ERROR (g, guestfs_head (g, "/zero"), EINVAL);
    CHECK_ERROR (g, guestfs_hexdump (g, "/zero"), EINVAL);
    CHECK_ERROR (g, guestfs_strings (g, "/zero"), EINVAL);
    CHECK_ERROR (g, guestfs_checksum (g, "crc", "/zero"), EINVAL);
    CHECK_ERROR (g, guestfs_copy_file_to_file (g, "/zero", "/z2", -1),
                 EINVAL);
    CHECK_ERROR (g, guestfs_fill (g, 0, 1, "/zero"), EINVAL);
    CHECK_ERROR (g, guestfs_cp (g, "/zero", "/z2"), EINVAL);
  }
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-files-read");

  make_tree ();
  test_add_ext4_from_dir (g, tree, 64 * MiB);
  test_add_disk (g, 4 * MiB);
  test_launch (g);

  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  test_lines (g);
  test_ranges (g);
  test_dumps (g);
  test_grep (g);
  test_file (g);
  test_checksums (g);
  test_symlinks (g);

  remove_tree ();
  test_exit (g);
}
