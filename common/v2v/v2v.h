/* careen - offline disk-image toolkit
 * What virt-v2v, virt-v2v-in-place and virt-v2v-inspector share.
 *
 * CONTRACT (the three programs are written against it):
 *
 * 1. An input (input-*.c) reads the source's description (a disk, an
 *    OVA, a VMX file, libvirt XML) into one struct v2v_source.  It
 *    never looks inside guest disks: it only names them, with their
 *    format, after checking that every file it names is one the source
 *    may name (an OVF's files inside its OVA, a VMDK's extents beside
 *    the descriptor).
 * 2. The front end adds the disks to a handle (through overlays for
 *    virt-v2v, directly for virt-v2v-in-place), launches, and
 *    v2v_inspect picks the root (--root) and fills struct v2v_inspect;
 *    v2v_mount_root mounts the guest's filesystems.
 * 3. v2v_convert checks free space and runs the converter of the
 *    guest's family (convert-linux*.c, convert-windows*.c), which
 *    changes the guest through the API only and says, in struct
 *    v2v_guestcaps, what the converted guest can use.
 * 4. An output (tools/v2v/output-*.c) writes the disks and the target's
 *    metadata from the source, the inspection and the guestcaps.
 *
 * Every function prints its error once, "PROGRAM: error: message" on
 * stderr (v2v_error), and returns -1 (or NULL); the caller only stops.
 */

#ifndef CAREEN_V2V_H
#define CAREEN_V2V_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "guestfs.h"

enum v2v_firmware {
  V2V_FIRMWARE_UNKNOWN = 0,
  V2V_FIRMWARE_BIOS,
  V2V_FIRMWARE_UEFI,
};

/* A disk bus, of the source or of the target. */
enum v2v_bus {
  V2V_BUS_UNKNOWN = 0,
  V2V_BUS_IDE,
  V2V_BUS_SATA,
  V2V_BUS_SCSI,
  V2V_BUS_VIRTIO_BLK,
  V2V_BUS_VIRTIO_SCSI,
};

enum v2v_net_type {
  V2V_NET_NETWORK = 0,
  V2V_NET_BRIDGE,
};

struct v2v_disk {
  char *path;              /* host file qemu opens (absolute) */
  char *format;            /* qemu format name: raw, qcow2, vmdk, vhdx,
                              vpc, vdi ...; never NULL once read */
  enum v2v_bus bus;        /* where the source had it, if known */
  int slot;                /* position on that bus, -1 if unknown */
};

struct v2v_removable {
  bool floppy;             /* else a CD-ROM */
  enum v2v_bus bus;
  int slot;
};

struct v2v_nic {
  char *mac;               /* "aa:bb:cc:dd:ee:ff" or NULL */
  char *model;             /* source model ("e1000", "vmxnet3" ...) or NULL */
  enum v2v_net_type vnet_type;
  char *vnet;              /* network or bridge name, after -n/-b mapping */
};

struct v2v_source {
  char *name;              /* guest name (-on replaces it) */
  char *hypervisor;        /* "vmware", "kvm", "virtualbox", "hyperv",
                              "unknown" */
  uint64_t memory;         /* bytes */
  int vcpus;
  int cpu_sockets, cpu_cores, cpu_threads;  /* 0: unknown */
  enum v2v_firmware firmware;               /* as the source says */
  char *genid;             /* VM generation ID, or NULL */
  bool display;            /* the source had a graphical console */
  struct v2v_disk *disks;
  size_t nr_disks;
  struct v2v_removable *removables;
  size_t nr_removables;
  struct v2v_nic *nics;
  size_t nr_nics;
};

extern void v2v_source_free (struct v2v_source *s);

/* --print-source: the description in a human-readable form. */
extern void v2v_source_print (FILE *fp, const struct v2v_source *s);

/* Inputs (input-*.c).  Each fills S (zeroed by the caller) and
 * returns 0, or -1 with the message printed.  Formats: FORMAT (-if)
 * when given, else what the disk's header says (guestfs_disk_format);
 * "raw" for a flat VMDK extent.  TMPDIR is where an OVA's disks are
 * unpacked when they cannot be read where they are (compressed, or
 * inside a tar); the caller removes it.
 */
