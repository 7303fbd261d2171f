/* careen - offline disk-image toolkit
 * --ssh-inject: adds public keys to a guest user's
 * ~/.ssh/authorized_keys, made with the owner and modes sshd insists
 * on (0700 directory, 0600 file, owned by the user).
 */

#include <config.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "customize-internal.h"

/* Longest line of the guest's /etc/passwd looked at. */
#define MAX_PASSWD_LINE 4096

/* Appends the host file FILE to the memory stream FP. */
static int
append_file (const struct customize_ops *ops, FILE *fp, const char *file)
{
  CLEANUP_FCLOSE FILE *in = fopen (file, "r");
  char buf[4096];
  size_t n, total = 0;
  int last = '\n';

  if (in == NULL) {
    fprintf (stderr, "%s: --ssh-inject: %s: %m\n", ops->program, file);
    return -1;
  }
  while ((n = fread (buf, 1, sizeof buf, in)) > 0) {
    total += n;
    if (total > CUSTOMIZE_MAX_KEY_FILE) {
      fprintf (stderr, "%s: --ssh-inject: %s: too large for a public key "
               "file\n", ops->program, file);
      return -1;
    }
    fwrite (buf, 1, n, fp);
    last = buf[n - 1];
  }
  /* Keys of the next file start on a line of their own. */
  if (last != '\n')
    fputc ('\n', fp);
  return 0;
}

char *
customize_default_ssh_keys (const struct customize_ops *ops)
{
  const char *home = getenv ("HOME");
  CLEANUP_FREE char *pattern = NULL;
  char *out = NULL;
  size_t out_len = 0, i;
  glob_t gl;
  FILE *fp;
  int r;

  if (home == NULL || *home == '\0') {
    fprintf (stderr, "%s: --ssh-inject: $HOME is not set: give the key "
             "with USER:file:FILE\n", ops->program);
    return NULL;
  }
  if (asprintf (&pattern, "%s/.ssh/*.pub", home) == -1) {
    perror ("asprintf");
    return NULL;
  }
  r = glob (pattern, 0, NULL, &gl);
  if (r != 0) {
    fprintf (stderr, "%s: --ssh-inject: no public key in %s/.ssh (give "
             "one with USER:file:FILE)\n", ops->program, home);
    if (r != GLOB_NOMATCH)
      globfree (&gl);
    return NULL;
  }
  fp = open_memstream (&out, &out_len);
  if (fp == NULL) {
    perror ("open_memstream");
    globfree (&gl);
    return NULL;
  }
  for (i = 0; i < gl.gl_pathc; ++i) {
    if (append_file (ops, fp, gl.gl_pathv[i]) == -1) {
      fclose (fp);
      free (out);
      globfree (&gl);
      return NULL;
    }
  }
  globfree (&gl);
  if (fclose (fp) == EOF) {
    perror ("open_memstream");
    free (out);
    return NULL;
  }
  return out;
}

/* Finds USER in the guest's passwd text: uid, gid, home directory. */
static int
find_user (const struct customize_ops *ops, const char *passwd,
           const char *user, long *uid, long *gid, char **home)
{
  const char *p = passwd;
  size_t ulen = strlen (user);

  while (*p) {
    size_t n = strcspn (p, "\n");

    if (n < MAX_PASSWD_LINE && n > ulen && strncmp (p, user, ulen) == 0 &&
        p[ulen] == ':') {
      /* name:password:uid:gid:gecos:home:shell */
      CLEANUP_FREE char *line = strndup (p, n);
      char *f[7] = { NULL }, *s, *save = NULL;
      size_t i = 0;

      if (line == NULL) {
        perror ("strndup");
        return -1;
      }
      for (s = line; i < 7; ++i) {
        f[i] = s;
        save = strchr (s, ':');
        if (save == NULL)
          break;
        *save = '\0';
        s = save + 1;
      }
      if (i < 5 || f[5][0] != '/' || sscanf (f[2], "%ld", uid) != 1 ||
          sscanf (f[3], "%ld", gid) != 1 || *uid < 0 || *gid < 0) {
        fprintf (stderr, "%s: --ssh-inject: the guest's /etc/passwd entry "
                 "of '%s' is malformed\n", ops->program, user);
        return -1;
      }
      *home = strdup (f[5]);
      if (*home == NULL) {
        perror ("strdup");
        return -1;
      }
      return 0;
    }
    p += n + (p[n] == '\n');
  }
  fprintf (stderr, "%s: --ssh-inject: user '%s' does not exist in the "
           "guest\n", ops->program, user);
  return -1;
}

