/** careen - offline disk-image toolkit
 *
 * copy-in and copy-out: copy files and directory trees between the host
 * and the guest, each keeping its last path component as its name in
 * the target directory, with its permissions and modification time.
 *
 * copy-in: a directory is packed by the host's tar(1) into a pipe that
 * tar-in unpacks in the guest; a regular file is uploaded, then its mode
 * and times are set.
 *
 * copy-out: a directory is packed by tar-out into a pipe that a child
 * process unpacks with guestfish's own extractor (untar.c), which never
 * writes outside the target directory whatever the archive holds; a
 * regular file is downloaded, then its mode and time are set.
 *
 * Guest names are hostile: the name a file gets on the host is the last
 * component of the path the user typed (never "." or ".."), and an
 * existing symlink in the local directory is not followed, so nothing
 * lands outside the directory the user gave.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "fish.h"

/* The last component of PATH ("/a/b/" gives "b"), newly allocated, or
 * NULL when there is none ("/", ".", "..").
 */
static char *
last_component (const char *path)
{
  size_t end = strlen (path), start;

  while (end > 0 && path[end - 1] == '/')
    end--;
  start = end;
  while (start > 0 && path[start - 1] != '/')
    start--;
  if (end == start ||
      (end - start == 1 && path[start] == '.') ||
      (end - start == 2 && path[start] == '.' && path[start + 1] == '.'))
    return NULL;
  return strndup (path + start, end - start);
}

/* Copies the local directory SRC into REMOTEDIR: "tar -C parent -cf -
 * name" on the host, its output unpacked by tar-in.
 */
static int
copy_in_dir (const char *cmd, const char *src, const char *name,
             const char *remotedir)
{
  CLEANUP_FREE char *parent = NULL;
  char fdname[32];
  struct spawn tar;
  int r, status;

  /* SRC with its last component (and trailing slashes) removed. */
  parent = strdup (src);
  if (parent == NULL) {
    perror ("strdup");
    return -1;
  }
  {
    size_t end = strlen (parent);

    while (end > 1 && parent[end - 1] == '/')
      end--;
    while (end > 0 && parent[end - 1] != '/')
      end--;
    parent[end] = '\0';
    if (end == 0)
      strcpy (parent, ".");
  }

  {
    /* "--" so that a name starting with '-' is not an option. */
    char *argv[] = { (char *) "tar", (char *) "-C", parent, (char *) "-cf",
                     (char *) "-", (char *) "--", (char *) name, NULL };

    spawn_init (&tar, cmd, argv);
    tar.fd[1] = SPAWN_PIPE;
    if (spawn_start (&tar) == -1)
      return -1;
    snprintf (fdname, sizeof fdname, "/dev/fd/%d", tar.pipe[1]);
    r = guestfs_tar_in (g, fdname, remotedir);
    status = spawn_wait (&tar);
  }
  if (status == -1)
    return -1;
  if (r == 0 && status != 0) {
    fprintf (stderr, "%s: tar failed\n", cmd);
    return -1;
  }
  return r;
}

/* Uploads the local regular file SRC as TARGET, then gives it the
 * mode and times of SRC.
 */
static int
copy_in_file (const char *cmd, const char *src, const struct stat *st,
              const char *target)
{
  if (guestfs_upload (g, src, target) == -1 ||
      guestfs_chmod (g, st->st_mode & 07777, target) == -1 ||
      guestfs_utimens (g, target, st->st_atim.tv_sec, st->st_atim.tv_nsec,
                       st->st_mtim.tv_sec, st->st_mtim.tv_nsec) == -1)
    return -1;
  return 0;
}

static int
run_copy_in (const char *cmd, size_t argc, char *argv[])
{
  const char *remotedir;
  size_t i;
  int r;

  if (argc < 2) {
    fish_usage_error (cmd, "copy-in local [local ...] /remotedir");
    return -1;
  }
  remotedir = argv[argc - 1];
  r = guestfs_is_dir (g, remotedir);
  if (r == -1)
    return -1;
  if (r == 0) {
    fprintf (stderr, "%s: %s: not a directory in the guest\n", cmd,
             remotedir);
    return -1;
  }

  for (i = 0; i < argc - 1; ++i) {
    CLEANUP_FREE char *name = last_component (argv[i]);
    CLEANUP_FREE char *target = NULL;
    struct stat st;

    if (stat (argv[i], &st) == -1) {
      fprintf (stderr, "%s: %s: %m\n", cmd, argv[i]);
      return -1;
    }
    if (name == NULL) {
      fprintf (stderr, "%s: %s: cannot tell the file's name\n", cmd,
               argv[i]);
      return -1;
    }
    if (S_ISDIR (st.st_mode)) {
      if (copy_in_dir (cmd, argv[i], name, remotedir) == -1)
        return -1;
      continue;
    }
    if (asprintf (&target, "%s%s%s", remotedir,
                  remotedir[strlen (remotedir) - 1] == '/' ? "" : "/",
                  name) == -1) {
      perror ("asprintf");
      return -1;
    }
    if (copy_in_file (cmd, argv[i], &st, target) == -1)
      return -1;
  }
  return 0;
}

/* Copies the guest directory SRC to NAME in the local directory LOCALFD:
 * tar-out writes into a pipe, a child process extracts it.
 */
