/** careen - offline disk-image toolkit
 * The API table, part 1: calls implemented in the library itself
 * (proc_nr 0, bodies are guestfs_impl_NAME in lib/).  These configure
 * the handle, start and stop the appliance and create disk images on the
 * host.  Descriptions are POD; C<guestfs_NAME> references are rewritten
 * to command names in the guestfish documentation.
 */

#include <config.h>

#include "api.h"

const struct api_action library_actions[] = {
  {
    .name = "add_drive",
    .ret = RET_ERR,
    .args = { { ARG_HOSTFILE, "filename" } },
    .optargs = {
      { OPT_BOOL, "readonly" },
      { OPT_STRING, "format" },
      { OPT_STRING, "iface" },
      { OPT_STRING, "name" },
      { OPT_STRING, "label" },
      { OPT_STRING, "protocol" },
      { OPT_STRINGLIST, "server" },
      { OPT_STRING, "username" },
      { OPT_STRING, "secret" },
      { OPT_STRING, "cachemode" },
      { OPT_STRING, "discard" },
      { OPT_BOOL, "copyonread" },
      { OPT_INT, "blocksize" },
    },
    .flags = AF_CONFIG_ONLY | AF_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "add",
    .shortdesc = "add a disk image to the handle",
    .longdesc =
    "Attach the disk image (or host block device) C<filename> to the "
    "handle.  Drives appear in the appliance as F</dev/sda>, F</dev/sdb> "
    "and so on, in the order in which they were added.  At least one "
    "drive must be added before C<guestfs_launch>; F</dev/null> may be "
    "added as an empty placeholder drive when no real disk is needed.\n"
    "\n"
    "The optional arguments are:\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<readonly>\n"
    "\n"
    "When true, the drive is attached so that the image is never "
    "modified: writes made inside the appliance go to a temporary "
    "overlay that is thrown away when the handle is closed.\n"
    "\n"
    "=item C<format>\n"
    "\n"
    "The format of the image, such as C<raw> or C<qcow2>.  Give it "
    "whenever you know it: when it is absent the format is probed, and "
    "probing a raw image written by an untrusted guest is unsafe because "
    "the guest could have made it look like another format.\n"
    "\n"
    "=item C<iface>\n"
    "\n"
    "The emulated disk interface (C<ide>, C<scsi>, C<virtio>, "
    "C<virtio-scsi> ...).  careen attaches every drive as a SCSI disk "
    "whatever this says, so the appliance names the disks F</dev/sda>, "
    "F</dev/sdb> ... as libguestfs's API does for every interface; an "
    "interface qemu does not know is refused with C<EINVAL>.\n"
    "\n"
    "=item C<name>\n"
    "\n"
    "Accepted for compatibility with older programs; it has no effect.\n"
    "\n"
    "=item C<label>\n"
    "\n"
    "Gives the drive a label (letters, digits and underscores) so that "
    "it can also be reached as F</dev/disk/guestfs/LABEL> inside the "
    "appliance.\n"
    "\n"
    "=item C<protocol>\n"
    "\n"
    "How C<filename> is reached.  C<file> (the default) means a local "
    "file or device.  The network protocols, and what C<filename> then "
    "is:\n"
    "\n"
    " nbd      the export name (\"\" for the default export); one server\n"
    " ssh      the path on the server; one TCP server; username\n"
    " http, https, ftp, ftps\n"
    "          the path on the server; one TCP server; username, secret\n"
    " iscsi    TARGET-IQN/LUN; one TCP server; username, secret\n"
    " rbd      POOL/IMAGE; zero or more TCP servers; username, secret\n"
    " gluster  VOLUME/PATH; one server\n"
    "\n"
    "qemu opens the drive with its own block driver (on Debian, all but "
    "nbd's are in the qemu-block-extra package); a protocol whose driver "
    "is not installed is refused by this call.  A remote drive is never "
    "opened on the host, and its format is not probed: an C<nbd> drive "
    "is C<raw> unless C<format> says otherwise, and the other protocols "
    "need C<format>.  A remote C<qcow2>, C<qed> or C<vmdk> image is "
    "opened without its backing file, which could name a file of this "
    "host.  C<readonly> drives get the same throw-away overlay "
    "as local ones: the remote image is never written.  The ssh driver "
    "checks the server's key against F<~/.ssh/known_hosts> and logs in "
    "with the keys of the ssh-agent that C<SSH_AUTH_SOCK> names (qemu "
    "gets the caller's environment) or with those in F<~/.ssh>; C<~> is "
    "the home directory of the password database, not C<$HOME>.  An "
    "unknown or changed host key is refused.  C<https> and C<ftps> "
    "servers must show a certificate that the host's CA certificates "
    "(on Debian F</etc/ssl/certs/ca-certificates.crt>) vouch for: as in "
    "libguestfs, qemu's check is always on and there is no option to "
    "turn it off, so add a private CA to the host's store "
    "(update-ca-certificates).  C<ftps> is implicit FTPS (TLS from the "
    "first byte, usually port 990).  Before an C<rbd> drive that names "
    "its monitors is opened, each monitor is tried with a TCP "
    "connection (5 s at most): when none answers, C<launch> fails at "
    "once with C<ECONNREFUSED> or C<ETIMEDOUT>, instead of librados "
    "retrying for minutes.  C<tftp> and C<sheepdog> "
    "are refused: qemu has no driver for them any more.\n"
    "\n"
    "=item C<server>\n"
    "\n"
    "List of servers for network protocols, each C<tcp:HOST[:PORT]>, "
    "C<HOST[:PORT]> (an IPv6 address in brackets: C<[::1]:10809>) or "
    "C<unix:/PATH> (a unix socket, for C<nbd> and C<gluster>).  Without a "
    "port, the protocol's usual one is used.\n"
    "\n"
    "=item C<username>\n"
    "\n"
    "User name for network protocols.\n"
    "\n"
    "=item C<secret>\n"
    "\n"
    "Secret (password, or rbd's key) for network protocols.  It reaches "
    "qemu through a file only you can read, never on its command line.\n"
    "\n"
    "=item C<cachemode>\n"
    "\n"
    "C<writeback> (the default) lets the host cache writes and flushes "
    "them when the appliance is shut down.  C<unsafe> skips the flushes: "
    "it is faster, but the image can be left damaged if the host crashes, "
    "so use it only for scratch images.\n"
    "\n"
    "=item C<discard>\n"
    "\n"
    "Whether discard (trim) requests from the appliance are passed to the "
    "image: C<disable> (the default), C<enable> (fail if the image cannot "
    "discard) or C<besteffort>.\n"
    "\n"
    "=item C<copyonread>\n"
    "\n"
    "When true, blocks read from a backing file are copied into the "
    "overlay, which speeds up repeated reads of slow backing files.\n"
    "\n"
    "=item C<blocksize>\n"
    "\n"
    "The logical and physical sector size the drive presents, 512 or "
    "4096.  The default is 512.\n"
    "\n"
    "=back\n"
    "\n"
    "Writes of zeroes to the drive (C<guestfs_fill> with 0, "
    "C<guestfs_zero_device>, C<guestfs_zero_free_space> ...) reach the "
    "image as write-zeroes requests: a qcow2 image gets zero clusters "
    "instead of data, a raw file unwritten extents.  The image reads "
    "the same zeroes either way; libguestfs writes the data.\n"
    "\n"
    "Files the image names: a qcow2 or QED backing file, a qcow2 external "
    "data file, a VMDK descriptor's extents and parent, and theirs in "
    "turn along the whole chain, are checked when the drive is added.  "
    "Each must be a regular file that resolves (after symbolic links) "
    "inside the directory holding C<filename> or one of its "
    "subdirectories, and must not be a name that qemu reads as JSON "
    "options (C<json:>) or as a protocol (C<nbd:>, C<file:> ...).  "
    "Otherwise the call fails with C<EPERM> and names the image and the "
    "file.  qemu is then given the checked chain and follows no other "
    "name.  To allow any regular file or block device of the host, set "
    "C<CAREEN_BACKING_FILES=any> in the environment, or the backend "
    "setting C<backing_files=any> (see C<guestfs_set_backend_setting>) "
    "before adding the drive.  libguestfs has no such check.\n",
  },
  {
    .name = "add_drive_ro",
    .ret = RET_ERR,
    .args = { { ARG_HOSTFILE, "filename" } },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "add-ro",
    .shortdesc = "add a disk image in read-only mode",
    .longdesc =
    "Attach C<filename> so that it cannot be modified.  This is the same "
    "as C<guestfs_add_drive_opts> with the optional argument C<readonly> "
    "set to true.\n",
  },
  {
    .name = "add_drive_scratch",
    .ret = RET_ERR,
    .args = { { ARG_INT64, "size" } },
    .optargs = {
      { OPT_STRING, "name" },
      { OPT_STRING, "label" },
      { OPT_INT, "blocksize" },
    },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "scratch",
    .shortdesc = "add a temporary empty disk",
    .longdesc =
    "Attach a new, empty drive of C<size> bytes.  The drive is backed by "
    "a temporary file that is deleted when the handle is closed, so "
    "nothing written to it survives.  The optional arguments have the "
    "same meaning as in C<guestfs_add_drive_opts>.\n",
  },
  {
    .name = "launch",
    .ret = RET_ERR,
    .fish_alias = "run",
    .shortdesc = "start the appliance",
    .longdesc =
    "Start the appliance virtual machine with the drives added so far "
    "and wait until its daemon is ready to serve calls.  Configuration "
    "calls must be made before this one, and calls that act on the "
    "disks only work after it.\n",
  },
  {
    .name = "shutdown",
    .ret = RET_ERR,
    .flags = AF_ANY_STATE,
    .shortdesc = "stop the appliance cleanly",
    .longdesc =
    "Stop the appliance: when autosync is on (the default), unmount all "
    "filesystems and flush the disks first, then stop the virtual "
    "machine and wait for it.  A failure to write the disks is reported "
    "here, so programs that modify images should call this and check its "
    "result before C<guestfs_close>.  Calling it when the appliance is "
    "not running does nothing.\n",
  },
  {
    .name = "kill_subprocess",
    .ret = RET_ERR,
    .flags = AF_ANY_STATE | AF_DEPRECATED,
    .deprecated_by = "shutdown",
    .shortdesc = "stop the appliance",
    .longdesc =
    "Stop the appliance at once, without unmounting or flushing.  Use "
    "C<guestfs_shutdown> instead.\n",
  },
  {
    .name = "set_verbose",
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "verbose" } },
    .flags = AF_ANY_STATE,
    .fish_alias = "verbose",
    .shortdesc = "turn debugging messages on or off",
    .longdesc =
    "When true, the library and the appliance emit debugging messages "
    "(as C<GUESTFS_EVENT_LIBRARY> and C<GUESTFS_EVENT_APPLIANCE> "
    "events, or on standard error).  The environment variable "
    "C<LIBGUESTFS_DEBUG=1> turns this on when the handle is created.\n",
  },
  {
    .name = "get_verbose",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE,
    .shortdesc = "whether debugging messages are on",
    .longdesc = "Return the verbose flag of the handle.\n",
  },
  {
    .name = "set_trace",
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "trace" } },
    .flags = AF_ANY_STATE,
    .fish_alias = "trace",
    .shortdesc = "turn call tracing on or off",
    .longdesc =
    "When true, every public call, its arguments and its result are "
    "reported as C<GUESTFS_EVENT_TRACE> events, or on standard error "
    "when no callback is registered.  The environment variable "
    "C<LIBGUESTFS_TRACE=1> turns this on when the handle is created.\n",
  },
  {
    .name = "get_trace",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE,
    .shortdesc = "whether call tracing is on",
    .longdesc = "Return the trace flag of the handle.\n",
  },
  {
    .name = "set_memsize",
    .ret = RET_ERR,
    .args = { { ARG_INT, "memsize" } },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "memsize",
    .shortdesc = "set the appliance memory size",
    .longdesc =
    "Set the memory given to the appliance, in megabytes.  The "
    "environment variable C<LIBGUESTFS_MEMSIZE> sets it when the handle "
    "is created.\n",
  },
  {
    .name = "get_memsize",
    .ret = RET_INT,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the appliance memory size",
    .longdesc = "Return the memory given to the appliance, in megabytes.\n",
  },
  {
    .name = "set_call_timeout",
    .ret = RET_ERR,
    .args = { { ARG_INT, "seconds" } },
    .flags = AF_ANY_STATE,
    .fish_alias = "call-timeout",
    .shortdesc = "set the deadline of each call to the appliance",
    .longdesc =
    "Set the longest time, in seconds, that one call to the appliance "
    "may take; C<0> (the default) sets no limit.  The time counts from "
    "when the call is sent; for calls that transfer a file (upload, "
    "download, tar-in, tar-out, ...) it counts from the last chunk of "
    "the file that moved, so a long transfer that keeps moving is never "
    "cut short.  A call that runs past its deadline fails with "
    "C<ETIMEDOUT>, and the appliance is stopped, since the half-done "
    "call leaves it in an unknown state: the handle is then as after "
    "qemu died (later calls fail until it is launched again, and "
    "C<guestfs_close> is clean).  It can be changed at any time, and "
    "applies to the calls that start after it.  The environment "
    "variable C<CAREEN_CALL_TIMEOUT> sets it when the handle is "
    "created.  This is a careen extension: libguestfs has no such "
    "call.\n",
  },
  {
    .name = "get_call_timeout",
    .ret = RET_INT,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the deadline of each call to the appliance",
    .longdesc =
    "Return the deadline of each call, in seconds, set by "
    "C<guestfs_set_call_timeout> or C<CAREEN_CALL_TIMEOUT>; C<0> means "
    "none.  This is a careen extension: libguestfs has no such call.\n",
  },
  {
    .name = "set_smp",
    .ret = RET_ERR,
    .args = { { ARG_INT, "smp" } },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "smp",
    .shortdesc = "set the number of appliance CPUs",
    .longdesc =
    "Set the number of virtual CPUs of the appliance.  The default is 1.\n",
  },
  {
    .name = "get_smp",
    .ret = RET_INT,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the number of appliance CPUs",
    .longdesc = "Return the number of virtual CPUs of the appliance.\n",
  },
  {
    .name = "set_append",
    .ret = RET_ERR,
    .args = { { ARG_OPTSTRING, "append" } },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "append",
    .shortdesc = "add options to the appliance kernel command line",
    .longdesc =
    "Append C<append> to the kernel command line of the appliance, after "
    "careen's own options.  C<NULL> removes it.  The environment variable "
    "C<LIBGUESTFS_APPEND> sets it when the handle is created.\n",
  },
  {
    .name = "get_append",
    .ret = RET_CONSTOPTSTRING,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the extra kernel command line options",
    .longdesc =
    "Return what C<guestfs_set_append> set, or C<NULL> when nothing is "
    "appended.\n",
  },
  {
    .name = "set_cachedir",
    .ret = RET_ERR,
    .args = { { ARG_OPTSTRING, "cachedir" } },
    .flags = AF_ANY_STATE,
    .fish_alias = "cachedir",
    .shortdesc = "set the appliance cache directory",
    .longdesc =
    "Set the directory where the built appliance is kept between runs.  "
    "C<NULL> restores the default, which comes from "
    "C<LIBGUESTFS_CACHEDIR>, then C<TMPDIR>, then F</var/tmp>.\n",
  },
  {
    .name = "get_cachedir",
    .ret = RET_STRING,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the appliance cache directory",
    .longdesc = "Return the directory where the appliance is cached.\n",
  },
  {
    .name = "set_tmpdir",
    .ret = RET_ERR,
    .args = { { ARG_OPTSTRING, "tmpdir" } },
    .flags = AF_ANY_STATE,
    .fish_alias = "tmpdir",
    .shortdesc = "set the temporary directory",
    .longdesc =
    "Set the directory where the handle keeps its temporary files "
    "(overlays, scratch disks).  C<NULL> restores the default, which "
    "comes from C<LIBGUESTFS_TMPDIR>, then C<TMPDIR>, then F</tmp>.\n",
  },
  {
    .name = "get_tmpdir",
    .ret = RET_STRING,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the temporary directory",
    .longdesc = "Return the directory used for temporary files.\n",
  },
  {
    .name = "set_backend",
    .ret = RET_ERR,
    .args = { { ARG_STRING, "backend" } },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "backend",
    .shortdesc = "choose how the appliance is run",
    .longdesc =
    "Choose the backend that runs the appliance.  careen has C<direct> "
    "(it starts qemu itself); C<libvirt> is not supported.  The "
    "environment variable C<LIBGUESTFS_BACKEND> sets it when the handle "
    "is created.\n",
  },
  {
    .name = "get_backend",
    .ret = RET_STRING,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the backend",
    .longdesc = "Return the name of the backend that runs the appliance.\n",
  },
  {
    .name = "set_backend_settings",
    .ret = RET_ERR,
    .args = { { ARG_STRINGLIST, "settings" } },
    .flags = AF_CONFIG_ONLY,
    .shortdesc = "set backend-specific settings",
    .longdesc =
    "Replace the list of backend settings, strings of the form C<NAME> "
    "or C<NAME=VALUE>.  C<force_tcg> makes the appliance run under "
    "software emulation and C<force_kvm> under hardware virtualization, "
    "instead of letting careen choose.  The environment variable "
    "C<LIBGUESTFS_BACKEND_SETTINGS> (settings separated by colons) sets "
    "them when the handle is created.\n",
  },
  {
    .name = "get_backend_settings",
    .ret = RET_STRINGLIST,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the backend settings",
    .longdesc = "Return the list of backend settings.\n",
  },
  {
    .name = "set_hv",
    .ret = RET_ERR,
    .args = { { ARG_HOSTFILE, "hv" } },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "hv",
    .shortdesc = "set the hypervisor binary",
    .longdesc =
    "Set the qemu binary that runs the appliance.  The environment "
    "variable C<LIBGUESTFS_HV> sets it when the handle is created.\n",
  },
  {
    .name = "get_hv",
    .ret = RET_STRING,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the hypervisor binary",
    .longdesc = "Return the qemu binary that runs the appliance.\n",
  },
  {
    .name = "set_path",
    .ret = RET_ERR,
    .args = { { ARG_OPTSTRING, "searchpath" } },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "path",
    .shortdesc = "set where the appliance inputs are searched",
    .longdesc =
    "Set the colon-separated list of directories searched for the "
    "appliance inputs.  C<NULL> restores the built-in default.  The "
    "environment variable C<LIBGUESTFS_PATH> sets it when the handle is "
    "created.\n",
  },
  {
    .name = "get_path",
    .ret = RET_CONSTSTRING,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the appliance search path",
    .longdesc = "Return the list of directories searched for the appliance.\n",
  },
  {
    .name = "set_autosync",
    .ret = RET_ERR,
    .args = { { ARG_BOOL, "autosync" } },
    .flags = AF_ANY_STATE,
    .fish_alias = "autosync",
    .shortdesc = "set whether filesystems are synced on shutdown",
    .longdesc =
    "When true (the default), C<guestfs_shutdown> and C<guestfs_close> "
    "unmount every filesystem and flush the disks before stopping the "
    "appliance.  Turning it off risks losing writes.\n",
  },
  {
    .name = "get_autosync",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the autosync flag",
    .longdesc = "Return the autosync flag of the handle.\n",
  },
  {
    .name = "set_program",
    .ret = RET_ERR,
    .args = { { ARG_STRING, "program" } },
    .flags = AF_ANY_STATE,
    .fish_alias = "program",
    .shortdesc = "set the program name",
    .longdesc =
    "Set the program name used in messages.  It defaults to the name of "
    "the running program.\n",
  },
  {
    .name = "get_program",
    .ret = RET_CONSTSTRING,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the program name",
    .longdesc = "Return the program name of the handle.\n",
  },
  {
    .name = "get_state",
    .ret = RET_INT,
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "get the state of the handle",
    .longdesc =
    "Return the state of the handle as a number: 0 configuring, "
    "1 launching, 2 ready, 3 busy.  Programs should prefer "
    "C<guestfs_is_config>, C<guestfs_is_ready> and friends.\n",
  },
  {
    .name = "is_config",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE,
    .shortdesc = "whether the handle is being configured",
    .longdesc =
    "True when the appliance is not running, so that configuration "
    "calls are allowed.\n",
  },
  {
    .name = "is_launching",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "whether the appliance is starting",
    .longdesc = "True while C<guestfs_launch> is starting the appliance.\n",
  },
  {
    .name = "is_ready",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "whether the appliance is ready",
    .longdesc = "True when the appliance is running and accepts calls.\n",
  },
  {
    .name = "is_busy",
    .ret = RET_BOOL,
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "whether the appliance is busy",
    .longdesc =
    "Always false: calls are synchronous, so no call is running when "
    "this one can be made.  Kept for compatibility.\n",
  },
  {
    .name = "version",
    .ret = RET_STRUCT,
    .ret_struct = "version",
    .flags = AF_ANY_STATE,
    .shortdesc = "get the library version",
    .longdesc =
    "Return the version of the library that is running, which may differ "
    "from the one the program was compiled against.  C<major>, C<minor> "
    "and C<release> are numbers and C<extra> is a free-form suffix.  "
    "careen reports the version of libguestfs whose API it follows "
    "(1.48.6), so that checks written for libguestfs pass, and its own "
    "version in C<extra> (\"careen 0.1.0\").  "
    "Feature tests are better done with the C<GUESTFS_HAVE_*> macros "
    "than by comparing versions.\n",
  },
  {
    .name = "disk_create",
    .ret = RET_ERR,
    .args = {
      { ARG_HOSTFILE, "filename" },
      { ARG_STRING, "format" },
      { ARG_INT64, "size" },
    },
    .optargs = {
      { OPT_STRING, "backingfile" },
      { OPT_STRING, "backingformat" },
      { OPT_STRING, "preallocation" },
      { OPT_STRING, "compat" },
      { OPT_INT, "clustersize" },
    },
    .flags = AF_ANY_STATE,
    .shortdesc = "create a blank disk image",
    .longdesc =
    "Create a new disk image C<filename> on the host, of C<format> "
    "C<raw> or C<qcow2> and C<size> bytes.  With C<backingfile> the "
    "image is an overlay of that file, and C<size> may be -1 to use the "
    "size of the backing file.  This does not need the appliance.\n"
    "\n"
    "The optional arguments are:\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<backingfile>\n"
    "\n"
    "The file this image is an overlay of (qcow2 only).\n"
    "\n"
    "=item C<backingformat>\n"
    "\n"
    "The format of C<backingfile>.\n"
    "\n"
    "=item C<preallocation>\n"
    "\n"
    "For C<raw>: C<off> or C<sparse> (the default) makes a sparse file, "
    "C<full> allocates every block.  For C<qcow2>: C<off> or C<sparse>, "
    "C<metadata>, or C<full>.\n"
    "\n"
    "=item C<compat>\n"
    "\n"
    "The qcow2 compatibility level, C<0.10> or C<1.1>.\n"
    "\n"
    "=item C<clustersize>\n"
    "\n"
    "The qcow2 cluster size in bytes: a power of two between 512 and "
    "2097152.\n"
    "\n"
    "=back\n",
  },
  /* Disk image facts, the identifier, internal tests. */
  {
    .name = "disk_format",
    .ret = RET_STRING,
    .args = { { ARG_HOSTFILE, "filename" } },
    .flags = AF_ANY_STATE,
    .shortdesc = "detect the format of a disk image",
    .longdesc =
    "Return the format of the disk image C<filename> on the host: "
    "C<qcow2>, C<qed>, C<vmdk>, C<vdi>, C<vpc>, C<vhdx>, or C<raw> for "
    "anything else.  careen reads the image header itself and never lets "
    "another program guess.  This does not need the appliance.\n"
    "\n"
    "Knowing the format of an image written by an untrusted guest does "
    "not make it safe to open it as that format: see the C<format> "
    "optional argument of C<guestfs_add_drive_opts>.\n",
  },
  {
    .name = "disk_virtual_size",
    .ret = RET_INT64,
    .args = { { ARG_HOSTFILE, "filename" } },
    .flags = AF_ANY_STATE,
    .shortdesc = "get the virtual size of a disk image",
    .longdesc =
    "Return the size in bytes of the disk that the image C<filename> "
    "holds, as a guest would see it: for C<raw> the size of the file "
    "or device, for the other formats the size recorded in the image "
    "header.  The format is detected as by C<guestfs_disk_format>.  "
    "This does not need the appliance.\n",
  },
  {
    .name = "disk_has_backing_file",
    .ret = RET_BOOL,
    .args = { { ARG_HOSTFILE, "filename" } },
    .flags = AF_ANY_STATE,
    .shortdesc = "whether a disk image has a backing file",
    .longdesc =
    "Return true when the disk image C<filename> is an overlay whose "
    "unwritten blocks come from another image (a backing file, or a "
    "parent image).  The format is detected as by "
    "C<guestfs_disk_format>.  This does not need the appliance.\n",
  },
  {
    .name = "set_identifier",
    .ret = RET_ERR,
    .args = { { ARG_STRING, "identifier" } },
    .flags = AF_ANY_STATE,
    .fish_alias = "identifier",
    .shortdesc = "set the handle identifier",
    .longdesc =
    "Give the handle a name that appears in its trace messages, so that "
    "the messages of several handles can be told apart: with identifier "
    "C<ID>, trace lines printed on standard error read "
    "C<libguestfs: trace: ID: CALL ...>.  The identifier may contain "
    "only ASCII letters, digits, underscores and minus signs; the empty "
    "string (the default) removes it.\n",
  },
  {
    .name = "get_identifier",
    .ret = RET_CONSTSTRING,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the handle identifier",
    .longdesc =
    "Return the identifier set with C<guestfs_set_identifier>, or the "
    "empty string.\n",
  },
  {
    .name = "get_pid",
    .ret = RET_INT,
    .flags = AF_ANY_STATE,
    .shortdesc = "get the process ID of the hypervisor",
    .longdesc =
    "Return the process ID of the qemu that runs the appliance.  It is "
    "an error to call this when no appliance is running.\n"
    "\n"
    "This is for debugging and for tests that inject faults: signalling "
    "qemu behind the library's back loses the handle's connection.\n",
  },
  {
    .name = "internal_test",
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "str" },
      { ARG_OPTSTRING, "optstr" },
      { ARG_STRINGLIST, "strlist" },
      { ARG_BOOL, "b" },
      { ARG_INT, "integer" },
      { ARG_INT64, "integer64" },
      { ARG_STRING, "filein" },
      { ARG_STRING, "fileout" },
      { ARG_BUFFERIN, "bufferin" },
    },
    .optargs = {
      { OPT_BOOL, "obool" },
      { OPT_INT, "oint" },
      { OPT_INT64, "oint64" },
      { OPT_STRING, "ostring" },
      { OPT_STRINGLIST, "ostringlist" },
    },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call taking every argument type",
    .longdesc =
    "This call exists to test careen itself.  It sends its arguments to "
    "the appliance with C<guestfs_internal_test_format> and prints the "
    "description the daemon returns on the output chosen with "
    "C<guestfs_internal_test_set_output> (standard output by default).  "
    "The appliance must be running.\n",
  },
  {
    .name = "internal_test_only_optargs",
    .ret = RET_ERR,
    .optargs = { { OPT_INT, "test" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call with only optional arguments",
    .longdesc =
    "This call exists to test careen itself.  It prints the value of "
    "C<test>, or C<unset>, on the output chosen with "
    "C<guestfs_internal_test_set_output>.\n",
  },
  {
    .name = "internal_test_set_output",
    .ret = RET_ERR,
    .args = { { ARG_HOSTFILE, "filename" } },
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "internal test call: set the output file",
    .longdesc =
    "This call exists to test careen itself.  Later internal test calls "
    "append what they print to C<filename> instead of standard output, "
    "until C<guestfs_internal_test_close_output>.\n",
  },
  {
    .name = "internal_test_close_output",
    .ret = RET_ERR,
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "internal test call: close the output file",
    .longdesc =
    "This call exists to test careen itself.  Closes the file opened by "
    "C<guestfs_internal_test_set_output>; output goes to standard "
    "output again.\n",
  },
  {
    .name = "internal_test_rconststring",
    .ret = RET_CONSTSTRING,
    .args = { { ARG_STRING, "val" } },
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning a constant string",
    .longdesc =
    "This call exists to test careen itself.  Returns the constant "
    "string C<static string>.\n",
  },
  {
    .name = "internal_test_rconststringerr",
    .ret = RET_CONSTSTRING,
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "internal test call failing with a constant string return",
    .longdesc =
    "This call exists to test careen itself.  It always fails with the "
    "message C<error> and the errno C<EDOM>.\n",
  },
  {
    .name = "internal_test_rconstoptstring",
    .ret = RET_CONSTOPTSTRING,
    .args = { { ARG_STRING, "val" } },
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning a string that may be NULL",
    .longdesc =
    "This call exists to test careen itself.  Returns the constant "
    "string C<static string>.\n",
  },
  {
    .name = "internal_test_rconstoptstringerr",
    .ret = RET_CONSTOPTSTRING,
    .flags = AF_ANY_STATE | AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning NULL without an error",
    .longdesc =
    "This call exists to test careen itself.  Returns NULL, which for "
    "this return type is a value, not an error.\n",
  },
  {
    .name = "internal_get_console_socket",
    .ret = RET_INT,
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "get the appliance's console",
    .longdesc =
    "This call is used by virt-rescue.  It returns a file descriptor "
    "connected to the appliance's serial console, which can be read and "
    "written.  The handle must have been launched with the kernel "
    "option C<careen.rescue=1> in C<guestfs_set_append>; otherwise the "
    "console is not writable and this call fails.  The descriptor is "
    "non-blocking and belongs to the handle: do not close it, and make "
    "no other call while relying on what it reads, since the library "
    "logs whatever console output arrives during its own calls.\n",
  },
  {
    .name = "copy_in",
    .ret = RET_ERR,
    .args = { { ARG_HOSTFILE, "localpath" }, { ARG_PATHNAME, "remotedir" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "copy a local file or directory tree into the guest",
    .longdesc =
    "Copy the local file or directory C<localpath>, with everything "
    "under it, into the guest directory C<remotedir>, which must exist "
    "(C<ENOTDIR> otherwise).  The copy keeps the last component of "
    "C<localpath> as its name, and the permissions, numeric owners and "
    "modification times of what it copies.  Regular files, directories "
    "and symbolic links (copied as links, never followed) are copied; "
    "device nodes, FIFOs and sockets are left out.  Files already in "
    "the guest under the same names are replaced, directories merged "
    "into.  Wildcards are not expanded.  guestfish's C<copy-in> does "
    "the same for several paths at once.\n",
  },
  {
    .name = "copy_out",
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "remotepath" }, { ARG_HOSTFILE, "localdir" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "copy a guest file or directory tree to the host",
    .longdesc =
    "Copy the guest file or directory C<remotepath>, with everything "
    "under it, into the local directory C<localdir>, which must exist.  "
    "The copy keeps the last component of C<remotepath> as its name, "
    "and the permissions (without the setuid and setgid bits) and "
    "modification times of what it copies; the files belong to the "
    "user running the program.  Regular files, directories and symbolic "
    "links are copied; device nodes, FIFOs and sockets are left out.\n"
    "\n"
    "Guest contents are hostile, and nothing is ever written outside "
    "C<localdir>: symbolic links are created as links and never "
    "followed, not even ones already in C<localdir> (an existing "
    "symbolic link where a file or directory would go makes the call "
    "fail), and names are single directory entries.  An existing file "
    "of the same name is replaced, an existing directory merged into.  "
    "Use C<.> for the current directory.  Wildcards are not "
    "expanded.\n",
  },
  /* The Sleuth Kit: the lists come through the internal_ daemon calls'
   * streams, so that their size is not bounded by one reply.
   */
  {
    .name = "filesystem_walk",
    .ret = RET_STRUCTLIST,
    .ret_struct = "tsk_dirent",
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "every directory entry of a filesystem, deleted ones too",
    .longdesc =
    "Read the filesystem on C<device> directly, with The Sleuth Kit, "
    "and return one entry per name found in its directories (the root "
    "directory's own entry C<.> first, on filesystems that keep one; "
    "no other C<.> or C<..>).  Unlike C<guestfs_find>, "
    "this sees names whose files were deleted but whose directory "
    "entries are still on disk, and it does not need the filesystem to "
    "be mounted (it may be mounted; what was not yet written back is "
    "then not seen).\n"
    "\n"
    "Each C<tsk_dirent> holds:\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<tsk_inode>\n"
    "\n"
    "The inode (metadata address) the name points at.\n"
    "\n"
    "=item C<tsk_type>\n"
    "\n"
    "C<b> block device, C<c> character device, C<d> directory, C<h> "
    "shadow inode, C<l> symbolic link, C<p> named pipe, C<r> regular "
    "file, C<s> socket, C<u> unknown, C<v> virtual file made up by The "
    "Sleuth Kit, C<w> whiteout.\n"
    "\n"
    "=item C<tsk_size>\n"
    "\n"
    "The size in bytes, or -1 when the inode cannot be read.\n"
    "\n"
    "=item C<tsk_name>\n"
    "\n"
    "The path from the root of the filesystem, without a leading "
    "C</>.\n"
    "\n"
    "=item C<tsk_flags>\n"
    "\n"
    "The sum of: 1 when the name is in use, clear for a deleted one; 2 "
    "when the name is deleted but its inode was given to another file "
    "since, so its contents belong to that file now; 4 when the "
    "filesystem itself compresses the file (NTFS).\n"
    "\n"
    "=item C<tsk_atime_sec>, C<tsk_atime_nsec>, C<tsk_mtime_sec>, "
    "C<tsk_mtime_nsec>, C<tsk_ctime_sec>, C<tsk_ctime_nsec>, "
    "C<tsk_crtime_sec>, C<tsk_crtime_nsec>\n"
    "\n"
    "Access, modification, status change and creation times (seconds "
    "and nanoseconds since the epoch); -1 when the inode cannot be "
    "read, 0 when the filesystem does not keep that time.\n"
    "\n"
    "=item C<tsk_nlink>\n"
    "\n"
    "The number of hard links, -1 when the inode cannot be read.\n"
    "\n"
    "=item C<tsk_link>\n"
    "\n"
    "The target of a symbolic link, else the empty string.\n"
    "\n"
    "=item C<tsk_spare1>\n"
    "\n"
    "Always 0.\n"
    "\n"
    "=back\n"
    "\n"
    "The appliance streams the entries to the library, so filesystems "
    "of any number of files can be walked.\n",
  },
  {
    .name = "find_inode",
    .ret = RET_STRUCTLIST,
    .ret_struct = "tsk_dirent",
    .args = { { ARG_DEVICE, "device" }, { ARG_INT64, "inode" } },
    .shortdesc = "the names of an inode",
    .longdesc =
    "The entries of C<guestfs_filesystem_walk> on C<device> whose "
    "C<tsk_inode> is C<inode>: every name, in use or deleted, that "
    "points at that inode.  An inode that no name points at gives an "
    "empty list.\n",
  },
  { .name = NULL }
};
