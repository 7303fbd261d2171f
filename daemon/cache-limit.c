/* careen - offline disk-image toolkit */

/**
 * A bound on the page cache of the tools that stream a whole tree
 * (tar-in).  Every page the appliance's kernel fills for the
 * first time is memory qemu must then back on the host for the rest of
 * the session, even once the guest no longer needs it: 172 MiB of
 * files unpacked by tar grew qemu's RSS by about 220 MiB
 * (bench/README.md).  The tool is put into a memory cgroup with a
 * memory.high bound, so that the kernel reclaims the tool's own clean
 * cache and reuses those pages instead of touching new ones.
 *
 * Only a hint: with no cgroup2 or no memory controller in the
 * appliance's kernel the tool runs unbounded, as before.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

#define CGROUP_ROOT "/sys/fs/cgroup"

/* One cgroup per class (enum cache_class).  Writers: above what a
 * decompressor in the pipeline needs (xz -9: 65 MiB) plus a working set
 * of cache; the kernel reclaims cache before it would throttle the
 * tool.  Readers (tar-out) are not bounded: see tar.c.
 */
static const struct {
  const char *dir, *high;
} classes[] = {
  [CACHE_WRITER] = { CGROUP_ROOT "/careen-writer", "128M" },
};

static int
write_string (const char *path, const char *s)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  ssize_t n;
  int err;

  if (fd == -1)
    return -1;
  n = write (fd, s, strlen (s));
  err = errno;
  close (fd);
  errno = err;
  return n == (ssize_t) strlen (s) ? 0 : -1;
}

static int
write_string_at (const char *dir, const char *name, const char *s)
{
  char path[128];

  snprintf (path, sizeof path, "%s/%s", dir, name);
  return write_string (path, s);
}

/* Sets up the cgroups the first time.  Returns 0 when usable. */
static int
setup (void)
{
  static int state;             /* 0: not tried, 1: ready, -1: failed */
  size_t i;

  if (state != 0)
    return state == 1 ? 0 : -1;
  state = -1;
  if (access (CGROUP_ROOT "/cgroup.procs", F_OK) == -1 &&
      mount ("cgroup2", CGROUP_ROOT, "cgroup2",
             MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == -1)
    goto fail;
  if (write_string (CGROUP_ROOT "/cgroup.subtree_control", "+memory") == -1)
    goto fail;
  for (i = 0; i < sizeof classes / sizeof classes[0]; ++i) {
    if (mkdir (classes[i].dir, 0755) == -1 && errno != EEXIST)
      goto fail;
    if (write_string_at (classes[i].dir, "memory.high",
                         classes[i].high) == -1)
      goto fail;
  }
  state = 1;
  return 0;

 fail:
  if (verbose)
    fprintf (stderr, "careen-daemon: no memory cgroups for streaming tools, "
             "their page cache is not bounded: %m\n");
  return -1;
}

void
cache_limit_apply (pid_t pid, enum cache_class c)
{
  char s[32];

  if (setup () == -1)
    return;
  snprintf (s, sizeof s, "%d", (int) pid);
  if (write_string_at (classes[c].dir, "cgroup.procs", s) == -1 && verbose)
    fprintf (stderr, "careen-daemon: %s: cannot bound the page cache of "
             "process %s: %m\n", classes[c].dir, s);
}
