/* careen - offline disk-image toolkit
 * API table: daemon calls of the "streams" area (file and archive
 * transfers that stream between the library and the guest without
 * holding the data in memory).  See generator/README.  Procedure
 * numbers 300-399.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentences. */
#define COMPRESS_TYPES \
  "C<compress> selects the compression of the archive: C<gzip>, " \
  "C<bzip2>, C<xz>, C<lzop> or C<zstd>; without it the archive is not " \
  "compressed.  C<compress> (the old Unix format) is not supported.\n"

#define TAR_XATTR_OPTS \
  "=item C<xattrs>\n" \
  "\n" \
  "When true, extended attributes are included (stored by " \
  "C<guestfs_tar_out>, restored by C<guestfs_tar_in>).\n" \
  "\n" \
  "=item C<selinux>\n" \
  "\n" \
  "When true, SELinux security contexts are included.\n" \
  "\n" \
  "=item C<acls>\n" \
  "\n" \
  "When true, POSIX access control lists are included.\n" \
  "\n"

/* The rsync calls share their optional arguments. */
#define RSYNC_OPTARGS { { OPT_BOOL, "archive" }, { OPT_BOOL, "deletedest" } }
#define RSYNC_OPTS_DOC                                                  \
  "The optional arguments are:\n"                                       \
  "\n"                                                                  \
  "=over 4\n"                                                           \
  "\n"                                                                  \
  "=item C<archive>\n"                                                  \
  "\n"                                                                  \
  "rsync's archive mode (C<--archive>): directory trees, and symbolic "  \
  "links, permissions, times, owners and device files kept.\n"          \
  "\n"                                                                  \
  "=item C<deletedest>\n"                                               \
  "\n"                                                                  \
  "Files of the destination that the source does not have are deleted "  \
  "(C<--delete>).\n"                                                    \
  "\n"                                                                  \
  "=back\n"
#define RSYNC_NETWORK_DOC                                               \
  "The appliance reaches the server over its network, so "              \
  "C<guestfs_set_network> must be true at launch (guestfish "           \
  "C<--network>); otherwise the call fails with C<ENETUNREACH>.  On "   \
  "that network the host is C<10.0.2.2>.  No password can be given: "   \
  "the server must not ask for one.  C<remote> must not start with "    \
  "C<->.  "

