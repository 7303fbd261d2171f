/* careen - offline disk-image toolkit
 * The -a URI forms of guestfish and the tools: each URI and the
 * add_drive arguments it must give (guestfish(1) ADDING REMOTE STORAGE).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options-uri.h"

static int failures;

static const char *
str (const char *s)
{
  return s ? s : "(null)";
}

static int
same (const char *a, const char *b)
{
  return (a == NULL && b == NULL) || (a && b && strcmp (a, b) == 0);
}

/* A remote URI: protocol, path, server (or NULL), user, password. */
static void
remote (const char *arg, const char *protocol, const char *path,
        const char *server, const char *user, const char *password)
{
  struct options_uri uri;
  char *local, *error;
  int r = options_parse_uri (arg, &uri, &local, &error);

  if (r != 1) {
    fprintf (stderr, "FAIL: %s: returned %d (%s)\n", arg, r, str (error));
    failures++;
  }
  else if (!same (uri.protocol, protocol) || !same (uri.path, path) ||
           !same (uri.server[0], server) || uri.server[1] != NULL ||
           !same (uri.username, user) || !same (uri.password, password)) {
    fprintf (stderr, "FAIL: %s: got %s %s %s %s %s\n", arg,
             str (uri.protocol), str (uri.path), str (uri.server[0]),
             str (uri.username), str (uri.password));
    failures++;
  }
  options_free_uri (&uri);
  free (local);
  free (error);
}

/* A local file: LOCAL is the path a file:// URI names, or NULL when the
 * argument is used as it is.
 */
static void
file (const char *arg, const char *want)
{
  struct options_uri uri;
  char *local, *error;
  int r = options_parse_uri (arg, &uri, &local, &error);

  if (r != 0 || !same (local, want)) {
    fprintf (stderr, "FAIL: %s: returned %d, local %s (%s)\n", arg, r,
             str (local), str (error));
    failures++;
  }
  options_free_uri (&uri);
  free (local);
  free (error);
}

/* A bad URI: the message must name it. */
static void
bad (const char *arg)
{
  struct options_uri uri;
  char *local, *error;
  int r = options_parse_uri (arg, &uri, &local, &error);

  if (r != -1 || error == NULL || strstr (error, arg) == NULL ||
      uri.protocol != NULL || local != NULL) {
    fprintf (stderr, "FAIL: %s: returned %d (%s), should be refused\n",
             arg, r, str (error));
    failures++;
  }
  options_free_uri (&uri);
  free (local);
  free (error);
}

int
main (void)
{
  file ("disk.img", NULL);
  file ("/tmp/nbd:x:1", NULL);
  file ("file:///tmp/disk.img", "/tmp/disk.img");
  file ("file:///tmp/a%20b.img", "/tmp/a b.img");
  file ("file://localhost/tmp/d.img", "/tmp/d.img");

  remote ("nbd://example.com", "nbd", "", "tcp:example.com", NULL, NULL);
  remote ("nbd://example.com:10810/", "nbd", "", "tcp:example.com:10810",
          NULL, NULL);
  remote ("nbd://example.com:3000/exp", "nbd", "exp",
          "tcp:example.com:3000", NULL, NULL);
  remote ("nbd://?socket=/tmp/s", "nbd", "", "unix:/tmp/s", NULL, NULL);
  remote ("nbd:///exp?socket=/tmp/s", "nbd", "exp", "unix:/tmp/s",
          NULL, NULL);
  remote ("nbd+unix:///exp?socket=/tmp/a%2Cb", "nbd", "exp",
          "unix:/tmp/a,b", NULL, NULL);
  remote ("nbd://[::1]:10809", "nbd", "", "tcp:[::1]:10809", NULL, NULL);
  remote ("NBD://127.0.0.1", "nbd", "", "tcp:127.0.0.1", NULL, NULL);
  remote ("ssh://root@example.com/disk.img", "ssh", "/disk.img",
          "tcp:example.com", "root", NULL);
  remote ("ssh://user:pass%40word@example.com:2222/d", "ssh", "/d",
          "tcp:example.com:2222", "user", "pass@word");
  remote ("http://example.com/a%20b/disk.img", "http", "/a b/disk.img",
          "tcp:example.com", NULL, NULL);
  remote ("https://u@example.com:8443/d.img", "https", "/d.img",
          "tcp:example.com:8443", "u", NULL);
  remote ("ftp://example.com/d.img", "ftp", "/d.img", "tcp:example.com",
          NULL, NULL);
  remote ("ftps://example.com/d.img", "ftps", "/d.img", "tcp:example.com",
          NULL, NULL);
  remote ("iscsi://example.com:3000/iqn.2001-04.com.example:t/0", "iscsi",
          "iqn.2001-04.com.example:t/0", "tcp:example.com:3000", NULL, NULL);
  remote ("rbd:///pool/disk", "rbd", "pool/disk", NULL, NULL, NULL);
  remote ("rbd://example.com:6789/pool/disk", "rbd", "pool/disk",
          "tcp:example.com:6789", NULL, NULL);
  remote ("gluster://example.com/vol/img", "gluster", "vol/img",
          "tcp:example.com", NULL, NULL);

  bad ("gopher://example.com/d");
  bad ("://x");
  bad ("nbd://example.com:99999");
  bad ("nbd://example.com:port");
  bad ("nbd://example.com?socket=/tmp/s");
  bad ("nbd://?socket=relative");
  bad ("nbd+unix:///exp");
  bad ("ssh://example.com/d?x=1");
  bad ("http://example.com/d#frag");
  bad ("http://example.com/a%2");
  bad ("http://example.com/a%00b");
  bad ("http://example.com/a%zzb");
  bad ("ssh://u:p%4@example.com/d");
  bad ("nbd://[::1/");
  bad ("file://otherhost/tmp/d.img");
  bad ("file://");

  if (failures) {
    fprintf (stderr, "%d failures\n", failures);
    return 1;
  }
  printf ("all URI cases passed\n");
  return 0;
}
