/* careen - offline disk-image toolkit */

/**
 * equal: whether two guest files hold the same bytes.  Compared here
 * rather than by cmp(1), so that both files are opened through the
 * checks of open_guest_file (regular files only, resolved inside the
 * guest) and no tool output has to be interpreted.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Bytes compared per read from each file. */
#define EQUAL_CHUNK (256 * 1024)

/* Reads up to n bytes, fewer only at the end of the file.  -1 with
 * errno.
 */
static ssize_t
read_full (int fd, char *buf, size_t n)
{
  size_t done = 0;

  while (done < n) {
    ssize_t r = read (fd, buf + done, n - done);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0)
      break;
    done += r;
  }
  return done;
}

int
do_equal (const char *file1, const char *file2)
{
  CLEANUP_FREE char *buf1 = NULL, *buf2 = NULL;
  CLEANUP_CLOSE int fd1 = -1, fd2 = -1;
  struct stat st1, st2;

  fd1 = open_guest_file (file1, O_RDONLY, 0);
  if (fd1 == -1 || fstat (fd1, &st1) == -1) {
    reply_with_perror ("%s", file1);
    return -1;
  }
  fd2 = open_guest_file (file2, O_RDONLY, 0);
  if (fd2 == -1 || fstat (fd2, &st2) == -1) {
    reply_with_perror ("%s", file2);
    return -1;
  }
  if (st1.st_size != st2.st_size)
    return 0;
  buf1 = malloc (EQUAL_CHUNK);
  buf2 = malloc (EQUAL_CHUNK);
  if (buf1 == NULL || buf2 == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  /* The sizes may change under us on a writable guest: the bytes read
   * decide, to the end of either file.
   */
  for (;;) {
    ssize_t n1 = read_full (fd1, buf1, EQUAL_CHUNK);
    ssize_t n2;

    if (n1 == -1) {
      reply_with_perror ("read: %s", file1);
      return -1;
    }
    n2 = read_full (fd2, buf2, EQUAL_CHUNK);
    if (n2 == -1) {
      reply_with_perror ("read: %s", file2);
      return -1;
    }
    if (n1 != n2 || memcmp (buf1, buf2, n1) != 0)
      return 0;
    if (n1 == 0)
      return 1;
  }
}
