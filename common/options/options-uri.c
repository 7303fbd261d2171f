/** careen - offline disk-image toolkit
 *
 * Parses the -a URI forms (guestfish(1) "ADDING REMOTE STORAGE"):
 *
 *   nbd://HOST[:PORT][/EXPORT]        nbd+unix:///[EXPORT]?socket=PATH
 *   ssh://[USER@]HOST[:PORT]/PATH     http(s)://, ftp(s)://: the same
 *   iscsi://HOST[:PORT]/TARGET-IQN[/LUN]
 *   rbd:///POOL/IMAGE                 rbd://HOST[:PORT]/POOL/IMAGE
 *   gluster://HOST[:PORT]/VOLUME/PATH file:///PATH (a local file)
 *
 * RFC 3986 syntax: the user, password, host and path are
 * percent-decoded, so "ssh://u:pa%40ss@h/d" has the password "pa@ss".
 * The protocol's own rules (how many servers, what the path looks like)
 * are add_drive's to check: this only takes the URI apart.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "options-uri.h"

static int
fail (char **error, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));

static int
fail (char **error, const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  if (vasprintf (error, fs, args) == -1)
    *error = NULL;
  va_end (args);
  return -1;
}

/* Decodes N bytes at S into a new string, or NULL when a % escape is
 * broken or decodes to a NUL byte (which no C string can carry).
 */
static char *
decode (const char *s, size_t n)
{
  char *r = malloc (n + 1), *p = r;
  size_t i;

  if (r == NULL)
    return NULL;
  for (i = 0; i < n; ++i) {
    if (s[i] == '%') {
      int hi, lo;

      if (i + 2 >= n)
        goto bad;
      hi = hex_digit_value (s[i + 1]);
      lo = hex_digit_value (s[i + 2]);
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
        goto bad;
      *p++ = hi * 16 + lo;
      i += 2;
    }
    else
      *p++ = s[i];
  }
  *p = '\0';
  return r;

 bad:
  free (r);
  return NULL;
}

void
options_free_uri (struct options_uri *uri)
{
  free (uri->protocol);
  free (uri->path);
  free (uri->server[0]);
  free (uri->username);
  if (uri->password) {
    explicit_bzero (uri->password, strlen (uri->password));
    free (uri->password);
  }
  memset (uri, 0, sizeof *uri);
}

static const char *const schemes[] = {
  "nbd", "nbd+unix", "nbd+tcp", "ssh", "http", "https", "ftp", "ftps",
  "iscsi", "rbd", "gluster", "tftp", "sheepdog", NULL
};

/* Protocols whose add_drive filename has no leading slash (an export,
 * "POOL/IMAGE", "VOLUME/PATH", "TARGET/LUN").
 */
static bool
strip_slash (const char *protocol)
{
  return strcmp (protocol, "nbd") == 0 || strcmp (protocol, "iscsi") == 0 ||
    strcmp (protocol, "rbd") == 0 || strcmp (protocol, "gluster") == 0 ||
    strcmp (protocol, "sheepdog") == 0;
}

