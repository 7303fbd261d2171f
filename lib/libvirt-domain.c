/* careen - offline disk-image toolkit */

/**
 * add_domain and add_libvirt_dom: the disks of a libvirt domain.
 *
 * libvirt is asked only for the domain and its XML; the disks are found
 * in the XML (domain-xml.c) and each one is added with add_drive_opts, so
 * that a domain's disks behave exactly as disks added by name.  The
 * whole domain is read and checked before the first disk is added, and
 * the disks are added apart from the handle's list and joined to it
 * only when all of them were accepted: the call adds every disk or none.
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "domain-xml.h"
#include "libvirt-internal.h"

/* What to do with the disks the XML marks <readonly/>. */
enum readonlydisk_mode {
  RODISK_WRITE,                 /* follow 'readonly' (the default) */
  RODISK_READ,                  /* always read-only */
  RODISK_ERROR,                 /* refuse them unless 'readonly' */
  RODISK_IGNORE,                /* leave them out */
};

/* The optional arguments both calls share. */
struct domain_opts {
  bool readonly;
  const char *iface;
  enum readonlydisk_mode rodisk;
  const char *cachemode;
  const char *discard;
  int copyonread;               /* -1: not given */
};

static int
parse_readonlydisk (guestfs_h *g, const char *s, enum readonlydisk_mode *r)
{
  if (s == NULL || strcmp (s, "write") == 0)
    *r = RODISK_WRITE;
  else if (strcmp (s, "read") == 0)
    *r = RODISK_READ;
  else if (strcmp (s, "error") == 0)
    *r = RODISK_ERROR;
  else if (strcmp (s, "ignore") == 0)
    *r = RODISK_IGNORE;
  else {
    guestfs_int_error_errno (g, EINVAL, "readonlydisk '%s': it must be "
                             "'error', 'read', 'write' or 'ignore'", s);
    return -1;
  }
  return 0;
}

/* The path of a <disk type='volume'>'s storage volume, or NULL
 * (reported).
 */
static char *
volume_path (guestfs_h *g, virConnectPtr conn, const char *domname,
             const char *pool_name, const char *vol_name)
{
  virStoragePoolPtr pool;
  virStorageVolPtr vol;
  char *path;

  pool = virStoragePoolLookupByName (conn, pool_name);
  if (pool == NULL) {
    guestfs_int_error_errno (g, ENOENT, "domain '%s': storage pool '%s': %s",
                             domname, pool_name, guestfs_int_libvirt_error ());
    return NULL;
  }
  vol = virStorageVolLookupByName (pool, vol_name);
  virStoragePoolFree (pool);
  if (vol == NULL) {
    guestfs_int_error_errno (g, ENOENT, "domain '%s': storage volume '%s' "
                             "of pool '%s': %s", domname, vol_name,
                             pool_name, guestfs_int_libvirt_error ());
    return NULL;
  }
  path = virStorageVolGetPath (vol);
  virStorageVolFree (vol);
  if (path == NULL)
    guestfs_int_error_errno (g, ENOENT, "domain '%s': storage volume '%s': "
                             "%s", domname, vol_name,
                             guestfs_int_libvirt_error ());
  return path;
}

static void
ignore_error (guestfs_h *g, void *opaque, const char *msg)
{
}

/* Adds one disk with add_drive_opts.  Returns 0, or -1 with the error
 * reported once, naming the domain.
 */
static int
add_disk (guestfs_h *g, const char *domname, const char *uri,
          const struct domain_disk *d, bool readonly,
          const struct domain_opts *opts)
{
  struct guestfs_add_drive_opts_argv args = { .bitmask = 0 };
  int r;

  args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK;
  args.readonly = readonly;
  if (d->format) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK;
    args.format = d->format;
  }
  if (opts->iface) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_IFACE_BITMASK;
    args.iface = opts->iface;
  }
  if (d->protocol) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_PROTOCOL_BITMASK;
    args.protocol = d->protocol;
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_SERVER_BITMASK;
    args.server = d->servers;
  }
  if (d->username) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_USERNAME_BITMASK;
    args.username = d->username;
  }
  if (opts->cachemode) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_CACHEMODE_BITMASK;
    args.cachemode = opts->cachemode;
  }
  if (opts->discard) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_DISCARD_BITMASK;
    args.discard = opts->discard;
  }
  if (opts->copyonread >= 0) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_COPYONREAD_BITMASK;
    args.copyonread = opts->copyonread;
  }
  if (d->blocksize > 0) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE_BITMASK;
    args.blocksize = d->blocksize;
  }

  debug (g, "domain '%s': adding %s%s%s%s", domname,
         d->protocol ? d->protocol : "", d->protocol ? ":" : "",
         d->filename, readonly ? " read-only" : "");

  /* add_drive_opts's own message says what is wrong with the disk; it
   * is reported once, below, with the domain it belongs to.
   */
  guestfs_push_error_handler (g, ignore_error, NULL);
  r = guestfs_add_drive_opts_argv (g, d->filename, &args);
  guestfs_pop_error_handler (g);
  if (r == -1) {
    const char *inner = g->last_error ? g->last_error : "";
    size_t ctx = g->error_context ? strlen (g->error_context) : 0;
    CLEANUP_FREE char *msg = NULL;
    int err = g->last_errnum;

    /* The inner message carries this call's prefix already. */
    if (ctx > 0 && strncmp (inner, g->error_context, ctx) == 0 &&
        strncmp (inner + ctx, ": ", 2) == 0)
      inner += ctx + 2;
    msg = strdup (inner);
    if (msg == NULL)
      guestfs_int_oom (g);
    guestfs_int_error_errno (g, err, "domain '%s' on '%s': %s", domname, uri,
                             msg);
  }
  return r;
}

