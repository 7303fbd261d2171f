/* careen - offline disk-image toolkit
 * API table: daemon calls of the "misc" area.  See generator/README.
 *
 * Guest commands (command, sh and their _lines forms), sleep, and the
 * internal_test_* calls that carry every argument and return type
 * through the whole path (stubs, protocol, dispatch) so that tests can
 * check each one round-trips.  Procedure numbers 700-799.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD. */
#define GUEST_COMMAND_WARNING                                           \
  "The program comes from the guest and runs as root inside the "       \
  "appliance, with the guest's filesystems, F</dev>, F</proc> and "     \
  "F</sys> visible: only run commands from guests you trust.  The "     \
  "root filesystem must be mounted, with whatever the program needs "   \
  "(shared libraries, data files) mounted at the right places, and "    \
  "the guest's programs must be able to run on the appliance (same "    \
  "processor architecture).  C<PATH> contains at least F</usr/bin> "    \
  "and F</bin>.  The program, and every program it starts, runs "     \
  "without address space randomization (as under C<setarch -R>): "     \
  "under TCG this makes programs that start many processes, such as "  \
  "initramfs builders, several times faster.\n"                        \
  "\n"                                                                  \
  "What the program writes on its standard output is returned; its "    \
  "standard error becomes the error message when it exits with a "     \
  "non-zero status.  The output must fit in one reply, a little under "  \
  "4 MiB: use a download call for larger data.\n"

#define INTERNAL_TEST                                                   \
  "This call exists to test careen itself (the generated code and the " \
  "protocol); it is not useful to programs.  "

#define INTERNAL_TEST_ERR                                               \
  INTERNAL_TEST                                                         \
  "It always fails, with the message C<error> and the errno C<EDOM>, "  \
  "so that tests can check that an error and its errno cross the "      \
  "protocol.\n"

