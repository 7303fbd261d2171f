/** careen - offline disk-image toolkit
 *
 * -i ova: an OVA exported by VMware (or VirtualBox), as a tar (plain,
 * or itself compressed with gzip or xz) or as the directory it was
 * unpacked into.  It holds one .ovf (the description), optionally .mf
 * manifests (checksums of the other files) and the disks.
 *
 * An OVA is untrusted: its OVF may only name files that sit beside it,
 * every file a manifest lists is hashed and compared, and nothing of a
 * tar is written anywhere but into TMPDIR under a name we checked
 * (ova-tar.c, ova-files.c).  Disks of a directory are used in place
 * unless compressed; disks of a tar are copied out, decompressed when
 * the OVF says ovf:compression="gzip".
 */

#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "cleanups.h"
#include "vector.h"
#include "xalloc.h"
#include "input.h"

/* Memory when the OVF has no memory item. */
#define OVA_DEFAULT_MEMORY (UINT64_C (1024) * 1024 * 1024)

/* Most vCPUs accepted: bounds what a hostile OVF can ask for. */
#define OVA_MAX_VCPUS 4096

/* Longest line of a manifest we keep, and longest hash printed. */
#define MF_MAX_HASH 128

/* CIM resource types of the OVF hardware items (DMTF DSP0243). */
enum {
  RT_CPU = 3,
  RT_MEMORY = 4,
  RT_IDE = 5,
  RT_SCSI = 6,
  RT_ETHERNET = 10,
  RT_FLOPPY = 14,
  RT_CDROM = 15,
  RT_DVD = 16,
  RT_DISK = 17,
  RT_SATA = 20,
  RT_GRAPHICS = 24,
};

struct ova {
  const char *ova;              /* as the user gave it */
  const char *tmpdir;
  char *dir;                    /* a directory OVA: its real path */
  int tar_fd;                   /* a tar OVA: the (uncompressed) tar */
  struct ova_tar tar;
  char *ovf;                    /* name of the .ovf in the dir or tar */
  char *prefix;                 /* the .ovf's directory in the tar, with
                                   a trailing '/', or "" */
};

/* Where the bytes of one file of the OVA are. */
struct ova_file {
  int fd;                       /* owned when a directory's file */
  bool own_fd;
  off_t offset;
  int64_t size;
  char *path;                   /* the file itself, for a directory */
};

static void
ova_file_release (struct ova_file *f)
{
  if (f->own_fd && f->fd >= 0)
    close (f->fd);
  f->fd = -1;
  free (f->path);
  f->path = NULL;
}

/* Whether NAME may be named by the OVF or a manifest: a plain file
 * name beside the .ovf.
 */
static bool
plain_file_name (const char *name)
{
  return *name != '\0' && strchr (name, '/') == NULL &&
    strcmp (name, ".") != 0 && strcmp (name, "..") != 0 &&
    !v2v_name_is_protocol (name);
}

/* Finds the file NAME (as the OVF or WHAT names it) of the OVA. */
static int
ova_locate (struct ova *o, const char *what, const char *name,
            struct ova_file *f)
{
  memset (f, 0, sizeof *f);
  f->fd = -1;

