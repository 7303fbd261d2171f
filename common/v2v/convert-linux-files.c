/* careen - offline disk-image toolkit
 * The guest file and program helpers the Linux converter's steps
 * share: configuration files read whole (bounded) and written back,
 * and guest programs run chrooted with their failure reported once.
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-linux.h"

bool
linux_is_file (guestfs_h *g, const char *path)
{
  int r;

  /* A missing file is the common case: no error message for it. */
  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_is_file_opts (g, path,
                            GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1, -1);
  guestfs_pop_error_handler (g);
  return r > 0;
}

const char *
linux_first_file (guestfs_h *g, const char *const *paths)
{
  size_t n;

  for (n = 0; paths[n] != NULL; ++n)
    if (linux_is_file (g, paths[n]))
      return paths[n];
  return NULL;
}

char *
linux_read_config (guestfs_h *g, const char *path, char **real_r,
                   bool *absent_r)
{
  CLEANUP_FREE char *real = NULL;
  struct guestfs_statns *st;
  char *content;
  size_t size;
  int64_t bytes;

  *absent_r = false;
  if (!linux_is_file (g, path)) {
    *absent_r = true;
    return NULL;
  }
  /* Resolved so that writing back replaces the file a symlink such as
   * /etc/grub.conf -> ../boot/grub/grub.conf names, not the link.
   */
  real = guestfs_realpath (g, path);
  if (real == NULL)
    return NULL;
  st = guestfs_statns (g, real);
  if (st == NULL)
    return NULL;
  bytes = st->st_size;
  guestfs_free_statns (st);
  if (bytes > LINUX_MAX_CONFIG_FILE) {
    v2v_error ("'%s' is larger than %d bytes: not editing it", path,
               LINUX_MAX_CONFIG_FILE);
    return NULL;
  }
  content = guestfs_read_file (g, real, &size);
  if (content == NULL)
    return NULL;
  /* read_file's buffer is NUL-terminated past size, but a file with an
   * embedded NUL is not a text configuration we can edit.
   */
  if (strlen (content) != size) {
    v2v_error ("'%s' contains a NUL byte: not editing it", path);
    free (content);
    return NULL;
  }
  if (real_r != NULL) {
    *real_r = real;
    real = NULL;
  }
  return content;
}

int
linux_write_config (guestfs_h *g, const char *path, const char *content)
{
  return guestfs_write (g, path, content, strlen (content));
}

static int
run_in_guest (struct linux_guest *lg, char *const *argv)
{
  CLEANUP_FREE char *out = NULL;
  int r;

  if (lg->o->verbose) {
    size_t n;

    fprintf (stderr, "%s: running in the guest:", v2v_program ());
    for (n = 0; argv[n] != NULL; ++n)
      fprintf (stderr, " %s", argv[n]);
    fputc ('\n', stderr);
  }
  /* The library's own message lacks what we were doing: the callers
   * say it, once, with the guest program's error.
   */
  guestfs_push_error_handler (lg->g, NULL, NULL);
  out = guestfs_command (lg->g, argv);
  guestfs_pop_error_handler (lg->g);
  r = out == NULL ? -1 : 0;
  if (lg->o->verbose && out != NULL && out[0] != '\0')
    fputs (out, stderr);
  return r;
}

static const char *
last_error (guestfs_h *g)
{
  const char *e = guestfs_last_error (g);

  return e ? e : "unknown error";
}

int
linux_run (struct linux_guest *lg, const char *what, char *const *argv)
{
  if (run_in_guest (lg, argv) == -1) {
    v2v_error ("%s: '%s' failed: %s", what, argv[0], last_error (lg->g));
    return -1;
  }
  return 0;
}

int
linux_try_run (struct linux_guest *lg, const char *what, char *const *argv)
{
  if (run_in_guest (lg, argv) == -1) {
    v2v_warning ("%s: '%s' failed: %s", what, argv[0], last_error (lg->g));
    return -1;
  }
  return 0;
}
