/** careen - offline disk-image toolkit
 *
 * The -a URI forms of guestfish and the tools (nbd://, ssh://, http://
 * ...): what add_drive needs to open a remote disk.  Pure code, no
 * handle: tests/unit/test-options-uri.c tests it.
 */

#ifndef OPTIONS_URI_H
#define OPTIONS_URI_H

#include "guestfs.h"

/* A parsed -a URI.  Every field is a malloc'd copy, percent-decoded. */
struct options_uri {
  char *protocol;               /* add_drive's protocol: "nbd", "ssh" ... */
  char *path;                   /* add_drive's filename: export, path ... */
  char *server[2];              /* "tcp:HOST[:PORT]" or "unix:PATH", or
                                 * none; NULL-terminated */
  char *username;               /* or NULL */
  char *password;               /* or NULL: add_drive's secret */
};

/* Parses ARG.  Returns 1 and fills *uri for a remote URI; returns 0
 * for a local file (ARG has no "://"; or it is a file:// URI, whose
 * decoded path is then put in *local_path, else *local_path is NULL);
 * returns -1 with a malloc'd message in *error for a bad URI.
 */
extern int options_parse_uri (const char *arg, struct options_uri *uri,
                              char **local_path, char **error);

/* Frees the fields of *uri (not uri itself). */
extern void options_free_uri (struct options_uri *uri);

/* Sets add_drive's protocol, server, username and secret from *uri
 * (which must outlive args).
 */
extern void options_uri_add_args (const struct options_uri *uri,
                                  struct guestfs_add_drive_opts_argv *args);

#endif /* OPTIONS_URI_H */
