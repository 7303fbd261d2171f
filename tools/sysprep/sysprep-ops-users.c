/** careen - offline disk-image toolkit
 *
 * virt-sysprep: user-account.  Removes the ordinary users of the guest
 * (UID 1000 to 59999, never root, nobody or nfsnobody) from passwd,
 * shadow, group and gshadow, with their home directories and mail
 * spools.  --remove-user-accounts narrows the set to the names given;
 * --keep-user-accounts spares names.
 *
 * The account files are rewritten line by line: lines that are not
 * about a removed user are kept byte for byte, so a guest's comments
 * and odd entries survive.  A user's private group (same name) goes
 * with the user; the user is also dropped from other groups' member
 * lists.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "stringsbuf.h"
#include "sysprep.h"

/* Ordinary users: below are system accounts, from 60000 up the ranges
 * reserved for dynamic and container users, and nobody.
 */
#define SYSPREP_UID_MIN 1000
#define SYSPREP_UID_MAX 60000

/* Largest account file read: real ones are kilobytes; a bound on host
 * memory for a hostile guest.
 */
#define SYSPREP_MAX_ACCOUNT_FILE (16 * 1024 * 1024)

static bool
in_list (char *const *list, const char *name)
{
  size_t i;

  if (list == NULL)
    return false;
  for (i = 0; list[i] != NULL; ++i)
    if (strcmp (list[i], name) == 0)
      return true;
  return false;
}

/* The Nth ':'-separated field of LINE (LEN bytes, no newline), as a new
 * string; NULL if the line has fewer fields.
 */
static char *
field (const char *line, size_t len, size_t n)
{
  const char *p = line, *end = line + len, *colon;

  while (n-- > 0) {
    colon = memchr (p, ':', end - p);
    if (colon == NULL)
      return NULL;
    p = colon + 1;
  }
  colon = memchr (p, ':', end - p);
  return strndup (p, colon ? (size_t) (colon - p) : (size_t) (end - p));
}

/* Reads PATH whole, or sets *CONTENT to NULL if it is not a file. */
static int
read_account_file (struct sysprep_ctx *ctx, const char *path,
                   char **content, size_t *size)
{
  int r;

  *content = NULL;
  r = guestfs_is_file (ctx->g, path);
  if (r <= 0)
    return r;
  *content = guestfs_read_file (ctx->g, path, size);
  if (*content == NULL)
    return -1;
  if (*size > SYSPREP_MAX_ACCOUNT_FILE) {
    fprintf (stderr, "%s: user-account: %s is too large (%zu bytes)\n",
             SYSPREP_PROGRAM, path, *size);
    free (*content);
    *content = NULL;
    return -1;
  }
  return 0;
}

/* Which users of /etc/passwd go, and their home directories. */
static int
select_users (struct sysprep_ctx *ctx, struct stringsbuf *users,
              struct stringsbuf *homes)
{
  CLEANUP_FREE char *content = NULL;
  size_t size, pos = 0;

  if (read_account_file (ctx, "/etc/passwd", &content, &size) == -1)
    return -1;
  if (content == NULL)
    return 0;
  while (pos < size) {
    const char *line = content + pos;
    const char *nl = memchr (line, '\n', size - pos);
    size_t len = nl ? (size_t) (nl - line) : size - pos;
    CLEANUP_FREE char *name = NULL, *uid_s = NULL, *home = NULL;
    char *end;
    long uid;

    pos += len + (nl != NULL);
    name = field (line, len, 0);
    uid_s = field (line, len, 2);
    home = field (line, len, 5);
    if (name == NULL || uid_s == NULL || name[0] == '\0' ||
        uid_s[0] == '\0')
      continue;
    uid = strtol (uid_s, &end, 10);
    if (*end != '\0' || uid < SYSPREP_UID_MIN || uid >= SYSPREP_UID_MAX)
      continue;
    if (strcmp (name, "root") == 0 || strcmp (name, "nobody") == 0 ||
        strcmp (name, "nfsnobody") == 0)
      continue;
    if (in_list (ctx->keep_users, name))
      continue;
    if (ctx->remove_users && !in_list (ctx->remove_users, name))
      continue;
    if (stringsbuf_add_string (users, name) == -1 ||
        stringsbuf_add_string (homes, home ? home : "") == -1) {
      perror ("malloc");
      return -1;
    }
  }
  return 0;
}

/* Appends the comma-separated list LIST without the removed users. */
static void
append_members (char *out, size_t *outlen, const char *list,
                char *const *users)
{
  CLEANUP_FREE char *copy = strdup (list);
  char *tok, *save = NULL;
  bool first = true;

  if (copy == NULL)
    return;
  for (tok = strtok_r (copy, ",", &save); tok != NULL;
       tok = strtok_r (NULL, ",", &save)) {
    if (in_list (users, tok))
      continue;
    if (!first)
      out[(*outlen)++] = ',';
    memcpy (out + *outlen, tok, strlen (tok));
    *outlen += strlen (tok);
    first = false;
  }
}

/* Rewrites one account file: drops the lines whose first field is a
 * removed user, and, for group files (MEMBER_FIELDS non-zero: a bitmask
 * of the fields that are member lists), drops removed users from the
 * member lists.
 */
