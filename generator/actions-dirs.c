/* careen - offline disk-image toolkit
 * API table: daemon calls of the "dirs" area (listing directories,
 * file metadata, extended attributes and ext2 inode flags).  See
 * generator/README.  Procedure numbers 200-299.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentences. */
#define XATTR_NAMES \
  "Attribute names carry their namespace, as in C<user.comment> or " \
  "C<security.selinux>; see L<xattr(7)>.\n"

#define E2ONLY \
  "Only ext2, ext3 and ext4 filesystems keep these; on other filesystems " \
  "the call fails.\n"

const struct api_action daemon_actions_dirs[] = {
  {
    .name = "llz",
    .proc_nr = 200,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "directory" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "lgetxattrs",
    .shortdesc = "list a directory in long format with security contexts",
    .longdesc =
    "Like C<guestfs_ll>, but the listing (that of C<ls -laZ>) also shows "
    "the SELinux security context of each file.  It is meant for people "
    "to read, not for programs to parse: programs should use "
    "C<guestfs_lstatnslist> and C<guestfs_lgetxattrs>.\n",
  },
  {
    .name = "ls0",
    .proc_nr = 201,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "dir" }, { ARG_FILEOUT, "filenames" } },
    .shortdesc = "list a directory into a local file",
    .longdesc =
    "Write the names of the entries of directory C<dir> to the local "
    "file C<filenames>, each one followed by a zero byte.  C<.> and "
    "C<..> are left out and the names are not sorted.  Unlike "
    "C<guestfs_ls>, there is no limit on the number of names.\n",
  },
  {
    .name = "readdir",
    .proc_nr = 202,
    .ret = RET_STRUCTLIST,
    .ret_struct = "dirent",
    .args = { { ARG_PATHNAME, "dir" } },
    .shortdesc = "read a directory with inode numbers and file types",
    .longdesc =
    "Return every entry of directory C<dir>, C<.> and C<..> included, in "
    "the order the filesystem gives them, each with its inode number "
    "C<ino>, its name and a character C<ftyp> for its type:\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<b>\n\nblock device\n\n"
    "=item C<c>\n\ncharacter device\n\n"
    "=item C<d>\n\ndirectory\n\n"
    "=item C<f>\n\nnamed pipe (FIFO)\n\n"
    "=item C<l>\n\nsymbolic link\n\n"
    "=item C<r>\n\nregular file\n\n"
    "=item C<s>\n\nsocket\n\n"
    "=item C<u>\n\nthe filesystem does not say\n\n"
    "=item C<?>\n\na type this call does not know\n\n"
    "=back\n"
    "\n"
    "The whole list travels in one reply, so very large directories "
    "fail; C<guestfs_ls0> has no such limit.\n",
  },
  {
    .name = "find",
    .proc_nr = 203,
    .ret = RET_STRINGLIST,
    .args = { { ARG_PATHNAME, "directory" } },
    .shortdesc = "list a directory tree recursively",
    .longdesc =
    "Return the names of everything below C<directory>, recursively, "
    "relative to C<directory> and sorted: for a tree holding F</d/a> "
    "and F</d/c/e>, C<guestfs_find> of F</d> returns C<a>, C<c> and "
    "C<c/e>.  Symbolic links are listed, not followed.  C<directory> "
    "itself must be a directory.  For trees too large for one reply, use "
    "C<guestfs_find0>.\n",
  },
  {
    .name = "find0",
    .proc_nr = 204,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "directory" }, { ARG_FILEOUT, "files" } },
    .shortdesc = "list a directory tree recursively into a local file",
    .longdesc =
    "Like C<guestfs_find>, but the names are written to the local file "
    "C<files>, each followed by a zero byte (as L<find(1)> B<-print0> "
    "does), in the order they are found rather than sorted.  There is no "
    "limit on their number.\n",
  },
  {
    .name = "glob_expand",
    .proc_nr = 205,
    .ret = RET_STRINGLIST,
    .args = { { ARG_PATHNAME, "pattern" } },
    .optargs = { { OPT_BOOL, "directoryslash" } },
    .flags = AF_ONCE_HAD_NO_OPTARGS,
    .fish_alias = "glob-expand-opts",
    .shortdesc = "expand a wildcard pattern into the matching paths",
    .longdesc =
    "Return the guest paths that match the shell wildcard C<pattern> "
    "(C<*>, C<?>, C<[...]> and C<{a,b}> braces, as L<glob(3)> with "
    "C<GLOB_BRACE>), sorted.  No match gives an empty list, not an "
    "error.  Directories are returned with a final C</> unless "
    "C<directoryslash> is false.  Symbolic links in the pattern are "
    "followed inside the guest.  Device names cannot be expanded this "
    "way: use C<guestfs_list_devices> and C<guestfs_list_partitions>.\n",
  },
  {
    .name = "du",
    .proc_nr = 206,
    .ret = RET_INT64,
    .args = { { ARG_PATHNAME, "path" } },
    .flags = AF_PROGRESS,
    .shortdesc = "estimate the disk space a file or tree uses",
    .longdesc =
    "Return the disk space used by C<path> and, for a directory, "
    "everything below it, in kilobytes (units of 1024 bytes), as "
    "C<du -s> counts it: blocks allocated, each hard-linked file once.\n",
  },
  {
    .name = "statns",
    .proc_nr = 207,
    .ret = RET_STRUCT,
    .ret_struct = "statns",
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "get file information with nanosecond timestamps",
    .longdesc =
    "Return the L<stat(2)> information of C<path>, following a final "
    "symbolic link (inside the guest).  Times are split into seconds and "
    "nanoseconds; the C<st_spare*> fields are zero.\n",
  },
  {
    .name = "lstatns",
    .proc_nr = 208,
    .ret = RET_STRUCT,
    .ret_struct = "statns",
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "get file information without following a final symlink",
    .longdesc =
    "Like C<guestfs_statns>, but when C<path> is a symbolic link the "
    "information is that of the link itself (L<lstat(2)>).\n",
  },
  {
    .name = "lstatnslist",
    .proc_nr = 209,
    .ret = RET_STRUCTLIST,
    .ret_struct = "statns",
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRINGLIST, "names" } },
    .shortdesc = "get file information of many files in one directory",
    .longdesc =
    "Run C<guestfs_lstatns> on each of C<names>, which are entries of "
    "directory C<path>, in one round trip.  The result has one element "
    "per name, in order; the element of a name that could not be "
    "examined has C<st_ino> set to -1.  Names must be single path "
    "components.  See also C<guestfs_lxattrlist>.\n",
  },
  {
    .name = "getxattrs",
    .proc_nr = 210,
    .ret = RET_STRUCTLIST,
    .ret_struct = "xattr",
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "list the extended attributes of a file",
    .longdesc =
    "Return the name and value of every extended attribute of C<path> "
    "(following a final symbolic link).  Values are arbitrary bytes.  "
    XATTR_NAMES,
  },
  {
    .name = "lgetxattrs",
    .proc_nr = 211,
    .ret = RET_STRUCTLIST,
    .ret_struct = "xattr",
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "list the extended attributes of a file or symlink",
    .longdesc =
    "Like C<guestfs_getxattrs>, but when C<path> is a symbolic link the "
    "attributes are those of the link itself.\n",
  },
  {
    .name = "getxattr",
    .proc_nr = 212,
    .ret = RET_BUFFEROUT,
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRING, "name" } },
    .shortdesc = "get one extended attribute of a file",
    .longdesc =
    "Return the value of the extended attribute C<name> of C<path>, "
    "following a final symbolic link.  It is an error if there is no "
    "such attribute (C<ENODATA>).  Useful on filesystems that cannot "
    "list their attributes, where C<guestfs_getxattrs> returns nothing.  "
    XATTR_NAMES,
  },
  {
    .name = "lgetxattr",
    .proc_nr = 213,
    .ret = RET_BUFFEROUT,
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRING, "name" } },
    .shortdesc = "get one extended attribute of a file or symlink",
    .longdesc =
    "Like C<guestfs_getxattr>, but when C<path> is a symbolic link the "
    "attribute is that of the link itself.\n",
  },
  {
    .name = "setxattr",
    .proc_nr = 214,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "xattr" },
      { ARG_STRING, "val" },
      { ARG_INT, "vallen" },
      { ARG_PATHNAME, "path" },
    },
    .shortdesc = "set an extended attribute of a file",
    .longdesc =
    "Set the extended attribute C<xattr> of C<path> (following a final "
    "symbolic link) to the first C<vallen> bytes of C<val>, creating it "
    "or replacing its value.  C<vallen> may be at most the length of "
    "C<val> plus one (to store the terminating zero byte).  "
    XATTR_NAMES,
  },
  {
    .name = "lsetxattr",
    .proc_nr = 215,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "xattr" },
      { ARG_STRING, "val" },
      { ARG_INT, "vallen" },
      { ARG_PATHNAME, "path" },
    },
    .shortdesc = "set an extended attribute of a file or symlink",
    .longdesc =
    "Like C<guestfs_setxattr>, but when C<path> is a symbolic link the "
    "attribute is set on the link itself.\n",
  },
  {
    .name = "removexattr",
    .proc_nr = 216,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "xattr" }, { ARG_PATHNAME, "path" } },
    .shortdesc = "remove an extended attribute of a file",
    .longdesc =
    "Remove the extended attribute C<xattr> from C<path>, following a "
    "final symbolic link.  It is an error if there is no such attribute "
    "(C<ENODATA>).\n",
  },
  {
    .name = "lremovexattr",
    .proc_nr = 217,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "xattr" }, { ARG_PATHNAME, "path" } },
    .shortdesc = "remove an extended attribute of a file or symlink",
    .longdesc =
    "Like C<guestfs_removexattr>, but when C<path> is a symbolic link "
    "the attribute is removed from the link itself.\n",
  },
  {
    .name = "lxattrlist",
    .proc_nr = 218,
    .ret = RET_STRUCTLIST,
    .ret_struct = "xattr",
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRINGLIST, "names" } },
    .shortdesc = "get the extended attributes of many files in one directory",
    .longdesc =
    "Run C<guestfs_lgetxattrs> on each of C<names>, which are entries of "
    "directory C<path>, in one round trip, and return the results one "
    "after the other in a flat list.  Each file's part starts with an "
    "element whose C<attrname> is empty and whose C<attrval> is the "
    "number of attributes that follow for that file, written in decimal "
    "(C<0> if it has none), or is empty if the attributes of that file "
    "could not be read.  Names must be single path components.  See "
    "also C<guestfs_lstatnslist>.\n",
  },
  {
    .name = "get_e2attrs",
    .proc_nr = 219,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "file" } },
    .shortdesc = "get the ext2 inode flags of a file",
    .longdesc =
    "Return the inode flags of C<file> (see L<chattr(1)>) as a string of "
    "letters, the same letters L<lsattr(1)> shows, in the same order; "
    "the empty string means no flag is set.  Among them: C<A> no atime "
    "updates, C<a> append only, C<c> compressed, C<D> synchronous "
    "directory updates, C<d> no dump, C<e> extents, C<I> hashed "
    "directory, C<i> immutable, C<j> data journalling, C<s> secure "
    "deletion, C<S> synchronous updates, C<T> top of a directory "
    "hierarchy, C<t> no tail merging, C<u> undeletable, C<C> no "
    "copy-on-write, C<x> direct access, C<F> case-insensitive directory, "
    "C<N> inline data, C<P> project hierarchy, C<V> verity, C<E> "
    "encrypted, C<m> no compression.  These are not the extended "
    "attributes of C<guestfs_getxattr>.  " E2ONLY,
  },
  {
    .name = "set_e2attrs",
    .proc_nr = 220,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "file" }, { ARG_STRING, "attrs" } },
    .optargs = { { OPT_BOOL, "clear" } },
    .shortdesc = "set or clear ext2 inode flags of a file",
    .longdesc =
    "Set the inode flags named by the letters of C<attrs> (as in "
    "C<guestfs_get_e2attrs>) on C<file>, or clear them if C<clear> is "
    "true.  Flags not named are left as they are.  An unknown letter is "
    "an error (C<EINVAL>); the kernel refuses to change some flags, such "
    "as C<e> once set.  " E2ONLY,
  },
  {
    .name = "get_e2generation",
    .proc_nr = 221,
    .ret = RET_INT64,
    .args = { { ARG_PATHNAME, "file" } },
    .shortdesc = "get the ext2 generation number of a file",
    .longdesc =
    "Return the generation number of the inode of C<file>, a number "
    "that changes when an inode is reused (NFS servers put it in their "
    "file handles).  " E2ONLY,
  },
  {
    .name = "set_e2generation",
    .proc_nr = 222,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "file" }, { ARG_INT64, "generation" } },
    .shortdesc = "set the ext2 generation number of a file",
    .longdesc =
    "Set the generation number of the inode of C<file> (see "
    "C<guestfs_get_e2generation>) to C<generation>, which must fit in 32 "
    "bits unsigned (C<EINVAL> otherwise).  " E2ONLY,
  },
  {
    .name = "stat",
    .proc_nr = 223,
    .ret = RET_STRUCT,
    .ret_struct = "stat",
    .args = { { ARG_PATHNAME, "path" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "statns",
    .shortdesc = "get file information",
    .longdesc =
    "Return the metadata of C<path>, following a final symbolic link, "
    "as L<stat(2)> does, with times in whole seconds.  "
    "C<guestfs_statns> also gives the nanoseconds.\n",
  },
  {
    .name = "lstat",
    .proc_nr = 224,
    .ret = RET_STRUCT,
    .ret_struct = "stat",
    .args = { { ARG_PATHNAME, "path" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "lstatns",
    .shortdesc = "get file information for a symbolic link",
    .longdesc =
    "Like C<guestfs_stat>, but a symbolic link is described itself, as "
    "by L<lstat(2)>.\n",
  },
  {
    .name = "lstatlist",
    .proc_nr = 225,
    .ret = RET_STRUCTLIST,
    .ret_struct = "stat",
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRINGLIST, "names" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "lstatnslist",
    .shortdesc = "lstat many files of one directory",
    .longdesc =
    "Like C<guestfs_lstatnslist> (one result per entry of C<names>, "
    "names of entries of the directory C<path>, an entry that cannot "
    "be looked at having C<ino> set to -1), with the structure of "
    "C<guestfs_lstat>.\n",
  },
  {
    .name = "internal_lstatnslist",
    .proc_nr = 226,
    .ret = RET_STRUCTLIST,
    .ret_struct = "statns",
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRINGLIST, "names" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "lstat many files of one directory",
    .longdesc =
    "The same as C<guestfs_lstatnslist>, which programs should call.\n",
  },
  {
    .name = "internal_lxattrlist",
    .proc_nr = 227,
    .ret = RET_STRUCTLIST,
    .ret_struct = "xattr",
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRINGLIST, "names" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "get the extended attributes of many files",
    .longdesc =
    "The same as C<guestfs_lxattrlist>, which programs should call.\n",
  },
  {
    .name = "internal_readlinklist",
    .proc_nr = 228,
    .ret = RET_STRINGLIST,
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRINGLIST, "names" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "read the targets of many symbolic links",
    .longdesc =
    "The same as C<guestfs_readlinklist>, which programs should call.\n",
  },
  { .name = NULL }
};
