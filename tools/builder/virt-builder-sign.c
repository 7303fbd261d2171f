/** careen - offline disk-image toolkit
 *
 * Checking a signature with gpg.  Each check runs in a GNUPGHOME of
 * its own, made for it and holding only the key the source names
 * (its .conf's gpgkey= file, or the --fingerprint key exported from
 * the user's keyring): the user's keyring is never written to, and a
 * signature by any other key the user trusts does not count.  gpg's
 * machine-readable status lines (--status-fd) say which key signed.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "remove-tree.h"
#include "spawn.h"
#include "stringsbuf.h"
#include "xalloc.h"
#include "virt-builder.h"

/* gpg's status output for one signature is a few lines: a bound on
 * what a misbehaving gpg can make us hold.
 */
#define GPG_MAX_STATUS (64 * 1024)

/* Runs the --gpg command with HOME (NULL: the user's) and ARGS; its
 * stdout goes to OUT_FD if >= 0, else into *STATUS_OUT (if not NULL).
 * Returns gpg's exit status or -1.
 */
static int
run_gpg (const struct vb_opts *o, const char *home, const char *const *args,
         int out_fd, char **status_out)
{
  CLEANUP_FREE_STRING_LIST char **cmd = vb_split_command (o->gpg);
  CLEANUP_FREE_STRING_LIST char **argv = NULL;
  struct stringsbuf sb;
  struct spawn s;
  size_t i, got = 0;
  char *buf = NULL;
  int status;

  if (cmd[0] == NULL) {
    vb_error ("--gpg: no program given");
    return -1;
  }
  stringsbuf_init (&sb);
  for (i = 0; cmd[i]; ++i)
    if (stringsbuf_add_string (&sb, cmd[i]) == -1)
      die_nomem ();
  if (home && (stringsbuf_add_string (&sb, "--homedir") == -1 ||
               stringsbuf_add_string (&sb, home) == -1))
    die_nomem ();
  if (stringsbuf_add_string (&sb, "--batch") == -1 ||
      stringsbuf_add_string (&sb, "--no-tty") == -1)
    die_nomem ();
  for (i = 0; args[i]; ++i)
    if (stringsbuf_add_string (&sb, args[i]) == -1)
      die_nomem ();
  argv = stringsbuf_finish (&sb);
  if (argv == NULL)
    die_nomem ();

  spawn_init (&s, PROGRAM, argv);
  s.fd[0] = SPAWN_DEVNULL;
  s.fd[1] = out_fd >= 0 ? out_fd : status_out ? SPAWN_PIPE : SPAWN_DEVNULL;
  if (!o->verbose)
    s.fd[2] = SPAWN_DEVNULL;
  if (spawn_start (&s) == -1)
    return -1;
  if (out_fd < 0 && status_out) {
    ssize_t r;

    buf = xmalloc (GPG_MAX_STATUS + 1);
    while (got < GPG_MAX_STATUS &&
           (r = read (s.pipe[1], buf + got, GPG_MAX_STATUS - got)) != 0) {
      if (r == -1) {
        if (errno == EINTR)
          continue;
        break;
      }
      got += r;
    }
    buf[got] = '\0';
    *status_out = buf;
  }
  status = spawn_wait (&s);
  return status;
}

/* "AAAA BBBB ..." and "aaaabbbb..." are the same fingerprint. */
static char *
normalize_fingerprint (const char *fp)
{
  char *r = xmalloc (strlen (fp) + 1), *q = r;

  for (; *fp; ++fp)
    if (!isspace ((unsigned char) *fp))
      *q++ = toupper ((unsigned char) *fp);
  *q = '\0';
  return r;
}

