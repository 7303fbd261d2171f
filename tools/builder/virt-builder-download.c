/** careen - offline disk-image toolkit
 *
 * Fetching an index, a signature or a template.  file:// URIs and
 * plain paths are copied by us; http, https and ftp go to the curl
 * program (--curl), which does proxies, TLS and redirects as the user
 * has it set up.  The destination is always a new file of ours, so a
 * failed download leaves nothing that looks complete.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "stringsbuf.h"
#include "xalloc.h"
#include "virt-builder.h"

/* Read and write size of local copies. */
#define COPY_BUFFER (256 * 1024)

static bool
is_remote (const char *uri)
{
  return strncmp (uri, "http://", 7) == 0 ||
    strncmp (uri, "https://", 8) == 0 || strncmp (uri, "ftp://", 6) == 0;
}

char *
vb_resolve_uri (const char *base, const char *uri)
{
  const char *slash;
  char *r;

  if (strstr (uri, "://") != NULL || uri[0] == '/')
    return xstrdup (uri);
  slash = strrchr (base, '/');
  if (slash == NULL)
    return xstrdup (uri);
  if (asprintf (&r, "%.*s/%s", (int) (slash - base), base, uri) == -1)
    die_nomem ();
  return r;
}

/* The local path of a file:// URI (or a path): percent escapes are
 * decoded, so "file:///a%20b" is "/a b".
 */
static char *
local_path (const char *uri)
{
  const char *p = uri;
  char *r, *q;

  if (strncmp (p, "file://", 7) == 0) {
    p += 7;
    if (strncmp (p, "localhost/", 10) == 0)
      p += 9;
  }
  r = q = xstrdup (p);
  for (; *p; ++p) {
    unsigned int c;

    if (p[0] == '%' && p[1] && p[2] && sscanf (p + 1, "%2x", &c) == 1) {
      *q++ = c;
      p += 2;
    }
    else
      *q++ = *p;
  }
  *q = '\0';
  return r;
}

static int
copy_local (const char *uri, const char *dest)
{
  CLEANUP_FREE char *path = local_path (uri);
  CLEANUP_CLOSE int in = -1;
  CLEANUP_CLOSE int out = -1;
  CLEANUP_FREE char *buf = xmalloc (COPY_BUFFER);
  ssize_t r;

  in = open (path, O_RDONLY | O_CLOEXEC);
  if (in == -1) {
    vb_error ("%s: %m", path);
    return -1;
  }
  out = open (dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out == -1) {
    vb_error ("create: '%s': %m", dest);
    return -1;
  }
  while ((r = read (in, buf, COPY_BUFFER)) != 0) {
    ssize_t w, done = 0;

    if (r == -1) {
      if (errno == EINTR)
        continue;
      vb_error ("read: '%s': %m", path);
      return -1;
    }
    while (done < r) {
      w = write (out, buf + done, r - done);
      if (w == -1) {
        if (errno == EINTR)
          continue;
        vb_error ("write: '%s': %m", dest);
        return -1;
      }
      done += w;
    }
  }
  if (close (out) == -1) {
    out = -1;
    vb_error ("close: '%s': %m", dest);
    return -1;
  }
  out = -1;
  return 0;
}

static int
curl (const struct vb_opts *o, const char *uri, const char *proxy,
      const char *dest)
{
  CLEANUP_FREE_STRING_LIST char **cmd = vb_split_command (o->curl);
  CLEANUP_FREE_STRING_LIST char **argv = NULL;
  struct stringsbuf sb;
  size_t i;
  int status;

  if (cmd[0] == NULL) {
    vb_error ("--curl: no program given");
    return -1;
  }
  stringsbuf_init (&sb);
  for (i = 0; cmd[i]; ++i)
    if (stringsbuf_add_string (&sb, cmd[i]) == -1)
      die_nomem ();
  /* -f: an HTTP error is a failure, not a page saved as the file. */
  if (stringsbuf_add_string (&sb, "-f") == -1 ||
      stringsbuf_add_string (&sb, "-L") == -1 ||
      stringsbuf_add_string (&sb, o->quiet || !isatty (1) ? "-sS" : "-#") == -1)
    die_nomem ();
  if (proxy != NULL &&
      ((proxy[0] == '\0' &&
        (stringsbuf_add_string (&sb, "--noproxy") == -1 ||
         stringsbuf_add_string (&sb, "*") == -1)) ||
       (proxy[0] != '\0' &&
        (stringsbuf_add_string (&sb, "--proxy") == -1 ||
         stringsbuf_add_string (&sb, proxy) == -1))))
    die_nomem ();
  if (stringsbuf_add_string (&sb, "-o") == -1 ||
      stringsbuf_add_string (&sb, dest) == -1 ||
      stringsbuf_add_string (&sb, "--") == -1 ||
      stringsbuf_add_string (&sb, uri) == -1)
    die_nomem ();
  argv = stringsbuf_finish (&sb);
  if (argv == NULL)
    die_nomem ();
  vb_trace_command (o, argv);
  status = spawn_run (PROGRAM, argv);
  if (status == -1)
    return -1;
  if (status != 0) {
    vb_error ("download of '%s' failed (curl exit status %d)", uri, status);
    return -1;
  }
  return 0;
}

int
vb_download (const struct vb_opts *o, const char *uri, const char *proxy,
             const char *dest)
{
  int r;

  if (is_remote (uri))
    r = curl (o, uri, proxy, dest);
  else if (strstr (uri, "://") != NULL && strncmp (uri, "file://", 7) != 0) {
    vb_error ("%s: unsupported URI scheme (use file://, http://, https:// "
              "or ftp://)", uri);
    return -1;
  }
  else
    r = copy_local (uri, dest);
  if (r == -1)
    unlink (dest);
  return r;
}
