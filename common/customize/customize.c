/* careen - offline disk-image toolkit
 * The customize operations: the option table, the parsing of each
 * option into a list of operations in command-line order, the help
 * text, and customize_run, which carries the list out.
 */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanups.h"
#include "customize.h"
#include "customize-internal.h"
#include "xalloc.h"

/* Most operations one command line (or --commands-from-file) may give:
 * far more than anyone types, it bounds memory for a runaway file.
 */
#define CUSTOMIZE_MAX_OPS 10000

/* Longest line of a --commands-from-file file. */
#define CUSTOMIZE_MAX_COMMAND_LINE (64 * 1024)

/* The options, in the order of their getopt values (BASE + index):
 * customize_handle_option finds an option by its value, so the order
 * of this table is the only map.
 */
enum {
  O_APPEND_LINE, O_CHMOD, O_CHOWN, O_COMMANDS_FROM_FILE, O_COPY,
  O_COPY_IN, O_DELETE, O_EDIT, O_FIRSTBOOT, O_FIRSTBOOT_COMMAND,
  O_FIRSTBOOT_INSTALL, O_HOSTNAME, O_INSTALL, O_LINK, O_MKDIR, O_MOVE,
  O_PASSWORD, O_PASSWORD_CRYPTO, O_ROOT_PASSWORD, O_RUN, O_RUN_COMMAND,
  O_SCRUB, O_SELINUX_RELABEL, O_SM_ATTACH, O_SM_CREDENTIALS,
  O_SM_REGISTER, O_SM_REMOVE, O_SM_UNREGISTER, O_SSH_INJECT, O_TIMEZONE,
  O_TOUCH, O_TRUNCATE, O_TRUNCATE_RECURSIVE, O_UNINSTALL, O_UPDATE,
  O_UPLOAD, O_WRITE, O_NO_LOGFILE, O_COUNT
};

#define V(o) (CUSTOMIZE_OPT_BASE + (o))

const struct option customize_long_options[] = {
  { "append-line", required_argument, NULL, V (O_APPEND_LINE) },
  { "chmod", required_argument, NULL, V (O_CHMOD) },
  { "chown", required_argument, NULL, V (O_CHOWN) },
  { "commands-from-file", required_argument, NULL,
    V (O_COMMANDS_FROM_FILE) },
  { "copy", required_argument, NULL, V (O_COPY) },
  { "copy-in", required_argument, NULL, V (O_COPY_IN) },
  { "delete", required_argument, NULL, V (O_DELETE) },
  { "edit", required_argument, NULL, V (O_EDIT) },
  { "firstboot", required_argument, NULL, V (O_FIRSTBOOT) },
  { "firstboot-command", required_argument, NULL, V (O_FIRSTBOOT_COMMAND) },
  { "firstboot-install", required_argument, NULL, V (O_FIRSTBOOT_INSTALL) },
  { "hostname", required_argument, NULL, V (O_HOSTNAME) },
  { "install", required_argument, NULL, V (O_INSTALL) },
  { "link", required_argument, NULL, V (O_LINK) },
  { "mkdir", required_argument, NULL, V (O_MKDIR) },
  { "move", required_argument, NULL, V (O_MOVE) },
  { "password", required_argument, NULL, V (O_PASSWORD) },
  { "password-crypto", required_argument, NULL, V (O_PASSWORD_CRYPTO) },
  { "root-password", required_argument, NULL, V (O_ROOT_PASSWORD) },
  { "run", required_argument, NULL, V (O_RUN) },
  { "run-command", required_argument, NULL, V (O_RUN_COMMAND) },
  { "scrub", required_argument, NULL, V (O_SCRUB) },
  { "selinux-relabel", no_argument, NULL, V (O_SELINUX_RELABEL) },
  { "sm-attach", required_argument, NULL, V (O_SM_ATTACH) },
  { "sm-credentials", required_argument, NULL, V (O_SM_CREDENTIALS) },
  { "sm-register", no_argument, NULL, V (O_SM_REGISTER) },
  { "sm-remove", no_argument, NULL, V (O_SM_REMOVE) },
  { "sm-unregister", no_argument, NULL, V (O_SM_UNREGISTER) },
  { "ssh-inject", required_argument, NULL, V (O_SSH_INJECT) },
  { "timezone", required_argument, NULL, V (O_TIMEZONE) },
  { "touch", required_argument, NULL, V (O_TOUCH) },
  { "truncate", required_argument, NULL, V (O_TRUNCATE) },
  { "truncate-recursive", required_argument, NULL,
    V (O_TRUNCATE_RECURSIVE) },
  { "uninstall", required_argument, NULL, V (O_UNINSTALL) },
  { "update", no_argument, NULL, V (O_UPDATE) },
  { "upload", required_argument, NULL, V (O_UPLOAD) },
  { "write", required_argument, NULL, V (O_WRITE) },
  { "no-logfile", no_argument, NULL, V (O_NO_LOGFILE) },
  { NULL, 0, NULL, 0 }
};

