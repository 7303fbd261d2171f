/* careen - offline disk-image toolkit
 * For tests: the pid of one qemu process that is a child of this
 * process, found through /proc, independently of what the library says
 * (guestfs_get_pid).  0 if there is none.  A zombie still counts: it is
 * gone for our purposes only once the library has reaped it.
 */

#ifndef CAREEN_TESTS_QEMU_CHILD_H
#define CAREEN_TESTS_QEMU_CHILD_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static inline pid_t
find_qemu_child (void)
{
  DIR *d = opendir ("/proc");
  struct dirent *e;
  pid_t found = 0, self = getpid ();

  if (d == NULL)
    return 0;
  while ((e = readdir (d)) != NULL && found == 0) {
    char p[300], stat[1024], *rp;
    FILE *fp;
    int ppid;

    if (e->d_name[0] < '0' || e->d_name[0] > '9')
      continue;
    snprintf (p, sizeof p, "/proc/%s/stat", e->d_name);
    fp = fopen (p, "r");
    if (fp == NULL)
      continue;
    if (fgets (stat, sizeof stat, fp) && (rp = strrchr (stat, ')')) &&
        sscanf (rp + 2, "%*c %d", &ppid) == 1 && ppid == self &&
        strstr (stat, "(qemu"))
      found = atoi (e->d_name);
    fclose (fp);
  }
  closedir (d);
  return found;
}

#endif
