/* careen - offline disk-image toolkit
 * --hostname, --timezone and --selinux-relabel: settings kept in
 * distribution-specific files, chosen from what inspection says the
 * guest is.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cleanups.h"
#include "customize-internal.h"

/* Bytes written to a random seed file: what the guests' own services
 * save at shutdown (512 bytes, the size of the old pool).
 */
#define RANDOM_SEED_LEN 512

/* Longest old host name carried over to /etc/hosts (a DNS name). */
#define MAX_HOSTNAME 253

static bool
is_one_of (const char *s, const char *const *list)
{
  for (; *list; ++list)
    if (strcmp (s, *list) == 0)
      return true;
  return false;
}

/* The old host name of the guest: the first line of /etc/hostname (or
 * /etc/HOSTNAME), NULL if there is none or it is not a plain name.
 */
static char *
old_hostname (guestfs_h *g, const struct customize_ops *ops)
{
  static const char *const files[] = { "/etc/hostname", "/etc/HOSTNAME" };
  size_t i;

  for (i = 0; i < 2; ++i) {
    CLEANUP_FREE char *buf = NULL;
    size_t len, n;
    int e;

    guestfs_push_error_handler (g, NULL, NULL);
    e = guestfs_is_file (g, files[i]);
    guestfs_pop_error_handler (g);
    if (e != 1)
      continue;
    buf = customize_read_guest_file (g, ops, files[i], false, &len);
    if (buf == NULL)
      return NULL;
    n = strspn (buf, "abcdefghijklmnopqrstuvwxyz"
                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");
    if (n == 0 || n > MAX_HOSTNAME || (buf[n] != '\0' && buf[n] != '\n'))
      return NULL;
    return strndup (buf, n);
  }
  return NULL;
}

/* /etc/hosts with every name equal to OLD replaced by NEW (the address
 * field and comments left alone, the rest of each line kept byte for
 * byte), as the original does.  A guest without /etc/hosts, or whose
 * old name is unknown, is left alone.  0, or -1 (printed).
 */
static int
update_etc_hosts (guestfs_h *g, const struct customize_ops *ops,
                  const char *old, const char *new)
{
  CLEANUP_FREE char *buf = NULL, *out = NULL;
  size_t len, out_len = 0;
  const char *p;
  bool changed = false;
  FILE *fp;
  int e, r;

  if (old == NULL || strcmp (old, "localhost") == 0 ||
      strcmp (old, new) == 0)
    return 0;
  guestfs_push_error_handler (g, NULL, NULL);
  e = guestfs_is_file (g, "/etc/hosts");
  guestfs_pop_error_handler (g);
  if (e != 1)
    return 0;
  buf = customize_read_guest_file (g, ops, "/etc/hosts", false, &len);
  if (buf == NULL)
    return -1;
  fp = open_memstream (&out, &out_len);
  if (fp == NULL) {
    perror ("open_memstream");
    return -1;
  }
  for (p = buf; p < buf + len; ) {
    size_t ws, tok;
    bool first = true;

    /* Comments and the address field are copied as they are. */
    while (*p && *p != '\n') {
      ws = strspn (p, " \t");
      fwrite (p, 1, ws, fp);
      p += ws;
      if (*p == '#') {
        tok = strcspn (p, "\n");
        fwrite (p, 1, tok, fp);
        p += tok;
        break;
      }
      tok = strcspn (p, " \t\n#");
      if (tok == 0)
        break;
      if (!first && tok == strlen (old) && memcmp (p, old, tok) == 0) {
        fputs (new, fp);
        changed = true;
      }
      else
        fwrite (p, 1, tok, fp);
      first = false;
      p += tok;
    }
    if (*p == '\n') {
      fputc ('\n', fp);
      ++p;
    }
    else if (*p == '\0')
      break;
  }
  if (fclose (fp) == EOF) {
    perror ("open_memstream");
    return -1;
  }
  if (!changed)
    return 0;
  r = customize_write_guest_file (g, ops, "/etc/hosts", out, out_len, 0644);
  return r;
}

/* HOSTNAME= in /etc/sysconfig/network (RHEL and its kin before 7). */
static int
set_sysconfig_network (guestfs_h *g, const struct customize_ops *ops,
                       const char *name)
{
  CLEANUP_FREE char *buf = NULL, *out = NULL;
  size_t len, out_len = 0;
  const char *p;
  bool done = false;
  FILE *fp;

  buf = customize_read_guest_file (g, ops, "/etc/sysconfig/network", true,
                                   &len);
  if (buf == NULL)
    return -1;
  fp = open_memstream (&out, &out_len);
  if (fp == NULL) {
    perror ("open_memstream");
    return -1;
  }
  for (p = buf; *p; ) {
    size_t n = strcspn (p, "\n");

    if (strncmp (p, "HOSTNAME=", 9) == 0) {
      if (!done)
        fprintf (fp, "HOSTNAME=%s\n", name);
      done = true;
    }
    else
      fprintf (fp, "%.*s\n", (int) n, p);
    p += n + (p[n] == '\n');
  }
  if (!done)
    fprintf (fp, "HOSTNAME=%s\n", name);
  if (fclose (fp) == EOF) {
    perror ("open_memstream");
    return -1;
  }
  return customize_write_guest_file (g, ops, "/etc/sysconfig/network", out,
                                     out_len, 0644);
}

static int
write_text (guestfs_h *g, const char *file, const char *text)
{
  CLEANUP_FREE char *s = NULL;
  int n = asprintf (&s, "%s\n", text);

  if (n == -1) {
    perror ("asprintf");
    return -1;
  }
  return guestfs_write (g, file, s, n);
}

int
customize_hostname (guestfs_h *g, const char *root,
                    const struct customize_ops *ops, const char *name)
{
  static const char *const rh_family[] = {
    "rhel", "centos", "scientificlinux", "oraclelinux", "redhat-based",
    "fedora", "rocky", "almalinux", "circle", NULL
  };
  static const char *const suse_family[] = {
    "opensuse", "sles", "suse-based", NULL
  };
  CLEANUP_FREE char *type = NULL, *distro = NULL, *old = NULL;
  int major;

  type = guestfs_inspect_get_type (g, root);
  distro = guestfs_inspect_get_distro (g, root);
  if (type == NULL || distro == NULL)
    return -1;
  if (strcmp (type, "linux") != 0) {
    fprintf (stderr, "%s: warning: --hostname: setting the host name of "
             "a '%s' guest is not supported; it was not changed\n",
             ops->program, type);
    return 0;
  }
  major = guestfs_inspect_get_major_version (g, root);
  if (major == -1)
    return -1;
  old = old_hostname (g, ops);

  if (is_one_of (distro, rh_family) && strcmp (distro, "fedora") != 0 &&
      major > 0 && major < 7) {
    if (set_sysconfig_network (g, ops, name) == -1)
      return -1;
  }
  else if (is_one_of (distro, suse_family)) {
    /* Older releases read /etc/HOSTNAME, newer ones /etc/hostname (the
     * first is a link to the second on some): both, through links.
     */
    if (write_text (g, "/etc/HOSTNAME", name) == -1 ||
        write_text (g, "/etc/hostname", name) == -1)
      return -1;
  }
  else if (write_text (g, "/etc/hostname", name) == -1)
    return -1;
  return update_etc_hosts (g, ops, old, name);
}

int
customize_timezone (guestfs_h *g, const char *root,
                    const struct customize_ops *ops, const char *zone)
{
  CLEANUP_FREE char *type = NULL, *distro = NULL, *path = NULL;
  int e;

  type = guestfs_inspect_get_type (g, root);
  distro = guestfs_inspect_get_distro (g, root);
  if (type == NULL || distro == NULL)
    return -1;
  if (strcmp (type, "linux") != 0) {
    /* A warning, as the original gives: the other changes still make
     * sense without it.
     */
    fprintf (stderr, "%s: warning: --timezone: setting the time zone of "
             "a '%s' guest is not supported; it was not changed\n",
             ops->program, type);
    return 0;
  }
  if (asprintf (&path, "/usr/share/zoneinfo/%s", zone) == -1) {
    perror ("asprintf");
    return -1;
  }
  e = guestfs_is_file_opts (g, path, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS,
                            1, -1);
  if (e == -1)
    return -1;
  if (e == 0) {
    fprintf (stderr, "%s: --timezone: '%s': no such time zone in the "
             "guest (%s is missing)\n", ops->program, zone, path);
    return -1;
  }
  if (guestfs_ln_sf (g, path, "/etc/localtime") == -1)
    return -1;
  /* Debian and its derivatives also read the zone's name from here;
   * a guest that already has the file gets it updated too.
   */
  e = guestfs_exists (g, "/etc/timezone");
  if (e == -1)
    return -1;
  if (e == 1 || strcmp (distro, "debian") == 0 ||
      strcmp (distro, "ubuntu") == 0 || strcmp (distro, "linuxmint") == 0)
    return write_text (g, "/etc/timezone", zone);
  return 0;
}

int
customize_selinux_relabel (guestfs_h *g, const struct customize_ops *ops)
{
  CLEANUP_FREE char *buf = NULL, *type = NULL, *fc = NULL, *out = NULL;
  const char *p;
  size_t len;
  int e;

  e = guestfs_is_file (g, "/etc/selinux/config");
  if (e == -1)
    return -1;
  if (e == 0)
    return 0;                   /* no SELinux in the guest: nothing to do */
  buf = customize_read_guest_file (g, ops, "/etc/selinux/config", false,
                                   &len);
  if (buf == NULL)
    return -1;
  for (p = buf; *p; p += strcspn (p, "\n"), p += *p == '\n') {
    if (strncmp (p, "SELINUXTYPE=", 12) == 0) {
      size_t n = strcspn (p + 12, " \t\r\n\"'");

      free (type);
      type = strndup (p + 12, n);
    }
  }
  if (type && *type && strchr (type, '/') == NULL &&
      strcmp (type, "..") != 0 &&
      asprintf (&fc, "/etc/selinux/%s/contexts/files/file_contexts",
                type) != -1) {
    char *argv[] = { (char *) "setfiles", (char *) "-F",
                     (char *) "-e", (char *) "/proc",
                     (char *) "-e", (char *) "/sys",
                     (char *) "-e", (char *) "/dev",
                     fc, (char *) "/", NULL };

    /* The guest's setfiles, run in the guest: relabelling now is
     * best, but an appliance kernel without SELinux may refuse it,
     * and then the guest relabels itself at its next boot.
     */
    guestfs_push_error_handler (g, NULL, NULL);
    out = guestfs_command (g, argv);
    guestfs_pop_error_handler (g);
    if (out)
      return 0;
  }
  return guestfs_touch (g, "/.autorelabel");
}

int
customize_set_random_seed (guestfs_h *g, const char *root,
                           const struct customize_ops *ops, bool dry_run,
                           bool quiet)
{
  static const char *const files[] = {
    "/var/lib/random-seed",            /* Fedora and RHEL before systemd */
    "/var/lib/urandom/random-seed",    /* Debian before systemd */
    "/var/lib/systemd/random-seed",    /* systemd */
    "/var/lib/misc/random-seed",       /* SUSE */
    NULL
  };
  CLEANUP_FREE char *type = NULL;
  unsigned char seed[RANDOM_SEED_LEN];
  size_t i, got = 0;
  bool written = false;

  customize_progress (ops, quiet, "Setting a random seed");
  if (dry_run)
    return 0;
  type = guestfs_inspect_get_type (g, root);
  if (type == NULL)
    return -1;
  if (strcmp (type, "linux") == 0) {
    while (got < sizeof seed) {
      ssize_t n = getrandom (seed + got, sizeof seed - got, 0);

      if (n == -1 && errno == EINTR)
        continue;
      if (n == -1) {
        fprintf (stderr, "%s: getrandom: %m\n", ops->program);
        return -1;
      }
      got += n;
    }
    for (i = 0; files[i]; ++i) {
      int e;

      guestfs_push_error_handler (g, NULL, NULL);
      e = guestfs_is_file (g, files[i]);
      guestfs_pop_error_handler (g);
      if (e != 1)
        continue;
      if (customize_write_guest_file (g, ops, files[i], (char *) seed,
                                      sizeof seed, 0600) == -1)
        return -1;
      written = true;
    }
    for (i = 0; !written && files[i]; ++i) {
      CLEANUP_FREE char *dir = strdup (files[i]);
      int e;

      if (dir == NULL) {
        perror ("strdup");
        return -1;
      }
      *strrchr (dir, '/') = '\0';
      e = guestfs_is_dir (g, dir);
      if (e == -1)
        return -1;
      if (e == 0)
        continue;
      if (customize_write_guest_file (g, ops, files[i], (char *) seed,
                                      sizeof seed, 0600) == -1)
        return -1;
      written = true;
    }
    explicit_bzero (seed, sizeof seed);
  }
  if (!written)
    fprintf (stderr, "%s: warning: the random seed could not be set for "
             "this type of guest\n", ops->program);
  return 0;
}
