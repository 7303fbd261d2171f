/* careen - offline disk-image toolkit
 * Copyright (C) 2026 the careen authors
 */

/**
 * careen-init: PID 1 of the appliance.
 *
 * The kernel unpacks the small initrd built by make-appliance and runs
 * this program as /init.  It:
 *
 *  1. mounts /proc, /sys and /dev (devtmpfs) and says hello on the
 *     console (the library takes the first console line as the sign
 *     that the guest is alive);
 *  2. loads the early kernel modules listed in /modules.list, in the
 *     dependency order that make-appliance computed at build time;
 *  3. waits for the appliance root disk /dev/vda, mounts it read-only
 *     and switches root to it, freeing the initramfs;
 *  4. mounts the writable tmpfs /tmp and /run, devpts and /dev/shm,
 *     brings up lo, and eth0 when careen.network=1 asks for a network;
 *  5. finds the virtio-serial port named careen.channel.0 and runs the
 *     daemon on it;
 *  6. when the daemon exits, or anything fails, syncs, unmounts and
 *     powers the VM off, so that qemu exits instead of hanging.
 *
 * In rescue mode (careen.rescue=1, for virt-rescue) it also runs an
 * interactive shell on the serial console, and powers off when either
 * the shell or the daemon exits.
 *
 * No shell, no udev, no systemd: under TCG every process and every
 * millisecond counts.  This program is linked statically because no
 * shared library exists in the initramfs.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <time.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>

#include "boot-stall.h"
#include "disk-order.h"
#include "network.h"
#include "template.h"

/* Name of the virtio-serial port the library listens on. */
#define CHANNEL_NAME "careen.channel.0"
/* Where the daemon lives inside the appliance root. */
#define DAEMON_PATH "/usr/libexec/careen-daemon"
/* The early module list written by make-appliance into the initrd. */
#define MODULES_LIST "/modules.list"
/* The appliance root disk: the first virtio-blk device. */
#define ROOT_DEVICE "/dev/vda"
/* Temporary mount point of the root disk inside the initramfs. */
#define NEWROOT "/newroot"
/* The root disk's filesystem type, written by make-appliance into the
 * initrd ("squashfs" or "ext4"); ext4 when the file is missing.
 */
#define ROOTFS_FILE "/rootfs"

/* Polling for devices that appear asynchronously.  Under TCG a device
 * may take a few hundred milliseconds; the deadlines are generous so a
 * loaded host does not fail the boot, and the interval short so a fast
 * boot loses almost nothing.
 */
#define POLL_INTERVAL_NS (2 * 1000 * 1000)    /* 2 ms */
#define ROOT_WAIT_MS 20000
#define CHANNEL_WAIT_MS 20000
/* How long processes left behind by the daemon get to exit after
 * SIGTERM before they are killed.
 */
#define CHILDREN_TERM_MS 1000

/* Longest line read from /modules.list and /proc/cmdline; both are
 * written by careen (the list) or the library (the command line).
 */
#define MAX_LINE 4096

static bool verbose;

/* Rescue mode: the shell, its terminal type and window size, from the
 * command line.  The terminal type is checked (it goes into the
 * environment) and kept short; sizes beyond MAX_WINSIZE are ignored.
 */
#define RESCUE_TTY "/dev/ttyS0"
#define RESCUE_PS1 "><rescue> "
#define MAX_TERM 64
#define MAX_WINSIZE 10000
static bool rescue;
/* careen.network=1: bring up eth0 (network.c). */
static bool network;
/* careen.template=1: an appliance to be saved (template.c). */
static bool template;

/* careen.stall=N: handed to the daemon (its --stall); empty: none. */
static char stall_seconds[12];
static char rescue_term[MAX_TERM] = "linux";
static unsigned short rescue_rows, rescue_cols;

static void poweroff (void) __attribute__ ((noreturn));
static void fatal (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2), noreturn));
static void message (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));

