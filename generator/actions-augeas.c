/* careen - offline disk-image toolkit
 * API table: daemon calls of the "augeas" area (procedures 900-949):
 * editing guest configuration files through an Augeas tree, with the
 * lenses shipped in the appliance.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentences. */
#define NEEDS_INIT \
  "An Augeas handle must have been opened with C<guestfs_aug_init>.\n"

#define AUGPATH_NOTE \
  "C<augpath> is an Augeas path expression, such as " \
  "C</files/etc/hosts/1/ipaddr>.\n"

const struct api_action daemon_actions_augeas[] = {
  {
    .name = "aug_init",
    .proc_nr = 900,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "root" }, { ARG_INT, "flags" } },
    .shortdesc = "create a new Augeas handle",
    .longdesc =
    "Open an Augeas handle on the mounted guest filesystems, with C<root> "
    "(usually F</>) as the root of the files it sees, closing any handle "
    "opened before.  The other C<guestfs_aug_*> calls work on this handle "
    "until C<guestfs_aug_close>.\n"
    "\n"
    "C<flags> is the bitwise or of the numbers Augeas gives its own "
    "flags:\n"
    "\n"
    "=over 4\n"
    "\n"
    "=item C<AUG_SAVE_BACKUP> = 1\n"
    "\n"
    "When saving, keep the old file with the extension F<.augsave>.\n"
    "\n"
    "=item C<AUG_SAVE_NEWFILE> = 2\n"
    "\n"
    "When saving, write the new contents to a file with the extension "
    "F<.augnew> and leave the original alone (this wins over "
    "C<AUG_SAVE_BACKUP>).\n"
    "\n"
    "=item C<AUG_TYPE_CHECK> = 4\n"
    "\n"
    "Type-check the lenses: slow and memory hungry, only for lens "
    "authors.\n"
    "\n"
    "=item C<AUG_NO_STDINC> = 8\n"
    "\n"
    "Do not search the standard lens directory.\n"
    "\n"
    "=item C<AUG_SAVE_NOOP> = 16\n"
    "\n"
    "Saving only records what would change, without writing.\n"
    "\n"
    "=item C<AUG_NO_LOAD> = 32\n"
    "\n"
    "Do not read the files now (see C<guestfs_aug_load>).\n"
    "\n"
    "=back\n"
    "\n"
    "A guest file reached through a symbolic link that leads out of the "
    "guest (such as F</etc/mtab> pointing to F</proc/mounts>) is left "
    "out of the tree, since Augeas would read the appliance's file "
    "instead.  This happens at every load.\n",
  },
  {
    .name = "aug_close",
    .proc_nr = 901,
    .ret = RET_ERR,
    .shortdesc = "close the current Augeas handle",
    .longdesc =
    "Close the Augeas handle opened by C<guestfs_aug_init>, freeing its "
    "memory.  Unsaved changes are lost.  It is not necessary to call this "
    "before closing the guestfs handle.\n",
  },
  {
    .name = "aug_defvar",
    .proc_nr = 902,
    .ret = RET_INT,
    .args = { { ARG_STRING, "name" }, { ARG_OPTSTRING, "expr" } },
    .shortdesc = "define an Augeas variable",
    .longdesc =
    "Define the Augeas variable C<name> as the nodes that the path "
    "expression C<expr> matches, usable afterwards as C<$name> in paths.  "
    "If C<expr> is NULL, the variable is removed.\n"
    "\n"
    "Return the number of nodes the expression matched, or 0 when C<expr> "
    "is not a node set.\n" NEEDS_INIT,
  },
  {
    .name = "aug_defnode",
    .proc_nr = 903,
    .ret = RET_STRUCT,
    .ret_struct = "int_bool",
    .args = {
      { ARG_STRING, "name" },
      { ARG_STRING, "expr" },
      { ARG_STRING, "val" },
    },
    .shortdesc = "define an Augeas node",
    .longdesc =
    "Like C<guestfs_aug_defvar>, but when C<expr> matches nothing a node "
    "is created for it with the value C<val>, so that the variable C<name> "
    "always names at least one node.\n"
    "\n"
    "Return a pair: C<i> is the number of nodes in the variable, and C<b> "
    "is true if a node was created.\n" NEEDS_INIT,
  },
  {
    .name = "aug_get",
    .proc_nr = 904,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "augpath" } },
    .shortdesc = "look up the value of an Augeas path",
    .longdesc =
    "Return the value of the single node that C<augpath> matches.  It is "
    "an error if it matches no node, or more than one.\n"
    AUGPATH_NOTE NEEDS_INIT,
  },
  {
    .name = "aug_set",
    .proc_nr = 905,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "augpath" }, { ARG_STRING, "val" } },
    .shortdesc = "set the value of an Augeas path",
    .longdesc =
    "Set the value of the node C<augpath> to C<val>, creating the node "
    "(and its missing parents) if needed.  C<augpath> must not match more "
    "than one node.  To remove a node's value, use C<guestfs_aug_clear>.\n"
    AUGPATH_NOTE NEEDS_INIT,
  },
  {
    .name = "aug_insert",
    .proc_nr = 906,
    .ret = RET_ERR,
    .args = {
      { ARG_STRING, "augpath" },
      { ARG_STRING, "label" },
      { ARG_BOOL, "before" },
    },
    .shortdesc = "insert a sibling Augeas node",
    .longdesc =
    "Create a node named C<label> next to the single node that C<augpath> "
    "matches: just before it if C<before> is true, else just after it.  "
    "C<label> is a plain name, not a path.\n" NEEDS_INIT,
  },
  {
    .name = "aug_rm",
    .proc_nr = 907,
    .ret = RET_INT,
    .args = { { ARG_STRING, "augpath" } },
    .shortdesc = "remove an Augeas path",
    .longdesc =
    "Remove every node that C<augpath> matches, with their children.  "
    "Return how many nodes were removed.\n" NEEDS_INIT,
  },
  {
    .name = "aug_mv",
    .proc_nr = 908,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "src" }, { ARG_STRING, "dest" } },
    .shortdesc = "move an Augeas node",
    .longdesc =
    "Move the single node C<src> (with its children) to C<dest>, which "
    "must match one node or none; an existing C<dest> is replaced.\n"
    NEEDS_INIT,
  },
  {
    .name = "aug_match",
    .proc_nr = 909,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "augpath" } },
    .shortdesc = "return the Augeas nodes which match augpath",
    .longdesc =
    "Return the paths of all the nodes that C<augpath> matches, each one "
    "a path that names exactly that node.\n" NEEDS_INIT,
  },
  {
    .name = "aug_save",
    .proc_nr = 910,
    .ret = RET_ERR,
    .shortdesc = "write all pending Augeas changes to disk",
    .longdesc =
    "Write the changed parts of the tree back to their files, as the "
    "C<flags> of C<guestfs_aug_init> say.  When a file cannot be written "
    "the error names it, from the tree's F</augeas//error> nodes.\n"
    NEEDS_INIT,
  },
  {
    .name = "aug_load",
    .proc_nr = 911,
    .ret = RET_ERR,
    .shortdesc = "load files into the Augeas tree",
    .longdesc =
    "(Re)load the files that the lenses handle into the tree, dropping "
    "unsaved changes.  Needed after C<guestfs_aug_init> with "
    "C<AUG_NO_LOAD>, or after changing which files are handled with "
    "C<guestfs_aug_transform> or F</augeas/load>.\n" NEEDS_INIT,
  },
  {
    .name = "aug_ls",
    .proc_nr = 912,
    .ret = RET_STRINGLIST,
    .args = { { ARG_STRING, "augpath" } },
    .shortdesc = "list the children of an Augeas node",
    .longdesc =
    "Return the paths of the children of the node C<augpath>, sorted.  "
    "This is C<guestfs_aug_match> of C<augpath/*>, sorted and without "
    "duplicates.\n" NEEDS_INIT,
  },
  {
    .name = "aug_clear",
    .proc_nr = 913,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "augpath" } },
    .shortdesc = "clear the value of an Augeas path",
    .longdesc =
    "Set the value of the single node C<augpath> to nothing (NULL), "
    "creating the node if needed.\n" NEEDS_INIT,
  },
  {
    .name = "aug_setm",
    .proc_nr = 914,
    .ret = RET_INT,
    .args = {
      { ARG_STRING, "base" },
      { ARG_OPTSTRING, "sub" },
      { ARG_STRING, "val" },
    },
    .shortdesc = "set multiple Augeas nodes",
    .longdesc =
    "For each node that C<base> matches, set the node C<sub> below it "
    "(a path relative to that node, created if missing) to C<val>.  If "
    "C<sub> is NULL, the nodes C<base> matches are set themselves.  "
    "Return the number of nodes changed.\n" NEEDS_INIT,
  },
  {
    .name = "aug_label",
    .proc_nr = 915,
    .ret = RET_STRING,
    .args = { { ARG_STRING, "augpath" } },
    .shortdesc = "return the label from an Augeas path expression",
    .longdesc =
    "Return the label (the last name, without any position) of the "
    "single node that C<augpath> matches.  It is an error if it matches "
    "no node or several.\n" NEEDS_INIT,
  },
  {
    .name = "aug_transform",
    .proc_nr = 916,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "lens" }, { ARG_STRING, "file" } },
    .optargs = { { OPT_BOOL, "remove" } },
    .shortdesc = "add/remove an Augeas lens transformation",
    .longdesc =
    "Have the lens C<lens> (such as C<Hosts.lns>, or just C<Hosts>) "
    "handle the files matching the glob C<file> at the next "
    "C<guestfs_aug_load>.  With C<remove> true, C<file> is taken away "
    "from the files the lens handles instead.\n" NEEDS_INIT,
  },
  { .name = NULL }
};
