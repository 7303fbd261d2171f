/* careen - offline disk-image toolkit
 * customize_run: carries out the recorded operations in command-line
 * order, each announced by a progress line, then the passwords and
 * the SELinux relabelling, which the original also does last.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cleanups.h"
#include "customize.h"
#include "customize-internal.h"

/* The log of the commands that built the image, where virt-builder and
 * libguestfs's virt-customize leave it in the guest.
 */
#define BUILDER_LOG "/tmp/builder.log"

/* The progress line of OP, as the original words it. */
static void
announce (const struct customize_ops *ops, const struct customize_op *op,
          bool quiet)
{
  size_t i;

  switch (op->kind) {
  case OP_APPEND_LINE:
    customize_progress (ops, quiet, "Appending line to %s", op->a); break;
  case OP_CHMOD:
    customize_progress (ops, quiet, "Changing permissions of %s to 0%o",
                        op->a, op->mode); break;
  case OP_CHOWN:
    customize_progress (ops, quiet, "Changing owner of %s to %ld:%ld",
                        op->a, op->uid, op->gid); break;
  case OP_COPY:
    customize_progress (ops, quiet, "Copying: %s to %s", op->a, op->b);
    break;
  case OP_COPY_IN:
    customize_progress (ops, quiet, "Copying: %s to %s", op->a, op->b);
    break;
  case OP_DELETE:
    customize_progress (ops, quiet, "Deleting: %s", op->a); break;
  case OP_EDIT:
    customize_progress (ops, quiet, "Editing: %s", op->a); break;
  case OP_FIRSTBOOT:
    customize_progress (ops, quiet, "Installing firstboot script: %s",
                        op->a); break;
  case OP_FIRSTBOOT_COMMAND:
    customize_progress (ops, quiet, "Installing firstboot command: %s",
                        op->a); break;
  case OP_FIRSTBOOT_INSTALL:
    customize_progress (ops, quiet, "Installing at first boot: %s", op->a);
    break;
  case OP_HOSTNAME:
    customize_progress (ops, quiet, "Setting the hostname: %s", op->a);
    break;
  case OP_INSTALL:
    customize_progress (ops, quiet, "Installing packages: %s", op->a);
    break;
  case OP_UNINSTALL:
    customize_progress (ops, quiet, "Uninstalling packages: %s", op->a);
    break;
  case OP_UPDATE:
    customize_progress (ops, quiet, "Updating packages"); break;
  case OP_LINK:
    for (i = 0; op->links[i]; ++i)
      customize_progress (ops, quiet, "Linking: %s -> %s", op->links[i],
                          op->a);
    break;
  case OP_MKDIR:
    customize_progress (ops, quiet, "Making directory: %s", op->a); break;
  case OP_MOVE:
    customize_progress (ops, quiet, "Moving: %s -> %s", op->a, op->b);
    break;
  case OP_PASSWORD:
    break;                      /* all at once, at the end */
  case OP_RUN:
    customize_progress (ops, quiet, "Running: %s", op->a); break;
  case OP_RUN_COMMAND:
    customize_progress (ops, quiet, "Running: %s", op->a); break;
  case OP_SCRUB:
    customize_progress (ops, quiet, "Scrubbing: %s", op->a); break;
  case OP_SM_ATTACH:
    customize_progress (ops, quiet, "Attaching to a subscription (%s)",
                        op->a); break;
  case OP_SM_REGISTER:
    customize_progress (ops, quiet, "Registering with subscription-manager");
    break;
  case OP_SM_REMOVE:
    customize_progress (ops, quiet, "Removing every subscription"); break;
  case OP_SM_UNREGISTER:
    customize_progress (ops, quiet, "Unregistering with "
                        "subscription-manager"); break;
  case OP_SSH_INJECT:
    customize_progress (ops, quiet, "SSH key inject: %s", op->a); break;
  case OP_TIMEZONE:
    customize_progress (ops, quiet, "Setting the timezone: %s", op->a);
    break;
  case OP_TOUCH:
    customize_progress (ops, quiet, "Touching: %s", op->a); break;
  case OP_TRUNCATE:
    customize_progress (ops, quiet, "Truncating: %s", op->a); break;
  case OP_TRUNCATE_RECURSIVE:
    customize_progress (ops, quiet, "Recursively truncating: %s", op->a);
    break;
  case OP_UPLOAD:
    customize_progress (ops, quiet, "Uploading: %s to %s", op->a, op->b);
    break;
  case OP_WRITE:
    customize_progress (ops, quiet, "Writing: %s", op->a); break;
  }
}