/* Milliseconds since boot: verbose messages carry it so a boot can be
 * profiled from the console log alone.
 */
static long
uptime_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_BOOTTIME, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
vmessage (const char *fs, va_list args)
{
  char buf[512];
  long now = uptime_ms ();
  int n;

  n = snprintf (buf, sizeof buf, "careen-init: [%ld.%03ld] ",
                now / 1000, now % 1000);
  if (n < 0)
    return;
  vsnprintf (buf + n, sizeof buf - n, fs, args);
  /* One write per line so lines from the kernel do not interleave. */
  n = strlen (buf);
  if (n < (int) sizeof buf - 1)
    buf[n++] = '\n';
  if (write (2, buf, n) == -1) {
    /* Nowhere else to report it. */
  }
}

static void
message (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vmessage (fs, args);
  va_end (args);
}

#define debug(...) do { if (verbose) message (__VA_ARGS__); } while (0)

static void
fatal (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vmessage (fs, args);
  va_end (args);
  message ("fatal error, powering off");
  poweroff ();
}

/* Makes fds 0, 1 and 2 the console.  The kernel opens /dev/console for
 * init when the initramfs has it; when it did not, nothing could be
 * printed, so reopen it from devtmpfs.
 */
static void
open_console (void)
{
  int fd;

  if (fcntl (2, F_GETFD) != -1)
    return;
  fd = open ("/dev/console", O_RDWR | O_NOCTTY);
  if (fd == -1)
    return;
  dup2 (fd, 0);
  dup2 (fd, 1);
  dup2 (fd, 2);
  if (fd > 2)
    close (fd);
}

static void
mount_or_die (const char *source, const char *target, const char *type,
              unsigned long flags, const char *data)
{
  if (mkdir (target, 0755) == -1 && errno != EEXIST)
    fatal ("mkdir: %s: %m", target);
  if (mount (source, target, type, flags, data) == -1 && errno != EBUSY)
    fatal ("mount: %s on %s (%s): %m", source, target, type);
}

/* A terminal type made of letters, digits and "+-._" only, shorter
 * than MAX_TERM; anything else keeps the default.
 */