  if (!plain_file_name (name)) {
    v2v_error ("ova '%s': %s names '%s', which is not a file beside the "
               "ovf", o->ova, what, name);
    return -1;
  }
  if (o->dir != NULL) {
    struct stat st;

    if (asprintf (&f->path, "%s/%s", o->dir, name) == -1)
      die_nomem ();
    f->fd = open (f->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (f->fd == -1) {
      v2v_error ("ova '%s': %s names '%s': %m", o->ova, what, name);
      return -1;
    }
    f->own_fd = true;
    if (fstat (f->fd, &st) == -1 || !S_ISREG (st.st_mode)) {
      v2v_error ("ova '%s': %s names '%s', which is not a regular file",
                 o->ova, what, name);
      return -1;
    }
    f->size = st.st_size;
  }
  else {
    CLEANUP_FREE char *full = NULL;
    const struct ova_tar_member *m;

    if (asprintf (&full, "%s%s", o->prefix, name) == -1)
      die_nomem ();
    m = ova_tar_find (&o->tar, full);
    if (m == NULL) {
      v2v_error ("ova '%s': %s names '%s', which is not in the ova",
                 o->ova, what, name);
      return -1;
    }
    if (!m->regular) {
      v2v_error ("ova '%s': %s names '%s', which is not a regular file "
                 "in the ova", o->ova, what, name);
      return -1;
    }
    f->fd = o->tar_fd;
    f->offset = m->offset;
    f->size = (int64_t) m->size;
  }
  return 0;
}

/* Reads the whole of a file of the OVA into a string. */
static char *
ova_read_small (struct ova *o, const char *what, const char *name,
                size_t *len_r)
{
  struct ova_file f;
  char *buf = NULL;
  ssize_t r;

  if (ova_locate (o, what, name, &f) == -1)
    goto out;
  if (f.size > V2V_MAX_DESCRIPTION) {
    v2v_error ("ova '%s': '%s' is too large (%" PRId64 " bytes)",
               o->ova, name, f.size);
    goto out;
  }
  buf = xmalloc ((size_t) f.size + 1);
  r = pread (f.fd, buf, (size_t) f.size, f.offset);
  if (r != (ssize_t) f.size) {
    v2v_error ("ova '%s': read '%s': %s", o->ova, name,
               r == -1 ? strerror (errno) : "short read");
    free (buf);
    buf = NULL;
    goto out;
  }
  buf[f.size] = '\0';
  *len_r = (size_t) f.size;
 out:
  ova_file_release (&f);
  return buf;
}

static bool
has_suffix (const char *name, const char *suffix)
{
  size_t n = strlen (name), m = strlen (suffix);

  return n > m && strcasecmp (name + n - m, suffix) == 0;
}

/* The names of the regular files beside the .ovf (or, before the .ovf
 * is known, at the top of a directory and anywhere safe in a tar) that
 * end in SUFFIX (names relative to the .ovf's directory when
 * BESIDE_OVF).  A NULL-terminated list, or NULL printed.
 */
static char **
ova_list (struct ova *o, const char *suffix, bool beside_ovf)
{
  char **names = NULL;
  size_t n = 0, cap = 0, i;

  if (o->dir != NULL) {
    DIR *d = opendir (o->dir);
    struct dirent *e;

    if (d == NULL) {
      v2v_error ("ova '%s': opendir: %m", o->ova);
      return NULL;
    }
    while ((e = readdir (d)) != NULL) {
      CLEANUP_FREE char *p = NULL;
      struct stat st;

      if (!has_suffix (e->d_name, suffix))
        continue;
      if (asprintf (&p, "%s/%s", o->dir, e->d_name) == -1)
        die_nomem ();
      if (lstat (p, &st) == -1 || !S_ISREG (st.st_mode))
        continue;
      if (n + 1 >= cap) {
        void *v = names;
        if (vector_reserve (&v, &cap, n, 2, sizeof *names) == -1)
          die_nomem ();
        names = v;
      }
      names[n++] = xstrdup (e->d_name);
    }
    closedir (d);
  }
  else {
    for (i = 0; i < o->tar.nr_members; ++i) {
      const struct ova_tar_member *m = &o->tar.members[i];
      const char *base;

      if (!m->regular || m->unsafe || !has_suffix (m->name, suffix))
        continue;
      if (beside_ovf) {
        size_t pl = strlen (o->prefix);
        if (strncmp (m->name, o->prefix, pl) != 0 ||
            strchr (m->name + pl, '/') != NULL)
          continue;
        base = m->name + pl;
      }
      else
        base = m->name;
      if (n + 1 >= cap) {
        void *v = names;
        if (vector_reserve (&v, &cap, n, 2, sizeof *names) == -1)
          die_nomem ();
        names = v;
      }
      names[n++] = xstrdup (base);
    }
  }
  if (names == NULL)
    names = calloc (1, sizeof *names);
  if (names == NULL)
    die_nomem ();
  names[n] = NULL;
  return names;
}

/* Opens the OVA: a directory, or a tar (decompressed into TMPDIR first
 * if it is compressed).
 */
static int
ova_open (struct ova *o)
{
  CLEANUP_CLOSE int fd = -1;
  unsigned char magic[6];
  struct stat st;
  const char *compression = NULL;
  ssize_t r;

  if (v2v_name_is_protocol (o->ova)) {
    v2v_error ("-i ova: '%s' is not a local file name", o->ova);
    return -1;
  }
  if (stat (o->ova, &st) == -1) {
    v2v_error ("-i ova: '%s': %m", o->ova);
    return -1;
  }
  if (S_ISDIR (st.st_mode)) {
    o->dir = realpath (o->ova, NULL);
    if (o->dir == NULL) {
      v2v_error ("-i ova: '%s': %m", o->ova);
      return -1;
    }
    return 0;
  }

  fd = open (o->ova, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    v2v_error ("-i ova: open: '%s': %m", o->ova);
    return -1;
  }
  r = pread (fd, magic, sizeof magic, 0);
  if (r == (ssize_t) sizeof magic && magic[0] == 0x1f && magic[1] == 0x8b)
    compression = "gzip";
  else if (r == (ssize_t) sizeof magic &&
           memcmp (magic, "\xfd" "7zXZ\0", 6) == 0)
    compression = "xz";

  if (compression != NULL) {
    CLEANUP_FREE char *path = NULL;

    if (ova_copy_out (o->ova, fd, 0, -1, compression, o->tmpdir, "ova.tar",
                      &path) == -1)
      return -1;
    o->tar_fd = open (path, O_RDONLY | O_CLOEXEC);
    if (o->tar_fd == -1) {
      v2v_error ("open: '%s': %m", path);
      return -1;
    }
  }
  else {
    o->tar_fd = fd;
    fd = -1;
  }
  return ova_tar_read (o->tar_fd, o->ova, &o->tar);
}

static int
ova_find_ovf (struct ova *o)
{
  CLEANUP_FREE_STRING_LIST char **ovfs = ova_list (o, ".ovf", false);
  const char *slash;

  if (ovfs == NULL)
    return -1;
  if (ovfs[0] == NULL) {
    v2v_error ("ova '%s': no .ovf file in the ova", o->ova);
    return -1;
  }
  if (ovfs[1] != NULL) {
    v2v_error ("ova '%s': more than one .ovf file in the ova ('%s', '%s')",
               o->ova, ovfs[0], ovfs[1]);
    return -1;
  }
  slash = strrchr (ovfs[0], '/');
  if (slash == NULL) {
    o->prefix = xstrdup ("");
    o->ovf = xstrdup (ovfs[0]);
  }
  else {
    o->prefix = xstrndup (ovfs[0], slash + 1 - ovfs[0]);
    o->ovf = xstrdup (slash + 1);
  }
  return 0;
}

/* Hashes one file of the OVA with PROG ("sha1sum" or "sha256sum") and
 * compares with WANT.
 */
static int
verify_one (struct ova *o, const char *mf, const char *prog,
            const char *name, const char *want)
{
  struct ova_file f;
  char out[MF_MAX_HASH + 64];
  char *argv[] = { (char *) prog, NULL };
  size_t n;
  int r = -1;

  if (ova_locate (o, mf, name, &f) == -1)
    goto out;
  if (ova_feed_program (argv, name, f.fd, f.offset, f.size, -1, out,
                        sizeof out) == -1)
    goto out;
  n = strspn (out, "0123456789abcdefABCDEF");
  out[n] = '\0';
  if (strcasecmp (out, want) != 0) {
    v2v_error ("ova '%s': checksum of '%s' does not match the manifest "
               "'%s': expected %s, got %s", o->ova, name, mf, want, out);
    goto out;
  }
  r = 0;
 out:
  ova_file_release (&f);
  return r;
}

/* Checks every file the manifests list.  Lines are
 *   SHA1(name)= hex      or      SHA256(name)= hex
 */
static int
ova_verify_manifests (struct ova *o)
{
  CLEANUP_FREE_STRING_LIST char **mfs = ova_list (o, ".mf", true);
  size_t i;

  if (mfs == NULL)
    return -1;
  for (i = 0; mfs[i] != NULL; ++i) {
    CLEANUP_FREE char *text = NULL;
    char *line, *save = NULL;
    size_t len;

    text = ova_read_small (o, "the manifest", mfs[i], &len);
    if (text == NULL)
      return -1;
    if (strlen (text) != len) {
      v2v_error ("ova '%s': manifest '%s' is not text", o->ova, mfs[i]);
      return -1;
    }
    for (line = strtok_r (text, "\r\n", &save); line != NULL;
         line = strtok_r (NULL, "\r\n", &save)) {
      const char *prog;
      char *name, *close_paren, *hash, *end;

      if (strncmp (line, "SHA1(", 5) == 0) {
        prog = "sha1sum";
        name = line + 5;
      }
      else if (strncmp (line, "SHA256(", 7) == 0) {
        prog = "sha256sum";
        name = line + 7;
      }
      else {
        v2v_warning ("ova '%s': manifest '%s': line not understood: '%s'",
                     o->ova, mfs[i], line);
        continue;
      }
      close_paren = strstr (name, ")=");
      if (close_paren == NULL)
        close_paren = strstr (name, ") =");
      if (close_paren == NULL) {
        v2v_error ("ova '%s': manifest '%s': cannot parse line '%s'",
                   o->ova, mfs[i], line);
        return -1;
      }
      *close_paren = '\0';
      hash = close_paren + 1;
      hash += strspn (hash, " =");
      end = hash + strlen (hash);
      while (end > hash && isspace ((unsigned char) end[-1]))
        *--end = '\0';
      if (*hash == '\0' || strlen (hash) > MF_MAX_HASH ||
          hash[strspn (hash, "0123456789abcdefABCDEF")] != '\0') {
        v2v_error ("ova '%s': manifest '%s': bad checksum for '%s'",
                   o->ova, mfs[i], name);
        return -1;
      }
      if (verify_one (o, mfs[i], prog, name, hash) == -1)
        return -1;
    }
  }
  return 0;
}

/* -------- the OVF -------- */

struct ovf_item {
  xmlNodePtr node;
  int type;
  char *id, *parent, *address, *address_on_parent;
};

static char *
xpath_string (xmlXPathContextPtr ctx, xmlNodePtr node, const char *xpath)
{
  xmlXPathObjectPtr obj;
  char *r = NULL;

  ctx->node = node ? node : xmlDocGetRootElement (ctx->doc);
  obj = xmlXPathEvalExpression (BAD_CAST xpath, ctx);
  if (obj == NULL)
    return NULL;
  if (obj->type == XPATH_NODESET && obj->nodesetval &&
      obj->nodesetval->nodeNr > 0) {
    xmlChar *c = xmlNodeGetContent (obj->nodesetval->nodeTab[0]);
    if (c) {
      char *p = (char *) c, *e;

      /* Values are trimmed: exporters indent them. */
      while (isspace ((unsigned char) *p))
        p++;
      e = p + strlen (p);
      while (e > p && isspace ((unsigned char) e[-1]))
        e--;
      r = xstrndup (p, e - p);
      xmlFree (c);
    }
  }
  xmlXPathFreeObject (obj);
  return r;
}

static int
parse_u64 (const char *s, uint64_t *r)
{
  char *end;

  if (s == NULL || !isdigit ((unsigned char) *s))
    return -1;
  errno = 0;
  *r = strtoull (s, &end, 10);
  return errno != 0 || *end != '\0' ? -1 : 0;
}

/* "byte * 2^20", "byte", "KiloBytes", "MegaBytes", "GigaBytes", "MB"
 * ...; absent means MiB.  0 if not understood.
 */
static uint64_t
allocation_units (const char *u)
{
  unsigned shift;

  if (u == NULL)
    return UINT64_C (1) << 20;
  if (sscanf (u, "byte * 2^%u", &shift) == 1 && shift < 50)
    return UINT64_C (1) << shift;
  if (strcasecmp (u, "byte") == 0 || strcasecmp (u, "bytes") == 0)
    return 1;
  if (strcasecmp (u, "KiloBytes") == 0 || strcasecmp (u, "KB") == 0)
    return UINT64_C (1) << 10;
  if (strcasecmp (u, "MegaBytes") == 0 || strcasecmp (u, "MB") == 0)
    return UINT64_C (1) << 20;
  if (strcasecmp (u, "GigaBytes") == 0 || strcasecmp (u, "GB") == 0)
    return UINT64_C (1) << 30;
  return 0;
}

static enum v2v_bus
controller_bus (int type)
{
  switch (type) {
  case RT_IDE: return V2V_BUS_IDE;
  case RT_SCSI: return V2V_BUS_SCSI;
  case RT_SATA: return V2V_BUS_SATA;
  default: return V2V_BUS_UNKNOWN;
  }
}

/* The bus and slot of ITEM from its parent controller. */
static void
item_position (const struct ovf_item *items, size_t nr,
               const struct ovf_item *item, enum v2v_bus *bus, int *slot)
{
  uint64_t aop, caddr;
  size_t i;

  *bus = V2V_BUS_UNKNOWN;
  *slot = -1;
  for (i = 0; item->parent && i < nr; ++i) {
    if (items[i].id == NULL || strcmp (items[i].id, item->parent) != 0)
      continue;
    *bus = controller_bus (items[i].type);
    if (parse_u64 (item->address_on_parent, &aop) == 0 && aop < 1024) {
      *slot = (int) aop;
      /* IDE: two devices on each of the two channels. */
      if (*bus == V2V_BUS_IDE &&
          parse_u64 (items[i].address, &caddr) == 0 && caddr < 2)
        *slot += (int) caddr * 2;
    }
    break;
  }
}

/* The attribute ATTR of the References File with ovf:id ID, or NULL. */
static char *
file_attr (xmlXPathContextPtr ctx, const char *id, const char *attr)
{
  CLEANUP_FREE char *xp = NULL;

  if (asprintf (&xp, "/ovf:Envelope/ovf:References/ovf:File"
                "[@ovf:id='%s']/@ovf:%s", id, attr) == -1)
    die_nomem ();
  return xpath_string (ctx, NULL, xp);
}

/* A disk item's HostResource, "ovf:/disk/ID" (through DiskSection) or
 * "ovf:/file/ID", to the File's href and compression (NULL if none).
 * IDs with a quote are refused: they would end the XPath string.
 */
static int
disk_file (struct ova *o, xmlXPathContextPtr ctx, const char *res,
           char **href, char **compression)
{
  CLEANUP_FREE char *file_id = NULL, *xp = NULL, *c = NULL;

  if (strncmp (res, "ovf:/disk/", 10) == 0 &&
      strchr (res + 10, '\'') == NULL) {
    if (asprintf (&xp, "/ovf:Envelope/ovf:DiskSection/ovf:Disk"
                  "[@ovf:diskId='%s']/@ovf:fileRef", res + 10) == -1)
      die_nomem ();
    file_id = xpath_string (ctx, NULL, xp);
  }
  else if (strncmp (res, "ovf:/file/", 10) == 0)
    file_id = xstrdup (res + 10);
  if (file_id == NULL || strchr (file_id, '\'') != NULL)
    goto bad;
  *href = file_attr (ctx, file_id, "href");
  if (*href == NULL)
    goto bad;
  c = file_attr (ctx, file_id, "compression");
  if (c != NULL && *c != '\0' && strcmp (c, "identity") != 0) {
    *compression = c;
    c = NULL;
  }
  return 0;

 bad:
  v2v_error ("ova '%s': ovf '%s': disk '%s' has no file in References",
             o->ova, o->ovf, res);
  return -1;
}

static int
add_ovf_disk (struct ova *o, xmlXPathContextPtr ctx, const char *res,
              const char *format, enum v2v_bus bus, int slot,
              struct v2v_source *s)
{
  CLEANUP_FREE char *href = NULL, *compression = NULL, *path = NULL;
  struct ova_file f;
  int r = -1;

