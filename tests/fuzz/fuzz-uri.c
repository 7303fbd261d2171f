/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the -a URI parser (common/options/options-uri.c)
 * and what a parsed URI becomes: add_drive's checks of the protocol,
 * servers and path (lib/drive-remote.c) and the -drive options qemu is
 * given for it.  A URI may come from a script or a web page a user
 * pastes from, so it is untrusted text.
 *
 * The input is the -a argument.  The parser's promises are checked (a
 * result or an error, never both; fields only as the result says), and
 * a remote URI is added to a handle read-only, as the tools add it.
 * The qemu options made for an accepted drive must be only file.*
 * keys, each value's commas doubled: a URI must never add an option of
 * its own choosing (file=, backing=, driver=) to qemu's command line.
 */

#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "guestfs-internal.h"
#include "options-uri.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guestfs_h *g;

/* The options made for a drive must be KEY=VALUE pairs separated by
 * single commas, every key a file.* one.
 */
static void
check_file_opts (const char *opts)
{
  const char *p = opts;

  while (*p) {
    if (strncmp (p, "file.", 5) != 0)
      abort ();
    p = strchr (p, '=');
    if (p == NULL)
      abort ();
    /* The value ends at the first comma that is not doubled. */
    for (++p; *p; ++p)
      if (*p == ',') {
        if (p[1] != ',')
          break;
        ++p;
      }
    if (*p == ',')
      ++p;
  }
}

static void
add_remote (const struct options_uri *uri)
{
  struct guestfs_add_drive_opts_argv args = { .bitmask = 0 };
  char *opts;

  options_uri_add_args (uri, &args);
  /* A secret would go to a file on disk for each input: not the
   * parser's business.
   */
  args.bitmask &= ~GUESTFS_ADD_DRIVE_OPTS_SECRET_BITMASK;
  args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK;
  args.readonly = 1;
  if (guestfs_add_drive_opts_argv (g, uri->path, &args) == -1)
    return;
  if (g->drives.len != 1)
    abort ();
  opts = guestfs_int_drive_remote_file_opts (g, g->drives.ptr[0], 0);
  check_file_opts (opts);
  free (opts);
  guestfs_int_free_drives (g);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct options_uri uri;
  char *arg, *local, *error;
  int r;

  if (g == NULL) {
    g = guestfs_create ();
    if (g == NULL)
      abort ();
    guestfs_set_error_handler (g, NULL, NULL);
  }
  if (memchr (data, '\0', size))
    return 0;                   /* no command-line argument holds a NUL */
  arg = strndup ((const char *) data, size);
  if (arg == NULL)
    abort ();

  r = options_parse_uri (arg, &uri, &local, &error);
  switch (r) {
  case -1:
    if (error == NULL || local != NULL || uri.protocol || uri.path)
      abort ();
    break;
  case 0:
    if (error != NULL || uri.protocol || uri.path ||
        (local && local[0] == '\0'))
      abort ();
    break;
  case 1:
    if (error != NULL || local != NULL || uri.protocol == NULL ||
        uri.path == NULL || uri.server[1] != NULL ||
        (uri.server[0] && strncmp (uri.server[0], "unix:/", 6) != 0 &&
         strncmp (uri.server[0], "tcp:", 4) != 0))
      abort ();
    add_remote (&uri);
    break;
  default:
    abort ();
  }
  options_free_uri (&uri);
  free (local);
  free (error);
  free (arg);
  return 0;
}
