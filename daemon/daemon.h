/* careen - offline disk-image toolkit
 * The appliance daemon: shared declarations, grouped by defining file.
 *
 * The section "Used by generated code" is the contract with
 * dispatch-gen.c and structs-gen.c; see generator/README.
 */

#ifndef CAREEN_DAEMON_H
#define CAREEN_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "guestfs.h"            /* optargs bitmasks, struct types */
#include "protocol.h"
#include "cleanups.h"
#include "stringsbuf.h"
#include "vector.h"

/* ---- Used by generated code ---- */

/* proto.c: the call being served. */
extern uint32_t proc_nr;
extern uint32_t call_serial;
extern uint64_t optargs_bitmask;

/* proto.c: replies.  Exactly one reply is sent per call.  Before any
 * reply, a FileIn upload that was not read to its end is drained (the
 * library is told to stop with the cancel flag), and a FileOut download
 * that was not ended is ended with a cancel chunk, so the stream stays
 * in step whatever the do_ function did.
 *
 * reply_with_error: errno name "" (last_errno 0 in the library).
 * reply_with_error_errno: the given errno's name.
 * reply_with_perror: appends ": strerror (errno)" and sends errno.
 * Messages carry no call-name prefix: the library adds it.
 */
extern void reply_with_error (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
extern void reply_with_error_errno (int err, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
extern void reply_with_perror (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
/* Sends the ok reply; ret is the encoded return value, or NULL. */
extern void reply (const struct wbuf *ret);

/* dispatch-gen.c (generated). */
extern void dispatch_call (uint32_t proc, struct rbuf *args);

/* Argument checks (sysroot.c, devices.c): each replies with the error
 * and returns -1 when the argument is invalid.
 *   check_pathname: absolute guest path (EINVAL)
 *   check_device: a block device known to the appliance (ENOENT)
 *   check_mountable: a device or "btrfsvol:DEVICE/SUBVOL"
 *   check_dev_or_path: a device if it starts with /dev/, else a path
 */
extern int check_pathname (const char *path);
extern int check_device (const char *device);
extern int check_mountable (const char *mountable);
extern int check_dev_or_path (const char *p);

/* ---- File transfers (proto.c) ---- */

/* FileIn: receives the upload, calling cb for each data chunk in order
 * (cb returns 0, or -1 with errno set to stop: the library is then
 * asked to cancel and the rest is drained).  Returns 0 when the whole
 * file arrived, -1 on cancel by either side or transport failure, with
 * errno set (ECANCELED when the library cancelled).  The caller replies.
 */
extern int receive_file (int (*cb) (void *opaque, const void *buf, size_t len),
                         void *opaque);

/* FileOut: sends data (split into chunks as needed).  Returns 0, or -1
 * when the library asked to cancel (errno ECANCELED) or the channel
 * failed.  send_file_end (0) ends the stream normally; the reply follows
 * separately.
 */
extern int send_file_write (const void *buf, size_t len);
extern int send_file_end (int cancel);

/* Progress for the current call: rate-limited, first one after a short
 * delay.  Pulse mode (position 0, total 1) for calls that cannot
 * estimate.
 */
extern void notify_progress (uint64_t position, uint64_t total);

/* ---- Hand-written internals ---- */

/* Longest file the calls returning a whole file in one reply (cat,
 * read_file, read_lines) will read: the reply must fit in one message,
 * so leave room for the header and encoding overhead.  Larger files
 * go through download.
 */
#define DAEMON_MAX_READ (PROTO_MAX_MESSAGE - 4096)

/* main.c */
extern bool verbose;
/* Where guest filesystems are mounted: "/sysroot", or --sysroot DIR
 * when testing on the host.  Never ends with '/'.
 */
extern const char *sysroot;
extern size_t sysroot_len;

/* proto.c: serving calls.  proto_init takes the channel fd.
 * proto_serve_one reads one call, dispatches it and makes sure
 * exactly one reply was sent; it returns 0 to go on and 1 on a clean
 * end of file.  A protocol violation by the peer exits the daemon
 * (the library sees end of file), since the stream cannot be
 * resynchronised.
 */
extern void proto_init (int fd);
extern int proto_send_ready (void);
extern int proto_serve_one (void);
/* Starts the thread that sends ALIVE frames while a call works
 * (protocol.txt, "Keep-alive"); once, after proto_send_ready.
 */
extern void proto_start_keepalive (void);
/* Holds the channel for that many seconds: nothing, not even ALIVE,
 * is sent meanwhile (debug "freeze", to test the library's keep-alive).
 */
extern void proto_freeze (unsigned seconds);

/* disk-stall.c: --stall's seconds (0: never stalled), and whether a
 * guest disk has had requests in flight and none completed for that
 * long.  Called by the keep-alive thread only.
 */
extern int stall_seconds;
extern bool disk_io_stalled (void);

/* Which procedures carry a FileIn or FileOut stream (answered by the
 * generated dispatch_transfer_kind), so that proto.c can keep the stream
 * in step even when the call fails before its do_ function runs.
 */
enum transfer_kind {
  TRANSFER_NONE,
  TRANSFER_IN,          /* FileIn: chunks follow the call */
  TRANSFER_OUT,         /* FileOut: chunks precede the reply */
};

/* command.c: child processes, the one place the daemon forks.
 *
 * command_start runs spec->argv (looked up on PATH, never a shell) with
 * stdin from stdin_fd and stdout to stdout_fd: an fd of the daemon,
 * COMMAND_NULL (/dev/null) or COMMAND_PIPE (a pipe whose other end is
 * c->to_fd or c->from_fd); stdout may also be COMMAND_STDERR.  stderr
 * is always a pipe (c->err_fd).  extra_fd, if >= 0, becomes the
 * child's fd 3.  With in_guest the child is chrooted into sysroot and
 * the program looked up on GUEST_PATH with a clean environment.
 * Returns 0 once the program runs, or -1 with errno (silent) and
 * c->failed saying which step failed; the child is then reaped.
 *
 * command_wait closes the daemon's ends and waits: the wait status, or
 * -1 with errno.  command_kill kills the child with SIGKILL first.
 *
 * command_collect feeds data (data_len bytes) to the child's stdin
 * pipe, if any, while capturing stdout and stderr into out and err,
 * each bounded by its max (0: COMMAND_MAX_OUTPUT): past the bound,
 * truncated is set, and the child is killed when stdout passes it.
 * Sends pulse progress if command_pulse.  Returns as command_wait.
 * command_capture_finish hands over the captured bytes as a string
 * (caller frees; NULL on ENOMEM).
 */
/* The search path of guest programs: libguestfs documents at least
 * /usr/bin and /bin.
 */
#define GUEST_PATH \
  "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define COMMAND_NULL (-1)
#define COMMAND_PIPE (-2)
#define COMMAND_STDERR (-3)
struct command_spec {
  const char *const *argv;
  int stdin_fd, stdout_fd, extra_fd;
  bool in_guest;
};
enum command_stage {
  COMMAND_FAILED_SETUP,         /* pipe, fork or dup2 */
  COMMAND_FAILED_CHROOT,        /* in_guest: entering sysroot */
  COMMAND_FAILED_NOT_FOUND,     /* no such program */
  COMMAND_FAILED_EXEC,          /* exec of the program found */
};
struct command_child {
  pid_t pid;
  int to_fd, from_fd, err_fd;   /* the daemon's pipe ends, or -1 */
  enum command_stage failed;    /* after command_start failed */
};
DEFINE_VECTOR_TYPE (char_vector, char);
struct command_capture {
  struct char_vector buf;
  size_t max;
  bool truncated;
};
extern int command_start (const struct command_spec *spec,
                          struct command_child *c);
extern int command_wait (struct command_child *c);
extern void command_kill (struct command_child *c);
extern int command_collect (struct command_child *c,
                            const char *data, size_t data_len,
                            struct command_capture *out,
                            struct command_capture *err);
extern char *command_capture_finish (struct command_capture *c);

/* Host tools, on top of command_start.  stdout and stderr are captured
 * (each bounded by COMMAND_MAX_OUTPUT) into *out_r and *err_r
 * (NUL-terminated, caller frees; pass NULL to discard).
 *
 * command / commandv: return 0 when the program exited with status 0,
 * else -1 and *err_r (if err_r is not NULL) explains why: the tool's
 * stderr, trimmed, or a description of how it failed to run or died.
 * Silent: the caller replies (usually with command_error).
 *
 * commandrv: returns the exit status (0..255), or -1 if the program
 * could not be run or was killed (errno set, *err_r explains).  For
 * tools whose non-zero statuses carry meaning (blkid).
 *
 * commandv_stdin: like commandv, feeding data to the tool's stdin.
 *
 * command_pulse: when true, a running command sends pulse-mode progress
 * (position 0, total 1) for the current call: set around long tools
 * by calls that show progress (mkfs).
 */
extern bool command_pulse;
extern int command (char **out_r, char **err_r, const char *prog, ...)
  __attribute__ ((sentinel));
extern int commandv (char **out_r, char **err_r, const char *const *argv);
extern int commandrv (char **out_r, char **err_r, const char *const *argv);
extern int commandv_stdin (char **out_r, char **err_r,
                           const char *data, size_t len,
                           const char *const *argv);
/* Replies "PROG: ERR" for a failed tool (err from command*, the tool's
 * own words), without an errno: there is none to give.  Returns -1.
 */
extern int command_error (const char *prog, const char *err);
/* True if prog is an executable found on PATH. */
extern bool program_exists (const char *prog);

/* network.c: the appliance's network (set_network): network_is_up is
 * true when eth0 is up; require_network returns 0 then, else -1 after
 * replying ENETUNREACH.
 */
extern bool network_is_up (void);
extern int require_network (void);

/* guest-resolv.c: with a network, the appliance's resolv.conf stands
 * in for the guest's while a guest program runs.  guest_resolv_swap:
 * 0 (also when there is nothing to do), or -1 after replying;
 * guest_resolv_restore undoes it (safe to call after a failed or
 * empty swap).
 */
struct guest_resolv {
  int etcfd;                    /* O_PATH of the guest's /etc, or -1 */
  char saved[32];               /* the guest's entry renamed, or "" */
};
extern int guest_resolv_swap (struct guest_resolv *r);
extern void guest_resolv_restore (struct guest_resolv *r);

/* sysroot.c: guest paths.  Every guest path is resolved inside
 * sysroot as if sysroot were "/": symlinks and ".." cannot leave it.
 * These functions are silent (errno set, -1 or NULL returned); the
 * caller replies.
 *
 * sysroot_open: opens the whole path with openat2 (RESOLVE_IN_ROOT),
 *   following a final symlink inside the root.  flags as for open(2).
 * sysroot_open_parent: fills p with an O_PATH fd of the directory
 *   holding the final component and that component's name (both owned
 *   by p: sysroot_parent_release).  The final component is not
 *   resolved, so the *at calls on (p->dirfd, p->name) act on a symlink
 *   itself.  For "/" and paths ending in "." or "..", the whole path is
 *   opened and the name is ".".
 * sysroot_realpath: the host path (under sysroot) of a guest path that
 *   exists, after safe resolution; for tools that need a path string.
 * sysroot_parent_path: the host path of the parent directory plus
 *   "/" + final name, the final component not followed (it may not
 *   exist).
 */
struct sysroot_parent {
  int dirfd;                    /* O_PATH fd of the parent directory */
  char *name;                   /* final component, malloc'd */
};
extern int sysroot_open (const char *path, int flags, unsigned mode);
extern int sysroot_open_parent (const char *path, struct sysroot_parent *p);
extern void sysroot_parent_release (struct sysroot_parent *p);
extern char *sysroot_realpath (const char *path);
/* The host path of a guest directory for the programs that walk it
 * (find, tar, cpio), after safe resolution.  ENOTDIR when it is not a
 * directory.  Replies and returns NULL on error.
 */
extern char *sysroot_dir_for_program (const char *directory);
/* sysroot_lstat: lstat of a guest path, the parent resolved inside the
 * guest, the final component not followed.
 */
struct stat;
extern int sysroot_lstat (const char *path, struct stat *st);
extern char *sysroot_parent_path (const char *path);
/* The host path of an fd (readlink of /proc/self/fd/N), checked to be
 * inside sysroot.  NULL with errno set otherwise.
 */
extern char *sysroot_fd_path (int fd);
/* The guest path of a host path under sysroot ("/sysroot/boot" ->
 * "/boot"); NULL (errno EINVAL) if it is not under sysroot.
 */
extern char *sysroot_to_guest (const char *host_path);

/* Rewrites a line of tool output (df, ls) in place so that host paths
 * under sysroot read as guest paths: "/sysroot/boot" becomes "/boot",
 * "/sysroot" becomes "/".  Only whole words (after a space or at the
 * start) are touched.
 */
extern void sysroot_strip_line (char *line);

/* devices.c */
/* Sorted /dev/sd* whole disks, NULL with errno on failure (silent). */
extern char **get_devices (void);
/* Partitions of all disks, in disk then partition number order. */
extern char **get_partitions (void);
/* After a change of device's partition table: brings the kernel's
 * view up to date and waits (bounded) until the partition device nodes
 * are there.  Silent; 0, or -1 with errno (ETIMEDOUT).
 */
extern int reread_partitions (const char *device);
/* True if the device (st_rdev) is the appliance's own disk. */
extern bool is_appliance_device (unsigned long long rdev);

/* blkid.c: one tag (TYPE, LABEL, UUID) of a device, "" when it has
 * none.  NULL after replying when blkid failed.
 */
extern char *blkid_tag (const char *device, const char *tag);

/* mount.c */
/* Guest mountpoints under sysroot as host paths, in mount order, with
 * their sources: list of host path, source, host path, source ...
 * NULL with errno (silent).
 */
extern char **get_sysroot_mounts (void);

/* Directories and streams */

/* stat.c: "dir/name" for a guest directory and an entry name (NULL
 * with errno on failure); whether name is one directory entry (not
 * empty, no '/'), as the *list calls require.
 */
extern char *join_guest_path (const char *dir, const char *name);
extern bool valid_entry_name (const char *name);

/* filter.c: a host tool streaming through pipes, started with
 * command_start.  filter_start runs argv with stdin from stdin_fd and
 * stdout to stdout_fd (as in struct command_spec: COMMAND_PIPE makes a
 * pipe written by filter_write_cb, or read with filter_read or sent as
 * the FileOut stream with filter_send_output); extra_fd, if >= 0,
 * becomes the tool's fd 3.  filter_send_output reports progress as the
 * offset of progress_fd (the tool's input, shared with it) out of
 * total, or pulses (FILTER_PULSE), or not at all (FILTER_NO_PROGRESS).
 * All silent (-1 with errno).  filter_finish closes the tool's stdin,
 * drops unread output, waits: 0 if it exited with status 0, else -1
 * and *err_r (caller frees) is its stderr or how it died.  filter_kill
 * stops it at once (cancelled transfers, output no longer wanted).
 */
#define FILTER_PIPE COMMAND_PIPE
#define FILTER_PULSE (-1)
#define FILTER_NO_PROGRESS (-2)
/* Most bytes of a tool's stderr kept for the error message. */
#define FILTER_MAX_ERROR 4096
struct filter {
  struct command_child child;
  char err[FILTER_MAX_ERROR + 1];
  size_t err_len;
};
extern int filter_start (struct filter *f, const char *const *argv,
                         int stdin_fd, int stdout_fd, int extra_fd);
extern ssize_t filter_read (struct filter *f, void *buf, size_t len);
extern int filter_send_output (struct filter *f, int progress_fd,
                               uint64_t total);
extern int filter_finish (struct filter *f, char **err_r);
extern void filter_kill (struct filter *f);
/* receive_file callback writing to the filter's stdin (opaque: the
 * struct filter), with pulse progress while command_pulse is set.
 */
extern int filter_write_cb (void *opaque, const void *buf, size_t len);

/* files (file-tools.c): the daemon's libmagic handle with flags set
 * (MAGIC_* of <magic.h>), its database loaded on first use.  Silent:
 * NULL with errno.
 */
struct magic_set;
extern struct magic_set *daemon_magic (int flags);

/* files (file-open.c): opens the guest file path (flags and mode as for
 * open(2); O_NOCTTY, O_NONBLOCK added) only if it is a regular file or
 * is created: a directory fails with EISDIR, a FIFO, socket or device
 * node with EINVAL, before being opened.  Silent: fd, or -1 with errno.
 */
extern int open_guest_file (const char *path, int flags, unsigned mode);

/* cache-limit.c: bounds the page cache of a tool streaming a whole
 * tree (a memory cgroup), so the appliance reuses its pages instead of
 * touching new ones.  Best effort, silent.
 */
enum cache_class {
  CACHE_WRITER,                 /* writes a tree (tar-in) */
};
extern void cache_limit_apply (pid_t pid, enum cache_class c);

/* direct-io.c: bulk transfers bypass the appliance's page cache.
 * direct_io_set turns O_DIRECT on (silently: where it cannot be, the
 * descriptor stays cached); after EINVAL, direct_io_drop turns it off
 * and says whether it was on (then retry the request).
 * direct_io_buffer allocates a buffer aligned for it (free it with
 * free).  direct_io_forget writes back and drops the cached pages of a
 * range the transfer is done with.
 */
#define DIRECT_IO_ALIGN 4096
extern void direct_io_set (int fd);
extern bool direct_io_drop (int fd);
extern void *direct_io_buffer (size_t n);
extern void direct_io_forget (int fd, int64_t offset, int64_t len);

/* fs: helpers of the filesystem calls (fs-util.c). */
/* A tool's command line being built; an allocation failure is kept
 * and reported by fsargs_run, so the adds need no checks.
 */
struct fsargs {
  struct stringsbuf sb;
  bool nomem;
};
extern void fsargs_init (struct fsargs *a);
extern void fsargs_add (struct fsargs *a, const char *s);
extern void fsargs_addf (struct fsargs *a, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
extern void fsargs_release (struct fsargs *a);
/* Runs the command line (and releases it), with pulse progress if
 * pulse.  fsargs_run: 0 when the tool exited 0, else -1 after replying
 * (ENOTSUP if the tool is not in the appliance).  fsargs_runrv: the
 * exit status, -1 (replied) only if the tool could not run; *err_r
 * gets its stderr.  *out_r (may be NULL) gets stdout; caller frees.
 */
extern int fsargs_run (struct fsargs *a, bool pulse, char **out_r);
extern int fsargs_runrv (struct fsargs *a, bool pulse, char **out_r,
                         char **err_r);
/* fsargs_run feeding data to the tool's stdin (answers to prompts). */
extern int fsargs_run_stdin (struct fsargs *a, bool pulse, const char *data,
                             size_t len);
/* 0 if prog is in the appliance, else -1 after replying ENOTSUP. */
extern int require_program (const char *prog);
/* After mkfs of type keep (as blkid names it) on device: if blkid sees
 * more than one filesystem, erases the signatures of the others.  -1
 * after replying.
 */
extern int wipe_other_signatures (const char *device, const char *keep);
/* Host path where device is mounted under sysroot, or NULL (errno
 * ENOENT when it is not mounted; silent).
 */
extern char *device_mountpoint_host (const char *device);
/* -1 after replying EBUSY if device is mounted in the guest tree. */
extern int check_not_mounted (const char *device);
/* Host path of the guest path, which must be a mountpoint; NULL after
 * replying (EINVAL when it is not one).
 */
extern char *host_mountpoint (const char *path);
/* ext2.c: the "Block size" of an ext2/3/4 filesystem, -1 after
 * replying.
 */
extern int64_t ext2_block_size (const char *device);
/* swap.c: change the label / UUID (NULL: random) of a swap area in
 * place; -1 after replying.
 */
extern int swap_set_label (const char *device, const char *label);
extern int swap_set_uuid (const char *device, const char *uuid);
/* xfs.c: -1 after replying EINVAL if s (a label or UUID named what)
 * holds characters xfs_admin's shell code would interpret.
 */
extern int xfs_admin_string_ok (const char *what, const char *s);
/* mount.c: mount with the given kernel filesystem type (NULL: the one
 * blkid finds); -1 after replying.
 */
extern int mount_with_type (const char *options, const char *vfstype,
                            const char *mountable, const char *mountpoint);

/* part, lvm (blockdev.c, lvm.c, lvm-devices.c) */
/* Device mapper devices as /dev/mapper/NAME, sorted, logical volumes
 * included only if with_lvs.  NULL with errno (silent).
 */
extern char **get_dm_devices (bool with_lvs);
/* "lvm SUBCOMMAND ARGS..." (args from the subcommand on) with the
 * filter of lvm_set_filter; silent, as commandv.
 */
extern int lvm_command (char **out_r, char **err_r, const char *const *args);
/* Loads the device mapper module once (silent). */
extern void load_device_mapper (void);
/* Activates the guest's volume groups the first time it is called
 * (silent; later calls do nothing).
 */
extern void lvm_activate_lazily (void);
/* lvm-devices.c: */
/* /dev/VG/LV of a logical volume under any of its names; NULL with
 * errno EINVAL if device is not one (silent).
 */
extern char *lvm_canonical_name (const char *device);
/* Whether any block device has an LVM physical volume label. */
extern bool lvm_any_physical_volume (void);
/* The lvm --config text of a filter accepting only devices (a whole
 * disk brings its partitions); caller frees.  Replies on error.
 */
extern char *lvm_make_filter (char *const *devices);
/* Logical volumes (/dev/VG/LV) then the other device mapper devices:
 * what list_filesystems examines besides disks and partitions.  NULL
 * with errno (silent).
 */
extern char **get_mapped_devices (void);

/* file-arch.c: the architecture of the open regular file fd of size
 * bytes when it is an ELF, PE or Mach-O binary (read from its header,
 * uncompressed only), as file_architecture names it; NULL when not
 * recognised.  Silent.
 */
extern const char *binary_arch (int fd, off_t size);

/* btrfs (btrfs-mountable.c) */
/* Splits a mountable: *device_r gets the device and *volume_r the
 * subvolume of "btrfsvol:DEVICE/SUBVOLUME" (leading slashes removed),
 * or NULL for a plain device; both malloc'd.  Silent: -1 with errno
 * (EINVAL for a malformed btrfsvol name, ENOMEM).
 */
extern int mountable_split (const char *mountable, char **device_r,
                            char **volume_r);
/* Mounts the btrfs on device (its subvolume volume, unless NULL)
 * read-only on a private mountpoint and returns that (a constant);
 * NULL with errno, silent.  Undone by btrfs_private_umount.
 */
extern const char *btrfs_private_mount (const char *device,
                                        const char *volume);
extern void btrfs_private_umount (void);
/* Most subvolumes taken from one filesystem: bounds memory and the
 * reply whatever a hostile filesystem holds.
 */
#define BTRFS_MAX_SUBVOLUMES 10000
struct btrfs_subvol {
  uint64_t id, top_level_id;
  char *path;
};
struct btrfs_subvol_list {
  struct btrfs_subvol *val;
  size_t len;
};
extern void btrfs_subvol_list_release (struct btrfs_subvol_list *l);
/* The subvolumes / the default subvolume id of the btrfs mounted at
 * the host path; -1 after replying.
 */
extern int btrfs_list_host (const char *host_path,
                            struct btrfs_subvol_list *l);
extern int64_t btrfs_default_host (const char *host_path);
/* For list_filesystems: adds "btrfsvol:DEVICE/PATH", "btrfs" for each
 * subvolume of the btrfs on device but its default one (which is the
 * device itself).  A filesystem whose subvolumes cannot be listed adds
 * nothing.  0, or -1 after replying (ENOMEM).
 */
extern int btrfs_add_subvolume_mountables (struct stringsbuf *sb,
                                           const char *device);
/* Adds "btrfsvol:DEVICE/PATH" for each subvolume of the btrfs on
 * device that is a snapshot (nothing when they cannot be listed).  0,
 * or -1 with errno ENOMEM (silent).
 */
extern int btrfs_snapshot_mountables (struct stringsbuf *sb,
                                      const char *device);

#include "actions-gen.h"

#endif /* CAREEN_DAEMON_H */