const struct api_action daemon_actions_misc[] = {
  {
    .name = "internal_test_format",
    .proc_nr = 700,
    .ret = RET_STRING,
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
    .shortdesc = "have the daemon describe the arguments it received",
    .longdesc =
    INTERNAL_TEST
    "The daemon returns a text with one line per argument as it decoded "
    "it, in the format C<guestfs_internal_test> prints: strings as they "
    "are (C<null> for a NULL C<optstr>), lists as C<[a, b]>, booleans as "
    "C<true> or C<false>, numbers in decimal, the buffer as one "
    "C<E<lt>xxE<gt>> hexadecimal group per byte, then one line per "
    "optional argument, C<unset> when it was not given.\n",
  },
  {
    .name = "internal_test_rint",
    .proc_nr = 701,
    .ret = RET_INT,
    .args = { { ARG_STRING, "val" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning an int",
    .longdesc =
    INTERNAL_TEST
    "The daemon parses C<val> as a decimal integer and returns it; a "
    "C<val> that is not one fails with C<EINVAL>.\n",
  },
  {
    .name = "internal_test_rinterr",
    .proc_nr = 702,
    .ret = RET_INT,
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call failing with an int return",
    .longdesc = INTERNAL_TEST_ERR,
  },
  {
    .name = "internal_test_rint64",
    .proc_nr = 703,
    .ret = RET_INT64,
    .args = { { ARG_STRING, "val" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning an int64",
    .longdesc =
    INTERNAL_TEST
    "The daemon parses C<val> as a decimal 64-bit integer and returns "
    "it; a C<val> that is not one fails with C<EINVAL>.\n",
  },
  {
    .name = "internal_test_rint64err",
    .proc_nr = 704,
    .ret = RET_INT64,
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call failing with an int64 return",
    .longdesc = INTERNAL_TEST_ERR,
  },
  {
    .name = "internal_test_rbool",
    .proc_nr = 705,
    .ret = RET_BOOL,
    .args = { { ARG_STRING, "val" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning a bool",
    .longdesc =
    INTERNAL_TEST
    "Returns true when C<val> is C<true>, false otherwise.\n",
  },
  {
    .name = "internal_test_rboolerr",
    .proc_nr = 706,
    .ret = RET_BOOL,
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call failing with a bool return",
    .longdesc = INTERNAL_TEST_ERR,
  },
  {
    .name = "internal_test_rstring",
    .proc_nr = 707,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "val" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning a string",
    .longdesc = INTERNAL_TEST "Returns C<val>.\n",
  },
  {
    .name = "internal_test_rstringerr",
    .proc_nr = 708,
    .ret = RET_STRING,
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call failing with a string return",
    .longdesc = INTERNAL_TEST_ERR,
  },
  {
    .name = "internal_test_rstringlist",
    .proc_nr = 709,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "val" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning a string list",
    .longdesc =
    INTERNAL_TEST
    "C<val> is a count N: returns the list of the N strings C<0>, C<1>, "
    "... C<N-1>.  A count that is not a number, or too large for a "
    "reply, fails with C<EINVAL>.\n",
  },
  {
    .name = "internal_test_rstringlisterr",
    .proc_nr = 710,
    .ret = RET_STRINGLIST,
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call failing with a string list return",
    .longdesc = INTERNAL_TEST_ERR,
  },
  {
    .name = "internal_test_rhashtable",
    .proc_nr = 711,
    .ret = RET_HASHTABLE,
    .args = { { ARG_STRING, "val" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning a hash table",
    .longdesc =
    INTERNAL_TEST
    "C<val> is a count N: returns N pairs whose key and value are both "
    "C<0>, C<1>, ... C<N-1>.  A count that is not a number, or too large "
    "for a reply, fails with C<EINVAL>.\n",
  },
  {
    .name = "internal_test_rhashtableerr",
    .proc_nr = 712,
    .ret = RET_HASHTABLE,
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call failing with a hash table return",
    .longdesc = INTERNAL_TEST_ERR,
  },
  {
    .name = "internal_test_rbufferout",
    .proc_nr = 713,
    .ret = RET_BUFFEROUT,
    .args = { { ARG_STRING, "val" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning a buffer",
    .longdesc =
    INTERNAL_TEST
    "Returns the bytes of C<val> as a buffer.\n",
  },
  {
    .name = "internal_test_rbufferouterr",
    .proc_nr = 714,
    .ret = RET_BUFFEROUT,
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call failing with a buffer return",
    .longdesc = INTERNAL_TEST_ERR,
  },
  {
    .name = "internal_test_rstruct",
    .proc_nr = 715,
    .ret = RET_STRUCT,
    .ret_struct = "lvm_pv",
    .args = { { ARG_STRING, "val" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning a struct",
    .longdesc =
    INTERNAL_TEST
    "C<val> is ignored.  Returns the struct that is element 0 of the "
    "list of C<guestfs_internal_test_rstructlist>.\n",
  },
  {
    .name = "internal_test_rstructerr",
    .proc_nr = 716,
    .ret = RET_STRUCT,
    .ret_struct = "lvm_pv",
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call failing with a struct return",
    .longdesc = INTERNAL_TEST_ERR,
  },
  {
    .name = "internal_test_rstructlist",
    .proc_nr = 717,
    .ret = RET_STRUCTLIST,
    .ret_struct = "lvm_pv",
    .args = { { ARG_STRING, "val" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call returning a list of structs",
    .longdesc =
    INTERNAL_TEST
    "C<val> is a count N: returns N structs.  Element I<i> has "
    "C<pv_name> C<pvI<i>>, C<pv_uuid> the 32 characters "
    "C<0123456789abcdef0123456789abcdef> rotated left by I<i> mod 32, "
    "C<pv_fmt> C<lvm2>, an empty C<pv_tags>, C<pv_attr> C<a->, a tab, C<tab>, "
    "C<pv_size> 2^64-1-I<i>, C<dev_size> I<i>, C<pv_pe_count> -2^63+I<i>, "
    "C<pv_pe_alloc_count> 2^63-1-I<i>, and zero in the other fields, so "
    "that the extremes of every field type cross the protocol.  A count "
    "that is not a number or above 100000 fails with C<EINVAL>; counts "
    "whose reply does not fit in a message fail with C<EMSGSIZE>.\n",
  },
  {
    .name = "internal_test_rstructlisterr",
    .proc_nr = 718,
    .ret = RET_STRUCTLIST,
    .ret_struct = "lvm_pv",
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call failing with a struct list return",
    .longdesc = INTERNAL_TEST_ERR,
  },
  {
    .name = "internal_test_63_optargs",
    .proc_nr = 719,
    .ret = RET_ERR,
    .optargs = {
      { OPT_INT, "opt1" },
      { OPT_INT, "opt2" },
      { OPT_INT, "opt3" },
      { OPT_INT, "opt4" },
      { OPT_INT, "opt5" },
      { OPT_INT, "opt6" },
      { OPT_INT, "opt7" },
      { OPT_INT, "opt8" },
      { OPT_INT, "opt9" },
      { OPT_INT, "opt10" },
      { OPT_INT, "opt11" },
      { OPT_INT, "opt12" },
      { OPT_INT, "opt13" },
      { OPT_INT, "opt14" },
      { OPT_INT, "opt15" },
      { OPT_INT, "opt16" },
      { OPT_INT, "opt17" },
      { OPT_INT, "opt18" },
      { OPT_INT, "opt19" },
      { OPT_INT, "opt20" },
      { OPT_INT, "opt21" },
      { OPT_INT, "opt22" },
      { OPT_INT, "opt23" },
      { OPT_INT, "opt24" },
      { OPT_INT, "opt25" },
      { OPT_INT, "opt26" },
      { OPT_INT, "opt27" },
      { OPT_INT, "opt28" },
      { OPT_INT, "opt29" },
      { OPT_INT, "opt30" },
      { OPT_INT, "opt31" },
      { OPT_INT, "opt32" },
      { OPT_INT, "opt33" },
      { OPT_INT, "opt34" },
      { OPT_INT, "opt35" },
      { OPT_INT, "opt36" },
      { OPT_INT, "opt37" },
      { OPT_INT, "opt38" },
      { OPT_INT, "opt39" },
      { OPT_INT, "opt40" },
      { OPT_INT, "opt41" },
      { OPT_INT, "opt42" },
      { OPT_INT, "opt43" },
      { OPT_INT, "opt44" },
      { OPT_INT, "opt45" },
      { OPT_INT, "opt46" },
      { OPT_INT, "opt47" },
      { OPT_INT, "opt48" },
      { OPT_INT, "opt49" },
      { OPT_INT, "opt50" },
      { OPT_INT, "opt51" },
      { OPT_INT, "opt52" },
      { OPT_INT, "opt53" },
      { OPT_INT, "opt54" },
      { OPT_INT, "opt55" },
      { OPT_INT, "opt56" },
      { OPT_INT, "opt57" },
      { OPT_INT, "opt58" },
      { OPT_INT, "opt59" },
      { OPT_INT, "opt60" },
      { OPT_INT, "opt61" },
      { OPT_INT, "opt62" },
      { OPT_INT, "opt63" },
    },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "internal test call with 63 optional arguments",
    .longdesc =
    INTERNAL_TEST
    "Every bit of the optional-argument bitmask but the last is used, "
    "so that the high bits and the order of the optional arguments on "
    "the wire are tested.  The daemon checks that each C<optI<N>> given "
    "has the value I<N>, and fails with C<EINVAL> naming the first that "
    "does not.\n",
  },
  {
    .name = "sleep",
    .proc_nr = 720,
    .ret = RET_ERR,
    .args = { { ARG_INT, "secs" } },
    .shortdesc = "sleep for some seconds",
    .longdesc =
    "The daemon waits C<secs> seconds before it replies.  Useful to test "
    "timeouts and cancellation.  A negative C<secs> fails with "
    "C<EINVAL>.\n",
  },
  {
    .name = "command",
    .proc_nr = 721,
    .ret = RET_STRING,
    .args = { { ARG_STRINGLIST, "arguments" } },
    .flags = AF_PROGRESS,
    .shortdesc = "run a command from the guest filesystem",
    .longdesc =
    "Run a program of the guest, chrooted into the mounted guest "
    "filesystems.  C<arguments> is the argument list: its first element "
    "is the program, found on C<PATH> unless it contains a slash, and "
    "the others are passed to it as they are, without a shell.  The "
    "list must not be empty.  A program the guest does not have fails "
    "with C<ENOENT>, one the appliance cannot run with C<ENOEXEC>.\n"
    "\n"
    GUEST_COMMAND_WARNING,
  },
  {
    .name = "command_lines",
    .proc_nr = 722,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRINGLIST, "arguments" } },
    .flags = AF_PROGRESS,
    .shortdesc = "run a command from the guest, returning lines",
    .longdesc =
    "Like C<guestfs_command>, but the output is split into lines (a "
    "final newline does not make an empty last line).\n",
  },
  {
    .name = "sh",
    .proc_nr = 723,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "command" } },
    .flags = AF_PROGRESS,
    .shortdesc = "run a command through the guest's shell",
    .longdesc =
    "Run C<command> with the guest's F</bin/sh -c>, so it may use "
    "pipes, redirections and the other shell features.  Otherwise the "
    "same as C<guestfs_command>.\n"
    "\n"
    GUEST_COMMAND_WARNING,
  },
  {
    .name = "sh_lines",
    .proc_nr = 724,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "command" } },
    .flags = AF_PROGRESS,
    .shortdesc = "run a command through the guest's shell, returning lines",
    .longdesc =
    "Like C<guestfs_sh>, but the output is split into lines as in "
    "C<guestfs_command_lines>.\n",
  },
  {
    .name = "utsname",
    .proc_nr = 725,
    .ret = RET_STRUCT,
    .ret_struct = "utsname",
    .shortdesc = "the appliance kernel's name and version",
    .longdesc =
    "Return what L<uname(2)> says about the kernel running the "
    "appliance (not the guest's kernel): its name, release, version and "
    "machine.  The values are for debugging and have no fixed form.\n",
  },
  {
    .name = "dmesg",
    .proc_nr = 726,
    .ret = RET_STRING,
    .shortdesc = "the appliance kernel's messages",
    .longdesc =
    "Return the messages of the kernel running the appliance, as "
    "L<dmesg(1)> prints them, for debugging.  Verbose mode "
    "(C<guestfs_set_verbose>) shows them as they come.\n",
  },
  {
    .name = "drop_caches",
    .proc_nr = 727,
    .ret = RET_ERR,
    .args = { { ARG_INT, "whattodrop" } },
    .shortdesc = "make the appliance kernel drop its caches",
    .longdesc =
    "Write everything to disk (L<sync(2)>), then make the appliance "
    "kernel drop clean caches as F</proc/sys/vm/drop_caches> does: "
    "C<whattodrop> is 1 for the page cache, 2 for the dentry and inode "
    "caches, 3 for both.  Other values are refused with C<EINVAL>.\n",
  },
  {
    .name = "modprobe",
    .proc_nr = 728,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "modulename" } },
    .shortdesc = "load a kernel module in the appliance",
    .longdesc =
    "Load the kernel module C<modulename>, with those it depends on, "
    "into the appliance kernel, as L<modprobe(8)> does.  Only modules "
    "copied into the appliance can be loaded; a module that is not "
    "there fails with C<ENOENT>.  Module names are letters, digits, "
    "C<_> and C<->.\n"
    "\n"
    "This needs the C<linuxmodules> group.\n",
  },
  {
    .name = "getcon",
    .proc_nr = 729,
    .ret = RET_STRING,
    .flags = AF_DEPRECATED,
    .deprecated_by = "selinux_relabel",
    .shortdesc = "get the SELinux context of the daemon",
    .longdesc =
    "Return the SELinux security context the daemon runs in.  The "
    "appliance kernel runs with SELinux disabled, in which case the "
    "call fails with C<ENOTSUP> (the C<selinux> group is then not "
    "available).\n",
  },
  {
    .name = "setcon",
    .proc_nr = 730,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "context" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "selinux_relabel",
    .shortdesc = "set the SELinux context of the daemon",
    .longdesc =
    "Change the SELinux security context of the daemon to C<context>.  "
    "Like C<guestfs_getcon>, this fails with C<ENOTSUP> when SELinux is "
    "not enabled in the appliance kernel.\n",
  },
  {
    .name = "internal_feature_available",
    .proc_nr = 731,
    .ret = RET_INT,
    .args = { { ARG_STRING, "group" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "test availability of one optional group",
    .longdesc =
    "Return 0 when the optional group C<group> works in this appliance, "
    "1 when it does not, and 2 when careen does not know the group.  "
    "Programs should call C<guestfs_feature_available>.\n",
  },
  {
    .name = "debug",
    .proc_nr = 732,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "subcmd" }, { ARG_STRINGLIST, "extraargs" } },
    .shortdesc = "debugging commands of the daemon",
    .longdesc =
    "Run the debugging subcommand C<subcmd> in the daemon with the "
    "arguments C<extraargs> and return its output.  C<help> lists the "
    "subcommands: C<print> (its arguments back), C<env> (the daemon's "
    "environment), C<fds> (the daemon's open file descriptors), C<ls> "
    "and C<ll> (L<ls(1)> of appliance paths), C<progress> (waits "
    "the number of seconds given, from 1 to 60, sending progress "
    "messages), and C<freeze> (sends nothing at all, not even "
    "keep-alive messages, for the number of seconds given, from 1 to "
    "3600: the call then fails after C<CAREEN_KEEPALIVE_TIMEOUT> "
    "seconds and the appliance is killed, for testing).  Subcommands that other implementations have and careen "
    "does not fail with C<ENOTSUP>, unknown ones with C<EINVAL>.  The "
    "output has no fixed form.\n",
  },
  {
    .name = "mkmountpoint",
    .proc_nr = 733,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "exemptpath" } },
    .shortdesc = "create a mountpoint before anything is mounted",
    .longdesc =
    "Create the directory C<exemptpath> (an absolute path) in the "
    "appliance's own tree under the place guest filesystems are "
    "mounted, so that unrelated filesystems can be mounted side by "
    "side without one root filesystem: for example the layers of a "
    "live CD, with C<guestfs_mount> on C</cd> and C<guestfs_mount_loop> "
    "of an image inside it on C</sqsh>.  Call it before mounting on "
    "C</>; directories made inside a mounted filesystem would change "
    "the guest instead, so that is refused with C<EBUSY>.\n"
    "\n"
    "C<guestfs_umount_all> unmounts the deepest mountpoints first, but "
    "does not remove these directories: use C<guestfs_rmmountpoint>.\n",
  },
  {
    .name = "rmmountpoint",
    .proc_nr = 734,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "exemptpath" } },
    .shortdesc = "remove a mountpoint made by mkmountpoint",
    .longdesc =
    "Remove the directory C<exemptpath> made by C<guestfs_mkmountpoint>, "
    "once nothing is mounted on it (C<EBUSY> otherwise) and it is "
    "empty.\n",
  },
  { .name = NULL }
};
