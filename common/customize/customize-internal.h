/* careen - offline disk-image toolkit
 * The customize library's private header: the recorded operations and
 * the functions of each file that carries some of them out.
 */

#ifndef CAREEN_CUSTOMIZE_INTERNAL_H
#define CAREEN_CUSTOMIZE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "guestfs.h"
#include "customize.h"
#include "vector.h"

/* Longest guest text file the operations read whole into memory
 * (/etc/shadow, /etc/passwd, /etc/hosts, a file given to --append-line
 * or --edit): such files are small, a larger one is hostile or not
 * what the user meant, and must not exhaust the host's memory.
 */
#define CUSTOMIZE_MAX_TEXT_FILE (16 * 1024 * 1024)

/* Longest ssh public key file accepted from the host. */
#define CUSTOMIZE_MAX_KEY_FILE (64 * 1024)

/* Longest password read by --root-password file:FILE (the first line). */
#define CUSTOMIZE_MAX_PASSWORD 1024

enum customize_op_kind {
  OP_APPEND_LINE,               /* a: file, b: line */
  OP_CHMOD,                     /* mode, a: file */
  OP_CHOWN,                     /* uid, gid, a: path */
  OP_COPY,                      /* a: from, b: to */
  OP_COPY_IN,                   /* a: local path, b: remote dir */
  OP_DELETE,                    /* a: path */
  OP_EDIT,                      /* a: file, b: perl expression */
  OP_FIRSTBOOT,                 /* a: host script */
  OP_FIRSTBOOT_COMMAND,         /* a: command, b: its script's name or NULL */
  OP_FIRSTBOOT_INSTALL,         /* a: packages, comma-separated */
  OP_INSTALL,                   /* a: packages, comma-separated */
  OP_UNINSTALL,                 /* a: packages, comma-separated */
  OP_UPDATE,                    /* nothing */
  OP_HOSTNAME,                  /* a: name */
  OP_LINK,                      /* a: target, links */
  OP_MKDIR,                     /* a: dir */
  OP_MOVE,                      /* a: from, b: to */
  OP_PASSWORD,                  /* a: user, pw */
  OP_RUN,                       /* a: host script */
  OP_RUN_COMMAND,               /* a: command */
  OP_SCRUB,                     /* a: file */
  OP_SM_ATTACH,                 /* a: auto|pool|file, b: pool or file */
  OP_SM_REGISTER,               /* ops->sm_user, sm_password */
  OP_SM_REMOVE,                 /* nothing */
  OP_SM_UNREGISTER,             /* nothing */
  OP_SSH_INJECT,                /* a: user, b: key text or key_file */
  OP_TIMEZONE,                  /* a: zone */
  OP_TOUCH,                     /* a: file */
  OP_TRUNCATE,                  /* a: file */
  OP_TRUNCATE_RECURSIVE,        /* a: path */
  OP_UPLOAD,                    /* a: host file, b: guest path */
  OP_WRITE,                     /* a: file, b: content */
};

/* A --password / --root-password selector. */
enum customize_pw_kind {
  PW_PASSWORD,                  /* the password is pw.password */
  PW_RANDOM,                    /* generate one and print it */
  PW_DISABLED,                  /* "*": no password login */
  PW_KEEP,                      /* "locked" alone: lock the current one */
};

struct customize_pw {
  enum customize_pw_kind kind;
  bool locked;                  /* "!" before the hash */
  char *password;               /* PW_PASSWORD: wiped before it is freed */
};

struct customize_op {
  enum customize_op_kind kind;
  const char *option;           /* its long option's name, for messages */
  char *a;
  char *b;
  char **links;                 /* OP_LINK: NULL-terminated */
  unsigned mode;                /* OP_CHMOD */
  long uid, gid;                /* OP_CHOWN */
  struct customize_pw pw;       /* OP_PASSWORD */
  bool key_file;                /* OP_SSH_INJECT: b names a host file */
};

enum customize_crypto {
  CRYPTO_MD5, CRYPTO_SHA256, CRYPTO_SHA512,
};

DEFINE_VECTOR_TYPE (customize_op_vector, struct customize_op);

