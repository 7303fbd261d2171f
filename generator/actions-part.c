/* careen - offline disk-image toolkit
 * API table: daemon calls of the "part" area (partition tables and
 * block devices), procedure numbers 500-599.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentences. */
#define PARTNUM \
  "Partitions are numbered from 1, as in C<guestfs_part_list>.\n"
#define GPT_ONLY \
  "The partition table of C<device> must be GPT: other types fail " \
  "with C<EINVAL>.\n"
#define GUID_FORM \
  "A GUID is written as 32 hexadecimal digits in the groups " \
  "8-4-4-4-12, such as C<0FC63DAF-8483-4772-8E79-3D69D8477DE4>.\n"

const struct api_action daemon_actions_part[] = {
  {
    .name = "part_get_parttype",
    .proc_nr = 500,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get the partition table type",
    .longdesc =
    "Return the kind of partition table on C<device>, in parted's "
    "words: C<msdos> for a DOS (MBR) table, C<gpt> for a GUID partition "
    "table, or one of the rarer kinds C<guestfs_part_init> accepts.  "
    "A device with no partition table gives an error.\n",
  },
  {
    .name = "part_get_bootable",
    .proc_nr = 501,
    .ret = RET_BOOL,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "partnum" } },
    .shortdesc = "tell whether a partition is bootable",
    .longdesc =
    "Return true if partition C<partnum> of C<device> has the bootable "
    "flag set, as parted(8) calls it: the active flag of a DOS table; on "
    "a GPT, the partition has the type of an EFI system partition.  "
    PARTNUM,
  },
  {
    .name = "part_set_bootable",
    .proc_nr = 502,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_INT, "partnum" },
      { ARG_BOOL, "bootable" },
    },
    .shortdesc = "set or clear the bootable flag of a partition",
    .longdesc =
    "Set the bootable flag of partition C<partnum> of C<device> when "
    "C<bootable> is true, clear it otherwise.  On a DOS table, old PC "
    "firmware boots from the partition that has it.  On a GPT, setting "
    "it gives the partition the type GUID of an EFI system partition "
    "and clearing it gives back the Linux filesystem type, as parted(8) "
    "does.  " PARTNUM,
  },
  {
    .name = "part_get_mbr_id",
    .proc_nr = 503,
    .ret = RET_INT,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "partnum" } },
    .flags = AF_FISH_HEX,
    .shortdesc = "get the type byte of a DOS partition",
    .longdesc =
    "Return the type byte (the \"system ID\", such as 0x83 for Linux or "
    "0x07 for NTFS) of partition C<partnum> of C<device>.  Only DOS "
    "(MBR) partition tables have type bytes: other tables fail with "
    "C<EINVAL>.  " PARTNUM,
  },
  {
    .name = "part_set_mbr_id",
    .proc_nr = 504,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_INT, "partnum" },
      { ARG_INT, "idbyte" },
    },
    .shortdesc = "set the type byte of a DOS partition",
    .longdesc =
    "Set the type byte of partition C<partnum> of C<device> to "
    "C<idbyte> (0 to 255).  Only DOS (MBR) partition tables have type "
    "bytes: other tables fail with C<EINVAL>.  Nothing checks that the "
    "contents of the partition match the new type.  " PARTNUM,
  },
  {
    .name = "part_get_mbr_part_type",
    .proc_nr = 505,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "partnum" } },
    .shortdesc = "get the kind of a DOS partition",
    .longdesc =
    "Return C<primary>, C<extended> or C<logical>: what partition "
    "C<partnum> of the DOS (MBR) partition table on C<device> is.  "
    "Other tables fail with C<EINVAL>.  " PARTNUM,
  },
  {
    .name = "part_set_name",
    .proc_nr = 506,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_INT, "partnum" },
      { ARG_STRING, "name" },
    },
    .shortdesc = "set the name of a GPT partition",
    .longdesc =
    "Set the name (the label kept in the partition table, not the one "
    "of the filesystem) of partition C<partnum> of C<device> to "
    "C<name>, at most 36 characters.  " GPT_ONLY PARTNUM,
  },
  {
    .name = "part_get_name",
    .proc_nr = 507,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "partnum" } },
    .shortdesc = "get the name of a partition",
    .longdesc =
    "Return the name of partition C<partnum> of C<device>, as set by "
    "C<guestfs_part_set_name>.  GPT partitions have names; DOS (MBR) "
    "partitions have none and give the empty string.  " PARTNUM,
  },
  {
    .name = "part_get_gpt_type",
    .proc_nr = 508,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "partnum" } },
    .shortdesc = "get the type GUID of a GPT partition",
    .longdesc =
    "Return the partition type GUID of partition C<partnum> of "
    "C<device>, in upper case.  On a DOS (MBR) table the GUID that "
    "stands for the partition's type byte is returned.  " GUID_FORM
    PARTNUM,
  },
  {
    .name = "part_set_gpt_type",
    .proc_nr = 509,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_INT, "partnum" },
      { ARG_STRING, "guid" },
    },
    .shortdesc = "set the type GUID of a GPT partition",
    .longdesc =
    "Set the partition type GUID of partition C<partnum> of C<device> "
    "to C<guid>.  An invalid GUID fails with C<EINVAL>.  " GUID_FORM
    GPT_ONLY PARTNUM,
  },
  {
    .name = "part_get_gpt_guid",
    .proc_nr = 510,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "partnum" } },
    .shortdesc = "get the unique GUID of a GPT partition",
    .longdesc =
    "Return the GUID that identifies partition C<partnum> of C<device> "
    "(not its type), in upper case.  " GPT_ONLY PARTNUM,
  },
  {
    .name = "part_set_gpt_guid",
    .proc_nr = 511,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_INT, "partnum" },
      { ARG_STRING, "guid" },
    },
    .shortdesc = "set the unique GUID of a GPT partition",
    .longdesc =
    "Set the GUID that identifies partition C<partnum> of C<device> to "
    "C<guid>.  An invalid GUID fails with C<EINVAL>.  " GUID_FORM
    GPT_ONLY PARTNUM,
  },
  {
    .name = "part_get_gpt_attributes",
    .proc_nr = 512,
    .ret = RET_INT64,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "partnum" } },
    .shortdesc = "get the attribute flags of a GPT partition",
    .longdesc =
    "Return the 64 attribute bits of partition C<partnum> of C<device> "
    "(bit 0: required by the platform, bit 2: legacy BIOS bootable, "
    "bits 48 to 63: defined by the partition type).  " GPT_ONLY PARTNUM,
  },
  {
    .name = "part_set_gpt_attributes",
    .proc_nr = 513,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_INT, "partnum" },
      { ARG_INT64, "attributes" },
    },
    .shortdesc = "set the attribute flags of a GPT partition",
    .longdesc =
    "Set the 64 attribute bits of partition C<partnum> of C<device> to "
    "C<attributes>, replacing all of them.  " GPT_ONLY PARTNUM,
  },
  {
    .name = "part_get_disk_guid",
    .proc_nr = 514,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get the GUID of a GPT disk",
    .longdesc =
    "Return the disk GUID stored in the GPT header of C<device>, in "
    "upper case.  " GPT_ONLY,
  },
  {
    .name = "part_set_disk_guid",
    .proc_nr = 515,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_STRING, "guid" } },
    .shortdesc = "set the GUID of a GPT disk",
    .longdesc =
    "Set the disk GUID in the GPT header of C<device> to C<guid>.  An "
    "invalid GUID fails with C<EINVAL>.  " GUID_FORM GPT_ONLY,
  },
  {
    .name = "part_set_disk_guid_random",
    .proc_nr = 516,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "give a GPT disk a new random GUID",
    .longdesc =
    "Set the disk GUID in the GPT header of C<device> to a new random "
    "one, for example after cloning a disk.  " GPT_ONLY,
  },
  {
    .name = "part_to_dev",
    .proc_nr = 517,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "partition" } },
    .shortdesc = "get the disk holding a partition",
    .longdesc =
    "Return the whole disk that C<partition> is on: F</dev/sdb> for "
    "F</dev/sdb1>.  C<partition> must be an existing partition, as "
    "C<guestfs_list_partitions> returns them; anything else fails with "
    "C<EINVAL>.\n",
  },
  {
    .name = "part_to_partnum",
    .proc_nr = 518,
    .ret = RET_INT,
    .args = { { ARG_DEVICE, "partition" } },
    .shortdesc = "get the number of a partition",
    .longdesc =
    "Return the partition number of C<partition>: 1 for F</dev/sdb1>.  "
    "C<partition> must be an existing partition; anything else fails "
    "with C<EINVAL>.\n",
  },
  {
    .name = "part_resize",
    .proc_nr = 519,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_INT, "partnum" },
      { ARG_INT64, "endsect" },
    },
    .shortdesc = "move the end of a partition",
    .longdesc =
    "Move the last sector of partition C<partnum> of C<device> to "
    "C<endsect>, keeping its start.  The filesystem inside is not "
    "touched: grow it after growing the partition (with "
    "C<guestfs_resize2fs> or similar), and shrink it before shrinking "
    "the partition.  " PARTNUM,
  },
  {
    .name = "part_expand_gpt",
    .proc_nr = 520,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "move the backup GPT to the end of the disk",
    .longdesc =
    "Move the backup GPT header and table of C<device> to the last "
    "sectors of the disk.  After a disk image has been made bigger, the "
    "backup still sits where the old end was and the space after it "
    "cannot be partitioned until it is moved.  " GPT_ONLY,
  },
  {
    .name = "list_md_devices",
    .proc_nr = 521,
    .ret = RET_STRINGLIST,
    .shortdesc = "list the software RAID devices",
    .longdesc =
    "Return the Linux software RAID (md) devices that are assembled, "
    "such as F</dev/md127>, sorted.\n",
  },
  {
    .name = "list_dm_devices",
    .proc_nr = 522,
    .ret = RET_STRINGLIST,
    .shortdesc = "list the device mapper devices",
    .longdesc =
    "Return the device mapper devices as F</dev/mapper/NAME>, sorted: "
    "for example the volumes opened by C<guestfs_cryptsetup_open>.  "
    "Logical volumes are left out: C<guestfs_lvs> lists them.\n",
  },
  {
    .name = "nr_devices",
    .proc_nr = 523,
    .ret = RET_INT,
    .shortdesc = "count the block devices",
    .longdesc =
    "Return how many whole-disk devices there are, one per drive added: "
    "the length of the list C<guestfs_list_devices> returns.\n",
  },
  {
    .name = "device_index",
    .proc_nr = 524,
    .ret = RET_INT,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get the index of a block device",
    .longdesc =
    "Return the position of the whole disk C<device> in the list "
    "C<guestfs_list_devices> returns, from 0: the order in which the "
    "drives were added.  Other devices (partitions, logical volumes) "
    "fail with C<EINVAL>.\n",
  },
  {
    .name = "canonical_device_name",
    .proc_nr = 525,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "device" } },
    .shortdesc = "get the usual name of a device",
    .longdesc =
    "Return C<device> written the way careen shows device names, for "
    "display to users:\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item F</dev/hdX>, F</dev/vdX>, F</dev/xvdX> (and their partitions)\n"
    "\n"
    "become F</dev/sdX>, the names disks have in the appliance;\n"
    "\n"
    "=item F</dev/mapper/VG-LV>, F</dev/dm-N>\n"
    "\n"
    "become F</dev/VG/LV> when they are logical volumes, as "
    "C<guestfs_lvm_canonical_lv_name> says.\n"
    "\n"
    "=back\n"
    "\n"
    "Any other string is returned unchanged.\n",
  },
  {
    .name = "blockdev_getsz",
    .proc_nr = 526,
    .ret = RET_INT64,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get the size of a block device in 512-byte sectors",
    .longdesc =
    "Return the size of C<device> counted in 512-byte units, whatever "
    "the device's own sector size.  C<guestfs_blockdev_getsize64> gives "
    "it in bytes.\n",
  },
  {
    .name = "blockdev_getss",
    .proc_nr = 527,
    .ret = RET_INT,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get the sector size of a block device",
    .longdesc =
    "Return the logical sector size of C<device> in bytes, usually 512 "
    "and sometimes 4096.\n",
  },
  {
    .name = "blockdev_getbsz",
    .proc_nr = 528,
    .ret = RET_INT,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get the block size of a block device",
    .longdesc =
    "Return the block size the kernel uses for buffered I/O on "
    "C<device>.  It is neither the sector size nor the block size of a "
    "filesystem on the device, and there is little use for it.\n",
  },
  {
    .name = "blockdev_getro",
    .proc_nr = 529,
    .ret = RET_BOOL,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "tell whether a block device is read-only",
    .longdesc =
    "Return true if the kernel treats C<device> as read-only (a drive "
    "added read-only, or after C<guestfs_blockdev_setro>).\n",
  },
  {
    .name = "blockdev_setro",
    .proc_nr = 530,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "make a block device read-only",
    .longdesc =
    "Make the kernel refuse writes to C<device> until "
    "C<guestfs_blockdev_setrw>.\n",
  },
  {
    .name = "blockdev_setrw",
    .proc_nr = 531,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "make a block device writable",
    .longdesc =
    "Undo C<guestfs_blockdev_setro> on C<device>.  A drive added "
    "read-only stays read-only: qemu refuses the writes.\n",
  },
  {
    .name = "blockdev_flushbufs",
    .proc_nr = 532,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "flush the buffers of a block device",
    .longdesc =
    "Write out the kernel's dirty buffers for C<device> and drop its "
    "cached blocks, so that the next reads come from the disk.\n",
  },
  {
    .name = "blockdev_rereadpt",
    .proc_nr = 533,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "reread the partition table of a block device",
    .longdesc =
    "Have the kernel read the partition table of C<device> again, for "
    "example after it was written by other means than the part_* "
    "calls.  It fails (C<EBUSY>) while a partition of the device is in "
    "use.\n",
  },
  /* Block device odds and ends (534-537). */
  {
    .name = "is_whole_device",
    .proc_nr = 534,
    .ret = RET_BOOL,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "tell whether a device is a whole disk",
    .longdesc =
    "Return true if C<device> is a whole disk, one of those "
    "C<guestfs_list_devices> returns, and false for anything built on "
    "top of disks: partitions, logical volumes, software RAID and "
    "device mapper devices.\n",
  },
  {
    .name = "list_disk_labels",
    .proc_nr = 535,
    .ret = RET_HASHTABLE,
    .shortdesc = "map the labels of drives to device names",
    .longdesc =
    "Return a table from the labels given to drives with the C<label> "
    "optional argument of C<guestfs_add_drive_opts> to the devices "
    "they became in the appliance.  A drive labelled C<data> that is "
    "the second one added gives C<data> => F</dev/sdb>, and each of its "
    "partitions the label followed by the partition number: C<data1> "
    "=> F</dev/sdb1>.  Drives added without a label are left out.\n",
  },
  {
    .name = "blockdev_setra",
    .proc_nr = 536,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "sectors" } },
    .shortdesc = "set the readahead of a block device",
    .longdesc =
    "Make the kernel read up to C<sectors> 512-byte sectors ahead of "
    "sequential reads on C<device>.  0 turns readahead off; a negative "
    "number fails with C<EINVAL>.  The setting lasts until the "
    "appliance stops.\n",
  },
  {
    .name = "blockdev_setbsz",
    .proc_nr = 537,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "blocksize" } },
    .flags = AF_DEPRECATED,
    .shortdesc = "set the block size of a block device (does nothing)",
    .longdesc =
    "This call changes nothing, and never could: the kernel sets a "
    "device's block size back to its default whenever the device is "
    "opened after everyone had closed it, so a value set by one "
    "program does not outlive it.  The call only checks "
    "that C<device> exists and that C<blocksize> is a power of two "
    "from 512 to 65536 (else C<EINVAL>), and returns.  To choose the "
    "block size of a filesystem, give C<blocksize> to "
    "C<guestfs_mkfs>.\n",
  },
  /* Linux software RAID (538-541). */
  {
    .name = "md_create",
    .proc_nr = 538,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "name" }, { ARG_DEVICELIST, "devices" } },
    .optargs = {
      { OPT_INT64, "missingbitmap" },
      { OPT_INT, "nrdevices" },
      { OPT_INT, "spare" },
      { OPT_INT64, "chunk" },
      { OPT_STRING, "level" },
    },
    .shortdesc = "create a software RAID array",
    .longdesc =
    "Make a Linux software RAID (md) array of C<devices> with "
    "L<mdadm(8)> and start it.  It appears as F</dev/mdN> (listed by "
    "C<guestfs_list_md_devices>) and as F</dev/md/name>.  C<name> is up "
    "to 32 letters, digits, C<_>, C<.> and C<->.  What the devices "
    "held is lost.\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<missingbitmap>\n"
    "\n"
    "Leaves slots of the array empty, to be filled later: bit I<i> set "
    "makes slot I<i> (from 0) missing, and C<devices> fill the other "
    "slots in order.  With C<devices> [F</dev/sda1>, F</dev/sdb1>] and "
    "C<missingbitmap> 2, the array is F</dev/sda1>, missing, "
    "F</dev/sdb1>.  Without it, no slot is missing.\n"
    "\n"
    "=item C<nrdevices>\n"
    "\n"
    "How many of the slots are active.  Without it, all of them: the "
    "number of C<devices> plus the number of bits set in "
    "C<missingbitmap>.\n"
    "\n"
    "=item C<spare>\n"
    "\n"
    "How many of the slots are spares, 0 without it.  C<nrdevices> "
    "plus C<spare> must be the number of slots, or the call fails with "
    "C<EINVAL>.\n"
    "\n"
    "=item C<chunk>\n"
    "\n"
    "The chunk size in bytes, a power of two of at least 4096, for the "
    "levels that stripe.  A mirror (C<raid1>) has no chunks: do not "
    "give it.\n"
    "\n"
    "=item C<level>\n"
    "\n"
    "One of C<linear>, C<raid0> (also C<0>, C<stripe>), C<raid1> (also "
    "C<1>, C<mirror>), C<raid4> (C<4>), C<raid5> (C<5>), C<raid6> "
    "(C<6>), C<raid10> (C<10>).  C<raid1> without it.\n"
    "\n"
    "=back\n",
  },
  {
    .name = "md_detail",
    .proc_nr = 539,
    .ret = RET_HASHTABLE,
    .args = { { ARG_DEVICE, "md" } },
    .shortdesc = "describe a software RAID array",
    .longdesc =
    "Return what L<mdadm(8)> says of the array C<md> (B<--detail "
    "--export>), as a table whose keys are mdadm's, without their "
    "C<MD_> prefix and in lower case.  Among them are usually "
    "C<level> (such as C<raid1>), C<devices> (the number of active "
    "slots), C<metadata> (the superblock version), C<uuid> and C<name>. "
    " A device that is not an md array fails with C<EINVAL>.\n",
  },
  {
    .name = "md_stat",
    .proc_nr = 540,
    .ret = RET_STRUCTLIST,
    .ret_struct = "mdstat",
    .args = { { ARG_DEVICE, "md" } },
    .shortdesc = "list the members of a software RAID array",
    .longdesc =
    "Return the devices the running array C<md> is made of, as the "
    "kernel reports them: for each, its name (C<mdstat_device>), its "
    "slot in the array (C<mdstat_index>) and its state as letters in "
    "C<mdstat_flags>: C<W> written to mostly, C<F> failed, C<S> a "
    "spare, C<R> a replacement; empty for a working member.  Missing "
    "slots are not listed.  A device that is not an md array fails with "
    "C<EINVAL>.\n",
  },
  {
    .name = "md_stop",
    .proc_nr = 541,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "md" } },
    .shortdesc = "stop a software RAID array",
    .longdesc =
    "Stop the array C<md>: its device goes away, but the devices it is "
    "made of keep their RAID superblocks and data, so it can be "
    "assembled again.  An array in use (mounted, or under LVM) cannot "
    "be stopped.\n",
  },
  /* The old sfdisk interface (542-547). */
  {
    .name = "sfdisk",
    .proc_nr = 542,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_INT, "cyls" },
      { ARG_INT, "heads" },
      { ARG_INT, "sectors" },
      { ARG_STRINGLIST, "lines" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "part_add",
    .shortdesc = "write a partition table with sfdisk",
    .longdesc =
    "Write a partition table on C<device> by feeding C<lines>, one "
    "partition each, to L<sfdisk(8)>.  A line is "
    "C<start,size,type,bootable>; an empty field takes sfdisk's "
    "default, so the one line C<,> makes one partition of the whole "
    "disk.  Starts and sizes are counted in 512-byte sectors, or in "
    "bytes with a suffix such as C<MiB>, as today's sfdisk reads them, "
    "not in cylinders as the sfdisk this call was made for did.  A new "
    "table is a DOS (MBR) one unless a line C<label: gpt> comes "
    "first.\n"
    "\n"
    "C<cyls>, C<heads> and C<sectors> set the disk geometry for the old "
    "sfdisk.  Today's sfdisk has no such setting: pass 0 for each; any "
    "other value fails with C<ENOTSUP>.\n",
  },
  {
    .name = "sfdisk_N",
    .proc_nr = 543,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_INT, "partnum" },
      { ARG_INT, "cyls" },
      { ARG_INT, "heads" },
      { ARG_INT, "sectors" },
      { ARG_STRING, "line" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "part_add",
    .shortdesc = "change one partition with sfdisk",
    .longdesc =
    "Create or change only partition C<partnum> (from 1) of C<device>, "
    "as L<sfdisk(8)> B<-N> does, from the one C<line> in the form "
    "C<guestfs_sfdisk> takes; an empty field keeps the partition's "
    "current value.  C<cyls>, C<heads> and C<sectors> must be 0, as for "
    "C<guestfs_sfdisk>.\n",
  },
  {
    .name = "sfdiskM",
    .proc_nr = 544,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_STRINGLIST, "lines" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "part_add",
    .shortdesc = "write a partition table with sizes in megabytes",
    .longdesc =
    "C<guestfs_sfdisk> with the starts and sizes of C<lines> in "
    "megabytes (MiB): C<,100> makes a partition of 100 MiB at the "
    "first free place, and a start of 0 means that place too.  "
    "Partitions are aligned on whole MiB, where the old sfdisk rounded "
    "them to cylinders.\n",
  },
  {
    .name = "sfdisk_l",
    .proc_nr = 545,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "part_list",
    .shortdesc = "show the partition table of a device",
    .longdesc =
    "Return the partition table of C<device> as L<sfdisk(8)> B<--list> "
    "prints it, for people to read: its wording changes with sfdisk "
    "versions.  C<guestfs_part_list> gives the same in a form for "
    "programs.\n",
  },
  {
    .name = "sfdisk_kernel_geometry",
    .proc_nr = 546,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "show the geometry the kernel gives a device",
    .longdesc =
    "Return the cylinders, heads and sectors per track the kernel "
    "reports for C<device>, as L<sfdisk(8)> B<--show-geometry> prints "
    "them, such as C</dev/sda: 12 cylinders, 255 heads, 63 "
    "sectors/track>.  Disks have had no real geometry for decades: "
    "these numbers are a convention.\n",
  },
  {
    .name = "sfdisk_disk_geometry",
    .proc_nr = 547,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "show the geometry a partition table implies",
    .longdesc =
    "Return the geometry the DOS (MBR) partition table of C<device> "
    "was written for, in the form of C<guestfs_sfdisk_kernel_geometry>. "
    " It is read from the cylinder-head-sector address of the last "
    "sector of each partition, which ended on a cylinder boundary in "
    "the days such addresses were used: the heads and sectors per "
    "track, and the cylinders the disk's size makes of them.  A device "
    "with no DOS table, or a table whose partitions do not agree (as "
    "tables written by today's tools may not), fails with C<EINVAL>.  "
    "Today's sfdisk no longer computes this.\n",
  },
  /* Windows dynamic disks (548-559). */
  {
    .name = "list_ldm_volumes",
    .proc_nr = 548,
    .ret = RET_STRINGLIST,
    .shortdesc = "list the volumes of Windows dynamic disks",
    .longdesc =
    "Return the devices, F</dev/mapper/ldm_vol_GROUP_VOLUME>, of the "
    "volumes found on Windows dynamic disks (LDM), sorted.  The volumes "
    "of the drives are made into devices the first time they are "
    "listed, unless C<guestfs_ldmtool_create_all> or "
    "C<guestfs_ldmtool_remove_all> was called before.  An empty list "
    "when no drive is a dynamic disk.\n",
  },
  {
    .name = "list_ldm_partitions",
    .proc_nr = 549,
    .ret = RET_STRINGLIST,
    .shortdesc = "list the partitions of Windows dynamic disks",
    .longdesc =
    "Return the devices, F</dev/mapper/ldm_part_GROUP_PARTITION>, of the "
    "partitions of Windows dynamic disks (LDM), sorted, as "
    "C<guestfs_list_ldm_volumes> does for volumes.\n",
  },
  {
    .name = "ldmtool_create_all",
    .proc_nr = 550,
    .ret = RET_ERR,
    .shortdesc = "make devices of all Windows dynamic disk volumes",
    .longdesc =
    "Scan every block device for Windows dynamic disks (LDM) and make a "
    "device mapper device of each volume and partition found, with "
    "L<ldmtool(1)>.  C<guestfs_list_ldm_volumes> and "
    "C<guestfs_list_ldm_partitions> list them.  They do this themselves "
    "the first time; call it again after disks change.\n",
  },
  {
    .name = "ldmtool_remove_all",
    .proc_nr = 551,
    .ret = RET_ERR,
    .shortdesc = "remove the devices of Windows dynamic disk volumes",
    .longdesc =
    "Remove the device mapper devices of all Windows dynamic disk "
    "volumes and partitions: undo C<guestfs_ldmtool_create_all>.\n",
  },
  {
    .name = "ldmtool_scan",
    .proc_nr = 552,
    .ret = RET_STRINGLIST,
    .shortdesc = "find the Windows dynamic disk groups",
    .longdesc =
    "Scan every block device for Windows dynamic disks (LDM) and return "
    "the GUIDs of the disk groups found: the C<diskgroup> argument of "
    "the other C<guestfs_ldmtool_*> calls.  An empty list when there is "
    "none.\n",
  },
  {
    .name = "ldmtool_scan_devices",
    .proc_nr = 553,
    .ret = RET_STRINGLIST,
    .args = { { ARG_DEVICELIST, "devices" } },
    .shortdesc = "find the Windows dynamic disk groups on some devices",
    .longdesc =
    "C<guestfs_ldmtool_scan> on C<devices> only; an empty list scans "
    "every block device.\n",
  },
  {
    .name = "ldmtool_diskgroup_name",
    .proc_nr = 554,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "diskgroup" } },
    .shortdesc = "get the name of a Windows dynamic disk group",
    .longdesc =
    "Return the name of the disk group whose GUID is C<diskgroup>, as "
    "C<guestfs_ldmtool_scan> returns it.  A string that is not a GUID "
    "fails with C<EINVAL>; an unknown group fails.\n",
  },
  {
    .name = "ldmtool_diskgroup_volumes",
    .proc_nr = 555,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "diskgroup" } },
    .shortdesc = "list the volumes of a Windows dynamic disk group",
    .longdesc =
    "Return the names of the volumes of the disk group whose GUID is "
    "C<diskgroup>.\n",
  },
  {
    .name = "ldmtool_diskgroup_disks",
    .proc_nr = 556,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "diskgroup" } },
    .shortdesc = "list the disks of a Windows dynamic disk group",
    .longdesc =
    "Return the names (as LDM knows them, such as C<Disk1>) of the "
    "disks of the disk group whose GUID is C<diskgroup>.\n",
  },
  {
    .name = "ldmtool_volume_type",
    .proc_nr = 557,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "diskgroup" }, { ARG_STRING, "volume" } },
    .shortdesc = "get the type of a Windows dynamic disk volume",
    .longdesc =
    "Return how the volume C<volume> of the disk group C<diskgroup> "
    "lays out its data: C<simple>, C<spanned>, C<striped>, "
    "C<mirrored>, C<raid5>, or another word for a kind LDM adds.\n",
  },
  {
    .name = "ldmtool_volume_hint",
    .proc_nr = 558,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "diskgroup" }, { ARG_STRING, "volume" } },
    .shortdesc = "get the hint of a Windows dynamic disk volume",
    .longdesc =
    "Return the hint Windows keeps for the volume C<volume> of the disk "
    "group C<diskgroup>: often its drive letter, such as C<E:>.  The "
    "empty string when it has none.\n",
  },
  {
    .name = "ldmtool_volume_partitions",
    .proc_nr = 559,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "diskgroup" }, { ARG_STRING, "volume" } },
    .shortdesc = "list the partitions of a Windows dynamic disk volume",
    .longdesc =
    "Return the names of the partitions the volume C<volume> of the "
    "disk group C<diskgroup> is made of.\n",
  },
  { .name = NULL }
};
