/** careen - offline disk-image toolkit
 *
 * guestfish's own commands, the ones that are not calls of the API:
 * echo, time, quit, man, reopen, lcd, setenv, unsetenv, sparse,
 * alloc and supported.  help is in help.c, edit and more in edit.c, the event
 * commands in events.c.  They share the struct fish_command of the
 * generated table so that lookup, help and completion treat both
 * tables alike.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanups.h"
#include "fish.h"
#include "options.h"
#include "spawn.h"

static int
run_echo (const char *cmd, size_t argc, char *argv[])
{
  size_t i;

  for (i = 0; i < argc; ++i)
    printf ("%s%s", i > 0 ? " " : "", argv[i]);
  putchar ('\n');
  return 0;
}

static int
run_quit (const char *cmd, size_t argc, char *argv[])
{
  fish_quit = true;
  return 0;
}

static int
run_time (const char *cmd, size_t argc, char *argv[])
{
  struct timespec start, end;
  int64_t ms;
  int r;

  if (argc < 1) {
    fish_usage_error (cmd, "time command [args...]");
    return -1;
  }
  clock_gettime (CLOCK_MONOTONIC, &start);
  r = fish_run_command (argv[0], argc - 1, argv + 1);
  clock_gettime (CLOCK_MONOTONIC, &end);

  /* Printed even when the command failed: the time is still useful. */
  ms = (end.tv_sec - start.tv_sec) * INT64_C (1000) +
    (end.tv_nsec - start.tv_nsec) / 1000000;
  printf ("elapsed time: %" PRIi64 ".%02" PRIi64 " seconds\n",
          ms / 1000, (ms % 1000) / 10);
  return r;
}

static int
run_reopen (const char *cmd, size_t argc, char *argv[])
{
  guestfs_h *old = g;

  if (argc != 0) {
    fish_usage_error (cmd, "reopen");
    return -1;
  }
  /* Settings changed by commands (set-verbose...) carry over. */
  fish_options.verbose = guestfs_get_verbose (old) > 0;
  fish_options.trace = guestfs_get_trace (old) > 0;
  fish_autosync = guestfs_get_autosync (old) != 0;

  /* Create the new handle before closing the old one, so a failure
   * leaves guestfish with a working handle.  The drives are not kept:
   * the new handle starts from scratch, as in guestfish.
   */
  if (fish_create_handle () == -1) {
    g = old;
    return -1;
  }
  guestfs_close (old);
  fish_events_reset ();
  return 0;
}

static int
run_lcd (const char *cmd, size_t argc, char *argv[])
{
  if (argc != 1) {
    fish_usage_error (cmd, "lcd directory");
    return -1;
  }
  if (chdir (argv[0]) == -1) {
    fprintf (stderr, "%s: %s: %m\n", cmd, argv[0]);
    return -1;
  }
  return 0;
}

static int
run_setenv (const char *cmd, size_t argc, char *argv[])
{
  if (argc != 2) {
    fish_usage_error (cmd, "setenv VAR value");
    return -1;
  }
  if (setenv (argv[0], argv[1], 1) == -1) {
    fprintf (stderr, "%s: %s: %m\n", cmd, argv[0]);
    return -1;
  }
  return 0;
}

static int
run_unsetenv (const char *cmd, size_t argc, char *argv[])
{
  if (argc != 1) {
    fish_usage_error (cmd, "unsetenv VAR");
    return -1;
  }
  if (unsetenv (argv[0]) == -1) {
    fprintf (stderr, "%s: %s: %m\n", cmd, argv[0]);
    return -1;
  }
  return 0;
}

static int
run_man (const char *cmd, size_t argc, char *argv[])
{
  char *man_argv[] = { (char *) "man", (char *) "1", (char *) "guestfish",
                       NULL };
  struct spawn s;
  int status;

  if (argc != 0) {
    fish_usage_error (cmd, "man");
    return -1;
  }
  fflush (stdout);
  spawn_init (&s, cmd, man_argv);
  s.flags = SPAWN_LIKE_SYSTEM;
  if (spawn_start (&s) == -1)
    return -1;
  status = spawn_wait (&s);
  if (status > 0)
    fprintf (stderr, "%s: could not show the guestfish(1) manual\n", cmd);
  return status == 0 ? 0 : -1;
}

/* sparse and alloc: create a local image file of SIZE bytes and add it
 * as a raw drive.  ALLOCATE reserves the blocks (alloc) instead of
 * leaving holes (sparse).
 */
static int
create_and_add (const char *cmd, size_t argc, char *argv[], bool allocate)
{
  int64_t size;
  int fd, err;

  if (argc != 2) {
    fish_usage_error (cmd, allocate ? "alloc filename size"
                      : "sparse filename size");
    return -1;
  }
  if (fish_parse_size (cmd, argv[1], &size) == -1)
    return -1;

  fd = open (argv[0], O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC,
             0666);
  if (fd == -1) {
    fprintf (stderr, "%s: open: %s: %m\n", cmd, argv[0]);
    return -1;
  }
  if (allocate) {
    err = size > 0 ? posix_fallocate (fd, 0, size) : 0;
    if (err != 0) {
      errno = err;
      fprintf (stderr, "%s: fallocate: %s: %m\n", cmd, argv[0]);
      goto out_unlink;
    }
  }
  else if (ftruncate (fd, size) == -1) {
    fprintf (stderr, "%s: truncate: %s: %m\n", cmd, argv[0]);
    goto out_unlink;
  }
  if (close (fd) == -1) {
    fd = -1;
    fprintf (stderr, "%s: close: %s: %m\n", cmd, argv[0]);
    goto out_unlink;
  }
  fd = -1;

  if (guestfs_add_drive_opts (g, argv[0],
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              -1) == -1)
    return -1;
  return 0;

 out_unlink:
  if (fd >= 0)
    close (fd);
  unlink (argv[0]);
  return -1;
}