int
options_parse_uri (const char *arg, struct options_uri *uri,
                   char **local_path, char **error)
{
  const char *sep = strstr (arg, "://");
  const char *auth, *auth_end, *path, *path_end, *query, *at, *hp, *port;
  char *host = NULL, *socket = NULL, *scheme = NULL;
  size_t i, schemelen;
  bool unix_scheme;

  memset (uri, 0, sizeof *uri);
  *local_path = NULL;
  *error = NULL;
  if (sep == NULL)
    return 0;

  schemelen = sep - arg;
  if (schemelen == 0 ||
      strspn (arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
              "0123456789+-.") != schemelen)
    return fail (error, "%s: not a URI: bad scheme", arg);
  scheme = strndup (arg, schemelen);
  if (scheme == NULL)
    goto oom;
  for (i = 0; scheme[i]; ++i)
    if (scheme[i] >= 'A' && scheme[i] <= 'Z')
      scheme[i] += 'a' - 'A';

  auth = sep + 3;
  auth_end = auth + strcspn (auth, "/?#");
  path = auth_end;
  path_end = path + strcspn (path, "?#");
  query = *path_end == '?' ? path_end + 1 : NULL;
  if (strchr (arg, '#')) {
    fail (error, "%s: a URI fragment (#...) means nothing here", arg);
    goto error;
  }

  if (strcmp (scheme, "file") == 0) {
    if (auth_end != auth && strncmp (auth, "localhost/", 10) != 0) {
      fail (error, "%s: a file:// URI names a local file (file:///PATH)",
            arg);
      goto error;
    }
    if (query) {
      fail (error, "%s: a file:// URI takes no query", arg);
      goto error;
    }
    *local_path = decode (path, path_end - path);
    if (*local_path == NULL || **local_path == '\0') {
      fail (error, "%s: bad file path", arg);
      goto error;
    }
    free (scheme);
    return 0;
  }

  for (i = 0; schemes[i]; ++i)
    if (strcmp (scheme, schemes[i]) == 0)
      break;
  if (schemes[i] == NULL) {
    fail (error, "%s: unknown protocol '%s' (known: file, nbd, nbd+unix, "
          "ssh, http, https, ftp, ftps, iscsi, rbd, gluster)", arg, scheme);
    goto error;
  }
  unix_scheme = strcmp (scheme, "nbd+unix") == 0;
  uri->protocol = strdup (strncmp (scheme, "nbd", 3) == 0 ? "nbd" : scheme);
  if (uri->protocol == NULL)
    goto oom;

  /* The authority: [user[:password]@]host[:port] */
  at = memrchr (auth, '@', auth_end - auth);
  hp = auth;
  if (at) {
    const char *colon = memchr (auth, ':', at - auth);

    uri->username = decode (auth, (colon ? colon : at) - auth);
    if (colon)
      uri->password = decode (colon + 1, at - colon - 1);
    if (uri->username == NULL || (colon && uri->password == NULL)) {
      fail (error, "%s: bad user or password (percent-encoding)", arg);
      goto error;
    }
    hp = at + 1;
  }
  if (*hp == '[') {
    const char *close = memchr (hp, ']', auth_end - hp);

    if (close == NULL || (close + 1 != auth_end && close[1] != ':')) {
      fail (error, "%s: bad IPv6 address", arg);
      goto error;
    }
    port = close + 1 != auth_end ? close + 1 : NULL;
    if (asprintf (&host, "[%.*s]", (int) (close - hp - 1), hp + 1) == -1)
      goto oom;
  }
  else {
    port = memchr (hp, ':', auth_end - hp);
    host = decode (hp, (port ? port : auth_end) - hp);
    if (host == NULL) {
      fail (error, "%s: bad host name", arg);
      goto error;
    }
  }
  if (port) {
    size_t n = auth_end - port - 1;

    if (n == 0 || n > 5 || strspn (port + 1, "0123456789") < n ||
        atoi (port + 1) < 1 || atoi (port + 1) > 65535) {
      fail (error, "%s: bad port", arg);
      goto error;
    }
  }

  /* The query: only nbd's socket=PATH. */
  if (query) {
    if (strncmp (uri->protocol, "nbd", 3) != 0 ||
        strncmp (query, "socket=", 7) != 0 || strchr (query, '&')) {
      fail (error, "%s: the only query a URI can have is nbd's "
            "?socket=PATH", arg);
      goto error;
    }
    socket = decode (query + 7, strlen (query + 7));
    if (socket == NULL || socket[0] != '/') {
      fail (error, "%s: the socket must be an absolute path", arg);
      goto error;
    }
  }
  if (unix_scheme && socket == NULL) {
    fail (error, "%s: nbd+unix needs ?socket=PATH", arg);
    goto error;
  }

  if (socket) {
    if (host[0] != '\0' || port) {
      fail (error, "%s: give either a host or a socket, not both", arg);
      goto error;
    }
    if (asprintf (&uri->server[0], "unix:%s", socket) == -1)
      goto oom;
  }
  else if (host[0] != '\0') {
    if (asprintf (&uri->server[0], "tcp:%s%.*s", host,
                  port ? (int) (auth_end - port) : 0, port ? port : "") == -1)
      goto oom;
  }
  else if (port) {
    fail (error, "%s: a port without a host", arg);
    goto error;
  }

  if (strip_slash (uri->protocol) && *path == '/')
    ++path;
  uri->path = decode (path, path_end - path);
  if (uri->path == NULL) {
    fail (error, "%s: bad path (percent-encoding)", arg);
    goto error;
  }

  free (host);
  free (socket);
  free (scheme);
  return 1;

 oom:
  fail (error, "%s: %s", arg, strerror (ENOMEM));
 error:
  free (host);
  free (socket);
  free (scheme);
  options_free_uri (uri);
  free (*local_path);
  *local_path = NULL;
  return -1;
}

void
options_uri_add_args (const struct options_uri *uri,
                      struct guestfs_add_drive_opts_argv *args)
{
  args->bitmask |= GUESTFS_ADD_DRIVE_OPTS_PROTOCOL_BITMASK;
  args->protocol = uri->protocol;
  if (uri->server[0]) {
    args->bitmask |= GUESTFS_ADD_DRIVE_OPTS_SERVER_BITMASK;
    args->server = (char *const *) uri->server;
  }
  if (uri->username) {
    args->bitmask |= GUESTFS_ADD_DRIVE_OPTS_USERNAME_BITMASK;
    args->username = uri->username;
  }
  if (uri->password) {
    args->bitmask |= GUESTFS_ADD_DRIVE_OPTS_SECRET_BITMASK;
    args->secret = uri->password;
  }
}
