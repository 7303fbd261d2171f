/* careen - offline disk-image toolkit
 * --sm-credentials, --sm-register, --sm-attach, --sm-remove and
 * --sm-unregister: subscription-manager(8) run in the guest (Red Hat
 * Enterprise Linux's registration with Red Hat's servers, or a
 * Satellite), over the appliance's network.
 *
 * The password never appears on a command line that -x would trace:
 * it goes into a private file in the guest's /tmp, which the command
 * reads and removes.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "customize.h"
#include "customize-internal.h"

#define SM_PROGRAM "subscription-manager"

int
customize_parse_sm_credentials (struct customize_ops *ops, const char *option,
                                const char *arg)
{
  const char *colon = strchr (arg, ':');
  struct customize_pw pw;

  if (colon == NULL || colon == arg ||
      (strncmp (colon + 1, "password:", 9) != 0 &&
       strncmp (colon + 1, "file:", 5) != 0)) {
    fprintf (stderr, "%s: --%s: bad credentials: expected "
             "USER:password:PASSWORD or USER:file:FILENAME\n",
             ops->program, option);
    return -1;
  }
  if (customize_parse_pw (ops, option, colon + 1, &pw) == -1)
    return -1;
  free (ops->sm_user);
  customize_pw_release (&ops->sm_password);
  ops->sm_user = strndup (arg, colon - arg);
  if (ops->sm_user == NULL) {
    perror ("strndup");
    exit (EXIT_FAILURE);
  }
  ops->sm_password = pw;
  return 0;
}

int
customize_parse_sm_attach (struct customize_ops *ops, const char *option,
                           const char *arg, struct customize_op *op)
{
  if (strcmp (arg, "auto") == 0)
    op->a = strdup ("auto");
  else if (strncmp (arg, "pool:", 5) == 0 && arg[5] != '\0' &&
           arg[5 + strspn (arg + 5, "abcdefghijklmnopqrstuvwxyz"
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")]
           == '\0') {
    op->a = strdup ("pool");
    op->b = strdup (arg + 5);
  }
  else if (strncmp (arg, "file:", 5) == 0 && arg[5] != '\0') {
    op->a = strdup ("file");
    op->b = strdup (arg + 5);
  }
  else {
    fprintf (stderr, "%s: --%s: bad argument '%s': expected auto, "
             "pool:POOL or file:FILENAME\n", ops->program, option, arg);
    return -1;
  }
  if (op->a == NULL || (strcmp (op->a, "auto") != 0 && op->b == NULL)) {
    perror ("strdup");
    exit (EXIT_FAILURE);
  }
  return 0;
}

/* 0 when the guest has subscription-manager, else -1 (printed). */
static int
find_sm (guestfs_h *g, const struct customize_ops *ops,
         const struct customize_op *op)
{
  int r = customize_guest_has_program (g, SM_PROGRAM);

  if (r == 0)
    fprintf (stderr, "%s: --%s: the guest has no %s program\n",
             ops->program, op->option, SM_PROGRAM);
  return r == 1 ? 0 : -1;
}

/* Writes DATA into a new private file of the guest's /tmp; its name,
 * or NULL (printed).
 */
static char *
guest_private_file (guestfs_h *g, const struct customize_ops *ops,
                    const char *data, size_t len)
{
  char *tmp;

  if (guestfs_mkdir_p (g, "/tmp") == -1)
    return NULL;
  tmp = guestfs_mktemp (g, "/tmp/careen-smXXXXXX", -1);
  if (tmp == NULL)
    return NULL;
  if (customize_write_guest_file (g, ops, tmp, data, len, 0600) == -1) {
    free (tmp);
    return NULL;
  }
  return tmp;
}

int
customize_sm (guestfs_h *g, const struct customize_ops *ops,
              const struct customize_op *op)
{
  CLEANUP_FREE char *tmp = NULL, *cmd = NULL, *out = NULL;
  int r;

  if (op->kind == OP_SM_REGISTER && ops->sm_user == NULL) {
    fprintf (stderr, "%s: --%s needs --sm-credentials\n", ops->program,
             op->option);
    return -1;
  }
  if (guestfs_get_network (g) != 1) {
    fprintf (stderr, "%s: --%s: the appliance has no network, which %s "
             "needs (see --network)\n", ops->program, op->option,
             SM_PROGRAM);
    return -1;
  }
  if (find_sm (g, ops, op) == -1)
    return -1;

  switch (op->kind) {
  case OP_SM_REGISTER:
    tmp = guest_private_file (g, ops, ops->sm_password.password,
                              strlen (ops->sm_password.password));
    if (tmp == NULL)
      return -1;
    /* The user name was given on the host's command line: quote it. */
    r = asprintf (&cmd, SM_PROGRAM " register --username='%s' "
                  "--password=\"$(cat '%s')\"", ops->sm_user, tmp);
    break;
  case OP_SM_ATTACH:
    if (strcmp (op->a, "auto") == 0)
      r = asprintf (&cmd, SM_PROGRAM " attach --auto");
    else if (strcmp (op->a, "pool") == 0)
      r = asprintf (&cmd, SM_PROGRAM " attach --pool='%s'", op->b);
    else {
      if (guestfs_mkdir_p (g, "/tmp") == -1)
        return -1;
      tmp = guestfs_mktemp (g, "/tmp/careen-smXXXXXX", -1);
      if (tmp == NULL || guestfs_upload (g, op->b, tmp) == -1)
        return -1;
      r = asprintf (&cmd, SM_PROGRAM " attach --file='%s'", tmp);
    }
    break;
  case OP_SM_REMOVE:
    r = asprintf (&cmd, SM_PROGRAM " remove --all");
    break;
  default:
    r = asprintf (&cmd, SM_PROGRAM " unregister");
    break;
  }
  if (r == -1) {
    perror ("asprintf");
    cmd = NULL;
  }
  else
    out = guestfs_sh (g, cmd);
  if (tmp) {
    guestfs_push_error_handler (g, NULL, NULL);
    guestfs_rm_f (g, tmp);
    guestfs_pop_error_handler (g);
  }
  return out ? 0 : -1;
}
