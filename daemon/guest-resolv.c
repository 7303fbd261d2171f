/* careen - offline disk-image toolkit */

/**
 * The guest's /etc/resolv.conf while a guest program runs with the
 * appliance's network (guest-command.c): the guest's file names the
 * resolvers of the network the guest normally lives on, or is a link
 * to a file that some service of the guest writes at boot, so names
 * would not resolve on qemu's user network.  For the run, the guest's
 * entry (file, link or dangling link) is renamed aside and a copy of
 * the appliance's own resolv.conf takes its place; afterwards the copy
 * (or whatever the program left there) is removed and the guest's
 * entry renamed back.
 *
 * Everything goes through a descriptor of the guest's /etc, resolved
 * inside the guest (sysroot_open), so a hostile link cannot make the
 * daemon rename or write appliance files.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* The appliance's resolver configuration (written by init). */
#define APPLIANCE_RESOLV_CONF "/etc/resolv.conf"
/* Largest copy of it: init writes one line. */
#define RESOLV_CONF_MAX 4096

static int
copy_appliance_resolv_conf (int etcfd)
{
  char buf[RESOLV_CONF_MAX];
  ssize_t n;
  int in, out, err;

  in = open (APPLIANCE_RESOLV_CONF, O_RDONLY | O_CLOEXEC);
  if (in == -1)
    return -1;
  n = read (in, buf, sizeof buf);
  err = errno;
  close (in);
  if (n == -1) {
    errno = err;
    return -1;
  }
  out = openat (etcfd, "resolv.conf",
                O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (out == -1)
    return -1;
  if (write (out, buf, n) != n) {
    err = errno;
    close (out);
    unlinkat (etcfd, "resolv.conf", 0);
    errno = err;
    return -1;
  }
  return close (out);
}

int
guest_resolv_swap (struct guest_resolv *r)
{
  struct stat st;
  unsigned char rnd[6];
  size_t i;

  r->etcfd = -1;
  r->saved[0] = '\0';
  if (!network_is_up ())
    return 0;
  /* A guest without /etc has nothing to resolve names with anyway. */
  r->etcfd = sysroot_open ("/etc", O_PATH | O_DIRECTORY, 0);
  if (r->etcfd == -1)
    return 0;

  if (fstatat (r->etcfd, "resolv.conf", &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (getrandom (rnd, sizeof rnd, 0) != (ssize_t) sizeof rnd) {
      reply_with_perror ("getrandom");
      goto out_close;
    }
    strcpy (r->saved, "resolv.conf.careen-");
    for (i = 0; i < sizeof rnd; ++i)
      snprintf (r->saved + strlen (r->saved), 3, "%02x", rnd[i]);
    if (renameat2 (r->etcfd, "resolv.conf", r->etcfd, r->saved,
                   RENAME_NOREPLACE) == -1) {
      reply_with_perror ("rename /etc/resolv.conf to /etc/%s", r->saved);
      r->saved[0] = '\0';
      goto out_close;
    }
  }
  else if (errno != ENOENT) {
    reply_with_perror ("/etc/resolv.conf");
    goto out_close;
  }

  if (copy_appliance_resolv_conf (r->etcfd) == -1) {
    reply_with_perror ("write /etc/resolv.conf");
    guest_resolv_restore (r);
    return -1;
  }
  return 0;

 out_close:
  close (r->etcfd);
  r->etcfd = -1;
  return -1;
}

void
guest_resolv_restore (struct guest_resolv *r)
{
  if (r->etcfd == -1)
    return;
  if (unlinkat (r->etcfd, "resolv.conf", 0) == -1 && errno != ENOENT &&
      verbose)
    fprintf (stderr, "careen-daemon: remove /etc/resolv.conf: %m\n");
  if (r->saved[0] != '\0' &&
      renameat (r->etcfd, r->saved, r->etcfd, "resolv.conf") == -1)
    fprintf (stderr, "careen-daemon: rename /etc/%s back to "
             "/etc/resolv.conf: %m\n", r->saved);
  close (r->etcfd);
  r->etcfd = -1;
  r->saved[0] = '\0';
}
