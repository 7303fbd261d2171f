/* careen - offline disk-image toolkit
 * The parts of the Windows converter (convert-windows*.c), private to
 * it.  v2v_convert_windows (convert-windows.c) runs them in order:
 * the hibernation check, the virtio drivers, the registry, the
 * firstboot scripts.  Every function that returns int prints its error
 * once (v2v_error) and returns -1, unless its comment says otherwise.
 */

#ifndef CAREEN_CONVERT_WINDOWS_H
#define CAREEN_CONVERT_WINDOWS_H

#include <stdbool.h>
#include <stdint.h>

#include "guestfs.h"
#include "v2v.h"

/* Registry value types, as the hive stores them. */
#define WINREG_SZ 1
#define WINREG_EXPAND_SZ 2
#define WINREG_BINARY 3
#define WINREG_DWORD 4
#define WINREG_MULTI_SZ 7

/* The Windows being converted, as the parts need it. */
struct winconv {
  guestfs_h *g;
  const struct v2v_inspect *i;
  const struct v2v_convert_options *o;
  char *system_hive;            /* guest path of SYSTEM */
  char *software_hive;          /* guest path of SOFTWARE */
  char *drive;                  /* "C:", the drive of %SystemRoot% */
  char *systemroot_win;         /* "C:\Windows" */
  unsigned build;               /* CurrentBuildNumber, 0 if unknown */
};

/* What the drivers step found and copied. */
struct windrivers {
  const char *osdir;            /* directory name of the block driver's
                                   files ("w10" ...), NULL if none */
  const char *block;            /* "viostor", "vioscsi" or NULL (IDE) */
  bool netkvm, balloon, viorng, pvpanic, viosock;
  bool virtio_1_0;
  bool any;                     /* at least one driver file was copied */
  bool blnsvr;                  /* the balloon service's program was
                                   copied beside its driver */
  const char *qemu_ga_msi;      /* the guest agent's installer copied to
                                   Drivers\VirtIO, or NULL */
};

/* convert-windows-path.c */
/* Resolves PATH (absolute, '/'-separated) in the guest as Windows
 * would, ignoring case: each component that exists is replaced by the
 * guest's own spelling, the rest are kept as given.  Returns a new
 * string, or NULL (error printed).
 */
extern char *winconv_resolve (guestfs_h *g, const char *path);
/* Joins the guest directory DIR and NAME with one '/'. */
extern char *winconv_join (const char *dir, const char *name);

/* convert-windows-hiber.c */
/* Refuses a hibernated guest, or one with Fast Startup in use. */
extern int winconv_check_hibernation (const struct winconv *w);

/* convert-windows-drivers.c */
/* Copies the drivers for this Windows from o->virtio_win (a directory
 * or an ISO) into %SystemRoot%\Drivers\VirtIO (with the balloon
 * service's blnsvr.exe and the QEMU guest agent's MSI when the tree
 * has them) and the block driver into %SystemRoot%\System32\drivers,
 * filling D.  No VIRTIO_WIN, or no
 * driver for this Windows, is a warning, not an error.
 */
extern int winconv_copy_drivers (const struct winconv *w,
                                 struct windrivers *d);

/* convert-windows-hive.c: the registry through the hivex_* calls. */
extern int winreg_open_hive (guestfs_h *g, const char *path);
extern int winreg_commit_hive (guestfs_h *g);
/* Closes the hive, dropping uncommitted changes; never fails. */
extern void winreg_close_hive (guestfs_h *g);
/* The node at the '\'-separated PATH below PARENT: > 0, or 0 when a
 * key is missing and CREATE is false (nothing printed), or -1.
 */
extern int64_t winreg_node (guestfs_h *g, int64_t parent, const char *path,
                            bool create);
extern int winreg_set_dword (guestfs_h *g, int64_t node, const char *key,
                             uint32_t v);
/* TYPE is WINREG_SZ or WINREG_EXPAND_SZ; S is UTF-8. */
extern int winreg_set_string (guestfs_h *g, int64_t node, const char *key,
                              int type, const char *s);
/* STRS is a NULL-terminated list of UTF-8 strings. */
extern int winreg_set_multi_sz (guestfs_h *g, int64_t node, const char *key,
                                const char *const *strs);
extern int winreg_set_binary (guestfs_h *g, int64_t node, const char *key,
                              const char *data, size_t len);
/* A string value as UTF-8 (new string), or NULL when it is missing or
 * not a string (nothing printed; *missing_r true) or on error (printed,
 * *missing_r false).
 */
extern char *winreg_get_string (guestfs_h *g, int64_t node, const char *key,
                                bool *missing_r);
/* A DWORD value: 0 with *v_r set, 1 when missing or not a DWORD, or -1. */
extern int winreg_get_dword (guestfs_h *g, int64_t node, const char *key,
                             uint32_t *v_r);

/* convert-windows-registry.c */
/* Installs the block driver's service and its device entries, adds the
 * driver directory to DevicePath, disables other hypervisors' drivers
 * and the automatic reboot after a crash.
 */
extern int winconv_edit_registry (const struct winconv *w,
                                  const struct windrivers *d);

/* convert-windows-static-ip.c */
/* The PowerShell text that sets o->static_ips at the first boot, or
 * NULL when there are none or on ENOMEM (nothing printed).
 */
extern char *winconv_static_ip_script (const struct v2v_convert_options *o);

/* convert-windows-online-disks.c */
struct stringsbuf;
/* Adds to SCRIPTS (name, text, name, text ...) the first boot script
 * that brings the virtio disks online, when the guest has other disks
 * than the boot disk and can run it.
 */
extern int winconv_add_online_disks (const struct winconv *w,
                                     const struct windrivers *d,
                                     struct stringsbuf *scripts);

/* convert-windows-firstboot.c */
/* Writes the scripts that must run inside Windows at its next boot
 * (driver installation, removal of other hypervisors' tools) and
 * registers the runner; nothing when there is nothing to run.
 */
extern int winconv_install_firstboot (const struct winconv *w,
                                      const struct windrivers *d);

/* convert-windows-ntfs-heads.c */
/* Before Windows Vista: sets the heads count in the NTFS boot sector of
 * the root partition to what the new disk's BIOS geometry gives.
 * Nothing for later Windows, a whole-disk filesystem or a boot sector
 * that is not NTFS's.
 */
extern int winconv_fix_ntfs_heads (const struct winconv *w);

/* convert-windows-bcd.c */
/* UEFI guests: on every vfat filesystem, deletes graphicsmodedisabled
 * from the default boot entry of the BCD store (\EFI\Microsoft\Boot\
 * BCD) if it has one, and runs winconv_fix_uefi_fallback.  Nothing for
 * BIOS guests.
 */
extern int winconv_fix_esps (const struct winconv *w);

/* convert-windows-uefi-fallback.c */
/* When the ESP mounted on the guest directory ESP has Windows Boot
 * Manager (\EFI\Microsoft\Boot\bootmgfw.efi), makes \EFI\BOOT\
 * BOOT<arch>.EFI a copy of it, unless it is one already.
 */
extern int winconv_fix_uefi_fallback (const struct winconv *w,
                                      const char *esp);

#endif /* CAREEN_CONVERT_WINDOWS_H */