  if (disk_file (o, ctx, res, &href, &compression) == -1)
    return -1;
  if (ova_locate (o, "the ovf", href, &f) == -1)
    goto out;
  if (o->dir != NULL && compression == NULL) {
    path = f.path;
    f.path = NULL;
  }
  else if (ova_copy_out (href, f.fd, f.offset, f.size, compression,
                         o->tmpdir, href, &path) == -1)
    goto out;
  if (path[0] != '/') {
    char *abs = realpath (path, NULL);
    if (abs == NULL) {
      v2v_error ("'%s': %m", path);
      goto out;
    }
    free (path);
    path = abs;
  }
  r = v2v_source_add_disk (s, path, format, bus, slot);
 out:
  ova_file_release (&f);
  return r;
}

static int
read_items (struct ova *o, xmlXPathContextPtr ctx, const char *format,
            struct v2v_source *s)
{
  xmlXPathObjectPtr obj;
  struct ovf_item *items = NULL;
  size_t nr = 0, i;
  int r = -1;

  ctx->node = xmlDocGetRootElement (ctx->doc);
  obj = xmlXPathEvalExpression (BAD_CAST
                                "/ovf:Envelope/ovf:VirtualSystem/"
                                "ovf:VirtualHardwareSection/ovf:Item", ctx);
  if (obj == NULL)
    die_nomem ();
  if (obj->nodesetval)
    nr = obj->nodesetval->nodeNr;
  items = calloc (nr ? nr : 1, sizeof *items);
  if (items == NULL)
    die_nomem ();
  for (i = 0; i < nr; ++i) {
    CLEANUP_FREE char *type = NULL;
    uint64_t t;

    items[i].node = obj->nodesetval->nodeTab[i];
    type = xpath_string (ctx, items[i].node, "rasd:ResourceType");
    items[i].type = parse_u64 (type, &t) == 0 && t < 1000 ? (int) t : -1;
    items[i].id = xpath_string (ctx, items[i].node, "rasd:InstanceID");
    items[i].parent = xpath_string (ctx, items[i].node, "rasd:Parent");
    items[i].address = xpath_string (ctx, items[i].node, "rasd:Address");
    items[i].address_on_parent =
      xpath_string (ctx, items[i].node, "rasd:AddressOnParent");
  }