static int
copy_out_dir (const char *cmd, const char *src, int localfd,
              const char *name)
{
  char fdname[32];
  int fds[2], dirfd;
  pid_t pid;
  int r;

  /* An existing directory is merged into; a symlink there is refused
   * (O_NOFOLLOW), it could point anywhere.
   */
  if (mkdirat (localfd, name, 0700) == -1 && errno != EEXIST) {
    fprintf (stderr, "%s: mkdir: %s: %m\n", cmd, name);
    return -1;
  }
  dirfd = openat (localfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
                  O_CLOEXEC);
  if (dirfd == -1) {
    fprintf (stderr, "%s: %s: %m\n", cmd, name);
    return -1;
  }
  if (pipe2 (fds, O_CLOEXEC) == -1) {
    fprintf (stderr, "%s: pipe: %m\n", cmd);
    close (dirfd);
    return -1;
  }
  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  if (pid == -1) {
    fprintf (stderr, "%s: fork: %m\n", cmd);
    close (fds[0]);
    close (fds[1]);
    close (dirfd);
    return -1;
  }
  if (pid == 0) {
    close (fds[1]);
    _exit (fish_untar (cmd, fds[0], dirfd) == 0 ? EXIT_SUCCESS
           : EXIT_FAILURE);
  }
  close (fds[0]);
  close (dirfd);
  snprintf (fdname, sizeof fdname, "/dev/fd/%d", fds[1]);
  r = guestfs_tar_out (g, src, fdname);
  close (fds[1]);
  /* The extractor printed its own errors. */
  if (spawn_reap (cmd, "tar-out extractor", pid) != 0)
    r = -1;
  return r;
}

/* Downloads the guest file SRC to NAME in LOCALDIR, then gives it the
 * guest file's permissions (without setuid and setgid) and time.
 */
static int
copy_out_file (const char *cmd, const char *src, const char *localdir,
               const char *name)
{
  CLEANUP_FREE char *target = NULL;
  struct guestfs_statns *s;
  struct timespec ts[2];
  struct stat st;
  int r = 0;

  if (asprintf (&target, "%s/%s", localdir, name) == -1) {
    perror ("asprintf");
    return -1;
  }
  /* A symlink already there could point anywhere on the host. */
  if (lstat (target, &st) == 0 && S_ISLNK (st.st_mode)) {
    fprintf (stderr, "%s: %s: is a symbolic link; not overwriting it\n",
             cmd, target);
    return -1;
  }
  if (guestfs_download (g, src, target) == -1)
    return -1;
  s = guestfs_statns (g, src);
  if (s == NULL)
    return -1;
  ts[0].tv_sec = s->st_atime_sec;
  ts[0].tv_nsec = s->st_atime_nsec;
  ts[1].tv_sec = s->st_mtime_sec;
  ts[1].tv_nsec = s->st_mtime_nsec;
  if (chmod (target, s->st_mode & 01777) == -1 ||
      utimensat (AT_FDCWD, target, ts, AT_SYMLINK_NOFOLLOW) == -1) {
    fprintf (stderr, "%s: %s: %m\n", cmd, target);
    r = -1;
  }
  guestfs_free_statns (s);
  return r;
}

static int
run_copy_out (const char *cmd, size_t argc, char *argv[])
{
  const char *localdir;
  int localfd, ret = -1;
  size_t i;

  if (argc < 2) {
    fish_usage_error (cmd, "copy-out remote [remote ...] localdir");
    return -1;
  }
  localdir = argv[argc - 1];
  localfd = open (localdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (localfd == -1) {
    fprintf (stderr, "%s: %s: %m\n", cmd, localdir);
    return -1;
  }

  for (i = 0; i < argc - 1; ++i) {
    CLEANUP_FREE char *name = last_component (argv[i]);
    int r;

    if (name == NULL) {
      fprintf (stderr, "%s: %s: cannot tell the file's name\n", cmd,
               argv[i]);
      goto out;
    }
    r = guestfs_is_dir (g, argv[i]);
    if (r == -1)
      goto out;
    if (r == 1) {
      if (copy_out_dir (cmd, argv[i], localfd, name) == -1)
        goto out;
    }
    else if (copy_out_file (cmd, argv[i], localdir, name) == -1)
      goto out;
  }
  ret = 0;

 out:
  close (localfd);
  return ret;
}

const struct fish_command fish_copy_commands[] = {
  { "copy-in", NULL,
    "copy local files or directories into an image",
    "copy-in local [local ...] /remotedir",
    "Copies the local files and directories (with everything in them)\n"
    "into the guest directory /remotedir, which must exist; each keeps\n"
    "its name, permissions and times.  Directories are sent as a tar\n"
    "archive (the host's tar packs, tar-in unpacks), so owners are kept\n"
    "too when the guest filesystem supports them.",
    run_copy_in, FISH_HOST_FILES_BUT_LAST },
  { "copy-out", NULL,
    "copy remote files or directories out of an image",
    "copy-out remote [remote ...] localdir",
    "Copies the guest files and directories (with everything in them)\n"
    "into the local directory localdir, which must exist; each keeps its\n"
    "name, permissions (without setuid and setgid) and modification\n"
    "time, but belongs to the user running guestfish.  An existing file\n"
    "of the same name is replaced, an existing directory is merged into.\n"
    "\n"
    "Nothing is ever written outside localdir: symbolic links are copied\n"
    "as links and never followed, not even existing ones in localdir;\n"
    "names with '..' are skipped; device nodes and FIFOs are not copied\n"
    "(a warning names them).",
    run_copy_out, FISH_HOST_FILE_LAST },
  { NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};
