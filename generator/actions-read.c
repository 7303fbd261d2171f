/* careen - offline disk-image toolkit
 * API table: library calls that return a whole guest file.  They fetch
 * it with download, so a file of any size (up to the caller's memory)
 * can be read, without the limit of one reply or holding it whole in
 * the appliance's memory.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action library_actions_read[] = {
  {
    .name = "cat",
    .ret = RET_STRING,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "get the content of a text file",
    .longdesc =
    "Return the content of C<path> as a string.  A string cannot hold "
    "zero bytes: the result stops at the first one.  Use "
    "C<guestfs_read_file> or C<guestfs_download> for binary files.\n",
  },
  {
    .name = "read_file",
    .ret = RET_BUFFEROUT,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "get the content of a file",
    .longdesc =
    "Return the content of C<path>, which may hold any bytes, and its "
    "length.  The file is transferred as C<guestfs_download> does, so its "
    "size is limited only by the memory of the calling program.\n",
  },
  {
    .name = "read_lines",
    .ret = RET_STRINGLIST,
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "get a text file as a list of lines",
    .longdesc =
    "Return the lines of C<path> without their line endings (both "
    "C<\\n> and C<\\r\\n> are removed).  A file ending without a newline "
    "still gives its last line; an empty file gives an empty list.\n",
  },
  { .name = NULL }
};
