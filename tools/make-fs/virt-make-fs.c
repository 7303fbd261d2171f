/** careen - offline disk-image toolkit
 *
 * virt-make-fs: makes a disk image holding a new filesystem with the
 * files of a host directory or tar archive in it.  The image is sized
 * from the input (or by --size), created with guestfs_disk_create,
 * optionally partitioned, formatted, and filled by tar-in: a directory
 * is packed by the host's tar(1) into a pipe; an archive goes in as it
 * is, decompressed inside the appliance, so a compressed archive is
 * never unpacked on the host.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "options.h"
#include "spawn.h"
#include "xalloc.h"

#define PROGRAM "virt-make-fs"

/* Space that the filesystem's own metadata needs beyond the files:
 * a fixed part (superblocks, bitmaps, a journal of ext3/4, the log of
 * xfs) and a fraction of the data (inode tables, indirect blocks,
 * directory blocks).  Generous: the result is a sparse file.
 */
#define FS_FIXED_OVERHEAD (32 * 1024 * 1024)
#define FS_OVERHEAD_PERCENT 20

/* Bytes each file costs beyond its data in the estimate (an inode and
 * its directory entry).
 */
#define PER_FILE_OVERHEAD 512

/* The size of --floppy: a 3.5" high-density disk. */
#define FLOPPY_BYTES (1440 * 1024)

/* Bytes read at a time when measuring a compressed archive. */
#define COUNT_BUF (64 * 1024)

enum { HELP_OPTION = CHAR_MAX + 1, FLOPPY_OPTION, LABEL_OPTION,
       PARTITION_OPTION };

static const char short_options[] = "F:s:t:vVx";
static const struct option long_options[] = {
  { "blocksize", optional_argument, NULL, 0 },
  { "floppy", no_argument, NULL, FLOPPY_OPTION },
  { "format", required_argument, NULL, 'F' },
  { "help", no_argument, NULL, HELP_OPTION },
  { "label", required_argument, NULL, LABEL_OPTION },
  { "long-options", no_argument, NULL, 0 },
  { "partition", optional_argument, NULL, PARTITION_OPTION },
  { "short-options", no_argument, NULL, 0 },
  { "size", required_argument, NULL, 's' },
  { "type", required_argument, NULL, 't' },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
  else
    printf ("%s: make a filesystem from a directory or tar archive "
            "(careen)\n"
            "\n"
            "Usage:\n"
            "  %s [--options] input.tar output.img\n"
            "  %s [--options] input.tar.gz output.img\n"
            "  %s [--options] directory output.img\n"
            "\n"
            "Options:\n"
            "  --blocksize=512|4096     sector size of the output\n"
            "  --floppy                 a 1440K floppy with vfat\n"
            "  -F|--format raw|qcow2    format of the output (raw)\n"
            "  --label LABEL            label of the filesystem\n"
            "  --partition[=mbr|gpt]    add a partition table\n"
            "  -s|--size N|+N           size, or extra free space "
            "(b/K/M/G/T/P/E)\n"
            "  -t|--type FS             filesystem type (ext2)\n"
            "  -v|--verbose             verbose messages\n"
            "  -V|--version             print the version and exit\n"
            "  -x                       trace library calls\n"
            "  --help                   print this help and exit\n"
            "See %s(1).\n", PROGRAM, PROGRAM, PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

/* Parses N[bKMGTPE] (powers of 1024).  -1 when malformed or too big. */
static int64_t
parse_size (const char *s)
{
  static const char suffixes[] = "bKMGTPE";
  char *end;
  const char *p;
  unsigned long long n;
  int64_t r;

  errno = 0;
  if (*s < '0' || *s > '9')
    return -1;
  n = strtoull (s, &end, 10);
  if (errno || n > INT64_MAX)
    return -1;
  r = (int64_t) n;
  if (*end == '\0')
    return r;
  if (end[1] != '\0' || (p = strchr (suffixes, *end)) == NULL)
    return -1;
  for (; p > suffixes; --p)
    if (__builtin_mul_overflow (r, 1024, &r))
      return -1;
  return r;
}

/* nftw callback state for the size of a directory tree. */
static int64_t tree_bytes;

static int
add_to_estimate (const char *path, const struct stat *st, int flag,
                 struct FTW *ftw)
{
  (void) path;
  (void) flag;
  (void) ftw;
  /* Data rounded up to 4K blocks, plus the inode and name. */
  tree_bytes += (st->st_size + 4095) / 4096 * 4096 + PER_FILE_OVERHEAD;
  return 0;
}

/* The compression of the archive FILE, for tar-in's compress
 * argument, from its first bytes; NULL for a plain tar.
 */
static const char *
compression_of (const char *file)
{
  unsigned char m[6] = { 0 };
  FILE *fp = fopen (file, "r");
  size_t n;

  if (fp == NULL)
    return NULL;
  n = fread (m, 1, sizeof m, fp);
  fclose (fp);
  if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b)
    return "gzip";
  if (n >= 3 && memcmp (m, "BZh", 3) == 0)
    return "bzip2";
  if (n >= 6 && memcmp (m, "\xfd" "7zXZ\0", 6) == 0)
    return "xz";
  if (n >= 4 && memcmp (m, "\x28\xb5\x2f\xfd", 4) == 0)
    return "zstd";
  if (n >= 2 && m[0] == 0x1f && m[1] == 0x9d)
    return "compress";
  return NULL;
}

/* The uncompressed size of the archive FILE compressed by COMPRESS:
 * the host's decompressor runs into a pipe and the bytes are counted
 * (only counted: nothing of the archive is interpreted on the host).
 * -1 after printing an error.
 */
static int64_t
uncompressed_size (const char *file, const char *compress)
{
  CLEANUP_FREE char *buf = xmalloc (COUNT_BUF);
  const char *prog = strcmp (compress, "compress") == 0 ? "gzip" : compress;
  char *argv[] = { (char *) prog, (char *) "-dc", NULL };
  struct spawn dc;
  int in, status;
  int64_t total = 0;
  ssize_t n;

  in = open (file, O_RDONLY | O_CLOEXEC);
  if (in == -1) {
    fprintf (stderr, "%s: %s: %m\n", PROGRAM, file);
    return -1;
  }
  spawn_init (&dc, PROGRAM, argv);
  dc.fd[0] = in;
  dc.fd[1] = SPAWN_PIPE;
  status = spawn_start (&dc);
  close (in);
  if (status == -1)
    return -1;
  while ((n = read (dc.pipe[1], buf, COUNT_BUF)) != 0) {
    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1)
      break;
    total += n;
  }
  status = spawn_wait (&dc);
  if (n == -1 || status != 0) {
    fprintf (stderr, "%s: %s: cannot decompress the archive with %s\n",
             PROGRAM, file, prog);
    return -1;
  }
  return total;
}

