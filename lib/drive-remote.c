/** careen - offline disk-image toolkit
 *
 * Drives on network storage: add_drive's protocol, server, username
 * and secret.  Everything is checked when the drive is added (the
 * number and kind of servers each protocol takes, the shape of its
 * export or path, whether qemu has the driver), so that a mistake is
 * reported by add_drive rather than by qemu at launch.
 *
 * qemu opens the drive with its own block drivers.  Each piece of the
 * address is passed as its own -drive option (file.driver=nbd,
 * file.server.host=... ), never as a URL or "json:" string that qemu
 * would parse again, and commas in the values are doubled, so no
 * export or path name can add options of its own.  The secret goes
 * through a 0600 file in the handle's temporary directory, not on the
 * command line where other users could read it.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs-internal.h"

/* How many servers a protocol takes, and of which kind. */
enum servers_rule {
  NO_SERVER,                    /* file */
  ONE_SERVER,                   /* exactly one, TCP or unix */
  ONE_TCP_SERVER,               /* exactly one, TCP */
  ANY_TCP_SERVERS,              /* zero or more, TCP */
};

struct protocol_info {
  const char *name;
  enum servers_rule servers;
  int default_port;
  bool username;                /* takes a username */
  bool secret;                  /* takes a secret */
  const char *module;           /* qemu's block module, NULL: built in */
};

static const struct protocol_info protocols[] = {
  { "nbd",     ONE_SERVER,      10809, false, false, NULL },
  { "ssh",     ONE_TCP_SERVER,  22,    true,  false, "ssh" },
  { "http",    ONE_TCP_SERVER,  80,    true,  true,  "curl" },
  { "https",   ONE_TCP_SERVER,  443,   true,  true,  "curl" },
  { "ftp",     ONE_TCP_SERVER,  21,    true,  true,  "curl" },
  { "ftps",    ONE_TCP_SERVER,  990,   true,  true,  "curl" },
  { "iscsi",   ONE_TCP_SERVER,  3260,  true,  true,  "iscsi" },
  { "rbd",     ANY_TCP_SERVERS, 6789,  true,  true,  "rbd" },
  { "gluster", ONE_SERVER,      24007, false, false, "gluster" },
  { NULL }
};

/* Where Debian's and other distributions' qemu keep their modules. */
static const char *const module_dirs[] = {
  "/usr/lib/x86_64-linux-gnu/qemu",
  "/usr/lib64/qemu",
  "/usr/lib/qemu",
  NULL
};

static const struct protocol_info *
find_protocol (const char *name)
{
  size_t i;

  for (i = 0; protocols[i].name; ++i)
    if (strcmp (protocols[i].name, name) == 0)
      return &protocols[i];
  return NULL;
}

/* Whether qemu has the block module MODULE.  qemu loads it from
 * $QEMU_MODULE_DIR or its module directory: one stat() per drive, so
 * that adding a drive costs no qemu run.  When no module directory is
 * found at all, qemu was built with its drivers inside, and qemu itself
 * will say at launch if one is missing.
 */
static bool
have_module (guestfs_h *g, const char *module)
{
  const char *env = getenv ("QEMU_MODULE_DIR");
  char path[PATH_MAX];
  struct stat st;
  size_t i;

  if (env && *env) {
    snprintf (path, sizeof path, "%s/block-%s.so", env, module);
    return stat (path, &st) == 0;
  }
  for (i = 0; module_dirs[i]; ++i) {
    if (stat (module_dirs[i], &st) == -1 || !S_ISDIR (st.st_mode))
      continue;
    snprintf (path, sizeof path, "%s/block-%s.so", module_dirs[i], module);
    if (stat (path, &st) == 0)
      return true;
    debug (g, "add_drive: %s: not found", path);
    return false;
  }
  return true;
}

/* Parses one server string: "unix:/path", "tcp:HOST[:PORT]" or
 * "HOST[:PORT]", where HOST may be an IPv6 address in brackets.
 */
