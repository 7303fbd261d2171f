/* careen - offline disk-image toolkit
 * The customize operations on guest files (--write, --append-line,
 * --upload, --copy-in, --copy, --move, --mkdir, --delete, --touch,
 * --chmod, --chown, --link, --scrub, --truncate, --truncate-recursive,
 * --edit), and the helpers that read and replace a whole guest file
 * through private host files.
 *
 * Every guest path goes to the library as it is: the daemon resolves
 * it inside the guest root, so a hostile symlink cannot point a write
 * outside the guest.  Errors of library calls are printed by the
 * handle's error handler (options_create_handle leaves it on).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "xalloc.h"
#include "customize-internal.h"
#include "edit-expr.h"
#include "spawn.h"

/* Bytes of zeroes written by one pwrite call of --scrub: well under the
 * protocol's message limit.
 */
#define SCRUB_CHUNK (256 * 1024)

/* A new private directory on the host for temporary files; NULL after
 * printing an error.
 */
static char *
make_tmpdir (const struct customize_ops *ops)
{
  const char *t = getenv ("TMPDIR");
  char *dir = NULL;

  if (asprintf (&dir, "%s/customizeXXXXXX", t && *t ? t : "/tmp") == -1) {
    perror ("asprintf");
    return NULL;
  }
  if (mkdtemp (dir) == NULL) {
    fprintf (stderr, "%s: mkdtemp: %s: %m\n", ops->program, dir);
    free (dir);
    return NULL;
  }
  return dir;
}

/* Reads the whole host file FILE (at most MAX bytes).  NULL after
 * printing an error.
 */
static char *
read_host_file (const struct customize_ops *ops, const char *file,
                size_t max, size_t *size_r)
{
  CLEANUP_CLOSE int fd = open (file, O_RDONLY | O_CLOEXEC);
  struct stat st;
  char *buf;
  size_t got = 0;

  if (fd == -1 || fstat (fd, &st) == -1) {
    fprintf (stderr, "%s: open: %s: %m\n", ops->program, file);
    return NULL;
  }
  if (st.st_size < 0 || (size_t) st.st_size > max) {
    fprintf (stderr, "%s: %s: file too large (most %zu bytes)\n",
             ops->program, file, max);
    return NULL;
  }
  buf = malloc (st.st_size + 1);
  if (buf == NULL) {
    perror ("malloc");
    return NULL;
  }
  while (got < (size_t) st.st_size) {
    ssize_t n = read (fd, buf + got, st.st_size - got);

    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0) {
      fprintf (stderr, "%s: read: %s: %s\n", ops->program, file,
               n == 0 ? "file shrank" : strerror (errno));
      free (buf);
      return NULL;
    }
    got += n;
  }
  buf[got] = '\0';
  *size_r = got;
  return buf;
}

char *
customize_read_guest_file (guestfs_h *g, const struct customize_ops *ops,
                           const char *file, bool missing_ok,
                           size_t *size_r)
{
  CLEANUP_FREE char *dir = NULL, *local = NULL;
  int64_t size;
  char *buf;
  int e;

  if (missing_ok) {
    e = guestfs_exists (g, file);

    if (e == -1)
      return NULL;
    if (e == 0) {
      *size_r = 0;
      buf = strdup ("");
      if (buf == NULL)
        perror ("strdup");
      return buf;
    }
  }
  /* Only a regular file: a device node or a FIFO planted by the guest
   * would stream without end into the host's temporary file.
   */
  e = guestfs_is_file_opts (g, file, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1,
                            -1);
  if (e == -1)
    return NULL;
  if (e == 0) {
    fprintf (stderr, "%s: %s: not a regular file in the guest\n",
             ops->program, file);
    return NULL;
  }
  size = guestfs_filesize (g, file);
  if (size == -1)
    return NULL;
  if (size > CUSTOMIZE_MAX_TEXT_FILE) {
    fprintf (stderr, "%s: %s: file too large in the guest (most %d "
             "bytes)\n", ops->program, file, CUSTOMIZE_MAX_TEXT_FILE);
    return NULL;
  }
  dir = make_tmpdir (ops);
  if (dir == NULL)
    return NULL;
  if (asprintf (&local, "%s/file", dir) == -1) {
    perror ("asprintf");
    rmdir (dir);
    return NULL;
  }
  /* Through a file, not read_file: the -x trace of a download names
   * the files, never the contents (/etc/shadow).
   */
  if (guestfs_download (g, file, local) == -1)
    buf = NULL;
  else
    /* The guest may have grown the file between the two calls. */
    buf = read_host_file (ops, local, CUSTOMIZE_MAX_TEXT_FILE, size_r);
  unlink (local);
  rmdir (dir);
  return buf;
}

