/* careen - offline disk-image toolkit */

/**
 * The appliance's own kernel: utsname, dmesg, drop_caches and
 * modprobe.  None of these looks at the guest.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "daemon.h"

/* syslog(2) actions (<sys/klog.h> gives only the call). */
#define KLOG_READ_ALL 3
#define KLOG_SIZE_BUFFER 10

/* Longest module name taken (the kernel's MODULE_NAME_LEN is 56). */
#define MODULE_NAME_MAX 64

struct guestfs_utsname *
do_utsname (void)
{
  struct guestfs_utsname *r;
  struct utsname u;

  if (uname (&u) == -1) {
    reply_with_perror ("uname");
    return NULL;
  }
  r = calloc (1, sizeof *r);
  if (r == NULL ||
      (r->uts_sysname = strdup (u.sysname)) == NULL ||
      (r->uts_release = strdup (u.release)) == NULL ||
      (r->uts_version = strdup (u.version)) == NULL ||
      (r->uts_machine = strdup (u.machine)) == NULL) {
    reply_with_perror ("strdup");
    guestfs_free_utsname (r);
    return NULL;
  }
  return r;
}

char *
do_dmesg (void)
{
  CLEANUP_FREE char *buf = NULL;
  int size, n, i, start = 0;
  size_t o = 0;
  char *out;

  size = klogctl (KLOG_SIZE_BUFFER, NULL, 0);
  if (size == -1) {
    reply_with_perror ("syslog");
    return NULL;
  }
  if (size <= 0)
    size = 1;
  buf = malloc (size);
  out = malloc ((size_t) size + 1);
  if (buf == NULL || out == NULL) {
    reply_with_perror ("malloc");
    free (out);
    return NULL;
  }
  n = klogctl (KLOG_READ_ALL, buf, size);
  if (n == -1) {
    reply_with_perror ("syslog");
    free (out);
    return NULL;
  }
  /* A log larger than a reply keeps its end, the newest messages. */
  if ((size_t) n > DAEMON_MAX_READ) {
    start = n - DAEMON_MAX_READ;
    while (start < n && buf[start - 1] != '\n')
      start++;
  }
  /* Each line starts with its level, "<6>", which dmesg(1) hides. */
  for (i = start; i < n; ) {
    if (buf[i] == '<') {
      int j = i + 1;

      while (j < n && j - i < 6 && buf[j] >= '0' && buf[j] <= '9')
        j++;
      if (j < n && j > i + 1 && buf[j] == '>')
        i = j + 1;
    }
    while (i < n && buf[i] != '\n')
      out[o++] = buf[i++];
    if (i < n)
      out[o++] = buf[i++];
  }
  out[o] = '\0';
  return out;
}

int
do_drop_caches (int whattodrop)
{
  char s[16];
  int fd, len;

  if (whattodrop < 1 || whattodrop > 3) {
    reply_with_error_errno (EINVAL, "%d: expected 1, 2 or 3", whattodrop);
    return -1;
  }
  /* Dirty pages cannot be dropped: write them first. */
  sync ();
  len = snprintf (s, sizeof s, "%d\n", whattodrop);
  fd = open ("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("/proc/sys/vm/drop_caches");
    return -1;
  }
  if (write (fd, s, len) != len) {
    reply_with_perror ("/proc/sys/vm/drop_caches");
    close (fd);
    return -1;
  }
  if (close (fd) == -1) {
    reply_with_perror ("/proc/sys/vm/drop_caches");
    return -1;
  }
  return 0;
}

int
do_modprobe (const char *modulename)
{
  CLEANUP_FREE char *err = NULL;
  size_t i, n = strlen (modulename);

  if (n == 0 || n > MODULE_NAME_MAX || modulename[0] == '-') {
    reply_with_error_errno (EINVAL, "'%s': not a module name", modulename);
    return -1;
  }
  for (i = 0; i < n; ++i) {
    char c = modulename[i];

    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_' || c == '-')) {
      reply_with_error_errno (EINVAL, "'%s': not a module name", modulename);
      return -1;
    }
  }
  if (require_program ("modprobe") == -1)
    return -1;
  if (command (NULL, &err, "modprobe", "--", modulename, NULL) == -1) {
    /* kmod has no distinct status for a module that is not there;
     * its message is the only way to tell that from a failed load.
     */
    if (err && strstr (err, "not found") != NULL) {
      reply_with_error_errno (ENOENT, "%s: no such module in the "
                              "appliance", modulename);
      return -1;
    }
    return command_error ("modprobe", err);
  }
  return 0;
}