  s->memory = OVA_DEFAULT_MEMORY;
  s->vcpus = 1;
  for (i = 0; i < nr; ++i) {
    struct ovf_item *it = &items[i];
    CLEANUP_FREE char *q = NULL, *units = NULL, *res = NULL;
    CLEANUP_FREE char *conn = NULL, *model = NULL, *cores = NULL;
    enum v2v_bus bus;
    uint64_t n, scale, c;
    int slot;

    switch (it->type) {
    case RT_CPU:
      q = xpath_string (ctx, it->node, "rasd:VirtualQuantity");
      if (parse_u64 (q, &n) == -1 || n < 1 || n > OVA_MAX_VCPUS) {
        v2v_error ("ova '%s': ovf '%s': bad number of vCPUs '%s'",
                   o->ova, o->ovf, q ? q : "");
        goto out;
      }
      s->vcpus = (int) n;
      cores = xpath_string (ctx, it->node, "vmw:CoresPerSocket");
      if (cores && parse_u64 (cores, &c) == 0 && c >= 1 && c <= n) {
        s->cpu_cores = (int) c;
        s->cpu_sockets = (int) (n / c);
        s->cpu_threads = 1;
      }
      break;

    case RT_MEMORY:
      q = xpath_string (ctx, it->node, "rasd:VirtualQuantity");
      units = xpath_string (ctx, it->node, "rasd:AllocationUnits");
      scale = allocation_units (units);
      if (parse_u64 (q, &n) == -1 || scale == 0 ||
          __builtin_mul_overflow (n, scale, &s->memory)) {
        v2v_error ("ova '%s': ovf '%s': bad memory '%s' '%s'",
                   o->ova, o->ovf, q ? q : "", units ? units : "");
        goto out;
      }
      break;

    case RT_DISK:
      res = xpath_string (ctx, it->node, "rasd:HostResource");
      if (res == NULL) {
        v2v_error ("ova '%s': ovf '%s': disk item without HostResource",
                   o->ova, o->ovf);
        goto out;
      }
      item_position (items, nr, it, &bus, &slot);
      if (add_ovf_disk (o, ctx, res, format, bus, slot, s) == -1)
        goto out;
      break;

    case RT_CDROM:
    case RT_DVD:
    case RT_FLOPPY:
      item_position (items, nr, it, &bus, &slot);
      v2v_source_add_removable (s, it->type == RT_FLOPPY, bus, slot);
      break;

    case RT_ETHERNET: {
      char *p;

      conn = xpath_string (ctx, it->node, "rasd:Connection");
      model = xpath_string (ctx, it->node, "rasd:ResourceSubType");
      for (p = model; p && *p; ++p)
        *p = tolower ((unsigned char) *p);
      for (p = it->address; p && *p; ++p)
        *p = tolower ((unsigned char) *p);
      v2v_source_add_nic (s, it->address && *it->address ? it->address
                          : NULL, model, V2V_NET_NETWORK,
                          conn && *conn ? conn : "VM Network");
      break;
    }

    case RT_GRAPHICS:
      s->display = true;
      break;

    default:
      break;
    }
  }
  r = 0;
 out:
  for (i = 0; i < nr; ++i) {
    free (items[i].id);
    free (items[i].parent);
    free (items[i].address);
    free (items[i].address_on_parent);
  }
  free (items);
  xmlXPathFreeObject (obj);
  return r;
}

static int
ova_parse_ovf (struct ova *o, const char *format, struct v2v_source *s)
{
  CLEANUP_FREE char *text = NULL, *name = NULL, *type = NULL, *fw = NULL;
  xmlDocPtr doc;
  xmlXPathContextPtr ctx;
  size_t len;
  int r = -1;

  text = ova_read_small (o, "the ova", o->ovf, &len);
  if (text == NULL)
    return -1;
  doc = xmlReadMemory (text, (int) len, o->ovf, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                       XML_PARSE_NOWARNING);
  if (doc == NULL) {
    v2v_error ("ova '%s': cannot parse the ovf '%s'", o->ova, o->ovf);
    return -1;
  }
  ctx = xmlXPathNewContext (doc);
  if (ctx == NULL)
    die_nomem ();
  xmlXPathRegisterNs (ctx, BAD_CAST "ovf",
                      BAD_CAST "http://schemas.dmtf.org/ovf/envelope/1");
  xmlXPathRegisterNs (ctx, BAD_CAST "rasd",
                      BAD_CAST "http://schemas.dmtf.org/wbem/wscim/1/"
                      "cim-schema/2/CIM_ResourceAllocationSettingData");
  xmlXPathRegisterNs (ctx, BAD_CAST "vssd",
                      BAD_CAST "http://schemas.dmtf.org/wbem/wscim/1/"
                      "cim-schema/2/CIM_VirtualSystemSettingData");
  xmlXPathRegisterNs (ctx, BAD_CAST "vmw",
                      BAD_CAST "http://www.vmware.com/schema/ovf");

  name = xpath_string (ctx, NULL, "/ovf:Envelope/ovf:VirtualSystem/ovf:Name");
  if (name == NULL || *name == '\0') {
    free (name);
    name = xpath_string (ctx, NULL, "/ovf:Envelope/ovf:VirtualSystem/@ovf:id");
  }
  if (name == NULL || *name == '\0') {
    v2v_error ("ova '%s': ovf '%s' gives no name to the virtual system",
               o->ova, o->ovf);
    goto out;
  }
  s->name = name;
  name = NULL;

  type = xpath_string (ctx, NULL, "/ovf:Envelope/ovf:VirtualSystem/"
                       "ovf:VirtualHardwareSection/ovf:System/"
                       "vssd:VirtualSystemType");
  s->hypervisor = xstrdup (type && strncasecmp (type, "virtualbox", 10) == 0
                           ? "virtualbox" : "vmware");

  fw = xpath_string (ctx, NULL, "/ovf:Envelope/ovf:VirtualSystem/"
                     "ovf:VirtualHardwareSection/vmw:Config"
                     "[@vmw:key='firmware' or @ovf:key='firmware']"
                     "/@*[local-name()='value']");
  s->firmware = fw && strcmp (fw, "efi") == 0
    ? V2V_FIRMWARE_UEFI : V2V_FIRMWARE_BIOS;

  r = read_items (o, ctx, format, s);
 out:
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return r;
}

int
v2v_input_ova (const char *ova, const char *format, const char *tmpdir,
               struct v2v_source *s)
{
  struct ova o = { .ova = ova, .tmpdir = tmpdir, .tar_fd = -1 };
  int r = -1;

  if (ova_open (&o) == -1 ||
      ova_find_ovf (&o) == -1 ||
      ova_verify_manifests (&o) == -1 ||
      ova_parse_ovf (&o, format, s) == -1)
    goto out;
  r = 0;
 out:
  free (o.dir);
  free (o.ovf);
  free (o.prefix);
  ova_tar_release (&o.tar);
  if (o.tar_fd >= 0)
    close (o.tar_fd);
  return r;
}
