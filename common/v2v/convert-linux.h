/* careen - offline disk-image toolkit
 * The Linux converter's parts (convert-linux-*.c), each one step of
 * v2v_convert_linux.  Every function returns 0 (or a pointer), or -1
 * (NULL) after printing its error once with v2v_error; a failed call
 * of the API has already been printed by the handle's error handler.
 */

#ifndef CAREEN_V2V_CONVERT_LINUX_H
#define CAREEN_V2V_CONVERT_LINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "guestfs.h"
#include "vector.h"
#include "v2v.h"

/* Largest guest configuration file read into memory for editing:
 * bounds what a hostile guest can make us allocate.  Real fstab, grub
 * and modprobe files are a few kilobytes; a generated grub.cfg with
 * many kernels some tens.
 */
#define LINUX_MAX_CONFIG_FILE (4 * 1024 * 1024)

/* One installed kernel of the guest. */
struct linux_kernel {
  char *version;         /* "6.1.0-28-amd64": the /lib/modules name */
  char *vmlinuz;         /* guest path of the image */
  char *modpath;         /* guest path of /lib/modules/VERSION */
  char *initrd;          /* guest path of its initramfs (it may not
                            exist yet) */
  bool xen_only;         /* a Xen PV-only kernel (-xen, -xenU) */
  bool debug;            /* a debug kernel (+debug, -debug) */
  /* What it has, as a module file or built in. */
  bool virtio_blk, virtio_scsi, virtio_net, virtio_pci;
  bool virtio_rng, virtio_balloon, pvpanic, virtio_socket;
  bool virtio_1_0;       /* its virtio drivers know virtio 1.0 (3.8+) */
  /* Module names (no .ko) it has as files, for the initramfs tools
   * that refuse to add a module that is built in or absent.
   */
  char **module_files;
};

DEFINE_VECTOR_TYPE (linux_kernel_vector, struct linux_kernel);

/* The guest being converted, as the steps share it. */
struct linux_guest {
  guestfs_h *g;
  const struct v2v_inspect *i;
  const struct v2v_convert_options *o;
  struct linux_kernel_vector kernels;
  enum v2v_bus block_bus;  /* the target bus, chosen from the kernels */
  bool virtio_net;         /* the target NIC is virtio */
};

/* convert-linux-kernels.c.  Fills lg->kernels with every installed
 * kernel (Xen-only and debug ones dropped when others exist); a guest
 * with none is an error.
 */
extern int linux_find_kernels (struct linux_guest *lg);
/* The kernel whose drivers decide the guestcaps: the newest one with
 * virtio_blk, else the newest.  Never NULL once kernels were found.
 */
extern const struct linux_kernel *
linux_best_kernel (const struct linux_guest *lg);
extern void linux_kernels_release (struct linux_guest *lg);
extern bool linux_kernel_has_module_file (const struct linux_kernel *k,
                                          const char *module);
/* -1 when A is older than B, 0 when equal, 1 when newer. */
extern int linux_compare_versions (const char *a, const char *b);

/* convert-linux-initramfs.c.  Rebuilds every kernel's initramfs with
 * the virtio drivers, with the guest's own tool.
 */
extern int linux_rebuild_initramfs (struct linux_guest *lg);
/* CONTENT (a shell-sourced configuration) with WORDS added to the list
 * NAME=(...) (ARRAY) or NAME="...": in place on a plain one-line
 * definition, else by a line appended that extends it.  A new string,
 * or NULL on ENOMEM.
 */
extern char *linux_shell_list_add (const char *content, const char *name,
                                   bool array, char *const *words);

/* convert-linux-static-ip.c.  Writes TEXT to PATH with MODE: 0, or -1
 * (printed).
 */
extern int linux_write_text_file (guestfs_h *g, const char *path,
                                  const char *text, int mode);
/* Closes the memstream FP of *BUF: 0, or -1 (printed, *BUF freed). */
extern int linux_finish_text (FILE *fp, char **buf);

/* convert-linux-ifcfg.c.  Whether the guest keeps its network in
 * ifcfg files: Red Hat's /etc/sysconfig/network-scripts, or SUSE's
 * /etc/sysconfig/network (*SUSE_R).
 */
extern bool linux_ifcfg_found (guestfs_h *g, bool *suse_r);
/* Writes the static address IP (the INDEXth --mac ...:ip:) in them:
 * on SUSE the caller names the NIC v2vINDEX.
 */