/* Puts the source's key into HOME. */
static int
import_key (const struct vb_opts *o, const struct vb_source *s,
            const char *home)
{
  CLEANUP_FREE char *keyfile = NULL;
  int r;

  if (s->gpgkey) {
    const char *args[] = { "--import", s->gpgkey, NULL };

    if (access (s->gpgkey, R_OK) == -1) {
      vb_error ("gpgkey of '%s': %s: %m", s->uri, s->gpgkey);
      return -1;
    }
    r = run_gpg (o, home, args, -1, NULL);
    if (r != 0) {
      if (r > 0)
        vb_error ("gpg could not import the key '%s'", s->gpgkey);
      return -1;
    }
    return 0;
  }
  if (s->fingerprint) {
    CLEANUP_FREE char *fp = normalize_fingerprint (s->fingerprint);
    const char *export[] = { "--export", fp, NULL };
    const char *import[] = { "--import", NULL, NULL };
    int fd;
    off_t size;

    if (asprintf (&keyfile, "%s/key.gpg", home) == -1)
      die_nomem ();
    fd = open (keyfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd == -1) {
      vb_error ("create: '%s': %m", keyfile);
      return -1;
    }
    r = run_gpg (o, NULL, export, fd, NULL);
    size = lseek (fd, 0, SEEK_END);
    close (fd);
    if (r != 0 || size <= 0) {
      vb_error ("the key %s is not in your gpg keyring: import it, or "
                "use --no-check-signature", s->fingerprint);
      return -1;
    }
    import[1] = keyfile;
    r = run_gpg (o, home, import, -1, NULL);
    if (r != 0) {
      if (r > 0)
        vb_error ("gpg could not import the key %s", s->fingerprint);
      return -1;
    }
    return 0;
  }
  vb_error ("no key to check the signature of '%s' with: give "
            "--fingerprint, or --no-check-signature", s->uri);
  return -1;
}

/* The key's fingerprint from a VALIDSIG status line ("[GNUPG:] VALIDSIG
 * <sig-fpr> <date> ... <primary-fpr>"): the primary key's, the last
 * word, which is what users are given.
 */
static char *
validsig_fingerprint (const char *status)
{
  const char *line = status;

  while (line && *line) {
    const char *end = strchr (line, '\n');
    size_t len = end ? (size_t) (end - line) : strlen (line);

    if (len > 18 && strncmp (line, "[GNUPG:] VALIDSIG ", 18) == 0) {
      const char *last = line + len;

      CLEANUP_FREE char *word = NULL;

      while (last > line && !isspace ((unsigned char) last[-1]))
        --last;
      word = xstrndup (last, line + len - last);
      return normalize_fingerprint (word);
    }
    line = end ? end + 1 : NULL;
  }
  return NULL;
}

int
vb_verify (const struct vb_opts *o, struct vb_source *s, const char *file,
           const char *sig)
{
  CLEANUP_FREE char *home = NULL;
  CLEANUP_FREE char *status = NULL;
  CLEANUP_FREE char *fp = NULL;
  const char *args[] = { "--status-fd", "1", "--verify", NULL, NULL, NULL };
  int r, ret = -1;

  if (asprintf (&home, "%s/gnupg.XXXXXX", o->tmpdir) == -1)
    die_nomem ();
  if (mkdtemp (home) == NULL) {
    vb_error ("mkdtemp: '%s': %m", home);
    return -1;
  }
  if (import_key (o, s, home) == -1)
    goto out;

  args[3] = sig ? sig : file;
  args[4] = sig ? file : NULL;
  r = run_gpg (o, home, args, -1, &status);
  if (r == -1)
    goto out;
  fp = validsig_fingerprint (status);
  if (fp == NULL && strstr (status, "[GNUPG:] NO_PUBKEY ") != NULL) {
    /* Signed, but by a key other than the one the source names. */
    vb_error ("'%s' is not signed by the key %s", file,
              s->fingerprint ? s->fingerprint : s->gpgkey);
    goto out;
  }
  if (r != 0 || fp == NULL) {
    vb_error ("the signature of '%s' is not valid: the file may have been "
              "tampered with (use -v to see gpg's messages)", file);
    goto out;
  }
  if (s->fingerprint) {
    CLEANUP_FREE char *want = normalize_fingerprint (s->fingerprint);

    if (strcmp (want, fp) != 0) {
      vb_error ("'%s' is signed by the key %s, not by %s", file, fp,
                s->fingerprint);
      goto out;
    }
  }
  free (s->used_fingerprint);
  s->used_fingerprint = fp;
  fp = NULL;
  ret = 0;

 out:
  remove_tree (home);
  return ret;
}
