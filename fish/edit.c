/** careen - offline disk-image toolkit
 *
 * The guestfish commands that hand a guest file to a host program:
 * edit (and vi, emacs) download the file, run an editor on the copy and
 * upload it back if it changed; more (and less) download it and run a
 * pager; display runs an image viewer; hexedit downloads a region of a
 * file or device, runs a hex editor and writes the region back if it
 * changed.  The copy lives in a private temporary directory that is
 * removed afterwards.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "fish.h"
#include "spawn.h"

/* Makes a private directory for the local copy of REMOTE and returns
 * the copy's name in it (the last component of REMOTE, so the editor
 * shows a meaningful name and picks its syntax mode).  *dir_r gets the
 * directory.  NULL after printing the error.
 */
static char *
make_local_copy_name (const char *cmd, const char *remote, char **dir_r)
{
  const char *tmpdir = getenv ("TMPDIR");
  const char *base = strrchr (remote, '/');
  char *dir, *name;

  base = base && base[1] ? base + 1 : "file";
  if (asprintf (&dir, "%s/guestfishXXXXXX",
                tmpdir && *tmpdir ? tmpdir : "/tmp") == -1) {
    perror ("asprintf");
    return NULL;
  }
  if (mkdtemp (dir) == NULL) {
    fprintf (stderr, "%s: mkdtemp: %s: %m\n", cmd, dir);
    free (dir);
    return NULL;
  }
  if (asprintf (&name, "%s/%s", dir, base) == -1) {
    perror ("asprintf");
    rmdir (dir);
    free (dir);
    return NULL;
  }
  *dir_r = dir;
  return name;
}

static void
remove_local_copy (char *dir, char *name)
{
  if (name) {
    unlink (name);
    free (name);
  }
  if (dir) {
    rmdir (dir);
    free (dir);
  }
}

/* Runs "PROGRAM FILE" through the shell (PROGRAM may carry options,
 * like "emacs -nw"); the file name reaches the shell as "$1", so it
 * needs no quoting.  Like system(3), ^C stops the editor, not
 * guestfish.
 */
static int
run_program (const char *cmd, const char *program, const char *file)
{
  CLEANUP_FREE char *line = NULL;
  struct spawn s;
  int status;

  if (asprintf (&line, "%s \"$1\"", program) == -1) {
    perror ("asprintf");
    return -1;
  }
  char *argv[] = { (char *) "/bin/sh", (char *) "-c", line,
                   (char *) "sh", (char *) file, NULL };

  fflush (stdout);
  spawn_init (&s, cmd, argv);
  s.flags = SPAWN_LIKE_SYSTEM;
  if (spawn_start (&s) == -1)
    return -1;
  status = spawn_wait (&s);
  if (status > 0)
    fprintf (stderr, "%s: %s failed\n", cmd, program);
  return status == 0 ? 0 : -1;
}

/* Runs EDITOR on NAME, the local copy of the guest's FILE; sets
 * *CHANGED to whether the copy was changed (its time or size), so that
 * an unchanged file is not written back (nor its times touched in the
 * guest).  KEEP_SIZE: the copy is a region written back in place, so
 * a change of size is refused (a longer region would overwrite what
 * follows it).
 */
static int
edit_local_copy (const char *cmd, const char *editor, const char *file,
                 const char *name, bool keep_size, bool *changed)
{
  struct stat before, after;

  if (stat (name, &before) == -1) {
    fprintf (stderr, "%s: stat: %s: %m\n", cmd, name);
    return -1;
  }
  if (run_program (cmd, editor, name) == -1)
    return -1;
  if (stat (name, &after) == -1) {
    fprintf (stderr, "%s: stat: %s: %m\n", cmd, name);
    return -1;
  }
  *changed = before.st_mtim.tv_sec != after.st_mtim.tv_sec ||
    before.st_mtim.tv_nsec != after.st_mtim.tv_nsec ||
    before.st_size != after.st_size;
  if (keep_size && before.st_size != after.st_size) {
    fprintf (stderr, "%s: %s: the edited region changed size; not "
             "writing it back\n", cmd, file);
    return -1;
  }
  return 0;
}

static int
run_edit (const char *cmd, size_t argc, char *argv[])
{
  const char *editor;
  char *dir = NULL, *name;
  bool changed;
  int r = -1;

  if (argc != 1) {
    fish_usage_error (cmd, "edit filename");
    return -1;
  }
  if (strcmp (cmd, "vi") == 0)
    editor = "vi";
  else if (strcmp (cmd, "emacs") == 0)
    editor = "emacs -nw";
  else {
    editor = getenv ("EDITOR");
    if (editor == NULL || *editor == '\0')
      editor = "vi";
  }

  name = make_local_copy_name (cmd, argv[0], &dir);
  if (name == NULL)
    return -1;
  if (guestfs_download (g, argv[0], name) == -1)
    goto out;
  if (edit_local_copy (cmd, editor, argv[0], name, false, &changed) == -1)
    goto out;
  if (changed && guestfs_upload (g, name, argv[0]) == -1)
    goto out;
  r = 0;

 out:
  remove_local_copy (dir, name);
  return r;
}

