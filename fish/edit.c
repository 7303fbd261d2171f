/** careen - offline disk-image toolkit
 *
 * The guestfish commands that hand a guest file to a host program:
 * edit (and vi, emacs) download the file, run an editor on the copy and
 * upload it back if it changed; more (and less) download it and run a
 * pager.  The copy lives in a private temporary directory that is
 * removed afterwards.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanups.h"
#include "fish.h"

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
 * like "emacs -nw").  The file name is single-quoted for the shell.
 */
static int
run_program (const char *cmd, const char *program, const char *file)
{
  CLEANUP_FREE char *line = NULL;
  const char *p;
  size_t len = strlen (program) + 4;
  char *q;
  int status;

  for (p = file; *p; ++p)
    len += *p == '\'' ? 4 : 1;
  line = malloc (len);
  if (line == NULL) {
    perror ("malloc");
    return -1;
  }
  q = line + sprintf (line, "%s '", program);
  for (p = file; *p; ++p) {
    if (*p == '\'') {
      memcpy (q, "'\\''", 4);
      q += 4;
    }
    else
      *q++ = *p;
  }
  strcpy (q, "'");

  fflush (stdout);
  status = system (line);
  if (status == -1) {
    fprintf (stderr, "%s: %s: %m\n", cmd, program);
    return -1;
  }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
    fprintf (stderr, "%s: %s failed\n", cmd, program);
    return -1;
  }
  return 0;
}

static int
run_edit (const char *cmd, size_t argc, char *argv[])
{
  const char *editor;
  char *dir = NULL, *name;
  struct stat before, after;
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
  if (stat (name, &before) == -1) {
    fprintf (stderr, "%s: stat: %s: %m\n", cmd, name);
    goto out;
  }
  if (run_program (cmd, editor, name) == -1)
    goto out;
  if (stat (name, &after) == -1) {
    fprintf (stderr, "%s: stat: %s: %m\n", cmd, name);
    goto out;
  }
  /* Unchanged: do not rewrite the guest file (nor its times). */
  if (before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
      before.st_mtim.tv_nsec == after.st_mtim.tv_nsec &&
      before.st_size == after.st_size) {
    r = 0;
    goto out;
  }
  if (guestfs_upload (g, name, argv[0]) == -1)
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

const struct fish_command fish_edit_commands[] = {
  { "edit", "vi emacs",
    "edit a file",
    "edit filename",
    "Downloads the guest file filename, runs an editor on the copy, and\n"
    "uploads the result if the copy changed.  The editor is $EDITOR (vi\n"
    "when unset); the names vi and emacs choose those editors.",
    run_edit },
  { "more", "less",
    "view a file",
    "more filename",
    "Downloads the guest file filename and shows it with $PAGER (more\n"
    "when unset); the name less chooses less.",
    run_more },
  { NULL, NULL, NULL, NULL, NULL, NULL }
};
