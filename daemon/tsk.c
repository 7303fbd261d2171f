/* careen - offline disk-image toolkit */

/**
 * The Sleuth Kit calls: internal_filesystem_walk and
 * internal_find_inode read the directories of a filesystem with
 * libtsk, straight from the device, so that names of deleted files
 * show up too, and stream each entry as soon as it is found (the
 * library's filesystem_walk and find_inode decode the stream);
 * download_inode and download_blocks stream icat's and blkls's output.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tsk/libtsk.h>

#include "daemon.h"

/* libtsk's message of its last error (NULL when it set none). */
static const char *
tsk_message (void)
{
  const char *m = tsk_error_get ();

  return m != NULL && *m != '\0' ? m : "unknown error";
}

/* tsk_flags bits of a tsk_dirent (values fixed by the API). */
#define DIRENT_ALLOCATED 1
#define DIRENT_REALLOCATED 2
#define DIRENT_COMPRESSED 4

struct walk {
  bool filter;                  /* only entries of inode */
  uint64_t inode;
  int err;                      /* why the walk stopped, 0 if it did not */
  struct wbuf w;                /* one encoded entry */
};

static void
dirent_release (struct guestfs_tsk_dirent *d)
{
  free (d->tsk_name);
  free (d->tsk_link);
}

static char
type_char (TSK_FS_NAME_TYPE_ENUM t)
{
  switch (t) {
  case TSK_FS_NAME_TYPE_FIFO: return 'p';
  case TSK_FS_NAME_TYPE_CHR: return 'c';
  case TSK_FS_NAME_TYPE_DIR: return 'd';
  case TSK_FS_NAME_TYPE_BLK: return 'b';
  case TSK_FS_NAME_TYPE_REG: return 'r';
  case TSK_FS_NAME_TYPE_LNK: return 'l';
  case TSK_FS_NAME_TYPE_SOCK: return 's';
  case TSK_FS_NAME_TYPE_SHAD: return 'h';
  case TSK_FS_NAME_TYPE_WHT: return 'w';
  case TSK_FS_NAME_TYPE_VIRT:
  case TSK_FS_NAME_TYPE_VIRT_DIR: return 'v';
  case TSK_FS_NAME_TYPE_UNDEF:
  default: return 'u';
  }
}

/* "." and ".." of every directory name a directory already listed;
 * only the root's own "." is kept, so the root has an entry.
 */
static bool
skip_entry (const TSK_FS_FILE *f, const char *path)
{
  const char *n = f->name->name;

  if (strcmp (n, "..") == 0)
    return true;
  if (strcmp (n, ".") == 0)
    return path[0] != '\0' || f->name->meta_addr != f->fs_info->root_inum;
  return false;
}

static uint32_t
entry_flags (const TSK_FS_FILE *f)
{
  uint32_t flags = 0;

  if (f->name->flags & TSK_FS_NAME_FLAG_ALLOC)
    flags |= DIRENT_ALLOCATED;
  /* A deleted name whose inode is in use again: the inode's contents
   * are another file's now.
   */
  else if (f->meta != NULL && (f->meta->flags & TSK_FS_META_FLAG_ALLOC))
    flags |= DIRENT_REALLOCATED;
  if (f->meta != NULL && (f->meta->flags & TSK_FS_META_FLAG_COMP))
    flags |= DIRENT_COMPRESSED;
  return flags;
}

static int
fill_dirent (struct guestfs_tsk_dirent *d, const TSK_FS_FILE *f,
             const char *path)
{
  const TSK_FS_META *m = f->meta;

  memset (d, 0, sizeof *d);
  d->tsk_inode = f->name->meta_addr;
  d->tsk_type = type_char (f->name->type);
  if (asprintf (&d->tsk_name, "%s%s", path, f->name->name) == -1) {
    d->tsk_name = NULL;
    return -1;
  }
  d->tsk_flags = entry_flags (f);
  if (m != NULL) {
    d->tsk_size = m->size;
    d->tsk_atime_sec = m->atime;
    d->tsk_atime_nsec = m->atime_nano;
    d->tsk_mtime_sec = m->mtime;
    d->tsk_mtime_nsec = m->mtime_nano;
    d->tsk_ctime_sec = m->ctime;
    d->tsk_ctime_nsec = m->ctime_nano;
    d->tsk_crtime_sec = m->crtime;
    d->tsk_crtime_nsec = m->crtime_nano;
    d->tsk_nlink = m->nlink;
  }
  else {
    d->tsk_size = -1;
    d->tsk_atime_sec = d->tsk_atime_nsec = -1;
    d->tsk_mtime_sec = d->tsk_mtime_nsec = -1;
    d->tsk_ctime_sec = d->tsk_ctime_nsec = -1;
    d->tsk_crtime_sec = d->tsk_crtime_nsec = -1;
    d->tsk_nlink = -1;
  }
  d->tsk_link = strdup (m != NULL && m->link != NULL ? m->link : "");
  if (d->tsk_link == NULL)
    return -1;
  return 0;
}