static int
run_more (const char *cmd, size_t argc, char *argv[])
{
  const char *pager;
  char *dir = NULL, *name;
  int r = -1;

  if (argc != 1) {
    fish_usage_error (cmd, "more filename");
    return -1;
  }
  if (strcmp (cmd, "less") == 0)
    pager = "less";
  else {
    pager = getenv ("PAGER");
    if (pager == NULL || *pager == '\0')
      pager = "more";
  }

  name = make_local_copy_name (cmd, argv[0], &dir);
  if (name == NULL)
    return -1;
  if (guestfs_download (g, argv[0], name) == -1)
    goto out;
  r = run_program (cmd, pager, name);

 out:
  remove_local_copy (dir, name);
  return r;
}

static int
run_display (const char *cmd, size_t argc, char *argv[])
{
  const char *viewer = getenv ("GUESTFISH_DISPLAY_IMAGE");
  char *dir = NULL, *name;
  int r = -1;

  if (argc != 1) {
    fish_usage_error (cmd, "display filename");
    return -1;
  }
  if (viewer == NULL || *viewer == '\0')
    viewer = "display";
  name = make_local_copy_name (cmd, argv[0], &dir);
  if (name == NULL)
    return -1;
  if (guestfs_download (g, argv[0], name) == -1)
    goto out;
  r = run_program (cmd, viewer, name);

 out:
  remove_local_copy (dir, name);
  return r;
}

/* The region hexedit takes when no size is given: the whole file or
 * device, but no more than this.  Downloading a whole disk into a
 * temporary file by accident would fill the host's /tmp.
 */
#define FISH_HEXEDIT_MAX_DEFAULT (64 * 1024 * 1024)

static int
run_hexedit (const char *cmd, size_t argc, char *argv[])
{
  const char *editor = getenv ("HEXEDITOR");
  const char *file;
  int64_t start = 0, max = -1, size;
  char *dir = NULL, *name;
  bool changed;
  int r = -1;

  if (argc < 1 || argc > 3) {
    fish_usage_error (cmd, "hexedit <filename|device> [[start] max]");
    return -1;
  }
  file = argv[0];
  if ((argc == 2 && fish_parse_size (cmd, argv[1], &max) == -1) ||
      (argc == 3 && (fish_parse_size (cmd, argv[1], &start) == -1 ||
                     fish_parse_size (cmd, argv[2], &max) == -1)))
    return -1;
  if (editor == NULL || *editor == '\0')
    editor = "hexedit";

  size = strncmp (file, "/dev/", 5) == 0
    ? guestfs_blockdev_getsize64 (g, file) : guestfs_filesize (g, file);
  if (size == -1)
    return -1;
  if (start >= size) {
    fprintf (stderr, "%s: %s: start %" PRIi64 " is beyond the end (%"
             PRIi64 " bytes)\n", cmd, file, start, size);
    return -1;
  }
  if (max == -1) {
    max = size - start;
    if (max > FISH_HEXEDIT_MAX_DEFAULT) {
      fprintf (stderr, "%s: %s: %" PRIi64 " bytes is a lot to edit; give "
               "the size of the region to edit (hexedit %s [start] max)\n",
               cmd, file, max, file);
      return -1;
    }
  }
  else if (max > size - start)
    max = size - start;
  if (max == 0) {
    fprintf (stderr, "%s: %s: the region to edit is empty\n", cmd, file);
    return -1;
  }

  name = make_local_copy_name (cmd, file, &dir);
  if (name == NULL)
    return -1;
  if (guestfs_download_offset (g, file, name, start, max) == -1)
    goto out;
  if (edit_local_copy (cmd, editor, file, name, true, &changed) == -1)
    goto out;
  if (changed && guestfs_upload_offset (g, name, file, start) == -1)
    goto out;
  r = 0;

 out:
  remove_local_copy (dir, name);
  return r;
}

const struct fish_command fish_edit_commands[] = {
  { "edit", "vi emacs",
    "edit a file",
    "edit filename",
    "Downloads the guest file filename, runs an editor on the copy, and\n"
    "uploads the result if the copy changed.  The editor is $EDITOR (vi\n"
    "when unset); the names vi and emacs choose those editors.",
    run_edit, 0 },
  { "display", NULL,
    "display an image",
    "display filename",
    "Downloads the guest file filename and shows it with an image\n"
    "viewer: $GUESTFISH_DISPLAY_IMAGE, or display(1) from ImageMagick\n"
    "when unset.  The viewer needs a graphical display.",
    run_display, 0 },
  { "hexedit", NULL,
    "edit with a hex editor",
    "hexedit <filename|device> [[start] max]",
    "Downloads a region of the guest file or device (the whole of it,\n"
    "max bytes from the start, or max bytes from start), runs a hex\n"
    "editor on it and, if it changed, writes it back in place.  The\n"
    "editor is $HEXEDITOR, or hexedit(1) when unset.  Sizes take the\n"
    "usual suffixes (1M...).  Without max, a region larger than 64 MiB\n"
    "is refused: give its size.  The editor must not change the size of\n"
    "the region.  For example, to edit the boot sector of the first\n"
    "disk:\n"
    "\n"
    "    hexedit /dev/sda 0 512",
    run_hexedit, 0 },
  { "more", "less",
    "view a file",
    "more filename",
    "Downloads the guest file filename and shows it with $PAGER (more\n"
    "when unset); the name less chooses less.",
    run_more, 0 },
  { NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};