static int
rewrite_accounts (struct sysprep_ctx *ctx, const char *path,
                  char *const *users, unsigned member_fields)
{
  CLEANUP_FREE char *content = NULL, *out = NULL;
  size_t size, pos = 0, outlen = 0;

  if (read_account_file (ctx, path, &content, &size) == -1)
    return -1;
  if (content == NULL)
    return 0;
  out = malloc (size + 1);
  if (out == NULL) {
    perror ("malloc");
    return -1;
  }
  while (pos < size) {
    const char *line = content + pos;
    const char *nl = memchr (line, '\n', size - pos);
    size_t len = nl ? (size_t) (nl - line) : size - pos;
    CLEANUP_FREE char *name = field (line, len, 0);
    size_t f;

    pos += len + (nl != NULL);
    if (name && in_list (users, name))
      continue;
    if (member_fields == 0 || memchr (line, ',', len) == NULL) {
      /* Fast path, and no member list can hold two names: a single
       * member equal to a removed user is handled below.
       */
      bool single = false;

      for (f = 0; member_fields && f < 8; ++f) {
        CLEANUP_FREE char *m = NULL;

        if ((member_fields & (1u << f)) == 0)
          continue;
        m = field (line, len, f);
        if (m && in_list (users, m))
          single = true;
      }
      if (!single) {
        memcpy (out + outlen, line, len + (nl != NULL));
        outlen += len + (nl != NULL);
        continue;
      }
    }
    /* Rebuild the line field by field. */
    for (f = 0;; ++f) {
      CLEANUP_FREE char *v = field (line, len, f);

      if (v == NULL)
        break;
      if (f > 0)
        out[outlen++] = ':';
      if (member_fields & (1u << f))
        append_members (out, &outlen, v, users);
      else {
        memcpy (out + outlen, v, strlen (v));
        outlen += strlen (v);
      }
    }
    if (nl)
      out[outlen++] = '\n';
  }
  if (outlen == size && memcmp (out, content, size) == 0)
    return 0;
  return sysprep_rewrite (ctx, path, out, outlen, "remove user accounts");
}

/* A home directory is removed only if it is a plain absolute path at
 * least two levels deep: a hostile or careless passwd entry naming
 * "/", "/usr" or "/home/../etc" must not wipe the guest.
 */
static bool
safe_home (const char *home)
{
  const char *p;
  size_t depth = 0;

  if (home[0] != '/')
    return false;
  for (p = home; *p; ) {
    const char *start, *slash;
    size_t len;

    while (*p == '/')
      p++;
    if (*p == '\0')
      break;
    start = p;
    slash = strchr (p, '/');
    len = slash ? (size_t) (slash - start) : strlen (start);
    if ((len == 1 && start[0] == '.') ||
        (len == 2 && start[0] == '.' && start[1] == '.'))
      return false;
    depth++;
    p = start + len;
  }
  return depth >= 2;
}

int
sysprep_user_account (struct sysprep_ctx *ctx)
{
  CLEANUP_FREE_STRING_LIST char **users = NULL, **homes = NULL;
  struct stringsbuf ub, hb;
  size_t i;

  stringsbuf_init (&ub);
  stringsbuf_init (&hb);
  if (select_users (ctx, &ub, &hb) == -1) {
    stringsbuf_release (&ub);
    stringsbuf_release (&hb);
    return -1;
  }
  users = stringsbuf_finish (&ub);
  homes = stringsbuf_finish (&hb);
  if (users == NULL || homes == NULL) {
    perror ("malloc");
    return -1;
  }
  if (users[0] == NULL)
    return 0;

  /* group: members are field 3; gshadow: admins 2 and members 3. */
  if (rewrite_accounts (ctx, "/etc/passwd", users, 0) == -1 ||
      rewrite_accounts (ctx, "/etc/shadow", users, 0) == -1 ||
      rewrite_accounts (ctx, "/etc/group", users, 1u << 3) == -1 ||
      rewrite_accounts (ctx, "/etc/gshadow", users,
                        (1u << 2) | (1u << 3)) == -1)
    return -1;

  for (i = 0; users[i] != NULL; ++i) {
    CLEANUP_FREE char *spool = NULL, *mail = NULL;

    if (strchr (users[i], '/') == NULL) {
      if (asprintf (&spool, "/var/spool/mail/%s", users[i]) == -1 ||
          asprintf (&mail, "/var/mail/%s", users[i]) == -1) {
        perror ("asprintf");
        return -1;
      }
      if (sysprep_remove (ctx, spool) == -1 ||
          sysprep_remove (ctx, mail) == -1)
        return -1;
    }
    if (!safe_home (homes[i])) {
      if (homes[i][0] != '\0' && !ctx->quiet)
        fprintf (stderr, "%s: user-account: not removing the home "
                 "directory of %s: unsafe path\n", SYSPREP_PROGRAM,
                 users[i]);
      continue;
    }
    if (guestfs_is_dir (ctx->g, homes[i]) == 1 &&
        sysprep_remove (ctx, homes[i]) == -1)
      return -1;
  }
  return 0;
}
