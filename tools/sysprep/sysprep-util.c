/** careen - offline disk-image toolkit
 *
 * virt-sysprep: helpers shared by the operations: removing guest paths
 * and wildcards, walking a guest directory, rewriting a file in place,
 * and the dry-run report.  Every guest path goes to the appliance,
 * which resolves it inside the guest's root: symlinks planted by the
 * guest can only ever point back into the guest.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "xalloc.h"
#include "stringsbuf.h"
#include "sysprep.h"

/* Longest path read back from the find0 listing; longer ones are not
 * real guest paths (PATH_MAX on Linux).
 */
#define SYSPREP_MAX_PATH 4096

/* Most paths one directory walk collects: a bound on host memory for
 * a hostile guest that plants millions of files under a spool
 * directory.
 */
#define SYSPREP_MAX_FIND 1000000

static bool
distro_in (const struct sysprep_ctx *ctx, const char *const *names)
{
  size_t i;

  if (ctx->distro == NULL)
    return false;
  for (i = 0; names[i] != NULL; ++i)
    if (strcmp (ctx->distro, names[i]) == 0)
      return true;
  return false;
}

bool
sysprep_is_redhat (const struct sysprep_ctx *ctx)
{
  static const char *const names[] = {
    "fedora", "rhel", "centos", "scientificlinux", "oraclelinux",
    "redhat-based", "rocky", "almalinux", "circle", NULL
  };
  return distro_in (ctx, names);
}

bool
sysprep_is_debian (const struct sysprep_ctx *ctx)
{
  static const char *const names[] = {
    "debian", "ubuntu", "linuxmint", "kalilinux", NULL
  };
  return distro_in (ctx, names);
}

/* Guest paths are printed with their control and non-ASCII bytes
 * escaped: a hostile file name must not drive the user's terminal.
 */
static void
print_path (FILE *fp, const char *path)
{
  const unsigned char *p;

  for (p = (const unsigned char *) path; *p; ++p) {
    if (*p < 0x20 || *p >= 0x7f || *p == '\\')
      fprintf (fp, "\\x%02x", *p);
    else
      fputc (*p, fp);
  }
}

void
sysprep_say (const struct sysprep_ctx *ctx, const char *action,
             const char *path)
{
  if (ctx->quiet)
    return;
  printf ("  would %s ", action);
  print_path (stdout, path);
  putchar ('\n');
}

int
sysprep_remove (struct sysprep_ctx *ctx, const char *path)
{
  int r;

  /* exists follows a final symlink; a dangling one must go too. */
  r = guestfs_exists (ctx->g, path);
  if (r == -1)
    return -1;
  if (r == 0) {
    r = guestfs_is_symlink (ctx->g, path);
    if (r <= 0)
      return r;
  }
  if (ctx->dry_run) {
    sysprep_say (ctx, "remove", path);
    return 0;
  }
  return guestfs_rm_rf (ctx->g, path);
}

int
sysprep_remove_glob (struct sysprep_ctx *ctx, const char *pattern)
{
  CLEANUP_FREE_STRING_LIST char **paths = NULL;
  size_t i;

  paths = guestfs_glob_expand_opts (ctx->g, pattern,
                                    GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH,
                                    0, -1);
  if (paths == NULL)
    return -1;
  for (i = 0; paths[i] != NULL; ++i) {
    if (ctx->dry_run)
      sysprep_say (ctx, "remove", paths[i]);
    else if (guestfs_rm_rf (ctx->g, paths[i]) == -1)
      return -1;
  }
  return 0;
}

int
sysprep_remove_globs (struct sysprep_ctx *ctx, const char *const *patterns)
{
  size_t i;

  for (i = 0; patterns[i] != NULL; ++i)
    if (sysprep_remove_glob (ctx, patterns[i]) == -1)
      return -1;
  return 0;
}

