/** careen - offline disk-image toolkit
 * The API table, part 2: calls that run in the appliance daemon
 * (do_NAME in daemon/).  The proc_nr of each call is its number on the
 * wire: never reuse or renumber one, append new calls with the next
 * free number.
 */

#include <config.h>

#include "api.h"

/* Shared POD sentences. */
#define MOUNTED_PATH \
  "C<path> is an absolute path in the guest filesystems mounted with " \
  "C<guestfs_mount> and friends.\n"

const struct api_action daemon_actions[] = {
  {
    .name = "ping_daemon",
    .proc_nr = 1,
    .ret = RET_ERR,
    .shortdesc = "check that the daemon answers",
    .longdesc =
    "Send a call that does nothing to the daemon and wait for its reply.  "
    "Useful to check that the appliance is alive.\n",
  },
  {
    .name = "echo_daemon",
    .proc_nr = 2,
    .ret = RET_STRING,
    .args = { { ARG_STRINGLIST, "words" } },
    .shortdesc = "have the daemon return its arguments",
    .longdesc =
    "The daemon joins C<words> with single spaces and returns the result.  "
    "Useful to test the connection to the appliance.\n",
  },
  {
    .name = "list_devices",
    .proc_nr = 3,
    .ret = RET_STRINGLIST,
    .shortdesc = "list the block devices",
    .longdesc =
    "Return the whole-disk block devices of the appliance, one per drive "
    "added, in order: F</dev/sda>, F</dev/sdb>, ...\n",
  },
  {
    .name = "list_partitions",
    .proc_nr = 4,
    .ret = RET_STRINGLIST,
    .shortdesc = "list the partitions",
    .longdesc =
    "Return the partitions found on all the block devices, such as "
    "F</dev/sda1>, sorted by device.  Logical volumes and other mapped "
    "devices are not included.\n",
  },
  {
    .name = "list_filesystems",
    .proc_nr = 5,
    .ret = RET_HASHTABLE,
    .shortdesc = "list the filesystems",
    .longdesc =
    "Look at every device, partition and logical volume and return a "
    "table from each one to the type of filesystem it holds (as "
    "C<guestfs_vfs_type> would say), C<swap> for swap space, or "
    "C<unknown> when it cannot be identified.  Devices that hold other "
    "devices (partitioned disks, physical volumes) are left out.  The "
    "contents are examined, so this is slower than listing devices.\n",
  },
  {
    .name = "blockdev_getsize64",
    .proc_nr = 6,
    .ret = RET_INT64,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get the size of a block device in bytes",
    .longdesc = "Return the size of C<device> in bytes.\n",
  },
  {
    .name = "part_init",
    .proc_nr = 7,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_STRING, "parttype" } },
    .shortdesc = "create an empty partition table",
    .longdesc =
    "Write a new, empty partition table on C<device>, destroying any "
    "partitions it had.  C<parttype> is C<mbr> (also spelt C<msdos>) "
    "for a DOS partition table or C<gpt> for a GUID partition table.  "
    "Add partitions with C<guestfs_part_add>.\n",
  },
  {
    .name = "part_add",
    .proc_nr = 8,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_STRING, "prlogex" },
      { ARG_INT64, "startsect" },
      { ARG_INT64, "endsect" },
    },
    .shortdesc = "add a partition",
    .longdesc =
    "Add a partition to the partition table of C<device>, from sector "
    "C<startsect> to sector C<endsect> inclusive.  A negative C<endsect> "
    "counts back from the end of the disk.  C<prlogex> is C<primary> "
    "(C<p>), C<logical> (C<l>) or C<extended> (C<e>); only DOS partition "
    "tables have logical and extended partitions.\n",
  },
  {
    .name = "part_disk",
    .proc_nr = 9,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_STRING, "parttype" } },
    .shortdesc = "partition a whole disk as one partition",
    .longdesc =
    "Write a new partition table of C<parttype> (as in "
    "C<guestfs_part_init>) on C<device> holding a single primary "
    "partition that covers the whole disk.\n",
  },
  {
    .name = "part_list",
    .proc_nr = 10,
    .ret = RET_STRUCTLIST,
    .ret_struct = "partition",
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "list the partitions of a device",
    .longdesc =
    "Return the partitions of C<device>: for each one its number "
    "C<part_num> (from 1) and its start, end (inclusive) and size, "
    "all in bytes.  Extended partitions are included.\n",
  },
  {
    .name = "part_del",
    .proc_nr = 11,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "partnum" } },
    .shortdesc = "delete a partition",
    .longdesc =
    "Remove partition number C<partnum> from the partition table of "
    "C<device>.  The data in it is not erased.\n",
  },
  {
    .name = "mkfs",
    .proc_nr = 12,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "fstype" }, { ARG_DEVICE, "device" } },
    .optargs = {
      { OPT_INT, "blocksize" },
      { OPT_STRING, "features" },
      { OPT_INT, "inode" },
      { OPT_INT, "sectorsize" },
      { OPT_STRING, "label" },
    },
    .flags = AF_PROGRESS | AF_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "mkfs-opts",
    .shortdesc = "make a filesystem",
    .longdesc =
    "Create a new filesystem of type C<fstype> (C<ext2>, C<ext3>, "
    "C<ext4>, C<xfs>, C<vfat>, C<btrfs>, ...) on C<device>, erasing "
    "what was there.\n"
    "\n"
    "The optional arguments are:\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<blocksize>\n"
    "\n"
    "The filesystem block size in bytes.  Each filesystem type accepts "
    "its own range; for vfat and ntfs this is the cluster size.\n"
    "\n"
    "=item C<features>\n"
    "\n"
    "ext2/3/4 only: the feature list passed to C<mke2fs -O>.\n"
    "\n"
    "=item C<inode>\n"
    "\n"
    "ext2/3/4 only: the inode size in bytes.\n"
    "\n"
    "=item C<sectorsize>\n"
    "\n"
    "UFS only: the sector size.\n"
    "\n"
    "=item C<label>\n"
    "\n"
    "The label of the new filesystem.\n"
    "\n"
    "=back\n",
  },
  {
    .name = "mount",
    .proc_nr = 13,
    .ret = RET_ERR,
    .args = { { ARG_MOUNTABLE, "mountable" }, { ARG_STRING, "mountpoint" } },
    .shortdesc = "mount a filesystem",
    .longdesc =
    "Mount the filesystem on C<mountable> (a device, or a btrfs "
    "subvolume written C<btrfsvol:DEVICE/SUBVOLUME>) at C<mountpoint> in "
    "the guest tree.  The first filesystem must be mounted on F</>; "
    "others go on directories that exist in the filesystems already "
    "mounted.  Filesystems are mounted read-write, so mounting a drive "
    "added read-only fails for types that need to write; use "
    "C<guestfs_mount_ro> for those.\n",
  },
  {
    .name = "mount_ro",
    .proc_nr = 14,
    .ret = RET_ERR,
    .args = { { ARG_MOUNTABLE, "mountable" }, { ARG_STRING, "mountpoint" } },
    .shortdesc = "mount a filesystem read-only",
    .longdesc =
    "Like C<guestfs_mount>, but the filesystem is mounted read-only.\n",
  },
  {
    .name = "mount_options",
    .proc_nr = 15,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "options" },
      { ARG_MOUNTABLE, "mountable" },
      { ARG_STRING, "mountpoint" },
    },
    .shortdesc = "mount a filesystem with options",
    .longdesc =
    "Like C<guestfs_mount>, but C<options> (a comma-separated list, as "
    "for L<mount(8)> B<-o>) are passed to the filesystem.  An empty "
    "string means no options.\n",
  },
  {
    .name = "umount",
    .proc_nr = 16,
    .ret = RET_ERR,
    .args = { { ARG_DEV_OR_PATH, "pathordevice" } },
    .optargs = {
      { OPT_BOOL, "force" },
      { OPT_BOOL, "lazyunmount" },
    },
    .flags = AF_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "unmount",
    .shortdesc = "unmount a filesystem",
    .longdesc =
    "Unmount the filesystem mounted at the mountpoint C<pathordevice>, "
    "or the one mounted from that device.  With C<force> the unmount is "
    "forced; with C<lazyunmount> the filesystem is detached at once and "
    "cleaned up when it is no longer busy.\n",
  },
  {
    .name = "umount_all",
    .proc_nr = 17,
    .ret = RET_ERR,
    .fish_alias = "unmount-all",
    .shortdesc = "unmount all filesystems",
    .longdesc =
    "Unmount every filesystem mounted in the guest tree, the most "
    "deeply nested first.\n",
  },
  {
    .name = "mounts",
    .proc_nr = 18,
    .ret = RET_STRINGLIST,
    .shortdesc = "list the mounted filesystems",
    .longdesc =
    "Return the devices of the mounted filesystems, in the order they "
    "were mounted.  C<guestfs_mountpoints> also gives where each is "
    "mounted.\n",
  },
  {
    .name = "mountpoints",
    .proc_nr = 19,
    .ret = RET_HASHTABLE,
    .shortdesc = "show where filesystems are mounted",
    .longdesc =
    "Return a table from each mounted device to its mountpoint in the "
    "guest tree.\n",
  },
  {
    .name = "sync",
    .proc_nr = 20,
    .ret = RET_ERR,
    .shortdesc = "flush writes to the disks",
    .longdesc =
    "Write everything cached in the appliance to the disks.  "
    "C<guestfs_shutdown> does this too, so it is only needed to make "
    "writes durable while the appliance keeps running.\n",
  },
  {
    .name = "internal_autosync",
    .proc_nr = 21,
    .ret = RET_ERR,
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "unmount everything and sync",
    .longdesc =
    "Unmount all filesystems and flush the disks.  Used internally by "
    "C<guestfs_shutdown> when autosync is on; programs should not call "
    "it.\n",
  },
  {
    .name = "vfs_type",
    .proc_nr = 22,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "mountable" } },
    .shortdesc = "get the filesystem type",
    .longdesc =
    "Return the type of the filesystem on C<mountable> as the kernel "
    "names it (C<ext4>, C<xfs>, C<vfat>, C<ntfs>, C<swap>, ...), from "
    "its superblock.  The empty string means no filesystem was "
    "recognised.\n",
  },
  {
    .name = "vfs_label",
    .proc_nr = 23,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "mountable" } },
    .shortdesc = "get the filesystem label",
    .longdesc =
    "Return the label of the filesystem on C<mountable>, or the empty "
    "string if it has none.\n",
  },
  {
    .name = "vfs_uuid",
    .proc_nr = 24,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "mountable" } },
    .shortdesc = "get the filesystem UUID",
    .longdesc =
    "Return the UUID of the filesystem on C<mountable>, or the empty "
    "string if it has none.\n",
  },
  {
    .name = "statvfs",
    .proc_nr = 25,
    .ret = RET_STRUCT,
    .ret_struct = "statvfs",
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "get filesystem statistics",
    .longdesc =
    "Return the size, free space and free inodes of the mounted "
    "filesystem holding C<path>, as L<statvfs(3)> reports them.  "
    MOUNTED_PATH,
  },
  {
    .name = "df",
    .proc_nr = 26,
    .ret = RET_STRING,
    .shortdesc = "report filesystem disk space usage",
    .longdesc =
    "Return the output of L<df(1)> for the mounted filesystems.  It is "
    "meant for people: programs should use C<guestfs_statvfs>.\n",
  },
  {
    .name = "touch",
    .proc_nr = 27,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "create a file or update its timestamps",
    .longdesc =
    "Create C<path> as an empty file if it does not exist, otherwise set "
    "its access and modification times to now.  " MOUNTED_PATH,
  },
  {
    .name = "write",
    .proc_nr = 28,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_BUFFERIN, "content" } },
    .shortdesc = "create a file with the given content",
    .longdesc =
    "Create C<path>, or truncate it if it exists, and write C<content> "
    "to it.  The content may hold any bytes, including zeroes; it "
    "travels in one message, so use C<guestfs_upload> for large files.\n",
  },
  {
    .name = "write_append",
    .proc_nr = 29,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_BUFFERIN, "content" } },
    .shortdesc = "append content to a file",
    .longdesc =
    "Append C<content> to the end of C<path>, creating it if it does not "
    "exist.\n",
  },
  /* 30-32 were cat, read_file and read_lines, now library calls
   * (actions-read.c); the numbers are not reused.
   */
  {
    .name = "mkdir",
    .proc_nr = 33,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "create a directory",
    .longdesc =
    "Create the directory C<path>.  Its parent must exist; see "
    "C<guestfs_mkdir_p>.\n",
  },
  {
    .name = "mkdir_p",
    .proc_nr = 34,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "create a directory and its parents",
    .longdesc =
    "Create the directory C<path> and any missing parent directories.  "
    "It is not an error if it already exists.\n",
  },
  {
    .name = "rmdir",
    .proc_nr = 35,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "remove an empty directory",
    .longdesc = "Remove the directory C<path>, which must be empty.\n",
  },
  {
    .name = "ls",
    .proc_nr = 36,
    .ret = RET_STRINGLIST,
    .args = { { ARG_PATHNAME, "directory" } },
    .shortdesc = "list the files in a directory",
    .longdesc =
    "Return the names of the entries of C<directory>, sorted, including "
    "hidden ones but not F<.> and F<..>.\n",
  },
  {
    .name = "ll",
    .proc_nr = 37,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "directory" } },
    .shortdesc = "list the files in a directory, long format",
    .longdesc =
    "Return the output of C<ls -la> on C<directory>.  It is meant for "
    "people: programs should use C<guestfs_ls> and the stat calls.\n",
  },
  {
    .name = "rm",
    .proc_nr = 38,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "remove a file",
    .longdesc = "Remove the file C<path>.  Directories are refused.\n",
  },
  {
    .name = "rm_rf",
    .proc_nr = 39,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "remove a file or a directory tree",
    .longdesc =
    "Remove C<path> and, if it is a directory, everything under it.  It "
    "is not an error if C<path> does not exist.\n",
  },
  {
    .name = "exists",
    .proc_nr = 40,
    .ret = RET_BOOL,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "test whether a file or directory exists",
    .longdesc =
    "True when something (of any type) exists at C<path>.  A symbolic "
    "link counts if its target exists.\n",
  },
  {
    .name = "is_file",
    .proc_nr = 41,
    .ret = RET_BOOL,
    .args = { { ARG_PATHNAME, "path" } },
    .optargs = { { OPT_BOOL, "followsymlinks" } },
    .flags = AF_ONCE_HAD_NO_OPTARGS,
    .shortdesc = "test whether a path is a regular file",
    .longdesc =
    "True when C<path> is a regular file.  A symbolic link is not a "
    "file unless C<followsymlinks> is true, in which case its target is "
    "tested.\n",
  },
  {
    .name = "is_dir",
    .proc_nr = 42,
    .ret = RET_BOOL,
    .args = { { ARG_PATHNAME, "path" } },
    .optargs = { { OPT_BOOL, "followsymlinks" } },
    .flags = AF_ONCE_HAD_NO_OPTARGS,
    .shortdesc = "test whether a path is a directory",
    .longdesc =
    "True when C<path> is a directory.  A symbolic link is not a "
    "directory unless C<followsymlinks> is true, in which case its "
    "target is tested.\n",
  },
  {
    .name = "upload",
    .proc_nr = 43,
    .ret = RET_ERR,
    .args = { { ARG_FILEIN, "filename" }, { ARG_PATHNAME, "remotefilename" } },
    .flags = AF_PROGRESS,
    .shortdesc = "copy a local file into the guest",
    .longdesc =
    "Copy the local file C<filename> to C<remotefilename> in the guest, "
    "replacing it if it exists.  The data is streamed, so files of any "
    "size can be copied, and C<filename> may be a pipe or a device.\n",
  },
  {
    .name = "download",
    .proc_nr = 44,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "remotefilename" }, { ARG_FILEOUT, "filename" } },
    .flags = AF_PROGRESS,
    .shortdesc = "copy a guest file to the host",
    .longdesc =
    "Copy C<remotefilename> from the guest to the local file "
    "C<filename>, which is created or truncated.  The data is streamed, "
    "so files of any size can be copied.\n",
  },
  { .name = NULL }
};