struct customize_ops {
  const char *program;
  struct customize_op_vector ops; /* in command-line order */
  bool selinux_relabel;         /* done once, after every operation */
  bool scrub_logfile;           /* --no-logfile */
  enum customize_crypto crypto; /* --password-crypto */
  struct timespec start;        /* progress lines count from here */
  char *sm_user;                /* --sm-credentials, or NULL */
  struct customize_pw sm_password; /* --sm-credentials */
};

/* customize-files.c: the file operations.  0, or -1 (error printed by
 * the library's error handler or here).
 */
extern int customize_file_op (guestfs_h *g, const struct customize_ops *ops,
                              const struct customize_op *op);
/* Downloads the guest FILE whole (at most CUSTOMIZE_MAX_TEXT_FILE
 * bytes) into a new NUL-terminated buffer; *SIZE_R is its length.
 * NULL after printing an error.  With MISSING_OK, a file that does not
 * exist gives an empty buffer.
 */
extern char *customize_read_guest_file (guestfs_h *g,
                                        const struct customize_ops *ops,
                                        const char *file, bool missing_ok,
                                        size_t *size_r);
/* Writes LEN bytes of DATA to the guest FILE through a private local
 * file and guestfs_upload, so the contents never appear in a -x trace
 * (used for /etc/shadow).  Keeps the owner and mode of an existing
 * file; a new one gets MODE.  0, or -1 (error printed).
 */
extern int customize_write_guest_file (guestfs_h *g,
                                       const struct customize_ops *ops,
                                       const char *file, const char *data,
                                       size_t len, unsigned mode);

/* customize-system.c: hostname and timezone. */
extern int customize_hostname (guestfs_h *g, const char *root,
                               const struct customize_ops *ops,
                               const char *name);
extern int customize_timezone (guestfs_h *g, const char *root,
                               const struct customize_ops *ops,
                               const char *zone);
extern int customize_selinux_relabel (guestfs_h *g,
                                      const struct customize_ops *ops);

/* customize-password.c */
/* Parses a --password selector (after "USER:").  0, or -1 (printed). */
extern int customize_parse_pw (const struct customize_ops *ops,
                               const char *option, const char *sel,
                               struct customize_pw *pw);
extern void customize_pw_release (struct customize_pw *pw);
/* Sets every --password / --root-password of OPS in /etc/shadow. */
extern int customize_set_passwords (guestfs_h *g,
                                    const struct customize_ops *ops,
                                    bool quiet);

/* customize-run.c: --run, --run-command, --firstboot*. */
extern int customize_run_script (guestfs_h *g, const struct customize_ops *ops,
                                 const struct customize_op *op);
extern int customize_firstboot (guestfs_h *g, const struct customize_ops *ops,
                                const struct customize_op *op);

/* customize-packages.c: --install, --update, --uninstall,
 * --firstboot-install with the guest's package manager.
 */
extern int customize_packages (guestfs_h *g, const char *root,
                               const struct customize_ops *ops,
                               const struct customize_op *op);
/* 1 when the guest has PROGRAM in one of its system program
 * directories, 0 when not, -1 on error (printed).
 */
extern int customize_guest_has_program (guestfs_h *g, const char *program);
/* True when LIST is a comma-separated list of package names. */
extern bool customize_valid_package_list (const char *list);

/* customize-sm.c: the --sm-* options.  The parsers return 0, or -1
 * (printed); customize_parse_sm_attach fills OP's a and b.
 */
extern int customize_parse_sm_credentials (struct customize_ops *ops,
                                           const char *option,
                                           const char *arg);
extern int customize_parse_sm_attach (struct customize_ops *ops,
                                      const char *option, const char *arg,
                                      struct customize_op *op);
extern int customize_sm (guestfs_h *g, const struct customize_ops *ops,
                         const struct customize_op *op);

/* customize-ssh.c: --ssh-inject. */
/* The default keys: the caller's public keys (~/.ssh, *.pub files)
 * concatenated.  NULL after printing an error (also when there is
 * none).
 */
extern char *customize_default_ssh_keys (const struct customize_ops *ops);
extern int customize_ssh_inject (guestfs_h *g, const struct customize_ops *ops,
                                 const struct customize_op *op);

#endif /* CAREEN_CUSTOMIZE_INTERNAL_H */