static void
set_rescue_term (const char *s)
{
  size_t n = strspn (s, "abcdefghijklmnopqrstuvwxyz"
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-._");

  if (n > 0 && s[n] == '\0' && n < MAX_TERM)
    memcpy (rescue_term, s, n + 1);
}

static unsigned short
parse_winsize (const char *s)
{
  char *end;
  unsigned long v;

  errno = 0;
  v = strtoul (s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v > MAX_WINSIZE)
    return 0;
  return (unsigned short) v;
}

/* Reads kernel command line options meant for init.  Options with a
 * dot are module parameters to the kernel, so it does not pass them in
 * argv or the environment: read /proc/cmdline instead.
 */
static void
parse_cmdline (void)
{
  char buf[MAX_LINE];
  ssize_t n;
  int fd;
  char *p, *save;

  fd = open ("/proc/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return;
  buf[n] = '\0';
  for (p = strtok_r (buf, " \t\n", &save); p != NULL;
       p = strtok_r (NULL, " \t\n", &save)) {
    if (strcmp (p, "careen.verbose=1") == 0)
      verbose = true;
    else if (strcmp (p, "careen.rescue=1") == 0)
      rescue = true;
    else if (strcmp (p, "careen.network=1") == 0)
      network = true;
    else if (strcmp (p, "careen.template=1") == 0)
      template = true;
    else if (strncmp (p, "careen.stall=", 13) == 0 &&
             strlen (p + 13) < sizeof stall_seconds &&
             strspn (p + 13, "0123456789") == strlen (p + 13))
      strcpy (stall_seconds, p + 13);
    else if (strncmp (p, "careen.term=", 12) == 0)
      set_rescue_term (p + 12);
    else if (strncmp (p, "careen.rows=", 12) == 0)
      rescue_rows = parse_winsize (p + 12);
    else if (strncmp (p, "careen.cols=", 12) == 0)
      rescue_cols = parse_winsize (p + 12);
  }
}

static int
finit_module (int fd, const char *params, int flags)
{
  return syscall (SYS_finit_module, fd, params, flags);
}

/* True when the machine has at least one PCI device.  microvm has no
 * PCI bus; pc and q35 always have a host bridge.
 */
static bool
have_pci (void)
{
  DIR *dir;
  struct dirent *d;
  bool ret = false;

  dir = opendir ("/sys/bus/pci/devices");
  if (dir == NULL)
    return false;
  while (!ret && (d = readdir (dir)) != NULL)
    ret = d->d_name[0] != '.';
  closedir (dir);
  return ret;
}

/* Loads each module named in MODULES_LIST: one per line, already in
 * dependency order, as "[CONDITION ]PATH[ PARAMETERS]".  The only
 * condition is "pci": load only when the machine has PCI.  A module
 * that fails to load is reported and skipped: what it was needed for
 * then fails with a clearer message (no root disk, no channel).
 */
static void
load_early_modules (void)
{
  FILE *fp;
  char line[MAX_LINE];
  const char *path, *params;
  char *sp;
  int pci = -1;                 /* unknown until a module asks */
  int fd;

  fp = fopen (MODULES_LIST, "re");
  if (fp == NULL) {
    if (errno != ENOENT)
      message ("open: %s: %m", MODULES_LIST);
    return;
  }
  while (fgets (line, sizeof line, fp) != NULL) {
    line[strcspn (line, "\n")] = '\0';
    if (line[0] == '\0' || line[0] == '#')
      continue;
    path = line;
    if (strncmp (line, "pci ", 4) == 0) {
      if (pci == -1)
        pci = have_pci ();
      if (!pci)
        continue;
      path = line + 4;
    }
    params = "";
    sp = strchr (path, ' ');
    if (sp != NULL) {
      *sp = '\0';
      params = sp + 1;
    }
    fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
      message ("open: %s: %m", path);
      continue;
    }
    disk_order_before_module (path);
    if (finit_module (fd, params, 0) == -1 && errno != EEXIST)
      message ("finit_module: %s: %m", path);
    else
      debug ("loaded %s", path);
    close (fd);
    disk_order_after_module (path);
  }
  fclose (fp);
}

static void
sleep_poll_interval (void)
{
  struct timespec ts = { .tv_sec = 0, .tv_nsec = POLL_INTERVAL_NS };

  nanosleep (&ts, NULL);
}

static void
wait_for_root (void)
{
  long start = uptime_ms ();
  struct stat st;

  while (stat (ROOT_DEVICE, &st) == -1 || !S_ISBLK (st.st_mode)) {
    if (uptime_ms () - start > ROOT_WAIT_MS)
      fatal ("%s did not appear after %d ms: is the appliance root "
             "attached as the first virtio-blk device?",
             ROOT_DEVICE, ROOT_WAIT_MS);
    sleep_poll_interval ();
  }
  debug ("%s appeared after %ld ms", ROOT_DEVICE, uptime_ms () - start);
}

/* Removes everything on the initramfs (the filesystem of dirfd), not
 * crossing into other filesystems, so its memory is given back.
 */
static void
delete_contents (int dirfd, dev_t rootdev)
{
  DIR *dir;
  struct dirent *d;
  struct stat st;
  int fd;

  dir = fdopendir (dirfd);
  if (dir == NULL) {
    close (dirfd);
    return;
  }
  while ((d = readdir (dir)) != NULL) {
    if (strcmp (d->d_name, ".") == 0 || strcmp (d->d_name, "..") == 0)
      continue;
    if (fstatat (dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
      continue;
    if (st.st_dev != rootdev)
      continue;
    if (S_ISDIR (st.st_mode)) {
      fd = openat (dirfd, d->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd >= 0)
        delete_contents (fd, rootdev);
      unlinkat (dirfd, d->d_name, AT_REMOVEDIR);
    }
    else
      unlinkat (dirfd, d->d_name, 0);
  }
  closedir (dir);
}

/* Mounts the root disk and makes it /.  /proc, /sys and /dev are moved
 * over so that they need not be mounted twice.
 */
static void
switch_root (void)
{
  struct stat st;
  char fstype[32] = "ext4";
  ssize_t n;
  int fd;

  fd = open (ROOTFS_FILE, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    n = read (fd, fstype, sizeof fstype - 1);
    close (fd);
    if (n > 0) {
      fstype[n] = '\0';
      fstype[strcspn (fstype, "\n")] = '\0';
    }
    else
      strcpy (fstype, "ext4");
  }

  if (mkdir (NEWROOT, 0755) == -1 && errno != EEXIST)
    fatal ("mkdir: %s: %m", NEWROOT);
  /* squashfs, or ext2 mounted by the ext4 driver: nothing to replay and
   * no writes, so read-only is all it needs.
   */
  if (mount (ROOT_DEVICE, NEWROOT, fstype, MS_RDONLY | MS_NOATIME, "") == -1)
    fatal ("mount: %s on %s (%s): %m", ROOT_DEVICE, NEWROOT, fstype);
  debug ("mounted %s (%s) read-only", ROOT_DEVICE, fstype);

  if (mount ("/proc", NEWROOT "/proc", NULL, MS_MOVE, NULL) == -1 ||
      mount ("/sys", NEWROOT "/sys", NULL, MS_MOVE, NULL) == -1 ||
      mount ("/dev", NEWROOT "/dev", NULL, MS_MOVE, NULL) == -1)
    fatal ("move /proc, /sys, /dev to the appliance root: %m");

  if (stat ("/", &st) == -1)
    fatal ("stat: /: %m");
  fd = open ("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd == -1)
    fatal ("open: /: %m");

  if (chdir (NEWROOT) == -1)
    fatal ("chdir: %s: %m", NEWROOT);
  /* Free the initramfs before it becomes unreachable. */
  delete_contents (fd, st.st_dev);
  if (mount (".", "/", NULL, MS_MOVE, NULL) == -1)
    fatal ("mount --move %s /: %m", NEWROOT);
  if (chroot (".") == -1)
    fatal ("chroot: %m");
  if (chdir ("/") == -1)
    fatal ("chdir: /: %m");
}

static void
setup_root (void)
{
  int fd;

  /* The root image is read-only: everything that must be written goes
   * to tmpfs.
   */
  mount_or_die ("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
  mount_or_die ("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
  mount_or_die ("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "gid=5,mode=620,ptmxmode=000");
  mount_or_die ("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
                "mode=1777");
  if (mkdir ("/run/lock", 0755) == -1 && errno != EEXIST)
    message ("mkdir: /run/lock: %m");

  if (sethostname ("careen", 6) == -1)
    message ("sethostname: %m");

  /* Let the kernel load modules on demand (filesystem types, dm
   * targets) and the daemon run modprobe.
   */
  fd = open ("/proc/sys/kernel/modprobe", O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    if (write (fd, "/sbin/modprobe\n", 15) == -1)
      message ("write: /proc/sys/kernel/modprobe: %m");
    close (fd);
  }

  setenv ("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
  setenv ("HOME", "/root", 1);
  setenv ("LC_ALL", "C", 1);
  setenv ("TERM", "linux", 1);
  umask (022);
}

/* Returns true when /sys/class/virtio-ports/NAME/name is CHANNEL_NAME. */
static bool
port_is_channel (const char *port)
{
  char path[300], buf[64];
  ssize_t n;
  int fd;

  snprintf (path, sizeof path, "/sys/class/virtio-ports/%s/name", port);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return false;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return false;
  buf[n] = '\0';
  buf[strcspn (buf, "\n")] = '\0';
  return strcmp (buf, CHANNEL_NAME) == 0;
}

/* Finds the channel's device node.  The port's name arrives from the
 * host after the port is created, and devtmpfs creates the node
 * asynchronously, so poll until both are there.
 */
static void
find_channel (char *devpath, size_t len)
{
  long start = uptime_ms ();
  DIR *dir;
  struct dirent *d;
  struct stat st;

  for (;;) {
    dir = opendir ("/sys/class/virtio-ports");
    if (dir != NULL) {
      while ((d = readdir (dir)) != NULL) {
        if (d->d_name[0] == '.' || !port_is_channel (d->d_name))
          continue;
        snprintf (devpath, len, "/dev/%s", d->d_name);
        if (stat (devpath, &st) == 0 && S_ISCHR (st.st_mode)) {
          closedir (dir);
          debug ("channel %s is %s (after %ld ms)",
                 CHANNEL_NAME, devpath, uptime_ms () - start);
          return;
        }
      }
      closedir (dir);
    }
    if (uptime_ms () - start > CHANNEL_WAIT_MS)
      fatal ("no virtio-serial port named %s after %d ms",
             CHANNEL_NAME, CHANNEL_WAIT_MS);
    sleep_poll_interval ();
  }
}

/* Waits for the first line typed on the console (fd 0), without
 * echoing it.  The library reads the console while it mounts the
 * guest's filesystems; the shell must not print its prompt before the
 * program relaying the console (virt-rescue) is there to show it.
 */
static void
wait_for_wakeup (void)
{
  struct termios old, quiet;
  bool restore = false;
  char c;
  ssize_t r;

  if (tcgetattr (0, &old) == 0) {
    quiet = old;
    quiet.c_lflag &= ~(ECHO | ECHONL);
    restore = tcsetattr (0, TCSANOW, &quiet) == 0;
  }
  do
    r = read (0, &c, 1);
  while ((r == 1 && c != '\n') || (r == -1 && errno == EINTR));
  if (restore)
    tcsetattr (0, TCSANOW, &old);
}

/* Starts the rescue shell on the serial console, as the leader of its
 * own session with the console as controlling terminal (so that ^C
 * and job control work in it).  Returns its pid.
 */
static pid_t
start_rescue_shell (void)
{
  pid_t pid;
  int fd;

  pid = fork ();
  if (pid == -1)
    fatal ("fork: %m");
  if (pid > 0) {
    debug ("started the rescue shell (pid %d)", pid);
    return pid;
  }

  setsid ();
  fd = open (RESCUE_TTY, O_RDWR);
  if (fd == -1 || ioctl (fd, TIOCSCTTY, 0) == -1) {
    message ("rescue shell: %s: %m", RESCUE_TTY);
    _exit (127);
  }
  dup2 (fd, 0);
  dup2 (fd, 1);
  dup2 (fd, 2);
  if (fd > 2)
    close (fd);
  if (rescue_rows > 0 && rescue_cols > 0) {
    struct winsize ws = { .ws_row = rescue_rows, .ws_col = rescue_cols };

    ioctl (0, TIOCSWINSZ, &ws);
  }
  wait_for_wakeup ();

  /* The appliance root is read-only: home is on tmpfs. */
  setenv ("TERM", rescue_term, 1);
  setenv ("PS1", RESCUE_PS1, 1);
  setenv ("HOME", "/tmp", 1);
  if (chdir ("/") == -1) {
    /* Cannot happen; the shell starts wherever it is. */
  }
  printf ("\n"
          "Welcome to the careen rescue shell.\n"
          "The guest's disks are /dev/sd*; filesystems mounted with -i or "
          "-m are\nunder /sysroot.  Type 'exit' to leave (the appliance "
          "then powers off).\n\n");
  fflush (stdout);
  execl ("/bin/bash", "bash", "--noprofile", "--norc", "-i", (char *) NULL);
  execl ("/bin/sh", "sh", "-i", (char *) NULL);
  message ("rescue shell: exec: %m");
  _exit (127);
}

static void
quiet_console (void)
{
  int fd = open ("/proc/sys/kernel/printk", O_WRONLY | O_CLOEXEC);

  if (fd == -1)
    return;
  if (write (fd, "0\n", 2) == -1)
    debug ("write: /proc/sys/kernel/printk: %m");
  close (fd);
}

/* Runs the daemon once (--help) so that it and its libraries are read
 * from the root image into the page cache, which is saved with the
 * appliance: each restored copy then starts it from memory.  Measured
 * under TCG, loading them is most of the time from init to READY.
 */
static void
warm_up_daemon (void)
{
  pid_t pid = fork ();
  int status;

  if (pid == -1)
    return;
  if (pid == 0) {
    int fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);

    if (fd >= 0)
      dup2 (fd, 1);
    execl (DAEMON_PATH, DAEMON_PATH, "--help", (char *) NULL);
    _exit (127);
  }
  while (waitpid (pid, &status, 0) == -1 && errno == EINTR)
    ;
  debug ("warmed up %s", DAEMON_PATH);
}

/* Runs the daemon and waits for it, reaping any orphan meanwhile (we
 * are PID 1).  In rescue mode, also returns when the shell exits.
 */
static void
run_daemon (const char *channel, pid_t shell)
{
  pid_t pid, r;
  int status;

  pid = fork ();
  if (pid == -1)
    fatal ("fork: %m");
  if (pid == 0) {
    const char *argv[8];
    size_t n = 0;

    argv[n++] = DAEMON_PATH;
    argv[n++] = "--channel";
    argv[n++] = channel;
    if (stall_seconds[0] != '\0') {
      argv[n++] = "--stall";
      argv[n++] = stall_seconds;
    }
    if (verbose)
      argv[n++] = "--verbose";
    argv[n] = NULL;

    setsid ();
    execv (DAEMON_PATH, (char **) argv);
    message ("execv: %s: %m", DAEMON_PATH);
    _exit (127);
  }

  debug ("started %s --channel %s (pid %d)", DAEMON_PATH, channel, pid);
  for (;;) {
    r = waitpid (-1, &status, 0);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      fatal ("waitpid: %m");
    }
    if (shell > 0 && r == shell) {
      debug ("the rescue shell exited");
      /* The user is back at the host's prompt: the kernel's power-off
       * message (an emergency, which klogctl cannot silence) would
       * land after it.  Console log level 0 prints nothing.
       */
      if (!verbose)
        quiet_console ();
      return;
    }
    if (r != pid)
      continue;
    if (WIFEXITED (status)) {
      if (WEXITSTATUS (status) != 0)
        message ("%s exited with status %d",
                 DAEMON_PATH, WEXITSTATUS (status));
      else
        debug ("%s exited", DAEMON_PATH);
    }
    else if (WIFSIGNALED (status))
      message ("%s killed by signal %d", DAEMON_PATH, WTERMSIG (status));
    return;
  }
}

/* Terminates whatever the daemon left running (ntfs-3g and other FUSE
 * servers hold mounts) so that their filesystems can be unmounted.
 */
static void
stop_children (void)
{
  long start;

  while (waitpid (-1, NULL, WNOHANG) > 0)
    ;
  if (kill (-1, SIGTERM) == -1)
    return;                     /* ESRCH: nothing left */
  start = uptime_ms ();
  while (uptime_ms () - start < CHILDREN_TERM_MS) {
    if (waitpid (-1, NULL, WNOHANG) == -1 && errno == ECHILD)
      return;
    sleep_poll_interval ();
  }
  kill (-1, SIGKILL);
  while (waitpid (-1, NULL, WNOHANG) > 0)
    ;
}

/* True when PATH is DIR or below it ("/sysroot" is not below "/sys"). */
static bool
is_under (const char *path, const char *dir)
{
  size_t n = strlen (dir);

  return strncmp (path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Unmounts everything but the pseudo filesystems, deepest first, so
 * the guest's filesystems are clean when qemu exits.  With lazy, what
 * is still busy is detached.
 */
static void
unmount_all (bool lazy)
{
  FILE *fp;
  /* Static: too big for the stack, and init has a single thread. */
  static char line[MAX_LINE];
  /* Bounded: the appliance never has more mounts than this worth
   * unmounting one by one; the rest is left to sync.
   */
#define MAX_UNMOUNTS 256
  static char *targets[MAX_UNMOUNTS];
  size_t n = 0, i;
  char *p, *q;

  fp = fopen ("/proc/self/mounts", "re");
  if (fp == NULL)
    return;
  while (n < MAX_UNMOUNTS && fgets (line, sizeof line, fp) != NULL) {
    p = strchr (line, ' ');
    if (p == NULL)
      continue;
    p++;
    q = strchr (p, ' ');
    if (q == NULL)
      continue;
    *q = '\0';
    if (strcmp (p, "/") == 0 || is_under (p, "/proc") ||
        is_under (p, "/sys") || is_under (p, "/dev"))
      continue;
    targets[n] = strdup (p);
    if (targets[n] != NULL)
      n++;
  }
  fclose (fp);
  for (i = n; i-- > 0; ) {
    if (umount2 (targets[i], 0) == 0)
      debug ("unmounted %s", targets[i]);
    else if (errno == EBUSY && lazy) {
      message ("umount: %s: busy, detaching it", targets[i]);
      umount2 (targets[i], MNT_DETACH);
    }
    free (targets[i]);
  }
}

static void
poweroff (void)
{
  sync ();
  if (getpid () == 1) {
    reboot (RB_POWER_OFF);
    /* Only reached if power off failed: PID 1 exiting panics the
     * kernel, which with panic=1 and -no-reboot also stops qemu.
     */
  }
  _exit (1);
}

int
main (int argc, char *argv[])
{
  char channel[300];
  pid_t watcher;

  /* Before anything else, so the library sees life on the console. */
  mount_or_die ("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "");
  mount_or_die ("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
  open_console ();
  message ("starting");
  mount_or_die ("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "");
  parse_cmdline ();

  /* Loading sd_mod reads the guest's disks. */
  watcher = boot_stall_watch (stall_seconds);
  load_early_modules ();
  wait_for_root ();
  switch_root ();
  setup_root ();
  network_setup (network);
  debug ("network set up%s", network ? " (lo, eth0)" : " (lo)");

  find_channel (channel, sizeof channel);
  /* The daemon watches the disks from here; a template must be saved
   * with no watcher in it.
   */
  boot_stall_unwatch (watcher);
  if (template) {
    unsigned scsi_disks, stall;
    int fd;

    warm_up_daemon ();
    debug ("waiting to be saved and restored");
    fd = template_wait_resume (channel, &scsi_disks, &stall);
    if (fd == -1)
      fatal ("resuming a saved appliance on %s: %m", channel);
    /* The handle's limit, for the disks' scan and the daemon. */
    if (stall > 0)
      snprintf (stall_seconds, sizeof stall_seconds, "%u", stall);
    debug ("resumed (disk stall limit %s s)",
           stall_seconds[0] ? stall_seconds : "none");
    if (scsi_disks > 0) {
      watcher = boot_stall_watch (stall_seconds);
      disk_order_scan ();
      boot_stall_unwatch (watcher);
    }
    snprintf (channel, sizeof channel, "fd:%d", fd);
  }
  debug ("init done, running the daemon");
  run_daemon (channel, rescue ? start_rescue_shell () : 0);

  /* Unmount before killing leftovers: a FUSE server (ntfs-3g) writes
   * its filesystem back cleanly when unmounted, not when killed.  Then
   * again for what the leftovers kept busy.
   */
  sync ();
  unmount_all (false);
  stop_children ();
  unmount_all (true);
  debug ("powering off");
  poweroff ();
}