static int
parse_server (guestfs_h *g, const char *str, struct drive_server *srv)
{
  const char *host = str, *colon, *end;
  size_t hostlen;

  memset (srv, 0, sizeof *srv);
  if (strncmp (str, "unix:", 5) == 0) {
    if (str[5] != '/') {
      guestfs_int_error_errno (g, EINVAL, "server '%s': a unix socket "
                               "must be an absolute path", str);
      return -1;
    }
    srv->is_unix = true;
    srv->socket = strdup (str + 5);
    if (srv->socket == NULL)
      guestfs_int_oom (g);
    return 0;
  }
  if (strncmp (str, "tcp:", 4) == 0)
    host += 4;

  if (host[0] == '[') {
    end = strchr (host, ']');
    if (end == NULL || (end[1] != '\0' && end[1] != ':'))
      goto bad;
    ++host;
    hostlen = end - host;
    colon = end[1] == ':' ? end + 1 : NULL;
  }
  else {
    colon = strchr (host, ':');
    if (colon && strchr (colon + 1, ':'))
      goto bad;                 /* a bare IPv6 address: needs brackets */
    hostlen = colon ? (size_t) (colon - host) : strlen (host);
  }
  if (hostlen == 0)
    goto bad;

  if (colon) {
    char *endp;
    long port;

    errno = 0;
    port = strtol (colon + 1, &endp, 10);
    if (colon[1] == '\0' || *endp != '\0' || errno != 0 ||
        port < 1 || port > 65535) {
      guestfs_int_error_errno (g, EINVAL, "server '%s': invalid port", str);
      return -1;
    }
    srv->port = port;
  }
  srv->host = strndup (host, hostlen);
  if (srv->host == NULL)
    guestfs_int_oom (g);
  return 0;

 bad:
  guestfs_int_error_errno (g, EINVAL, "server '%s': expected tcp:HOST[:PORT], "
                           "HOST[:PORT] or unix:/PATH", str);
  return -1;
}

static void
free_servers (struct drive_server *servers, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    free (servers[i].host);
    free (servers[i].socket);
  }
  free (servers);
}

void
guestfs_int_drive_free_remote (struct drive *drv)
{
  free (drv->protocol);
  free_servers (drv->servers, drv->nr_servers);
  free (drv->username);
  if (drv->secret_file) {
    unlink (drv->secret_file);
    free (drv->secret_file);
  }
  drv->protocol = NULL;
  drv->servers = NULL;
  drv->nr_servers = 0;
  drv->username = drv->secret_file = NULL;
}

/* "a/b": both halves non-empty, nothing more than one slash. */
static int
split_two (guestfs_h *g, const char *protocol, const char *filename,
           const char *what)
{
  const char *slash = strchr (filename, '/');

  if (slash == NULL || slash == filename || slash[1] == '\0' ||
      strchr (slash + 1, '/') != NULL) {
    guestfs_int_error_errno (g, EINVAL, "%s: '%s' must have the form %s",
                             protocol, filename, what);
    return -1;
  }
  return 0;
}

static int
check_filename (guestfs_h *g, const char *protocol, const char *filename)
{
  if (strcmp (protocol, "nbd") == 0)
    return 0;                   /* the export name, "" the default */
  if (filename[0] == '\0') {
    guestfs_int_error_errno (g, EINVAL, "%s: the disk's path must not be "
                             "empty", protocol);
    return -1;
  }
  if (strcmp (protocol, "iscsi") == 0) {
    const char *slash = strrchr (filename, '/');

    if (slash == NULL || slash == filename || slash[1] == '\0' ||
        strspn (slash + 1, "0123456789") != strlen (slash + 1) ||
        strlen (slash + 1) > 5) {
      guestfs_int_error_errno (g, EINVAL, "iscsi: '%s' must have the form "
                               "TARGET-IQN/LUN", filename);
      return -1;
    }
    return 0;
  }
  if (strcmp (protocol, "rbd") == 0)
    return split_two (g, protocol, filename, "POOL/IMAGE");
  if (strcmp (protocol, "gluster") == 0) {
    const char *slash = strchr (filename, '/');

    if (slash == NULL || slash == filename || slash[1] == '\0') {
      guestfs_int_error_errno (g, EINVAL, "gluster: '%s' must have the "
                               "form VOLUME/PATH", filename);
      return -1;
    }
  }
  return 0;
}

/* Writes the secret where only this user can read it; qemu reads it
 * with -object secret,file=.
 */
static char *
write_secret (guestfs_h *g, const char *secret)
{
  const char *tmpdir = guestfs_int_lazy_make_tmpdir (g);
  static unsigned counter;
  char *path;
  size_t len = strlen (secret);
  int fd;

  if (tmpdir == NULL)
    return NULL;
  if (asprintf (&path, "%s/secret%u", tmpdir, ++counter) == -1)
    guestfs_int_oom (g);
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd == -1) {
    perrorf (g, "open: %s", path);
    free (path);
    return NULL;
  }
  if (write (fd, secret, len) != (ssize_t) len || close (fd) == -1) {
    perrorf (g, "write: %s", path);
    unlink (path);
    free (path);
    return NULL;
  }
  return path;
}

