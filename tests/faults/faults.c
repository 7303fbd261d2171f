/* careen - offline disk-image toolkit
 * Helpers shared by the fault tests (see faults.h).
 */

#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "faults.h"

int failures = 0;

double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

void
faults_init (const char *skip_var)
{
  const char *skip = getenv (skip_var);

  if (skip && strcmp (skip, "1") == 0) {
    fprintf (stderr, "skipped: %s=1\n", skip_var);
    exit (77);
  }
  if (getenv ("LIBGUESTFS_PATH") == NULL) {
    fprintf (stderr, "skipped: LIBGUESTFS_PATH is not set (run through "
             "./run)\n");
    exit (77);
  }
  setvbuf (stderr, NULL, _IOLBF, 0);
}

char *
make_private_dir (const char *what)
{
  char *dir;

  if (asprintf (&dir, "/tmp/careen-%s.XXXXXX", what) == -1 ||
      mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  return dir;
}

int
count_entries (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  int n = 0;

  if (d == NULL)
    return -1;
  while ((e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0) {
      fprintf (stderr, "entry in %s: %s\n", dir, e->d_name);
      n++;
    }
  closedir (d);
  return n;
}

void
make_big_tar (const char *path, long long size)
{
  char h[512];
  unsigned sum = 0;
  size_t i;
  int fd;

  memset (h, 0, sizeof h);
  strcpy (h, "big");
  strcpy (h + 100, "0000644");
  strcpy (h + 108, "0000000");
  strcpy (h + 116, "0000000");
  snprintf (h + 124, 12, "%011llo", (unsigned long long) size);
  strcpy (h + 136, "00000000000");
  memset (h + 148, ' ', 8);     /* the checksum counts itself as spaces */
  h[156] = '0';
  memcpy (h + 257, "ustar", 6);
  memcpy (h + 263, "00", 2);
  for (i = 0; i < sizeof h; ++i)
    sum += (unsigned char) h[i];
  snprintf (h + 148, 8, "%06o", sum);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd == -1 || write (fd, h, sizeof h) != (ssize_t) sizeof h ||
      ftruncate (fd, sizeof h + size + 1024) == -1) {
    perror (path);
    exit (EXIT_FAILURE);
  }
  close (fd);
}

void
faults_exit (const char *file)
{
  if (failures) {
    fprintf (stderr, "%s: %d check(s) failed\n", file, failures);
    exit (EXIT_FAILURE);
  }
  exit (EXIT_SUCCESS);
}
