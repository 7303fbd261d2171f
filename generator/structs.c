/** careen - offline disk-image toolkit
 * The API table, part 3: structs returned by calls.  Field order is the
 * order in C and on the wire; never change a released struct, add a new
 * one instead.
 */

#include <config.h>

#include "api.h"

const struct api_struct api_structs[] = {
  {
    .name = "version",
    .fields = {
      { FIELD_INT64, "major" },
      { FIELD_INT64, "minor" },
      { FIELD_INT64, "release" },
      { FIELD_STRING, "extra" },
    },
  },
  {
    .name = "partition",
    .fields = {
      { FIELD_INT32, "part_num" },
      { FIELD_BYTES, "part_start" },
      { FIELD_BYTES, "part_end" },
      { FIELD_BYTES, "part_size" },
    },
  },
  {
    .name = "statvfs",
    .fields = {
      { FIELD_INT64, "bsize" },
      { FIELD_INT64, "frsize" },
      { FIELD_INT64, "blocks" },
      { FIELD_INT64, "bfree" },
      { FIELD_INT64, "bavail" },
      { FIELD_INT64, "files" },
      { FIELD_INT64, "ffree" },
      { FIELD_INT64, "favail" },
      { FIELD_INT64, "fsid" },
      { FIELD_INT64, "flag" },
      { FIELD_INT64, "namemax" },
    },
  },
  { .name = NULL }
};
