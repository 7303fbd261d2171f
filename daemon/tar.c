/* careen - offline disk-image toolkit */

/**
 * Tar archives in and out of guest directories: tar_in, tar_out,
 * tgz_in, tgz_out, txz_in and txz_out.  GNU tar runs in the appliance on the host path
 * of the safely resolved directory (sysroot.c) and the archive streams
 * through a pipe between tar and the chunk stream (filter.c).
 *
 * Unpacking relies on GNU tar's own protections, which are on unless
 * asked off (no -P is ever passed): leading "/" is stripped from member
 * names, members with ".." are skipped, and a symlink member whose
 * target is absolute or has ".." is created only at the end, so later
 * members cannot be written through it.  A symlink that was already in
 * the guest below the target directory is followed by tar like any
 * directory, and an absolute one resolves in the appliance: that is
 * why the calls that resolve single paths go through openat2 instead.
 */

#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <sys/statvfs.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"

/* Most arguments of a tar command line built here (fixed options). */
#define TAR_MAX_ARGS 24

/* The tar option for a compression type, with the program it runs.
 * Replies and returns NULL when the type is unknown (EINVAL) or cannot
 * be used here (ENOTSUP).
 */
static const char *
tar_compress_option (const char *compress)
{
  static const struct {
    const char *name, *option, *program;
  } types[] = {
    { "gzip", "--gzip", "gzip" },
    { "bzip2", "--bzip2", "bzip2" },
    { "xz", "--xz", "xz" },
    { "lzop", "--lzop", "lzop" },
    { "zstd", "--zstd", "zstd" },
    { "compress", "--compress", "compress" },
  };
  size_t i;

  for (i = 0; i < sizeof types / sizeof types[0]; ++i) {
    if (strcmp (compress, types[i].name) != 0)
      continue;
    if (!program_exists (types[i].program)) {
      reply_with_error_errno (ENOTSUP, "%s: compression type not supported "
                              "(no %s program in the appliance)", compress,
                              types[i].program);
      return NULL;
    }
    return types[i].option;
  }
  reply_with_error_errno (EINVAL, "%s: unknown compression type", compress);
  return NULL;
}

/* Whether files created in the directory dirfd can be given away to
 * another owner: not on FAT or NTFS, where tar must then not try (it
 * would fail on every member).  Any doubt answers yes, so tar reports
 * the real problem.
 */
static bool
chown_supported (int dirfd)
{
  char name[64];
  int fd, r, err;
  bool named = false;

  fd = openat (dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd == -1) {
    /* No O_TMPFILE on this filesystem: a short-lived named file. */
    snprintf (name, sizeof name, ".careen-chown-%ld-%ld", (long) getpid (),
              (long) time (NULL));
    fd = openat (dirfd, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC |
                 O_NOFOLLOW, 0600);
    if (fd == -1)
      return true;
    named = true;
  }
  r = fchown (fd, 1000, 1000);
  err = errno;
  close (fd);
  if (named)
    unlinkat (dirfd, name, 0);
  return !(r == -1 && err == EPERM);
}

/* A filesystem with less free space than this after tar failed is
 * taken to be full: tar's short writes ("Wrote only N of M bytes")
 * carry no errno, and callers test ENOSPC.
 */
#define TAR_FULL_FREE_BYTES (1024 * 1024)

/* tar failed: its own words (which start with "tar: "), after the
 * directory it worked on.  HOST_PATH is that directory in the
 * appliance, or NULL.
 */
static void
reply_tar_error (const char *directory, const char *host_path,
                 const char *err)
{
  struct statvfs sv;
  int e = 0;

  if (err == NULL)
    err = "failed";
  if (strstr (err, strerror (ENOSPC)) != NULL)
    e = ENOSPC;
  else if (strstr (err, strerror (EDQUOT)) != NULL)
    e = EDQUOT;
  else if (host_path && statvfs (host_path, &sv) == 0 &&
           (uint64_t) sv.f_bavail * sv.f_frsize < TAR_FULL_FREE_BYTES)
    e = ENOSPC;
  reply_with_error_errno (e, "%s: %s%s", directory,
                          strncmp (err, "tar: ", 5) == 0 ? "" : "tar: ", err);
}

static int
tar_in (const char *directory, const char *compress, bool xattrs,
        bool selinux, bool acls)
{
  CLEANUP_FREE char *hp = NULL, *err = NULL;
  const char *argv[TAR_MAX_ARGS];
  const char *copt = NULL;
  struct filter f;
  size_t n = 0;
  int fd, r, e;

  /* Failing before the upload is read: the reply drains it (proto.c). */
  if (compress && (copt = tar_compress_option (compress)) == NULL)
    return -1;
  fd = sysroot_open (directory, O_RDONLY | O_DIRECTORY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", directory);
    return -1;
  }
  hp = sysroot_fd_path (fd);
  if (hp == NULL) {
    reply_with_perror ("%s", directory);
    close (fd);
    return -1;
  }

  argv[n++] = "tar";
  argv[n++] = "-C";
  argv[n++] = hp;
  argv[n++] = "-xf";
  argv[n++] = "-";
  /* 128 KiB records instead of 10 KiB: tar reads the pipe and writes
   * file data in records, and each system call is costly under TCG.
   * Reading standard input, tar accepts a short last record.
   */
  argv[n++] = "-b";
  argv[n++] = "256";
  if (copt)
    argv[n++] = copt;
  if (!chown_supported (fd))
    argv[n++] = "--no-same-owner";
  close (fd);
  if (xattrs) {
    argv[n++] = "--xattrs";
    /* Without it tar restores only the user.* namespace. */
    argv[n++] = "--xattrs-include=*";
  }
  if (selinux)
    argv[n++] = "--selinux";
  if (acls)
    argv[n++] = "--acls";
  argv[n] = NULL;

  if (filter_start (&f, argv, FILTER_PIPE, -1, -1) == -1) {
    reply_with_perror ("tar");
    return -1;
  }
  cache_limit_apply (f.child.pid, CACHE_WRITER);
  r = receive_file (filter_write_cb, &f);
  e = errno;
  if (r == -1 && e == ECANCELED) {
    filter_kill (&f);
    reply_with_error_errno (ECANCELED, "%s: upload cancelled", directory);
    return -1;
  }
  /* A write error (EPIPE) means tar stopped early: its message says
   * why, so it comes first.
   */
  if (filter_finish (&f, &err) == -1) {
    reply_tar_error (directory, hp, err);
    return -1;
  }
  if (r == -1) {
    errno = e;
    reply_with_perror ("%s", directory);
    return -1;
  }
  return 0;
}

