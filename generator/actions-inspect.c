/* careen - offline disk-image toolkit
 * API table: daemon calls of the "inspect" area (operating system
 * inspection).  See generator/README.
 *
 * The facts are gathered by guestfs_inspect_os inside the appliance and
 * kept there; the getters only read them back, so they need nothing
 * mounted.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentences. */
#define ROOT_ARG \
  "C<root> is one of the roots returned by C<guestfs_inspect_os>.\n"
#define UNKNOWN_STR \
  "C<unknown> when it could not be found.  "

const struct api_action daemon_actions_inspect[] = {
  {
    .name = "inspect_os",
    .proc_nr = 800,
    .ret = RET_STRINGLIST,
    .flags = AF_PROGRESS,
    .shortdesc = "inspect the disk images for operating systems",
    .longdesc =
    "Examine every filesystem of the disks added and return the root "
    "filesystems of the operating systems found (as devices, such as "
    "F</dev/sda2> or F</dev/VG/root>).  An empty list means that no "
    "operating system was recognised.\n\n"
    "Each filesystem is mounted read-only on a private mountpoint of the "
    "appliance, never on the guest tree used by C<guestfs_mount>, so what "
    "is already mounted stays as it is.  The facts found (type, "
    "distribution, version, mountpoints, applications source ...) are kept "
    "until the next call and are read with the C<guestfs_inspect_get_*> "
    "calls.  Guest files are treated as hostile input: they are read with "
    "size limits and what cannot be understood is reported as "
    "C<unknown>.\n\n"
    "To mount the guest as it mounts itself, sort the keys of "
    "C<guestfs_inspect_get_mountpoints> by length (so F</> comes first) "
    "and mount each one.\n",
  },
  {
    .name = "inspect_get_roots",
    .proc_nr = 801,
    .ret = RET_STRINGLIST,
    .shortdesc = "roots found by the last inspection",
    .longdesc =
    "Return the roots found by the last C<guestfs_inspect_os>, without "
    "examining the disks again.  The list is empty when inspection was "
    "not run or found nothing.\n",
  },
  {
    .name = "inspect_get_type",
    .proc_nr = 802,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the type of an inspected operating system",
    .longdesc =
    "Return the kind of operating system: C<linux>, C<windows>, "
    "C<freebsd>, C<netbsd>, C<openbsd>, C<hurd>, C<dos>, C<minix> or "
    UNKNOWN_STR "Further kinds may be returned by later versions.  "
    ROOT_ARG,
  },
  {
    .name = "inspect_get_arch",
    .proc_nr = 803,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the architecture of an inspected operating system",
    .longdesc =
    "Return the processor architecture of the operating system, read "
    "from the header of one of its programs, with the names of "
    "C<guestfs_file_architecture> (C<x86_64>, C<i386>, C<aarch64> ...), "
    "or " UNKNOWN_STR ROOT_ARG,
  },
  {
    .name = "inspect_get_distro",
    .proc_nr = 804,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the distribution of an inspected operating system",
    .longdesc =
    "Return the distribution: for Linux C<alpinelinux>, C<archlinux>, "
    "C<centos>, C<debian>, C<fedora>, C<opensuse>, C<rhel>, C<sles>, "
    "C<ubuntu> and the other names libguestfs uses (derived from the "
    "F<os-release> C<ID>); for Windows C<windows>; or " UNKNOWN_STR
    ROOT_ARG,
  },
  {
    .name = "inspect_get_major_version",
    .proc_nr = 805,
    .ret = RET_INT,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the major version of an inspected operating system",
    .longdesc =
    "Return the major version number of the operating system (for Debian "
    "12.4, C<12>; for Windows, the internal version: C<10> for Windows 10 "
    "and 11 and Server 2016 and later), or C<0> when it is not known.  "
    ROOT_ARG,
  },
  {
    .name = "inspect_get_minor_version",
    .proc_nr = 806,
    .ret = RET_INT,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the minor version of an inspected operating system",
    .longdesc =
    "Return the minor version number (for Debian 12.4, C<4>), or C<0> "
    "when it is not known.  " ROOT_ARG,
  },
  {
    .name = "inspect_get_product_name",
    .proc_nr = 807,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the product name of an inspected operating system",
    .longdesc =
    "Return the name the operating system gives itself, for display "
    "only (such as C<Debian GNU/Linux 12 (bookworm)> or C<Windows 10 "
    "Pro>), or " UNKNOWN_STR ROOT_ARG,
  },
  {
    .name = "inspect_get_product_variant",
    .proc_nr = 808,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the product variant of an inspected operating system",
    .longdesc =
    "Return the variant of the product: for Windows C<Client> or "
    "C<Server> (from the registry's C<InstallationType>); for other "
    "systems " UNKNOWN_STR
    ROOT_ARG,
  },
  {
    .name = "inspect_get_hostname",
    .proc_nr = 809,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the hostname of an inspected operating system",
    .longdesc =
    "Return the host name the operating system is configured with "
    "(F</etc/hostname>, F</etc/HOSTNAME>, F</etc/sysconfig/network>, or "
    "the Windows registry), or " UNKNOWN_STR ROOT_ARG,
  },
  {
    .name = "inspect_get_osinfo",
    .proc_nr = 810,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get a possible osinfo short ID of an operating system",
    .longdesc =
    "Return a guess of the libosinfo short identifier of the operating "
    "system (such as C<debian12>, C<fedora39>, C<win10>), made from the "
    "distribution and version, or " UNKNOWN_STR ROOT_ARG,
  },
  {
    .name = "inspect_get_mountpoints",
    .proc_nr = 811,
    .ret = RET_HASHTABLE,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the mountpoints of an inspected operating system",
    .longdesc =
    "Return a table from mountpoint to device, read from the guest's "
    "F</etc/fstab> (C<UUID=>, C<LABEL=>, C<PARTUUID=>, C<PARTLABEL=> and "
    "device names are turned into the appliance's devices), for the "
    "filesystems of the disks added only.  The root is always there as "
    "F</>.  To mount the guest, sort the mountpoints by length, shortest "
    "first, and mount them in that order.  " ROOT_ARG,
  },
  {
    .name = "inspect_get_filesystems",
    .proc_nr = 812,
    .ret = RET_STRINGLIST,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the filesystems of an inspected operating system",
    .longdesc =
    "Return the filesystems that belong to the operating system: the "
    "root, what its F</etc/fstab> mounts, and its swap.  " ROOT_ARG,
  },
  {
    .name = "inspect_get_format",
    .proc_nr = 813,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "inspect_get_type",
    .shortdesc = "get the format of an inspected operating system",
    .longdesc =
    "Always C<installed>: install discs and live images are not "
    "recognised as such.  " ROOT_ARG,
  },
  {
    .name = "inspect_get_package_format",
    .proc_nr = 814,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the package format of an inspected operating system",
    .longdesc =
    "Return the format of the packages the operating system installs: "
    "C<rpm>, C<deb>, C<pacman>, C<apk>, C<ebuild>, C<pisi>, C<pkgsrc>, "
    "C<xbps>, or " UNKNOWN_STR "Windows has none (C<unknown>).  " ROOT_ARG,
  },
  {
    .name = "inspect_get_package_management",
    .proc_nr = 815,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the package manager of an inspected operating system",
    .longdesc =
    "Return the tool that manages packages: C<apt>, C<dnf>, C<yum>, "
    "C<zypper>, C<pacman>, C<apk>, C<urpmi>, C<portage>, C<xbps> ..., or "
    UNKNOWN_STR ROOT_ARG,
  },
  {
    .name = "inspect_get_windows_systemroot",
    .proc_nr = 816,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the Windows system directory",
    .longdesc =
    "Return the path of the Windows directory on the root filesystem, "
    "with its case on disk (such as F</Windows>).  An error for other "
    "operating systems.  " ROOT_ARG,
  },
  {
    .name = "inspect_get_windows_current_control_set",
    .proc_nr = 817,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the Windows current control set",
    .longdesc =
    "Return the name of the control set Windows boots with (such as "
    "C<ControlSet001>), read from the C<Select> key of the SYSTEM hive.  "
    "An error for other operating systems or when it is not known.  "
    ROOT_ARG,
  },
  {
    .name = "inspect_get_windows_software_hive",
    .proc_nr = 818,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the path of the Windows SOFTWARE hive",
    .longdesc =
    "Return the path of the SOFTWARE registry hive on the root "
    "filesystem, with its case on disk.  An error for other operating "
    "systems.  " ROOT_ARG,
  },
  {
    .name = "inspect_get_windows_system_hive",
    .proc_nr = 819,
    .ret = RET_STRING,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the path of the Windows SYSTEM hive",
    .longdesc =
    "Return the path of the SYSTEM registry hive on the root "
    "filesystem, with its case on disk.  An error for other operating "
    "systems.  " ROOT_ARG,
  },
  {
    .name = "inspect_get_drive_mappings",
    .proc_nr = 820,
    .ret = RET_HASHTABLE,
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "get the drive letter mappings of Windows",
    .longdesc =
    "Return a table from Windows drive letter (C<C>, C<E> ...) to the "
    "device of the disks added that Windows mounts there, read from the "
    "C<MountedDevices> key of the SYSTEM hive (MBR disk signatures and "
    "GPT partition GUIDs).  Empty for other operating systems.  "
    ROOT_ARG,
  },
  {
    .name = "inspect_is_live",
    .proc_nr = 821,
    .ret = RET_BOOL,
    .args = { { ARG_MOUNTABLE, "root" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "inspect_get_type",
    .shortdesc = "whether the operating system is a live CD",
    .longdesc = "Always false: live images are not recognised.  " ROOT_ARG,
  },
  {
    .name = "inspect_is_netinst",
    .proc_nr = 822,
    .ret = RET_BOOL,
    .args = { { ARG_MOUNTABLE, "root" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "inspect_get_type",
    .shortdesc = "whether the operating system is a network installer",
    .longdesc =
    "Always false: install discs are not recognised.  " ROOT_ARG,
  },
  {
    .name = "inspect_is_multipart",
    .proc_nr = 823,
    .ret = RET_BOOL,
    .args = { { ARG_MOUNTABLE, "root" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "inspect_get_type",
    .shortdesc = "whether the operating system is part of a disc set",
    .longdesc =
    "Always false: install discs are not recognised.  " ROOT_ARG,
  },
  {
    .name = "inspect_list_applications2",
    .proc_nr = 824,
    .ret = RET_STRUCTLIST,
    .ret_struct = "application2",
    .args = { { ARG_MOUNTABLE, "root" } },
    .shortdesc = "list the applications installed in an operating system",
    .longdesc =
    "Return the packages or programs installed in the operating system, "
    "read from its own records: the dpkg status file, the RPM database "
    "(SQLite, or the Berkeley DB C<Packages> file of older systems), the apk and pacman databases, and the Windows "
    "C<Uninstall> registry keys, sorted by C<app2_name>.  Fields that do "
    "not apply or are not known are empty strings (C<app2_epoch> is C<0>).  "
    "C<app2_name> is the package name (Windows: the registry key name), "
    "C<app2_display_name> the name for display.  The list is bounded: a "
    "hostile database cannot make it grow without limit.  The root's "
    "filesystems are mounted read-only on a private mountpoint for the "
    "time of the call.  " ROOT_ARG,
  },
  {
    .name = "internal_list_rpm_applications",
    .proc_nr = 1290,
    .ret = RET_STRUCTLIST,
    .ret_struct = "application2",
    .shortdesc = "list the RPM packages of the mounted guest",
    .longdesc =
    "The packages in the RPM database of the guest tree mounted at "
    "C</> (by the caller, not by inspection), in SQLite format "
    "(C<rpmdb.sqlite>) or in the Berkeley DB format of older systems "
    "(C<Packages>), under C</var/lib/rpm> or C</usr/lib/sysimage/rpm>, "
    "with the fields of C<guestfs_inspect_list_applications2>, sorted "
    "by name.  A tree without an RPM database gives an empty list.  "
    "Most programs want C<guestfs_inspect_list_applications2>.\n",
  },
  /* Its number is from the btrfs range, where it was first added:
   * procedure numbers never change.
   */
  {
    .name = "inspect_list_applications",
    .proc_nr = 1028,
    .ret = RET_STRUCTLIST,
    .ret_struct = "application",
    .args = { { ARG_MOUNTABLE, "root" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "inspect_list_applications2",
    .shortdesc = "get list of applications installed in the operating system",
    .longdesc =
    "The older form of C<guestfs_inspect_list_applications2>, with "
    "fewer fields (no C<arch>).  The same applications are returned "
    "with the same values, field for field.  C<root> is a root found "
    "by C<guestfs_inspect_os>.\n",
  },
  {
    .name = "inspect_get_icon",
    .proc_nr = 825,
    .ret = RET_BUFFEROUT,
    .args = { { ARG_MOUNTABLE, "root" } },
    .optargs = { { OPT_BOOL, "favicon" }, { OPT_BOOL, "highquality" } },
    .shortdesc = "get the icon of an operating system",
    .longdesc =
    "Return the logo of the operating system as a PNG image, taken from "
    "a file the distribution installs, or an empty buffer when none is "
    "found (which is not an error).  Only PNG files of a bounded size "
    "are returned.  C<favicon> and C<highquality> are accepted for "
    "compatibility; no favicon is looked for, and with C<highquality> "
    "only icons of at least 64 pixels are returned.  " ROOT_ARG,
  },
  { .name = NULL }
};
