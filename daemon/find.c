/* careen - offline disk-image toolkit */

/**
 * Walking directory trees: find, find0 and du.  GNU find and du do the
 * walk, on the host path of the safely resolved starting point (see
 * sysroot.c); neither follows symbolic links below it, so the walk
 * stays in the guest tree.  find prints names relative to the start
 * (-printf %P), each ended by a zero byte, so any name survives.
 *
 * As with libguestfs, the names keep a leading '/' when the directory
 * was given without a trailing one ("find /etc" gives "/passwd",
 * "find /etc/" gives "passwd"): its names are what follows the
 * directory string in each full path, and scripts rely on that.
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

#include "daemon.h"

static const char *
find_format (const char *directory)
{
  size_t n = strlen (directory);

  return n > 0 && directory[n - 1] == '/' ? "%P\\0" : "/%P\\0";
}

char **
do_find (const char *directory)
{
  CLEANUP_FREE char *hp = NULL, *out = NULL, *err = NULL;
  struct stringsbuf sb;
  char **r;
  const char *p;

  hp = sysroot_dir_for_program (directory);
  if (hp == NULL)
    return NULL;
  /* The output is bounded by command.c (its size limit is below one
   * reply), so the list cannot grow past what can be sent.
   */
  if (command (&out, &err, "find", hp, "-mindepth", "1", "-printf",
               find_format (directory), NULL) == -1) {
    command_error ("find", err);
    return NULL;
  }
  /* Each name ends with a zero byte, and command.c adds one more after
   * the output: the list ends at the first empty name (find never
   * prints one).
   */
  stringsbuf_init (&sb);
  for (p = out; *p != '\0'; p += strlen (p) + 1) {
    if (stringsbuf_add_string (&sb, p) == -1) {
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  strings_sort (r);
  return r;
}

int
do_find0 (const char *directory)
{
  CLEANUP_FREE char *hp = NULL, *err = NULL;
  struct filter f;
  const char *argv[] = {
    "find", NULL, "-mindepth", "1", "-printf", NULL, NULL
  };

  hp = sysroot_dir_for_program (directory);
  if (hp == NULL)
    return -1;
  argv[1] = hp;
  argv[5] = find_format (directory);
  if (filter_start (&f, argv, -1, FILTER_PIPE, -1) == -1) {
    reply_with_perror ("find");
    return -1;
  }
  if (filter_send_output (&f, FILTER_NO_PROGRESS, 0) == -1) {
    int e = errno;

    filter_kill (&f);
    if (e == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: find cancelled", directory);
    else {
      errno = e;
      reply_with_perror ("%s", directory);
    }
    return -1;
  }
  if (filter_finish (&f, &err) == -1) {
    command_error ("find", err);
    return -1;
  }
  send_file_end (0);
  return 0;
}

int64_t
do_du (const char *path)
{
  CLEANUP_FREE char *hp = NULL, *out = NULL, *err = NULL;
  struct sysroot_parent p;
  struct stat st;
  int64_t kb;
  int r;

  /* Checked first so that a missing path is ENOENT, not du's words. */
  if (sysroot_open_parent (path, &p) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  r = fstatat (p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW);
  if (r == -1)
    reply_with_perror ("%s", path);
  sysroot_parent_release (&p);
  if (r == -1)
    return -1;

  /* The final component is not followed: du counts a symlink itself. */
  hp = sysroot_parent_path (path);
  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return -1;
  }
  command_pulse = true;
  r = command (&out, &err, "du", "-s", "--block-size=1024", "--", hp, NULL);
  command_pulse = false;
  if (r == -1) {
    command_error ("du", err);
    return -1;
  }
  if (sscanf (out, "%" SCNd64, &kb) != 1 || kb < 0) {
    reply_with_error ("%s: unexpected output of du: %.80s", path, out);
    return -1;
  }
  return kb;
}
