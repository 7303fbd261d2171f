/* careen - offline disk-image toolkit
 * API table: library calls that configure a handle beyond the basics of
 * actions-library.c: the settings libguestfs programs and bindings set
 * (network, process group, recovery process, hypervisor parameters,
 * single backend settings, the environment), the drive calls of older
 * programs, and the deprecated aliases they still use.  See
 * generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action library_actions_settings[] = {
  {
    .name = "add_drive_with_if",
    .ret = RET_ERR,
    .args = { { ARG_HOSTFILE, "filename" }, { ARG_STRING, "iface" } },
    .flags = AF_CONFIG_ONLY | AF_DEPRECATED,
    .deprecated_by = "add_drive",
    .shortdesc = "add a drive naming its interface",
    .longdesc =
    "The same as C<guestfs_add_drive> with the optional argument "
    "C<iface>.\n",
  },
  {
    .name = "add_drive_ro_with_if",
    .ret = RET_ERR,
    .args = { { ARG_HOSTFILE, "filename" }, { ARG_STRING, "iface" } },
    .flags = AF_CONFIG_ONLY | AF_DEPRECATED,
    .deprecated_by = "add_drive",
    .shortdesc = "add a read-only drive naming its interface",
    .longdesc =
    "The same as C<guestfs_add_drive> with the optional arguments "
    "C<readonly> (true) and C<iface>.\n",
  },
  {
    .name = "add_cdrom",
    .ret = RET_ERR,
    .args = { { ARG_HOSTFILE, "filename" } },
    .flags = AF_CONFIG_ONLY | AF_DEPRECATED,
    .deprecated_by = "add_drive_ro",
    .shortdesc = "add a CD-ROM image",
    .longdesc =
    "Adds an ISO image read-only, as C<guestfs_add_drive_ro> does.  "
    "The appliance sees it as a disk, not as a CD-ROM drive, which "
    "makes no difference to the calls that read it.\n",
  },
  {
    .name = "remove_drive",
    .ret = RET_ERR,
    .args = { { ARG_STRING, "label" } },
    .flags = AF_ANY_STATE | AF_DEPRECATED,
    .shortdesc = "remove a drive added with a label",
    .longdesc =
    "Removes the drive that was added with the optional argument "
    "C<label> set to C<label>.  This works before C<guestfs_launch>.  "
    "careen cannot unplug a disk from a running appliance: after launch "
    "the call fails with C<ENOTSUP>.\n",
  },
  {
    .name = "max_disks",
    .ret = RET_INT,
    .flags = AF_ANY_STATE,
    .shortdesc = "how many disks a handle can have",
    .longdesc =
    "Returns the largest number of drives that can be added to a "
    "handle.\n",
  },
  {
    .name = "debug_drives",
    .ret = RET_STRINGLIST,
    .flags = AF_ANY_STATE,
    .shortdesc = "describe the drives added, for debugging",
    .longdesc =
    "Returns one line per drive added, in the order added: its index, "
    "file name and the settings careen will open it with.  The format "
    "is for people and may change.\n",
  },
  {
    .name = "wait_ready",
    .ret = RET_ERR,
    .flags = AF_ANY_STATE | AF_DEPRECATED,
    .shortdesc = "wait until the appliance is ready",
    .longdesc =
    "Older programs called this after C<guestfs_launch>, when launching "
    "did not wait for the appliance.  C<guestfs_launch> now returns only "
    "when the appliance is ready, so this returns at once: success when "
    "the handle is ready, an error otherwise.\n",
  },
  {
    .name = "c_pointer",
    .ret = RET_INT64,
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "the handle's C pointer",
    .longdesc =
    "Returns the address of the C<guestfs_h> behind this handle, as a "
    "number.  Language bindings use it to pass a handle made in one "
    "binding to C code or to another binding.\n",
  },
  {
    .name = "config",
    .ret = RET_ERR,
    .args = { { ARG_STRING, "hvparam" }, { ARG_OPTSTRING, "hvvalue" } },
    .flags = AF_CONFIG_ONLY,
    .shortdesc = "add a parameter to the hypervisor's command line",
    .longdesc =
    "Appends C<hvparam> (which must start with C<->), and C<hvvalue> "
    "when it is not C<NULL>, to qemu's command line at launch.  For "
    "experiments: the appliance may not boot with parameters that "
    "conflict with careen's own.  C<-kernel>, C<-initrd>, C<-append> "
    "and C<-machine> are refused (use C<guestfs_set_append> for the "
    "kernel's command line).\n",
  },
  {
    .name = "parse_environment",
    .ret = RET_ERR,
    .flags = AF_CONFIG_ONLY,
    .shortdesc = "read the LIBGUESTFS_* environment variables again",
    .longdesc =
    "Sets the handle's settings from the environment variables "
    "C<guestfs_create> reads (C<LIBGUESTFS_DEBUG>, C<LIBGUESTFS_TRACE>, "
    "C<LIBGUESTFS_MEMSIZE>, C<LIBGUESTFS_BACKEND>, "
    "C<LIBGUESTFS_BACKEND_SETTINGS>, C<LIBGUESTFS_CACHEDIR>, "
    "C<LIBGUESTFS_TMPDIR>, C<LIBGUESTFS_PATH>, C<LIBGUESTFS_HV>, "
    "C<LIBGUESTFS_APPEND>).  Useful with a handle created with "
    "C<GUESTFS_CREATE_NO_ENVIRONMENT>.\n",
  },
  {
    .name = "parse_environment_list",
    .ret = RET_ERR,
    .args = { { ARG_STRINGLIST, "environment" } },
    .flags = AF_CONFIG_ONLY,
    .shortdesc = "read settings from a list of environment strings",
    .longdesc =
    "As C<guestfs_parse_environment>, but the variables are taken from "
    "C<environment>, a list of C<NAME=VALUE> strings, instead of the "
    "process's environment.\n",
  },
  {
    .name = "set_network",
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "network" } },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "network",
    .shortdesc = "give the appliance a network",
    .longdesc =
    "When true, the next launch gives the appliance a network interface "
    "on qemu's user-mode network (SLIRP): the appliance is 10.0.2.15/24, "
    "the host is reachable as 10.0.2.2 (connections to it reach the "
    "host's loopback), and 10.0.2.3 answers DNS with the host's "
    "resolver.  Programs run in the appliance (C<guestfs_rsync>, "
    "C<guestfs_command> in the guest, package installs of "
    "L<virt-customize(1)>) can then reach the host and whatever the "
    "host can reach.  Off by default.\n"
    "\n"
    "The network is unfiltered: only enable it for guests you trust "
    "with the host's network.\n",
  },
  {
    .name = "get_network",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE,
    .shortdesc = "whether the appliance has a network",
    .longdesc = "Returns the setting of C<guestfs_set_network>.\n",
  },
  {
    .name = "set_pgroup",
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "pgroup" } },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "pgroup",
    .shortdesc = "run qemu in its own process group",
    .longdesc =
    "When true (careen's default), qemu runs in a process group of its "
    "own, so that an interrupt typed in the program's terminal (C<^C>) "
    "does not kill the appliance under the library.  When false, qemu "
    "stays in the caller's process group and receives such signals.\n",
  },
  {
    .name = "get_pgroup",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE,
    .shortdesc = "whether qemu runs in its own process group",
    .longdesc = "Returns the setting of C<guestfs_set_pgroup>.\n",
  },
  {
    .name = "set_recovery_proc",
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "recoveryproc" } },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "recovery-proc",
    .shortdesc = "kill qemu when the program dies",
    .longdesc =
    "When true (the default), launch starts a small watcher process "
    "that kills qemu and removes the handle's temporary files if the "
    "program dies without closing the handle.  Programs that must not "
    "fork an extra process can turn it off; qemu may then outlive a "
    "crashed program.\n",
  },
  {
    .name = "get_recovery_proc",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE,
    .shortdesc = "whether a watcher kills qemu when the program dies",
    .longdesc = "Returns the setting of C<guestfs_set_recovery_proc>.\n",
  },
  {
    .name = "set_selinux",
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "selinux" } },
    .flags = AF_CONFIG_ONLY | AF_DEPRECATED,
    .deprecated_by = "selinux_relabel",
    .fish_alias = "selinux",
    .shortdesc = "boot the appliance with SELinux",
    .longdesc =
    "careen's appliance does not load an SELinux policy: true fails "
    "with C<ENOTSUP>, false (the default) succeeds.  To give files of "
    "an SELinux guest their labels, use C<guestfs_selinux_relabel>.\n",
  },
  {
    .name = "get_selinux",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE | AF_DEPRECATED,
    .deprecated_by = "selinux_relabel",
    .shortdesc = "whether the appliance boots with SELinux",
    .longdesc = "Returns false: careen's appliance has no SELinux.\n",
  },
  {
    .name = "get_sockdir",
    .ret = RET_STRING,
    .flags = AF_ANY_STATE,
    .shortdesc = "the directory of the handle's sockets",
    .longdesc =
    "Returns the directory in which the handle makes the UNIX socket "
    "that carries the appliance's channel: its private temporary "
    "directory (made if needed), under C<LIBGUESTFS_TMPDIR>, C<TMPDIR> "
    "or F</tmp>.\n",
  },
  {
    .name = "set_qemu",
    .ret = RET_ERR,
    .args = { { ARG_OPTSTRING, "hv" } },
    .flags = AF_CONFIG_ONLY | AF_DEPRECATED,
    .deprecated_by = "set_hv",
    .fish_alias = "qemu",
    .shortdesc = "set the hypervisor binary",
    .longdesc =
    "The same as C<guestfs_set_hv>, except that C<NULL> restores the "
    "default.\n",
  },
  {
    .name = "get_qemu",
    .ret = RET_CONSTSTRING,
    .flags = AF_ANY_STATE | AF_DEPRECATED,
    .deprecated_by = "get_hv",
    .shortdesc = "get the hypervisor binary",
    .longdesc =
    "The same as C<guestfs_get_hv>, but the string belongs to the "
    "handle (valid until the setting changes).\n",
  },
  {
    .name = "set_direct",
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "direct" } },
    .flags = AF_CONFIG_ONLY | AF_DEPRECATED,
    .deprecated_by = "internal_get_console_socket",
    .fish_alias = "direct",
    .shortdesc = "connect the appliance's console to the program's",
    .longdesc =
    "careen does not connect the appliance's console to the program's "
    "standard streams: true fails with C<ENOTSUP>, false succeeds.  "
    "virt-rescue reaches the console with "
    "C<guestfs_internal_get_console_socket>.\n",
  },
  {
    .name = "get_direct",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE | AF_DEPRECATED,
    .deprecated_by = "internal_get_console_socket",
    .shortdesc = "whether the console is the program's",
    .longdesc = "Returns false (see C<guestfs_set_direct>).\n",
  },
  {
    .name = "set_attach_method",
    .ret = RET_ERR,
    .args = { { ARG_STRING, "backend" } },
    .flags = AF_CONFIG_ONLY | AF_DEPRECATED,
    .deprecated_by = "set_backend",
    .fish_alias = "attach-method",
    .shortdesc = "set the backend",
    .longdesc = "The same as C<guestfs_set_backend>.\n",
  },
  {
    .name = "get_attach_method",
    .ret = RET_STRING,
    .flags = AF_ANY_STATE | AF_DEPRECATED,
    .deprecated_by = "get_backend",
    .shortdesc = "get the backend",
    .longdesc = "The same as C<guestfs_get_backend>.\n",
  },
  {
    .name = "set_backend_setting",
    .ret = RET_ERR,
    .args = { { ARG_STRING, "name" }, { ARG_STRING, "val" } },
    .flags = AF_CONFIG_ONLY,
    .shortdesc = "set one backend setting",
    .longdesc =
    "Sets the backend setting C<name> to C<val> (C<NAME=VALUE> in the "
    "list of C<guestfs_get_backend_settings>), replacing any earlier "
    "setting of that name.\n",
  },
  {
    .name = "get_backend_setting",
    .ret = RET_STRING,
    .args = { { ARG_STRING, "name" } },
    .flags = AF_ANY_STATE,
    .shortdesc = "get one backend setting",
    .longdesc =
    "Returns the value of the backend setting C<name>: what follows "
    "C<NAME=>, or C<1> for a setting given as just C<NAME>.  When there "
    "is no such setting the call fails with C<ESRCH>.\n",
  },
  {
    .name = "clear_backend_setting",
    .ret = RET_INT,
    .args = { { ARG_STRING, "name" } },
    .flags = AF_CONFIG_ONLY,
    .shortdesc = "remove a backend setting",
    .longdesc =
    "Removes every backend setting named C<name> (C<NAME> or "
    "C<NAME=VALUE>) and returns how many there were.\n",
  },
  { .name = NULL }
};