/* Adds the disks of dom, the domain libvirt knows by domname on the
 * connection uri.  Returns the number of disks added, or -1 (reported)
 * with none added.
 */
static int
add_domain_disks (guestfs_h *g, virDomainPtr dom, const char *uri,
                  const struct domain_opts *opts)
{
  virConnectPtr conn = virDomainGetConnect (dom);
  const char *domname = virDomainGetName (dom);
  struct domain_disk_vector disks = { 0 };
  struct drive_vector saved;
  char *xml;
  size_t i, added = 0;
  int active, ret = -1;

  if (domname == NULL)
    domname = "?";
  active = virDomainIsActive (dom);
  if (active == -1) {
    guestfs_int_error_errno (g, EIO, "domain '%s' on '%s': %s",
                             domname, uri, guestfs_int_libvirt_error ());
    return -1;
  }
  if (active && !opts->readonly) {
    guestfs_int_error_errno (g, EBUSY,
                             "domain '%s' on '%s' is running: writing to "
                             "the disks of a running guest would corrupt "
                             "its filesystems.  Open it read-only, or shut "
                             "the guest down first", domname, uri);
    return -1;
  }

  xml = virDomainGetXMLDesc (dom, 0);
  if (xml == NULL) {
    guestfs_int_error_errno (g, EIO, "domain '%s' on '%s': cannot get its "
                             "XML: %s", domname, uri,
                             guestfs_int_libvirt_error ());
    return -1;
  }
  if (guestfs_int_parse_domain_xml (g, domname, xml, &disks) == -1)
    goto out;
  for (i = 0; i < disks.len; ++i)
    if (disks.ptr[i].filename == NULL) {
      disks.ptr[i].filename = volume_path (g, conn, domname,
                                           disks.ptr[i].pool,
                                           disks.ptr[i].volume);
      if (disks.ptr[i].filename == NULL)
        goto out;
    }

  /* Decide every disk's access before adding any. */
  for (i = 0; i < disks.len; ++i)
    if (disks.ptr[i].readonly_flag && opts->rodisk == RODISK_ERROR &&
        !opts->readonly) {
      guestfs_int_error_errno (g, EROFS,
                               "domain '%s' on '%s': disk '%s' is marked "
                               "<readonly/> and readonlydisk is 'error'",
                               domname, uri, disks.ptr[i].filename);
      goto out;
    }
  for (i = 0; i < disks.len; ++i)
    if (!disks.ptr[i].readonly_flag || opts->rodisk != RODISK_IGNORE)
      ++added;
  if (added == 0) {
    guestfs_int_error_errno (g, ENOENT, "domain '%s' on '%s' has no disk "
                             "that can be added", domname, uri);
    goto out;
  }
  if (g->drives.len + added > CAREEN_MAX_DRIVES) {
    guestfs_int_error_errno (g, EMFILE, "domain '%s' on '%s': its %zu "
                             "disks would make more than %d drives",
                             domname, uri, added, CAREEN_MAX_DRIVES);
    goto out;
  }

  /* The domain's drives go to an empty list first, so that a failure
   * drops them and leaves the handle's own list as it was.
   */
  saved = g->drives;
  memset (&g->drives, 0, sizeof g->drives);
  for (i = 0; i < disks.len; ++i) {
    const struct domain_disk *d = &disks.ptr[i];
    bool ro = opts->readonly;

    if (d->readonly_flag) {
      if (opts->rodisk == RODISK_IGNORE)
        continue;
      if (opts->rodisk == RODISK_READ || opts->rodisk == RODISK_ERROR)
        ro = true;
    }
    if (add_disk (g, domname, uri, d, ro, opts) == -1) {
      guestfs_int_free_drives (g);
      g->drives = saved;
      goto out;
    }
  }
  if (drive_vector_reserve (&saved, g->drives.len) == -1)
    guestfs_int_oom (g);
  for (i = 0; i < g->drives.len; ++i)
    saved.ptr[saved.len++] = g->drives.ptr[i];
  drive_vector_release (&g->drives);
  g->drives = saved;
  ret = (int) added;

 out:
  guestfs_int_free_domain_disks (&disks);
  free (xml);
  return ret;
}

