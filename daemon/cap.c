/* careen - offline disk-image toolkit */

/**
 * Linux file capabilities: cap_get_file and cap_set_file, through
 * getcap(8) and setcap(8) run on the host path of the safely resolved
 * guest path.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

char *
do_cap_get_file (const char *path)
{
  CLEANUP_FREE char *host = NULL, *out = NULL, *err = NULL;
  size_t n;
  char *caps, *r;

  if (require_program ("getcap") == -1)
    return NULL;
  host = sysroot_realpath (path);
  if (host == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (command (&out, &err, "getcap", "--", host, NULL) == -1) {
    if (err)
      sysroot_strip_line (err);
    command_error ("getcap", err);
    return NULL;
  }
  /* "HOSTPATH CAPS\n", or nothing when the file has none.  Older
   * getcap wrote "HOSTPATH = CAPS".
   */
  n = strlen (host);
  if (out[0] == '\0')
    caps = out;
  else if (strncmp (out, host, n) == 0 && out[n] == ' ') {
    caps = out + n + 1;
    if (strncmp (caps, "= ", 2) == 0)
      caps += 2;
  }
  else {
    reply_with_error ("%s: unexpected output from getcap: %s", path, out);
    return NULL;
  }
  caps[strcspn (caps, "\n")] = '\0';
  r = strdup (caps);
  if (r == NULL)
    reply_with_perror ("strdup");
  return r;
}

int
do_cap_set_file (const char *path, const char *cap)
{
  CLEANUP_FREE char *host = NULL, *err = NULL;
  struct stat st;

  if (require_program ("setcap") == -1)
    return -1;
  /* An argument starting with '-' would be taken as an option. */
  if (cap[0] == '\0' || cap[0] == '-') {
    reply_with_error_errno (EINVAL, "'%s': not a capability set", cap);
    return -1;
  }
  host = sysroot_realpath (path);
  if (host == NULL || stat (host, &st) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  /* Capabilities belong to executables: say so rather than let setcap
   * print its usage.
   */
  if (!S_ISREG (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a regular file", path);
    return -1;
  }
  if (command (NULL, &err, "setcap", cap, host, NULL) == -1) {
    if (err) {
      sysroot_strip_line (err);
      /* After "fatal error: ..." setcap prints its whole usage. */
      err[strcspn (err, "\n")] = '\0';
    }
    return command_error ("setcap", err);
  }
  return 0;
}