/* Bytes the input needs in a filesystem, before overhead. */
static int64_t
estimate_input (const char *input, const struct stat *st,
                const char *compress)
{
  if (S_ISDIR (st->st_mode)) {
    tree_bytes = 0;
    if (nftw (input, add_to_estimate, 64, FTW_PHYS) == -1) {
      fprintf (stderr, "%s: %s: %m\n", PROGRAM, input);
      return -1;
    }
    return tree_bytes;
  }
  if (compress)
    return uncompressed_size (input, compress);
  return st->st_size;
}

/* tar-in of a host directory: the host's tar packs it into a pipe. */
static int
tar_in_dir (guestfs_h *g, const char *dir)
{
  char *argv[] = { (char *) "tar", (char *) "-C", (char *) dir,
                   (char *) "-cf", (char *) "-", (char *) ".", NULL };
  char fdname[32];
  struct spawn tar;
  int status, r;

  spawn_init (&tar, PROGRAM, argv);
  tar.fd[1] = SPAWN_PIPE;
  if (spawn_start (&tar) == -1)
    return -1;
  snprintf (fdname, sizeof fdname, "/dev/fd/%d", tar.pipe[1]);
  r = guestfs_tar_in (g, fdname, "/");
  status = spawn_wait (&tar);
  if (r == 0 && status > 0)
    fprintf (stderr, "%s: tar failed on %s\n", PROGRAM, dir);
  return r == 0 && status == 0 ? 0 : -1;
}

/* MBR type bytes that other systems look for. */
static int
mbr_id_for (const char *fs)
{
  if (strcmp (fs, "ntfs") == 0)
    return 0x07;
  if (strcmp (fs, "vfat") == 0 || strcmp (fs, "fat") == 0)
    return 0x0c;
  return 0x83;
}

