/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for guestfish's tar extractor (fish/untar.c), the
 * host-side parser of tar streams made by the guest (copy-out,
 * virt-copy-out, virt-tar-out -z paths).  Beyond memory errors it
 * checks the extractor's promise: nothing is created outside the
 * target directory, and no path is followed through a symlink.
 *
 * Two oracles.  The target is an empty directory inside an otherwise
 * empty sandbox directory; after each input the sandbox must still
 * hold only the target.  And every call by which the extractor
 * creates, opens or removes a name (openat, mkdirat, symlinkat,
 * linkat, unlinkat: wrapped with -Wl,--wrap) must name a single path
 * component relative to a directory inside the target, which is what
 * makes a symlink planted by an earlier member (to / for instance)
 * harmless; an absolute escape would not show in the sandbox.
 */

#include <config.h>

#define _GNU_SOURCE 1

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fish.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int __real_openat (int dirfd, const char *name, int flags, ...);
int __wrap_openat (int dirfd, const char *name, int flags, ...);
int __real_mkdirat (int dirfd, const char *name, mode_t mode);
int __wrap_mkdirat (int dirfd, const char *name, mode_t mode);
int __real_symlinkat (const char *link, int dirfd, const char *name);
int __wrap_symlinkat (const char *link, int dirfd, const char *name);
int __real_linkat (int olddirfd, const char *oldname, int newdirfd,
                   const char *newname, int flags);
int __wrap_linkat (int olddirfd, const char *oldname, int newdirfd,
                   const char *newname, int flags);
int __real_unlinkat (int dirfd, const char *name, int flags);
int __wrap_unlinkat (int dirfd, const char *name, int flags);

/* In memory when possible: every input creates and removes files. */
static char sandbox[64] = "/dev/shm/careen-fuzz-untar.XXXXXX";
static char target[sizeof sandbox + 16];

/* True while fish_untar runs: only its calls are checked. */
static bool extracting;

/* Aborts unless name is one component and dirfd a directory inside
 * the target.
 */
static void
check_beneath (int dirfd, const char *name)
{
  char link[64], path[4096];
  ssize_t n;
  size_t tlen = strlen (target);

  if (!extracting)
    return;
  if (strchr (name, '/') != NULL || strcmp (name, "..") == 0) {
    fprintf (stderr, "fuzz-untar: path '%s' used by name\n", name);
    abort ();
  }
  snprintf (link, sizeof link, "/proc/self/fd/%d", dirfd);
  n = readlink (link, path, sizeof path - 1);
  if (n == -1)
    abort ();
  path[n] = '\0';
  if (strncmp (path, target, tlen) != 0 ||
      (path[tlen] != '\0' && path[tlen] != '/')) {
    fprintf (stderr, "fuzz-untar: '%s' created in '%s'\n", name, path);
    abort ();
  }
}

int
__wrap_openat (int dirfd, const char *name, int flags, ...)
{
  va_list args;
  mode_t mode;

  va_start (args, flags);
  mode = va_arg (args, mode_t);
  va_end (args);
  check_beneath (dirfd, name);
  return __real_openat (dirfd, name, flags, mode);
}

int
__wrap_mkdirat (int dirfd, const char *name, mode_t mode)
{
  check_beneath (dirfd, name);
  return __real_mkdirat (dirfd, name, mode);
}

int
__wrap_symlinkat (const char *link, int dirfd, const char *name)
{
  check_beneath (dirfd, name);
  return __real_symlinkat (link, dirfd, name);
}

int
__wrap_linkat (int olddirfd, const char *oldname, int newdirfd,
               const char *newname, int flags)
{
  /* A hard link to a host file would be an escape too. */
  check_beneath (olddirfd, oldname);
  check_beneath (newdirfd, newname);
  return __real_linkat (olddirfd, oldname, newdirfd, newname, flags);
}

int
__wrap_unlinkat (int dirfd, const char *name, int flags)
{
  check_beneath (dirfd, name);
  return __real_unlinkat (dirfd, name, flags);
}

static int
remove_one (const char *path, const struct stat *st, int flag,
            struct FTW *ftw)
{
  /* Extracted directories may have lost their write or search bit. */
  if (flag == FTW_DP)
    chmod (path, 0700);
  remove (path);
  return 0;
}

static void
cleanup (void)
{
  nftw (sandbox, remove_one, 64, FTW_DEPTH | FTW_PHYS);
}

/* Only "target" may exist in the sandbox. */
static void
check_sandbox (void)
{
  DIR *d = opendir (sandbox);
  struct dirent *e;

  if (d == NULL)
    abort ();
  while ((e = readdir (d)) != NULL) {
    if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0 ||
        strcmp (e->d_name, "target") == 0)
      continue;
    fprintf (stderr, "fuzz-untar: '%s' created outside the target\n",
             e->d_name);
    abort ();
  }
  closedir (d);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  int in, dirfd, saved_stderr, devnull;

  if (target[0] == '\0') {
    if (access ("/dev/shm", W_OK) == -1)
      strcpy (sandbox, "/tmp/careen-fuzz-untar.XXXXXX");
    if (mkdtemp (sandbox) == NULL)
      abort ();
    snprintf (target, sizeof target, "%s/target", sandbox);
    atexit (cleanup);
  }
  if (mkdir (target, 0700) == -1)
    abort ();

  in = memfd_create ("tar", MFD_CLOEXEC);
  if (in == -1 || write (in, data, size) != (ssize_t) size ||
      lseek (in, 0, SEEK_SET) == -1)
    abort ();
  dirfd = open (target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd == -1)
    abort ();

  /* The extractor warns on stderr for every odd member. */
  saved_stderr = dup (2);
  devnull = open ("/dev/null", O_WRONLY);
  dup2 (devnull, 2);
  close (devnull);

  extracting = true;
  (void) fish_untar ("fuzz", in, dirfd);
  extracting = false;

  dup2 (saved_stderr, 2);
  close (saved_stderr);
  close (dirfd);
  close (in);

  check_sandbox ();
  nftw (target, remove_one, 64, FTW_DEPTH | FTW_PHYS);
  return 0;
}
