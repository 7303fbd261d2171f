/* careen - offline disk-image toolkit
 * Library internals: the handle, and the functions shared between the
 * library's files.  Prototypes are grouped by the file defining them.
 *
 * The section "Used by generated code" is the contract between the
 * generator's output (actions-gen.c, structs-gen.c) and the hand-written
 * library; see generator/README.
 */

#ifndef CAREEN_GUESTFS_INTERNAL_H
#define CAREEN_GUESTFS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <sys/types.h>

#include "guestfs.h"
#include "protocol.h"
#include "cleanups.h"
#include "stringsbuf.h"
#include "vector.h"

/* Report an error on g: the message is prefixed with the name of the
 * public call being run ("mount: ...") and passed to the error handler.
 * perrorf appends ": " and strerror (errno) and records errno.
 */
#define error(g, ...) guestfs_int_error_errno ((g), 0, __VA_ARGS__)
#define perrorf guestfs_int_perrorf
#define debug(g, ...) \
  do { if ((g)->verbose) guestfs_int_debug ((g), __VA_ARGS__); } while (0)

/* ---- Used by generated code ---- */

/* handle.c: entry and exit of every public call.  call_begin takes the
 * handle's (recursive) lock, records NAME as the error context when this
 * is the outermost call, and fires the enter event.  call_end undoes it.
 */
extern void guestfs_int_call_begin (guestfs_h *g, const char *name);
extern void guestfs_int_call_end (guestfs_h *g);
/* Each reports "NAME: ..." and returns -1 when the handle is not in the
 * required state.
 */
extern int guestfs_int_check_config_state (guestfs_h *g);
extern int guestfs_int_check_ready_state (guestfs_h *g);

/* errors.c */
extern void guestfs_int_error_errno (guestfs_h *g, int errnum,
                                     const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));
