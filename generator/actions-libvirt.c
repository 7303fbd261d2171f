/** careen - offline disk-image toolkit
 * API table: library calls that read libvirt domains.  add_domain and
 * add_libvirt_dom turn a domain's disks into add_drive_opts calls; the
 * credential calls let a program answer libvirt's authentication
 * questions from a GUESTFS_EVENT_LIBVIRT_AUTH callback.  Bodies are in
 * lib/libvirt-domain.c and lib/libvirt-auth.c.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* What add_domain and add_libvirt_dom share in their documentation. */
#define DOMAIN_OPTARGS_DOC                                              \
  "The domain's disks are added in the order of its XML.  Disks of type "  \
  "C<file> and C<block> are added by path, with the format of their "   \
  "C<E<lt>driver type=...E<gt>> (probed when the XML gives none); "     \
  "C<network> disks are passed on with their protocol, hosts and user "  \
  "name (the domain's secrets are not read: give them to "              \
  "C<guestfs_add_drive_opts> yourself).  Disks of type C<volume> are "   \
  "found in their libvirt storage pool.  CD-ROM and floppy drives "      \
  "without a medium are skipped; a CD-ROM with one counts as marked "    \
  "C<E<lt>readonly/E<gt>>.  Disks marked C<E<lt>shareable/E<gt>> are "   \
  "added as any other.\n"                                               \
  "\n"                                                                  \
  "A domain that is running can only be added with C<readonly> true: "  \
  "writing to the disks of a running guest would damage its "            \
  "filesystems.\n"                                                      \
  "\n"                                                                  \
  "C<readonlydisk> says what to do with disks marked "                  \
  "C<E<lt>readonly/E<gt>> in the XML:\n"                                \
  "\n"                                                                  \
  "=over 4\n"                                                           \
  "\n"                                                                  \
  "=item C<write> (the default)\n"                                      \
  "\n"                                                                  \
  "Such disks are added read/write when C<readonly> is false, "         \
  "read-only when it is true.\n"                                        \
  "\n"                                                                  \
  "=item C<read>\n"                                                     \
  "\n"                                                                  \
  "Such disks are always added read-only; the others follow "           \
  "C<readonly>.\n"                                                      \
  "\n"                                                                  \
  "=item C<error>\n"                                                    \
  "\n"                                                                  \
  "When C<readonly> is false, the call fails if the domain has such a "  \
  "disk.  When it is true, they are added read-only.\n"                 \
  "\n"                                                                  \
  "=item C<ignore>\n"                                                   \
  "\n"                                                                  \
  "Such disks are not added.\n"                                         \
  "\n"                                                                  \
  "=back\n"                                                             \
  "\n"                                                                  \
  "C<live> is accepted and ignored, as in libguestfs 1.48.  C<iface>, "  \
  "C<cachemode>, C<discard> and C<copyonread> are passed to "           \
  "C<guestfs_add_drive_opts> for every disk.  A disk's "                \
  "C<E<lt>blockio logical_block_size=...E<gt>> becomes its "            \
  "C<blocksize>.\n"                                                     \
  "\n"                                                                  \
  "The call returns the number of disks added.  It is atomic: when it "  \
  "fails, no disk of the domain has been added.\n"