/* The keys of KEYS (one a line) that are not already lines of OLD, as
 * one string of lines; empty when there is nothing to add.
 */
static char *
missing_keys (const char *old, const char *keys)
{
  char *out = NULL;
  size_t out_len = 0;
  FILE *fp = open_memstream (&out, &out_len);
  const char *p;

  if (fp == NULL)
    return NULL;
  for (p = keys; *p; ) {
    size_t n = strcspn (p, "\r\n");
    const char *q;
    bool present = false;

    if (n > 0 && p[0] != '#') {
      for (q = old; *q; ) {
        size_t m = strcspn (q, "\r\n");

        if (m == n && memcmp (p, q, n) == 0) {
          present = true;
          break;
        }
        q += m;
        q += strspn (q, "\r\n");
      }
      if (!present)
        fprintf (fp, "%.*s\n", (int) n, p);
    }
    p += n;
    p += strspn (p, "\r\n");
  }
  if (fclose (fp) == EOF) {
    free (out);
    return NULL;
  }
  return out;
}

int
customize_ssh_inject (guestfs_h *g, const struct customize_ops *ops,
                      const struct customize_op *op)
{
  CLEANUP_FREE char *passwd = NULL, *home = NULL, *dir = NULL,
    *file = NULL, *keys = NULL, *old = NULL, *add = NULL;
  size_t len, old_len;
  long uid, gid;
  int e;

  if (op->key_file) {
    char *p = NULL;
    size_t plen = 0;
    FILE *fp = open_memstream (&p, &plen);

    if (fp == NULL) {
      perror ("open_memstream");
      return -1;
    }
    e = append_file (ops, fp, op->b);
    fclose (fp);
    keys = p;
    if (e == -1)
      return -1;
  }
  passwd = customize_read_guest_file (g, ops, "/etc/passwd", false, &len);
  if (passwd == NULL ||
      find_user (ops, passwd, op->a, &uid, &gid, &home) == -1)
    return -1;
  if (asprintf (&dir, "%s%s.ssh", home,
                home[strlen (home) - 1] == '/' ? "" : "/") == -1 ||
      asprintf (&file, "%s/authorized_keys", dir) == -1) {
    perror ("asprintf");
    return -1;
  }
  e = guestfs_exists (g, dir);
  if (e == -1)
    return -1;
  if (e == 0) {
    if (guestfs_mkdir_p (g, dir) == -1 ||
        guestfs_chown (g, uid, gid, dir) == -1 ||
        guestfs_chmod (g, 0700, dir) == -1)
      return -1;
  }
  old = customize_read_guest_file (g, ops, file, true, &old_len);
  if (old == NULL)
    return -1;
  add = missing_keys (old, keys ? keys : op->b);
  if (add == NULL) {
    perror ("open_memstream");
    return -1;
  }
  if (*add == '\0')
    return 0;                   /* every key is there already */
  if (old_len == 0) {
    if (guestfs_write (g, file, add, strlen (add)) == -1)
      return -1;
    /* A new file, or an empty one: sshd's modes either way. */
    if (guestfs_chown (g, uid, gid, file) == -1 ||
        guestfs_chmod (g, 0600, file) == -1)
      return -1;
    return 0;
  }
  if (old[old_len - 1] != '\n' &&
      guestfs_write_append (g, file, "\n", 1) == -1)
    return -1;
  return guestfs_write_append (g, file, add, strlen (add));
}