extern void guestfs_int_perrorf (guestfs_h *g, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
/* fallback-gen.c: a function of libguestfs careen does not have was
 * called.  Reports ENOTSUP, naming it and saying why.
 */
extern void guestfs_int_not_implemented (guestfs_h *g, const char *name,
                                         const char *why);

/* events.c: tracing.  guestfs_int_trace sends one trace line (no
 * trailing newline) to the trace event callbacks, or to stderr as
 * "libguestfs: trace: LINE" when none is registered.
 */
extern bool guestfs_int_trace_enabled (guestfs_h *g);
extern void guestfs_int_trace (guestfs_h *g, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
extern void guestfs_int_debug (guestfs_h *g, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));

/* proto.c: one remote procedure call.
 *
 * Sends the call (header with proc, a fresh serial, optargs_bitmask and
 * progress_hint; body = args, which may be empty), then, when filein is
 * not NULL, streams that local file as the upload; when fileout is not
 * NULL, receives the download into that local file (created or
 * truncated).  Progress messages are turned into progress events.
 *
 * On success returns 0 and sets *ret_r (malloc'd, caller frees; may be
 * NULL when the body is empty) and *ret_len_r to the reply body.  On
 * failure (error reply from the daemon, transport failure, appliance
 * died, cancelled) the error has been reported on g and -1 is returned.
 */
extern int guestfs_int_rpc (guestfs_h *g, uint32_t proc,
                            uint64_t optargs_bitmask, uint64_t progress_hint,
                            const struct wbuf *args,
                            const char *filein, const char *fileout,
                            char **ret_r, size_t *ret_len_r);

/* structs-gen.c (generated): decoders used by the stubs.  Each returns
 * a newly allocated struct, or NULL when the bytes do not decode (the
 * cursor is then failed; nothing is reported).
 *   struct guestfs_S *guestfs_int_decode_S (struct rbuf *r);
 *   struct guestfs_S_list *guestfs_int_decode_S_list (struct rbuf *r);
 * Their prototypes are in actions-impl-gen.h.
 */

#include "actions-impl-gen.h"

/* ---- Internal to the library ---- */

/* Most drives a handle takes: virtio-scsi gives us 256 targets and the
 * appliance keeps its own disk elsewhere, but libguestfs documents 255
 * and scripts rely on that number.
 */
#define CAREEN_MAX_DRIVES 255

/* Default and minimum appliance memory in MiB.  The minimum is what the
 * kernel, init and daemon need to run at all with a page cache.
 */
#define CAREEN_DEFAULT_MEMSIZE 1280
#define CAREEN_MIN_MEMSIZE 256
/* Most vCPUs accepted by set_smp (qemu's limit for the machine types we
 * use is larger, but nothing gains from more).
 */
#define CAREEN_MAX_SMP 255

/* Longest wait for the daemon's READY frame: same as libguestfs, since
 * TCG on a loaded host can be very slow.
 */
#define CAREEN_LAUNCH_TIMEOUT_MS (20 * 60 * 1000)

/* Default seconds without a sign of life from the daemon (any byte;
 * it sends ALIVE every PROTO_ALIVE_PERIOD_MS while it works) before a
 * call gives up and kills the appliance (CAREEN_KEEPALIVE_TIMEOUT).
 * Generous: a guest vCPU under TCG on an overloaded host can be
 * starved for many seconds without anything being wrong.
 */
#define CAREEN_KEEPALIVE_DEFAULT_S 120
#define CAREEN_KEEPALIVE_MAX_S (24 * 60 * 60)
/* Longest call deadline accepted (CAREEN_CALL_TIMEOUT,
 * set_call_timeout): a year, far beyond any real call, and small
 * enough that its nanoseconds fit an int64_t with room to spare.
 */
#define CAREEN_CALL_TIMEOUT_MAX_S (366 * 24 * 60 * 60)

/* Console lines kept for error messages when qemu dies during launch. */
#define CAREEN_CONSOLE_TAIL_LINES 16
/* Longest console line kept whole; longer lines are split.  Bounds the
 * memory a chatty or hostile guest console can make us hold.
 */
#define CAREEN_CONSOLE_LINE_MAX 4096

enum state {
  CONFIG = 0,
  LAUNCHING = 1,
  READY = 2,
};

enum discard_mode {
  DISCARD_DISABLE = 0,
  DISCARD_ENABLE,
  DISCARD_BESTEFFORT,
};

/* One drive added with add_drive*. */
/* One server of a remote drive (add_drive's "server" strings). */
struct drive_server {
  bool is_unix;                 /* unix:/path rather than a TCP host */
  char *host;                   /* TCP: host name or address, no brackets */
  int port;                     /* TCP: 0 = the protocol's default */
  char *socket;                 /* unix: the socket's path */
};

struct drive {
  char *filename;               /* as given; "/dev/null" for a null disk;
                                 * remote: the export, path or volume */
  /* NULL for a local file (a path on this host); else the network
   * protocol ("nbd", "ssh", "http" ...): filename is then not a host
   * path and must not be opened or checked on the host.
   */
  char *protocol;
  struct drive_server *servers;
  size_t nr_servers;
  char *username;               /* remote login, or NULL */
  char *secret_file;            /* remote secret, in a 0600 file of the
                                 * handle's tmpdir, or NULL */
  char *format;                 /* explicit or probed, never NULL */
  bool format_probed;
  bool readonly;
  bool null_disk;               /* /dev/null: skipped on the command line */
  char *name;                   /* optarg 'name' (metadata only), or NULL */
  char *label;                  /* serial seen by the appliance, or NULL */
  char *cachemode;              /* "writeback" or "unsafe" */
  enum discard_mode discard;
  bool copyonread;
  int blocksize;                /* 0 = qemu's default */
  /* The checked backing chain as a qemu json: file name (backing-check.c),
   * or NULL for formats that name no other image.
   */
  char *chain;
};

struct event_cb {
  guestfs_event_callback cb;    /* NULL: slot deleted */
  uint64_t bitmask;
  int flags;
  void *opaque;
};

struct error_cb_entry {
  guestfs_error_handler_cb cb;
  void *data;
};

struct pda_entry {
  char *key;
  void *data;
};

DEFINE_VECTOR_TYPE (drive_vector, struct drive *);
DEFINE_VECTOR_TYPE (event_cb_vector, struct event_cb);
DEFINE_VECTOR_TYPE (error_cb_stack, struct error_cb_entry);
DEFINE_VECTOR_TYPE (pda_vector, struct pda_entry);

/* Timestamps of one launch, in ms since the launch began (-1: not
 * seen).  Printed as a breakdown in verbose mode.
 */
struct launch_times {
  int64_t start_ns;             /* monotonic clock at launch start */
  int64_t appliance_ready;
  int64_t qemu_exec;
  int64_t first_console;
  int64_t linux_version;
  int64_t init_start;
  int64_t daemon_ready;
};

/* One output stream of qemu, read line by line. */
struct logfd {
  int fd;                       /* -1 when closed (EOF) */
  char line[CAREEN_CONSOLE_LINE_MAX];
  size_t len;
};

/* The running appliance, valid when state != CONFIG. */
struct conn {
  pid_t pid;                    /* qemu, leader of its process group */
  /* qemu's stdout is the guest's serial console; its stderr carries
   * qemu's own messages.  They are kept apart so that "the guest said
   * something" (the KVM trial) is not confused with a qemu warning.
   */
  struct logfd console;
  struct logfd qemu_err;
  int sock_fd;                  /* the channel, -1 when not connected */
  char *tail[CAREEN_CONSOLE_TAIL_LINES]; /* last lines of both */
  size_t tail_next;
  bool console_seen;            /* any guest console byte arrived */
  /* The guest disk ("sda") init said its boot is stalled on
   * (PROTO_BOOT_STALL_MARK), or "": only believed while launching.
   */
  char boot_stall[16];
  uint32_t serial;              /* last serial sent */
  /* While a call with a deadline (call_timeout_s) is in progress: when
   * its clock started, i.e. when the call was sent or the last chunk
   * of its file transfer moved; 0 when no deadline is counting.
   */
  int64_t call_clock_ns;
  /* The watcher (launch.c): kills qemu if this process dies without
   * closing the handle.  Its pipe fd is valid while watcher_pid > 0.
   */
  pid_t watcher_pid;
  int watcher_fd;
};

struct guestfs_h {
  struct guestfs_h *next;       /* list of open handles (atexit) */

  pthread_mutex_t lock;         /* recursive; taken by call_begin */
  unsigned call_depth;
  const char *error_context;    /* outermost public call, static string */

  enum state state;

  /* Settings. */
  bool verbose;
  bool trace;
  bool autosync;
  bool close_on_exit;
  int memsize;
  int smp;
  int keepalive_s;              /* CAREEN_KEEPALIVE_TIMEOUT */
  int call_timeout_s;           /* CAREEN_CALL_TIMEOUT; 0: no deadline */
  char *append;                 /* NULL: none */
  char *cachedir_set;           /* NULL: default */
  char *tmpdir_set;             /* NULL: default */
  char **backend_settings;      /* never NULL */
  char *backend;                /* set_backend; NULL: "direct" */
  char **hv_params;             /* config: extra qemu arguments, or NULL */
  bool pgroup;                  /* qemu in its own process group */
  bool network;                 /* set_network: qemu's user network */
  bool recovery_proc;           /* the watcher kills qemu if we die */
  char *hv;                     /* never NULL */
  char *path;                   /* never NULL */
  char *program;                /* never NULL */
  char *identifier;             /* set_identifier; NULL: none */
  FILE *test_output;            /* internal_test_set_output, or NULL */

  /* Errors. */
  char *last_error;
  int last_errnum;
  guestfs_error_handler_cb error_cb;
  void *error_cb_data;
  struct error_cb_stack error_cb_stack;  /* push/pop_error_handler */
  guestfs_abort_cb abort_cb;

  /* Events. */
  struct event_cb_vector events;  /* index = event handle */

  /* Private data (set_private); pda_next: where next_private goes on. */
  struct pda_vector pda;
  size_t pda_next;

  /* The callbacks of guestfs_set_*_callback (old-callbacks.c), one per
   * kind, each behind an event callback.
   */
  struct old_callback {
    void (*fn) (void);          /* cast back to its type when called */
    void *opaque;
    int event_handle;           /* valid while fn is not NULL */
  } old_callbacks[5];

  /* Drives. */
  struct drive_vector drives;   /* in the order added */
  unsigned scratch_counter;

  /* Per-handle temporary directory, made on first use. */
  char *tmpdir;

  /* Launch and the running appliance. */
  struct conn conn;
  struct launch_times times;

  /* Set by guestfs_user_cancel (possibly from a signal handler). */
  volatile sig_atomic_t user_cancel;

  /* libvirt authentication (libvirt-auth.c): the credential types the
   * program answers (NULL: libvirt asks on the terminal), and libvirt's
   * request while the GUESTFS_EVENT_LIBVIRT_AUTH callbacks run.
   */
  char **libvirt_supported_creds;
  struct libvirt_auth_request *libvirt_request;

  /* mount_local (fuse-mount.c), or NULL. */
  struct local_mount *local_mount;
};

/* handle.c */
extern void guestfs_int_init_conn (struct conn *c);

/* errors.c */
/* Out of memory: calls the handler (abort by default); never returns. */
extern void guestfs_int_oom (guestfs_h *g) __attribute__ ((noreturn));
extern void guestfs_int_free_error_state (guestfs_h *g);
extern void guestfs_int_init_error_handler (guestfs_h *g);

/* events.c */
extern void guestfs_int_call_callbacks_void (guestfs_h *g, uint64_t event);
extern void guestfs_int_call_callbacks_message (guestfs_h *g, uint64_t event,
                                                const char *buf, size_t len);
extern void guestfs_int_call_callbacks_array (guestfs_h *g, uint64_t event,
                                              const uint64_t *array,
                                              size_t len);
extern bool guestfs_int_has_callback (guestfs_h *g, uint64_t event);

/* drives.c */
extern void guestfs_int_free_drives (guestfs_h *g);

/* libvirt-auth.c: frees the handle's credential settings. */
extern void guestfs_int_free_libvirt_auth (guestfs_h *g);
/* drive-remote.c: drives on network storage (add_drive's protocol,
 * server, username and secret).  set_remote checks them as the
 * protocol needs and fills drv's remote fields; qemu_file_opts gives
 * the -drive options (file.driver=... with commas escaped) that open
 * it; free releases the remote fields.
 */
extern int guestfs_int_drive_set_remote (guestfs_h *g, struct drive *drv,
                                         const char *protocol,
                                         char *const *servers,
                                         const char *username,
                                         const char *secret);
extern char *guestfs_int_drive_remote_file_opts (guestfs_h *g,
                                                 const struct drive *drv,
                                                 size_t index);
extern void guestfs_int_drive_free_remote (struct drive *drv);
/* drive-remote-probe.c: before launch, fails (reported, -1) when none
 * of an rbd drive's monitors accepts a TCP connection; 0 otherwise.
 */
extern int guestfs_int_drive_remote_probe (guestfs_h *g,
                                           const struct drive *drv);

/* probe.c: image formats.  Each reports its errors on g. */
struct image_header;
/* Reads FILENAME's header (image-header.h) into *hdr: as FORMAT when it
 * is not NULL, else as the format its magic says.
 */
extern int guestfs_int_read_image_header (guestfs_h *g, const char *filename,
                                          const char *format,
                                          struct image_header *hdr);
/* Probes FILENAME's format into *format_r (static string).  Refuses
 * images whose probed format names other files (backing files, vmdk
 * descriptors): the user must say the format explicitly.
 */
extern int guestfs_int_probe_format (guestfs_h *g, const char *filename,
                                     const char **format_r);
extern bool guestfs_int_is_known_format (const char *format);

/* backing-check.c: checks every file DRV's image names (backing
 * chain, data file, extents) against the backing-file rule and sets
 * drv->chain.  Reports on g and returns -1 when one is refused.
 */
extern int guestfs_int_check_backing_chain (guestfs_h *g, struct drive *drv);
/* Whether qemu's driver for FORMAT takes a "backing" option. */
extern bool guestfs_int_format_has_backing (const char *format);

/* environment.c: sets g's settings from the LIBGUESTFS_* variables of
 * env (NAME=VALUE strings), or of the process's environment when env is
 * NULL.  A bad value is reported on g and -1 returned.
 */
extern int guestfs_int_parse_environment (guestfs_h *g, char *const *env);
extern int guestfs_int_stall_seconds (guestfs_h *g);

/* tmpdir.c */
/* Makes the handle's tmpdir if needed; returns it (owned by g) or NULL
 * after reporting the error.
 */
extern const char *guestfs_int_lazy_make_tmpdir (guestfs_h *g);
extern void guestfs_int_remove_tmpdir (guestfs_h *g);
/* Newly allocated; NULL after reporting. */
extern char *guestfs_int_default_tmpdir_base (guestfs_h *g);
extern char *guestfs_int_cachedir (guestfs_h *g);
/* $cachedir/.careen-$UID, created 0700 if needed; newly allocated. */
extern char *guestfs_int_user_cachedir (guestfs_h *g);

/* fuse-mount.c: unmounts and frees the handle's local mount, if any
 * (guestfs_close).
 */
extern void guestfs_int_close_local_mount (guestfs_h *g);

/* command.c: run a program (argv, no shell) and wait for it.  Its
 * stdout and stderr are collected (bounded) into *output_r if not NULL.
 * Returns the wait status, or -1 after reporting a failure to run it.
 */
extern int guestfs_int_run_command (guestfs_h *g, char *const *argv,
                                    char **output_r);

/* accel.c */
enum accel {
  ACCEL_TCG,
  ACCEL_KVM,
};
struct accel_choice {
  enum accel accel;
  /* When > 0: KVM is on trial; the guest must print something on its
   * console within this many ms or the launch is retried under TCG.
   */
  int trial_deadline_ms;
};
extern void guestfs_int_choose_accel (guestfs_h *g, struct accel_choice *c);
/* Records the verdict for later launches (failures only logged). */
extern void guestfs_int_record_accel_verdict (guestfs_h *g, enum accel works);
extern bool guestfs_int_has_backend_setting (guestfs_h *g, const char *name);

/* qemu-cmdline.c */
struct appliance;
struct snapshot;
/* Builds qemu's argv.  Returns a NULL-terminated list (caller frees
 * with strings_free) or NULL after reporting.
 */
extern char **guestfs_int_qemu_argv (guestfs_h *g, const struct appliance *ap,
                                     const struct accel_choice *accel,
                                     const char *sockpath,
                                     const struct snapshot *snap);

/* conn.c: bytes to and from the appliance.  The console is drained
 * while waiting.  Each returns 0, or -1 after reporting (the appliance
 * is then gone: see guestfs_int_appliance_died).
 */
extern int guestfs_int_conn_read (guestfs_h *g, void *buf, size_t n);
extern int guestfs_int_conn_write (guestfs_h *g, const void *buf, size_t n);
/* True when a frame is waiting on the channel (never blocks). */
extern bool guestfs_int_conn_readable (guestfs_h *g);
/* The call deadline (call_timeout_s): started when a call is sent,
 * restarted when a chunk of its file transfer moves (writes restart it
 * by themselves), stopped when the call is over.  Waits on the channel
 * past it fail with ETIMEDOUT and stop the appliance.
 */
extern void guestfs_int_conn_start_call_clock (guestfs_h *g);
extern void guestfs_int_conn_call_moved (guestfs_h *g);
extern void guestfs_int_conn_stop_call_clock (guestfs_h *g);
/* Reads whatever qemu's output has (never blocks). */
extern void guestfs_int_drain_log (guestfs_h *g, struct logfd *lf);
/* Returns the last output lines joined, newly allocated (may be ""). */
extern char *guestfs_int_console_tail (guestfs_h *g);
extern void guestfs_int_clear_console_tail (guestfs_h *g);
extern void guestfs_int_close_logs (guestfs_h *g);
extern int64_t guestfs_int_now_ns (void);
extern int64_t guestfs_int_elapsed_ms (guestfs_h *g);

/* console.c */
/* True when the kernel command line (append) asks for rescue mode:
 * launch then makes the console writable.
 */
extern bool guestfs_int_rescue_requested (guestfs_h *g);

/* launch.c */
extern int guestfs_int_check_backend (guestfs_h *g, const char *backend);
/* Tells the watcher that qemu is gone and reaps it. */
extern void guestfs_int_stop_watcher (guestfs_h *g);

/* shutdown.c */
/* Stops qemu: closes the channel, waits briefly for a clean power-off,
 * then SIGTERM, then SIGKILL; reaps it and returns to CONFIG.  When
 * check_status, a non-zero exit of a qemu that exited by itself is
 * reported as an error and -1 returned.
 */
extern int guestfs_int_stop_appliance (guestfs_h *g, bool check_status);
/* The appliance went away or broke the protocol during a call: kill
 * what remains, back to CONFIG.  Reports nothing.
 */
extern void guestfs_int_appliance_died (guestfs_h *g);

#endif /* CAREEN_GUESTFS_INTERNAL_H */