const struct api_action library_actions_libvirt[] = {
  {
    .name = "add_domain",
    .ret = RET_INT,
    .args = { { ARG_STRING, "dom" } },
    .optargs = {
      { OPT_STRING, "libvirturi" },
      { OPT_BOOL, "readonly" },
      { OPT_STRING, "iface" },
      { OPT_BOOL, "live" },
      { OPT_BOOL, "allowuuid" },
      { OPT_STRING, "readonlydisk" },
      { OPT_STRING, "cachemode" },
      { OPT_STRING, "discard" },
      { OPT_BOOL, "copyonread" },
    },
    .flags = AF_CONFIG_ONLY,
    .fish_alias = "domain",
    .shortdesc = "add the disks of a libvirt domain",
    .longdesc =
    "Connect to libvirt, find the domain named C<dom>, read its XML and "
    "add each of its disks as C<guestfs_add_drive_opts> would.\n"
    "\n"
    "C<libvirturi> is the libvirt connection URI (such as "
    "C<qemu:///system> or C<test:///path/to/file.xml>); without it "
    "libvirt's default connection is used.  When the connection needs "
    "credentials, see L<guestfs(3)/Libvirt authentication>.\n"
    "\n"
    "When C<allowuuid> is true, C<dom> is first looked up as a UUID, "
    "then as a name.\n"
    "\n"
    DOMAIN_OPTARGS_DOC,
  },
  {
    .name = "add_libvirt_dom",
    .ret = RET_INT,
    .args = { { ARG_POINTER, "dom" } },
    .optargs = {
      { OPT_BOOL, "readonly" },
      { OPT_STRING, "iface" },
      { OPT_BOOL, "live" },
      { OPT_STRING, "readonlydisk" },
      { OPT_STRING, "cachemode" },
      { OPT_STRING, "discard" },
      { OPT_BOOL, "copyonread" },
    },
    .flags = AF_CONFIG_ONLY | AF_NOT_IN_FISH,
    .shortdesc = "add the disks of a libvirt domain object",
    .longdesc =
    "The same as C<guestfs_add_domain>, for a program that already holds "
    "the domain: C<dom> is a C<virDomainPtr> from the libvirt library the "
    "program itself uses.  careen neither keeps nor frees it.\n"
    "\n"
    DOMAIN_OPTARGS_DOC,
  },
  {
    .name = "set_libvirt_supported_credentials",
    .ret = RET_ERR,
    .args = { { ARG_STRINGLIST, "creds" } },
    .flags = AF_ANY_STATE,
    .shortdesc = "say which libvirt credentials the program can supply",
    .longdesc =
    "Call this before C<guestfs_add_domain> with the credential types "
    "that the program's C<GUESTFS_EVENT_LIBVIRT_AUTH> callback can "
    "answer: C<username>, C<authname>, C<language>, C<cnonce>, "
    "C<passphrase>, C<echoprompt>, C<noechoprompt>, C<realm> or "
    "C<external>.  The list must not be empty; an unknown type is "
    "refused with C<EINVAL>.\n"
    "\n"
    "Without this call (or without a callback for the event), careen "
    "lets libvirt ask on the terminal.  See L<guestfs(3)/Libvirt "
    "authentication>.\n",
  },
  {
    .name = "get_libvirt_requested_credentials",
    .ret = RET_STRINGLIST,
    .flags = AF_ANY_STATE,
    .shortdesc = "the credentials libvirt is asking for",
    .longdesc =
    "Only valid inside a C<GUESTFS_EVENT_LIBVIRT_AUTH> callback: return "
    "the types of the credentials libvirt asks for, in order, each one "
    "of those given to C<guestfs_set_libvirt_supported_credentials>.  "
    "The position of a type in this list is the C<index> of the other "
    "credential calls.  Outside the callback, the call fails with "
    "C<EINVAL>.\n",
  },
  {
    .name = "get_libvirt_requested_credential_prompt",
    .ret = RET_STRING,
    .args = { { ARG_INT, "index" } },
    .flags = AF_ANY_STATE,
    .shortdesc = "the prompt of a requested libvirt credential",
    .longdesc =
    "Inside a C<GUESTFS_EVENT_LIBVIRT_AUTH> callback, return the prompt "
    "libvirt gave for the C<index>'th requested credential, or the "
    "empty string when it gave none.\n",
  },
  {
    .name = "get_libvirt_requested_credential_challenge",
    .ret = RET_STRING,
    .args = { { ARG_INT, "index" } },
    .flags = AF_ANY_STATE,
    .shortdesc = "the challenge of a requested libvirt credential",
    .longdesc =
    "Inside a C<GUESTFS_EVENT_LIBVIRT_AUTH> callback, return the "
    "challenge libvirt gave for the C<index>'th requested credential, or "
    "the empty string when it gave none.\n",
  },
  {
    .name = "get_libvirt_requested_credential_defresult",
    .ret = RET_STRING,
    .args = { { ARG_INT, "index" } },
    .flags = AF_ANY_STATE,
    .shortdesc = "the default answer of a requested libvirt credential",
    .longdesc =
    "Inside a C<GUESTFS_EVENT_LIBVIRT_AUTH> callback, return the default "
    "answer libvirt gave for the C<index>'th requested credential, or "
    "the empty string when it gave none.\n",
  },
  {
    .name = "set_libvirt_requested_credential",
    .ret = RET_ERR,
    .args = { { ARG_INT, "index" }, { ARG_BUFFERIN, "cred" } },
    .flags = AF_ANY_STATE,
    .shortdesc = "answer a requested libvirt credential",
    .longdesc =
    "Inside a C<GUESTFS_EVENT_LIBVIRT_AUTH> callback, give the answer "
    "(which may hold any bytes) to the C<index>'th requested credential.  "
    "A credential left unanswered when the callback returns makes the "
    "connection fail.\n",
  },
  { .name = NULL }
};
