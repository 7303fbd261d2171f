/** careen - offline disk-image toolkit
 *
 * virt-builder-repository: the files of a repository on the host.
 *
 * Compression and hashing run xz and sha512sum through the spawn
 * helper with the file on their standard streams, so a file name is
 * never taken for an option.  The temporary directory the new
 * repository is built in sits inside the repository itself: the
 * final renames then stay on one filesystem, and each one replaces a
 * file whole or not at all.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "stringsbuf.h"
#include "xalloc.h"
#include "repository.h"

/* How much of a file without an extension is read to tell an image
 * from text (an index, a README): a NUL byte in it makes it an image.
 */
#define SNIFF_BYTES 4096

/* Length of a SHA-512 in hex. */
#define SHA512_HEX 128

/* The names the tool itself writes in a repository: never images. */
static const char *const own_files[] = {
  "index", "index.asc", NULL
};

static bool
has_suffix (const char *s, const char *suffix)
{
  size_t n = strlen (s), m = strlen (suffix);

  return n >= m && strcmp (s + n - m, suffix) == 0;
}

static bool
looks_binary (int dirfd, const char *name)
{
  char buf[SNIFF_BYTES];
  ssize_t r;
  int fd = openat (dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

  if (fd == -1)
    return false;
  r = read (fd, buf, sizeof buf);
  close (fd);
  return r > 0 && memchr (buf, '\0', r) != NULL;
}

static bool
is_image_name (int dirfd, const char *name)
{
  size_t i;

  if (name[0] == '.')
    return false;
  for (i = 0; own_files[i]; ++i)
    if (strcmp (name, own_files[i]) == 0)
      return false;
  if (has_suffix (name, ".qcow2") || has_suffix (name, ".raw") ||
      has_suffix (name, ".img"))
    return true;
  return strchr (name, '.') == NULL && looks_binary (dirfd, name);
}

char **
repo_list_images (const char *repo)
{
  struct stringsbuf sb;
  DIR *dir;
  struct dirent *d;
  struct stat st;
  char **r;

  dir = opendir (repo);
  if (dir == NULL) {
    repo_error ("opendir: '%s': %m", repo);
    return NULL;
  }
  stringsbuf_init (&sb);
  errno = 0;
  while ((d = readdir (dir)) != NULL) {
    /* Only regular files: a symbolic link would make the tool
     * compress (and then remove) something outside the repository.
     */
    if (fstatat (dirfd (dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
        !S_ISREG (st.st_mode) || !is_image_name (dirfd (dir), d->d_name)) {
      errno = 0;
      continue;
    }
    if (stringsbuf_add_string (&sb, d->d_name) == -1)
      die_nomem ();
    errno = 0;
  }
  if (errno != 0) {
    repo_error ("readdir: '%s': %m", repo);
    closedir (dir);
    stringsbuf_release (&sb);
    return NULL;
  }
  closedir (dir);
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    die_nomem ();
  strings_sort (r);
  return r;
}

int
repo_compress (const char *src, const char *dst)
{
  /* As virt-builder(1) recommends for templates: 16 MiB blocks let
   * readers seek without decompressing from the start.  One thread:
   * the output is then the same on every run, and an unchanged image
   * keeps its checksum and its revision.
   */
  char *argv[] = { (char *) "xz", (char *) "--best",
                   (char *) "--block-size=16777216", (char *) "--threads=1",
                   (char *) "-c", NULL };
  struct spawn s;
  int in, out, status;

  in = open (src, O_RDONLY | O_CLOEXEC);
  if (in == -1) {
    repo_error ("open: '%s': %m", src);
    return -1;
  }
  out = open (dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out == -1) {
    repo_error ("open: '%s': %m", dst);
    close (in);
    return -1;
  }
  spawn_init (&s, PROGRAM, argv);
  s.fd[0] = in;
  s.fd[1] = out;
  status = spawn_start (&s) == -1 ? -1 : spawn_wait (&s);
  close (in);
  if (close (out) == -1 && status == 0) {
    repo_error ("close: '%s': %m", dst);
    return -1;
  }
  if (status > 0)
    repo_error ("xz failed to compress '%s' (exit status %d)", src, status);
  return status == 0 ? 0 : -1;
}

char *
repo_sha512 (const char *file)
{
  char *argv[] = { (char *) "sha512sum", NULL };
  char out[SHA512_HEX + 64];
  struct spawn s;
  size_t got = 0;
  ssize_t r;
  int in, status;

  in = open (file, O_RDONLY | O_CLOEXEC);
  if (in == -1) {
    repo_error ("open: '%s': %m", file);
    return NULL;
  }
  spawn_init (&s, PROGRAM, argv);
  s.fd[0] = in;
  s.fd[1] = SPAWN_PIPE;
  if (spawn_start (&s) == -1) {
    close (in);
    return NULL;
  }
  close (in);
  while (got < sizeof out - 1 &&
         (r = read (s.pipe[1], out + got, sizeof out - 1 - got)) != 0) {
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      break;
    got += r;
  }
  out[got] = '\0';
  status = spawn_wait (&s);
  if (status != 0) {
    if (status > 0)
      repo_error ("sha512sum failed on '%s' (exit status %d)", file, status);
    return NULL;
  }
  if (got < SHA512_HEX ||
      strspn (out, "0123456789abcdef") != SHA512_HEX) {
    repo_error ("sha512sum printed no checksum for '%s'", file);
    return NULL;
  }
  return xstrndup (out, SHA512_HEX);
}

/* Renames DIR/NAME to REPO/NEWNAME. */
static int
move (const char *dir, const char *name, const char *repo,
      const char *newname)
{
  CLEANUP_FREE char *from = NULL, *to = NULL;

  if (asprintf (&from, "%s/%s", dir, name) == -1 ||
      asprintf (&to, "%s/%s", repo, newname) == -1)
    die_nomem ();
  if (rename (from, to) == -1) {
    repo_error ("rename: '%s' to '%s': %m", from, to);
    return -1;
  }
  return 0;
}

int
repo_publish (const char *tmpdir, const char *repo)
{
  bool published[sizeof own_files / sizeof own_files[0]];
  DIR *dir;
  struct dirent *d;
  size_t i;
  int r = 0;

  dir = opendir (tmpdir);
  if (dir == NULL) {
    repo_error ("opendir: '%s': %m", tmpdir);
    return -1;
  }
  while (r == 0 && (d = readdir (dir)) != NULL) {
    if (strcmp (d->d_name, ".") == 0 || strcmp (d->d_name, "..") == 0 ||
        strcmp (d->d_name, "index") == 0 ||
        strcmp (d->d_name, "index.asc") == 0)
      continue;
    r = move (tmpdir, d->d_name, repo, d->d_name);
  }
  closedir (dir);
  if (r == -1)
    return -1;

  /* The old index files are kept as NAME.bak (hard links, so that
   * the index is always there for readers: each new one replaces the
   * old one in a single rename).  An old one that has no successor
   * (the index is now only signed, or no longer signed) goes, so that
   * what is published always agrees.
   */
  for (i = 0; own_files[i]; ++i) {
    CLEANUP_FREE char *path = NULL, *bak = NULL;

    if (asprintf (&path, "%s/%s", repo, own_files[i]) == -1 ||
        asprintf (&bak, "%s.bak", path) == -1)
      die_nomem ();
    if (access (path, F_OK) == -1)
      continue;
    if (unlink (bak) == -1 && errno != ENOENT) {
      repo_error ("unlink: '%s': %m", bak);
      return -1;
    }
    if (link (path, bak) == -1) {
      repo_error ("link: '%s' to '%s': %m", path, bak);
      return -1;
    }
  }
  for (i = 0; own_files[i]; ++i) {
    CLEANUP_FREE char *path = NULL;

    if (asprintf (&path, "%s/%s", tmpdir, own_files[i]) == -1)
      die_nomem ();
    published[i] = access (path, F_OK) == 0;
    if (published[i] && move (tmpdir, own_files[i], repo, own_files[i]) == -1)
      return -1;
  }
  for (i = 0; own_files[i]; ++i) {
    CLEANUP_FREE char *old = NULL;

    if (published[i])
      continue;
    if (asprintf (&old, "%s/%s", repo, own_files[i]) == -1)
      die_nomem ();
    if (unlink (old) == -1 && errno != ENOENT) {
      repo_error ("unlink: '%s': %m", old);
      return -1;
    }
  }
  return 0;
}
