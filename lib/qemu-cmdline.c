/** careen - offline disk-image toolkit
 *
 * qemu's command line for one launch, as an argv (never through a
 * shell): the machine, the appliance kernel and its command line, the
 * appliance root disk, the user's drives in order on virtio-scsi (so
 * the appliance sees /dev/sda, /dev/sdb ... in the order they were
 * added), the channel to the daemon, and with set_network a
 * virtio-net card on qemu's user-mode network.
 *
 * The preferred machine is microvm booting the uncompressed kernel by
 * PVH: no firmware, almost no devices, the fastest boot under TCG (see
 * DESIGN.md).  When the appliance kernel cannot be booted by PVH we use
 * the pc machine and the PCI flavours of the same virtio devices.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs-internal.h"
#include "appliance.h"
#include "snapshot.h"

/* HZ of the appliance kernel, for lpj (loops per jiffy) which spares
 * the guest the delay-loop calibration.  Debian's kernels use 250.
 */
#define GUEST_HZ 250

/* The host's TSC frequency in kHz, or 0 if unknown.  Passed to the guest
 * because under TCG the kernel's own calibration against the PIT
 * sometimes fails on microvm and the boot hangs (DESIGN.md).
 */
static unsigned long
host_tsc_khz (void)
{
  CLEANUP_FCLOSE FILE *fp = NULL;
  char line[256];
  unsigned long khz = 0;

  fp = fopen ("/sys/devices/system/cpu/cpu0/tsc_freq_khz", "re");
  if (fp) {
    if (fscanf (fp, "%lu", &khz) == 1 && khz > 0)
      return khz;
    fclose (fp);
    fp = NULL;
  }

  fp = fopen ("/proc/cpuinfo", "re");
  if (fp == NULL)
    return 0;
  while (fgets (line, sizeof line, fp)) {
    if (strncmp (line, "cpu MHz", 7) == 0) {
      const char *p = strchr (line, ':');
      double mhz;

      if (p && sscanf (p + 1, "%lf", &mhz) == 1 && mhz > 0)
        return (unsigned long) (mhz * 1000);
    }
  }
  return 0;
}

/* The CPU under TCG: every feature TCG has, except the "fast string"
 * ones.  With ERMS or FSRM the guest kernel copies between user and
 * kernel memory (every read and write of the channel and of files)
 * with "rep movsb", which TCG runs one byte per iteration; without
 * them it uses "rep movsq" or plain moves, eight bytes at a time.
 * Measured: downloads about 3x faster, uploads about 1.5x
 * (bench/README.md).  la57 off: 4-level page tables, one level less
 * to walk on each of TCG's software TLB misses.
 */
#define TCG_CPU "max,erms=off,fsrm=off,la57=off"

/* Out of memory while building the command line is fatal: a missing
 * argument would change its meaning.
 */
static void
add (guestfs_h *g, struct stringsbuf *sb, const char *s)
{
  if (stringsbuf_add_string (sb, s) == -1)
    guestfs_int_oom (g);
}

static void addf (guestfs_h *g, struct stringsbuf *sb, const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));

static void
addf (guestfs_h *g, struct stringsbuf *sb, const char *fs, ...)
{
  va_list args;
  char *s;
  int r;

  va_start (args, fs);
  r = vasprintf (&s, fs, args);
  va_end (args);
  if (r == -1 || stringsbuf_add_string_nodup (sb, s) == -1)
    guestfs_int_oom (g);
}

/* qemu's -drive parser splits on commas: a comma in a file name must
 * be doubled.  Returns a new string.
 */
static char *
escape_commas (guestfs_h *g, const char *s)
{
  size_t i, n = 0;
  char *r, *p;

  for (i = 0; s[i]; ++i)
    n += s[i] == ',' ? 2 : 1;
  r = p = malloc (n + 1);
  if (r == NULL)
    guestfs_int_oom (g);
  for (i = 0; s[i]; ++i) {
    *p++ = s[i];
    if (s[i] == ',')
      *p++ = ',';
  }
  *p = '\0';
  return r;
}

