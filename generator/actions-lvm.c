/* careen - offline disk-image toolkit
 * API table: daemon calls of the "lvm" area (LVM and disk encryption),
 * procedure numbers 600-699.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentences. */
#define KEY_NOTE \
  "C<key> is a secret: it is never traced.  It is used as it is, byte " \
  "for byte, with no final newline.\n"

const struct api_action daemon_actions_lvm[] = {
  {
    .name = "pvcreate",
    .proc_nr = 600,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "create an LVM physical volume",
    .longdesc =
    "Make C<device> (usually a partition) an LVM physical volume, which "
    "C<guestfs_vgcreate> can then put into a volume group.\n",
  },
  {
    .name = "vgcreate",
    .proc_nr = 601,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "volgroup" }, { ARG_DEVICELIST, "physvols" } },
    .shortdesc = "create an LVM volume group",
    .longdesc =
    "Create the volume group C<volgroup> from the physical volumes "
    "C<physvols>.\n",
  },
  {
    .name = "lvcreate",
    .proc_nr = 602,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "logvol" },
      { ARG_STRING, "volgroup" },
      { ARG_INT, "mbytes" },
    },
    .shortdesc = "create an LVM logical volume",
    .longdesc =
    "Create the logical volume F</dev/volgroup/logvol> of C<mbytes> "
    "megabytes (MiB) in the volume group C<volgroup>.  The size is "
    "rounded up to a whole number of extents.\n",
  },
  {
    .name = "lvcreate_free",
    .proc_nr = 603,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "logvol" },
      { ARG_STRING, "volgroup" },
      { ARG_INT, "percent" },
    },
    .shortdesc = "create an LVM logical volume in the free space",
    .longdesc =
    "Create the logical volume F</dev/volgroup/logvol> using about "
    "C<percent> % (1 to 100) of the free space of the volume group "
    "C<volgroup>: 100 makes the largest volume that fits.\n",
  },
  {
    .name = "pvs",
    .proc_nr = 604,
    .ret = RET_STRINGLIST,
    .shortdesc = "list the LVM physical volumes",
    .longdesc =
    "Return the devices that are LVM physical volumes, such as "
    "F</dev/sda2>, like L<pvs(8)>.  C<guestfs_pvs_full> gives all their "
    "details.\n",
  },
  {
    .name = "vgs",
    .proc_nr = 605,
    .ret = RET_STRINGLIST,
    .shortdesc = "list the LVM volume groups",
    .longdesc =
    "Return the names of the LVM volume groups, such as C<VolGroup00>, "
    "like L<vgs(8)>.  C<guestfs_vgs_full> gives all their details.\n",
  },
  {
    .name = "lvs",
    .proc_nr = 606,
    .ret = RET_STRINGLIST,
    .shortdesc = "list the LVM logical volumes",
    .longdesc =
    "Return the device names of the LVM logical volumes, such as "
    "F</dev/VolGroup00/LogVol00>, like L<lvs(8)>.  Volumes that are "
    "internal to LVM (thin pools, mirror legs, ...) are left out.  "
    "C<guestfs_lvs_full> gives all the details.\n",
  },
  {
    .name = "pvs_full",
    .proc_nr = 607,
    .ret = RET_STRUCTLIST,
    .ret_struct = "lvm_pv",
    .shortdesc = "list the LVM physical volumes in detail",
    .longdesc =
    "Return every LVM physical volume with the fields L<pvs(8)> "
    "reports (sizes in bytes).  The UUID is given as its 32 characters "
    "without dashes.\n",
  },
  {
    .name = "vgs_full",
    .proc_nr = 608,
    .ret = RET_STRUCTLIST,
    .ret_struct = "lvm_vg",
    .shortdesc = "list the LVM volume groups in detail",
    .longdesc =
    "Return every LVM volume group with the fields L<vgs(8)> reports "
    "(sizes in bytes).  The UUID is given as its 32 characters without "
    "dashes.\n",
  },
  {
    .name = "lvs_full",
    .proc_nr = 609,
    .ret = RET_STRUCTLIST,
    .ret_struct = "lvm_lv",
    .shortdesc = "list the LVM logical volumes in detail",
    .longdesc =
    "Return every LVM logical volume with the fields L<lvs(8)> reports "
    "(sizes in bytes; percentages are -1 when they do not apply).  The "
    "UUID is given as its 32 characters without dashes.\n",
  },
  {
    .name = "pvremove",
    .proc_nr = 610,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "remove an LVM physical volume",
    .longdesc =
    "Wipe the LVM physical volume label from C<device>.  The volume "
    "group using it must have been removed first.\n",
  },
  {
    .name = "vgremove",
    .proc_nr = 611,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "vgname" } },
    .shortdesc = "remove an LVM volume group",
    .longdesc =
    "Remove the volume group C<vgname> (such as C<VG>), and with it all "
    "its logical volumes.\n",
  },
  {
    .name = "lvremove",
    .proc_nr = 612,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "device" } },
    .shortdesc = "remove an LVM logical volume",
    .longdesc =
    "Remove the logical volume C<device> (F</dev/VG/LV>), or every "
    "logical volume of a volume group when C<device> is F</dev/VG>.\n",
  },
  {
    .name = "lvresize",
    .proc_nr = 613,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT, "mbytes" } },
    .shortdesc = "resize an LVM logical volume",
    .longdesc =
    "Grow or shrink the logical volume C<device> to C<mbytes> megabytes "
    "(MiB).  A filesystem in it is not resized: shrinking a volume "
    "below its filesystem's size destroys data.\n",
  },
  {
    .name = "lvresize_free",
    .proc_nr = 614,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "lv" }, { ARG_INT, "percent" } },
    .shortdesc = "grow an LVM logical volume into the free space",
    .longdesc =
    "Grow the logical volume C<lv> by C<percent> % (1 to 100) of the "
    "free space left in its volume group: 100 takes all of it.\n",
  },
  {
    .name = "pvresize",
    .proc_nr = 615,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "resize an LVM physical volume to its device",
    .longdesc =
    "Make the physical volume on C<device> as big as the device, after "
    "the device (a partition) was grown.\n",
  },
  {
    .name = "pvresize_size",
    .proc_nr = 616,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_INT64, "size" } },
    .shortdesc = "resize an LVM physical volume to a size",
    .longdesc =
    "Like C<guestfs_pvresize>, but the new size is C<size> bytes.\n",
  },
  {
    .name = "vg_activate",
    .proc_nr = 617,
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "activate" }, { ARG_STRINGLIST, "volgroups" } },
    .shortdesc = "activate or deactivate volume groups",
    .longdesc =
    "Activate the logical volumes of the volume groups C<volgroups> (so "
    "that their F</dev/VG/LV> devices exist) when C<activate> is true, "
    "deactivate them otherwise, as C<vgchange -a y|n> does.  An empty "
    "list means every volume group.\n",
  },
  {
    .name = "vg_activate_all",
    .proc_nr = 618,
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "activate" } },
    .shortdesc = "activate or deactivate all volume groups",
    .longdesc =
    "Like C<guestfs_vg_activate> with an empty list: activate or "
    "deactivate every volume group.\n",
  },
  {
    .name = "lvm_remove_all",
    .proc_nr = 619,
    .ret = RET_ERR,
    .shortdesc = "remove all LVM volumes and groups",
    .longdesc =
    "Remove every logical volume, volume group and physical volume "
    "label found on the disks.\n",
  },
  {
    .name = "lvrename",
    .proc_nr = 620,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "logvol" }, { ARG_STRING, "newlogvol" } },
    .shortdesc = "rename an LVM logical volume",
    .longdesc =
    "Rename the logical volume C<logvol> to C<newlogvol>; both are "
    "full names, F</dev/VG/LV>, in the same volume group.\n",
  },
  {
    .name = "vgrename",
    .proc_nr = 621,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "volgroup" }, { ARG_STRING, "newvolgroup" } },
    .shortdesc = "rename an LVM volume group",
    .longdesc =
    "Rename the volume group C<volgroup> to C<newvolgroup>.  Its "
    "logical volumes get the new names F</dev/newvolgroup/LV>.\n",
  },
  {
    .name = "lvuuid",
    .proc_nr = 622,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get the UUID of an LVM logical volume",
    .longdesc =
    "Return the UUID of the logical volume C<device>, as LVM writes it "
    "(with dashes).\n",
  },
  {
    .name = "vguuid",
    .proc_nr = 623,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "vgname" } },
    .shortdesc = "get the UUID of an LVM volume group",
    .longdesc =
    "Return the UUID of the volume group C<vgname>, as LVM writes it "
    "(with dashes).\n",
  },
  {
    .name = "pvuuid",
    .proc_nr = 624,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get the UUID of an LVM physical volume",
    .longdesc =
    "Return the UUID of the physical volume on C<device>, as LVM writes "
    "it (with dashes).\n",
  },
  {
    .name = "vgpvuuids",
    .proc_nr = 625,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "vgname" } },
    .shortdesc = "get the UUIDs of the physical volumes of a group",
    .longdesc =
    "Return the UUIDs of the physical volumes the volume group "
    "C<vgname> is made of.  With C<guestfs_pvs> and C<guestfs_pvuuid> "
    "they tell which devices hold which group.\n",
  },
  {
    .name = "vglvuuids",
    .proc_nr = 626,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "vgname" } },
    .shortdesc = "get the UUIDs of the logical volumes of a group",
    .longdesc =
    "Return the UUIDs of the logical volumes of the volume group "
    "C<vgname>, to be matched with C<guestfs_lvuuid>.\n",
  },
  {
    .name = "is_lv",
    .proc_nr = 627,
    .ret = RET_BOOL,
    .args = { { ARG_MOUNTABLE, "mountable" } },
    .shortdesc = "tell whether a device is a logical volume",
    .longdesc =
    "Return true if C<mountable> is an LVM logical volume (under any of "
    "its names: F</dev/VG/LV>, F</dev/mapper/VG-LV>, F</dev/dm-N>).\n",
  },
  {
    .name = "lvm_canonical_lv_name",
    .proc_nr = 628,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "lvname" } },
    .shortdesc = "get the usual name of a logical volume",
    .longdesc =
    "Return the F</dev/VG/LV> name of the logical volume C<lvname>, "
    "which may be given under another of its names "
    "(F</dev/mapper/VG-LV>, F</dev/dm-N>).  A device that is not a "
    "logical volume fails with C<EINVAL>.\n",
  },
  {
    .name = "lvm_scan",
    .proc_nr = 629,
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "activate" } },
    .shortdesc = "look for LVM volumes again",
    .longdesc =
    "Scan every block device for LVM physical volumes, volume groups "
    "and logical volumes again, and if C<activate> is true activate the "
    "groups found, so their F</dev/VG/LV> devices appear.  Needed after "
    "new devices appear, such as those C<guestfs_cryptsetup_open> "
    "makes; the volumes on the drives themselves are found without it.\n",
  },
  {
    .name = "lvm_set_filter",
    .proc_nr = 630,
    .ret = RET_ERR,
    .args = { { ARG_DEVICELIST, "devices" } },
    .shortdesc = "limit the devices LVM looks at",
    .longdesc =
    "Make LVM see only the block devices (whole disks or partitions) "
    "in C<devices> and ignore the others: useful when disks hold "
    "copies of the same physical volumes or groups with the same name, "
    "which confuse LVM.  All volume groups are deactivated first, so "
    "this fails while a logical volume is in use (mounted); then the "
    "devices are scanned again and the groups found are activated.\n",
  },
  {
    .name = "lvm_clear_filter",
    .proc_nr = 631,
    .ret = RET_ERR,
    .shortdesc = "let LVM look at every device",
    .longdesc =
    "Undo C<guestfs_lvm_set_filter>: LVM sees every block device "
    "again.  As there, the groups are deactivated, the devices scanned "
    "and the groups found activated.\n",
  },
  {
    .name = "cryptsetup_open",
    .proc_nr = 632,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_KEY, "key" },
      { ARG_STRING, "mapname" },
    },
    .optargs = {
      { OPT_BOOL, "readonly" },
      { OPT_STRING, "crypttype" },
      { OPT_STRING, "cipher" },
    },
    .shortdesc = "open an encrypted block device",
    .longdesc =
    "Unlock the encrypted C<device> with C<key> and make the clear "
    "contents appear as the block device F</dev/mapper/mapname>: what "
    "is read from it is decrypted from C<device>, what is written to "
    "it is encrypted there.  " KEY_NOTE
    "\n"
    "C<mapname> is a plain name (no C</>), and not C<control>.\n"
    "\n"
    "The optional arguments are:\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<readonly>\n"
    "\n"
    "If true, the clear device is read-only.\n"
    "\n"
    "=item C<crypttype>\n"
    "\n"
    "C<luks> (Linux LUKS) or C<bitlk> (Windows BitLocker).  Without it, "
    "the type is taken from what C<device> holds.\n"
    "\n"
    "=item C<cipher>\n"
    "\n"
    "The cipher, for types whose header does not name it.\n"
    "\n"
    "=back\n"
    "\n"
    "When the device holds LVM physical volumes, C<guestfs_lvm_scan> "
    "with C<activate> true makes their logical volumes appear.  "
    "C<guestfs_cryptsetup_close> closes the device again.\n",
  },
  {
    .name = "cryptsetup_close",
    .proc_nr = 633,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "close an encrypted block device",
    .longdesc =
    "Remove the clear device C<device> (F</dev/mapper/mapname>, not the "
    "encrypted device under it) made by C<guestfs_cryptsetup_open>.\n",
  },
  {
    .name = "luks_format",
    .proc_nr = 634,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_KEY, "key" },
      { ARG_INT, "keyslot" },
    },
    .shortdesc = "format a block device as a LUKS encrypted device",
    .longdesc =
    "Erase C<device> and write a LUKS header on it, with C<key> in key "
    "slot C<keyslot> (0 to 7).  " KEY_NOTE
    "C<guestfs_cryptsetup_open> then opens it.\n",
  },
  {
    .name = "luks_open",
    .proc_nr = 635,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_KEY, "key" },
      { ARG_STRING, "mapname" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "cryptsetup_open",
    .shortdesc = "open a LUKS encrypted block device",
    .longdesc =
    "Open the LUKS device C<device> with C<key> as "
    "F</dev/mapper/mapname>: C<guestfs_cryptsetup_open> with the type "
    "C<luks>.\n",
  },
  {
    .name = "luks_open_ro",
    .proc_nr = 636,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_KEY, "key" },
      { ARG_STRING, "mapname" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "cryptsetup_open",
    .shortdesc = "open a LUKS encrypted block device read-only",
    .longdesc =
    "Like C<guestfs_luks_open>, but the clear device is read-only.\n",
  },
  {
    .name = "luks_close",
    .proc_nr = 637,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "cryptsetup_close",
    .shortdesc = "close a LUKS device",
    .longdesc =
    "Close the clear device C<device> (F</dev/mapper/mapname>): "
    "the same as C<guestfs_cryptsetup_close>.\n",
  },
  /* LUKS key slots and headers (638-641). */
  {
    .name = "luks_add_key",
    .proc_nr = 638,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_KEY, "key" },
      { ARG_KEY, "newkey" },
      { ARG_INT, "keyslot" },
    },
    .shortdesc = "add a key to a LUKS encrypted device",
    .longdesc =
    "Put C<newkey> in key slot C<keyslot> (0 to 7) of the LUKS device "
    "C<device>, so that either key opens it from then on.  C<key> is "
    "one of the keys the device already has: without it no slot can be "
    "added.  A slot in use is not overwritten: the call fails, and "
    "C<guestfs_luks_kill_slot> must empty the slot first.  Both keys "
    "are secrets, never traced, used byte for byte.\n",
  },
  {
    .name = "luks_kill_slot",
    .proc_nr = 639,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_KEY, "key" },
      { ARG_INT, "keyslot" },
    },
    .shortdesc = "remove a key from a LUKS encrypted device",
    .longdesc =
    "Wipe key slot C<keyslot> (0 to 7) of the LUKS device C<device>: "
    "the key it held no longer opens the device.  C<key> must be a key "
    "the device has, as a proof of the right to change it.  "
    KEY_NOTE,
  },
  {
    .name = "luks_uuid",
    .proc_nr = 640,
    .ret = RET_STRING,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "get the UUID of a LUKS device",
    .longdesc =
    "Return the UUID written in the LUKS header of C<device>, such as "
    "C<8a9d5c1e-0b8e-4f6c-9a43-1e2d3c4b5a69>.  A device that is not "
    "LUKS gives an error.\n",
  },
  {
    .name = "luks_format_cipher",
    .proc_nr = 641,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" },
      { ARG_KEY, "key" },
      { ARG_INT, "keyslot" },
      { ARG_STRING, "cipher" },
    },
    .shortdesc = "format a block device as a LUKS device with a cipher",
    .longdesc =
    "C<guestfs_luks_format>, with the data encrypted by C<cipher> in "
    "cryptsetup's notation (cipher-mode-iv, for example "
    "C<aes-xts-plain64> or C<aes-cbc-essiv:sha256>) instead of "
    "cryptsetup's default.  A cipher the kernel does not have makes the "
    "call fail.  " KEY_NOTE,
  },
  /* LVM metadata (642-643). */
  {
    .name = "vgmeta",
    .proc_nr = 642,
    .ret = RET_BUFFEROUT,
    .args = { { ARG_STRING, "vgname" } },
    .shortdesc = "get the LVM metadata of a volume group",
    .longdesc =
    "Return the metadata of the volume group C<vgname>, in the text "
    "form L<vgcfgbackup(8)> writes: its physical volumes, logical "
    "volumes and their extents.  The format is LVM's own and may "
    "change from one LVM version to the next: read it, do not build "
    "on it.\n",
  },
  {
    .name = "vgscan",
    .proc_nr = 643,
    .ret = RET_ERR,
    .flags = AF_DEPRECATED,
    .deprecated_by = "lvm_scan",
    .shortdesc = "look for LVM volume groups again",
    .longdesc =
    "Scan the block devices for LVM physical volumes, volume groups "
    "and logical volumes again.  The groups found on the drives are "
    "active, as after launch; groups found only by this scan are not "
    "activated: C<guestfs_lvm_scan> does both.\n",
  },
  { .name = NULL }
};