/* Writes DATA to a new 0600 host file PATH.  0, or -1 (printed). */
static int
write_host_file (const struct customize_ops *ops, const char *path,
                 const char *data, size_t len)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  size_t done = 0;

  if (fd == -1) {
    fprintf (stderr, "%s: open: %s: %m\n", ops->program, path);
    return -1;
  }
  while (done < len) {
    ssize_t n = write (fd, data + done, len - done);

    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1) {
      fprintf (stderr, "%s: write: %s: %m\n", ops->program, path);
      close (fd);
      return -1;
    }
    done += n;
  }
  if (close (fd) == -1) {
    fprintf (stderr, "%s: close: %s: %m\n", ops->program, path);
    return -1;
  }
  return 0;
}

/* Puts the host file LOCAL in place of the guest FILE: uploaded to a
 * new guest temporary file of the same directory (mode 0600 from the
 * start), given the owner and mode of the file it replaces (or MODE),
 * then renamed over it, so a crash leaves the old file or the new one.
 */
static int
replace_guest_file (guestfs_h *g, const char *file, const char *local,
                    unsigned mode)
{
  CLEANUP_FREE char *path = NULL, *tmpl = NULL, *tmp = NULL;
  struct guestfs_statns *st = NULL;
  const char *slash;
  int e, r = -1;

  e = guestfs_exists (g, file);
  if (e == -1)
    return -1;
  /* Through a symlink to its target: the link stays a link. */
  path = e ? guestfs_realpath (g, file) : strdup (file);
  if (path == NULL)
    return -1;
  if (e) {
    st = guestfs_statns (g, path);
    if (st == NULL)
      return -1;
  }
  slash = strrchr (path, '/');
  if (asprintf (&tmpl, "%.*s/.customizeXXXXXX", (int) (slash - path),
                path) == -1) {
    perror ("asprintf");
    goto out;
  }
  tmp = guestfs_mktemp (g, tmpl, -1);
  if (tmp == NULL)
    goto out;
  /* chown before chmod: changing the owner clears setuid bits. */
  if (guestfs_upload (g, local, tmp) == -1 ||
      (st && guestfs_chown (g, st->st_uid, st->st_gid, tmp) == -1) ||
      guestfs_chmod (g, st ? st->st_mode & 07777 : mode, tmp) == -1 ||
      guestfs_mv (g, tmp, path) == -1) {
    guestfs_push_error_handler (g, NULL, NULL);
    guestfs_rm_f (g, tmp);
    guestfs_pop_error_handler (g);
    goto out;
  }
  r = 0;
 out:
  guestfs_free_statns (st);
  return r;
}

int
customize_write_guest_file (guestfs_h *g, const struct customize_ops *ops,
                            const char *file, const char *data, size_t len,
                            unsigned mode)
{
  CLEANUP_FREE char *dir = NULL, *local = NULL;
  int r = -1;

  dir = make_tmpdir (ops);
  if (dir == NULL)
    return -1;
  if (asprintf (&local, "%s/file", dir) == -1)
    perror ("asprintf");
  else if (write_host_file (ops, local, data, len) == 0)
    r = replace_guest_file (g, file, local, mode);
  if (local) {
    /* The file may have held a password hash. */
    int fd = open (local, O_WRONLY | O_TRUNC | O_CLOEXEC);

    if (fd >= 0)
      close (fd);
    unlink (local);
  }
  rmdir (dir);
  return r;
}

/* Runs ARGV on the host and waits.  0 if it exited with 0, else -1
 * (printed, naming WHAT).
 */
static int
run_host (const struct customize_ops *ops, const char *what,
          char *const argv[])
{
  int status = spawn_run (ops->program, argv);

  if (status > 0)
    fprintf (stderr, "%s: %s failed\n", ops->program, what);
  return status == 0 ? 0 : -1;
}

/* --append-line: a newline first if the file does not end with one,
 * using the file's own line ending (CRLF if it has any).
 */
static int
append_line (guestfs_h *g, const struct customize_ops *ops,
             const struct customize_op *op)
{
  CLEANUP_FREE char *old = NULL, *add = NULL;
  size_t len;
  const char *nl;
  int n;

  old = customize_read_guest_file (g, ops, op->a, true, &len);
  if (old == NULL)
    return -1;
  nl = strstr (old, "\r\n") ? "\r\n" : "\n";
  n = asprintf (&add, "%s%s%s",
                len > 0 && old[len - 1] != '\n' ? nl : "", op->b, nl);
  if (n == -1) {
    perror ("asprintf");
    return -1;
  }
  if (len == 0)
    return guestfs_write (g, op->a, add, n);
  return guestfs_write_append (g, op->a, add, n);
}

