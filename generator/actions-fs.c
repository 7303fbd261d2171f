/* careen - offline disk-image toolkit
 * API table: daemon calls of the "fs" area (making, checking, resizing,
 * labelling and zeroing filesystems and swap, and the optional feature
 * groups).  Procedure numbers 400-499.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentences. */
#define UNMOUNTED \
  "The filesystem must not be mounted.\n"
#define FSTOOL_STATUS \
  "\n" \
  "The result is the tool's exit status, a set of bits: 0 means no " \
  "errors, 1 that errors were corrected, 2 that the system should be " \
  "rebooted (meaningless here), 4 that errors were left uncorrected, " \
  "8 an operational error, 16 a usage error, 32 that the check was " \
  "cancelled, 128 a shared-library error.\n"

const struct api_action daemon_actions_fs[] = {
  {
    .name = "mke2fs",
    .proc_nr = 400,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .optargs = {
      { OPT_INT64, "blockscount" },
      { OPT_INT64, "blocksize" },
      { OPT_INT64, "fragsize" },
      { OPT_INT64, "blockspergroup" },
      { OPT_INT64, "numberofgroups" },
      { OPT_INT64, "bytesperinode" },
      { OPT_INT64, "inodesize" },
      { OPT_INT64, "journalsize" },
      { OPT_INT64, "numberofinodes" },
      { OPT_INT64, "stridesize" },
      { OPT_INT64, "stripewidth" },
      { OPT_INT64, "maxonlineresize" },
      { OPT_INT, "reservedblockspercentage" },
      { OPT_INT, "mmpupdateinterval" },
      { OPT_STRING, "journaldevice" },
      { OPT_STRING, "label" },
      { OPT_STRING, "lastmounteddir" },
      { OPT_STRING, "creatoros" },
      { OPT_STRING, "fstype" },
      { OPT_STRING, "usagetype" },
      { OPT_STRING, "uuid" },
      { OPT_BOOL, "forcecreate" },
      { OPT_BOOL, "writesbandgrouponly" },
      { OPT_BOOL, "lazyitableinit" },
      { OPT_BOOL, "lazyjournalinit" },
      { OPT_BOOL, "testfs" },
      { OPT_BOOL, "discard" },
      { OPT_BOOL, "quotatype" },
      { OPT_BOOL, "extent" },
      { OPT_BOOL, "filetype" },
      { OPT_BOOL, "flexbg" },
      { OPT_BOOL, "hasjournal" },
      { OPT_BOOL, "journaldev" },
      { OPT_BOOL, "largefile" },
      { OPT_BOOL, "quota" },
      { OPT_BOOL, "resizeinode" },
      { OPT_BOOL, "sparsesuper" },
      { OPT_BOOL, "uninitbg" },
    },
    .flags = AF_PROGRESS | AF_DAEMON_OPTARGS_STRUCT,
    .shortdesc = "create an ext2, ext3 or ext4 filesystem with options",
    .longdesc =
    "Make an ext2/3/4 filesystem on C<device> with L<mke2fs(8)>, giving "
    "more control than C<guestfs_mkfs>.  Each optional argument is a "
    "flag of mke2fs:\n"
    "\n"
    "C<blockscount> (the size in blocks), C<blocksize> (B<-b>), "
    "C<fragsize> (B<-f>), C<blockspergroup> (B<-g>), C<numberofgroups> "
    "(B<-G>), C<bytesperinode> (B<-i>), C<inodesize> (B<-I>), "
    "C<journalsize> (B<-J size=>, in megabytes), C<numberofinodes> "
    "(B<-N>), C<stridesize> and C<stripewidth> (B<-E stride=,"
    "stripe_width=>), C<maxonlineresize> (B<-E resize=>), "
    "C<reservedblockspercentage> (B<-m>), C<mmpupdateinterval> "
    "(B<-E mmp_update_interval=>), C<journaldevice> (B<-J device=>), "
    "C<label> (B<-L>), C<lastmounteddir> (B<-M>), C<creatoros> (B<-o>), "
    "C<fstype> (B<-t>, C<ext2> by default), C<usagetype> (B<-T>), "
    "C<uuid> (B<-U>), C<writesbandgrouponly> "
    "(B<-S>), C<lazyitableinit> and C<lazyjournalinit> (B<-E>), "
    "C<testfs> (B<-E test_fs>), C<discard> (B<-E discard> or "
    "B<nodiscard>), C<journaldev> (B<-O journal_dev>: make an external "
    "journal).\n"
    "\n"
    "The booleans C<extent>, C<filetype>, C<flexbg>, C<hasjournal>, "
    "C<largefile>, C<quota>, C<resizeinode>, C<sparsesuper> and "
    "C<uninitbg> turn the filesystem feature of that name on or off "
    "(B<-O>).  C<quotatype> is not supported by careen and is "
    "refused.\n"
    "\n"
    "mke2fs always runs with B<-F>, since nobody could answer its "
    "questions, so C<forcecreate> changes nothing; a mounted device is "
    "refused (C<EBUSY>) either way.  Signatures of earlier filesystems "
    "on the device are erased first.\n",
  },
  {
    .name = "mkswap",
    .proc_nr = 401,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .optargs = { { OPT_STRING, "label" }, { OPT_STRING, "uuid" } },
    .flags = AF_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "mkswap-opts",
    .shortdesc = "create a swap partition",
    .longdesc =
    "Write a Linux swap signature on C<device>, erasing what was "
    "there.  C<label> and C<uuid> set the label and the UUID of the "
    "swap area; without C<uuid> a random one is chosen.\n",
  },
  {
    .name = "mkswap_L",
    .proc_nr = 402,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "label" }, { ARG_DEVICE, "device" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "mkswap",
    .shortdesc = "create a swap partition with a label",
    .longdesc =
    "Like C<guestfs_mkswap> with the C<label> optional argument.\n",
  },
  {
    .name = "mkswap_U",
    .proc_nr = 403,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "uuid" }, { ARG_DEVICE, "device" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "mkswap",
    .shortdesc = "create a swap partition with a UUID",
    .longdesc =
    "Like C<guestfs_mkswap> with the C<uuid> optional argument.\n",
  },
  {
    .name = "mklost_and_found",
    .proc_nr = 404,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "mountpoint" } },
    .shortdesc = "make lost+found directory on an ext2/3/4 filesystem",
    .longdesc =
    "Create the F<lost+found> directory, with the preallocated blocks "
    "e2fsck expects, at the root of the ext2/3/4 filesystem mounted on "
    "C<mountpoint>.  It fails if the directory already exists.\n",
  },
  {
    .name = "vfs_minimum_size",
    .proc_nr = 405,
    .ret = RET_INT64,
    .args = { { ARG_MOUNTABLE, "mountable" } },
    .shortdesc = "get the minimum size of a filesystem",
    .longdesc =
    "Return how small, in bytes, the filesystem on C<mountable> could "
    "be shrunk by the resize tool for its type.  ext2/3/4 and NTFS must "
    "not be mounted; btrfs must be mounted.  XFS cannot shrink, so its "
    "current size is returned.  Other types fail with C<ENOTSUP>.\n",
  },
  {
    .name = "set_label",
    .proc_nr = 406,
    .ret = RET_ERR,
    .args = { { ARG_MOUNTABLE, "mountable" }, { ARG_STRING, "label" } },
    .shortdesc = "set the filesystem label",
    .longdesc =
    "Change the label of the filesystem or swap area on C<mountable> "
    "to C<label>.  Supported for ext2/3/4 (16 bytes at most), XFS "
    "(12), btrfs, FAT (11), NTFS (128) and swap (16).  Each type has "
    "its own rules about the length and characters of a label; too "
    "long a label is an error (C<ERANGE>).  Other types fail with "
    "C<ENOTSUP>.\n",
  },
  {
    .name = "set_uuid",
    .proc_nr = 407,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_STRING, "uuid" } },
    .shortdesc = "set the filesystem UUID",
    .longdesc =
    "Change the UUID of the filesystem or swap area on C<device> to "
    "C<uuid>.  Supported for ext2/3/4, XFS, btrfs and swap; other "
    "types fail with C<ENOTSUP>.  tune2fs refuses to change the UUID of "
    "an ext4 filesystem with metadata checksums that was mounted since "
    "it was last checked: run C<guestfs_e2fsck> first.\n",
  },
  {
    .name = "set_uuid_random",
    .proc_nr = 408,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "set a random UUID for the filesystem",
    .longdesc =
    "Give the filesystem or swap area on C<device> a new random UUID.  "
    "The same types as C<guestfs_set_uuid> are supported.\n",
  },
  {
    .name = "blkid",
    .proc_nr = 409,
    .ret = RET_HASHTABLE,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "print block device attributes",
    .longdesc =
    "Return the tags that L<blkid(8)> finds on C<device> when probing it "
    "directly (no cache): C<TYPE>, C<UUID>, C<LABEL>, C<PART_ENTRY_*>, "
    "C<USAGE>, C<VERSION> and so on, as a table from tag name to "
    "value.\n",
  },
  {
    .name = "df_h",
    .proc_nr = 410,
    .ret = RET_STRING,
    .shortdesc = "report filesystem disk space usage (human readable)",
    .longdesc =
    "Like C<guestfs_df>, but the sizes are in human units (C<df -h>).  "
    "Meant for people: programs should use C<guestfs_statvfs>.\n",
  },
  {
    .name = "fsck",
    .proc_nr = 411,
    .ret = RET_INT,
    .args = { { ARG_STRING, "fstype" }, { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "run the filesystem checker",
    .longdesc =
    "Check the filesystem of type C<fstype> on C<device> with "
    "L<fsck(8)>, repairing without asking questions what can be "
    "repaired safely (B<-a>).  " UNMOUNTED FSTOOL_STATUS
    "\n"
    "Several of these bits may be set at once.  The call fails only "
    "when the checker could not run.\n",
  },
  {
    .name = "e2fsck",
    .proc_nr = 412,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .optargs = { { OPT_BOOL, "correct" }, { OPT_BOOL, "forceall" } },
    .flags = AF_PROGRESS,
    .shortdesc = "check an ext2/ext3/ext4 filesystem",
    .longdesc =
    "Check the ext2/3/4 filesystem on C<device> with L<e2fsck(8)>, even "
    "if it looks clean.  " UNMOUNTED
    "\n"
    "With C<correct>, problems are fixed when that is safe (B<-p>).  "
    "With C<forceall>, every question is answered yes (B<-y>), which can "
    "lose data.  Only one of them may be given.  Without either, "
    "nothing is changed (B<-n>).  The call fails when errors were left "
    "uncorrected.\n",
  },
  {
    .name = "tune2fs",
    .proc_nr = 413,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .optargs = {
      { OPT_BOOL, "force" },
      { OPT_INT, "maxmountcount" },
      { OPT_INT, "mountcount" },
      { OPT_STRING, "errorbehavior" },
      { OPT_INT64, "group" },
      { OPT_INT, "intervalbetweenchecks" },
      { OPT_INT, "reservedblockspercentage" },
      { OPT_STRING, "lastmounteddirectory" },
      { OPT_INT64, "reservedblockscount" },
      { OPT_INT64, "user" },
    },
    .flags = AF_DAEMON_OPTARGS_STRUCT,
    .shortdesc = "adjust ext2/ext3/ext4 filesystem parameters",
    .longdesc =
    "Change settings of the ext2/3/4 filesystem on C<device> with "
    "L<tune2fs(8)>.  C<guestfs_tune2fs_l> shows the current ones.\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<force>\n"
    "\n"
    "Go on even when tune2fs finds something wrong (B<-f>).\n"
    "\n"
    "=item C<maxmountcount>, C<mountcount>\n"
    "\n"
    "The number of mounts after which the filesystem is checked, and "
    "the current count (B<-c>, B<-C>).  0 or -1 disables the check.\n"
    "\n"
    "=item C<errorbehavior>\n"
    "\n"
    "What the kernel does on errors: C<continue>, C<remount-ro> or "
    "C<panic> (B<-e>).\n"
    "\n"
    "=item C<group>, C<user>\n"
    "\n"
    "The group and user ids allowed to use the reserved blocks "
    "(B<-g>, B<-u>).\n"
    "\n"
    "=item C<intervalbetweenchecks>\n"
    "\n"
    "The longest time between checks, in seconds (B<-i>); 0 disables "
    "it.\n"
    "\n"
    "=item C<reservedblockspercentage>, C<reservedblockscount>\n"
    "\n"
    "The reserved blocks, as a percentage or a count (B<-m>, B<-r>).\n"
    "\n"
    "=item C<lastmounteddirectory>\n"
    "\n"
    "The directory recorded as where the filesystem was last mounted "
    "(B<-M>).\n"
    "\n"
    "=back\n",
  },
  {
    .name = "tune2fs_l",
    .proc_nr = 414,
    .ret = RET_HASHTABLE,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get ext2/ext3/ext4 superblock details",
    .longdesc =
    "Return the superblock fields of the ext2/3/4 filesystem on "
    "C<device> as L<tune2fs(8)> B<-l> prints them, as a table from the "
    "field name (C<Block count>, C<Filesystem UUID>, ...) to its "
    "value.  Fields tune2fs prints without a value have the empty "
    "string.\n",
  },
  {
    .name = "resize2fs",
    .proc_nr = 415,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "resize an ext2, ext3 or ext4 filesystem",
    .longdesc =
    "Grow or shrink the ext2/3/4 filesystem on C<device> to the size "
    "of the device, after the device itself was resized.  "
    UNMOUNTED
    "resize2fs insists on a recent check, so run C<guestfs_e2fsck> "
    "with C<forceall> first if it refuses.\n",
  },
  {
    .name = "resize2fs_size",
    .proc_nr = 416,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT64, "size" } },
    .flags = AF_PROGRESS,
    .shortdesc = "resize an ext2, ext3 or ext4 filesystem (with size)",
    .longdesc =
    "Like C<guestfs_resize2fs>, but the new size is C<size> bytes "
    "(rounded down to a whole number of kilobytes).\n",
  },
  {
    .name = "resize2fs_M",
    .proc_nr = 417,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "resize an ext2, ext3 or ext4 filesystem to the minimum size",
    .longdesc =
    "Like C<guestfs_resize2fs>, but the filesystem is shrunk to the "
    "smallest size that holds its data (B<-M>).  The device is not "
    "changed; C<guestfs_tune2fs_l> gives the new size in blocks.\n",
  },
  {
    .name = "ntfsresize",
    .proc_nr = 418,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .optargs = { { OPT_INT64, "size" }, { OPT_BOOL, "force" } },
    .flags = AF_PROGRESS | AF_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "ntfsresize-opts",
    .shortdesc = "resize an NTFS filesystem",
    .longdesc =
    "Grow or shrink the NTFS filesystem on C<device> to the size of the "
    "device, or to C<size> bytes, with L<ntfsresize(8)>.  "
    UNMOUNTED
    "\n"
    "After a resize, ntfsresize marks the filesystem for a check by "
    "Windows, and refuses to resize it again until Windows has run; "
    "C<force> overrides that (at your own risk).\n",
  },
  {
    .name = "ntfsresize_size",
    .proc_nr = 419,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT64, "size" } },
    .flags = AF_PROGRESS | AF_DEPRECATED,
    .deprecated_by = "ntfsresize",
    .shortdesc = "resize an NTFS filesystem (with size)",
    .longdesc =
    "Like C<guestfs_ntfsresize> with the C<size> optional argument.\n",
  },
  {
    .name = "ntfsfix",
    .proc_nr = 420,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .optargs = { { OPT_BOOL, "clearbadsectors" } },
    .shortdesc = "fix common errors and force Windows to check NTFS",
    .longdesc =
    "Repair simple inconsistencies of the NTFS filesystem on C<device> "
    "with L<ntfsfix(8)>, reset its journal and mark it for a full check "
    "by Windows at next boot.  It is not a full checker.  With "
    "C<clearbadsectors>, the list of bad sectors is emptied too, which "
    "is useful after cloning a failing disk to a good one.\n",
  },
  {
    .name = "ntfs_3g_probe",
    .proc_nr = 421,
    .ret = RET_INT,
    .args = { { ARG_BOOL, "rw" }, { ARG_DEVICE, "device" } },
    .shortdesc = "probe NTFS volume",
    .longdesc =
    "Ask L<ntfs-3g.probe(8)> whether the NTFS filesystem on C<device> "
    "could be mounted, read-write if C<rw> is true, else read-only.  "
    "Returns 0 when it could, otherwise the probe's exit status, which "
    "says why (12 for example when Windows was hibernated).\n",
  },
  {
    .name = "ntfsclone_out",
    .proc_nr = 422,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_FILEOUT, "backupfile" } },
    .optargs = {
      { OPT_BOOL, "metadataonly" },
      { OPT_BOOL, "rescue" },
      { OPT_BOOL, "ignorefscheck" },
      { OPT_BOOL, "preservetimestamps" },
      { OPT_BOOL, "force" },
    },
    .flags = AF_PROGRESS,
    .shortdesc = "save NTFS to backup file",
    .longdesc =
    "Save the NTFS filesystem on C<device> to the local file "
    "C<backupfile> in L<ntfsclone(8)>'s special image format, which "
    "holds only the used clusters.  C<guestfs_ntfsclone_in> restores "
    "it.\n"
    "\n"
    "With C<metadataonly> only the metadata is saved (useful to debug "
    "NTFS, not to restore files).  C<rescue> goes on past unreadable "
    "sectors, C<ignorefscheck> past a filesystem marked inconsistent, "
    "C<preservetimestamps> keeps the timestamps of a metadata-only "
    "image, and C<force> saves a filesystem that is marked for a "
    "check.\n",
  },
  {
    .name = "ntfsclone_in",
    .proc_nr = 423,
    .ret = RET_ERR,
    .args = { { ARG_FILEIN, "backupfile" }, { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "restore NTFS from backup file",
    .longdesc =
    "Restore the image C<backupfile>, made by C<guestfs_ntfsclone_out>, "
    "to C<device>, overwriting what was there.  The device must be at "
    "least as large as the saved filesystem.\n",
  },
  {
    .name = "xfs_growfs",
    .proc_nr = 424,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .optargs = {
      { OPT_BOOL, "datasec" },
      { OPT_BOOL, "logsec" },
      { OPT_BOOL, "rtsec" },
      { OPT_INT64, "datasize" },
      { OPT_INT64, "logsize" },
      { OPT_INT64, "rtsize" },
      { OPT_INT64, "rtextsize" },
      { OPT_INT, "maxpct" },
    },
    .shortdesc = "expand an existing XFS filesystem",
    .longdesc =
    "Grow the XFS filesystem mounted at C<path> with L<xfs_growfs(8)>, "
    "by default its data section to fill the device.  XFS cannot "
    "shrink.\n"
    "\n"
    "C<datasec>, C<logsec> and C<rtsec> grow the data, log and "
    "realtime sections to their largest (B<-d>, B<-l>, B<-r>).  "
    "C<datasize>, C<logsize> and C<rtsize> give a size in filesystem "
    "blocks instead (B<-D>, B<-L>, B<-R>).  C<rtextsize> is the "
    "realtime extent size in bytes (B<-e>) and C<maxpct> the most space "
    "inodes may take, as a percentage (B<-m>).\n",
  },
  {
    .name = "xfs_info",
    .proc_nr = 425,
    .ret = RET_STRUCT,
    .ret_struct = "xfsinfo",
    .args = { { ARG_DEV_OR_PATH, "pathordevice" } },
    .shortdesc = "get geometry of XFS filesystem",
    .longdesc =
    "Return the geometry of the XFS filesystem on the device, or the "
    "one mounted at the path, C<pathordevice>, as L<xfs_info(8)> "
    "reports it.\n",
  },
  {
    .name = "xfs_admin",
    .proc_nr = 426,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .optargs = {
      { OPT_BOOL, "extunwritten" },
      { OPT_BOOL, "imgfile" },
      { OPT_BOOL, "v2log" },
      { OPT_BOOL, "projid32bit" },
      { OPT_BOOL, "lazycounter" },
      { OPT_STRING, "label" },
      { OPT_STRING, "uuid" },
    },
    .shortdesc = "change parameters of an XFS filesystem",
    .longdesc =
    "Change settings of the unmounted XFS filesystem on C<device> with "
    "L<xfs_admin(8)>.  C<lazycounter> turns lazy superblock counters "
    "on or off (B<-c>); C<label> sets the label (B<-L>, 12 characters "
    "at most); C<uuid> sets the UUID (B<-U>: a UUID, C<generate> or "
    "C<nil>).\n"
    "\n"
    "C<extunwritten>, C<imgfile>, C<v2log> and C<projid32bit> were "
    "one-way feature switches of old versions of XFS that current ones "
    "always have; they are refused (C<ENOTSUP>).\n",
  },
  {
    .name = "xfs_repair",
    .proc_nr = 427,
    .ret = RET_INT,
    .args = { { ARG_DEV_OR_PATH, "device" } },
    .optargs = {
      { OPT_BOOL, "forcelogzero" },
      { OPT_BOOL, "nomodify" },
      { OPT_BOOL, "noprefetch" },
      { OPT_BOOL, "forcegeometry" },
      { OPT_INT64, "maxmem" },
      { OPT_INT64, "ihashsize" },
      { OPT_INT64, "bhashsize" },
      { OPT_INT64, "agstride" },
      { OPT_STRING, "logdev" },
      { OPT_STRING, "rtdev" },
    },
    .flags = AF_PROGRESS,
    .shortdesc = "repair an XFS filesystem",
    .longdesc =
    "Check and repair the unmounted XFS filesystem on C<device> (a "
    "device, or an image file in the guest) with L<xfs_repair(8)>.  "
    "With C<nomodify> nothing is changed (B<-n>); then the result is 1 "
    "when corruption was found and 0 when none was.  Otherwise the "
    "result is 0 when the repair went through.\n"
    "\n"
    "C<forcelogzero> throws away a dirty log (B<-L>: recent changes are "
    "lost), C<noprefetch> (B<-P>), C<forcegeometry> (B<-o "
    "force_geometry>), C<maxmem> in megabytes (B<-m>), C<ihashsize> and "
    "C<bhashsize> (B<-o ihash=>, B<-o bhash=>), C<agstride> (B<-o "
    "ag_stride=>), C<logdev> and C<rtdev> (external log and realtime "
    "devices, B<-l>, B<-r>).\n",
  },
  {
    .name = "btrfs_filesystem_resize",
    .proc_nr = 428,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "mountpoint" } },
    .optargs = { { OPT_INT64, "size" } },
    .shortdesc = "resize a btrfs filesystem",
    .longdesc =
    "Grow or shrink the btrfs filesystem mounted at C<mountpoint> to "
    "C<size> bytes, or, without C<size>, to fill its device.\n",
  },
  {
    .name = "zerofree",
    .proc_nr = 429,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "zero unused inodes and disk blocks on ext2/3 filesystem",
    .longdesc =
    "Write zeroes over the free blocks of the ext2/3/4 filesystem on "
    "C<device> with L<zerofree(8)>, so that the image compresses or "
    "sparsifies well.  " UNMOUNTED,
  },
  {
    .name = "fstrim",
    .proc_nr = 430,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "mountpoint" } },
    .optargs = {
      { OPT_INT64, "offset" },
      { OPT_INT64, "length" },
      { OPT_INT64, "minimumfreeextent" },
    },
    .shortdesc = "trim free space in a filesystem",
    .longdesc =
    "Tell the device under the filesystem mounted at C<mountpoint> "
    "which of its blocks are free (discard), so that a thin image can "
    "give them back.  C<offset> and C<length> (in bytes) limit the "
    "range searched; free extents shorter than C<minimumfreeextent> "
    "bytes are left alone.  Fails with C<ENOTSUP> when the filesystem "
    "or the device cannot discard.\n",
  },
  {
    .name = "zero",
    .proc_nr = 431,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "write zeroes to the device",
    .longdesc =
    "Overwrite the first mebibyte of C<device> (where partition "
    "tables, filesystem and volume signatures live) "
    "with zeroes, so that it is seen as empty.  This is not a secure "
    "erase; see C<guestfs_zero_device>.  Blocks that read as zero "
    "already are not written, which keeps a sparse image sparse.\n",
  },
  {
    .name = "zero_device",
    .proc_nr = 432,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "write zeroes to an entire device",
    .longdesc =
    "Overwrite the whole of C<device> with zeroes.  Blocks that read "
    "as zero already are not written, so a sparse image stays sparse, "
    "but the whole device is read, which takes a long time for a large "
    "one.\n",
  },
  {
    .name = "zero_free_space",
    .proc_nr = 433,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "directory" } },
    .flags = AF_PROGRESS,
    .shortdesc = "zero free space in a filesystem",
    .longdesc =
    "Zero the free space of the filesystem mounted at C<directory>, by "
    "filling a temporary file in C<directory> with zeroes until the "
    "filesystem is full, then removing it.  This works for any "
    "filesystem that can be written.\n",
  },
  {
    .name = "swapon_device",
    .proc_nr = 434,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "enable swap on device",
    .longdesc =
    "Let the appliance's kernel swap to C<device>, which must hold a "
    "swap area made by C<guestfs_mkswap>.  Do not do this on a guest's "
    "own swap partition if the guest could be hibernated: its saved "
    "memory would be lost.\n",
  },
  {
    .name = "swapoff_device",
    .proc_nr = 435,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "disable swap on device",
    .longdesc =
    "Stop swapping to C<device> (see C<guestfs_swapon_device>).\n",
  },
  {
    .name = "filesystem_available",
    .proc_nr = 436,
    .ret = RET_BOOL,
    .args = { { ARG_STRING, "filesystem" } },
    .shortdesc = "check if filesystem is available",
    .longdesc =
    "True when the appliance's kernel can mount filesystems of type "
    "C<filesystem> (C<ext4>, C<xfs>, C<btrfs>, C<vfat>, ...), either "
    "now or by loading a module.  C<ntfs> is true when ntfs-3g is "
    "there.  The call fails only if the answer could not be found.\n"
    "\n"
    "Having the kernel driver does not mean the tools to make or check "
    "such filesystems are there; see C<guestfs_feature_available>.\n",
  },
  {
    .name = "feature_available",
    .proc_nr = 437,
    .ret = RET_BOOL,
    .args = { { ARG_STRINGLIST, "groups" } },
    .shortdesc = "test availability of some parts of the API",
    .longdesc =
    "True when every optional group of calls named in C<groups> works "
    "in this appliance (its tools and kernel modules are there).  "
    "C<guestfs_available_all_groups> lists the group names; an unknown "
    "name is an error.\n",
  },
  {
    .name = "available",
    .proc_nr = 438,
    .ret = RET_ERR,
    .args = { { ARG_STRINGLIST, "groups" } },
    .shortdesc = "test availability of some parts of the API",
    .longdesc =
    "Like C<guestfs_feature_available>, but fails (C<ENOTSUP>) when a "
    "group is not available, naming it, and returns nothing "
    "otherwise.\n",
  },
  {
    .name = "available_all_groups",
    .proc_nr = 439,
    .ret = RET_STRINGLIST,
    .shortdesc = "return a list of all optional groups",
    .longdesc =
    "Return the names of all the optional groups of calls careen knows, "
    "available or not.  Use C<guestfs_feature_available> to test "
    "them.\n",
  },
  {
    .name = "mount_vfs",
    .proc_nr = 440,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "options" },
      { ARG_STRING, "vfstype" },
      { ARG_MOUNTABLE, "mountable" },
      { ARG_STRING, "mountpoint" },
    },
    .shortdesc = "mount a guest disk with mount options and vfstype",
    .longdesc =
    "Like C<guestfs_mount_options>, but the filesystem type is "
    "C<vfstype> (as L<mount(8)> B<-t>) instead of the type found on "
    "the device.\n",
  },
  {
    .name = "mount_loop",
    .proc_nr = 441,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "file" }, { ARG_PATHNAME, "mountpoint" } },
    .shortdesc = "mount a file using the loop device",
    .longdesc =
    "Mount the filesystem image C<file>, a file in the mounted guest "
    "filesystems, at C<mountpoint>, through a loop device.  The loop "
    "device goes away when the filesystem is unmounted.\n",
  },
  {
    .name = "wipefs",
    .proc_nr = 442,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "wipe a filesystem signature from a device",
    .longdesc =
    "Erase every signature L<wipefs(8)> recognises on C<device> "
    "(filesystems, swap, RAID and LVM labels, partition tables) so "
    "that blkid and the kernel no longer see anything there.  Only the "
    "few bytes of each signature are overwritten: the data behind them "
    "stays on the device.  C<guestfs_zero> clears the first mebibyte "
    "instead.  A mounted device is refused (C<EBUSY>).\n",
  },
  {
    .name = "remount",
    .proc_nr = 443,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "mountpoint" } },
    .optargs = { { OPT_BOOL, "rw" } },
    .shortdesc = "remount a filesystem with different options",
    .longdesc =
    "Switch the filesystem mounted at C<mountpoint> between read-only "
    "and read-write without unmounting it: read-write when C<rw> is "
    "true, read-only when it is false.  C<rw> must be given (C<EINVAL> "
    "otherwise).  The other mount flags (B<nosuid>, B<noexec>, "
    "B<noatime> ...) are kept.  Making a filesystem read-only fails "
    "with C<EBUSY> while files on it are open for writing.\n",
  },
  {
    .name = "findfs_label",
    .proc_nr = 444,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "label" } },
    .shortdesc = "find a filesystem by label",
    .longdesc =
    "Return the device (or logical volume, as F</dev/VG/LV>) holding "
    "the filesystem or swap area whose label is C<label>.  When several "
    "have that label, the first in the kernel's order of devices is "
    "returned.  It fails with C<ENOENT> when there is none.  "
    "C<guestfs_vfs_label> gives the label of a device.\n",
  },
  {
    .name = "findfs_uuid",
    .proc_nr = 445,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "uuid" } },
    .shortdesc = "find a filesystem by UUID",
    .longdesc =
    "Like C<guestfs_findfs_label>, but the filesystem is found by its "
    "UUID, as C<guestfs_vfs_uuid> prints it.\n",
  },
  {
    .name = "mountable_device",
    .proc_nr = 446,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "mountable" } },
    .shortdesc = "extract the device part of a mountable",
    .longdesc =
    "Return the device of C<mountable>: the mountable itself for a "
    "plain device, and the device part of a btrfs subvolume name "
    "(C<btrfsvol:/dev/sda2/root> gives F</dev/sda2>).  See also "
    "C<guestfs_mountable_subvolume>.\n",
  },
  {
    .name = "mountable_subvolume",
    .proc_nr = 447,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "mountable" } },
    .shortdesc = "extract the subvolume part of a mountable",
    .longdesc =
    "Return the subvolume path of C<mountable> when it names a btrfs "
    "subvolume (C<btrfsvol:/dev/sda2/root> gives C<root>).  A plain "
    "device has no subvolume: the call then fails with C<EINVAL>.  See "
    "also C<guestfs_mountable_device>.\n",
  },
  {
    .name = "internal_parse_mountable",
    .proc_nr = 448,
    .ret = RET_STRUCT,
    .ret_struct = "internal_mountable",
    .args = { { ARG_MOUNTABLE, "mountable" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "parse a mountable string",
    .longdesc =
    "Split C<mountable> into its parts, for bindings and tools: "
    "C<im_type> is 0 for a plain device and 1 for a btrfs subvolume, "
    "C<im_device> the device, and C<im_volume> the subvolume path (the "
    "empty string for a plain device).\n",
  },
  {
    .name = "swapon_file",
    .proc_nr = 449,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "file" } },
    .shortdesc = "enable swap on file",
    .longdesc =
    "Let the appliance's kernel swap to the regular file C<file> in "
    "the mounted guest, which must hold a swap area (see "
    "C<guestfs_mkswap_file>) and must have no holes.  See "
    "C<guestfs_swapon_device> for when this is a bad idea.\n",
  },
  {
    .name = "swapoff_file",
    .proc_nr = 450,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "file" } },
    .shortdesc = "disable swap on file",
    .longdesc =
    "Stop swapping to C<file> (see C<guestfs_swapon_file>).\n",
  },
  {
    .name = "swapon_label",
    .proc_nr = 451,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "label" } },
    .shortdesc = "enable swap on labeled swap partition",
    .longdesc =
    "Like C<guestfs_swapon_device>, on the swap area whose label is "
    "C<label>.  It fails with C<ENOENT> when there is none.\n",
  },
  {
    .name = "swapoff_label",
    .proc_nr = 452,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "label" } },
    .shortdesc = "disable swap on labeled swap partition",
    .longdesc =
    "Stop swapping to the swap area whose label is C<label>.\n",
  },
  {
    .name = "swapon_uuid",
    .proc_nr = 453,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "uuid" } },
    .shortdesc = "enable swap on swap partition by UUID",
    .longdesc =
    "Like C<guestfs_swapon_device>, on the swap area whose UUID is "
    "C<uuid>.  It fails with C<ENOENT> when there is none.\n",
  },
  {
    .name = "swapoff_uuid",
    .proc_nr = 454,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "uuid" } },
    .shortdesc = "disable swap on swap partition by UUID",
    .longdesc =
    "Stop swapping to the swap area whose UUID is C<uuid>.\n",
  },
  {
    .name = "mkswap_file",
    .proc_nr = 455,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "create a swap file",
    .longdesc =
    "Write a swap signature into the existing regular file C<path>; "
    "its size does not change, so make it first at the size wanted, "
    "without holes (C<guestfs_fallocate64> for example).  Anything but "
    "a regular file is refused (C<EINVAL>).\n",
  },
  {
    .name = "mksquashfs",
    .proc_nr = 456,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_FILEOUT, "filename" } },
    .optargs = {
      { OPT_STRING, "compress" },
      { OPT_STRINGLIST, "excludes" },
    },
    .flags = AF_PROGRESS,
    .shortdesc = "create a squashfs filesystem",
    .longdesc =
    "Make a squashfs image of the directory C<path> with "
    "L<mksquashfs(1)> and download it to the local file C<filename>.  "
    "When C<path> is a regular file, the image holds just that "
    "file.\n"
    "\n"
    "C<compress> chooses the compression: C<gzip> (the default), "
    "C<lzma>, C<lzo>, C<lz4> or C<xz>; another name is refused "
    "(C<EINVAL>).  C<excludes> is a list of wildcard patterns, matched "
    "against paths relative to C<path>: what matches is left out.\n"
    "\n"
    "The image is built in the appliance's memory before it is sent, "
    "so an image larger than a fraction of the appliance's memory "
    "(C<guestfs_set_memsize>) fails.\n",
  },
  {
    .name = "isoinfo_device",
    .proc_nr = 457,
    .ret = RET_STRUCT,
    .ret_struct = "isoinfo",
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get ISO information from primary volume descriptor of device",
    .longdesc =
    "Read the primary volume descriptor of the ISO 9660 filesystem "
    "on C<device> (a CD or DVD image added as a drive, for example) "
    "and return its fields.  Identifier strings lose their padding "
    "spaces.  The four dates are in seconds since the epoch, with the "
    "volume's time zone offset applied, or -1 when the volume does not "
    "give them.  A device without an ISO 9660 filesystem fails with "
    "C<EINVAL>.\n",
  },
  {
    .name = "isoinfo",
    .proc_nr = 458,
    .ret = RET_STRUCT,
    .ret_struct = "isoinfo",
    .args = { { ARG_PATHNAME, "isofile" } },
    .shortdesc = "get ISO information from primary volume descriptor of ISO file",
    .longdesc =
    "Like C<guestfs_isoinfo_device>, for the ISO image C<isofile>, a "
    "regular file in the mounted guest filesystems.\n",
  },
  {
    .name = "f2fs_expand",
    .proc_nr = 459,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "expand a f2fs filesystem",
    .longdesc =
    "Grow the F2FS filesystem on C<device> to fill the device, after "
    "the device was made larger, with B<resize.f2fs>.  "
    UNMOUNTED,
  },
  {
    .name = "scrub_device",
    .proc_nr = 460,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "scrub (securely wipe) a device",
    .longdesc =
    "Overwrite the whole of C<device> with L<scrub(1)>'s default "
    "patterns (random data twice, then zeroes, then a check), so that "
    "what was there is hard to recover.  scrub writes a small "
    "signature of its own at the start; a device that has it is "
    "scrubbed again anyway.  " UNMOUNTED
    "It takes long on a large device.\n",
  },
  {
    .name = "scrub_file",
    .proc_nr = 461,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "file" } },
    .flags = AF_PROGRESS,
    .shortdesc = "scrub (securely wipe) a file",
    .longdesc =
    "Overwrite the regular file C<file> as C<guestfs_scrub_device> "
    "does a device, then remove it.  A symbolic link is followed (in "
    "the guest) and the file it points to is scrubbed and removed.  "
    "How much of the old data this really erases depends on the "
    "filesystem: copy-on-write and journalled data may survive.\n",
  },
  {
    .name = "scrub_freespace",
    .proc_nr = 462,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "dir" } },
    .flags = AF_PROGRESS,
    .shortdesc = "scrub (securely wipe) free space",
    .longdesc =
    "Make the directory C<dir>, which must not exist, fill it with "
    "files until its filesystem is full, scrub them as "
    "C<guestfs_scrub_file> does, and remove them and the directory.  "
    "This overwrites the free space of that filesystem.\n",
  },
  {
    .name = "e2fsck_f",
    .proc_nr = 463,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS | AF_DEPRECATED,
    .deprecated_by = "e2fsck",
    .shortdesc = "check an ext2/ext3 filesystem",
    .longdesc =
    "Like C<guestfs_e2fsck> with C<correct>: check the ext2/3/4 "
    "filesystem on C<device> even if it looks clean, fixing what is "
    "safe to fix.\n",
  },
  {
    .name = "set_e2label",
    .proc_nr = 464,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_STRING, "label" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "set_label",
    .shortdesc = "set the ext2/3/4 filesystem label",
    .longdesc =
    "Set the label of the ext2/3/4 filesystem on C<device> to "
    "C<label>, 16 bytes at most (C<ERANGE> otherwise).  Another type "
    "of filesystem is refused (C<EINVAL>).\n",
  },
  {
    .name = "get_e2label",
    .proc_nr = 465,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "vfs_label",
    .shortdesc = "get the ext2/3/4 filesystem label",
    .longdesc =
    "Return the label of the filesystem on C<device>, as "
    "C<guestfs_vfs_label> does.\n",
  },
  {
    .name = "set_e2uuid",
    .proc_nr = 466,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_STRING, "uuid" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "set_uuid",
    .shortdesc = "set the ext2/3/4 filesystem UUID",
    .longdesc =
    "Set the UUID of the ext2/3/4 filesystem on C<device>.  Besides a "
    "UUID, C<uuid> may be C<clear> (the nil UUID), C<random> or C<time> "
    "(a new one of that kind), as L<tune2fs(8)> B<-U> takes them.  "
    "Another type of filesystem is refused (C<EINVAL>).\n",
  },
  {
    .name = "get_e2uuid",
    .proc_nr = 467,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "vfs_uuid",
    .shortdesc = "get the ext2/3/4 filesystem UUID",
    .longdesc =
    "Return the UUID of the filesystem on C<device>, as "
    "C<guestfs_vfs_uuid> does.\n",
  },
  {
    .name = "mkfs_b",
    .proc_nr = 468,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "fstype" },
      { ARG_INT, "blocksize" },
      { ARG_DEVICE, "device" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "mkfs",
    .shortdesc = "make a filesystem with block size",
    .longdesc =
    "Like C<guestfs_mkfs> with the C<blocksize> optional argument.  For "
    "FAT and NTFS C<blocksize> is the cluster size in bytes.\n",
  },
  {
    .name = "mke2journal",
    .proc_nr = 469,
    .ret = RET_ERR,
    .args = { { ARG_INT, "blocksize" }, { ARG_DEVICE, "device" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "mke2fs",
    .shortdesc = "make ext2/3/4 external journal",
    .longdesc =
    "Make C<device> an external journal for ext3/4 filesystems, with "
    "blocks of C<blocksize> bytes, which must be the block size of the "
    "filesystems that will use it (C<guestfs_mke2fs_J>).\n",
  },
  {
    .name = "mke2journal_L",
    .proc_nr = 470,
    .ret = RET_ERR,
    .args = {
      { ARG_INT, "blocksize" },
      { ARG_STRING, "label" },
      { ARG_DEVICE, "device" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "mke2fs",
    .shortdesc = "make ext2/3/4 external journal with label",
    .longdesc =
    "Like C<guestfs_mke2journal>, and give the journal the label "
    "C<label> (16 bytes at most), by which C<guestfs_mke2fs_JL> finds "
    "it.\n",
  },
  {
    .name = "mke2journal_U",
    .proc_nr = 471,
    .ret = RET_ERR,
    .args = {
      { ARG_INT, "blocksize" },
      { ARG_STRING, "uuid" },
      { ARG_DEVICE, "device" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "mke2fs",
    .shortdesc = "make ext2/3/4 external journal with UUID",
    .longdesc =
    "Like C<guestfs_mke2journal>, and give the journal the UUID "
    "C<uuid>, by which C<guestfs_mke2fs_JU> finds it.\n",
  },
  {
    .name = "mke2fs_J",
    .proc_nr = 472,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "fstype" },
      { ARG_INT, "blocksize" },
      { ARG_DEVICE, "device" },
      { ARG_DEVICE, "journal" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "mke2fs",
    .shortdesc = "make ext2/3/4 filesystem with external journal",
    .longdesc =
    "Make an ext2/3/4 filesystem (C<fstype>) with blocks of "
    "C<blocksize> bytes on C<device>, whose journal is the external "
    "journal on the device C<journal> (made by "
    "C<guestfs_mke2journal> with the same block size).\n",
  },
  {
    .name = "mke2fs_JL",
    .proc_nr = 473,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "fstype" },
      { ARG_INT, "blocksize" },
      { ARG_DEVICE, "device" },
      { ARG_STRING, "label" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "mke2fs",
    .shortdesc = "make ext2/3/4 filesystem with external journal",
    .longdesc =
    "Like C<guestfs_mke2fs_J>, but the journal is the external journal "
    "whose label is C<label> (see C<guestfs_mke2journal_L>).\n",
  },
  {
    .name = "mke2fs_JU",
    .proc_nr = 474,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "fstype" },
      { ARG_INT, "blocksize" },
      { ARG_DEVICE, "device" },
      { ARG_STRING, "uuid" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "mke2fs",
    .shortdesc = "make ext2/3/4 filesystem with external journal",
    .longdesc =
    "Like C<guestfs_mke2fs_J>, but the journal is the external journal "
    "whose UUID is C<uuid> (see C<guestfs_mke2journal_U>).\n",
  },
  { .name = NULL }
};
