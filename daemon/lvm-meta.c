/* careen - offline disk-image toolkit */

/**
 * LVM metadata: vgmeta (a volume group's metadata text, as
 * vgcfgbackup writes it) and the deprecated vgscan.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* LVM's own limit on volume group names. */
#define VG_NAME_MAX 127

char *
do_vgmeta (const char *vgname, size_t *size_r)
{
  char dir[] = "/tmp/vgmeta.XXXXXX";
  char file[sizeof dir + 16];
  const char *args[] = { "vgcfgbackup", "-f", file, vgname, NULL };
  CLEANUP_FREE char *err = NULL;
  struct stat st;
  char *buf = NULL;
  size_t done = 0;
  int fd = -1;

  if (*vgname == '\0' || *vgname == '-' || strlen (vgname) > VG_NAME_MAX ||
      strchr (vgname, '/') != NULL) {
    reply_with_error_errno (EINVAL, "invalid volume group name: '%s'",
                            vgname);
    return NULL;
  }
  lvm_activate_lazily ();
  if (mkdtemp (dir) == NULL) {
    reply_with_perror ("mkdtemp");
    return NULL;
  }
  snprintf (file, sizeof file, "%s/meta", dir);
  if (lvm_command (NULL, &err, args) == -1) {
    command_error ("lvm vgcfgbackup", err);
    goto out;
  }
  fd = open (file, O_RDONLY | O_CLOEXEC);
  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", file);
    goto out;
  }
  if (st.st_size > DAEMON_MAX_READ) {
    reply_with_error_errno (EFBIG, "metadata of %s: %lld bytes, more than "
                            "one reply holds", vgname,
                            (long long) st.st_size);
    goto out;
  }
  buf = malloc (st.st_size > 0 ? st.st_size : 1);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    goto out;
  }
  while (done < (size_t) st.st_size) {
    ssize_t n = read (fd, buf + done, st.st_size - done);

    if (n <= 0) {
      if (n == 0)
        errno = EIO;
      reply_with_perror ("read: %s", file);
      free (buf);
      buf = NULL;
      goto out;
    }
    done += n;
  }
  *size_r = done;

 out:
  if (fd >= 0)
    close (fd);
  unlink (file);
  rmdir (dir);
  return buf;
}

int
do_vgscan (void)
{
  static const char *const args[] = { "vgscan", NULL };
  CLEANUP_FREE char *err = NULL;

  /* The groups found on the drives are active before anything else
   * runs (as after launch); the scan adds what appeared since.
   */
  lvm_activate_lazily ();
  if (lvm_command (NULL, &err, args) == -1)
    return command_error ("lvm vgscan", err);
  return 0;
}