/* --upload: into DEST, or into the directory DEST under the host
 * file's name; the host file's mode and owner come along, as the
 * original documents.
 */
static int
upload (guestfs_h *g, const struct customize_ops *ops,
        const struct customize_op *op)
{
  CLEANUP_FREE char *copy = strdup (op->a), *dest = NULL;
  struct stat st;
  int d;

  if (copy == NULL) {
    perror ("strdup");
    return -1;
  }
  if (stat (op->a, &st) == -1) {
    fprintf (stderr, "%s: --upload: %s: %m\n", ops->program, op->a);
    return -1;
  }
  /* A link to a directory (/lib64 -> usr/lib64) is a directory here. */
  d = guestfs_is_dir_opts (g, op->b, GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS, 1,
                           -1);
  if (d == -1)
    return -1;
  if (d && asprintf (&dest, "%s%s%s", op->b,
                     op->b[strlen (op->b) - 1] == '/' ? "" : "/",
                     basename (copy)) == -1) {
    perror ("asprintf");
    return -1;
  }
  if (guestfs_upload (g, op->a, d ? dest : op->b) == -1 ||
      guestfs_chown (g, st.st_uid, st.st_gid, d ? dest : op->b) == -1 ||
      guestfs_chmod (g, st.st_mode & 07777, d ? dest : op->b) == -1)
    return -1;
  return 0;
}

/* --copy-in: the host tar(1) packs the local path (file or tree) and
 * tar_in unpacks it in the guest directory, which must exist.
 */
static int
copy_in (guestfs_h *g, const struct customize_ops *ops,
         const struct customize_op *op)
{
  CLEANUP_FREE char *dir = NULL, *tarfile = NULL, *c1 = strdup (op->a),
    *c2 = strdup (op->a);
  int d, r = -1;

  if (c1 == NULL || c2 == NULL) {
    perror ("strdup");
    return -1;
  }
  /* A link to a directory (/lib64 -> usr/lib64) is a directory here. */
  d = guestfs_is_dir_opts (g, op->b, GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS, 1,
                           -1);
  if (d == -1)
    return -1;
  if (d == 0) {
    fprintf (stderr, "%s: --copy-in: %s: not a directory in the guest\n",
             ops->program, op->b);
    return -1;
  }
  dir = make_tmpdir (ops);
  if (dir == NULL)
    return -1;
  if (asprintf (&tarfile, "%s/in.tar", dir) == -1)
    perror ("asprintf");
  else {
    char *argv[] = { (char *) "tar", (char *) "-C", dirname (c1),
                     (char *) "-cf", tarfile, (char *) "--",
                     basename (c2), NULL };

    if (run_host (ops, "tar", argv) == 0 &&
        guestfs_tar_in_opts (g, tarfile, op->b, -1) == 0)
      r = 0;
    unlink (tarfile);
  }
  rmdir (dir);
  return r;
}

/* --edit: a substitution runs with PCRE2 (edit-expr.c); other Perl
 * code is applied by the host's perl(1) to a private copy, as
 * virt-edit -e does.  The result replaces the file (owner and mode
 * kept) only if it changed.
 */
static int
edit (guestfs_h *g, const struct customize_ops *ops,
      const struct customize_op *op)
{
  CLEANUP_FREE char *old = NULL, *new = NULL, *dir = NULL, *local = NULL,
    *code = NULL;
  size_t len, new_len;
  int r = -1;

  old = customize_read_guest_file (g, ops, op->a, false, &len);
  if (old == NULL)
    return -1;
  if (edit_expr_is_substitution (op->b)) {
    struct edit_expr *e = edit_expr_compile (NULL, "--edit", op->b);

    if (e) {
      r = edit_expr_apply (ops->program, &e, 1, old, len, &new, &new_len);
      edit_expr_free (e);
      if (r == -1 || (new_len == len && memcmp (old, new, len) == 0))
        return r;               /* unchanged: the guest file is left alone */
      return customize_write_guest_file (g, ops, op->a, new, new_len, 0644);
    }
  }
  dir = make_tmpdir (ops);
  if (dir == NULL)
    return -1;
  /* The newline ends a trailing comment in the expression. */
  if (asprintf (&local, "%s/file", dir) == -1 ||
      asprintf (&code, "our $lineno = $.; %s\n;", op->b) == -1) {
    perror ("asprintf");
    goto out;
  }
  if (write_host_file (ops, local, old, len) == -1)
    goto out;
  {
    char *argv[] = { (char *) "perl", (char *) "-i", (char *) "-pe", code,
                     (char *) "--", local, NULL };

    if (run_host (ops, "--edit: the expression", argv) == -1)
      goto out;
  }
  new = read_host_file (ops, local, CUSTOMIZE_MAX_TEXT_FILE, &new_len);
  if (new == NULL)
    goto out;
  if (new_len == len && memcmp (old, new, len) == 0)
    r = 0;                      /* unchanged: the guest file is left alone */
  else
    r = replace_guest_file (g, op->a, local, 0644);
 out:
  if (local)
    unlink (local);
  rmdir (dir);
  return r;
}