extern int linux_ifcfg_set (guestfs_h *g, const struct v2v_static_ip *ip,
                            size_t index, bool suse);

/* convert-linux-devices.c.  Renames hdX, sdX and xvdX (source disk N)
 * to the target's vdX or sdX in fstab, crypttab and the boot loader's
 * configuration.
 */
extern int linux_remap_devices (struct linux_guest *lg);
/* The name of disk INDEX (0-based) with PREFIX ("vd" -> "vda",
 * 26 -> "vdaa") written to BUF (size LEN); returns BUF.
 */
extern char *linux_disk_name (char *buf, size_t len, const char *prefix,
                              size_t index);
/* CONTENT with every /dev/hdX, sdX, xvdX[N] of source disks 0 ..
 * NR_DISKS-1 renamed to TARGET ("vd", "sd"), counting renames in
 * *COUNT.  A new string, or NULL on ENOMEM.
 */
extern char *linux_remap_text (const char *content, size_t nr_disks,
                               const char *target, size_t *count);

/* convert-linux-tools.c.  Removes (or disables) the guest tools of
 * other hypervisors.
 */
extern int linux_remove_guest_tools (struct linux_guest *lg);

/* convert-linux-console.c.  Serial console names and network driver
 * aliases of the old hypervisor.
 */
extern int linux_fix_console (struct linux_guest *lg);
extern int linux_fix_network (struct linux_guest *lg);
/* CONTENT (modprobe configuration) with "alias ethN X" pointing at
 * virtio_net (with VIRTIO_NET) and "alias scsi_hostadapter X" at
 * virtio_blk (with VIRTIO_BLK); *CHANGED says whether any did.  A new
 * string, or NULL on ENOMEM.
 */
extern char *linux_alias_text (const char *content, bool virtio_net,
                               bool virtio_blk, bool *changed);

/* convert-linux-grub-default.c.  Makes GRUB boot the best kernel
 * when its default one has no virtio_blk (a warning says so).
 */
extern int linux_grub_default (struct linux_guest *lg);

/* convert-linux-uefi-fallback.c.  For a UEFI guest, makes the
 * distribution's loader in the ESP (shim, else GRUB) the fallback
 * loader \EFI\BOOT\BOOT<arch>.EFI when the guest has none.
 */
extern int linux_fix_uefi_fallback (struct linux_guest *lg);

/* convert-linux-static-ip.c.  Writes the --mac ...:ip: addresses in
 * the configuration of the guest's network stack (a warning when it
 * has none careen knows).
 */
extern int linux_set_static_ips (struct linux_guest *lg);

/* convert-linux-selinux.c.  Asks for a relabel at the next boot when
 * SELinux is on; removes the blkid caches that name old devices.
 */
extern int linux_selinux_relabel (struct linux_guest *lg);
extern int linux_remove_blkid_cache (struct linux_guest *lg);

/* convert-linux-files.c: file helpers the steps share. */
/* Reads PATH if it is a regular file (a symlink is followed inside the
 * guest) of at most LINUX_MAX_CONFIG_FILE bytes.  Returns the contents
 * NUL-terminated, NULL with *absent_r = true when there is no such
 * file, NULL with *absent_r = false on error (printed).
 * *real_r, when not NULL, gets the resolved path to write back.
 */
extern char *linux_read_config (guestfs_h *g, const char *path,
                                char **real_r, bool *absent_r);
/* Writes CONTENT to PATH (a resolved path from linux_read_config). */
extern int linux_write_config (guestfs_h *g, const char *path,
                               const char *content);
/* True when PATH exists in the guest as a regular file, a symlink to
 * one included.
 */
extern bool linux_is_file (guestfs_h *g, const char *path);
/* Runs ARGV chrooted in the guest.  Its output is shown with
 * o->verbose.  On failure prints "WHAT: ARGV[0] failed: error" and
 * returns -1.
 */
extern int linux_run (struct linux_guest *lg, const char *what,
                      char *const *argv);
/* The same, for a program whose failure the caller works around: the
 * failure is a warning.
 */
extern int linux_try_run (struct linux_guest *lg, const char *what,
                          char *const *argv);
/* The first of the NULL-terminated guest paths that is a file, or
 * NULL.
 */
extern const char *linux_first_file (guestfs_h *g,
                                     const char *const *paths);

#endif /* CAREEN_V2V_CONVERT_LINUX_H */