static TSK_WALK_RET_ENUM
walk_cb (TSK_FS_FILE *f, const char *path, void *opaque)
{
  struct walk *wk = opaque;
  struct guestfs_tsk_dirent d;

  if (f->name == NULL || f->name->name == NULL || skip_entry (f, path))
    return TSK_WALK_CONT;
  if (wk->filter && f->name->meta_addr != wk->inode)
    return TSK_WALK_CONT;
  if (fill_dirent (&d, f, path) == -1) {
    dirent_release (&d);
    wk->err = ENOMEM;
    return TSK_WALK_ERROR;
  }
  wbuf_reset (&wk->w);
  encode_tsk_dirent (&wk->w, &d);
  dirent_release (&d);
  if (wk->w.failed) {
    wk->err = wk->w.err;
    return TSK_WALK_ERROR;
  }
  if (send_file_write (wk->w.data, wk->w.len) == -1) {
    wk->err = errno;
    return TSK_WALK_ERROR;
  }
  return TSK_WALK_CONT;
}

/* Walks the filesystem on device, streaming the entries.  -1 after
 * replying (the reply also ends the stream with a cancel chunk).
 */
static int
walk_device (const char *device, struct walk *wk)
{
  TSK_IMG_INFO *img;
  TSK_FS_INFO *fs;
  int r = 0;
  unsigned flags = TSK_FS_DIR_WALK_FLAG_ALLOC | TSK_FS_DIR_WALK_FLAG_UNALLOC |
    TSK_FS_DIR_WALK_FLAG_RECURSE | TSK_FS_DIR_WALK_FLAG_NOORPHAN;

  img = tsk_img_open_sing (device, TSK_IMG_TYPE_RAW, 0);
  if (img == NULL) {
    reply_with_error_errno (EIO, "%s: %s", device, tsk_message ());
    tsk_error_reset ();
    return -1;
  }
  fs = tsk_fs_open_img (img, 0, TSK_FS_TYPE_DETECT);
  if (fs == NULL) {
    reply_with_error_errno (EINVAL, "%s: no filesystem The Sleuth Kit "
                            "can read: %s", device, tsk_message ());
    tsk_error_reset ();
    tsk_img_close (img);
    return -1;
  }
  if (tsk_fs_dir_walk (fs, fs->root_inum, (TSK_FS_DIR_WALK_FLAG_ENUM) flags,
                       walk_cb, wk) != 0) {
    if (wk->err == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: download cancelled", device);
    else if (wk->err != 0)
      reply_with_error_errno (wk->err, "%s: %s", device, strerror (wk->err));
    else
      reply_with_error_errno (EIO, "%s: %s", device, tsk_message ());
    tsk_error_reset ();
    r = -1;
  }
  tsk_fs_close (fs);
  tsk_img_close (img);
  return r;
}

static int
walk_stream (const char *device, bool filter, int64_t inode)
{
  struct walk wk = { .filter = filter, .inode = (uint64_t) inode };
  int r;

  wbuf_init (&wk.w);
  r = walk_device (device, &wk);
  wbuf_release (&wk.w);
  if (r == -1)
    return -1;
  send_file_end (0);
  return 0;
}

static int
check_inode (int64_t inode)
{
  if (inode < 0) {
    reply_with_error_errno (EINVAL, "inode %" PRIi64 ": must not be "
                            "negative", inode);
    return -1;
  }
  return 0;
}

int
do_internal_filesystem_walk (const char *device)
{
  return walk_stream (device, false, 0);
}

int
do_internal_find_inode (const char *device, int64_t inode)
{
  if (check_inode (inode) == -1)
    return -1;
  return walk_stream (device, true, inode);
}

/* Streams the output of a Sleuth Kit tool (argv) as the FileOut
 * stream.  -1 after replying.
 */
static int
stream_tool (const char *device, const char *const *argv)
{
  struct filter f;
  CLEANUP_FREE char *err = NULL;

  if (require_program (argv[0]) == -1)
    return -1;
  if (filter_start (&f, argv, COMMAND_NULL, FILTER_PIPE, -1) == -1) {
    reply_with_perror ("%s", argv[0]);
    return -1;
  }
  if (filter_send_output (&f, FILTER_PULSE, 0) == -1) {
    int saved = errno;

    filter_kill (&f);
    if (saved == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: download cancelled", device);
    else {
      errno = saved;
      reply_with_perror ("%s", device);
    }
    return -1;
  }
  if (filter_finish (&f, &err) == -1) {
    /* The tools say nothing more precise than their message: a bad
     * address or range is the usual reason.
     */
    reply_with_error_errno (EINVAL, "%s: %s: %s", argv[0], device,
                            err && *err ? err : "failed");
    return -1;
  }
  send_file_end (0);
  return 0;
}

int
do_download_inode (const char *device, int64_t inode)
{
  char inum[32];
  const char *argv[] = { "icat", "-r", device, inum, NULL };

  if (check_inode (inode) == -1)
    return -1;
  snprintf (inum, sizeof inum, "%" PRIi64, inode);
  return stream_tool (device, argv);
}

int
do_download_blocks (const char *device, int64_t start, int64_t stop,
                    int unallocated)
{
  char range[64];
  const char *argv[] = { "blkls", "-e", device, range, NULL };

  if (start < 0 || stop < start) {
    reply_with_error_errno (EINVAL, "%s: bad block range %" PRIi64
                            "-%" PRIi64, device, start, stop);
    return -1;
  }
  if ((optargs_bitmask & GUESTFS_DOWNLOAD_BLOCKS_UNALLOCATED_BITMASK) &&
      unallocated)
    argv[1] = "-A";
  snprintf (range, sizeof range, "%" PRIi64 "-%" PRIi64, start, stop);
  return stream_tool (device, argv);
}