extern int v2v_input_disk (char *const *files, size_t nr_files,
                           const char *format, struct v2v_source *s);
extern int v2v_input_ova (const char *ova, const char *format,
                          const char *tmpdir, struct v2v_source *s);
extern int v2v_input_vmx (const char *vmx, const char *format,
                          struct v2v_source *s);
extern int v2v_input_libvirtxml (const char *xml, const char *format,
                                 struct v2v_source *s);
/* -i libvirt: GUEST (a name or UUID) of the libvirt connection URI
 * (NULL: libvirt's default), logging in with the password in the file
 * PASSWORD_FILE when libvirt asks for one (NULL: libvirt asks on the
 * terminal).
 */
extern int v2v_input_libvirt (const char *uri, const char *guest,
                              const char *password_file,
                              const char *format, struct v2v_source *s);

/* -o libvirt's libvirt side (libvirt-target.c).  Each function prints
 * its error once and returns -1 or NULL.
 */
struct v2v_libvirt_target;
/* Connects to URI (NULL: libvirt's default) and finds the storage pool
 * POOL (a name or UUID), which must be a directory pool.
 */
extern struct v2v_libvirt_target *v2v_libvirt_target_open (const char *uri,
                                                           const char *pool);
extern void v2v_libvirt_target_close (struct v2v_libvirt_target *t);
/* The pool's target directory (owned by T). */
extern const char *v2v_libvirt_target_dir (const struct v2v_libvirt_target *t);
/* 0 when the connection has no domain called NAME, else -1. */
extern int v2v_libvirt_target_check_name (struct v2v_libvirt_target *t,
                                          const char *name);
/* The domain type for a guest of ARCH: "kvm", else "qemu", else the
 * first the connection has for ARCH; "kvm" (a warning) when it has
 * none.  A new string.
 */
extern char *v2v_libvirt_target_domain_type (struct v2v_libvirt_target *t,
                                             const char *arch);
/* Defines the domain XML, then refreshes the pool (a warning if it
 * cannot).  With VERBOSE, prints libvirt's XML of the new domain.
 */
extern int v2v_libvirt_target_define (struct v2v_libvirt_target *t,
                                      const char *xml, bool verbose);
/* Undoes v2v_libvirt_target_define of domain NAME. */
extern int v2v_libvirt_target_undefine (struct v2v_libvirt_target *t,
                                        const char *name);

/* Checks one disk before qemu opens it (disk-check.c): its format is
 * known (probing it when D->format is NULL), it has no backing file,
 * and, for a VMDK descriptor, every extent is a plain file name in the
 * descriptor's own directory.  Refuses anything else with a message
 * naming the file.
 */
extern int v2v_disk_check (struct v2v_disk *d);

/* What inspection found about the root chosen for conversion.  Strings
 * are never NULL ("unknown" where inspection said so).
 */
struct v2v_inspect {
  char *root;
  char *type, *distro, *osinfo, *arch;
  char *product_name, *product_variant;
  char *package_format, *package_management;
  char *windows_systemroot, *windows_current_control_set; /* or "" */
  int major, minor;
  char **mountpoints;        /* guestfs hash: mountpoint, device, ... */
  enum v2v_firmware firmware; /* what the guest boots with: UEFI when it
                                 has an ESP with a boot loader */
};

extern void v2v_inspect_free (struct v2v_inspect *i);

/* --root: "ask", "single", "first" or a device name. */
extern int v2v_inspect (guestfs_h *g, const char *root_choice,
                        struct v2v_inspect *i);

/* Mounts the filesystems of I's root read-write (read-only with RO),
 * the deepest last; a mountpoint that fails is a warning, except /.
 */
extern int v2v_mount_root (guestfs_h *g, const struct v2v_inspect *i,
                           bool ro);

