/* careen - offline disk-image toolkit
 * API table: daemon calls of the "btrfs" area (procedures 1000-1049):
 * btrfs subvolumes, snapshots, devices and balance.
 * See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentences. */
#define MOUNTED_FS \
  "C<fs> is the guest path of a mounted btrfs filesystem (any " \
  "directory in it).\n"
#define MOUNTABLE_OR_PATH \
  "C<fs> is either the guest path of a mounted btrfs filesystem, or a " \
  "device or C<btrfsvol:DEVICE/SUBVOLUME> mountable, which is then " \
  "mounted read-only on a private mountpoint for the time of the call.\n"

const struct api_action daemon_actions_btrfs[] = {
  {
    .name = "mkfs_btrfs",
    .proc_nr = 1000,
    .ret = RET_ERR,
    .args = { { ARG_DEVICELIST, "devices" } },
    .optargs = {
      { OPT_INT64, "allocstart" },
      { OPT_INT64, "bytecount" },
      { OPT_STRING, "datatype" },
      { OPT_INT, "leafsize" },
      { OPT_STRING, "label" },
      { OPT_STRING, "metadata" },
      { OPT_INT, "nodesize" },
      { OPT_INT, "sectorsize" },
    },
    .shortdesc = "create a btrfs filesystem",
    .longdesc =
    "Make one btrfs filesystem spanning all of C<devices> with "
    "L<mkfs.btrfs(8)>.  C<bytecount> is the size of the filesystem "
    "(B<-b>), C<datatype> and C<metadata> the profiles of data and "
    "metadata (B<-d>, B<-m>: C<raid0>, C<raid1>, C<raid10>, C<single>, "
    "C<dup> ...), C<label> its label (B<-L>), C<nodesize> and "
    "C<sectorsize> the tree block and sector sizes (B<-n>, B<-s>).  "
    "C<leafsize> is the old name of C<nodesize>.  C<allocstart> is not "
    "supported by current btrfs-progs and is refused (C<ENOTSUP>).  "
    "A mounted device is refused.\n",
  },
  {
    .name = "btrfs_subvolume_snapshot",
    .proc_nr = 1001,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "source" }, { ARG_PATHNAME, "dest" } },
    .optargs = { { OPT_BOOL, "ro" }, { OPT_STRING, "qgroupid" } },
    .flags = AF_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "btrfs-subvolume-snapshot-opts",
    .shortdesc = "create a btrfs snapshot",
    .longdesc =
    "Make C<dest> a snapshot of the subvolume C<source> (both guest "
    "paths in the same mounted btrfs filesystem).  With C<ro> the "
    "snapshot is read-only; C<qgroupid> adds it to that quota group "
    "(C<LEVEL/ID>).\n",
  },
  {
    .name = "btrfs_subvolume_delete",
    .proc_nr = 1002,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "subvolume" } },
    .shortdesc = "delete a btrfs subvolume or snapshot",
    .longdesc =
    "Delete the subvolume or snapshot at the guest path C<subvolume>, "
    "with everything in it.\n",
  },
  {
    .name = "btrfs_subvolume_create",
    .proc_nr = 1003,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "dest" } },
    .optargs = { { OPT_STRING, "qgroupid" } },
    .flags = AF_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "btrfs-subvolume-create-opts",
    .shortdesc = "create a btrfs subvolume",
    .longdesc =
    "Make a new, empty subvolume at the guest path C<dest>, which must "
    "not exist and whose parent directory is in a mounted btrfs "
    "filesystem.  C<qgroupid> adds it to that quota group "
    "(C<LEVEL/ID>).\n",
  },
  {
    .name = "btrfs_subvolume_list",
    .proc_nr = 1004,
    .ret = RET_STRUCTLIST,
    .ret_struct = "btrfssubvolume",
    .args = { { ARG_STRING, "fs" } },
    .shortdesc = "list btrfs snapshots and subvolumes",
    .longdesc =
    "List every subvolume and snapshot of a btrfs filesystem: its "
    "C<btrfssubvolume_id>, the id of the subvolume it is in "
    "(C<btrfssubvolume_top_level_id>, 5 for the top level) and its path "
    "from the top level (C<btrfssubvolume_path>).  The top level itself "
    "is not listed.  " MOUNTABLE_OR_PATH,
  },
  {
    .name = "btrfs_subvolume_set_default",
    .proc_nr = 1005,
    .ret = RET_ERR,
    .args = { { ARG_INT64, "id" }, { ARG_PATHNAME, "fs" } },
    .fish_alias = "btrfs-set-default",
    .shortdesc = "set default btrfs subvolume",
    .longdesc =
    "Make the subvolume whose id is C<id> (as listed by "
    "C<guestfs_btrfs_subvolume_list>; 5 is the top level) the one "
    "mounted when the filesystem is mounted without a C<subvol> "
    "option.  " MOUNTED_FS,
  },
  {
    .name = "btrfs_subvolume_get_default",
    .proc_nr = 1006,
    .ret = RET_INT64,
    .args = { { ARG_STRING, "fs" } },
    .shortdesc = "get the default subvolume or snapshot of a filesystem",
    .longdesc =
    "Return the id of the subvolume mounted when the filesystem is "
    "mounted without a C<subvol> option (5, the top level, unless "
    "changed).  " MOUNTABLE_OR_PATH,
  },
  {
    .name = "btrfs_subvolume_show",
    .proc_nr = 1007,
    .ret = RET_HASHTABLE,
    .args = { { ARG_PATHNAME, "subvolume" } },
    .shortdesc = "return detailed information of the subvolume",
    .longdesc =
    "Return what L<btrfs-subvolume(8)> B<show> says about the subvolume "
    "at the guest path C<subvolume>, as pairs of a key and a value: "
    "C<Name>, C<UUID>, C<Parent UUID>, C<Creation time>, "
    "C<Subvolume ID>, C<Generation>, C<Gen at creation>, "
    "C<Parent ID>, C<Top level ID>, C<Flags>, and C<Snapshot(s)> "
    "(the paths of its snapshots, separated by commas).\n",
  },
  {
    .name = "btrfs_filesystem_sync",
    .proc_nr = 1008,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "fs" } },
    .shortdesc = "sync a btrfs filesystem",
    .longdesc =
    "Write everything cached for the btrfs filesystem to its "
    "devices.  " MOUNTED_FS,
  },
  {
    .name = "btrfs_filesystem_balance",
    .proc_nr = 1009,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "fs" } },
    .flags = AF_PROGRESS,
    .fish_alias = "btrfs-balance",
    .shortdesc = "balance a btrfs filesystem",
    .longdesc =
    "Rewrite every chunk of the btrfs filesystem, spreading data and "
    "metadata over its devices (after C<guestfs_btrfs_device_add>, for "
    "example).  This can take a long time.  " MOUNTED_FS,
  },
  {
    .name = "btrfs_filesystem_show",
    .proc_nr = 1010,
    .ret = RET_STRINGLIST,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "list devices for btrfs filesystem",
    .longdesc =
    "Return the devices of the btrfs filesystem on C<device> (all of "
    "them when the filesystem spans several).  A device that is missing "
    "is an error.\n",
  },
  {
    .name = "btrfs_device_add",
    .proc_nr = 1011,
    .ret = RET_ERR,
    .args = { { ARG_DEVICELIST, "devices" }, { ARG_PATHNAME, "fs" } },
    .shortdesc = "add devices to a btrfs filesystem",
    .longdesc =
    "Add C<devices> to the mounted btrfs filesystem C<fs>; what they "
    "held before is lost.  " MOUNTED_FS,
  },
  {
    .name = "btrfs_device_delete",
    .proc_nr = 1012,
    .ret = RET_ERR,
    .args = { { ARG_DEVICELIST, "devices" }, { ARG_PATHNAME, "fs" } },
    .shortdesc = "remove devices from a btrfs filesystem",
    .longdesc =
    "Move the data off C<devices> and remove them from the mounted "
    "btrfs filesystem C<fs>.  " MOUNTED_FS,
  },
  {
    .name = "btrfs_set_seeding",
    .proc_nr = 1013,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_BOOL, "seeding" } },
    .shortdesc = "enable or disable the seeding feature of device",
    .longdesc =
    "Turn the seeding flag of the unmounted btrfs filesystem on "
    "C<device> on or off.  A seeding filesystem can only be mounted "
    "read-only, and other filesystems can be made from it by adding a "
    "device.\n",
  },
  {
    .name = "btrfs_fsck",
    .proc_nr = 1014,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .optargs = { { OPT_INT64, "superblock" }, { OPT_BOOL, "repair" } },
    .flags = AF_PROGRESS,
    .shortdesc = "check a btrfs filesystem",
    .longdesc =
    "Check the unmounted btrfs filesystem on C<device> with "
    "B<btrfs check>; an error is returned if it is damaged.  "
    "C<superblock> uses the superblock copy of that number (B<-s>); "
    "C<repair> lets it repair what it finds (B<--repair>, which can "
    "make things worse: keep a copy).\n",
  },
  {
    .name = "btrfs_filesystem_defragment",
    .proc_nr = 1015,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .optargs = { { OPT_BOOL, "flush" }, { OPT_STRING, "compress" } },
    .flags = AF_PROGRESS,
    .shortdesc = "defragment a file or directory",
    .longdesc =
    "Defragment the file C<path>, or every file under the directory "
    "C<path>, of a mounted btrfs filesystem.  C<flush> writes each file "
    "out before the next (B<-f>); C<compress> (C<zlib>, C<lzo> or "
    "C<zstd>) recompresses the data (B<-c>).\n",
  },
  {
    .name = "btrfs_rescue_chunk_recover",
    .proc_nr = 1016,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "recover the chunk tree of btrfs filesystem",
    .longdesc =
    "Rebuild the chunk tree of the unmounted btrfs filesystem on "
    "C<device> by scanning the device (B<btrfs rescue chunk-recover>).\n",
  },
  {
    .name = "btrfs_rescue_super_recover",
    .proc_nr = 1017,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "recover bad superblocks from good copies",
    .longdesc =
    "Overwrite damaged superblocks of the unmounted btrfs filesystem on "
    "C<device> with a good copy (B<btrfs rescue super-recover>).\n",
  },
  {
    .name = "btrfstune_seeding",
    .proc_nr = 1018,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_BOOL, "seeding" } },
    .shortdesc = "enable or disable seeding of a btrfs device",
    .longdesc =
    "The same as C<guestfs_btrfs_set_seeding>.\n",
  },
  {
    .name = "btrfstune_enable_extended_inode_refs",
    .proc_nr = 1019,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "enable extended inode refs",
    .longdesc =
    "Turn on the C<extref> feature (more hard links per file) of the "
    "unmounted btrfs filesystem on C<device> (B<btrfstune -r>).\n",
  },
  {
    .name = "btrfstune_enable_skinny_metadata_extent_refs",
    .proc_nr = 1020,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "enable skinny metadata extent refs",
    .longdesc =
    "Turn on the C<skinny-metadata> feature of the unmounted btrfs "
    "filesystem on C<device> (B<btrfstune -x>).\n",
  },
  {
    .name = "btrfs_balance_pause",
    .proc_nr = 1021,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "pause a running balance",
    .longdesc =
    "Pause the balance running on the mounted btrfs filesystem "
    "C<path>.\n",
  },
  {
    .name = "btrfs_balance_resume",
    .proc_nr = 1022,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "resume a paused balance",
    .longdesc =
    "Resume the paused balance of the mounted btrfs filesystem "
    "C<path>.\n",
  },
  {
    .name = "btrfs_balance_cancel",
    .proc_nr = 1023,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "cancel a running or paused balance",
    .longdesc =
    "Cancel the running or paused balance of the mounted btrfs "
    "filesystem C<path>.\n",
  },
  {
    .name = "btrfs_scrub_start",
    .proc_nr = 1024,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .flags = AF_PROGRESS,
    .shortdesc = "read all data from all disks and verify checksums",
    .longdesc =
    "Read every block of the mounted btrfs filesystem C<path> and check "
    "its checksum, repairing from a good copy where there is one.  The "
    "call returns when the scrub has finished; an error is returned if "
    "uncorrectable errors were found.\n",
  },
  {
    .name = "btrfs_scrub_cancel",
    .proc_nr = 1025,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "cancel a running scrub",
    .longdesc =
    "Cancel a running scrub of the mounted btrfs filesystem C<path>.\n",
  },
  {
    .name = "btrfs_scrub_resume",
    .proc_nr = 1026,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .flags = AF_PROGRESS,
    .shortdesc = "resume a previously canceled or interrupted scrub",
    .longdesc =
    "Resume a cancelled or interrupted scrub of the mounted btrfs "
    "filesystem C<path>, until it finishes.\n",
  },
  {
    .name = "btrfs_replace",
    .proc_nr = 1027,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "srcdev" }, { ARG_DEVICE, "targetdev" },
      { ARG_PATHNAME, "mntpoint" },
    },
    .flags = AF_PROGRESS,
    .shortdesc = "replace a btrfs managed device with another device",
    .longdesc =
    "Move everything from C<srcdev> to C<targetdev> (at least as big) "
    "in the btrfs filesystem mounted at C<mntpoint>, and then remove "
    "C<srcdev> from it.  What C<targetdev> held before is lost.\n",
  },
  /* Quotas (1032-1039). */
  {
    .name = "btrfs_quota_enable",
    .proc_nr = 1032,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "fs" }, { ARG_BOOL, "enable" } },
    .shortdesc = "enable or disable subvolume quota support",
    .longdesc =
    "Turn quota accounting of the btrfs filesystem C<fs> on (C<enable> "
    "true) or off.  While it is on, btrfs counts the space each "
    "subvolume uses in its quota group, and enforces the limits set "
    "with C<guestfs_btrfs_qgroup_limit>.  C<fs> is either a guest path "
    "in a mounted btrfs filesystem, or a device or "
    "C<btrfsvol:DEVICE/SUBVOLUME> mountable, which is then mounted "
    "read-write on a private mountpoint for the time of the call.\n",
  },
  {
    .name = "btrfs_quota_rescan",
    .proc_nr = 1033,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "fs" } },
    .shortdesc = "recount the space used by btrfs quota groups",
    .longdesc =
    "Throw away the space counts of the quota groups of the btrfs "
    "filesystem C<fs> and count again from its metadata, for example "
    "after groups were assigned to others.  The call returns when the "
    "count is done.  Quotas must be on.  C<fs> is as for "
    "C<guestfs_btrfs_quota_enable>.\n",
  },
  {
    .name = "btrfs_qgroup_create",
    .proc_nr = 1034,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "qgroupid" }, { ARG_PATHNAME, "subvolume" } },
    .shortdesc = "create a btrfs quota group",
    .longdesc =
    "Create the quota group C<qgroupid>, written C<LEVEL/ID> (such as "
    "C<1/100>; a bare C<ID> is level 0), in the btrfs filesystem that "
    "holds the guest path C<subvolume>.  Level 0 groups belong to the "
    "subvolumes of the same id; groups of higher levels gather others "
    "(C<guestfs_btrfs_qgroup_assign>).  Quotas must be on.\n",
  },
  {
    .name = "btrfs_qgroup_destroy",
    .proc_nr = 1035,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "qgroupid" }, { ARG_PATHNAME, "subvolume" } },
    .shortdesc = "destroy a btrfs quota group",
    .longdesc =
    "Remove the quota group C<qgroupid> (C<LEVEL/ID>) from the btrfs "
    "filesystem that holds the guest path C<subvolume>.\n",
  },
  {
    .name = "btrfs_qgroup_show",
    .proc_nr = 1036,
    .ret = RET_STRUCTLIST,
    .ret_struct = "btrfsqgroup",
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "list the btrfs quota groups and their usage",
    .longdesc =
    "Return every quota group of the btrfs filesystem that holds the "
    "guest path C<path>: its id C<LEVEL/ID> (C<btrfsqgroup_id>), the "
    "bytes its subvolumes refer to (C<btrfsqgroup_rfer>) and the bytes "
    "that belong to them alone, shared with no other group "
    "(C<btrfsqgroup_excl>).  Quotas must be on.\n",
  },
  {
    .name = "btrfs_qgroup_limit",
    .proc_nr = 1037,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "subvolume" }, { ARG_INT64, "size" } },
    .shortdesc = "limit the size of a btrfs subvolume",
    .longdesc =
    "Let the subvolume at the guest path C<subvolume> refer to at most "
    "C<size> bytes: writes beyond fail with C<EDQUOT> in the guest.  "
    "Quotas must be on.  A negative size fails with C<EINVAL>.\n",
  },
  {
    .name = "btrfs_qgroup_assign",
    .proc_nr = 1038,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "src" }, { ARG_STRING, "dst" },
      { ARG_PATHNAME, "path" },
    },
    .shortdesc = "put a btrfs quota group into another",
    .longdesc =
    "Make the quota group C<src> a member of the group C<dst>, of a "
    "higher level, in the btrfs filesystem that holds the guest path "
    "C<path>: a limit on C<dst> then bounds all its members together.  "
    "Group ids are written C<LEVEL/ID>.\n",
  },
  {
    .name = "btrfs_qgroup_remove",
    .proc_nr = 1039,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "src" }, { ARG_STRING, "dst" },
      { ARG_PATHNAME, "path" },
    },
    .shortdesc = "take a btrfs quota group out of another",
    .longdesc =
    "Undo C<guestfs_btrfs_qgroup_assign>: the quota group C<src> is no "
    "longer a member of C<dst>.\n",
  },
  /* Status of background work (1040-1041). */
  {
    .name = "btrfs_scrub_status",
    .proc_nr = 1040,
    .ret = RET_STRUCT,
    .ret_struct = "btrfsscrub",
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "get the counters of the last btrfs scrub",
    .longdesc =
    "Return the counters of the running or last scrub "
    "(C<guestfs_btrfs_scrub_start>) of the mounted btrfs filesystem "
    "that holds the guest path C<path>: extents and bytes read, errors "
    "of each kind found and corrected, and how far it got "
    "(C<btrfsscrub_last_physical>).  A filesystem never scrubbed gives "
    "all zeros.\n",
  },
  {
    .name = "btrfs_balance_status",
    .proc_nr = 1041,
    .ret = RET_STRUCT,
    .ret_struct = "btrfsbalance",
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "get the progress of a btrfs balance",
    .longdesc =
    "Tell whether a balance of the mounted btrfs filesystem that holds "
    "the guest path C<path> is going on: C<btrfsbalance_status> is "
    "C<none>, C<running> or C<paused> (C<guestfs_btrfs_balance_pause>). "
    " For a running or paused balance, C<btrfsbalance_total> is the "
    "number of chunks it expects to move, C<btrfsbalance_balanced> "
    "those moved, C<btrfsbalance_considered> those looked at, and "
    "C<btrfsbalance_left> the percentage still to move; all are 0 when "
    "there is none.\n",
  },
  {
    .name = "btrfs_image",
    .proc_nr = 1042,
    .ret = RET_ERR,
    .args = { { ARG_DEVICELIST, "source" }, { ARG_PATHNAME, "image" } },
    .optargs = { { OPT_INT, "compresslevel" } },
    .flags = AF_PROGRESS,
    .shortdesc = "dump the metadata of a btrfs filesystem",
    .longdesc =
    "Write a dump of the btrfs filesystem on the devices C<source> "
    "(all of one filesystem) to the guest file C<image>, with "
    "L<btrfs-image(8)>.  The dump holds the metadata (trees, names, "
    "sizes) and none of the file contents, which read back as zeros "
    "once the dump is restored: enough to study a damaged filesystem "
    "without its data.  C<compresslevel> (0 to 9) compresses it with "
    "zlib.  C<image> must not be a symbolic link or anything but a "
    "regular file.\n",
  },
  { .name = NULL }
};
