/* careen - offline disk-image toolkit
 * API table: daemon calls of the "boot" area (procedures 1300-1399):
 * what a guest needs written before it can boot: boot loaders, and the
 * SELinux labels of its files.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_boot[] = {
  {
    .name = "grub_install",
    .proc_nr = 1300,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "root" }, { ARG_DEVICE, "device" } },
    .shortdesc = "install GRUB 2 for BIOS booting",
    .longdesc =
    "Run the appliance's C<grub-install> for PC BIOS (C<i386-pc>): its "
    "boot code goes in the first sector of C<device> and in the gap "
    "after it, and its modules and core image under "
    "C<root/boot/grub>, where C<root> is the guest directory that is "
    "the root of the guest's filesystem tree (usually C</>, with the "
    "guest's C</boot> filesystem mounted at C</boot> when it has "
    "one).\n"
    "\n"
    "The GRUB installed is the appliance's, not the guest's, and no "
    "C<grub.cfg> is written: make one with the guest's own tools (for "
    "instance C<guestfs_command> of C<grub2-mkconfig>), or GRUB stops "
    "at its prompt.  A device without room for GRUB's core image "
    "before its first partition fails.\n",
  },
  {
    .name = "extlinux",
    .proc_nr = 1301,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "directory" } },
    .shortdesc = "install the EXTLINUX boot loader",
    .longdesc =
    "Install the appliance's EXTLINUX (SYSLINUX for ext2/3/4, btrfs, "
    "FAT and others) into the guest directory C<directory> of a "
    "mounted filesystem: it writes C<ldlinux.sys> and C<ldlinux.c32> "
    "there and makes the filesystem's boot sector load them.  The "
    "configuration file C<extlinux.conf> in that directory is the "
    "caller's to write.\n"
    "\n"
    "Booting also needs a master boot record that loads the boot "
    "sector of the partition, such as SYSLINUX's C<mbr.bin> copied "
    "to the disk's first 440 bytes with C<guestfs_pwrite_device>, and "
    "the partition marked bootable (C<guestfs_part_set_bootable>).\n",
  },
  {
    .name = "syslinux",
    .proc_nr = 1302,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .optargs = { { OPT_STRING, "directory" } },
    .shortdesc = "install the SYSLINUX boot loader on a FAT filesystem",
    .longdesc =
    "Install the appliance's SYSLINUX on the FAT filesystem of "
    "C<device>, which must not be mounted: C<ldlinux.sys> and "
    "C<ldlinux.c32> go in its root directory, or in C<directory> (a "
    "path inside that filesystem, which must exist) when given, and "
    "its boot sector loads them.  C<syslinux.cfg> is the caller's to "
    "write.  The master boot record and bootable flag are as for "
    "C<guestfs_extlinux>.\n",
  },
  {
    .name = "selinux_relabel",
    .proc_nr = 1303,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "specfile" }, { ARG_PATHNAME, "path" } },
    .optargs = { { OPT_BOOL, "force" } },
    .shortdesc = "set the SELinux labels of guest files from a policy",
    .longdesc =
    "Set the SELinux label (the C<security.selinux> extended "
    "attribute) of C<path> and every file below it to what the file "
    "contexts C<specfile> say, with C<setfiles> of policycoreutils, the "
    "whole guest tree read as if it were C</>.  C<specfile> is a guest "
    "path, usually "
    "C</etc/selinux/targeted/contexts/files/file_contexts>; C<path> is "
    "usually C</>.  C</proc>, C</sys>, C</dev> and C</selinux> are "
    "skipped: what is mounted there while the guest runs is not kept "
    "on its disk.  The labels come from C<specfile> alone, so SELinux "
    "need not be enabled in the appliance.\n"
    "\n"
    "Files whose label's type already matches keep their label unless "
    "C<force> is true, which rewrites every label in full (user, role "
    "and level too).\n"
    "\n"
    "Use it after changing files of an SELinux guest, so that it boots "
    "without relabelling itself.  A C<specfile> that does not exist "
    "fails with C<ENOENT>.\n",
  },
  { .name = NULL }
};