int
guestfs_int_drive_set_remote (guestfs_h *g, struct drive *drv,
                              const char *protocol, char *const *servers,
                              const char *username, const char *secret)
{
  const struct protocol_info *pi;
  size_t i, n = 0;

  if (strcmp (protocol, "file") == 0) {
    if ((servers && servers[0]) || username || secret) {
      guestfs_int_error_errno (g, EINVAL, "server, username and secret can "
                               "only be used with network protocols");
      return -1;
    }
    return 0;
  }
  if (strcmp (protocol, "tftp") == 0 || strcmp (protocol, "sheepdog") == 0) {
    guestfs_int_error_errno (g, ENOTSUP, "protocol '%s': qemu no longer "
                             "has a driver for it", protocol);
    return -1;
  }
  pi = find_protocol (protocol);
  if (pi == NULL) {
    guestfs_int_error_errno (g, EINVAL, "unknown protocol '%s' (known: file, "
                             "nbd, ssh, http, https, ftp, ftps, iscsi, rbd, "
                             "gluster)", protocol);
    return -1;
  }

  for (n = 0; servers && servers[n]; ++n)
    ;
  if (pi->servers != ANY_TCP_SERVERS && n != 1) {
    guestfs_int_error_errno (g, EINVAL, "%s: exactly one server must be "
                             "given (%zu given)", protocol, n);
    return -1;
  }
  if (username && !pi->username) {
    guestfs_int_error_errno (g, EINVAL, "%s: a username cannot be used with "
                             "this protocol", protocol);
    return -1;
  }
  if (secret && !pi->secret) {
    guestfs_int_error_errno (g, strcmp (protocol, "ssh") == 0 ? ENOTSUP : EINVAL,
                             "%s: a secret cannot be used with this "
                             "protocol%s", protocol,
                             strcmp (protocol, "ssh") == 0 ?
                             " (qemu's ssh driver logs in with ssh-agent "
                             "or your keys)" : "");
    return -1;
  }
  if (secret && !username && strcmp (protocol, "rbd") != 0) {
    guestfs_int_error_errno (g, EINVAL, "%s: a secret needs a username",
                             protocol);
    return -1;
  }
  if (check_filename (g, protocol, drv->filename) == -1)
    return -1;
  if (pi->module && !have_module (g, pi->module)) {
    guestfs_int_error_errno (g, ENOTSUP, "protocol '%s': qemu's '%s' block "
                             "driver is not installed (on Debian: the "
                             "qemu-block-extra package)", protocol,
                             pi->module);
    return -1;
  }

  drv->servers = calloc (n ? n : 1, sizeof *drv->servers);
  if (drv->servers == NULL)
    guestfs_int_oom (g);
  for (i = 0; i < n; ++i) {
    if (parse_server (g, servers[i], &drv->servers[i]) == -1)
      goto fail;
    drv->nr_servers++;
    if (drv->servers[i].is_unix && pi->servers != ONE_SERVER) {
      guestfs_int_error_errno (g, EINVAL, "%s: server '%s': this protocol "
                               "needs a TCP server", protocol, servers[i]);
      goto fail;
    }
    if (!drv->servers[i].is_unix && drv->servers[i].port == 0)
      drv->servers[i].port = pi->default_port;
  }
  drv->protocol = strdup (protocol);
  if (drv->protocol == NULL)
    guestfs_int_oom (g);
  if (username) {
    drv->username = strdup (username);
    if (drv->username == NULL)
      guestfs_int_oom (g);
  }
  if (secret) {
    drv->secret_file = write_secret (g, secret);
    if (drv->secret_file == NULL)
      goto fail;
  }
  return 0;

 fail:
  guestfs_int_drive_free_remote (drv);
  return -1;
}

/* Appends ",KEY=VALUE" to fp, doubling VALUE's commas (qemu's escape). */
static void
opt (FILE *fp, const char *key, const char *value)
{
  fprintf (fp, ",%s=", key);
  for (; *value; ++value) {
    if (*value == ',')
      fputc (',', fp);
    fputc (*value, fp);
  }
}

static void
optf (FILE *fp, const char *key, const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));

static void
optf (FILE *fp, const char *key, const char *fs, ...)
{
  va_list args;
  char *s;
  int r;

  va_start (args, fs);
  r = vasprintf (&s, fs, args);
  va_end (args);
  if (r == -1)
    abort ();
  opt (fp, key, s);
  free (s);
}

/* The server options of nbd and gluster (a SocketAddress at PREFIX). */
static void
socket_address (FILE *fp, const char *prefix, const struct drive_server *srv)
{
  char key[64];

  snprintf (key, sizeof key, "%s.type", prefix);
  opt (fp, key, srv->is_unix ? "unix" : "inet");
  if (srv->is_unix) {
    snprintf (key, sizeof key, "%s.path", prefix);
    opt (fp, key, srv->socket);
    return;
  }
  snprintf (key, sizeof key, "%s.host", prefix);
  opt (fp, key, srv->host);
  snprintf (key, sizeof key, "%s.port", prefix);
  optf (fp, key, "%d", srv->port);
}