/* Kernel options that skip work the appliance does not need.  Each was
 * measured under TCG, where every instruction the guest runs for the
 * first time costs translation (bench/launch.sh --breakdown):
 *
 *  - cryptomgr.notests: the self-tests of every crypto algorithm at
 *    boot (about 0.25 s); the host's kernel already ran them at its own
 *    boot, and the algorithms are the same code.
 *  - 8250.nr_uarts=1: the appliance has one serial port (the console);
 *    probing the other three legacy ports finds nothing.
 *  - initcall_blacklist: kprobe trace events (no tracing in the
 *    appliance) and the SP800-108 KDF self-test, about 0.1 s together.
 *    Names that a kernel does not have are ignored.
 */
static const char *const boot_speedups[] = {
  "cryptomgr.notests",
  "8250.nr_uarts=1",
  "initcall_blacklist=init_kprobe_trace,crypto_kdf108_init",
  NULL
};

static char *
kernel_cmdline (guestfs_h *g, const struct accel_choice *accel,
                const struct snapshot *snap)
{
  size_t i;
  struct stringsbuf sb;
  unsigned long khz = host_tsc_khz ();
  CLEANUP_FREE_STRING_LIST char **list = NULL;
  char *ret;

  stringsbuf_init (&sb);
  add (g, &sb, "console=ttyS0");
  add (g, &sb, "panic=1");
  /* Under KVM on trial the guest must print early to prove it runs, so
   * the kernel is not silenced then.
   */
  if (g->verbose)
    add (g, &sb, "careen.verbose=1");
  else if (accel->trial_deadline_ms == 0)
    add (g, &sb, "quiet");
  if (khz > 0) {
    addf (g, &sb, "tsc_early_khz=%lu", khz);
    addf (g, &sb, "lpj=%lu", khz * 1000 / GUEST_HZ);
  }
  add (g, &sb, "tsc=reliable");
  add (g, &sb, "no_timer_check");
  for (i = 0; boot_speedups[i] != NULL; ++i)
    add (g, &sb, boot_speedups[i]);
  /* How long init and the daemon let the disks' I/O stand still
   * (appliance/boot-stall.c, daemon/disk-stall.c).  A saved appliance
   * gets it with RESUME instead (lib/snapshot.c), so that its key, the
   * saved command line, does not depend on the keep-alive limit.
   */
  if (snap->mode == SNAPSHOT_NONE)
    addf (g, &sb, "careen.stall=%d", guestfs_int_stall_seconds (g));
  /* Tells init to bring up eth0 (appliance/network.c). */
  if (g->network)
    add (g, &sb, "careen.network=1");
  if (g->append)
    add (g, &sb, g->append);
  /* Tells init to wait to be saved before it runs the daemon. */
  if (snap->mode != SNAPSHOT_NONE)
    add (g, &sb, "careen.template=1");
  list = stringsbuf_finish (&sb);
  if (list == NULL)
    guestfs_int_oom (g);
  ret = strings_join (list, " ");
  if (ret == NULL)
    guestfs_int_oom (g);
  return ret;
}

