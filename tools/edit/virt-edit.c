/** careen - offline disk-image toolkit
 *
 * virt-edit: edits files of a disk image, with the user's $EDITOR or,
 * with -e, expressions applied to each line: s/// substitutions run
 * with PCRE2 (edit-expr.c); any other Perl code is handed to the
 * host's perl(1), for the scripts written for libguestfs's virt-edit.  The file is downloaded into a private directory on the
 * host, edited there, and if it changed written back:
 *
 *   - uploaded to a new temporary file of the same guest directory
 *     (made by mktemp, so mode 0600 from the start: the new contents
 *     are never readable by others, even for a moment, whatever the
 *     umask; libguestfs's CVE-2012-2690 left edited files world
 *     readable);
 *   - given the owner, group and permissions of the original;
 *   - renamed over the original (after renaming the original to its
 *     backup name with -b), so a crash leaves the old file or the new
 *     one, never half of one.
 *
 * A symbolic link is edited through: its target, resolved inside the
 * guest, is what gets replaced, and the link stays a link.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "edit-expr.h"
#include "options.h"
#include "spawn.h"

#define PROGRAM "virt-edit"

/* Bytes compared at a time when checking whether the edit changed the
 * file.
 */
#define CMP_BUF (64 * 1024)

enum { HELP_OPTION = CHAR_MAX + 1 };