int
main (int argc, char *argv[])
{
  struct options o;
  const char *format = "raw", *type = "ext2", *label = NULL;
  const char *size_arg = NULL, *partition = NULL, *input, *output;
  const char *compress = NULL, *dev = "/dev/sda";
  bool floppy = false, created = false;
  struct stat st;
  int64_t size;
  guestfs_h *g = NULL;
  int c, option_index, status = EXIT_FAILURE;

  options_init (&o, PROGRAM, false, short_options, long_options);
  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, long_options,
                     &option_index);
    if (c == -1)
      break;
    switch (c) {
    case HELP_OPTION:
      usage (EXIT_SUCCESS);
    case FLOPPY_OPTION:
      floppy = true;
      break;
    case 'F':
      format = optarg;
      break;
    case LABEL_OPTION:
      label = optarg;
      break;
    case PARTITION_OPTION:
      partition = optarg ? optarg : "mbr";
      break;
    case 's':
      size_arg = optarg;
      break;
    case 't':
      type = optarg;
      break;
    default:
      if (options_handle (&o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }
  if (argc - optind != 2) {
    fprintf (stderr, "%s: input and output must be given on the command "
             "line\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  input = argv[optind];
  output = argv[optind + 1];
  if (partition && strcmp (partition, "msdos") == 0)
    partition = "mbr";
  if (partition && strcmp (partition, "mbr") != 0 &&
      strcmp (partition, "gpt") != 0) {
    fprintf (stderr, "%s: --partition: unknown partition type '%s' "
             "(mbr or gpt)\n", PROGRAM, partition);
    exit (EXIT_FAILURE);
  }
  if (floppy) {
    if (size_arg || partition) {
      fprintf (stderr, "%s: --floppy cannot be used with --size or "
               "--partition\n", PROGRAM);
      exit (EXIT_FAILURE);
    }
    partition = "mbr";
    type = "vfat";
  }

  if (stat (input, &st) == -1) {
    fprintf (stderr, "%s: %s: %m\n", PROGRAM, input);
    exit (EXIT_FAILURE);
  }
  if (!S_ISDIR (st.st_mode) && !S_ISREG (st.st_mode)) {
    fprintf (stderr, "%s: %s: the input must be a directory or a tar "
             "archive\n", PROGRAM, input);
    exit (EXIT_FAILURE);
  }
  if (S_ISREG (st.st_mode))
    compress = compression_of (input);

  if (floppy)
    size = FLOPPY_BYTES;
  else if (size_arg && size_arg[0] != '+') {
    size = parse_size (size_arg);
    if (size <= 0) {
      fprintf (stderr, "%s: --size: cannot parse '%s'\n", PROGRAM,
               size_arg);
      exit (EXIT_FAILURE);
    }
  }
  else {
    int64_t extra = 0, est = estimate_input (input, &st, compress);

    if (est == -1)
      exit (EXIT_FAILURE);
    if (size_arg && (extra = parse_size (size_arg + 1)) < 0) {
      fprintf (stderr, "%s: --size: cannot parse '%s'\n", PROGRAM,
               size_arg);
      exit (EXIT_FAILURE);
    }
    size = est + est / 100 * FS_OVERHEAD_PERCENT + FS_FIXED_OVERHEAD;
    if (__builtin_add_overflow (size, extra, &size)) {
      fprintf (stderr, "%s: --size: '%s' is too large\n", PROGRAM,
               size_arg);
      exit (EXIT_FAILURE);
    }
  }
  /* Whole megabytes when partitioning, so the partition is aligned;
   * whole sectors always.
   */
  if (partition)
    size = (size + 1024 * 1024 - 1) / (1024 * 1024) * (1024 * 1024) +
      (strcmp (partition, "gpt") == 0 ? 1024 * 1024 : 0);
  size = (size + 511) / 512 * 512;

  g = options_create_handle (&o);
  if (guestfs_disk_create (g, output, format, size, -1) == -1)
    goto out;
  created = true;
  if ((o.blocksize
       ? guestfs_add_drive_opts (g, output, GUESTFS_ADD_DRIVE_OPTS_FORMAT,
                                 format, GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE,
                                 o.blocksize, -1)
       : guestfs_add_drive_opts (g, output, GUESTFS_ADD_DRIVE_OPTS_FORMAT,
                                 format, -1)) == -1 ||
      guestfs_launch (g) == -1)
    goto out;

  if (partition) {
    if (guestfs_part_disk (g, "/dev/sda", partition) == -1)
      goto out;
    dev = "/dev/sda1";
    if (strcmp (partition, "mbr") == 0 &&
        guestfs_part_set_mbr_id (g, "/dev/sda", 1, mbr_id_for (type)) == -1)
      goto out;
  }
  if (label) {
    if (guestfs_mkfs_opts (g, type, dev, GUESTFS_MKFS_OPTS_LABEL, label,
                           -1) == -1)
      goto out;
  }
  else if (guestfs_mkfs (g, type, dev) == -1)
    goto out;
  if (guestfs_mount (g, dev, "/") == -1)
    goto out;

  if (S_ISDIR (st.st_mode)) {
    if (tar_in_dir (g, input) == -1)
      goto out;
  }
  else if (compress) {
    if (guestfs_tar_in_opts (g, input, "/", GUESTFS_TAR_IN_OPTS_COMPRESS,
                             compress, -1) == -1)
      goto out;
  }
  else if (guestfs_tar_in (g, input, "/") == -1)
    goto out;

  if (guestfs_umount_all (g) == -1 || guestfs_shutdown (g) == -1)
    goto out;
  status = EXIT_SUCCESS;

 out:
  if (g)
    guestfs_close (g);
  /* A half-made image is of no use: do not leave it behind. */
  if (status != EXIT_SUCCESS && created)
    unlink (output);
  options_free (&o);
  exit (status);
}