static void
add_drive_args (guestfs_h *g, struct stringsbuf *sb, size_t i,
                const struct drive *drv)
{
  CLEANUP_FREE char *file = NULL;
  CLEANUP_FREE char *label = NULL;
  CLEANUP_FREE char *rel = NULL;
  CLEANUP_FREE char *esc = NULL;
  CLEANUP_FREE char *remote = NULL;
  const char *geometry = "";

  /* A remote drive: its address as separate file.* options, and its
   * secret as an object read from a file.
   */
  if (drv->protocol) {
    if (drv->secret_file) {
      CLEANUP_FREE char *sf = escape_commas (g, drv->secret_file);

      add (g, sb, "-object");
      addf (g, sb, "secret,id=sec%zu,format=raw,file=%s", i, sf);
    }
    remote = guestfs_int_drive_remote_file_opts (g, drv, i);
    /* A remote image's header cannot be checked before qemu opens it
     * (backing-check.c reads local files only), so a format that can
     * name a backing file gets none: a hostile server must not make
     * qemu read a file of this host.
     */
    if (asprintf (&file, "%s%s", remote,
                  guestfs_int_format_has_backing (drv->format) ?
                  ",backing=" : "") == -1)
      guestfs_int_oom (g);
  }
  /* qemu reads "name:rest" as a protocol (nbd:, http:, json: ...) when
   * the colon comes before any slash: a local file called
   * "nbd:evil:1234" must stay a local file, so relative names get "./".
   */
  else {
    if (drv->filename[0] != '/') {
      if (asprintf (&rel, "./%s", drv->filename) == -1)
        guestfs_int_oom (g);
    }
    /* The backing chain as checked at add_drive: qemu follows no name. */
    esc = escape_commas (g, drv->chain ? drv->chain
                                       : rel ? rel : drv->filename);
    if (asprintf (&file, "file=%s", esc) == -1)
      guestfs_int_oom (g);
  }

  /* Read-only drives: snapshot=on makes qemu open the image read-only
   * and send writes to a temporary overlay (in TMPDIR, which is the
   * handle's tmpdir), thrown away when qemu exits.
   *
   * werror and rerror: a host write that fails (the host filesystem
   * full, above all) reaches the appliance as an I/O error, so the call
   * fails with ENOSPC or EIO.  qemu's default stops the VM instead, and
   * the call would hang until the keepalive gives up.
   *
   * detect-zeroes=on: a write of zeroes (fill, zero-device,
   * zero-free-space, a sparse copy's holes) becomes a write-zeroes
   * request on the host (an unwritten extent or zero cluster), so
   * qemu neither copies nor dirties host memory for it.  The image
   * reads zeroes there either way, and flushes behave the same.
   */
  add (g, sb, "-drive");
  addf (g, sb, "%s,if=none,id=hd%zu,format=%s,cache=%s,werror=report,"
                         "rerror=report,detect-zeroes=on%s%s%s",
                         file, i, drv->format, drv->cachemode,
                         drv->readonly ? ",snapshot=on" : "",
                         drv->discard != DISCARD_DISABLE ? ",discard=unmap" : "",
                         drv->copyonread ? ",copy-on-read=on" : "");
  add (g, sb, "-device");
  /* Without a geometry scsi-hd guesses one by reading sector 0 while the
   * device is created, before qemu's main loop runs: qemu 7.2's curl
   * driver never completes that read, and qemu hangs.  The appliance
   * (Linux, no BIOS) never uses the geometry, so remote drives get a
   * fixed one and nothing is read then.
   */
  if (drv->protocol)
    geometry = ",cyls=1024,heads=16,secs=63";
  if (drv->label)
    label = escape_commas (g, drv->label);
  if (drv->blocksize)
    addf (g, sb, "scsi-hd,drive=hd%zu,bus=scsi.0,"
                           "logical_block_size=%d,physical_block_size=%d%s%s%s",
                           i, drv->blocksize, drv->blocksize,
                           label ? ",serial=" : "", label ? label : "",
                           geometry);
  else
    addf (g, sb, "scsi-hd,drive=hd%zu,bus=scsi.0%s%s%s",
                           i, label ? ",serial=" : "", label ? label : "",
                           geometry);
}