const struct api_action daemon_actions_streams[] = {
  {
    .name = "upload_offset",
    .proc_nr = 300,
    .ret = RET_ERR,
    .args = {
      { ARG_FILEIN, "filename" },
      { ARG_DEV_OR_PATH, "remotefilename" },
      { ARG_INT64, "offset" },
    },
    .flags = AF_PROGRESS,
    .shortdesc = "upload a local file into part of a guest file",
    .longdesc =
    "Write the contents of the local file C<filename> into "
    "C<remotefilename> (a file or a device) starting at byte C<offset>, "
    "overwriting what was there and leaving the rest as it was.  A file "
    "that does not exist is created, with a hole before C<offset>.  The "
    "data streams, so there is no size limit.  See also "
    "C<guestfs_upload>.\n",
  },
  {
    .name = "download_offset",
    .proc_nr = 301,
    .ret = RET_ERR,
    .args = {
      { ARG_DEV_OR_PATH, "remotefilename" },
      { ARG_FILEOUT, "filename" },
      { ARG_INT64, "offset" },
      { ARG_INT64, "size" },
    },
    .flags = AF_PROGRESS,
    .shortdesc = "download part of a guest file to a local file",
    .longdesc =
    "Write C<size> bytes of C<remotefilename> (a file or a device), "
    "starting at byte C<offset>, to the local file C<filename>.  The "
    "whole range must be inside the file: reaching its end first is an "
    "error.  The data streams, so there is no size limit.  See also "
    "C<guestfs_download>.\n",
  },
  {
    .name = "tar_in",
    .proc_nr = 302,
    .ret = RET_ERR,
    .args = { { ARG_FILEIN, "tarfile" }, { ARG_PATHNAME, "directory" } },
    .optargs = {
      { OPT_STRING, "compress" },
      { OPT_BOOL, "xattrs" },
      { OPT_BOOL, "selinux" },
      { OPT_BOOL, "acls" },
    },
    .flags = AF_PROGRESS | AF_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "tar-in-opts",
    .shortdesc = "unpack a local tar archive into a directory",
    .longdesc =
    "Upload the local tar archive C<tarfile> and unpack it into "
    "C<directory>, which must exist.  Members with absolute names are "
    "unpacked relative to C<directory>, members whose names contain "
    "C<..> are skipped, and symbolic links in the archive cannot be used "
    "to place later members outside C<directory>.  Owners and "
    "permissions are restored (owners only where the filesystem "
    "supports them).  " COMPRESS_TYPES
    "\n"
    "The other optional arguments are:\n"
    "\n"
    "=over 4\n"
    "\n"
    TAR_XATTR_OPTS
    "=back\n",
  },
  {
    .name = "tar_out",
    .proc_nr = 303,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "directory" }, { ARG_FILEOUT, "tarfile" } },
    .optargs = {
      { OPT_STRING, "compress" },
      { OPT_BOOL, "numericowner" },
      { OPT_STRINGLIST, "excludes" },
      { OPT_BOOL, "xattrs" },
      { OPT_BOOL, "selinux" },
      { OPT_BOOL, "acls" },
    },
    .flags = AF_PROGRESS | AF_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "tar-out-opts",
    .shortdesc = "pack a directory into a local tar archive",
    .longdesc =
    "Pack the contents of C<directory> into a tar archive written to the "
    "local file C<tarfile>.  Member names start with C<./>.  Symbolic "
    "links are stored as links.  " COMPRESS_TYPES
    "\n"
    "The other optional arguments are:\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<excludes>\n"
    "\n"
    "Wildcard patterns (as L<tar(1)> B<--exclude>); files that match "
    "any of them are left out.  A pattern may not contain a newline.\n"
    "\n"
    "=item C<numericowner>\n"
    "\n"
    "Store owners and groups as numbers only, not names.\n"
    "\n"
    TAR_XATTR_OPTS
    "=back\n",
  },
  {
    .name = "tgz_in",
    .proc_nr = 304,
    .ret = RET_ERR,
    .args = { { ARG_FILEIN, "tarball" }, { ARG_PATHNAME, "directory" } },
    .flags = AF_PROGRESS | AF_DEPRECATED,
    .deprecated_by = "tar_in",
    .shortdesc = "unpack a local gzip-compressed tar archive",
    .longdesc =
    "Like C<guestfs_tar_in> with C<compress> set to C<gzip>.\n",
  },
  {
    .name = "tgz_out",
    .proc_nr = 305,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "directory" }, { ARG_FILEOUT, "tarball" } },
    .flags = AF_PROGRESS | AF_DEPRECATED,
    .deprecated_by = "tar_out",
    .shortdesc = "pack a directory into a local gzip-compressed tar archive",
    .longdesc =
    "Like C<guestfs_tar_out> with C<compress> set to C<gzip>.\n",
  },
  {
    .name = "base64_in",
    .proc_nr = 306,
    .ret = RET_ERR,
    .args = { { ARG_FILEIN, "base64file" }, { ARG_PATHNAME, "filename" } },
    .flags = AF_PROGRESS,
    .shortdesc = "upload base64-encoded data into a file",
    .longdesc =
    "Upload the local file C<base64file>, which holds base64 text "
    "(line breaks and other white space are ignored, padding is "
    "optional), decode it and write the result to C<filename>, creating "
    "or truncating it.  Text that is not base64 is an error (C<EINVAL>); "
    "the file then holds the data decoded so far.\n",
  },
  {
    .name = "base64_out",
    .proc_nr = 307,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "filename" }, { ARG_FILEOUT, "base64file" } },
    .flags = AF_PROGRESS,
    .shortdesc = "download a file encoded as base64",
    .longdesc =
    "Write the contents of C<filename> encoded as base64 to the local "
    "file C<base64file>, in lines of 76 characters as L<base64(1)> "
    "writes them.\n",
  },
  {
    .name = "compress_out",
    .proc_nr = 308,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "ctype" },
      { ARG_PATHNAME, "file" },
      { ARG_FILEOUT, "zfile" },
    },
    .optargs = { { OPT_INT, "level" } },
    .flags = AF_PROGRESS,
    .shortdesc = "download a file compressed",
    .longdesc =
    "Compress C<file> with the program C<ctype> names (C<gzip>, "
    "C<bzip2>, C<xz>, C<lzop> or C<zstd>) and write the result to the "
    "local file C<zfile>.  Other types, C<compress> among them, fail "
    "with an error saying they are not supported (C<ENOTSUP>).  "
    "C<level> is the program's compression level (such as 1 to 9 for "
    "C<gzip>); without it the program's default is used.\n",
  },
  {
    .name = "compress_device_out",
    .proc_nr = 309,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "ctype" },
      { ARG_DEVICE, "device" },
      { ARG_FILEOUT, "zdevice" },
    },
    .optargs = { { OPT_INT, "level" } },
    .flags = AF_PROGRESS,
    .shortdesc = "download a device compressed",
    .longdesc =
    "Like C<guestfs_compress_out>, for the contents of the block device "
    "C<device>.\n",
  },
  {
    .name = "txz_in",
    .proc_nr = 310,
    .ret = RET_ERR,
    .args = { { ARG_FILEIN, "tarball" }, { ARG_PATHNAME, "directory" } },
    .flags = AF_PROGRESS | AF_DEPRECATED,
    .deprecated_by = "tar_in",
    .shortdesc = "unpack a local xz-compressed tar archive",
    .longdesc =
    "Like C<guestfs_tar_in> with C<compress> set to C<xz>.\n",
  },
  {
    .name = "txz_out",
    .proc_nr = 311,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "directory" }, { ARG_FILEOUT, "tarball" } },
    .flags = AF_PROGRESS | AF_DEPRECATED,
    .deprecated_by = "tar_out",
    .shortdesc = "pack a directory into a local xz-compressed tar archive",
    .longdesc =
    "Like C<guestfs_tar_out> with C<compress> set to C<xz>.\n",
  },
  {
    .name = "cpio_out",
    .proc_nr = 312,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "directory" }, { ARG_FILEOUT, "cpiofile" } },
    .optargs = { { OPT_STRING, "format" } },
    .flags = AF_PROGRESS,
    .shortdesc = "pack a directory into a local cpio archive",
    .longdesc =
    "Write a L<cpio(1)> archive of everything under the guest directory "
    "C<directory> to the local file C<cpiofile>.  Member names are "
    "relative to C<directory> (which is the member C<.>); symbolic "
    "links are stored as links.  C<format> is C<newc> (the default: the "
    "portable SVR4 format, which the Linux kernel unpacks as an "
    "initramfs) or C<crc> (the same with a checksum of each file); "
    "others are refused with C<EINVAL>.\n",
  },
  {
    .name = "initrd_list",
    .proc_nr = 313,
    .ret = RET_STRINGLIST,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "list the files of an initrd",
    .longdesc =
    "Return the names of the members of the Linux initramfs C<path>, in "
    "the order they are stored, directories included, without a "
    "leading C</>.  The image may be compressed with gzip, xz, lzma, "
    "zstd or bzip2, and may be several cpio archives one after the "
    "other (an uncompressed early microcode archive before the "
    "compressed initramfs proper): the members of all of them are "
    "listed.  Archives in the C<newc>, C<crc> and portable ASCII "
    "(C<odc>) formats are read.  Old initrd images holding a "
    "filesystem rather than a cpio archive are not understood.\n",
  },
  {
    .name = "initrd_cat",
    .proc_nr = 314,
    .ret = RET_BUFFEROUT,
    .args = { { ARG_PATHNAME, "initrdpath" }, { ARG_STRING, "filename" } },
    .shortdesc = "read a file out of an initrd",
    .longdesc =
    "Return the contents of the member C<filename> (named as "
    "C<guestfs_initrd_list> shows it, without a leading C</>) of the "
    "initramfs C<initrdpath>; images are read as for "
    "C<guestfs_initrd_list>.  When the name is stored more than once, "
    "the last one wins, as when the kernel unpacks the image.  A name "
    "not in the image fails with C<ENOENT>, and a member that is not a "
    "regular file with C<EINVAL>.  The file must fit in one reply (a "
    "little under 4 MiB).\n",
  },
  {
    .name = "ntfscat_i",
    .proc_nr = 315,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" }, { ARG_INT64, "inode" },
      { ARG_FILEOUT, "filename" },
    },
    .flags = AF_PROGRESS,
    .shortdesc = "download a file of an NTFS filesystem by inode number",
    .longdesc =
    "Write the contents of the file with MFT record number C<inode> of "
    "the NTFS filesystem on C<device> to the local file C<filename>, "
    "using L<ntfscat(8)>.  This reaches files that no path leads to, "
    "such as those under C<$Extend>.  The filesystem must not be "
    "mounted (C<EBUSY>).\n",
  },
  {
    .name = "debug_upload",
    .proc_nr = 316,
    .ret = RET_ERR,
    .args = {
      { ARG_FILEIN, "filename" }, { ARG_STRING, "tmpname" },
      { ARG_INT, "mode" },
    },
    .shortdesc = "upload a file into the appliance",
    .longdesc =
    "Upload the local file C<filename> into the appliance itself (not "
    "the guest) as F</tmp/tmpname>, replacing any file of that name, "
    "with the permission bits C<mode>.  C<tmpname> must be a plain file "
    "name: empty names, C<.>, C<..> and names holding a C</> are refused "
    "with C<EINVAL>.  This is for debugging careen.\n",
  },
  {
    .name = "internal_upload",
    .proc_nr = 317,
    .ret = RET_ERR,
    .args = {
      { ARG_FILEIN, "filename" }, { ARG_STRING, "tmpname" },
      { ARG_INT, "mode" },
    },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "upload a file into the appliance",
    .longdesc =
    "The same as C<guestfs_debug_upload>, for the library's own use.\n",
  },
  {
    .name = "rsync",
    .proc_nr = 318,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "src" }, { ARG_PATHNAME, "dest" } },
    .optargs = RSYNC_OPTARGS,
    .flags = AF_PROGRESS,
    .shortdesc = "synchronise two guest directories with rsync",
    .longdesc =
    "Copy the files of the guest path C<src> to the guest path C<dest> "
    "with L<rsync(1)> run in the appliance, which transfers only what "
    "differs.  The paths are taken as rsync takes them, so a trailing "
    "C</> on C<src> copies the directory's contents rather than the "
    "directory itself.  Without C<archive>, rsync copies no directory "
    "trees.  " RSYNC_OPTS_DOC,
  },
  {
    .name = "rsync_in",
    .proc_nr = 319,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "remote" }, { ARG_PATHNAME, "dest" } },
    .optargs = RSYNC_OPTARGS,
    .flags = AF_PROGRESS,
    .shortdesc = "synchronise a guest directory from an rsync server",
    .longdesc =
    "Copy the files of C<remote>, an rsync source such as "
    "C<rsync://10.0.2.2:8730/module/dir/>, into the guest path C<dest>, "
    "with L<rsync(1)> run in the appliance.  " RSYNC_NETWORK_DOC
    RSYNC_OPTS_DOC,
  },
  {
    .name = "rsync_out",
    .proc_nr = 320,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "src" }, { ARG_STRING, "remote" } },
    .optargs = RSYNC_OPTARGS,
    .flags = AF_PROGRESS,
    .shortdesc = "synchronise an rsync server's directory from the guest",
    .longdesc =
    "Copy the files of the guest path C<src> to C<remote>, an rsync "
    "destination such as C<rsync://10.0.2.2:8730/module/dir/>, with "
    "L<rsync(1)> run in the appliance.  C<src> is one path: wildcards "
    "are not expanded (guestfish's C<glob> command expands them "
    "first).  " RSYNC_NETWORK_DOC RSYNC_OPTS_DOC,
  },
  { .name = NULL }
};