struct customize_ops *
customize_ops_new (const char *program)
{
  struct customize_ops *ops = calloc (1, sizeof *ops);

  if (ops == NULL) {
    perror ("calloc");
    exit (EXIT_FAILURE);
  }
  ops->program = program;
  ops->crypto = CRYPTO_SHA512;
  clock_gettime (CLOCK_MONOTONIC, &ops->start);
  return ops;
}

static void
op_release (struct customize_op *op)
{
  size_t i;

  /* --write may carry secrets as much as a password does. */
  if (op->b)
    memset (op->b, 0, strlen (op->b));
  free (op->a);
  free (op->b);
  if (op->links) {
    for (i = 0; op->links[i]; ++i)
      free (op->links[i]);
    free (op->links);
  }
  customize_pw_release (&op->pw);
}

void
customize_ops_free (struct customize_ops *ops)
{
  size_t i;

  if (ops == NULL)
    return;
  for (i = 0; i < ops->ops.len; ++i)
    op_release (&ops->ops.ptr[i]);
  customize_op_vector_release (&ops->ops);
  free (ops->sm_user);
  customize_pw_release (&ops->sm_password);
  free (ops);
}

bool
customize_runs_guest_programs (const struct customize_ops *ops)
{
  size_t i;

  for (i = 0; i < ops->ops.len; ++i) {
    switch (ops->ops.ptr[i].kind) {
    case OP_RUN:
    case OP_RUN_COMMAND:
    case OP_INSTALL:
    case OP_UNINSTALL:
    case OP_UPDATE:
    case OP_SM_ATTACH:
    case OP_SM_REGISTER:
    case OP_SM_REMOVE:
    case OP_SM_UNREGISTER:
      return true;
    default:
      break;
    }
  }
  return false;
}

struct option *
customize_merge_long_options (const struct option *tool)
{
  size_t n = 0, m = O_COUNT;
  struct option *r;

  while (tool[n].name)
    ++n;
  r = calloc (n + m + 1, sizeof *r);
  if (r == NULL) {
    perror ("calloc");
    exit (EXIT_FAILURE);
  }
  memcpy (r, tool, n * sizeof *r);
  memcpy (r + n, customize_long_options, (m + 1) * sizeof *r);
  return r;
}

