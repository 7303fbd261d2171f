/* careen - offline disk-image toolkit
 * API table: daemon calls of the "hivex" area (procedures 950-999):
 * reading and editing Windows registry hive files of the guest with
 * libhivex, one hive open at a time.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentences. */
#define NEEDS_OPEN \
  "A hive must have been opened with C<guestfs_hivex_open>.\n"

#define NODE_CALL(NAME, NR, RET, STRUCT, SHORT, LONG)                   \
  {                                                                     \
    .name = NAME,                                                       \
    .proc_nr = NR,                                                      \
    .ret = RET,                                                         \
    .ret_struct = STRUCT,                                               \
    .args = { { ARG_INT64, "nodeh" } },                                 \
    .shortdesc = SHORT,                                                 \
    .longdesc = LONG NEEDS_OPEN,                                        \
  }

#define VALUE_CALL(NAME, NR, RET, FLAGS, BY, SHORT, LONG)               \
  {                                                                     \
    .name = NAME,                                                       \
    .proc_nr = NR,                                                      \
    .ret = RET,                                                         \
    .args = { { ARG_INT64, "valueh" } },                                \
    .flags = FLAGS,                                                     \
    .deprecated_by = BY,                                                \
    .shortdesc = SHORT,                                                 \
    .longdesc = LONG NEEDS_OPEN,                                        \
  }

