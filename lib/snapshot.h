/* careen - offline disk-image toolkit
 * Saved appliances: launch by restoring a saved VM instead of booting
 * (snapshot.c, qmp-save.c).
 */

#ifndef CAREEN_SNAPSHOT_H
#define CAREEN_SNAPSHOT_H

#include <stdbool.h>

#include "guestfs.h"

struct appliance;
struct accel_choice;

enum snapshot_mode {
  SNAPSHOT_NONE,        /* a cold boot */
  SNAPSHOT_SAVE,        /* boot an appliance to be saved, no disks */
  SNAPSHOT_RESTORE,     /* resume a saved one, with the handle's disks */
};

struct snapshot {
  enum snapshot_mode mode;
  char *ram;            /* the guest RAM file */
  char *qmp;            /* qemu's QMP socket */
  int state_fd;         /* RESTORE: the device state, qemu's fd 3 */
};

/* qemu's fd for the state of a restored VM. */
#define SNAPSHOT_STATE_FD 3
#define SNAPSHOT_STATE_FD_STR "3"

/* Launches g's appliance from a saved one, saving it first if it is
 * not there yet.  Returns 0 when the appliance is ready; -1 when no
 * saved appliance can be used here, RESTORE_FAILED when one did not
 * resume (nothing is reported: the caller boots the usual way);
 * QEMU_KILLED, reported, when a signal killed qemu (the launch fails,
 * as a cold boot's would).  Defined in launch.c.
 */
#define RESTORE_FAILED (-3)
#define QEMU_KILLED (-4)
extern int guestfs_int_launch_restored (guestfs_h *g,
                                        const struct appliance *ap,
                                        const struct accel_choice *accel,
                                        const char *tmpdir);

/* snapshot.c */

/* Whether g's launch may use a saved appliance (debug says why not). */
extern bool guestfs_int_snapshot_applies (guestfs_h *g,
                                          const struct appliance *ap,
                                          const struct accel_choice *accel);

/* The entry's directory for g's appliance (newly allocated), or NULL. */
extern char *guestfs_int_snapshot_dir (guestfs_h *g,
                                       const struct appliance *ap,
                                       const struct accel_choice *accel);
/* The state of the entry DIR, open, or -1 if it is missing or corrupt. */
extern int guestfs_int_snapshot_open (guestfs_h *g, const char *dir);
/* Takes the lock of entry builds: returns its fd (close it to unlock)
 * or -1.
 */
extern int guestfs_int_snapshot_lock (guestfs_h *g);
extern void guestfs_int_snapshot_discard (guestfs_h *g, const char *dir);
extern void guestfs_int_snapshot_mark_used (const char *dir);
extern void guestfs_int_snapshot_remove_stale (guestfs_h *g,
                                              const char *keep);
/* A new directory to save an entry DIR into, or NULL. */
extern char *guestfs_int_snapshot_tmpdir (guestfs_h *g, const char *dir);
extern int guestfs_int_snapshot_publish (guestfs_h *g, const char *tmp,
                                         int state_fd, const char *dir);

/* The RESUME message for a restored appliance of g. */
extern void guestfs_int_snapshot_resume_msg (guestfs_h *g,
                                             unsigned char *msg);

/* qmp.c: asks the qemu whose QMP socket is QMP to save its
 * devices' state into STATE_FD (its RAM stays in its shared file).
 * Returns 0, or -1 with a debug message.
 */
extern int guestfs_int_qmp_save (guestfs_h *g, const char *qmp, int state_fd);
/* Makes the qemu started with -incoming defer load its state from
 * SNAPSHOT_STATE_FD.  Returns 0, or -1 with a debug message.
 */
extern int guestfs_int_qmp_restore (guestfs_h *g, const char *qmp);

/* launch.c: whether the handle's qemu has exited (not yet reaped). */
extern bool guestfs_int_qemu_exited (guestfs_h *g);

#endif /* CAREEN_SNAPSHOT_H */
