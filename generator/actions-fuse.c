/* careen - offline disk-image toolkit
 * API table: library calls that mount the guest's mounted filesystems
 * on a host directory through FUSE, so that ordinary programs can use
 * them.  Every FUSE request becomes calls on the handle (lib/fuse-*.c).
 * See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action library_actions_fuse[] = {
  {
    .name = "mount_local",
    .ret = RET_ERR,
    .args = { { ARG_STRING, "localmountpoint" } },
    .optargs = {
      { OPT_BOOL, "readonly" },
      { OPT_STRING, "options" },
      { OPT_INT, "cachetimeout" },
      { OPT_BOOL, "debugcalls" },
    },
    .shortdesc = "mount on the local filesystem",
    .longdesc =
    "Make the filesystems the appliance has mounted (under C<guestfs_mount> "
    "and its kin) visible on the host at C<localmountpoint>, an existing "
    "empty directory, through FUSE.  See L<guestfs(3)/MOUNT LOCAL>.\n"
    "\n"
    "The mount point exists once this call returns, but nothing answers "
    "requests on it until C<guestfs_mount_local_run> runs: start any "
    "process that uses it between the two calls.\n"
    "\n"
    "C<readonly> refuses every change with C<EROFS>.  C<options> is a "
    "comma-separated list of FUSE mount options (see L<mount.fuse3(8)>), "
    "for example C<allow_other>.  C<cachetimeout> is how many seconds "
    "file attributes, link targets and extended attributes read for a "
    "directory listing are kept (default 60; 0 keeps nothing).  "
    "C<debugcalls> logs every FUSE request and its result as debug "
    "messages (with C<guestfs_set_verbose>).\n"
    "\n"
    "A handle has at most one local mount at a time.  When the host has "
    "no FUSE (no F</dev/fuse>, or careen was built without libfuse3), "
    "this fails with C<ENOTSUP>.\n",
  },
  {
    .name = "mount_local_run",
    .ret = RET_ERR,
    .shortdesc = "run main loop of mount on the local filesystem",
    .longdesc =
    "Answer the requests on the mount point made by "
    "C<guestfs_mount_local> until it is unmounted, with "
    "C<guestfs_umount_local>, L<guestunmount(1)> or L<fusermount3(1)> "
    "C<-u>, or until the process gets C<SIGINT>, C<SIGTERM> or C<SIGHUP> "
    "(it then unmounts it).  Requests are answered one at a time, since "
    "a handle runs one call at a time.\n"
    "\n"
    "Unmount from another process (the one that used the mount point, "
    "which may be a child of this one): this call does not return until "
    "the mount is gone.\n",
  },
  {
    .name = "umount_local",
    .ret = RET_ERR,
    .optargs = { { OPT_BOOL, "retry" } },
    .shortdesc = "unmount a locally mounted filesystem",
    .longdesc =
    "Unmount the mount point made by C<guestfs_mount_local>, which makes "
    "C<guestfs_mount_local_run> return.  With C<retry>, a mount point "
    "still in use is tried again for a few seconds before failing, as "
    "happens when a program that used it is still closing its files.\n"
    "\n"
    "Call it from a process other than the one in "
    "C<guestfs_mount_local_run> (a child forked after "
    "C<guestfs_mount_local>, for example): the handle answers one call "
    "at a time.\n",
  },
  { .name = NULL }
};