/* What the converted guest can use, as the converter found. */
struct v2v_guestcaps {
  enum v2v_bus block_bus;  /* V2V_BUS_VIRTIO_BLK, _VIRTIO_SCSI or _IDE */
  const char *net_model;   /* "virtio", "e1000" or "rtl8139" */
  const char *machine;     /* "q35" or "pc" */
  const char *arch;        /* "x86_64", "i686" ... */
  bool virtio_rng, virtio_balloon, pvpanic, virtio_socket;
  bool acpi;
  bool virtio_1_0;         /* the guest's drivers know virtio 1.0 */
};

/* Most nameservers one --mac ...:ip: takes: resolvers use three. */
#define V2V_MAX_NAMESERVERS 8
/* Room for an address as inet_ntop writes it (INET6_ADDRSTRLEN). */
#define V2V_IP_STRLEN 46

/* One --mac MAC:ip:ADDR[,GW[,LEN[,NS...]]]: the static address the
 * converted guest gives the NIC with that MAC.  Addresses are in
 * inet_ntop's canonical form, so they are safe to write into any of
 * the guest's configuration languages.
 */
struct v2v_static_ip {
  char mac[18];                 /* lower case "aa:bb:cc:dd:ee:ff" */
  bool ipv6;
  char address[V2V_IP_STRLEN];
  char gateway[V2V_IP_STRLEN];  /* "" when none */
  int prefix;                   /* LEN, or 24 (IPv4) / 64 (IPv6) */
  char nameservers[V2V_MAX_NAMESERVERS][V2V_IP_STRLEN];
  size_t nr_nameservers;
};

/* static-ip.c: fills IP from MAC (already checked) and the text after
 * "ip:".  Returns NULL, or what is wrong with it (a static string).
 */
extern const char *v2v_static_ip_parse (const char *mac, const char *value,
                                        struct v2v_static_ip *ip);

struct v2v_convert_options {
  enum v2v_bus block_driver;  /* --block-driver: _VIRTIO_BLK (default)
                                 or _VIRTIO_SCSI */
  size_t nr_disks;            /* disks of the source, in order: source
                                 disk N becomes vd<N> (or sd<N>) */
  const char *virtio_win;     /* $VIRTIO_WIN (directory or ISO), or NULL */
  bool verbose;
  bool quiet;
  bool in_place;              /* virt-v2v-in-place */
  const struct v2v_static_ip *static_ips;  /* --mac ...:ip:, in order */
  size_t nr_static_ips;
};

/* Checks the guest's free space (root 100 MB, /boot 50 MB, others
 * 10 MB, 100 inodes each), then converts with the converter of I's
 * family, filling CAPS.  The guest is mounted (v2v_mount_root).
 */
extern int v2v_convert (guestfs_h *g, const struct v2v_inspect *i,
                        const struct v2v_convert_options *o,
                        struct v2v_guestcaps *caps);

/* The converters v2v_convert calls. */
extern int v2v_convert_linux (guestfs_h *g, const struct v2v_inspect *i,
                              const struct v2v_convert_options *o,
                              struct v2v_guestcaps *caps);
extern int v2v_convert_windows (guestfs_h *g, const struct v2v_inspect *i,
                                const struct v2v_convert_options *o,
                                struct v2v_guestcaps *caps);

/* Messages.  v2v_set_program names the program once at start;
 * v2v_progress prints "[  12.3] message" on stdout unless quiet (the
 * seconds since v2v_set_program).
 */
extern void v2v_set_program (const char *program, bool quiet,
                             bool machine_readable);
extern const char *v2v_program (void);
extern void v2v_error (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
extern void v2v_warning (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
extern void v2v_progress (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
extern bool v2v_quiet (void);

/* uefi-loader-names.c: the loaders' file names in an ESP for ARCH
 * (inspection's "x86_64", "i686", "aarch64" ...), or NULL when careen
 * knows none.
 */
struct uefi_loader_names {
  const char *fallback;   /* BOOTX64.EFI: what firmware starts by itself */
  const char *shim;       /* shimx64.efi */
  const char *grub;       /* grubx64.efi */
  const char *mok;        /* mmx64.efi, shim's MokManager */
};
extern const struct uefi_loader_names *uefi_loader_names (const char *arch);

#endif /* CAREEN_V2V_H */