/* Reads the NUL-separated names of FILENAME, prefixing each with DIR. */
static char **
read_find0 (const char *filename, const char *dir)
{
  CLEANUP_FCLOSE FILE *fp = NULL;
  CLEANUP_FREE char *name = NULL;
  struct stringsbuf sb;
  size_t len = 0, n = 0;
  const char *sep = dir[strlen (dir) - 1] == '/' ? "" : "/";
  int c;

  fp = fopen (filename, "r");
  if (fp == NULL) {
    fprintf (stderr, "%s: open: %s: %m\n", SYSPREP_PROGRAM, filename);
    return NULL;
  }
  name = malloc (SYSPREP_MAX_PATH + 1);
  if (name == NULL) {
    perror ("malloc");
    return NULL;
  }
  stringsbuf_init (&sb);
  while ((c = getc (fp)) != EOF) {
    if (c != '\0') {
      if (len >= SYSPREP_MAX_PATH) {
        fprintf (stderr, "%s: a path under %s is too long\n",
                 SYSPREP_PROGRAM, dir);
        goto err;
      }
      name[len++] = c;
      continue;
    }
    name[len] = '\0';
    len = 0;
    if (name[0] == '\0')
      continue;
    if (++n > SYSPREP_MAX_FIND) {
      fprintf (stderr, "%s: too many files under %s (more than %d)\n",
               SYSPREP_PROGRAM, dir, SYSPREP_MAX_FIND);
      goto err;
    }
    if (stringsbuf_add_format (&sb, "%s%s%s", dir, sep, name) == -1) {
      perror ("malloc");
      goto err;
    }
  }
  if (ferror (fp)) {
    fprintf (stderr, "%s: read: %s: %m\n", SYSPREP_PROGRAM, filename);
    goto err;
  }
  return stringsbuf_finish (&sb);

 err:
  stringsbuf_release (&sb);
  return NULL;
}

char **
sysprep_find (struct sysprep_ctx *ctx, const char *dir)
{
  CLEANUP_UNLINK_FREE char *tmp = NULL;
  const char *tmpdir = getenv ("TMPDIR");
  char **ret;
  int fd, r;

  r = guestfs_is_dir (ctx->g, dir);
  if (r == -1)
    return NULL;
  if (r == 0) {
    ret = calloc (1, sizeof (char *));
    if (ret == NULL)
      perror ("calloc");
    return ret;
  }
  if (asprintf (&tmp, "%s/sysprepXXXXXX", tmpdir ? tmpdir : "/tmp") == -1) {
    perror ("asprintf");
    tmp = NULL;
    return NULL;
  }
  fd = mkstemp (tmp);
  if (fd == -1) {
    fprintf (stderr, "%s: mkstemp: %s: %m\n", SYSPREP_PROGRAM, tmp);
    free (tmp);
    tmp = NULL;
    return NULL;
  }
  close (fd);
  {
    CLEANUP_FREE char *dirslash = xdir_with_slash (dir);

    if (guestfs_find0 (ctx->g, dirslash, tmp) == -1)
      return NULL;
  }
  return read_find0 (tmp, dir);
}

int
sysprep_remove_files_under (struct sysprep_ctx *ctx, const char *dir,
                            bool (*keep) (const char *name))
{
  CLEANUP_FREE_STRING_LIST char **paths = NULL;
  size_t i;

  paths = sysprep_find (ctx, dir);
  if (paths == NULL)
    return -1;
  for (i = 0; paths[i] != NULL; ++i) {
    const char *base = strrchr (paths[i], '/') + 1;
    int r;

    if (keep && keep (base))
      continue;
    r = guestfs_is_dir (ctx->g, paths[i]);
    if (r == -1)
      return -1;
    if (r == 1)
      continue;
    if (ctx->dry_run)
      sysprep_say (ctx, "remove", paths[i]);
    else if (guestfs_rm_f (ctx->g, paths[i]) == -1)
      return -1;
  }
  return 0;
}

int
sysprep_truncate (struct sysprep_ctx *ctx, const char *path)
{
  int r;

  r = guestfs_is_file (ctx->g, path);
  if (r <= 0)
    return r;
  if (ctx->dry_run) {
    sysprep_say (ctx, "empty", path);
    return 0;
  }
  return guestfs_truncate (ctx->g, path);
}

int
sysprep_rewrite (struct sysprep_ctx *ctx, const char *path,
                 const char *content, size_t len, const char *what)
{
  if (ctx->dry_run) {
    if (!ctx->quiet) {
      printf ("  would edit ");
      print_path (stdout, path);
      printf (" (%s)\n", what);
    }
    return 0;
  }
  return guestfs_write (ctx->g, path, content, len);
}