int
do_tar_in (const char *directory, const char *compress, int xattrs,
           int selinux, int acls)
{
  bool has_compress =
    optargs_bitmask & GUESTFS_TAR_IN_OPTS_COMPRESS_BITMASK;

  return tar_in (directory, has_compress ? compress : NULL, xattrs, selinux,
                 acls);
}

int
do_tgz_in (const char *directory)
{
  return tar_in (directory, "gzip", false, false, false);
}

int
do_txz_in (const char *directory)
{
  return tar_in (directory, "xz", false, false, false);
}

/* The exclude patterns as a file tar reads with -X, one per line, in
 * memory (a memfd).  Returns the fd, or -1 after replying.
 */
static int
excludes_file (char *const *excludes)
{
  size_t i;
  int fd;

  for (i = 0; excludes[i] != NULL; ++i) {
    if (strchr (excludes[i], '\n') != NULL) {
      reply_with_error_errno (EINVAL, "exclude pattern with a newline: %.64s",
                              excludes[i]);
      return -1;
    }
  }
  fd = memfd_create ("tar-excludes", MFD_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("memfd_create");
    return -1;
  }
  for (i = 0; excludes[i] != NULL; ++i) {
    size_t len = strlen (excludes[i]);

    if (write (fd, excludes[i], len) != (ssize_t) len ||
        write (fd, "\n", 1) != 1) {
      reply_with_perror ("write excludes");
      close (fd);
      return -1;
    }
  }
  if (lseek (fd, 0, SEEK_SET) == -1) {
    reply_with_perror ("lseek");
    close (fd);
    return -1;
  }
  return fd;
}

static int
tar_out (const char *directory, const char *compress, bool numericowner,
         char *const *excludes, bool xattrs, bool selinux, bool acls)
{
  CLEANUP_FREE char *hp = NULL, *err = NULL;
  CLEANUP_CLOSE int xfd = -1;
  const char *argv[TAR_MAX_ARGS];
  const char *copt = NULL;
  struct filter f;
  size_t n = 0;

  /* Failing before any data: the reply ends the stream (proto.c). */
  if (compress && (copt = tar_compress_option (compress)) == NULL)
    return -1;
  hp = sysroot_dir_for_program (directory);
  if (hp == NULL)
    return -1;
  if (excludes && excludes[0] && (xfd = excludes_file (excludes)) == -1)
    return -1;

  argv[n++] = "tar";
  argv[n++] = "-C";
  argv[n++] = hp;
  argv[n++] = "-cf";
  argv[n++] = "-";
  /* tar's default 10 KiB records, not larger ones: the archive is
   * padded to a whole record, and a reader such as `tar -x` stops at
   * the end-of-archive blocks, so with 128 KiB records up to 118 KiB of
   * padding met a closed pipe (EPIPE) in the caller's copy-out.
   */
  if (copt)
    argv[n++] = copt;
  if (numericowner)
    argv[n++] = "--numeric-owner";
  if (xfd >= 0) {
    argv[n++] = "-X";
    argv[n++] = "/proc/self/fd/3";      /* filter.c puts xfd there */
  }
  if (xattrs) {
    argv[n++] = "--xattrs";
    argv[n++] = "--xattrs-include=*";
  }
  if (selinux)
    argv[n++] = "--selinux";
  if (acls)
    argv[n++] = "--acls";
  argv[n++] = ".";
  argv[n] = NULL;

  if (filter_start (&f, argv, -1, FILTER_PIPE, xfd) == -1) {
    reply_with_perror ("tar");
    return -1;
  }
  /* tar-out is not put in a memory cgroup: a 32 MiB memory.high bound
   * left a tar-out of a 10,000-directory tree stalled for minutes once
   * its reader stopped reading (tests/hostile/test-hostile-deep-tree.sh
   * in the sanitizer build), and a reader uses each page once anyway.
   */
  if (filter_send_output (&f, FILTER_PULSE, 0) == -1) {
    int e = errno;

    filter_kill (&f);
    if (e == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: download cancelled", directory);
    else {
      errno = e;
      reply_with_perror ("%s", directory);
    }
    return -1;
  }
  if (filter_finish (&f, &err) == -1) {
    reply_tar_error (directory, NULL, err);
    return -1;
  }
  send_file_end (0);
  return 0;
}

int
do_tar_out (const char *directory, const char *compress, int numericowner,
            char *const *excludes, int xattrs, int selinux, int acls)
{
  bool has_compress =
    optargs_bitmask & GUESTFS_TAR_OUT_OPTS_COMPRESS_BITMASK;

  return tar_out (directory, has_compress ? compress : NULL, numericowner,
                  excludes, xattrs, selinux, acls);
}

int
do_tgz_out (const char *directory)
{
  return tar_out (directory, "gzip", false, NULL, false, false, false);
}

int
do_txz_out (const char *directory)
{
  return tar_out (directory, "xz", false, NULL, false, false, false);
}
