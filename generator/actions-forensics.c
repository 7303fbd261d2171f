/* careen - offline disk-image toolkit
 * API table: daemon calls of the "forensics" area (procedures
 * 1200-1299): filesystems read below the kernel with The Sleuth Kit
 * (deleted files included), inotify watches, the systemd journal and
 * YARA scans.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_forensics[] = {
  /* The Sleuth Kit (filesystem_walk and find_inode are library calls
   * on top of the internal_ ones: see actions-library.c)
   */
  {
    .name = "internal_filesystem_walk",
    .proc_nr = 1201,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" }, { ARG_FILEOUT, "filename" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "write every directory entry of a filesystem to a local file",
    .longdesc =
    "The entries of C<guestfs_filesystem_walk>, streamed to the local "
    "C<filename> so that no size limit applies: each one is a "
    "C<tsk_dirent> in careen's wire encoding (see protocol.txt), one "
    "after the other.  For programs that decode that encoding; others "
    "use C<guestfs_filesystem_walk>.\n",
  },
  {
    .name = "internal_find_inode",
    .proc_nr = 1203,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" }, { ARG_INT64, "inode" },
      { ARG_FILEOUT, "filename" },
    },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "write the names of an inode to a local file",
    .longdesc =
    "The entries of C<guestfs_find_inode> written to the local "
    "C<filename> in the encoding of "
    "C<guestfs_internal_filesystem_walk>.\n",
  },
  {
    .name = "download_inode",
    .proc_nr = 1204,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" }, { ARG_INT64, "inode" },
      { ARG_FILEOUT, "filename" },
    },
    .flags = AF_PROGRESS,
    .shortdesc = "copy the contents of an inode to a local file",
    .longdesc =
    "Read the data of inode C<inode> of the filesystem on C<device> "
    "with The Sleuth Kit's C<icat> and write it to the local file "
    "C<filename>.  The inode need not have a name any more: a deleted "
    "file whose blocks were not reused comes back whole (see "
    "C<guestfs_filesystem_walk> for finding inodes).  An inode number "
    "the filesystem does not have fails with C<EINVAL>.\n",
  },
  {
    .name = "download_blocks",
    .proc_nr = 1205,
    .ret = RET_ERR,
    .args = {
      { ARG_DEVICE, "device" }, { ARG_INT64, "start" },
      { ARG_INT64, "stop" }, { ARG_FILEOUT, "filename" },
    },
    .optargs = { { OPT_BOOL, "unallocated" } },
    .flags = AF_PROGRESS,
    .shortdesc = "copy a range of filesystem blocks to a local file",
    .longdesc =
    "Write the blocks C<start> to C<stop> (both included, in The "
    "Sleuth Kit's units: the filesystem's blocks, or sectors of 512 "
    "bytes for FAT) of the filesystem on C<device> to the "
    "local file C<filename>, with The Sleuth Kit's C<blkls>.\n"
    "\n"
    "With C<unallocated> true, only the blocks of that range that no "
    "file uses are written, one after the other: where the remains of "
    "deleted files are.  C<start> and C<stop> must be at least 0, "
    "C<stop> no less than C<start>, and both inside the filesystem, or "
    "the call fails with C<EINVAL>.\n",
  },

  /* inotify */
  {
    .name = "inotify_init",
    .proc_nr = 1210,
    .ret = RET_ERR,
    .args = { { ARG_INT, "maxevents" } },
    .shortdesc = "start watching for changes to guest files",
    .longdesc =
    "Make the appliance's inotify instance, through which "
    "C<guestfs_inotify_add_watch> watches files and directories of the "
    "mounted guest and C<guestfs_inotify_read> returns what happened "
    "to them.  An instance made before is closed first, with its "
    "watches.\n"
    "\n"
    "C<maxevents> is how many events the kernel keeps waiting to be "
    "read; past that, later ones are dropped and a single event with "
    "mask C<IN_Q_OVERFLOW> says so.  0 keeps the kernel's current "
    "setting; a negative number fails with C<EINVAL>.  The setting is "
    "the appliance's, shared by every instance made afterwards.\n"
    "\n"
    "The watches see changes made through careen's calls; they end "
    "with C<guestfs_inotify_close> or when the handle closes.\n",
  },
  {
    .name = "inotify_add_watch",
    .proc_nr = 1211,
    .ret = RET_INT64,
    .args = { { ARG_PATHNAME, "path" }, { ARG_INT, "mask" } },
    .shortdesc = "watch a guest file or directory",
    .longdesc =
    "Watch the guest file or directory C<path> for the events in "
    "C<mask>, the C<IN_*> flags of Linux's E<lt>sys/inotify.hE<gt> "
    "(C<IN_ALL_EVENTS> is 4095).  Returns the watch descriptor, which "
    "the events carry in C<in_wd> and C<guestfs_inotify_rm_watch> "
    "takes.  Watching a path already watched changes its mask and "
    "returns the same descriptor.  C<guestfs_inotify_init> must have "
    "been called (else C<EBADF>).\n",
  },
  {
    .name = "inotify_rm_watch",
    .proc_nr = 1212,
    .ret = RET_ERR,
    .args = { { ARG_INT, "wd" } },
    .shortdesc = "stop watching a guest file or directory",
    .longdesc =
    "Remove the watch C<wd> returned by C<guestfs_inotify_add_watch>.  "
    "The kernel then queues one C<IN_IGNORED> event for it.  An unknown "
    "descriptor fails with C<EINVAL>.\n",
  },
  {
    .name = "inotify_read",
    .proc_nr = 1213,
    .ret = RET_STRUCTLIST,
    .ret_struct = "inotify_event",
    .shortdesc = "the events waiting on the inotify instance",
    .longdesc =
    "Return, without waiting, the events that happened since the last "
    "read, in order, or an empty list when there are none.  Each "
    "C<inotify_event> holds the watch descriptor C<in_wd>, the C<IN_*> "
    "bits of what happened in C<in_mask>, the C<in_cookie> that pairs "
    "the two halves of a rename, and in C<in_name> the name of the "
    "entry of a watched directory that the event is about (empty for "
    "the watched path itself).\n"
    "\n"
    "One call returns as many events as fit in one reply; call it "
    "again until it returns an empty list to be sure none are left.\n",
  },
  {
    .name = "inotify_files",
    .proc_nr = 1214,
    .ret = RET_STRINGLIST,
    .shortdesc = "the names of the entries that changed",
    .longdesc =
    "Read every waiting event, as C<guestfs_inotify_read> would until "
    "none are left, and return the names they carry, sorted, each "
    "once, leaving out events without a name.  A quick way to learn "
    "which entries of the watched directories something touched.\n",
  },
  {
    .name = "inotify_close",
    .proc_nr = 1215,
    .ret = RET_ERR,
    .shortdesc = "stop watching and drop the inotify instance",
    .longdesc =
    "Close the instance made by C<guestfs_inotify_init>, with all its "
    "watches and unread events.  Fails with C<EBADF> when there is "
    "none.\n",
  },

  /* systemd journal */
  {
    .name = "journal_open",
    .proc_nr = 1220,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "directory" } },
    .shortdesc = "open the systemd journal files of a guest directory",
    .longdesc =
    "Open the systemd journal files in the guest directory "
    "C<directory> (usually C</var/log/journal/MACHINE-ID>, where a "
    "guest keeping its journal on disk writes it) for reading with "
    "systemd's own reader.  The entries of every file there are read "
    "as one journal, interleaved by time.  The read position is before "
    "the first entry: call C<guestfs_journal_next> to get to it.\n"
    "\n"
    "One journal is open at a time; one opened before is closed first.  "
    "The journal files stay open until C<guestfs_journal_close>, so "
    "the filesystem holding them cannot be unmounted until then.\n",
  },
  {
    .name = "journal_close",
    .proc_nr = 1221,
    .ret = RET_ERR,
    .shortdesc = "close the open journal",
    .longdesc =
    "Close the journal opened by C<guestfs_journal_open>.  Fails with "
    "C<EBADF> when none is open, as every other journal call does.\n",
  },
  {
    .name = "journal_next",
    .proc_nr = 1222,
    .ret = RET_BOOL,
    .shortdesc = "move to the next journal entry",
    .longdesc =
    "Move the read position to the next entry of the journal: true "
    "when there is one, false when the position was already on the "
    "last entry (it does not move).\n",
  },
  {
    .name = "journal_skip",
    .proc_nr = 1223,
    .ret = RET_INT64,
    .args = { { ARG_INT64, "skip" } },
    .shortdesc = "move forwards or backwards by several entries",
    .longdesc =
    "Move the read position C<skip> entries forwards, or backwards when "
    "C<skip> is negative, stopping at either end of the journal.  "
    "Returns how many entries it moved by (never negative), less than "
    "the number asked at an end.\n",
  },
  {
    .name = "journal_get",
    .proc_nr = 1224,
    .ret = RET_STRUCTLIST,
    .ret_struct = "xattr",
    .shortdesc = "the fields of the current journal entry",
    .longdesc =
    "Return the fields of the entry at the read position, one "
    "C<xattr> each: its name (C<MESSAGE>, C<_PID>, C<_SYSTEMD_UNIT> "
    "...) in C<attrname> and its value, which may hold any bytes, in "
    "C<attrval>.  A field can appear more than once.  Values longer "
    "than the data threshold (C<guestfs_journal_set_data_threshold>) "
    "may be cut short.  Fails when the position is not on an entry "
    "(before C<guestfs_journal_next> was first called).\n",
  },
  {
    .name = "internal_journal_get",
    .proc_nr = 1225,
    .ret = RET_ERR,
    .args = { { ARG_FILEOUT, "filename" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "write the fields of the current journal entry to a local file",
    .longdesc =
    "The fields of C<guestfs_journal_get>, streamed to the local "
    "C<filename>, each an C<xattr> in careen's wire encoding (see "
    "protocol.txt), one after the other, with no size limit.\n",
  },
  {
    .name = "journal_get_data_threshold",
    .proc_nr = 1226,
    .ret = RET_INT64,
    .shortdesc = "the longest journal field value returned whole",
    .longdesc =
    "The data threshold of the open journal: field values longer than "
    "this many bytes may be returned cut to it.  0 means no limit.  "
    "systemd's reader starts at 64 KiB.\n",
  },
  {
    .name = "journal_set_data_threshold",
    .proc_nr = 1227,
    .ret = RET_ERR,
    .args = { { ARG_INT64, "threshold" } },
    .shortdesc = "set the longest journal field value returned whole",
    .longdesc =
    "Set the data threshold of the open journal (see "
    "C<guestfs_journal_get_data_threshold>); 0 removes the limit.  A "
    "negative value fails with C<EINVAL>.\n",
  },
  {
    .name = "journal_get_realtime_usec",
    .proc_nr = 1228,
    .ret = RET_INT64,
    .shortdesc = "when the current journal entry was written",
    .longdesc =
    "The wall-clock time at which the entry at the read position was "
    "written, in microseconds since the epoch.\n",
  },

  /* YARA */
  {
    .name = "yara_load",
    .proc_nr = 1230,
    .ret = RET_ERR,
    .args = { { ARG_FILEIN, "filename" } },
    .shortdesc = "load YARA rules for guestfs_yara_scan",
    .longdesc =
    "Upload the local file C<filename> holding YARA rules, either as "
    "source text or compiled by C<yarac>, and make them the rules that "
    "C<guestfs_yara_scan> applies, replacing any loaded before.  Source "
    "that does not compile fails with C<EINVAL> and the compiler's "
    "messages.\n"
    "\n"
    "Compiled rules must come from the same YARA version as the "
    "appliance's.  When the appliance has no YARA library, every yara "
    "call fails with C<ENOTSUP>.\n",
  },
  {
    .name = "yara_destroy",
    .proc_nr = 1231,
    .ret = RET_ERR,
    .shortdesc = "unload the YARA rules",
    .longdesc =
    "Free the rules loaded by C<guestfs_yara_load>.  Fails with "
    "C<EBADF> when none are loaded.\n",
  },
  {
    .name = "yara_scan",
    .proc_nr = 1232,
    .ret = RET_STRUCTLIST,
    .ret_struct = "yara_detection",
    .args = { { ARG_PATHNAME, "path" } },
    .shortdesc = "scan a guest file with the loaded YARA rules",
    .longdesc =
    "Apply the rules of C<guestfs_yara_load> to the guest file "
    "C<path> and return one C<yara_detection> per rule that matched: "
    "C<yara_name> is C<path>, C<yara_rule> the rule's name.  A file no "
    "rule matches gives an empty list.  Only regular files can be "
    "scanned: walk a tree with C<guestfs_find> to scan it.\n",
  },
  {
    .name = "internal_yara_scan",
    .proc_nr = 1233,
    .ret = RET_ERR,
    .args = { { ARG_PATHNAME, "path" }, { ARG_FILEOUT, "filename" } },
    .flags = AF_NOT_IN_FISH,
    .shortdesc = "write the YARA matches of a guest file to a local file",
    .longdesc =
    "The detections of C<guestfs_yara_scan>, streamed to the local "
    "C<filename>, each a C<yara_detection> in careen's wire encoding "
    "(see protocol.txt), one after the other.\n",
  },
  { .name = NULL }
};
