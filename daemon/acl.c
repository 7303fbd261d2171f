/* careen - offline disk-image toolkit */

/**
 * POSIX access control lists: acl_get_file, acl_set_file and
 * acl_delete_def_file, through getfacl(1) and setfacl(1) run on the
 * host path of the safely resolved guest path.  Users and groups are
 * always numeric: the appliance's own user database has nothing to do
 * with the guest's.
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* The getfacl option selecting an ACL type, or NULL after replying. */
static const char *
acl_type_option (const char *acltype)
{
  if (strcmp (acltype, "access") == 0)
    return "--access";
  if (strcmp (acltype, "default") == 0)
    return "--default";
  reply_with_error_errno (EINVAL, "%s: unknown ACL type (expected 'access' "
                          "or 'default')", acltype);
  return NULL;
}

/* Replies with a tool's failure, its host paths shown as guest paths. */
static int
acl_tool_error (const char *prog, char *err)
{
  if (err)
    sysroot_strip_line (err);
  return command_error (prog, err);
}

/* Adds "\t#effective:PERMS" to the entries whose permissions the mask
 * reduces, as libacl's long text form shows them (getfacl's own
 * layout of that comment depends on its tab stops).  text is getfacl's
 * output without effective comments; returns a new string, or NULL
 * with errno.
 */
static char *
add_effective (const char *text)
{
  const char *mask = NULL, *p;
  size_t n = strlen (text);
  char *r, *q;

  for (p = text; *p; p += strcspn (p, "\n") + (p[strcspn (p, "\n")] != 0))
    if (strncmp (p, "mask::", 6) == 0 && strcspn (p + 6, "\n") == 3)
      mask = p + 6;
  /* Each line grows by at most "\t#effective:" and three letters. */
  r = malloc (n + (n / 4 + 1) * 16 + 1);
  if (r == NULL)
    return NULL;
  q = r;
  for (p = text; *p; ) {
    size_t len = strcspn (p, "\n");
    const char *perms = len >= 3 ? p + len - 3 : NULL;
    bool reduced = false;
    char eff[4];
    size_t i;

    memcpy (q, p, len);
    q += len;
    if (mask && perms &&
        ((strncmp (p, "user:", 5) == 0 && p[5] != ':') ||
         strncmp (p, "group:", 6) == 0)) {
      for (i = 0; i < 3; ++i) {
        eff[i] = mask[i] != '-' ? perms[i] : '-';
        if (eff[i] != perms[i])
          reduced = true;
      }
      eff[3] = '\0';
      if (reduced)
        q += sprintf (q, "\t#effective:%s", eff);
    }
    p += len;
    if (*p == '\n')
      *q++ = *p++;
  }
  *q = '\0';
  return r;
}

char *
do_acl_get_file (const char *path, const char *acltype)
{
  CLEANUP_FREE char *host = NULL, *err = NULL;
  const char *opt = acl_type_option (acltype);
  char *out = NULL;
  size_t n;

  if (opt == NULL || require_program ("getfacl") == -1)
    return NULL;
  host = sysroot_realpath (path);
  if (host == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (command (&out, &err, "getfacl", "--omit-header", "--numeric",
               "--no-effective", "--absolute-names", opt, "--", host,
               NULL) == -1) {
    free (out);
    acl_tool_error ("getfacl", err);
    return NULL;
  }
  /* getfacl ends the list with an empty line: one newline ends it. */
  n = strlen (out);
  while (n >= 2 && out[n - 1] == '\n' && out[n - 2] == '\n')
    out[--n] = '\0';
  if (n == 1 && out[0] == '\n')
    out[0] = '\0';
  {
    char *r = add_effective (out);

    free (out);
    if (r == NULL)
      reply_with_perror ("malloc");
    return r;
  }
}

/* The entries of an ACL in long form (one per line, maybe with
 * comments) or short form (separated by commas), as one comma-separated
 * list for setfacl --set.  NULL with errno (silent).
 */
static char *
acl_entries (const char *acl)
{
  char *r = malloc (strlen (acl) + 1), *q = r;
  const char *p = acl;

  if (r == NULL)
    return NULL;
  while (*p) {
    size_t len = strcspn (p, ",\n");
    const char *hash = memchr (p, '#', len);
    size_t keep = hash ? (size_t) (hash - p) : len;

    /* Leading and trailing blanks of an entry are not part of it. */
    while (keep > 0 && (*p == ' ' || *p == '\t')) {
      p++;
      keep--;
      len--;
    }
    while (keep > 0 && (p[keep - 1] == ' ' || p[keep - 1] == '\t'))
      keep--;
    if (keep > 0) {
      if (q != r)
        *q++ = ',';
      memcpy (q, p, keep);
      q += keep;
    }
    p += len;
    if (*p)
      p++;
  }
  *q = '\0';
  return r;
}

/* Whether the comma-separated entries name a user or a group (a
 * "u:ID:" or "g:ID:" entry), and whether they have a mask entry.
 */
static void
acl_scan (const char *entries, bool *named, bool *mask)
{
  const char *p = entries;

  *named = *mask = false;
  while (*p) {
    size_t len = strcspn (p, ",");
    const char *colon = memchr (p, ':', len);

    if (colon && (p[0] == 'u' || p[0] == 'g') && colon + 1 < p + len &&
        colon[1] != ':')
      *named = true;
    if (p[0] == 'm')
      *mask = true;
    p += len;
    if (*p)
      p++;
  }
}

int
do_acl_set_file (const char *path, const char *acltype, const char *acl)
{
  CLEANUP_FREE char *host = NULL, *err = NULL, *entries = NULL,
    *set = NULL;
  const char *opt = acl_type_option (acltype);
  const char *argv[7];
  bool named, mask;
  size_t n = 0;

  if (opt == NULL || require_program ("setfacl") == -1)
    return -1;
  entries = acl_entries (acl);
  if (entries == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  if (entries[0] == '\0') {
    reply_with_error_errno (EINVAL, "%s: the ACL has no entries", path);
    return -1;
  }
  /* setfacl would make up a missing mask; the caller must give it, so
   * that the ACL set is the one written.
   */
  acl_scan (entries, &named, &mask);
  if (named && !mask) {
    reply_with_error_errno (EINVAL, "%s: an ACL naming users or groups "
                            "needs a mask entry (m::PERMS)", path);
    return -1;
  }
  host = sysroot_realpath (path);
  if (host == NULL) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (asprintf (&set, "--set=%s", entries) == -1) {
    reply_with_perror ("asprintf");
    return -1;
  }
  argv[n++] = "setfacl";
  argv[n++] = "--no-mask";
  if (strcmp (opt, "--default") == 0)
    argv[n++] = "--default";
  argv[n++] = set;
  argv[n++] = "--";
  argv[n++] = host;
  argv[n] = NULL;
  if (commandv (NULL, &err, argv) == -1)
    return acl_tool_error ("setfacl", err);
  return 0;
}

int
do_acl_delete_def_file (const char *dir)
{
  CLEANUP_FREE char *host = NULL, *err = NULL;

  if (require_program ("setfacl") == -1)
    return -1;
  host = sysroot_realpath (dir);
  if (host == NULL) {
    reply_with_perror ("%s", dir);
    return -1;
  }
  if (command (NULL, &err, "setfacl", "--remove-default", "--", host,
               NULL) == -1)
    return acl_tool_error ("setfacl", err);
  return 0;
}
