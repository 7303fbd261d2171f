/* careen - offline disk-image toolkit
 * The Linux converter: what v2v_convert runs for a Linux guest.  It
 * finds the kernels, decides from their drivers what the target can
 * use (guestcaps), then changes the guest so that it boots there: the
 * other hypervisors' tools go, device names follow the new bus, the
 * console and network settings of Xen and others are undone, a UEFI
 * guest's loader becomes the ESP's fallback loader, each
 * initramfs gets the virtio drivers, and SELinux relabels on the next
 * boot.  Each step is a file of its own (convert-linux-*.c).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert-linux.h"

/* Year an OS version came out, for the machine type: Intel's Q35
 * chipset (ICH9, AHCI) appeared in 2007, and systems released before
 * that do not know it.  0 when unknown.
 */
static int
release_year (const struct v2v_inspect *i)
{
  const char *d = i->distro;
  int major = i->major;

  if (strcmp (d, "rhel") == 0 || strcmp (d, "centos") == 0 ||
      strcmp (d, "scientificlinux") == 0 || strcmp (d, "oraclelinux") == 0 ||
      strcmp (d, "rocky") == 0 || strcmp (d, "almalinux") == 0 ||
      strcmp (d, "circos") == 0 || strcmp (d, "redhat-based") == 0) {
    static const int years[] = { 0, 0, 2002, 2003, 2005, 2007, 2010, 2014,
                                 2019, 2022, 2025 };
    if (major < 0)
      return 0;
    return major < (int) (sizeof years / sizeof years[0]) ? years[major]
      : 2025;
  }
  if (strcmp (d, "fedora") == 0)
    return major > 0 ? 2003 + major / 2 : 0;  /* two releases a year */
  if (strcmp (d, "ubuntu") == 0 || strcmp (d, "linuxmint") == 0)
    return major > 0 && major < 100 ? 2000 + major : 0;
  if (strcmp (d, "debian") == 0) {
    static const int years[] = { 0, 1996, 1998, 2002, 2007, 2009, 2011, 2013,
                                 2015, 2017, 2019, 2021, 2023, 2025 };
    if (major < 0)
      return 0;
    return major < (int) (sizeof years / sizeof years[0]) ? years[major]
      : 2025;
  }
  if (strcmp (d, "sles") == 0 || strcmp (d, "suse-based") == 0 ||
      strcmp (d, "opensuse") == 0) {
    if (major >= 42)
      return 2015;              /* openSUSE Leap 42 */
    if (major >= 15)
      return 2018;
    return major >= 11 ? 2009 : major == 10 ? 2006 : major > 0 ? 2004 : 0;
  }
  if (strcmp (d, "alpinelinux") == 0)
    return major >= 3 ? 2014 : major > 0 ? 2010 : 0;
  if (strcmp (d, "archlinux") == 0 || strcmp (d, "gentoo") == 0 ||
      strcmp (d, "voidlinux") == 0 || strcmp (d, "opensuse-tumbleweed") == 0)
    return 2025;                /* rolling: as new as its kernel */
  return 0;
}

static const char *
machine_type (const struct v2v_inspect *i, const struct linux_kernel *k)
{
  int year = release_year (i);

  if (strcmp (i->arch, "x86_64") != 0 && strcmp (i->arch, "i386") != 0 &&
      strcmp (i->arch, "i486") != 0 && strcmp (i->arch, "i586") != 0 &&
      strcmp (i->arch, "i686") != 0)
    return "pc";
  /* Unknown distribution: its kernel says; 2.6.24 came out in 2008. */
  if (year == 0)
    return linux_compare_versions (k->version, "2.6.24") >= 0 ? "q35" : "pc";
  return year >= 2007 ? "q35" : "pc";
}

/* Fills CAPS and the target bus from the kernel that will boot. */
static void
choose_caps (struct linux_guest *lg, struct v2v_guestcaps *caps)
{
  const struct linux_kernel *k = linux_best_kernel (lg);

  if (lg->o->block_driver == V2V_BUS_VIRTIO_SCSI && k->virtio_scsi)
    caps->block_bus = V2V_BUS_VIRTIO_SCSI;
  else if (k->virtio_blk) {
    if (lg->o->block_driver == V2V_BUS_VIRTIO_SCSI)
      v2v_warning ("kernel %s has no virtio-scsi driver: using virtio-blk",
                   k->version);
    caps->block_bus = V2V_BUS_VIRTIO_BLK;
  }
  else {
    v2v_warning ("kernel %s has no virtio block driver: the guest's disks "
                 "will be on IDE, which is slow", k->version);
    caps->block_bus = V2V_BUS_IDE;
  }
  if (k->virtio_net)
    caps->net_model = "virtio";
  else {
    v2v_warning ("kernel %s has no virtio network driver: the guest's "
                 "network card will be an emulated e1000", k->version);
    caps->net_model = "e1000";
  }
  caps->machine = machine_type (lg->i, k);
  caps->arch = lg->i->arch;
  caps->acpi = true;
  caps->virtio_rng = k->virtio_rng;
  caps->virtio_balloon = k->virtio_balloon;
  caps->pvpanic = k->pvpanic;
  caps->virtio_socket = k->virtio_socket;
  caps->virtio_1_0 = k->virtio_1_0;
  lg->block_bus = caps->block_bus;
  lg->virtio_net = k->virtio_net;
}

int
v2v_convert_linux (guestfs_h *g, const struct v2v_inspect *i,
                   const struct v2v_convert_options *o,
                   struct v2v_guestcaps *caps)
{
  struct linux_guest lg = { .g = g, .i = i, .o = o };
  int r = -1;

  if (linux_find_kernels (&lg) == -1)
    goto out;
  choose_caps (&lg, caps);

  if (!o->quiet)
    v2v_progress ("Removing the guest tools of other hypervisors");
  if (linux_remove_guest_tools (&lg) == -1)
    goto out;
  if (linux_remap_devices (&lg) == -1 ||
      linux_grub_default (&lg) == -1 ||
      linux_fix_uefi_fallback (&lg) == -1 ||
      linux_fix_console (&lg) == -1 ||
      linux_fix_network (&lg) == -1 ||
      linux_set_static_ips (&lg) == -1 ||
      linux_remove_blkid_cache (&lg) == -1)
    goto out;
  /* After the tools removal: removing packages may rebuild the
   * initramfs itself, without the drivers.
   */
  if (linux_rebuild_initramfs (&lg) == -1)
    goto out;
  if (linux_selinux_relabel (&lg) == -1)
    goto out;
  r = 0;

 out:
  linux_kernels_release (&lg);
  return r;
}