/* The operations that only make sense on Linux (and the like): a
 * Windows guest has no /bin/sh, /etc/shadow or init system.
 */
static bool
needs_unix (enum customize_op_kind kind)
{
  switch (kind) {
  case OP_FIRSTBOOT: case OP_FIRSTBOOT_COMMAND: case OP_PASSWORD:
  case OP_RUN: case OP_RUN_COMMAND: case OP_SSH_INJECT:
  case OP_FIRSTBOOT_INSTALL: case OP_INSTALL: case OP_UNINSTALL:
  case OP_UPDATE: case OP_SM_ATTACH: case OP_SM_REGISTER: case OP_SM_REMOVE:
  case OP_SM_UNREGISTER:
    return true;
  default:
    return false;
  }
}

int
customize_run (guestfs_h *g, const char *root, struct customize_ops *ops,
               bool dry_run, bool quiet)
{
  CLEANUP_FREE char *type = NULL;
  bool have_passwords = false;
  size_t i;
  int r;

  type = guestfs_inspect_get_type (g, root);
  if (type == NULL)
    return -1;
  /* Checked before anything is changed: all or nothing, here. */
  for (i = 0; i < ops->ops.len; ++i) {
    if (needs_unix (ops->ops.ptr[i].kind) && strcmp (type, "linux") != 0 &&
        strcmp (type, "freebsd") != 0 && strcmp (type, "netbsd") != 0 &&
        strcmp (type, "openbsd") != 0 && strcmp (type, "hurd") != 0) {
      fprintf (stderr, "%s: --%s: not supported for a '%s' guest\n",
               ops->program, ops->ops.ptr[i].option, type);
      return -1;
    }
  }

  for (i = 0; i < ops->ops.len; ++i) {
    const struct customize_op *op = &ops->ops.ptr[i];

    announce (ops, op, quiet);
    if (op->kind == OP_PASSWORD)
      have_passwords = true;
    if (dry_run || op->kind == OP_PASSWORD)
      continue;
    switch (op->kind) {
    case OP_HOSTNAME:
      r = customize_hostname (g, root, ops, op->a);
      break;
    case OP_TIMEZONE:
      r = customize_timezone (g, root, ops, op->a);
      break;
    case OP_RUN:
    case OP_RUN_COMMAND:
      r = customize_run_script (g, ops, op);
      break;
    case OP_FIRSTBOOT:
    case OP_FIRSTBOOT_COMMAND:
      r = customize_firstboot (g, ops, op);
      break;
    case OP_SSH_INJECT:
      r = customize_ssh_inject (g, ops, op);
      break;
    case OP_FIRSTBOOT_INSTALL:
    case OP_INSTALL:
    case OP_UNINSTALL:
    case OP_UPDATE:
      r = customize_packages (g, root, ops, op);
      break;
    case OP_SM_ATTACH:
    case OP_SM_REGISTER:
    case OP_SM_REMOVE:
    case OP_SM_UNREGISTER:
      r = customize_sm (g, ops, op);
      break;
    default:
      r = customize_file_op (g, ops, op);
      break;
    }
    if (r == -1)
      return -1;
  }

  if (have_passwords) {
    if (dry_run)
      customize_progress (ops, quiet, "Setting passwords");
    else if (customize_set_passwords (g, ops, quiet) == -1)
      return -1;
  }
  if (ops->scrub_logfile) {
    /* careen keeps no log in the guest, but an image made by
     * virt-builder or an earlier customization may hold one.
     */
    int found = dry_run ? 0 : guestfs_is_file (g, BUILDER_LOG);

    if (found == -1)
      return -1;
    if (found > 0 || dry_run)
      customize_progress (ops, quiet, "Scrubbing the log file");
    if (found > 0) {
      char path[] = BUILDER_LOG;
      struct customize_op scrub = {
        .kind = OP_SCRUB, .option = "no-logfile", .a = path,
      };

      if (customize_file_op (g, ops, &scrub) == -1)
        return -1;
    }
  }
  if (ops->selinux_relabel) {
    customize_progress (ops, quiet, "SELinux relabelling");
    if (!dry_run && customize_selinux_relabel (g, ops) == -1)
      return -1;
  }
  return 0;
}