void
customize_progress (const struct customize_ops *ops, bool quiet,
                    const char *fs, ...)
{
  struct timespec now;
  double t;
  va_list args;

  if (quiet)
    return;
  clock_gettime (CLOCK_MONOTONIC, &now);
  t = (double) (now.tv_sec - ops->start.tv_sec)
    + (now.tv_nsec - ops->start.tv_nsec) / 1e9;
  printf ("[%6.1f] ", t);
  va_start (args, fs);
  vprintf (fs, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

/* Appends a new, zeroed operation of KIND. */
static struct customize_op *
add_op (struct customize_ops *ops, enum customize_op_kind kind)
{
  struct customize_op *p;

  if (ops->ops.len >= CUSTOMIZE_MAX_OPS) {
    fprintf (stderr, "%s: too many customize operations (most %d)\n",
             ops->program, CUSTOMIZE_MAX_OPS);
    return NULL;
  }
  if (customize_op_vector_reserve (&ops->ops, 1) == -1)
    die_nomem ();
  p = &ops->ops.ptr[ops->ops.len++];
  memset (p, 0, sizeof *p);
  p->kind = kind;
  return p;
}

static int
bad_arg (const struct customize_ops *ops, const char *option,
         const char *arg, const char *expected)
{
  fprintf (stderr, "%s: --%s: bad argument '%s': expected %s\n",
           ops->program, option, arg, expected);
  return -1;
}

/* A guest path must be absolute: relative ones have no meaning in an
 * image, and the original tools refuse them too.
 */
static int
check_guest_path (const struct customize_ops *ops, const char *option,
                  const char *path)
{
  if (path[0] != '/') {
    fprintf (stderr, "%s: --%s: '%s': the guest path must be absolute\n",
             ops->program, option, path);
    return -1;
  }
  return 0;
}

/* The host file must be readable now: better at parse time than after
 * the appliance has booted.
 */
static int
check_host_file (const struct customize_ops *ops, const char *option,
                 const char *file)
{
  if (access (file, R_OK) == -1) {
    fprintf (stderr, "%s: --%s: %s: %m\n", ops->program, option, file);
    return -1;
  }
  return 0;
}

/* ARG as "A:B" (split at the first colon, both non-empty unless
 * B_EMPTY_OK), recorded as an operation of KIND.
 */
static int
add_pair (struct customize_ops *ops, enum customize_op_kind kind,
          const char *option, const char *arg, const char *expected,
          bool b_empty_ok)
{
  const char *colon = strchr (arg, ':');
  struct customize_op *op;

  if (colon == NULL || colon == arg || (!b_empty_ok && colon[1] == '\0'))
    return bad_arg (ops, option, arg, expected);
  op = add_op (ops, kind);
  if (op == NULL)
    return -1;
  op->a = xstrndup (arg, colon - arg);
  op->b = xstrdup (colon + 1);
  return 0;
}

static int
add_single (struct customize_ops *ops, enum customize_op_kind kind,
            const char *option, const char *arg, bool guest_path)
{
  struct customize_op *op;

  if (*arg == '\0')
    return bad_arg (ops, option, arg, "a non-empty value");
  if (guest_path && check_guest_path (ops, option, arg) == -1)
    return -1;
  op = add_op (ops, kind);
  if (op == NULL)
    return -1;
  op->a = xstrdup (arg);
  return 0;
}

static int
parse_chmod (struct customize_ops *ops, const char *arg)
{
  const char *colon = strchr (arg, ':');
  CLEANUP_FREE char *perm = NULL;
  struct customize_op *op;
  char *end;
  unsigned long mode;

  if (colon == NULL || colon == arg || colon[1] == '\0')
    return bad_arg (ops, "chmod", arg, "PERMISSIONS:FILE");
  perm = xstrndup (arg, colon - arg);
  /* Base 0: decimal unless it starts with 0, as the original says. */
  errno = 0;
  mode = strtoul (perm, &end, 0);
  if (errno || *end || perm[0] == '-' || mode > 07777)
    return bad_arg (ops, "chmod", arg,
                    "PERMISSIONS:FILE with PERMISSIONS a mode such as 0755");
  if (check_guest_path (ops, "chmod", colon + 1) == -1)
    return -1;
  op = add_op (ops, OP_CHMOD);
  if (op == NULL)
    return -1;
  op->mode = mode;
  op->a = xstrdup (colon + 1);
  return 0;
}

/* A user or group id for --chown: a non-negative decimal number. */
static int
parse_id (const char *s, size_t len, long *r)
{
  CLEANUP_FREE char *t = xstrndup (s, len);
  char *end;

  errno = 0;
  if (len == 0 || t[0] == '-' || t[0] == '+')
    return -1;
  *r = strtol (t, &end, 10);
  if (errno || *end || *r > INT_MAX)
    return -1;
  return 0;
}

static int
parse_chown (struct customize_ops *ops, const char *arg)
{
  const char *c1 = strchr (arg, ':'), *c2 = c1 ? strchr (c1 + 1, ':') : NULL;
  struct customize_op *op;
  long uid, gid;

  if (c2 == NULL || parse_id (arg, c1 - arg, &uid) == -1 ||
      parse_id (c1 + 1, c2 - c1 - 1, &gid) == -1 || c2[1] == '\0')
    return bad_arg (ops, "chown", arg, "UID:GID:PATH with numeric ids");
  if (check_guest_path (ops, "chown", c2 + 1) == -1)
    return -1;
  op = add_op (ops, OP_CHOWN);
  if (op == NULL)
    return -1;
  op->uid = uid;
  op->gid = gid;
  op->a = xstrdup (c2 + 1);
  return 0;
}

static int
parse_link (struct customize_ops *ops, const char *arg)
{
  const char *colon = strchr (arg, ':'), *p;
  struct customize_op *op;
  size_t n = 0, i;

  if (colon == NULL || colon == arg || colon[1] == '\0')
    return bad_arg (ops, "link", arg, "TARGET:LINK[:LINK...]");
  for (p = colon; p; p = strchr (p + 1, ':')) {
    if (p[1] == '\0' || p[1] == ':')
      return bad_arg (ops, "link", arg, "TARGET:LINK[:LINK...]");
    ++n;
  }
  op = add_op (ops, OP_LINK);
  if (op == NULL)
    return -1;
  op->a = xstrndup (arg, colon - arg);
  op->links = calloc (n + 1, sizeof (char *));
  if (op->links == NULL) {
    perror ("calloc");
    exit (EXIT_FAILURE);
  }
  for (i = 0, p = colon + 1; i < n; ++i) {
    const char *e = strchr (p, ':');
    size_t len = e ? (size_t) (e - p) : strlen (p);

    op->links[i] = xstrndup (p, len);
    if (check_guest_path (ops, "link", op->links[i]) == -1)
      return -1;
    p += len + 1;
  }
  return 0;
}

static int
parse_password (struct customize_ops *ops, const char *option,
                const char *user, size_t user_len, const char *sel)
{
  struct customize_pw pw = { 0 };
  struct customize_op *op;

  if (customize_parse_pw (ops, option, sel, &pw) == -1)
    return -1;
  op = add_op (ops, OP_PASSWORD);
  if (op == NULL) {
    customize_pw_release (&pw);
    return -1;
  }
  op->a = xstrndup (user, user_len);
  op->pw = pw;
  return 0;
}

static int
parse_ssh_inject (struct customize_ops *ops, const char *arg)
{
  const char *colon = strchr (arg, ':');
  struct customize_op *op;
  CLEANUP_FREE char *user = NULL;
  char *key = NULL;

  if (colon == arg || *arg == '\0')
    return bad_arg (ops, "ssh-inject", arg,
                    "USER[:file:FILE|:string:KEY]");
  user = xstrndup (arg, colon ? (size_t) (colon - arg) : strlen (arg));
  if (colon == NULL) {
    /* No selector: the caller's own public keys, read now so a missing
     * ~/.ssh is reported before the launch.
     */
    key = customize_default_ssh_keys (ops);
    if (key == NULL)
      return -1;
  }
  else if (strncmp (colon + 1, "string:", 7) == 0 && colon[8] != '\0')
    key = xstrdup (colon + 8);
  else if (strncmp (colon + 1, "file:", 5) == 0 && colon[6] != '\0') {
    if (check_host_file (ops, "ssh-inject", colon + 6) == -1)
      return -1;
    /* Read at run time, so the key is current. */
  }
  else
    return bad_arg (ops, "ssh-inject", arg,
                    "USER[:file:FILE|:string:KEY]");
  op = add_op (ops, OP_SSH_INJECT);
  if (op == NULL) {
    free (key);
    return -1;
  }
  op->a = user;
  user = NULL;
  if (key)
    op->b = key;
  else {
    op->b = xstrdup (colon + 6);
    op->key_file = true;
  }
  return 0;
}

static int read_commands_file (struct customize_ops *ops, const char *file);
static int handle_one (struct customize_ops *ops, int o, const char *name,
                       const char *arg);

/* Records option O (NAME, its argument ARG).  0, or -1 (printed). */
static int
handle (struct customize_ops *ops, int o, const char *name,
        const char *arg)
{
  size_t n = ops->ops.len, i;
  int r = handle_one (ops, o, name, arg);

  for (i = n; i < ops->ops.len; ++i)
    if (ops->ops.ptr[i].option == NULL)
      ops->ops.ptr[i].option = name;
  return r;
}

static int
handle_one (struct customize_ops *ops, int o, const char *name,
            const char *arg)
{
  const char *colon;

  switch (o) {
  case O_APPEND_LINE:
    if (add_pair (ops, OP_APPEND_LINE, name, arg, "FILE:LINE", true) == -1)
      return -1;
    return check_guest_path (ops, name, ops->ops.ptr[ops->ops.len - 1].a);
  case O_CHMOD:
    return parse_chmod (ops, arg);
  case O_CHOWN:
    return parse_chown (ops, arg);
  case O_COMMANDS_FROM_FILE:
    return read_commands_file (ops, arg);
  case O_COPY:
  case O_MOVE:
    if (add_pair (ops, o == O_COPY ? OP_COPY : OP_MOVE, name, arg,
                  "SOURCE:DEST", false) == -1 ||
        check_guest_path (ops, name, ops->ops.ptr[ops->ops.len - 1].a) == -1)
      return -1;
    return check_guest_path (ops, name, ops->ops.ptr[ops->ops.len - 1].b);
  case O_COPY_IN:
    if (add_pair (ops, OP_COPY_IN, name, arg, "LOCALPATH:REMOTEDIR",
                  false) == -1 ||
        check_host_file (ops, name, ops->ops.ptr[ops->ops.len - 1].a) == -1)
      return -1;
    return check_guest_path (ops, name, ops->ops.ptr[ops->ops.len - 1].b);
  case O_DELETE:
    return add_single (ops, OP_DELETE, name, arg, true);
  case O_EDIT:
    if (add_pair (ops, OP_EDIT, name, arg, "FILE:EXPR", false) == -1)
      return -1;
    return check_guest_path (ops, name, ops->ops.ptr[ops->ops.len - 1].a);
  case O_FIRSTBOOT:
    if (check_host_file (ops, name, arg) == -1)
      return -1;
    return add_single (ops, OP_FIRSTBOOT, name, arg, false);
  case O_FIRSTBOOT_COMMAND:
    return add_single (ops, OP_FIRSTBOOT_COMMAND, name, arg, false);
  case O_HOSTNAME:
    /* The name lands in files and in /etc/hosts lines: only the
     * characters of a DNS name keep those files well-formed.
     */
    if (*arg == '\0' || strlen (arg) > 253 ||
        arg[strspn (arg, "abcdefghijklmnopqrstuvwxyz"
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")] != '\0')
      return bad_arg (ops, name, arg,
                      "a host name of letters, digits, '-' and '.'");
    return add_single (ops, OP_HOSTNAME, name, arg, false);
  case O_LINK:
    return parse_link (ops, arg);
  case O_MKDIR:
    return add_single (ops, OP_MKDIR, name, arg, true);
  case O_PASSWORD:
    colon = strchr (arg, ':');
    if (colon == NULL || colon == arg)
      return bad_arg (ops, name, arg, "USER:SELECTOR");
    return parse_password (ops, name, arg, colon - arg, colon + 1);
  case O_PASSWORD_CRYPTO:
    if (strcmp (arg, "md5") == 0)
      ops->crypto = CRYPTO_MD5;
    else if (strcmp (arg, "sha256") == 0)
      ops->crypto = CRYPTO_SHA256;
    else if (strcmp (arg, "sha512") == 0)
      ops->crypto = CRYPTO_SHA512;
    else
      return bad_arg (ops, name, arg, "md5, sha256 or sha512");
    return 0;
  case O_ROOT_PASSWORD:
    return parse_password (ops, name, "root", 4, arg);
  case O_RUN:
    if (check_host_file (ops, name, arg) == -1)
      return -1;
    return add_single (ops, OP_RUN, name, arg, false);
  case O_RUN_COMMAND:
    return add_single (ops, OP_RUN_COMMAND, name, arg, false);
  case O_SCRUB:
    return add_single (ops, OP_SCRUB, name, arg, true);
  case O_NO_LOGFILE:
    ops->scrub_logfile = true;
    return 0;
  case O_SELINUX_RELABEL:
    ops->selinux_relabel = true;
    return 0;
  case O_SSH_INJECT:
    return parse_ssh_inject (ops, arg);
  case O_TIMEZONE:
    /* A zone names a file under /usr/share/zoneinfo: no way out. */
    if (*arg == '\0' || arg[0] == '/' || strstr (arg, "..") ||
        arg[strspn (arg, "abcdefghijklmnopqrstuvwxyz"
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-+_/")] != '\0')
      return bad_arg (ops, name, arg, "a time zone such as Europe/London");
    return add_single (ops, OP_TIMEZONE, name, arg, false);
  case O_TOUCH:
    return add_single (ops, OP_TOUCH, name, arg, true);
  case O_TRUNCATE:
    return add_single (ops, OP_TRUNCATE, name, arg, true);
  case O_TRUNCATE_RECURSIVE:
    return add_single (ops, OP_TRUNCATE_RECURSIVE, name, arg, true);
  case O_UPLOAD:
    if (add_pair (ops, OP_UPLOAD, name, arg, "FILE:DEST", false) == -1 ||
        check_host_file (ops, name, ops->ops.ptr[ops->ops.len - 1].a) == -1)
      return -1;
    return check_guest_path (ops, name, ops->ops.ptr[ops->ops.len - 1].b);
  case O_WRITE:
    if (add_pair (ops, OP_WRITE, name, arg, "FILE:CONTENT", true) == -1)
      return -1;
    return check_guest_path (ops, name, ops->ops.ptr[ops->ops.len - 1].a);
  case O_FIRSTBOOT_INSTALL:
  case O_INSTALL:
  case O_UNINSTALL:
    if (!customize_valid_package_list (arg))
      return bad_arg (ops, name, arg, "package names separated by commas");
    return add_single (ops, o == O_INSTALL ? OP_INSTALL :
                       o == O_UNINSTALL ? OP_UNINSTALL :
                       OP_FIRSTBOOT_INSTALL, name, arg, false);
  case O_UPDATE:
    return add_op (ops, OP_UPDATE) == NULL ? -1 : 0;
  case O_SM_ATTACH: {
    struct customize_op *op = add_op (ops, OP_SM_ATTACH);

    return op == NULL ? -1 : customize_parse_sm_attach (ops, name, arg, op);
  }
  case O_SM_CREDENTIALS:
    return customize_parse_sm_credentials (ops, name, arg);
  case O_SM_REGISTER:
    return add_op (ops, OP_SM_REGISTER) == NULL ? -1 : 0;
  case O_SM_REMOVE:
    return add_op (ops, OP_SM_REMOVE) == NULL ? -1 : 0;
  case O_SM_UNREGISTER:
    return add_op (ops, OP_SM_UNREGISTER) == NULL ? -1 : 0;
  }
  abort ();
}

int
customize_handle_option (struct customize_ops *ops, int c,
                         const char *name, const char *arg)
{
  int o = c - CUSTOMIZE_OPT_BASE;

  if (c < CUSTOMIZE_OPT_BASE || o >= O_COUNT)
    return 0;
  /* The table is the truth: NAME may be NULL or an abbreviation. */
  name = customize_long_options[o].name;
  if (arg == NULL)
    arg = "";
  return handle (ops, o, name, arg) == -1 ? -1 : 1;
}

/* --commands-from-file: each line is "OPTION ARG" (OPTION without
 * "--"), blank lines and '#' comments ignored, a trailing backslash
 * joining the next line.
 */
static int
read_commands_file (struct customize_ops *ops, const char *file)
{
  CLEANUP_FCLOSE FILE *fp = fopen (file, "r");
  CLEANUP_FREE char *line = NULL, *acc = NULL;
  size_t alloc = 0, acc_len = 0, acc_cap = 0, lineno = 0;
  ssize_t len;

  if (fp == NULL) {
    fprintf (stderr, "%s: --commands-from-file: %s: %m\n", ops->program,
             file);
    return -1;
  }
  while ((len = getline (&line, &alloc, fp)) != -1) {
    size_t i;
    char *sp;
    bool cont;

    ++lineno;
    if (len > CUSTOMIZE_MAX_COMMAND_LINE ||
        acc_len + len > CUSTOMIZE_MAX_COMMAND_LINE) {
      fprintf (stderr, "%s: %s:%zu: line too long\n", ops->program, file,
               lineno);
      return -1;
    }
    if (len > 0 && line[len - 1] == '\n')
      line[--len] = '\0';
    cont = len > 0 && line[len - 1] == '\\';
    if (cont)
      line[--len] = '\0';
    if (vector_reserve ((void **) &acc, &acc_cap, acc_len, len + 1, 1) == -1)
      die_nomem ();
    memcpy (acc + acc_len, line, len + 1);
    acc_len += len;
    if (cont)
      continue;
    if (acc_len == 0 || acc[strspn (acc, " \t")] == '#' ||
        acc[strspn (acc, " \t")] == '\0') {
      acc_len = 0;
      continue;
    }
    sp = strchr (acc, ' ');
    if (sp)
      *sp = '\0';
    for (i = 0; i < O_COUNT; ++i)
      if (strcmp (customize_long_options[i].name, acc) == 0)
        break;
    if (i == O_COUNT || i == O_COMMANDS_FROM_FILE) {
      fprintf (stderr, "%s: %s:%zu: unknown command '%s'\n", ops->program,
               file, lineno, acc);
      return -1;
    }
    if ((customize_long_options[i].has_arg == required_argument) !=
        (sp != NULL)) {
      fprintf (stderr, "%s: %s:%zu: '%s' %s an argument\n", ops->program,
               file, lineno, acc, sp ? "takes no" : "needs");
      return -1;
    }
    if (handle (ops, i, customize_long_options[i].name,
                sp ? sp + 1 : "") == -1)
      return -1;
    acc_len = 0;
  }
  return 0;
}

void
customize_usage (FILE *fp)
{
  fputs ("Customization options:\n"
         "  --append-line FILE:LINE  append a line to a guest file\n"
         "  --chmod PERMISSIONS:FILE change the mode of a file (0755)\n"
         "  --chown UID:GID:PATH     change the owner of a file\n"
         "  --commands-from-file FILE  read customize options from FILE\n"
         "  --copy SOURCE:DEST       copy files inside the guest\n"
         "  --copy-in LOCALPATH:REMOTEDIR  copy host files in\n"
         "  --delete PATH            delete a file or directory\n"
         "  --edit FILE:EXPR         edit a file with s/REGEX/REPL/ (or Perl)\n"
         "  --firstboot SCRIPT       run SCRIPT at the guest's first boot\n"
         "  --firstboot-command CMD  run CMD at the guest's first boot\n"
         "  --firstboot-install PKG,PKG..  install packages at first boot\n"
         "  --hostname HOSTNAME      set the host name\n"
         "  --install PKG,PKG..      install packages (needs the network)\n"
         "  --link TARGET:LINK[:LINK..]  make symbolic links\n"
         "  --mkdir DIR              make a directory\n"
         "  --move SOURCE:DEST       move files inside the guest\n"
         "  --password USER:SELECTOR set a user's password\n"
         "  --password-crypto md5|sha256|sha512  password hash\n"
         "  --root-password SELECTOR set root's password\n"
         "  --run SCRIPT             run SCRIPT in the guest\n"
         "  --run-command CMD        run CMD in the guest\n"
         "  --scrub FILE             overwrite, then delete a file\n"
         "  --selinux-relabel        fix SELinux labels\n"
         "  --sm-credentials USER:password:PW|USER:file:FILE\n"
         "                           subscription-manager's credentials\n"
         "  --sm-register            register with subscription-manager\n"
         "  --sm-attach auto|pool:POOL|file:FILE  attach a subscription\n"
         "  --sm-remove              remove every subscription\n"
         "  --sm-unregister          unregister\n"
         "  --no-logfile             scrub the build log /tmp/builder.log\n"
         "  --ssh-inject USER[:file:FILE|:string:KEY]  add an ssh key\n"
         "  --timezone TIMEZONE      set the time zone (Europe/London)\n"
         "  --touch FILE             touch a file\n"
         "  --truncate FILE          make a file empty\n"
         "  --truncate-recursive PATH  make every file under PATH empty\n"
         "  --uninstall PKG,PKG..    remove packages\n"
         "  --update                 update every package (needs the "
         "network)\n"
         "  --upload FILE:DEST       upload a host file\n"
         "  --write FILE:CONTENT     write a file\n",
         fp);
}