/* A URL for qemu's curl driver.  The path is percent-encoded where URL
 * syntax needs it, so that it reaches the server as given.
 */
static void
curl_url (FILE *fp, const struct drive *drv)
{
  const struct drive_server *srv = &drv->servers[0];
  const bool v6 = strchr (srv->host, ':') != NULL;
  const char *p;
  char *url;
  size_t len;
  FILE *u = open_memstream (&url, &len);

  if (u == NULL)
    abort ();
  fprintf (u, "%s://%s%s%s:%d", drv->protocol, v6 ? "[" : "", srv->host,
           v6 ? "]" : "", srv->port);
  if (drv->filename[0] != '/')
    fputc ('/', u);
  for (p = drv->filename; *p; ++p) {
    unsigned char c = *p;

    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || strchr ("/-._~!$&'()*+,;=:@", c))
      fputc (c, u);
    else
      fprintf (u, "%%%02X", c);
  }
  if (fclose (u) != 0)
    abort ();
  opt (fp, "file.url", url);
  free (url);
}

char *
guestfs_int_drive_remote_file_opts (guestfs_h *g, const struct drive *drv,
                                    size_t index)
{
  const char *proto = drv->protocol;
  const struct drive_server *srv = drv->nr_servers ? &drv->servers[0] : NULL;
  char *ret = NULL;
  size_t len, i;
  FILE *fp = open_memstream (&ret, &len);
  char secret_id[32];

  if (fp == NULL)
    guestfs_int_oom (g);
  snprintf (secret_id, sizeof secret_id, "sec%zu", index);

  if (strcmp (proto, "nbd") == 0) {
    opt (fp, "file.driver", "nbd");
    socket_address (fp, "file.server", srv);
    if (drv->filename[0])
      opt (fp, "file.export", drv->filename);
  }
  else if (strcmp (proto, "ssh") == 0) {
    opt (fp, "file.driver", "ssh");
    opt (fp, "file.server.host", srv->host);
    optf (fp, "file.server.port", "%d", srv->port);
    opt (fp, "file.path", drv->filename);
    if (drv->username)
      opt (fp, "file.user", drv->username);
  }
  else if (strcmp (proto, "iscsi") == 0) {
    const char *slash = strrchr (drv->filename, '/');
    const bool v6 = strchr (srv->host, ':') != NULL;

    opt (fp, "file.driver", "iscsi");
    opt (fp, "file.transport", "tcp");
    optf (fp, "file.portal", "%s%s%s:%d", v6 ? "[" : "", srv->host,
          v6 ? "]" : "", srv->port);
    optf (fp, "file.target", "%.*s", (int) (slash - drv->filename),
          drv->filename);
    opt (fp, "file.lun", slash + 1);
    if (drv->username)
      opt (fp, "file.user", drv->username);
    if (drv->secret_file)
      opt (fp, "file.password-secret", secret_id);
  }
  else if (strcmp (proto, "rbd") == 0) {
    const char *slash = strchr (drv->filename, '/');

    opt (fp, "file.driver", "rbd");
    optf (fp, "file.pool", "%.*s", (int) (slash - drv->filename),
          drv->filename);
    opt (fp, "file.image", slash + 1);
    if (drv->username)
      opt (fp, "file.user", drv->username);
    if (drv->secret_file)
      opt (fp, "file.key-secret", secret_id);
    for (i = 0; i < drv->nr_servers; ++i) {
      char key[64];

      snprintf (key, sizeof key, "file.server.%zu.host", i);
      opt (fp, key, drv->servers[i].host);
      snprintf (key, sizeof key, "file.server.%zu.port", i);
      optf (fp, key, "%d", drv->servers[i].port);
    }
  }
  else if (strcmp (proto, "gluster") == 0) {
    const char *slash = strchr (drv->filename, '/');

    opt (fp, "file.driver", "gluster");
    optf (fp, "file.volume", "%.*s", (int) (slash - drv->filename),
          drv->filename);
    opt (fp, "file.path", slash + 1);
    socket_address (fp, "file.server.0", srv);
  }
  else {                        /* http, https, ftp, ftps */
    opt (fp, "file.driver", proto);
    curl_url (fp, drv);
    if (drv->username)
      opt (fp, "file.username", drv->username);
    if (drv->secret_file)
      opt (fp, "file.password-secret", secret_id);
  }

  if (fclose (fp) != 0)
    guestfs_int_oom (g);
  /* Without the leading comma: the caller puts it first. */
  memmove (ret, ret + 1, strlen (ret));
  return ret;
}