static int
get_opts (guestfs_h *g, struct domain_opts *opts, int readonly,
          const char *iface, const char *readonlydisk, const char *cachemode,
          const char *discard, int copyonread)
{
  opts->readonly = readonly;
  opts->iface = iface;
  opts->cachemode = cachemode;
  opts->discard = discard;
  opts->copyonread = copyonread;
  return parse_readonlydisk (g, readonlydisk, &opts->rodisk);
}

int
guestfs_impl_add_libvirt_dom (guestfs_h *g, void *domv,
                              const struct guestfs_add_libvirt_dom_argv *optargs)
{
  virDomainPtr dom = domv;
  struct domain_opts opts;
  uint64_t m = optargs->bitmask;
  char *uri;
  int r;

  if (get_opts (g, &opts,
                (m & GUESTFS_ADD_LIBVIRT_DOM_READONLY_BITMASK) &&
                optargs->readonly,
                m & GUESTFS_ADD_LIBVIRT_DOM_IFACE_BITMASK ?
                optargs->iface : NULL,
                m & GUESTFS_ADD_LIBVIRT_DOM_READONLYDISK_BITMASK ?
                optargs->readonlydisk : NULL,
                m & GUESTFS_ADD_LIBVIRT_DOM_CACHEMODE_BITMASK ?
                optargs->cachemode : NULL,
                m & GUESTFS_ADD_LIBVIRT_DOM_DISCARD_BITMASK ?
                optargs->discard : NULL,
                m & GUESTFS_ADD_LIBVIRT_DOM_COPYONREAD_BITMASK ?
                optargs->copyonread : -1) == -1)
    return -1;

  if (guestfs_int_load_libvirt (g) == -1)
    return -1;
  uri = virConnectGetURI (virDomainGetConnect (dom));
  r = add_domain_disks (g, dom, uri ? uri : "?", &opts);
  free (uri);
  return r;
}

/* Finds dom by UUID (when allowed) then by name.  NULL: reported. */
static virDomainPtr
lookup_domain (guestfs_h *g, virConnectPtr conn, const char *uri,
               const char *name, bool allowuuid)
{
  virDomainPtr dom = NULL;

  if (allowuuid)
    dom = virDomainLookupByUUIDString (conn, name);
  if (dom == NULL)
    dom = virDomainLookupByName (conn, name);
  if (dom == NULL)
    guestfs_int_error_errno (g, ENOENT, "no libvirt domain '%s' on '%s': %s",
                             name, uri, guestfs_int_libvirt_error ());
  return dom;
}

static void
ignore_libvirt_error (void *opaque, virErrorPtr err)
{
}

int
guestfs_impl_add_domain (guestfs_h *g, const char *name,
                         const struct guestfs_add_domain_argv *optargs)
{
  uint64_t m = optargs->bitmask;
  const char *given_uri = m & GUESTFS_ADD_DOMAIN_LIBVIRTURI_BITMASK ?
    optargs->libvirturi : NULL;
  struct domain_opts opts;
  virConnectPtr conn;
  virDomainPtr dom;
  char *uri;
  int r = -1;

  if (get_opts (g, &opts,
                (m & GUESTFS_ADD_DOMAIN_READONLY_BITMASK) && optargs->readonly,
                m & GUESTFS_ADD_DOMAIN_IFACE_BITMASK ? optargs->iface : NULL,
                m & GUESTFS_ADD_DOMAIN_READONLYDISK_BITMASK ?
                optargs->readonlydisk : NULL,
                m & GUESTFS_ADD_DOMAIN_CACHEMODE_BITMASK ?
                optargs->cachemode : NULL,
                m & GUESTFS_ADD_DOMAIN_DISCARD_BITMASK ?
                optargs->discard : NULL,
                m & GUESTFS_ADD_DOMAIN_COPYONREAD_BITMASK ?
                optargs->copyonread : -1) == -1)
    return -1;

  /* Only reading: a read-only connection is all careen needs, and all
   * that some users are allowed.
   */
  conn = guestfs_int_open_libvirt (g, given_uri, VIR_CONNECT_RO);
  if (conn == NULL)
    return -1;
  /* careen reports libvirt's errors itself, once. */
  virConnSetErrorFunc (conn, NULL, ignore_libvirt_error);
  uri = virConnectGetURI (conn);

  dom = lookup_domain (g, conn, uri ? uri : given_uri ? given_uri : "?",
                       name, (m & GUESTFS_ADD_DOMAIN_ALLOWUUID_BITMASK) &&
                       optargs->allowuuid);
  if (dom) {
    r = add_domain_disks (g, dom, uri ? uri : "?", &opts);
    virDomainFree (dom);
  }
  free (uri);
  virConnectClose (conn);
  return r;
}
