/* careen - offline disk-image toolkit
 * API table: daemon calls of the "files" area (procedures 100-199):
 * copying, linking, permissions, sizes, partial reads and writes,
 * searching and checksums of guest files.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentences. */
#define REGULAR_ONLY \
  "The file must be a regular file (symbolic links are followed inside " \
  "the guest): a FIFO or device node of the guest is refused with "     \
  "C<EINVAL> before being opened, since it would block or stand for "   \
  "one of the appliance's own devices.\n"

#define TEMPLATE_NOTE \
  "C<tmpl> is the full guest path of the new name, and its final " \
  "component must end with the six characters C<XXXXXX>, which are " \
  "replaced with random letters and digits.  The name made is " \
  "returned.\n"

#define GREP_DEPRECATED(NAME, NR, HOW)                                  \
  {                                                                     \
    .name = NAME,                                                       \
    .proc_nr = NR,                                                      \
    .ret = RET_STRINGLIST,                                              \
    .args = { { ARG_STRING, "regex" }, { ARG_PATHNAME, "path" } },      \
    .flags = AF_DEPRECATED,                                             \
    .deprecated_by = "grep",                                            \
    .shortdesc = "return the lines matching a pattern, like " HOW,      \
    .longdesc =                                                         \
    "Return the lines of C<path> that match C<regex>, as C<" HOW       \
    "> would.  C<guestfs_grep> does the same with optional "           \
    "arguments.\n" REGULAR_ONLY,                                        \
  }

#define IS_TYPE(NAME, NR, WHAT)                                         \
  {                                                                     \
    .name = NAME,                                                       \
    .proc_nr = NR,                                                      \
    .ret = RET_BOOL,                                                    \
    .args = { { ARG_PATHNAME, "path" } },                               \
    .optargs = { { OPT_BOOL, "followsymlinks" } },                      \
    .flags = AF_ONCE_HAD_NO_OPTARGS,                                    \
    .shortdesc = "test whether a path is a " WHAT,                      \
    .longdesc =                                                         \
    "True when C<path> is a " WHAT ".  A symbolic link is tested "      \
    "itself unless C<followsymlinks> is true, in which case its "       \
    "target is tested.  A path that does not exist is false.\n",        \
  }

#define COPY_OPTARGS                                                    \
  {                                                                     \
    { OPT_INT64, "srcoffset" },                                         \
    { OPT_INT64, "destoffset" },                                        \
    { OPT_INT64, "size" },                                              \
    { OPT_BOOL, "sparse" },                                             \
    { OPT_BOOL, "append" },                                             \
  }

#define COPY_LONGDESC                                                   \
  "Copy bytes from C<src> to C<dest>.  C<srcoffset> and C<destoffset> " \
  "(default 0) say where reading and writing start, and C<size> how "   \
  "many bytes to copy; without it the copy goes on to the end of "      \
  "C<src>.  A destination file is created when needed and truncated "   \
  "first (unless it is C<src> itself) unless C<append> is true, in "    \
  "which case the data is added at its end (C<append> is refused for "  \
  "devices).  With C<sparse>, blocks " \
  "of zeroes are skipped rather than written, which is right only when " \
  "the destination already reads as zeroes there.  C<src> and C<dest> " \
  "may be the same object, but overlapping ranges are not handled "     \
  "specially.  Guest files must be regular files: FIFOs and device "    \
  "nodes of the guest are refused with C<EINVAL>.\n"

#define CHECKSUM_TYPES                                                  \
  "C<csumtype> is one of C<crc> (the POSIX C<cksum> CRC), C<md5>, "     \
  "C<sha1>, C<sha224>, C<sha256>, C<sha384> or C<sha512>.\n"

