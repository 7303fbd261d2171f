/* careen - offline disk-image toolkit
 * Init's part of a saved appliance (lib/snapshot.c).
 *
 * An appliance booted with careen.template=1 does everything up to the
 * daemon's start, then waits on the channel.  The library saves the VM
 * while it waits, and later restores that state for each new handle:
 * every copy resumes here, in a read that the library completes with
 * a RESUME message.  Each copy would otherwise share the saved one's
 * clock and RNG state (same UUIDs from every mkfs) and know no disks,
 * so those are put right before the daemon starts.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/random.h>

#include "protocol.h"
#include "disk-order.h"
#include "template.h"

/* While qemu's end of the channel is not connected, read returns 0 at
 * once: wait a little between tries.
 */
#define RECONNECT_POLL_NS 5000000

static uint32_t
get_le32 (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 |
         (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static void
put_le32 (unsigned char *p, uint32_t v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static int
read_full (int fd, unsigned char *buf, size_t len)
{
  size_t got = 0;

  while (got < len) {
    ssize_t r = read (fd, buf + got, len - got);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0) {
      struct timespec ts = { .tv_sec = 0, .tv_nsec = RECONNECT_POLL_NS };

      nanosleep (&ts, NULL);
      continue;
    }
    got += (size_t) r;
  }
  return 0;
}

/* Credits the host's bytes as entropy and forces the kernel to rekey
 * its generator now: added entropy alone only counts at the next
 * scheduled reseed, up to a minute later, and until then every
 * restored copy would hand out the same "random" numbers.
 */
static void
reseed (const unsigned char *seed)
{
  struct {
    struct rand_pool_info info;
    uint32_t buf[PROTO_RESUME_SEED_LEN / 4];
  } pool;
  int fd = open ("/dev/urandom", O_WRONLY | O_CLOEXEC);

  if (fd == -1) {
    fprintf (stderr, "careen-init: /dev/urandom: %m\n");
    return;
  }
  pool.info.entropy_count = PROTO_RESUME_SEED_LEN * 8;
  pool.info.buf_size = PROTO_RESUME_SEED_LEN;
  memcpy (pool.buf, seed, PROTO_RESUME_SEED_LEN);
  if (ioctl (fd, RNDADDENTROPY, &pool) == -1)
    fprintf (stderr, "careen-init: RNDADDENTROPY: %m\n");
  if (ioctl (fd, RNDRESEEDCRNG) == -1)
    fprintf (stderr, "careen-init: RNDRESEEDCRNG: %m\n");
  close (fd);
}

int
template_wait_resume (const char *channel, unsigned *scsi_disks,
                      unsigned *stall_seconds)
{
  unsigned char hello[8], msg[PROTO_RESUME_LEN];
  struct timespec now;
  uint64_t sec;
  int fd, err;

  fd = open (channel, O_RDWR | O_NOCTTY);
  if (fd == -1)
    return -1;
  put_le32 (hello, PROTO_FLAG_TEMPLATE);
  put_le32 (hello + 4, PROTO_VERSION);
  if (write (fd, hello, sizeof hello) != (ssize_t) sizeof hello)
    goto fail;
  /* The VM is saved somewhere in here; what follows runs in each copy. */
  if (read_full (fd, msg, sizeof msg) == -1)
    goto fail;
  if (get_le32 (msg) != PROTO_FLAG_RESUME) {
    errno = EPROTO;
    goto fail;
  }
  sec = (uint64_t) get_le32 (msg + 8) | (uint64_t) get_le32 (msg + 12) << 32;
  now.tv_sec = (time_t) sec;
  now.tv_nsec = get_le32 (msg + 16) % 1000000000;
  if (clock_settime (CLOCK_REALTIME, &now) == -1)
    fprintf (stderr, "careen-init: clock_settime: %m\n");
  reseed (msg + 20);
  *scsi_disks = get_le32 (msg + 4);
  *stall_seconds = get_le32 (msg + 20 + PROTO_RESUME_SEED_LEN);
  return fd;

 fail:
  err = errno;
  close (fd);
  errno = err;
  return -1;
}