/* --scrub: zeroes over the contents, synced, then the file removed.
 * On a copy-on-write filesystem (btrfs) the old blocks may survive the
 * overwrite: the same limit as scrub(1) has.
 */
static int
scrub (guestfs_h *g, const struct customize_ops *ops,
       const struct customize_op *op)
{
  CLEANUP_FREE char *zeroes = calloc (1, SCRUB_CHUNK);
  int64_t size, off;
  int f;

  if (zeroes == NULL) {
    perror ("calloc");
    return -1;
  }
  f = guestfs_is_file_opts (g, op->a, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS,
                            0, -1);
  if (f == -1)
    return -1;
  if (f == 0) {
    fprintf (stderr, "%s: --scrub: %s: not a regular file\n",
             ops->program, op->a);
    return -1;
  }
  size = guestfs_filesize (g, op->a);
  if (size == -1)
    return -1;
  for (off = 0; off < size; off += SCRUB_CHUNK) {
    size_t n = size - off < SCRUB_CHUNK ? size - off : SCRUB_CHUNK;

    if (guestfs_pwrite (g, op->a, zeroes, n, off) == -1)
      return -1;
  }
  if (guestfs_sync (g) == -1)
    return -1;
  return guestfs_rm (g, op->a);
}

/* --truncate-recursive: every regular file under the path (symlinks
 * are not followed: a link into /etc must not empty its target).
 */
static int
truncate_recursive (guestfs_h *g, const struct customize_op *op)
{
  CLEANUP_FREE char *dirslash = xdir_with_slash (op->a);
  CLEANUP_FREE_STRING_LIST char **names = guestfs_find (g, dirslash);
  size_t i;

  if (names == NULL)
    return -1;
  for (i = 0; names[i]; ++i) {
    CLEANUP_FREE char *path = NULL;
    int f;

    if (asprintf (&path, "%s/%s", op->a, names[i]) == -1) {
      perror ("asprintf");
      return -1;
    }
    f = guestfs_is_file_opts (g, path, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS,
                              0, -1);
    if (f == -1 || (f == 1 && guestfs_truncate (g, path) == -1))
      return -1;
  }
  return 0;
}

int
customize_file_op (guestfs_h *g, const struct customize_ops *ops,
                   const struct customize_op *op)
{
  size_t i;

  switch (op->kind) {
  case OP_APPEND_LINE:
    return append_line (g, ops, op);
  case OP_CHMOD:
    return guestfs_chmod (g, op->mode, op->a);
  case OP_CHOWN:
    return guestfs_chown (g, op->uid, op->gid, op->a);
  case OP_COPY:
    return guestfs_cp_a (g, op->a, op->b);
  case OP_COPY_IN:
    return copy_in (g, ops, op);
  case OP_DELETE:
    return guestfs_rm_rf (g, op->a);
  case OP_EDIT:
    return edit (g, ops, op);
  case OP_LINK:
    for (i = 0; op->links[i]; ++i)
      if (guestfs_ln_sf (g, op->a, op->links[i]) == -1)
        return -1;
    return 0;
  case OP_MKDIR:
    return guestfs_mkdir_p (g, op->a);
  case OP_MOVE:
    return guestfs_mv (g, op->a, op->b);
  case OP_SCRUB:
    return scrub (g, ops, op);
  case OP_TOUCH:
    return guestfs_touch (g, op->a);
  case OP_TRUNCATE:
    return guestfs_truncate (g, op->a);
  case OP_TRUNCATE_RECURSIVE:
    return truncate_recursive (g, op);
  case OP_UPLOAD:
    return upload (g, ops, op);
  case OP_WRITE:
    return guestfs_write (g, op->a, op->b, strlen (op->b));
  default:
    break;
  }
  fprintf (stderr, "%s: internal error: operation %d is not a file "
           "operation\n", ops->program, (int) op->kind);
  return -1;
}