static const char short_options[] = "a:b:c:d:e:m:vVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "backup", required_argument, NULL, 'b' },
  { "blocksize", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "edit", required_argument, NULL, 'e' },
  { "expr", required_argument, NULL, 'e' },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, HELP_OPTION },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "mount", required_argument, NULL, 'm' },
  { "short-options", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
  else
    printf ("%s: edit a file in a disk image (careen)\n"
            "\n"
            "Usage:\n"
            "  %s [--options] -a disk.img file [file ...]\n"
            "  %s [--options] disk.img [disk.img ...] file\n"
            "  %s [--options] -d domname file [file ...]\n"
            "\n"
            "Options:\n"
            "  -a|--add image       add a disk image\n"
            "  -b|--backup .ext     keep the original as file.ext\n"
            "  --blocksize[=512|4096] sector size of the next -a\n"
            "  -c|--connect uri     libvirt URI for -d\n"
            "  -d|--domain guest    add the disks of a libvirt guest\n"
            "  -e|--edit|--expr EXPR  apply s/REGEX/REPL/FLAGS (or Perl code)\n"
            "                       to each line instead of running $EDITOR\n"
            "  --format[=raw|qcow2|..] format of the next -a images\n"
            "  --key ID:key:KEY|ID:file:FILE  key of an encrypted disk\n"
            "  --keys-from-stdin    read keys from stdin\n"
            "  --echo-keys          show keys as they are typed\n"
            "  -m|--mount dev[:mnt[:opts[:fstype]]]  mount (default: "
            "inspection)\n"
            "  -v|--verbose         verbose messages\n"
            "  -V|--version         print the version and exit\n"
            "  -x                   trace library calls\n"
            "  --help               print this help and exit\n"
            "See %s(1).\n", PROGRAM, PROGRAM, PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

/* Runs ARGV; 0 when it exited with status 0.  Messages name WHAT. */
static int
run_argv (const char *what, char *const argv[])
{
  int status = spawn_run (PROGRAM, argv);

  if (status == 0)
    return 0;
  /* -1 was explained; 127 is the shell saying "not found". */
  if (status > 0 && status != 127)
    fprintf (stderr, "%s: %s failed, the file is left unchanged\n",
             PROGRAM, what);
  return -1;
}

/* Runs the user's editor on FILE.  $EDITOR may hold options ("emacs
 * -nw"), so it goes through the shell, with the file name as a
 * separate argument ("$1"), never pasted into the command line.
 */
static int
run_editor (const char *file)
{
  const char *editor = getenv ("EDITOR");
  CLEANUP_FREE char *line = NULL;

  if (editor == NULL || *editor == '\0')
    editor = "vi";
  if (asprintf (&line, "%s \"$1\"", editor) == -1) {
    perror ("asprintf");
    return -1;
  }
  {
    char *argv[] = { (char *) "/bin/sh", (char *) "-c", line,
                     (char *) "sh", (char *) file, NULL };

    return run_argv (editor, argv);
  }
}

/* Most -e options. */
#define MAX_EXPRS 64

/* The -e expressions, in command-line order. */
static const char *exprs[MAX_EXPRS];
static struct edit_expr *compiled[MAX_EXPRS];
static size_t nr_exprs;
static bool need_perl;          /* one of them is not an s/// */

/* Applies the -e expressions to each line of FILE in place: with
 * PCRE2 when all are substitutions, else with perl(1), where $_ is
 * the line with its newline and $lineno its number from 1.
 */
static int
run_exprs (const char *file)
{
  CLEANUP_FREE char *code = NULL;
  size_t i;

  if (!need_perl)
    return edit_expr_apply_file (PROGRAM, compiled, nr_exprs, file);
  /* Each newline ends a trailing comment of an expression. */
  if (asprintf (&code, "our $lineno = $.;") == -1) {
    perror ("asprintf");
    return -1;
  }
  for (i = 0; i < nr_exprs; ++i) {
    char *next;

    if (asprintf (&next, "%s %s\n;", code, exprs[i]) == -1) {
      perror ("asprintf");
      return -1;
    }
    free (code);
    code = next;
  }
  {
    char *argv[] = { (char *) "perl", (char *) "-i", (char *) "-pe",
                     code, (char *) "--", (char *) file, NULL };

    return run_argv ("the -e expression", argv);
  }
}

/* Copies the local file SRC to DST (new, private).  0 or -1 (printed). */
static int
copy_local (const char *src, const char *dst)
{
  CLEANUP_FREE char *buf = malloc (CMP_BUF);
  int in, out, r = -1;
  ssize_t n;

  if (buf == NULL) {
    perror ("malloc");
    return -1;
  }
  in = open (src, O_RDONLY | O_CLOEXEC);
  if (in == -1) {
    fprintf (stderr, "%s: open: %s: %m\n", PROGRAM, src);
    return -1;
  }
  out = open (dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out == -1) {
    fprintf (stderr, "%s: open: %s: %m\n", PROGRAM, dst);
    close (in);
    return -1;
  }
  while ((n = read (in, buf, CMP_BUF)) > 0) {
    if (write (out, buf, n) != n) {
      fprintf (stderr, "%s: write: %s: %m\n", PROGRAM, dst);
      goto out;
    }
  }
  if (n == -1) {
    fprintf (stderr, "%s: read: %s: %m\n", PROGRAM, src);
    goto out;
  }
  r = 0;
 out:
  close (in);
  if (close (out) == -1 && r == 0) {
    fprintf (stderr, "%s: close: %s: %m\n", PROGRAM, dst);
    r = -1;
  }
  return r;
}

/* 1 if the local files A and B have the same contents, 0 if not, -1
 * on error (printed).
 */
static int
same_contents (const char *a, const char *b)
{
  FILE *fa = fopen (a, "r"), *fb = fopen (b, "r");
  int r = -1, ca, cb;

  if (fa == NULL || fb == NULL) {
    fprintf (stderr, "%s: open: %s: %m\n", PROGRAM, fa ? b : a);
    goto out;
  }
  do {
    ca = getc (fa);
    cb = getc (fb);
  } while (ca == cb && ca != EOF);
  r = ca == cb;
 out:
  if (fa)
    fclose (fa);
  if (fb)
    fclose (fb);
  return r;
}

/* Puts the edited local file NEWFILE in place of the guest file PATH
 * (already resolved), keeping its owner and mode, with an optional
 * backup.  Returns 0, or -1 (error printed).
 */
static int
replace_guest_file (guestfs_h *g, const char *path, const char *newfile,
                    const char *backup)
{
  CLEANUP_FREE char *tmpl = NULL, *tmp = NULL, *backup_name = NULL;
  struct guestfs_statns *st;
  const char *slash = strrchr (path, '/');
  int r = -1;

  st = guestfs_statns (g, path);
  if (st == NULL)
    return -1;
  if (asprintf (&tmpl, "%.*s/virteditXXXXXX", (int) (slash - path),
                path) == -1) {
    perror ("asprintf");
    goto out;
  }
  tmp = guestfs_mktemp (g, tmpl, -1);
  if (tmp == NULL)
    goto out;
  /* chown before chmod: changing the owner clears setuid bits. */
  if (guestfs_upload (g, newfile, tmp) == -1 ||
      guestfs_chown (g, st->st_uid, st->st_gid, tmp) == -1 ||
      guestfs_chmod (g, st->st_mode & 07777, tmp) == -1)
    goto out_remove;
  if (backup) {
    if (asprintf (&backup_name, "%s%s", path, backup) == -1) {
      perror ("asprintf");
      goto out_remove;
    }
    if (guestfs_mv (g, path, backup_name) == -1)
      goto out_remove;
  }
  if (guestfs_mv (g, tmp, path) == -1)
    goto out_remove;
  r = 0;
  goto out;

 out_remove:
  /* Best effort: the error that matters was printed already. */
  guestfs_push_error_handler (g, NULL, NULL);
  guestfs_rm_f (g, tmp);
  guestfs_pop_error_handler (g);
 out:
  guestfs_free_statns (st);
  return r;
}

/* Edits one guest file.  Returns 0, or -1 (error printed). */
static int
edit_file (guestfs_h *g, const char *file, const char *backup)
{
  const char *tmpdir = getenv ("TMPDIR");
  CLEANUP_FREE char *path = NULL, *dir = NULL, *local = NULL,
    *orig = NULL;
  int r = -1, same;

  /* Through symlinks, inside the guest: the link stays a link. */
  path = guestfs_realpath (g, file);
  if (path == NULL)
    return -1;
  if (guestfs_is_file (g, path) != 1) {
    fprintf (stderr, "%s: %s: not a regular file\n", PROGRAM, file);
    return -1;
  }
  if (asprintf (&dir, "%s/virteditXXXXXX",
                tmpdir && *tmpdir ? tmpdir : "/tmp") == -1 ||
      mkdtemp (dir) == NULL) {
    fprintf (stderr, "%s: mkdtemp: %m\n", PROGRAM);
    return -1;
  }
  /* The last component keeps its name so editors pick a syntax mode. */
  if (asprintf (&local, "%s/%s", dir, strrchr (path, '/') + 1) == -1 ||
      asprintf (&orig, "%s/.orig", dir) == -1) {
    perror ("asprintf");
    goto out;
  }
  if (guestfs_download (g, path, local) == -1 ||
      copy_local (local, orig) == -1)
    goto out;
  if ((nr_exprs > 0 ? run_exprs (local) : run_editor (local)) == -1)
    goto out;
  same = same_contents (orig, local);
  if (same == -1)
    goto out;
  /* Unchanged: the guest file (and its times) are left alone. */
  r = same ? 0 : replace_guest_file (g, path, local, backup);

 out:
  if (local)
    unlink (local);
  if (orig)
    unlink (orig);
  rmdir (dir);
  return r;
}

int
main (int argc, char *argv[])
{
  struct options o;
  const char *backup = NULL;
  guestfs_h *g;
  int c, option_index, i, first_file, status = EXIT_SUCCESS;

  options_init (&o, PROGRAM, false, short_options, long_options);
  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, long_options,
                     &option_index);
    if (c == -1)
      break;
    switch (c) {
    case HELP_OPTION:
      usage (EXIT_SUCCESS);
    case 'b':
      backup = optarg;
      break;
    case 'e':
      if (nr_exprs >= MAX_EXPRS) {
        fprintf (stderr, "%s: more than %d -e options\n", PROGRAM,
                 MAX_EXPRS);
        exit (EXIT_FAILURE);
      }
      /* "s/a/b/ if $lineno == 1" is Perl code, not a plain s///. */
      compiled[nr_exprs] = edit_expr_is_substitution (optarg)
        ? edit_expr_compile (NULL, "-e", optarg) : NULL;
      if (compiled[nr_exprs] == NULL)
        need_perl = true;
      exprs[nr_exprs++] = optarg;
      break;
    default:
      if (options_handle (&o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }

  /* The old form: disk images (or a domain), then one file. */
  first_file = optind;
  if (o.nr_drives == 0) {
    for (; first_file < argc - 1; ++first_file)
      options_add_guest_arg (&o, argv[first_file]);
  }
  if (o.nr_drives == 0 || first_file >= argc) {
    fprintf (stderr, "%s: %s\n", PROGRAM, o.nr_drives == 0
             ? "no disk image or domain: give one with -a or -d"
             : "no file to edit on the command line");
    usage (EXIT_FAILURE);
  }
  if (backup && (*backup == '\0' || strchr (backup, '/'))) {
    fprintf (stderr, "%s: -b: the backup extension must be a non-empty "
             "string without '/'\n", PROGRAM);
    exit (EXIT_FAILURE);
  }
  if (need_perl && !spawn_find_program ("perl")) {
    /* Say what is wrong with the first expression that is not a
     * plain substitution: not one at all, or a faulty one.
     */
    for (i = 0; i < (int) nr_exprs; ++i) {
      if (compiled[i])
        continue;
      if (edit_expr_is_substitution (exprs[i]))
        edit_expr_compile (PROGRAM, "-e", exprs[i]);
      else
        fprintf (stderr, "%s: -e: %s: only s/REGEX/REPLACEMENT/FLAGS "
                 "works without perl, which is not installed\n",
                 PROGRAM, exprs[i]);
      break;
    }
    exit (EXIT_FAILURE);
  }

  g = options_create_handle (&o);
  if (options_add_drives (&o, g) == -1 || guestfs_launch (g) == -1 ||
      (o.nr_mounts > 0 ? options_mount (&o, g)
       : options_inspect_mount (&o, g, NULL)) == -1) {
    status = EXIT_FAILURE;
    goto out;
  }
  for (i = first_file; i < argc; ++i) {
    if (edit_file (g, argv[i], backup) == -1) {
      status = EXIT_FAILURE;
      goto out;
    }
  }
  if (guestfs_shutdown (g) == -1)
    status = EXIT_FAILURE;

 out:
  guestfs_close (g);
  options_free (&o);
  for (i = 0; i < (int) nr_exprs; ++i)
    edit_expr_free (compiled[i]);
  exit (status);
}