const struct api_action daemon_actions_files[] = {
  {
    .name = "rm_f",
    .proc_nr = 100,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "remove a file, ignoring a missing one",
    .longdesc =
    "Remove the file C<path> like C<guestfs_rm>, except that it is not "
    "an error if it does not exist.  Directories are not removed.\n",
  },
  {
    .name = "mkdir_mode",
    .proc_nr = 101,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_INT, "mode" } },
    .shortdesc = "create a directory with given permissions",
    .longdesc =
    "Create the directory C<path> with permission bits C<mode>, which "
    "the umask (C<guestfs_umask>) reduces as usual.  Its parent must "
    "exist.\n",
  },
  {
    .name = "mkdtemp",
    .proc_nr = 102,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "tmpl" } },
    .shortdesc = "create a temporary directory",
    .longdesc =
    "Create a new directory with a unique name, mode 0700, owned by "
    "root.  " TEMPLATE_NOTE
    "Removing it when done is up to the caller.\n",
  },
  {
    .name = "mktemp",
    .proc_nr = 103,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "tmpl" } },
    .optargs = { { OPT_STRING, "suffix" } },
    .shortdesc = "create a temporary file",
    .longdesc =
    "Create a new empty file with a unique name, mode 0600, owned by "
    "root.  " TEMPLATE_NOTE
    "When C<suffix> is given (for example C<.txt>) it is added after "
    "the random characters.  Removing the file is up to the caller.\n",
  },
  {
    .name = "cp",
    .proc_nr = 104,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "src" }, { ARG_PATHNAME, "dest" } },
    .shortdesc = "copy a file",
    .longdesc =
    "Copy the file C<src> to C<dest>, like L<cp(1)>.  If C<dest> is a "
    "directory the copy goes inside it under the name of C<src>.  "
    "Directories are refused: see C<guestfs_cp_r> and "
    "C<guestfs_cp_a>.\n"
    REGULAR_ONLY,
  },
  {
    .name = "cp_a",
    .proc_nr = 105,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "src" }, { ARG_PATHNAME, "dest" } },
    .shortdesc = "copy a file or directory tree, keeping attributes",
    .longdesc =
    "Copy C<src> to C<dest> recursively, like C<cp -a>: symbolic links "
    "are copied as links, and modes, owners, timestamps and extended "
    "attributes are kept.  Hard links inside the tree become separate "
    "copies.\n",
  },
  {
    .name = "cp_r",
    .proc_nr = 106,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "src" }, { ARG_PATHNAME, "dest" } },
    .shortdesc = "copy a file or directory tree",
    .longdesc =
    "Copy C<src> to C<dest> recursively, like C<cp -rP>: symbolic links "
    "are copied as links; the copies belong to root, have the current "
    "time and the source's permissions reduced by the umask.\n",
  },
  {
    .name = "mv",
    .proc_nr = 107,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "src" }, { ARG_PATHNAME, "dest" } },
    .shortdesc = "move or rename a file or directory",
    .longdesc =
    "Move C<src> to C<dest>, like L<mv(1)>.  If C<dest> is a directory, "
    "C<src> moves inside it.  Between two filesystems the tree is "
    "copied (as with C<guestfs_cp_a>) and the source removed.\n",
  },
  {
    .name = "ln",
    .proc_nr = 108,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "target" }, { ARG_PATHNAME, "linkname" } },
    .shortdesc = "create a hard link",
    .longdesc =
    "Make C<linkname> a new hard link to the existing file C<target>.  "
    "C<linkname> must not exist.\n",
  },
  {
    .name = "ln_f",
    .proc_nr = 109,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "target" }, { ARG_PATHNAME, "linkname" } },
    .shortdesc = "create a hard link, replacing an existing name",
    .longdesc =
    "Like C<guestfs_ln>, but a file already called C<linkname> is "
    "removed first (a directory is not: the call then fails).\n",
  },
  {
    .name = "ln_s",
    .proc_nr = 110,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "target" }, { ARG_PATHNAME, "linkname" } },
    .shortdesc = "create a symbolic link",
    .longdesc =
    "Make C<linkname> a symbolic link whose contents are C<target>.  "
    "The target is stored as given and need not exist.  If C<linkname> "
    "is a directory, the link is made inside it under the last "
    "component of C<target>, as L<ln(1)> does.\n",
  },
  {
    .name = "ln_sf",
    .proc_nr = 111,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "target" }, { ARG_PATHNAME, "linkname" } },
    .shortdesc = "create a symbolic link, replacing an existing name",
    .longdesc =
    "Like C<guestfs_ln_s>, but a file already called C<linkname> is "
    "removed first.\n",
  },
  {
    .name = "readlink",
    .proc_nr = 112,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "read the target of a symbolic link",
    .longdesc =
    "Return the contents of the symbolic link C<path>, unresolved.\n",
  },
  {
    .name = "readlinklist",
    .proc_nr = 113,
    .ret = RET_STRINGLIST,
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRINGLIST, "names" } },
    .shortdesc = "read the targets of many symbolic links",
    .longdesc =
    "For each entry of C<names>, a file name in the directory C<path>, "
    "return the contents of that symbolic link, in the same order.  An "
    "entry that cannot be read as a link (not a link, missing, or a "
    "name with a C</> in it) gives the empty string, so a whole "
    "directory listing can be passed in one round trip.\n",
  },
  {
    .name = "realpath",
    .proc_nr = 114,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "canonical name of a path",
    .longdesc =
    "Return the absolute guest path of C<path> with every symbolic "
    "link, C<.> and C<..> resolved.  The path must exist.\n",
  },
  {
    .name = "chmod",
    .proc_nr = 115,
    .ret = RET_ERR,
    .args = { { ARG_INT, "mode" }, { ARG_PATHNAME, "path" } },
    .shortdesc = "change the permissions of a file",
    .longdesc =
    "Set the permission bits of C<path> (following a symbolic link) to "
    "C<mode>.  The umask plays no part.  In guestfish give the mode in "
    "octal with a leading C<0>.\n",
  },
  {
    .name = "chown",
    .proc_nr = 116,
    .ret = RET_ERR,
    .args = {
      { ARG_INT, "owner" }, { ARG_INT, "group" }, { ARG_PATHNAME, "path" },
    },
    .shortdesc = "change the owner of a file",
    .longdesc =
    "Set the numeric owner and group of C<path>, following a symbolic "
    "link.  C<-1> leaves that id unchanged.  Ids are numbers: names "
    "would need the guest's password database.\n",
  },
  {
    .name = "lchown",
    .proc_nr = 117,
    .ret = RET_ERR,
    .args = {
      { ARG_INT, "owner" }, { ARG_INT, "group" }, { ARG_PATHNAME, "path" },
    },
    .shortdesc = "change the owner of a file or symbolic link",
    .longdesc =
    "Like C<guestfs_chown>, but a symbolic link itself is changed, not "
    "its target.\n",
  },
  {
    .name = "truncate",
    .proc_nr = 118,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "truncate a file to zero length",
    .longdesc = "Make the existing file C<path> empty.\n"
    REGULAR_ONLY,
  },
  {
    .name = "truncate_size",
    .proc_nr = 119,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_INT64, "size" } },
    .shortdesc = "set the size of a file",
    .longdesc =
    "Cut the existing file C<path> to C<size> bytes, or extend it with "
    "a hole that reads as zeroes.  See C<guestfs_fallocate64> to "
    "allocate the blocks.\n"
    REGULAR_ONLY,
  },
  {
    .name = "fallocate64",
    .proc_nr = 120,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_INT64, "len" } },
    .shortdesc = "create a file of zeroes with its blocks allocated",
    .longdesc =
    "Create C<path> (replacing an existing file's contents) as C<len> "
    "zero bytes, with the disk blocks allocated.  For a sparse file use "
    "C<guestfs_truncate_size>.\n"
    REGULAR_ONLY,
  },
  {
    .name = "head",
    .proc_nr = 121,
    .ret = RET_STRINGLIST,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "return the first 10 lines of a file",
    .longdesc =
    "Return the first 10 lines of C<path>, without their newlines.\n"
    REGULAR_ONLY,
  },
  {
    .name = "head_n",
    .proc_nr = 122,
    .ret = RET_STRINGLIST,
    .args = { { ARG_INT, "nrlines" }, { ARG_PATHNAME, "path" } },
    .shortdesc = "return the first lines of a file",
    .longdesc =
    "With a positive C<nrlines>, return that many lines from the start "
    "of C<path>; with a negative one, every line except the last "
    "C<-nrlines>; with zero, no lines.\n"
    REGULAR_ONLY,
  },
  {
    .name = "tail",
    .proc_nr = 123,
    .ret = RET_STRINGLIST,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "return the last 10 lines of a file",
    .longdesc =
    "Return the last 10 lines of C<path>, without their newlines.\n"
    REGULAR_ONLY,
  },
  {
    .name = "tail_n",
    .proc_nr = 124,
    .ret = RET_STRINGLIST,
    .args = { { ARG_INT, "nrlines" }, { ARG_PATHNAME, "path" } },
    .shortdesc = "return the last lines of a file",
    .longdesc =
    "With a positive C<nrlines>, return that many lines from the end of "
    "C<path>; with a negative one, the lines from line number "
    "C<-nrlines> (counting from 1) to the end; with zero, no lines.\n"
    REGULAR_ONLY,
  },
  {
    .name = "grep",
    .proc_nr = 125,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "regex" }, { ARG_PATHNAME, "path" } },
    .optargs = {
      { OPT_BOOL, "extended" },
      { OPT_BOOL, "fixed" },
      { OPT_BOOL, "insensitive" },
      { OPT_BOOL, "compressed" },
    },
    .flags = AF_ONCE_HAD_NO_OPTARGS,
    .shortdesc = "return the lines of a file matching a pattern",
    .longdesc =
    "Run L<grep(1)> on C<path> and return the lines that match "
    "C<regex>, a basic regular expression unless C<extended> (like "
    "C<grep -E>) or C<fixed> (a plain string, like C<grep -F>) is set; "
    "the two cannot be combined.  C<insensitive> ignores case.  With "
    "C<compressed>, a file compressed with gzip (or compress) is "
    "searched uncompressed, as by L<zgrep(1)>.  No match gives an empty "
    "list.\n"
    REGULAR_ONLY,
  },
  GREP_DEPRECATED ("egrep", 126, "grep -E"),
  GREP_DEPRECATED ("fgrep", 127, "grep -F"),
  GREP_DEPRECATED ("grepi", 128, "grep -i"),
  GREP_DEPRECATED ("egrepi", 129, "grep -E -i"),
  GREP_DEPRECATED ("fgrepi", 130, "grep -F -i"),
  GREP_DEPRECATED ("zgrep", 131, "zgrep"),
  GREP_DEPRECATED ("zegrep", 132, "zgrep -E"),
  GREP_DEPRECATED ("zfgrep", 133, "zgrep -F"),
  GREP_DEPRECATED ("zgrepi", 134, "zgrep -i"),
  GREP_DEPRECATED ("zegrepi", 135, "zgrep -E -i"),
  GREP_DEPRECATED ("zfgrepi", 136, "zgrep -F -i"),
  {
    .name = "filesize",
    .proc_nr = 137,
    .ret = RET_INT64,
    .args = { { ARG_PATHNAME, "file" } },
    .shortdesc = "return the size of a file in bytes",
    .longdesc =
    "Return the size of C<file> in bytes, following a symbolic link.\n",
  },
  {
    .name = "is_symlink",
    .proc_nr = 138,
    .ret = RET_BOOL,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "test whether a path is a symbolic link",
    .longdesc =
    "True when C<path> is a symbolic link, whatever it points to.\n",
  },
  IS_TYPE ("is_blockdev", 139, "block device"),
  IS_TYPE ("is_chardev", 140, "character device"),
  IS_TYPE ("is_fifo", 141, "FIFO (named pipe)"),
  IS_TYPE ("is_socket", 142, "Unix domain socket"),
  {
    .name = "is_zero",
    .proc_nr = 143,
    .ret = RET_BOOL,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "test whether a file contains only zero bytes",
    .longdesc =
    "True when the file C<path> is empty or holds nothing but zero "
    "bytes.\n"
    REGULAR_ONLY,
  },
  {
    .name = "is_zero_device",
    .proc_nr = 144,
    .ret = RET_BOOL,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "test whether a device contains only zero bytes",
    .longdesc =
    "True when every byte of C<device> is zero.  The whole device is "
    "read, which takes time on large devices.\n",
  },
  {
    .name = "wc_l",
    .proc_nr = 145,
    .ret = RET_INT,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "count the lines of a file",
    .longdesc =
    "Return the number of newline characters in C<path>, as "
    "C<wc -l> counts.\n"
    REGULAR_ONLY,
  },
  {
    .name = "wc_w",
    .proc_nr = 146,
    .ret = RET_INT,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "count the words of a file",
    .longdesc =
    "Return the number of words (runs of characters other than white "
    "space) in C<path>, as C<wc -w> counts.\n"
    REGULAR_ONLY,
  },
  {
    .name = "wc_c",
    .proc_nr = 147,
    .ret = RET_INT,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "count the bytes of a file",
    .longdesc = "Return the number of bytes in C<path>.\n"
    REGULAR_ONLY,
  },
  {
    .name = "hexdump",
    .proc_nr = 148,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "show a file as a canonical hex dump",
    .longdesc =
    "Return the contents of C<path> in the format of C<hexdump -C>: "
    "offset, sixteen bytes in hexadecimal and the same bytes as "
    "printable characters per line, with runs of identical lines shown "
    "as C<*>.  The result must fit in one reply, so only small files "
    "can be dumped.\n"
    REGULAR_ONLY,
  },
  {
    .name = "strings",
    .proc_nr = 149,
    .ret = RET_STRINGLIST,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "return the printable strings of a file",
    .longdesc =
    "Return the runs of at least four printable 7-bit characters found "
    "anywhere in C<path>, like C<strings -a>.\n"
    REGULAR_ONLY,
  },
  {
    .name = "strings_e",
    .proc_nr = 150,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "encoding" }, { ARG_PATHNAME, "path" } },
    .shortdesc = "return the printable strings of a file in an encoding",
    .longdesc =
    "Like C<guestfs_strings>, with the character encoding chosen as "
    "for C<strings -e>: C<s> 7-bit bytes, C<S> 8-bit bytes, C<b> and "
    "C<l> 16-bit big and little endian (C<l> finds the strings of "
    "Windows binaries), C<B> and C<L> 32-bit big and little endian.  "
    "The strings are returned in UTF-8.\n"
    REGULAR_ONLY,
  },
  {
    .name = "pread",
    .proc_nr = 151,
    .ret = RET_BUFFEROUT,
    .args = {
      { ARG_PATHNAME, "path" }, { ARG_INT, "count" }, { ARG_INT64, "offset" },
    },
    .shortdesc = "read part of a file",
    .longdesc =
    "Read up to C<count> bytes of C<path> from byte C<offset>.  Fewer "
    "bytes come back at the end of the file.  C<count> is limited by "
    "the size of one reply.\n"
    REGULAR_ONLY,
  },
  {
    .name = "pwrite",
    .proc_nr = 152,
    .ret = RET_INT,
    .args = {
      { ARG_PATHNAME, "path" }, { ARG_BUFFERIN, "content" },
      { ARG_INT64, "offset" },
    },
    .shortdesc = "write to part of a file",
    .longdesc =
    "Write C<content> into the existing file C<path> at byte C<offset>, "
    "without truncating it, and return the number of bytes written.\n"
    REGULAR_ONLY,
  },
  {
    .name = "pread_device",
    .proc_nr = 153,
    .ret = RET_BUFFEROUT,
    .args = {
      { ARG_DEVICE, "device" }, { ARG_INT, "count" }, { ARG_INT64, "offset" },
    },
    .shortdesc = "read part of a device",
    .longdesc =
    "Like C<guestfs_pread>, on the block device C<device>.\n",
  },
  {
    .name = "pwrite_device",
    .proc_nr = 154,
    .ret = RET_INT,
    .args = {
      { ARG_DEVICE, "device" }, { ARG_BUFFERIN, "content" },
      { ARG_INT64, "offset" },
    },
    .shortdesc = "write to part of a device",
    .longdesc =
    "Like C<guestfs_pwrite>, on the block device C<device>.\n",
  },
  {
    .name = "utimens",
    .proc_nr = 155,
    .ret = RET_ERR,
    .args = {
      { ARG_PATHNAME, "path" },
      { ARG_INT64, "atsecs" }, { ARG_INT64, "atnsecs" },
      { ARG_INT64, "mtsecs" }, { ARG_INT64, "mtnsecs" },
    },
    .shortdesc = "set the timestamps of a file",
    .longdesc =
    "Set the access time (C<atsecs>, C<atnsecs>) and modification time "
    "(C<mtsecs>, C<mtnsecs>) of C<path> in seconds and nanoseconds since "
    "the epoch.  A nanoseconds value of C<-1> means the current time "
    "and C<-2> leaves that time unchanged (the seconds are then "
    "ignored).  A symbolic link itself is changed, not its target.\n",
  },
  {
    .name = "umask",
    .proc_nr = 156,
    .ret = RET_INT,
    .args = { { ARG_INT, "mask" } },
    .flags = AF_FISH_OCTAL,
    .shortdesc = "set the file creation mask",
    .longdesc =
    "Set the mask that removes permission bits from the files, "
    "directories and nodes the daemon creates, and return the previous "
    "one.  C<mask> must be between 0 and 0777.  The default is 022, so "
    "a directory made with mode 0777 gets 0755.\n",
  },
  {
    .name = "get_umask",
    .proc_nr = 157,
    .ret = RET_INT,
    .flags = AF_FISH_OCTAL,
    .shortdesc = "get the file creation mask",
    .longdesc =
    "Return the mask set by C<guestfs_umask> (022 by default).\n",
  },
  {
    .name = "copy_device_to_device",
    .proc_nr = 158,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "src" }, { ARG_DEVICE, "dest" } },
    .optargs = COPY_OPTARGS,
    .flags = AF_PROGRESS,
    .shortdesc = "copy bytes from a device to a device",
    .longdesc = COPY_LONGDESC,
  },
  {
    .name = "copy_device_to_file",
    .proc_nr = 159,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "src" }, { ARG_PATHNAME, "dest" } },
    .optargs = COPY_OPTARGS,
    .flags = AF_PROGRESS,
    .shortdesc = "copy bytes from a device to a file",
    .longdesc = COPY_LONGDESC,
  },
  {
    .name = "copy_file_to_device",
    .proc_nr = 160,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "src" }, { ARG_DEVICE, "dest" } },
    .optargs = COPY_OPTARGS,
    .flags = AF_PROGRESS,
    .shortdesc = "copy bytes from a file to a device",
    .longdesc = COPY_LONGDESC,
  },
  {
    .name = "copy_file_to_file",
    .proc_nr = 161,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "src" }, { ARG_PATHNAME, "dest" } },
    .optargs = COPY_OPTARGS,
    .flags = AF_PROGRESS,
    .shortdesc = "copy bytes from a file to a file",
    .longdesc = COPY_LONGDESC,
  },
  {
    .name = "checksum",
    .proc_nr = 162,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "csumtype" }, { ARG_PATHNAME, "path" } },
    .shortdesc = "compute the checksum of a file",
    .longdesc =
    "Return the checksum of the file C<path> as printable text (hex "
    "digits, or the decimal CRC).  " CHECKSUM_TYPES
    "See C<guestfs_checksum_device> and C<guestfs_checksums_out>.\n"
    REGULAR_ONLY,
  },
  {
    .name = "checksum_device",
    .proc_nr = 163,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "csumtype" }, { ARG_DEVICE, "device" } },
    .shortdesc = "compute the checksum of a device",
    .longdesc =
    "Like C<guestfs_checksum>, on the whole of C<device>.\n",
  },
  {
    .name = "checksums_out",
    .proc_nr = 164,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "csumtype" }, { ARG_PATHNAME, "directory" },
      { ARG_FILEOUT, "sumsfile" },
    },
    .shortdesc = "compute the checksums of every file in a directory",
    .longdesc =
    "Write to the local file C<sumsfile> one line per regular file under "
    "C<directory> (recursively, not following symbolic links) in the "
    "format of the GNU coreutils checksum tools: the checksum, two "
    "spaces and the name relative to C<directory> starting with C<./>.  "
    "A name holding a backslash or a newline is escaped as those tools "
    "do, with the line starting with a backslash.  " CHECKSUM_TYPES,
  },
  {
    .name = "file",
    .proc_nr = 165,
    .ret = RET_STRING,
    .args = { { ARG_DEV_OR_PATH, "path" } },
    .shortdesc = "determine the type of a file",
    .longdesc =
    "Describe the contents of C<path> as L<file(1)> does (without the "
    "file name), looking inside compressed files.  A device is examined "
    "for its contents; for a guest path that is not a regular file the "
    "kind of object is returned: C<directory>, C<symbolic link>, "
    "C<block device>, C<character device>, C<FIFO> or C<socket>.  The "
    "wording comes from L<file(1)> and may change between versions.\n",
  },
  {
    .name = "file_architecture",
    .proc_nr = 166,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "filename" } },
    .shortdesc = "detect the architecture of a binary",
    .longdesc =
    "Return the processor architecture of the executable, library or "
    "kernel module C<filename>, read from its ELF, PE (Windows) or "
    "Mach-O header: C<aarch64>, C<arm>, C<i386> (every 32-bit x86), "
    "C<ia64>, C<loongarch64>, C<mips>, C<mips64>, C<ppc>, C<ppc64>, "
    "C<ppc64le>, C<riscv32>, C<riscv64>, C<s390>, C<s390x>, C<sparc>, "
    "C<sparc64> or C<x86_64>.  Other names may be added.  Files "
    "compressed with gzip, xz, zstd or bzip2 (such as kernel modules) "
    "are looked into, and so are Linux initrd images (cpio archives, "
    "compressed or not, with an early microcode archive or not): the "
    "first ELF binary inside gives the answer.  Static libraries and "
    "x86 kernel images (bzImage) are not understood.\n"
    REGULAR_ONLY,
  },
  {
    .name = "fill",
    .proc_nr = 167,
    .ret = RET_ERR,
    .args = { { ARG_INT, "c" }, { ARG_INT, "len" }, { ARG_PATHNAME, "path" } },
    .flags = AF_PROGRESS,
    .shortdesc = "fill a file with one byte value",
    .longdesc =
    "Create C<path>, or replace its contents, with C<len> bytes of "
    "value C<c> (0 to 255).  To make a file of zeroes quickly, use "
    "C<guestfs_truncate_size> or C<guestfs_fallocate64>.\n"
    REGULAR_ONLY,
  },
  {
    .name = "fill_pattern",
    .proc_nr = 168,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "pattern" }, { ARG_INT, "len" }, { ARG_PATHNAME, "path" },
    },
    .flags = AF_PROGRESS,
    .shortdesc = "fill a file with a repeated pattern",
    .longdesc =
    "Like C<guestfs_fill>, with the bytes of C<pattern> repeated, the "
    "last repetition cut so that the file is exactly C<len> bytes.\n"
    REGULAR_ONLY,
  },
  {
    .name = "fill_dir",
    .proc_nr = 169,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "dir" }, { ARG_INT, "nr" } },
    .shortdesc = "fill a directory with empty files",
    .longdesc =
    "Create C<nr> empty files in the directory C<dir>, named with eight "
    "digits from C<00000000> up to C<nr-1>.  Useful to test "
    "filesystems.\n",
  },
  {
    .name = "rename",
    .proc_nr = 170,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "oldpath" }, { ARG_PATHNAME, "newpath" } },
    .shortdesc = "rename a file on the same filesystem",
    .longdesc =
    "Give C<oldpath> the name C<newpath> with one L<rename(2)>: both "
    "must be on the same filesystem (C<EXDEV> otherwise), an existing "
    "C<newpath> is replaced as L<rename(2)> allows, and a symbolic link "
    "at either end is renamed itself, not followed.  C<guestfs_mv> also "
    "moves between filesystems and into directories.\n",
  },
  {
    .name = "mknod",
    .proc_nr = 171,
    .ret = RET_ERR,
    .args = {
      { ARG_INT, "mode" }, { ARG_INT, "devmajor" }, { ARG_INT, "devminor" },
      { ARG_PATHNAME, "path" },
    },
    .shortdesc = "make a block or character device node or a FIFO",
    .longdesc =
    "Create C<path> as a special file with L<mknod(2)>.  C<mode> holds "
    "the permission bits and the file type, one of C<S_IFBLK> "
    "(0060000), C<S_IFCHR> (0020000), C<S_IFIFO> (0010000) or "
    "C<S_IFSOCK> (0140000); with no type bits an empty regular file is "
    "made.  C<devmajor> and C<devminor> give the device number of block "
    "and character nodes and are ignored otherwise.  The permission "
    "bits are reduced by the umask (C<guestfs_umask>).  "
    "C<guestfs_mknod_b>, C<guestfs_mknod_c> and C<guestfs_mkfifo> add "
    "the type themselves.\n",
  },
  {
    .name = "mknod_b",
    .proc_nr = 172,
    .ret = RET_ERR,
    .args = {
      { ARG_INT, "mode" }, { ARG_INT, "devmajor" }, { ARG_INT, "devminor" },
      { ARG_PATHNAME, "path" },
    },
    .shortdesc = "make a block device node",
    .longdesc =
    "Create the block device node C<path> for device C<devmajor>:"
    "C<devminor>, as C<guestfs_mknod> does with C<S_IFBLK> added.  "
    "C<mode> may hold only permission bits (at most 07777): anything "
    "else is refused with C<EINVAL>.\n",
  },
  {
    .name = "mknod_c",
    .proc_nr = 173,
    .ret = RET_ERR,
    .args = {
      { ARG_INT, "mode" }, { ARG_INT, "devmajor" }, { ARG_INT, "devminor" },
      { ARG_PATHNAME, "path" },
    },
    .shortdesc = "make a character device node",
    .longdesc =
    "Create the character device node C<path> for device C<devmajor>:"
    "C<devminor>, as C<guestfs_mknod> does with C<S_IFCHR> added.  "
    "C<mode> may hold only permission bits (at most 07777): anything "
    "else is refused with C<EINVAL>.\n",
  },
  {
    .name = "mkfifo",
    .proc_nr = 174,
    .ret = RET_ERR,
    .args = { { ARG_INT, "mode" }, { ARG_PATHNAME, "path" } },
    .shortdesc = "make a FIFO (named pipe)",
    .longdesc =
    "Create the FIFO C<path>, as C<guestfs_mknod> does with C<S_IFIFO> "
    "added.  C<mode> may hold only permission bits (at most 07777): "
    "anything else is refused with C<EINVAL>.\n",
  },
  {
    .name = "case_sensitive_path",
    .proc_nr = 175,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "find the real case of a path",
    .longdesc =
    "Look up C<path> one component at a time, ignoring the case of "
    "ASCII letters, and return it spelled as the directory entries "
    "really are.  This is for names read from Windows (the registry, "
    "configuration files) that must be found on an NTFS or FAT "
    "filesystem mounted case-sensitively: C</windows/system32> may be "
    "stored as C</Windows/System32>.  An exact match is preferred; among "
    "several entries differing only in case, the first one the "
    "directory lists is taken.\n"
    "\n"
    "Only the last component may be missing: it is then appended as "
    "given, so that a file about to be created gets its directory's real "
    "name (the call does not tell whether C<path> exists).  A missing "
    "directory before it fails with C<ENOENT>.  C<.> and C<..> are "
    "refused with C<EINVAL>, and symbolic links on the way are followed "
    "inside the guest.  Drive letters and backslashes are not "
    "understood.\n",
  },
  {
    .name = "equal",
    .proc_nr = 176,
    .ret = RET_BOOL,
    .args = { { ARG_PATHNAME, "file1" }, { ARG_PATHNAME, "file2" } },
    .shortdesc = "test whether two files have the same contents",
    .longdesc =
    "True when C<file1> and C<file2> hold exactly the same bytes, "
    "false otherwise.  Each must be a regular file (symbolic links are "
    "followed inside the guest); a FIFO or device node is refused with "
    "C<EINVAL>.\n",
  },
  {
    .name = "copy_attributes",
    .proc_nr = 177,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "src" }, { ARG_PATHNAME, "dest" } },
    .optargs = {
      { OPT_BOOL, "all" },
      { OPT_BOOL, "mode" },
      { OPT_BOOL, "xattributes" },
      { OPT_BOOL, "ownership" },
    },
    .flags = AF_DAEMON_OPTARGS_STRUCT,
    .shortdesc = "copy the attributes of a path to another",
    .longdesc =
    "Give C<dest> some attributes of C<src> (files or directories; "
    "symbolic links are followed inside the guest).  Nothing is copied "
    "unless asked for:\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<mode>\n"
    "\n"
    "the permission bits and the setuid, setgid and sticky bits (not "
    "the file type);\n"
    "\n"
    "=item C<xattributes>\n"
    "\n"
    "every extended attribute, in every namespace the filesystem lets "
    "the appliance read and write (this includes ACLs and SELinux "
    "labels); attributes C<dest> has and C<src> lacks are left alone;\n"
    "\n"
    "=item C<ownership>\n"
    "\n"
    "the numeric owner and group;\n"
    "\n"
    "=item C<all>\n"
    "\n"
    "all three, except those given explicitly as false.\n"
    "\n"
    "=back\n"
    "\n"
    "Ownership is set first and the mode last, so that a setuid bit "
    "cleared by L<chown(2)> is put back.\n",
  },
  {
    .name = "zfile",
    .proc_nr = 178,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "meth" }, { ARG_PATHNAME, "path" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "file",
    .shortdesc = "determine the type of a compressed file",
    .longdesc =
    "Decompress C<path> with C<meth> (C<gzip>, C<compress> or "
    "C<bzip2>) and describe what comes out, as L<file(1)> would.  "
    "Data that is not in that format is an error.  C<guestfs_file> "
    "looks into compressed files by itself.\n"
    REGULAR_ONLY,
  },
  {
    .name = "fallocate",
    .proc_nr = 179,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_INT, "len" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "fallocate64",
    .shortdesc = "create a file of zeroes with its blocks allocated",
    .longdesc =
    "Like C<guestfs_fallocate64>, with a length that must fit in an "
    "C<int>.\n",
  },
  {
    .name = "dd",
    .proc_nr = 180,
    .ret = RET_ERR,
    .args = { { ARG_DEV_OR_PATH, "src" }, { ARG_DEV_OR_PATH, "dest" } },
    .flags = AF_DEPRECATED,
    .deprecated_by = "copy_device_to_device",
    .shortdesc = "copy a whole device or file to another",
    .longdesc =
    "Copy everything in C<src> to C<dest>; each is a device (a name "
    "under F</dev/>) or a guest file.  A destination file is created or "
    "truncated first.  A destination device smaller than the source "
    "makes the call fail (C<ENOSPC>) after writing what fits.  For "
    "partial copies use C<guestfs_copy_device_to_device> and its "
    "sisters.\n",
  },
  {
    .name = "copy_size",
    .proc_nr = 181,
    .ret = RET_ERR,
    .args = {
      { ARG_DEV_OR_PATH, "src" }, { ARG_DEV_OR_PATH, "dest" },
      { ARG_INT64, "size" },
    },
    .flags = AF_DEPRECATED | AF_PROGRESS,
    .deprecated_by = "copy_device_to_device",
    .shortdesc = "copy the first bytes of a device or file to another",
    .longdesc =
    "Copy exactly C<size> bytes from the start of C<src> to the start "
    "of C<dest> (devices, or guest files which must already exist and "
    "are not truncated).  A source shorter than C<size> or a "
    "destination device too small makes the call fail.\n",
  },
  {
    .name = "write_file",
    .proc_nr = 182,
    .ret = RET_ERR,
    .args = {
      { ARG_PATHNAME, "path" }, { ARG_STRING, "content" }, { ARG_INT, "size" },
    },
    .flags = AF_DEPRECATED,
    .deprecated_by = "write",
    .shortdesc = "create a file from a string",
    .longdesc =
    "Create C<path>, or replace its contents, with the first C<size> "
    "bytes of C<content>; a C<size> of 0 means the whole string.  "
    "C<content> is a C string, so it cannot hold a NUL byte: a C<size> "
    "larger than its length is refused with C<EINVAL>.  "
    "C<guestfs_write> takes any bytes.\n",
  },
  {
    .name = "internal_write",
    .proc_nr = 183,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_BUFFERIN, "content" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "create a file from a buffer",
    .longdesc =
    "The daemon side of C<guestfs_write>, with the same behaviour: "
    "C<path> is created, or its contents replaced, with C<content>.  "
    "Programs should call C<guestfs_write>.\n",
  },
  {
    .name = "internal_write_append",
    .proc_nr = 184,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_BUFFERIN, "content" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "add a buffer at the end of a file",
    .longdesc =
    "The daemon side of C<guestfs_write_append>, with the same "
    "behaviour.  Programs should call C<guestfs_write_append>.\n",
  },
  {
    .name = "acl_get_file",
    .proc_nr = 185,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRING, "acltype" } },
    .shortdesc = "get the POSIX ACL of a file",
    .longdesc =
    "Return the POSIX access control list of C<path> in the long text "
    "form of L<acl(5)>, one entry per line with numeric user and group "
    "ids (names would come from the appliance, not the guest); an entry "
    "whose permissions the mask reduces is followed by a tab and "
    "C<#effective:> with what is left of them.  "
    "C<acltype> is C<access> (the ACL checked on access, which every "
    "file has, made from its mode if nothing else) or C<default> (the "
    "ACL that new files in a directory inherit, empty when there is "
    "none).\n"
    "\n"
    "This needs the C<acl> group (C<guestfs_feature_available>) and a "
    "filesystem with ACLs enabled.\n",
  },
  {
    .name = "acl_set_file",
    .proc_nr = 186,
    .ret = RET_ERR,
    .args = {
      { ARG_PATHNAME, "path" }, { ARG_STRING, "acltype" },
      { ARG_STRING, "acl" },
    },
    .shortdesc = "set the POSIX ACL of a file",
    .longdesc =
    "Replace the C<access> or C<default> ACL (see "
    "C<guestfs_acl_get_file>) of C<path> with C<acl>, written in the "
    "long or short text form of L<acl(5)> (entries separated by commas "
    "or newlines; C<#> starts a comment, so the output of "
    "C<guestfs_acl_get_file> can be given back).  The ACL must be complete: it needs the C<u::>, "
    "C<g::> and C<o::> entries, and also C<m::> as soon as it names a "
    "user or group (C<u:1000:rw->).  Use numeric ids.\n"
    "\n"
    "This needs the C<acl> group.\n",
  },
  {
    .name = "acl_delete_def_file",
    .proc_nr = 187,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "dir" } },
    .shortdesc = "remove the default POSIX ACL of a directory",
    .longdesc =
    "Remove the default ACL of the directory C<dir>, so that new files "
    "in it inherit nothing.  A directory with no default ACL is left as "
    "it is.\n"
    "\n"
    "This needs the C<acl> group.\n",
  },
  {
    .name = "cap_get_file",
    .proc_nr = 188,
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "get the Linux capabilities of a file",
    .longdesc =
    "Return the file capabilities of C<path> in the text form of "
    "L<cap_to_text(3)> (for example C<cap_net_raw=ep>), or the empty "
    "string when it has none.\n"
    "\n"
    "This needs the C<linuxcaps> group.\n",
  },
  {
    .name = "cap_set_file",
    .proc_nr = 189,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_STRING, "cap" } },
    .shortdesc = "set the Linux capabilities of a file",
    .longdesc =
    "Set the file capabilities of C<path>, which must be a regular "
    "file, to C<cap> in the text form of L<cap_from_text(3)> (for "
    "example C<cap_net_raw,cap_net_admin=ep>), replacing those it "
    "had.\n"
    "\n"
    "This needs the C<linuxcaps> group.\n",
  },
  { .name = NULL }
};
