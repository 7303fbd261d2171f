/* careen - offline disk-image toolkit */

/**
 * Space usage of the mounted filesystems: statvfs, df and df_h.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "daemon.h"

struct guestfs_statvfs *
do_statvfs (const char *path)
{
  struct statvfs st;
  struct guestfs_statvfs *r;
  int fd;

  fd = sysroot_open (path, O_PATH, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (fstatvfs (fd, &st) == -1) {
    reply_with_perror ("%s", path);
    close (fd);
    return NULL;
  }
  close (fd);

  r = malloc (sizeof *r);
  if (r == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  r->bsize = st.f_bsize;
  r->frsize = st.f_frsize;
  r->blocks = st.f_blocks;
  r->bfree = st.f_bfree;
  r->bavail = st.f_bavail;
  r->files = st.f_files;
  r->ffree = st.f_ffree;
  r->favail = st.f_favail;
  r->fsid = st.f_fsid;
  r->flag = st.f_flag;
  r->namemax = st.f_namemax;
  return r;
}

/* "df -k" (or -h) of the guest filesystems only: the appliance's own
 * mounts are not the user's business.  With nothing mounted, just the
 * heading.
 */
static char *
df (const char *flag)
{
  CLEANUP_FREE_STRING_LIST char **mounts = get_sysroot_mounts ();
  struct stringsbuf args;
  CLEANUP_FREE_STRING_LIST char **argv = NULL;
  CLEANUP_FREE char *out = NULL, *err = NULL;
  char *line, *next, *r;
  size_t i, rlen = 0;
  bool none;

  if (mounts == NULL) {
    reply_with_perror ("/proc/self/mountinfo");
    return NULL;
  }
  none = mounts[0] == NULL;

  stringsbuf_init (&args);
  if (stringsbuf_add_string (&args, "df") == -1 ||
      stringsbuf_add_string (&args, flag) == -1 ||
      stringsbuf_add_string (&args, "--") == -1)
    goto out_nomem;
  if (none) {
    if (stringsbuf_add_string (&args, sysroot) == -1)
      goto out_nomem;
  }
  for (i = 0; mounts[i] != NULL && mounts[i+1] != NULL; i += 2)
    if (stringsbuf_add_string (&args, mounts[i]) == -1)
      goto out_nomem;
  argv = stringsbuf_finish (&args);
  if (argv == NULL)
    goto out_nomem;

  if (commandv (&out, &err, (const char *const *) argv) == -1) {
    command_error ("df", err);
    return NULL;
  }

  r = malloc (strlen (out) + 2);
  if (r == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  for (line = out, i = 0; line && *line; line = next, i++) {
    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    if (none && i > 0)
      break;
    sysroot_strip_line (line);
    rlen += sprintf (r + rlen, "%s\n", line);
  }
  r[rlen] = '\0';
  return r;

 out_nomem:
  stringsbuf_release (&args);
  reply_with_perror ("malloc");
  return NULL;
}

char *
do_df (void)
{
  return df ("-k");
}

char *
do_df_h (void)
{
  return df ("-h");
}