static int
run_sparse (const char *cmd, size_t argc, char *argv[])
{
  return create_and_add (cmd, argc, argv, false);
}

static int
run_alloc (const char *cmd, size_t argc, char *argv[])
{
  return create_and_add (cmd, argc, argv, true);
}

/* supported: each optional group of calls, and whether the appliance
 * has it.  available fails for a missing group, with an error message
 * that is expected here, so the error handler is silenced around it.
 */
static int
run_supported (const char *cmd, size_t argc, char *argv[])
{
  CLEANUP_FREE_STRING_LIST char **groups = NULL;
  size_t i, width = 0;

  if (argc != 0) {
    fish_usage_error (cmd, "supported");
    return -1;
  }
  groups = guestfs_available_all_groups (g);
  if (groups == NULL)
    return -1;
  for (i = 0; groups[i] != NULL; ++i)
    if (strlen (groups[i]) > width)
      width = strlen (groups[i]);
  for (i = 0; groups[i] != NULL; ++i) {
    char *one[2] = { groups[i], NULL };
    int r;

    guestfs_push_error_handler (g, NULL, NULL);
    r = guestfs_available (g, one);
    guestfs_pop_error_handler (g);
    printf ("%*s %s\n", (int) width, groups[i], r == 0 ? "yes" : "no");
  }
  return 0;
}

const struct fish_command fish_local_commands[] = {
  { "help", NULL,
    "display a list of commands or help on a command",
    "help [cmd | -l | --list]",
    "Without an argument, prints a short introduction.  With a command\n"
    "name, prints the detailed help of that command.  With -l or --list,\n"
    "lists every command with a one-line description (the same list as\n"
    "guestfish -h).",
    run_help, 0 },
  { "quit", "exit q",
    "quit guestfish",
    "quit",
    "Leaves guestfish.  End of input (^D) does the same.",
    run_quit, 0 },
  { "alloc", "allocate",
    "allocate and add a disk file",
    "alloc filename size",
    "Creates the local file filename of the given size with all its\n"
    "blocks allocated (zeroed), then adds it as a raw drive, as\n"
    "add-drive would.  Must be used before launch.  The size takes the\n"
    "usual suffixes (1M, 10G...).  See sparse for a file that only uses\n"
    "space when written to, and -N for disks that come partitioned and\n"
    "formatted.",
    run_alloc, FISH_HOST_FILE_ARG (0) },
  { "echo", NULL,
    "display a line of text",
    "echo [params ...]",
    "Prints its arguments, separated by single spaces, and a newline.",
    run_echo, 0 },
  { "lcd", NULL,
    "change working directory",
    "lcd directory",
    "Changes the local working directory, the one where guestfish\n"
    "itself runs and where relative local file names are resolved.\n"
    "\"!cd\" cannot do this: it only changes the directory of a short-\n"
    "lived subshell.",
    run_lcd, FISH_HOST_FILE_ARG (0) },
  { "man", "manual",
    "open the manual",
    "man",
    "Shows the guestfish(1) manual page with man(1).",
    run_man, 0 },
  { "reopen", NULL,
    "close and reopen libguestfs handle",
    "reopen",
    "Closes the handle (which shuts the appliance down) and opens a new\n"
    "one with the same verbose, trace and autosync settings but no\n"
    "drives.  Rarely needed except for testing.",
    run_reopen, 0 },
  { "setenv", NULL,
    "set an environment variable",
    "setenv VAR value",
    "Sets the environment variable VAR to value in guestfish's\n"
    "environment, which host commands run with '!' inherit.",
    run_setenv, 0 },
  { "sparse", NULL,
    "create a sparse disk image and add",
    "sparse filename size",
    "Creates the local file filename of the given size as a sparse file\n"
    "(no blocks allocated until written) and adds it as a raw drive.\n"
    "Works like alloc otherwise.  A sparse file can run out of host disk\n"
    "space while the guest writes to it.",
    run_sparse, FISH_HOST_FILE_ARG (0) },
  { "supported", NULL,
    "list supported groups of commands",
    "supported",
    "Lists the optional groups of commands (see available) with yes or\n"
    "no: whether this appliance can run them.  The appliance must be\n"
    "running.  A group marked no is missing a host program that the\n"
    "appliance would need.",
    run_supported, 0 },
  { "time", NULL,
    "print elapsed time taken to run a command",
    "time command [args...]",
    "Runs the command, then prints the wall-clock time it took.",
    run_time, FISH_ARGS_COMMAND },
  { "unsetenv", NULL,
    "unset an environment variable",
    "unsetenv VAR",
    "Removes VAR from guestfish's environment.",
    run_unsetenv, 0 },
  { NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};
