/** careen - offline disk-image toolkit
 *
 * A stand-in for careen-daemon, to test the appliance without the real
 * daemon: checks what the daemon's contract with init promises (the
 * arguments, the channel, /sysroot, writable /tmp and /run, PATH, the
 * module helper) and writes one line saying so on the channel, then
 * exits so that init powers the VM off.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *
check (void)
{
  struct stat st;
  char buf[64];
  ssize_t n;
  int fd;

  if (stat ("/sysroot", &st) == -1 || !S_ISDIR (st.st_mode))
    return "no /sysroot directory";
  if (access ("/tmp", W_OK) == -1 || access ("/run", W_OK) == -1)
    return "/tmp or /run not writable";
  if (access ("/proc/self", F_OK) == -1 || access ("/sys/class", F_OK) == -1 ||
      access ("/dev/pts", F_OK) == -1 || access ("/dev/shm", W_OK) == -1)
    return "a pseudo filesystem is missing";
  if (getenv ("PATH") == NULL ||
      strcmp (getenv ("PATH"), "/usr/sbin:/usr/bin:/sbin:/bin") != 0)
    return "wrong PATH";
  fd = open ("/proc/sys/kernel/modprobe", O_RDONLY);
  if (fd == -1)
    return "no /proc/sys/kernel/modprobe";
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0 || strncmp (buf, "/sbin/modprobe", 14) != 0)
    return "the module helper is not /sbin/modprobe";
  if (access ("/sbin/modprobe", X_OK) == -1 || access ("/bin/sh", X_OK) == -1)
    return "modprobe or sh missing";
  if (stat ("/dev/sda", &st) == -1 || !S_ISBLK (st.st_mode))
    return "no /dev/sda";
  return NULL;
}

int
main (int argc, char *argv[])
{
  const char *problem;
  char line[512];
  int fd;

  if (argc < 3 || strcmp (argv[1], "--channel") != 0) {
    fprintf (stderr, "test-appliance-daemon: usage: --channel DEV\n");
    return 1;
  }
  fd = open (argv[2], O_RDWR | O_CLOEXEC);
  if (fd == -1) {
    fprintf (stderr, "test-appliance-daemon: open: %s: %s\n",
             argv[2], strerror (errno));
    return 1;
  }
  problem = check ();
  snprintf (line, sizeof line, "test-appliance-daemon: %s\n",
            problem ? problem : "ok");
  if (write (fd, line, strlen (line)) == -1) {
    fprintf (stderr, "test-appliance-daemon: write: %s: %s\n",
             argv[2], strerror (errno));
    return 1;
  }
  fputs (line, stderr);
  close (fd);
  return 0;
}