const struct api_action daemon_actions_hivex[] = {
  {
    .name = "hivex_open",
    .proc_nr = 950,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "filename" } },
    .optargs = {
      { OPT_BOOL, "verbose" },
      { OPT_BOOL, "debug" },
      { OPT_BOOL, "write" },
      { OPT_BOOL, "unsafe" },
    },
    .shortdesc = "open a Windows Registry hive file",
    .longdesc =
    "Open the guest's registry hive file C<filename> with libhivex, "
    "closing any hive opened before.  The other C<guestfs_hivex_*> calls "
    "work on it until C<guestfs_hivex_close>.\n"
    "\n"
    "C<write> true allows the changing calls; changes stay in memory "
    "until C<guestfs_hivex_commit>.  C<unsafe> true lets libhivex go on "
    "past some kinds of damage in the hive instead of refusing it.  "
    "C<verbose> and C<debug> make libhivex write messages to the "
    "appliance's log.\n"
    "\n"
    "Node and value handles returned by the other calls are offsets in "
    "the hive and are only meaningful while it stays open.\n",
  },
  {
    .name = "hivex_close",
    .proc_nr = 951,
    .ret = RET_ERR,
    .shortdesc = "close the current hivex handle",
    .longdesc =
    "Close the hive opened by C<guestfs_hivex_open>.  Changes not "
    "committed with C<guestfs_hivex_commit> are lost.\n" NEEDS_OPEN,
  },
  {
    .name = "hivex_root",
    .proc_nr = 952,
    .ret = RET_INT64,
    .shortdesc = "return the root node of the hive",
    .longdesc = "Return the handle of the root node of the hive.\n" NEEDS_OPEN,
  },
  NODE_CALL ("hivex_node_name", 953, RET_STRING, NULL,
             "return the name of the node",
             "Return the name of the node C<nodeh>, in UTF-8.  The root "
             "node's name is whatever Windows stored there, often not "
             "meaningful.\n"),
  NODE_CALL ("hivex_node_children", 954, RET_STRUCTLIST, "hivex_node",
             "return list of nodes which are subkeys of node",
             "Return the handles of the child nodes (subkeys) of C<nodeh>, "
             "in the order the hive stores them.\n"),
  {
    .name = "hivex_node_get_child",
    .proc_nr = 955,
    .ret = RET_INT64,
    .args = { { ARG_INT64, "nodeh" }, { ARG_STRING, "name" } },
    .shortdesc = "return the named child of node",
    .longdesc =
    "Return the handle of the child of C<nodeh> called C<name> (compared "
    "without regard to case, as Windows does), or 0 if there is none.\n"
    NEEDS_OPEN,
  },
  NODE_CALL ("hivex_node_parent", 956, RET_INT64, NULL,
             "return the parent of node",
             "Return the handle of the parent node of C<nodeh>.  The root "
             "node has no parent: asking for it is an error.\n"),
  NODE_CALL ("hivex_node_values", 957, RET_STRUCTLIST, "hivex_value",
             "return list of values attached to node",
             "Return the handles of the values (name, type, data) stored "
             "in the node C<nodeh>.\n"),
  {
    .name = "hivex_node_get_value",
    .proc_nr = 958,
    .ret = RET_INT64,
    .args = { { ARG_INT64, "nodeh" }, { ARG_STRING, "key" } },
    .shortdesc = "return the named value",
    .longdesc =
    "Return the handle of the value called C<key> in the node C<nodeh> "
    "(compared without regard to case), or 0 if there is none.  The "
    "default value of a key, shown as C<@> by regedit, has the empty "
    "name.\n" NEEDS_OPEN,
  },
  VALUE_CALL ("hivex_value_key", 959, RET_STRING, 0, NULL,
              "return the key field from the (key, datatype, data) tuple",
              "Return the name of the value C<valueh> in UTF-8; the "
              "default value of a key has the empty name.\n"),
  VALUE_CALL ("hivex_value_type", 960, RET_INT64, 0, NULL,
              "return the data type from the (key, datatype, data) tuple",
              "Return the type of the value C<valueh>: C<1> for a string "
              "(C<REG_SZ>), C<2> for an expandable string, C<3> for binary "
              "data, C<4> for a 32 bit little-endian integer, C<7> for a "
              "list of strings, C<11> for a 64 bit integer, and so on, as "
              "Windows numbers them.\n"),
  VALUE_CALL ("hivex_value_value", 961, RET_BUFFEROUT, 0, NULL,
              "return the data field from the (key, datatype, data) tuple",
              "Return the raw bytes of the data of the value C<valueh>, "
              "whatever its type.  See C<guestfs_hivex_value_string> to "
              "get strings decoded.\n"),
  VALUE_CALL ("hivex_value_string", 962, RET_STRING, 0, NULL,
              "return the data field as a UTF-8 string",
              "Return the data of the string value C<valueh> "
              "(C<REG_SZ>, C<REG_EXPAND_SZ> or C<REG_LINK>), converted "
              "from the hive's UTF-16LE to UTF-8.  Other types are an "
              "error.\n"),
  VALUE_CALL ("hivex_value_utf8", 963, RET_STRING, AF_DEPRECATED,
              "hivex_value_string",
              "return the data field as a UTF-8 string",
              "The same as C<guestfs_hivex_value_string>, under its old "
              "name.\n"),
  {
    .name = "hivex_commit",
    .proc_nr = 964,
    .ret = RET_ERR,
    .args = { { ARG_OPTSTRING, "filename" } },
    .shortdesc = "commit (write) changes back to the hive",
    .longdesc =
    "Write the changes made to the open hive to the guest file "
    "C<filename>, or back over the hive file itself when C<filename> is "
    "NULL.  The hive must have been opened with C<write> true.  The hive "
    "stays open.\n" NEEDS_OPEN,
  },
  {
    .name = "hivex_node_add_child",
    .proc_nr = 965,
    .ret = RET_INT64,
    .args = { { ARG_INT64, "parent" }, { ARG_STRING, "name" } },
    .shortdesc = "add a child node",
    .longdesc =
    "Create a node called C<name>, with no values and no children, under "
    "the node C<parent>, and return its handle.  A child with that name "
    "must not exist already.\n" NEEDS_OPEN,
  },
  NODE_CALL ("hivex_node_delete_child", 966, RET_ERR, NULL,
             "delete a node (recursively)",
             "Delete the node C<nodeh> with all its values and the whole "
             "tree of nodes below it.  The root cannot be deleted.  "
             "Handles into the deleted tree become invalid.\n"),
  {
    .name = "hivex_node_set_value",
    .proc_nr = 967,
    .ret = RET_ERR,
    .args = {
      { ARG_INT64, "nodeh" },
      { ARG_STRING, "key" },
      { ARG_INT64, "t" },
      { ARG_BUFFERIN, "val" },
    },
    .shortdesc = "set or replace a single value in a node",
    .longdesc =
    "Set the value called C<key> of the node C<nodeh> to the type C<t> "
    "(see C<guestfs_hivex_value_type>) and the raw bytes C<val>, "
    "replacing a value of that name or adding one.  The empty C<key> is "
    "the default value of the key.\n" NEEDS_OPEN,
  },
  { .name = NULL }
};
