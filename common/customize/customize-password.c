/* careen - offline disk-image toolkit
 * --root-password and --password: the selectors, the crypt(3) hash
 * with a salt from getrandom(2), and the rewrite of /etc/shadow.
 *
 * The password never appears in a message or a trace: /etc/shadow is
 * rewritten through customize_write_guest_file (an upload, whose -x
 * trace names a local file, not its contents), and buffers that held a
 * password are wiped before they are freed.  Only a random password is
 * printed, because the user has no other way to learn it.
 */

#include <config.h>

#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cleanups.h"
#include "customize-internal.h"

/* Length of a generated random password, as the original's. */
#define RANDOM_PASSWORD_LEN 16

/* Salt characters: crypt(3)'s alphabet. */
static const char salt_chars[] =
  "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* Fills BUF with N characters of ALPHABET (LEN of them) from
 * getrandom(2), without modulo bias.  0, or -1 with errno set.
 */
static int
random_chars (char *buf, size_t n, const char *alphabet, size_t len)
{
  size_t i = 0;
  unsigned char r[64];
  /* The largest multiple of LEN below 256: bytes above it are skipped. */
  unsigned limit = 256 - 256 % len;

  while (i < n) {
    ssize_t got = getrandom (r, sizeof r, 0), j;

    if (got == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    for (j = 0; j < got && i < n; ++j)
      if (r[j] < limit)
        buf[i++] = alphabet[r[j] % len];
  }
  explicit_bzero (r, sizeof r);
  buf[n] = '\0';
  return 0;
}

static void
wipe_free (char *s)
{
  if (s) {
    explicit_bzero (s, strlen (s));
    free (s);
  }
}

void
customize_pw_release (struct customize_pw *pw)
{
  wipe_free (pw->password);
  pw->password = NULL;
}

/* The first line of FILE (without its newline), the password of
 * file:FILE.  NULL after printing an error.
 */
static char *
read_password_file (const struct customize_ops *ops, const char *option,
                    const char *file)
{
  CLEANUP_FCLOSE FILE *fp = fopen (file, "r");
  char *line = NULL;
  size_t alloc = 0;
  ssize_t len;

  if (fp == NULL) {
    fprintf (stderr, "%s: --%s: %s: %m\n", ops->program, option, file);
    return NULL;
  }
  len = getline (&line, &alloc, fp);
  if (len > 0 && line[len - 1] == '\n')
    line[--len] = '\0';
  if (len > 0 && line[len - 1] == '\r')
    line[--len] = '\0';
  if (len <= 0 || len > CUSTOMIZE_MAX_PASSWORD) {
    fprintf (stderr, "%s: --%s: %s: %s\n", ops->program, option, file,
             len <= 0 ? "no password on its first line"
             : "the password is too long");
    wipe_free (line);
    return NULL;
  }
  return line;
}

int
customize_parse_pw (const struct customize_ops *ops, const char *option,
                    const char *sel, struct customize_pw *pw)
{
  memset (pw, 0, sizeof *pw);
  if (strcmp (sel, "locked") == 0) {
    pw->kind = PW_KEEP;
    pw->locked = true;
    return 0;
  }
  if (strncmp (sel, "locked:", 7) == 0) {
    pw->locked = true;
    sel += 7;
  }
  if (strncmp (sel, "password:", 9) == 0 && sel[9] != '\0') {
    pw->kind = PW_PASSWORD;
    pw->password = strdup (sel + 9);
    if (pw->password == NULL) {
      perror ("strdup");
      exit (EXIT_FAILURE);
    }
    return 0;
  }
  if (strncmp (sel, "file:", 5) == 0 && sel[5] != '\0') {
    pw->kind = PW_PASSWORD;
    pw->password = read_password_file (ops, option, sel + 5);
    return pw->password ? 0 : -1;
  }
  if (strcmp (sel, "random") == 0) {
    pw->kind = PW_RANDOM;
    return 0;
  }
  if (strcmp (sel, "disabled") == 0) {
    pw->kind = PW_DISABLED;
    return 0;
  }
  /* The selector may hold the password: never echo it back. */
  fprintf (stderr, "%s: --%s: bad password selector: expected "
           "password:PASSWORD, file:FILENAME, random, disabled or "
           "locked[:...]\n", ops->program, option);
  return -1;
}

/* The crypt(3) hash of PASSWORD for the chosen method, new string;
 * NULL after printing an error.
 */
static char *
hash_password (const struct customize_ops *ops, const char *password)
{
  char setting[32];
  const char *prefix;
  size_t salt_len;
  struct crypt_data *cd;
  char *h, *r = NULL;

  switch (ops->crypto) {
  case CRYPTO_MD5: prefix = "$1$"; salt_len = 8; break;
  case CRYPTO_SHA256: prefix = "$5$"; salt_len = 16; break;
  default: prefix = "$6$"; salt_len = 16; break;
  }
  strcpy (setting, prefix);
  if (random_chars (setting + strlen (prefix), salt_len, salt_chars,
                    sizeof salt_chars - 1) == -1) {
    fprintf (stderr, "%s: getrandom: %m\n", ops->program);
    return NULL;
  }
  /* struct crypt_data is large (tens of KiB): not on the stack. */
  cd = calloc (1, sizeof *cd);
  if (cd == NULL) {
    perror ("calloc");
    return NULL;
  }
  h = crypt_r (password, setting, cd);
  /* libxcrypt returns a "*" string instead of NULL on some failures. */
  if (h == NULL || h[0] == '*')
    fprintf (stderr, "%s: crypt: cannot hash the password with '%s'\n",
             ops->program, prefix);
  else if ((r = strdup (h)) == NULL)
    perror ("strdup");
  explicit_bzero (cd, sizeof *cd);
  free (cd);
  return r;
}

/* The new second field of USER's shadow entry, whose current one is
 * OLD (LEN bytes).  New string, NULL after printing an error.
 */
static char *
new_field (const struct customize_ops *ops, const struct customize_op *op,
           const char *old, size_t len)
{
  CLEANUP_FREE char *hash = NULL;
  char pass[RANDOM_PASSWORD_LEN + 1];
  static const char pass_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  char *r = NULL;

  switch (op->pw.kind) {
  case PW_KEEP:
    if (len > 0 && old[0] == '!')
      r = strndup (old, len);
    else if (asprintf (&r, "!%.*s", (int) len, old) == -1)
      r = NULL;
    break;
  case PW_DISABLED:
    r = strdup (op->pw.locked ? "!*" : "*");
    break;
  case PW_RANDOM:
    if (random_chars (pass, RANDOM_PASSWORD_LEN, pass_chars,
                      sizeof pass_chars - 1) == -1) {
      fprintf (stderr, "%s: getrandom: %m\n", ops->program);
      return NULL;
    }
    /* The only way the user learns it: printed even with -q. */
    printf ("Setting random password of %s to %s\n", op->a, pass);
    fflush (stdout);
    hash = hash_password (ops, pass);
    explicit_bzero (pass, sizeof pass);
    if (hash == NULL)
      return NULL;
    goto hashed;
  case PW_PASSWORD:
    hash = hash_password (ops, op->pw.password);
    if (hash == NULL)
      return NULL;
  hashed:
    if (asprintf (&r, "%s%s", op->pw.locked ? "!" : "", hash) == -1)
      r = NULL;
    explicit_bzero (hash, strlen (hash));
    break;
  }
  if (r == NULL)
    perror ("strdup");
  return r;
}

/* Rewrites the shadow text BUF (LEN bytes) with the new entry of every
 * password operation.  New string, NULL after printing an error.
 */
static char *
edit_shadow (const struct customize_ops *ops, const char *buf, size_t len)
{
  char *out = NULL, *field;
  size_t out_len = 0, i;
  FILE *fp = open_memstream (&out, &out_len);
  const char *p = buf, *end = buf + len;
  bool *found = calloc (ops->ops.len + 1, sizeof (bool));

  if (fp == NULL || found == NULL) {
    perror ("open_memstream");
    goto fail;
  }
  while (p < end) {
    const char *nl = memchr (p, '\n', end - p);
    const char *le = nl ? nl : end;
    const char *c1 = memchr (p, ':', le - p);
    const char *c2 = c1 ? memchr (c1 + 1, ':', le - c1 - 1) : NULL;
    const struct customize_op *op = NULL;

    if (c1) {
      /* The last operation for a user wins, as on the command line. */
      for (i = 0; i < ops->ops.len; ++i) {
        const struct customize_op *o = &ops->ops.ptr[i];

        if (o->kind == OP_PASSWORD && strlen (o->a) == (size_t) (c1 - p) &&
            memcmp (o->a, p, c1 - p) == 0) {
          op = o;
          found[i] = true;
        }
      }
    }
    if (op == NULL) {
      fwrite (p, 1, le - p, fp);
    }
    else {
      const char *fe = c2 ? c2 : le;

      field = new_field (ops, op, c1 + 1, fe - c1 - 1);
      if (field == NULL)
        goto fail;
      fwrite (p, 1, c1 + 1 - p, fp);
      fputs (field, fp);
      fwrite (fe, 1, le - fe, fp);
      wipe_free (field);
    }
    if (nl)
      fputc ('\n', fp);
    p = le + 1;
  }
  if (fclose (fp) == EOF) {
    fp = NULL;
    perror ("open_memstream");
    goto fail;
  }
  fp = NULL;
  for (i = 0; i < ops->ops.len; ++i) {
    if (ops->ops.ptr[i].kind == OP_PASSWORD && !found[i]) {
      fprintf (stderr, "%s: password: user '%s' is not in the guest's "
               "/etc/shadow\n", ops->program, ops->ops.ptr[i].a);
      goto fail;
    }
  }
  free (found);
  return out;

 fail:
  if (fp)
    fclose (fp);
  if (out)
    explicit_bzero (out, out_len);
  free (out);
  free (found);
  return NULL;
}

int
customize_set_passwords (guestfs_h *g, const struct customize_ops *ops,
                         bool quiet)
{
  char *old, *new;
  size_t len;
  int r;

  customize_progress (ops, quiet, "Setting passwords");
  old = customize_read_guest_file (g, ops, "/etc/shadow", false, &len);
  if (old == NULL)
    return -1;
  new = edit_shadow (ops, old, len);
  explicit_bzero (old, len);
  free (old);
  if (new == NULL)
    return -1;
  /* /etc/shadow exists: its owner and mode (0000 or 0640) are kept. */
  r = customize_write_guest_file (g, ops, "/etc/shadow", new, strlen (new),
                                  0);
  wipe_free (new);
  return r;
}
