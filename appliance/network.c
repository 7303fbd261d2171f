/* careen - offline disk-image toolkit
 * Brings up the appliance's network interfaces.
 *
 * The loopback interface always: programs the daemon runs may talk to
 * themselves over 127.0.0.1, and bringing it up is one ioctl.
 *
 * eth0 only when the library asked for a network (careen.network=1 on
 * the kernel command line, from set_network): then qemu has attached a
 * virtio-net card on its user-mode network.  Its addresses are fixed
 * (the library spells them out on qemu's command line), so eth0 is
 * configured statically: a DHCP client would cost a program, a process
 * and a few round trips under TCG for the same answer.  Nothing here
 * runs without a network, so a launch without one is not slower.
 *
 * Failures are reported and the boot goes on: the daemon's calls that
 * need the network then say it is missing.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "network.h"

/* qemu's user-mode network as the library configures it
 * (lib/qemu-cmdline.c).
 */
#define GUEST_ADDRESS "10.0.2.15"
#define GUEST_NETMASK "255.255.255.0"
#define GATEWAY_ADDRESS "10.0.2.2"
#define DNS_ADDRESS "10.0.2.3"

/* /etc/resolv.conf in the read-only appliance root is a link to this
 * (appliance/make-appliance).
 */
#define RESOLV_CONF "/run/resolv.conf"

/* The card's driver is in the appliance root's modules (make-appliance
 * takes every virtio module); modprobe brings its dependencies.
 */
#define NET_MODULE "virtio_net"
#define MODPROBE "/sbin/modprobe"

/* The interface appears asynchronously after the driver loads. */
#define ETH0_WAIT_MS 10000
#define ETH0_POLL_NS (2 * 1000 * 1000)

static void
report (const char *what)
{
  fprintf (stderr, "careen-init: network: %s: %m\n", what);
}

static void
set_addr (struct sockaddr *sa, const char *address)
{
  struct sockaddr_in *sin = (struct sockaddr_in *) sa;

  memset (sin, 0, sizeof *sin);
  sin->sin_family = AF_INET;
  inet_pton (AF_INET, address, &sin->sin_addr);
}

static int
interface_up (int sock, const char *name)
{
  struct ifreq ifr;

  memset (&ifr, 0, sizeof ifr);
  snprintf (ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
  if (ioctl (sock, SIOCGIFFLAGS, &ifr) == -1)
    return -1;
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  return ioctl (sock, SIOCSIFFLAGS, &ifr);
}

static int
load_driver (void)
{
  pid_t pid;
  int status;

  pid = fork ();
  if (pid == -1)
    return -1;
  if (pid == 0) {
    execl (MODPROBE, "modprobe", "-q", NET_MODULE, (char *) NULL);
    _exit (127);
  }
  while (waitpid (pid, &status, 0) == -1)
    if (errno != EINTR)
      return -1;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
    errno = ENOENT;
    return -1;
  }
  return 0;
}

static long
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
wait_for_eth0 (void)
{
  struct timespec pause = { .tv_sec = 0, .tv_nsec = ETH0_POLL_NS };
  struct stat st;
  long start = now_ms ();

  while (stat ("/sys/class/net/eth0", &st) == -1) {
    if (now_ms () - start > ETH0_WAIT_MS) {
      errno = ETIMEDOUT;
      return -1;
    }
    nanosleep (&pause, NULL);
  }
  return 0;
}

static int
configure_eth0 (int sock)
{
  struct ifreq ifr;
  struct rtentry rt;

  memset (&ifr, 0, sizeof ifr);
  snprintf (ifr.ifr_name, sizeof ifr.ifr_name, "eth0");
  set_addr (&ifr.ifr_addr, GUEST_ADDRESS);
  if (ioctl (sock, SIOCSIFADDR, &ifr) == -1) {
    report ("eth0 address " GUEST_ADDRESS);
    return -1;
  }
  set_addr (&ifr.ifr_netmask, GUEST_NETMASK);
  if (ioctl (sock, SIOCSIFNETMASK, &ifr) == -1) {
    report ("eth0 netmask " GUEST_NETMASK);
    return -1;
  }
  if (interface_up (sock, "eth0") == -1) {
    report ("eth0 up");
    return -1;
  }

  memset (&rt, 0, sizeof rt);
  set_addr (&rt.rt_dst, "0.0.0.0");
  set_addr (&rt.rt_genmask, "0.0.0.0");
  set_addr (&rt.rt_gateway, GATEWAY_ADDRESS);
  rt.rt_flags = RTF_UP | RTF_GATEWAY;
  rt.rt_dev = (char *) "eth0";
  if (ioctl (sock, SIOCADDRT, &rt) == -1 && errno != EEXIST) {
    report ("default route via " GATEWAY_ADDRESS);
    return -1;
  }
  return 0;
}

static void
write_resolv_conf (void)
{
  static const char text[] = "nameserver " DNS_ADDRESS "\n";
  int fd;

  fd = open (RESOLV_CONF, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd == -1) {
    report (RESOLV_CONF);
    return;
  }
  if (write (fd, text, sizeof text - 1) != (ssize_t) (sizeof text - 1))
    report (RESOLV_CONF);
  close (fd);
}

void
network_setup (bool eth0)
{
  int sock;

  sock = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock == -1) {
    report ("socket");
    return;
  }
  if (interface_up (sock, "lo") == -1)
    report ("lo up");

  if (eth0) {
    if (load_driver () == -1)
      report ("modprobe " NET_MODULE);
    else if (wait_for_eth0 () == -1)
      report ("eth0 did not appear");
    else if (configure_eth0 (sock) == 0)
      write_resolv_conf ();
  }
  close (sock);
}