char **
guestfs_int_qemu_argv (guestfs_h *g, const struct appliance *ap,
                       const struct accel_choice *accel,
                       const char *sockpath, const struct snapshot *snap)
{
  static const struct snapshot cold = { .mode = SNAPSHOT_NONE };
  struct stringsbuf sb;
  char **argv;
  CLEANUP_FREE char *cmdline = kernel_cmdline (g, accel, snap ? snap : &cold);
  CLEANUP_FREE char *root = escape_commas (g, ap->root);
  CLEANUP_FREE char *sock = escape_commas (g, sockpath);
  /* microvm has virtio-mmio devices, pc has PCI ones. */
  const char *bus = ap->kernel_is_pvh ? "device" : "pci";
  size_t i, n;

  stringsbuf_init (&sb);
  add (g, &sb, g->hv);
  if (snap == NULL)
    snap = &cold;
  add (g, &sb, "-machine");
  addf (g, &sb, "%s,accel=%s%s",
                         ap->kernel_is_pvh ? "microvm" : "pc",
                         accel->accel == ACCEL_KVM ? "kvm" : "tcg",
                         snap->mode != SNAPSHOT_NONE ?
                         ",memory-backend=careen.ram" : "");
  /* A saved appliance's RAM is a file.  The qemu that saves it maps it
   * shared, so the guest's memory is the file and the saved state
   * leaves it out (x-ignore-shared); a restored one maps it private:
   * pages come from the file on first touch and what the handle
   * writes is its own copy, so the file stays as it was saved.
   */
  if (snap->mode != SNAPSHOT_NONE) {
    CLEANUP_FREE char *ram = escape_commas (g, snap->ram);

    add (g, &sb, "-object");
    addf (g, &sb, "memory-backend-file,id=careen.ram,size=%dM,mem-path=%s,"
          "share=%s", g->memsize, ram,
          snap->mode == SNAPSHOT_SAVE ? "on" : "off");
  }
  add (g, &sb, "-cpu");
  add (g, &sb, accel->accel == ACCEL_KVM ? "host" : TCG_CPU);
  add (g, &sb, "-m");
  addf (g, &sb, "%d", g->memsize);
  add (g, &sb, "-smp");
  addf (g, &sb, "%d", g->smp);
  add (g, &sb, "-nodefaults");
  add (g, &sb, "-no-user-config");
  add (g, &sb, "-display");
  add (g, &sb, "none");
  add (g, &sb, "-no-reboot");
  /* qemu parses the guest's disks and devices: confine it with
   * seccomp.  It never needs to exec, change privileges or use
   * obsolete syscalls.  (-nodefaults means no network unless
   * set_network adds one below.)
   */
  add (g, &sb, "-sandbox");
  add (g, &sb, "on,obsolete=deny,elevateprivileges=deny,spawn=deny,"
       "resourcecontrol=deny");
  add (g, &sb, "-serial");
  add (g, &sb, "stdio");

  add (g, &sb, "-kernel");
  add (g, &sb, ap->kernel);
  add (g, &sb, "-initrd");
  add (g, &sb, ap->initrd);
  add (g, &sb, "-append");
  add (g, &sb, cmdline);

  /* The appliance root comes first, on its own bus, so that the guest's
   * disks are exactly the SCSI disks.
   */
  add (g, &sb, "-drive");
  addf (g, &sb, "file=%s,if=none,id=approot,format=raw,"
                         "readonly=on", root);
  add (g, &sb, "-device");
  addf (g, &sb, "virtio-blk-%s,drive=approot", bus);

  add (g, &sb, "-device");
  addf (g, &sb, "virtio-scsi-%s,id=scsi", bus);
  /* The saved appliance has no disks; restored ones get theirs. */
  for (i = 0, n = 0; snap->mode != SNAPSHOT_SAVE && i < g->drives.len; ++i) {
    /* Null disks only satisfy "at least one drive". */
    if (g->drives.ptr[i]->null_disk)
      continue;
    add_drive_args (g, &sb, n++, g->drives.ptr[i]);
  }

  add (g, &sb, "-device");
  addf (g, &sb, "virtio-serial-%s", bus);
  add (g, &sb, "-chardev");
  addf (g, &sb, "socket,id=channel,path=%s", sock);
  add (g, &sb, "-device");
  add (g, &sb, "virtserialport,chardev=channel,"
                         "name=careen.channel.0");

  /* set_network: qemu's user-mode network (SLIRP), which needs no
   * privileges.  The addresses are qemu's defaults, spelled out because
   * init configures them statically (no DHCP client in the appliance):
   * the guest 10.0.2.15, the host 10.0.2.2, the DNS forwarder 10.0.2.3.
   */
  if (g->network) {
    add (g, &sb, "-netdev");
    add (g, &sb, "user,id=usernet,net=10.0.2.0/24,host=10.0.2.2,"
         "dns=10.0.2.3,dhcpstart=10.0.2.15");
    add (g, &sb, "-device");
    addf (g, &sb, "virtio-net-%s,netdev=usernet", bus);
  }

  /* The monitor that saves or restores it (qmp.c). */
  if (snap->mode != SNAPSHOT_NONE) {
    CLEANUP_FREE char *qmp = escape_commas (g, snap->qmp);

    add (g, &sb, "-chardev");
    addf (g, &sb, "socket,id=careen.qmp,path=%s,server=on,wait=off", qmp);
    add (g, &sb, "-mon");
    add (g, &sb, "chardev=careen.qmp,mode=control");
  }
  if (snap->mode == SNAPSHOT_RESTORE) {
    add (g, &sb, "-incoming");
    add (g, &sb, "defer");
  }

  /* guestfs_config's parameters last, so they can add to ours. */
  for (i = 0; g->hv_params && g->hv_params[i]; ++i)
    add (g, &sb, g->hv_params[i]);

  argv = stringsbuf_finish (&sb);
  if (argv == NULL)
    guestfs_int_oom (g);
  return argv;
}
