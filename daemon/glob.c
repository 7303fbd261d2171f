/* careen - offline disk-image toolkit */

/**
 * glob_expand: shell wildcards over the guest tree.  glob(3) resolves
 * every component of the pattern itself, following symlinks, so it
 * cannot simply be given sysroot + pattern: an absolute guest symlink
 * would lead it into the appliance.  Instead glob is given directory
 * and stat functions (GLOB_ALTDIRFUNC) that resolve each name with
 * sysroot_open, inside the guest tree as if it were "/", where the
 * guest's symlinks mean what they mean in the guest.  No flag that
 * loads code (GLOB_TILDE looks up users through NSS) is used.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Most bytes of matches (each with a NUL) returned: a long reply
 * carries them, within the appliance's memory.
 */
#define GLOB_MAX_OUTPUT (256 * 1024 * 1024)

static void *
guest_opendir (const char *name)
{
  int fd = sysroot_open (name, O_RDONLY | O_DIRECTORY, 0);
  DIR *d;

  if (fd == -1)
    return NULL;
  d = fdopendir (fd);
  if (d == NULL) {
    int err = errno;

    close (fd);
    errno = err;
  }
  return d;
}

static struct dirent *
guest_readdir (void *d)
{
  return readdir (d);
}

static void
guest_closedir (void *d)
{
  closedir (d);
}

static int
guest_stat (const char *name, struct stat *st)
{
  int fd = sysroot_open (name, O_PATH, 0), r, err;

  if (fd == -1)
    return -1;
  r = fstat (fd, st);
  err = errno;
  close (fd);
  errno = err;
  return r;
}

char **
do_glob_expand (const char *pattern, int directoryslash)
{
  glob_t gl = {
    .gl_opendir = guest_opendir,
    .gl_readdir = guest_readdir,
    .gl_closedir = guest_closedir,
    .gl_stat = guest_stat,
    .gl_lstat = sysroot_lstat,
  };
  struct stringsbuf sb;
  size_t i, total = 0;
  char **r;
  int g;

  /* The default is to mark directories. */
  if (!(optargs_bitmask & GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH_BITMASK))
    directoryslash = 1;

  g = glob (pattern,
            GLOB_ALTDIRFUNC | GLOB_BRACE | (directoryslash ? GLOB_MARK : 0),
            NULL, &gl);
  if (g == GLOB_NOMATCH)
    gl.gl_pathc = 0;
  else if (g != 0) {
    reply_with_error_errno (g == GLOB_NOSPACE ? ENOMEM : EIO, "%s: %s",
                            pattern, g == GLOB_NOSPACE ? "out of memory"
                            : "reading a directory failed");
    globfree (&gl);
    return NULL;
  }

  stringsbuf_init (&sb);
  for (i = 0; i < gl.gl_pathc; ++i) {
    total += strlen (gl.gl_pathv[i]) + 1;
    if (total > GLOB_MAX_OUTPUT || sb.size >= PROTO_MAX_LIST) {
      reply_with_error_errno (E2BIG, "%s: too many matches for one reply",
                              pattern);
      stringsbuf_release (&sb);
      globfree (&gl);
      return NULL;
    }
    if (stringsbuf_add_string (&sb, gl.gl_pathv[i]) == -1) {
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      globfree (&gl);
      return NULL;
    }
  }
  globfree (&gl);
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}
