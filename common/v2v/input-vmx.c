/** careen - offline disk-image toolkit
 *
 * -i vmx: a VMware .vmx file.  Its lines are 'key = "value"' with
 * case-insensitive keys; inside values, "|XX" is the byte of hex XX
 * (VMware writes '"' as "|22" and '|' as "|7C").  The disks it names
 * must be in the .vmx's own directory (or below it): a .vmx is
 * description only, and may come from a host we do not trust.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "cleanups.h"
#include "vector.h"
#include "xalloc.h"
#include "input.h"

/* Memory when the .vmx has no memSize: VMware's default, 32 MiB. */
#define VMX_DEFAULT_MEMORY_MIB 32

/* Controllers and devices per controller that VMware allows; the slot
 * of a disk is controller * devices + device.
 */
struct vmx_bus {
  const char *prefix;
  enum v2v_bus bus;
  int controllers, devices;
};
static const struct vmx_bus vmx_buses[] = {
  { "scsi", V2V_BUS_SCSI, 4, 16 },
  { "sata", V2V_BUS_SATA, 4, 30 },
  { "ide", V2V_BUS_IDE, 2, 2 },
  /* No NVMe bus in struct v2v_source: the target chooses its own. */
  { "nvme", V2V_BUS_UNKNOWN, 4, 64 },
};

/* Most network cards a VMware guest can have. */
#define VMX_MAX_ETHERNET 10
#define VMX_MAX_FLOPPY 2

struct vmx_entry {
  char *key;
  char *value;
};
DEFINE_VECTOR_TYPE (vmx_entries, struct vmx_entry);

static void
vmx_release (struct vmx_entries *v)
{
  size_t i;

  for (i = 0; i < v->len; ++i) {
    free (v->ptr[i].key);
    free (v->ptr[i].value);
  }
  vmx_entries_release (v);
}

/* Undoes the "|XX" escapes of VALUE in place. */
static void
unescape (char *value)
{
  char *r = value, *w = value;
  int hi, lo;

  while (*r) {
    if (r[0] == '|' && (hi = hex_digit_value (r[1])) >= 0 && (lo = hex_digit_value (r[2])) >= 0
        && (hi || lo)) {
      *w++ = (char) (hi * 16 + lo);
      r += 3;
    }
    else
      *w++ = *r++;
  }
  *w = '\0';
}

static int
parse_vmx (char *text, const char *vmx, struct vmx_entries *v)
{
  char *line, *save = NULL;
  unsigned lineno = 0;

  for (line = strtok_r (text, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    char *eq, *key, *value, *end;
    struct vmx_entry e;

    lineno++;
    line += strspn (line, " \t\r");
    if (*line == '\0' || *line == '#' || strncmp (line, ".encoding", 9) == 0)
      continue;
    eq = strchr (line, '=');
    if (eq == NULL) {
      v2v_error ("vmx '%s': cannot parse line '%s'", vmx, line);
      return -1;
    }
    key = line;
    end = eq;
    while (end > key && isspace ((unsigned char) end[-1]))
      end--;
    *end = '\0';
    value = eq + 1;
    value += strspn (value, " \t");
    end = value + strlen (value);
    while (end > value && isspace ((unsigned char) end[-1]))
      *--end = '\0';
    if (*value == '"') {
      value++;
      end = strrchr (value, '"');
      if (end == NULL) {
        v2v_error ("vmx '%s': unterminated value of '%s'", vmx, key);
        return -1;
      }
      *end = '\0';
    }
    unescape (value);
    e.key = xstrdup (key);
    e.value = xstrdup (value);
    if (vmx_entries_append (v, e) == -1)
      die_nomem ();
  }
  return 0;
}

/* The value of KEY (case-insensitive), the last one if repeated, or
 * NULL.
 */
static const char *
vmx_get (const struct vmx_entries *v, const char *key)
{
  size_t i;

  for (i = v->len; i > 0; --i)
    if (strcasecmp (v->ptr[i - 1].key, key) == 0)
      return v->ptr[i - 1].value;
  return NULL;
}

static const char *
vmx_getf (const struct vmx_entries *v, char *buf, size_t n,
          const char *fs, ...)
  __attribute__ ((format (printf, 4, 5)));

static const char *
vmx_getf (const struct vmx_entries *v, char *buf, size_t n,
          const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vsnprintf (buf, n, fs, args);
  va_end (args);
  return vmx_get (v, buf);
}

static bool
vmx_true (const char *value)
{
  return value != NULL &&
    (strcasecmp (value, "true") == 0 || strcasecmp (value, "yes") == 0 ||
     strcmp (value, "1") == 0);
}

/* Reads a decimal integer value; -1 (printed) if it is not one. */
static int
vmx_int64 (const char *vmx, const char *key, const char *value, int64_t *r)
{
  char *end;

  errno = 0;
  *r = strtoll (value, &end, 10);
  if (errno != 0 || end == value || *end != '\0') {
    v2v_error ("vmx '%s': %s: '%s' is not a number", vmx, key, value);
    return -1;
  }
  return 0;
}

/* NAME, a disk's fileName, as a path inside DIR (the .vmx's real
 * directory), or NULL (printed).
 */
static char *
disk_path (const char *vmx, const char *dir, const char *name)
{
  CLEANUP_FREE char *joined = NULL;
  char *real;
  size_t dirlen = strlen (dir);
  const char *p;

  if (*name == '\0' || v2v_name_is_protocol (name)) {
    v2v_error ("vmx '%s': disk '%s' is not a local file name", vmx, name);
    return NULL;
  }
  for (p = name; *p; ) {
    size_t n = strcspn (p, "/");
    if (n == 2 && strncmp (p, "..", 2) == 0) {
      v2v_error ("vmx '%s': disk '%s' names a parent directory", vmx, name);
      return NULL;
    }
    p += n;
    p += strspn (p, "/");
  }
  if (name[0] == '/')
    joined = xstrdup (name);
  else if (asprintf (&joined, "%s/%s", dir, name) == -1)
    die_nomem ();
  real = realpath (joined, NULL);
  if (real == NULL) {
    v2v_error ("vmx '%s': disk '%s': %m", vmx, name);
    return NULL;
  }
  /* The file itself, symbolic links followed, must be below DIR. */
  if (strncmp (real, dir, dirlen) != 0 ||
      (real[dirlen] != '/' && strcmp (dir, "/") != 0)) {
    v2v_error ("vmx '%s': disk '%s' is outside the directory of the vmx "
               "file", vmx, name);
    free (real);
    return NULL;
  }
  return real;
}

static bool
is_cdrom (const char *type)
{
  return type != NULL &&
    (strcasecmp (type, "cdrom-image") == 0 ||
     strcasecmp (type, "atapi-cdrom") == 0 ||
     strcasecmp (type, "cdrom-raw") == 0);
}

static int
read_disks (const struct vmx_entries *v, const char *vmx, const char *dir,
            const char *format, struct v2v_source *s)
{
  char k[64];
  size_t b;
  int c, d;

  for (b = 0; b < sizeof vmx_buses / sizeof vmx_buses[0]; ++b) {
    const struct vmx_bus *bus = &vmx_buses[b];

    for (c = 0; c < bus->controllers; ++c) {
      const char *present = vmx_getf (v, k, sizeof k, "%s%d.present",
                                      bus->prefix, c);

      /* A controller not marked present has no devices VMware uses. */
      if (present != NULL && !vmx_true (present))
        continue;
      for (d = 0; d < bus->devices; ++d) {
        const char *file, *type;
        CLEANUP_FREE char *path = NULL;
        int slot = c * bus->devices + d;

        if (!vmx_true (vmx_getf (v, k, sizeof k, "%s%d:%d.present",
                                 bus->prefix, c, d)))
          continue;
        type = vmx_getf (v, k, sizeof k, "%s%d:%d.deviceType",
                         bus->prefix, c, d);
        if (is_cdrom (type)) {
          v2v_source_add_removable (s, false, bus->bus, slot);
          continue;
        }
        file = vmx_getf (v, k, sizeof k, "%s%d:%d.fileName",
                         bus->prefix, c, d);
        if (file == NULL)
          continue;
        path = disk_path (vmx, dir, file);
        if (path == NULL)
          return -1;
        if (v2v_source_add_disk (s, path, format, bus->bus, slot) == -1)
          return -1;
      }
    }
  }

  for (c = 0; c < VMX_MAX_FLOPPY; ++c)
    if (vmx_true (vmx_getf (v, k, sizeof k, "floppy%d.present", c)))
      v2v_source_add_removable (s, true, V2V_BUS_UNKNOWN, c);
  return 0;
}

static void
read_nics (const struct vmx_entries *v, struct v2v_source *s)
{
  char k[64], eth[24];
  int i;

  for (i = 0; i < VMX_MAX_ETHERNET; ++i) {
    const char *mac, *net, *model;
    CLEANUP_FREE char *lower = NULL;

    if (!vmx_true (vmx_getf (v, k, sizeof k, "ethernet%d.present", i)))
      continue;
    mac = vmx_getf (v, k, sizeof k, "ethernet%d.address", i);
    if (mac == NULL)
      mac = vmx_getf (v, k, sizeof k, "ethernet%d.generatedAddress", i);
    if (mac != NULL) {
      char *p;

      lower = xstrdup (mac);
      for (p = lower; *p; ++p)
        *p = tolower ((unsigned char) *p);
    }
    model = vmx_getf (v, k, sizeof k, "ethernet%d.virtualDev", i);
    net = vmx_getf (v, k, sizeof k, "ethernet%d.networkName", i);
    /* virt-v2v names a NIC with no network after its VMX key. */
    snprintf (eth, sizeof eth, "ethernet%d", i);
    v2v_source_add_nic (s, lower, model, V2V_NET_NETWORK, net ? net : eth);
  }
}

/* vm.genid and vm.genidX are the two signed 64-bit halves of the
 * generation ID that the guest reads.  qemu's vmgenid device takes a
 * GUID and stores its first three fields little-endian, so the GUID
 * that makes the guest see VMware's values writes the first half as
 * three fields taken from its low end and the second half byte by
 * byte from its low byte (as virt-v2v writes it).
 */
static int
read_genid (const struct vmx_entries *v, const char *vmx,
            struct v2v_source *s)
{
  const char *hi_s = vmx_get (v, "vm.genid");
  const char *lo_s = vmx_get (v, "vm.genidX");
  int64_t hi, lo;
  uint64_t h, l;
  unsigned char b[8];
  int i;

  if (hi_s == NULL || lo_s == NULL)
    return 0;
  if (vmx_int64 (vmx, "vm.genid", hi_s, &hi) == -1 ||
      vmx_int64 (vmx, "vm.genidX", lo_s, &lo) == -1)
    return -1;
  h = (uint64_t) hi;
  l = (uint64_t) lo;
  for (i = 0; i < 8; ++i)
    b[i] = (unsigned char) (l >> (8 * i));
  if (asprintf (&s->genid, "%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64
                "-%02x%02x-%02x%02x%02x%02x%02x%02x",
                h & 0xffffffff, (h >> 32) & 0xffff, h >> 48,
                b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]) == -1)
    die_nomem ();
  return 0;
}

static int
read_vmx (const struct vmx_entries *v, const char *vmx, const char *dir,
          const char *format, struct v2v_source *s)
{
  const char *val;
  int64_t n;

  val = vmx_get (v, "displayName");
  if (val != NULL && *val != '\0')
    s->name = xstrdup (val);
  else {
    const char *base = strrchr (vmx, '/');
    char *dot;

    s->name = xstrdup (base ? base + 1 : vmx);
    dot = strrchr (s->name, '.');
    if (dot != NULL && dot != s->name)
      *dot = '\0';
  }
  s->hypervisor = xstrdup ("vmware");

  n = VMX_DEFAULT_MEMORY_MIB;
  val = vmx_get (v, "memSize");
  if (val != NULL && vmx_int64 (vmx, "memSize", val, &n) == -1)
    return -1;
  if (n <= 0 || (uint64_t) n > UINT64_MAX / (1024 * 1024)) {
    v2v_error ("vmx '%s': memSize %" PRId64 " is out of range", vmx, n);
    return -1;
  }
  s->memory = (uint64_t) n * 1024 * 1024;

  n = 1;
  val = vmx_get (v, "numvcpus");
  if (val != NULL && vmx_int64 (vmx, "numvcpus", val, &n) == -1)
    return -1;
  if (n < 1 || n > 4096) {
    v2v_error ("vmx '%s': numvcpus %" PRId64 " is out of range", vmx, n);
    return -1;
  }
  s->vcpus = (int) n;

  val = vmx_get (v, "cpuid.coresPerSocket");
  if (val != NULL) {
    if (vmx_int64 (vmx, "cpuid.coresPerSocket", val, &n) == -1)
      return -1;
    if (n < 1 || n > s->vcpus) {
      v2v_error ("vmx '%s': cpuid.coresPerSocket %" PRId64 " is out of "
                 "range", vmx, n);
      return -1;
    }
    s->cpu_cores = (int) n;
    s->cpu_sockets = s->vcpus / s->cpu_cores;
    s->cpu_threads = 1;
  }

  val = vmx_get (v, "firmware");
  if (val == NULL || strcasecmp (val, "bios") == 0)
    s->firmware = V2V_FIRMWARE_BIOS;
  else if (strcasecmp (val, "efi") == 0)
    s->firmware = V2V_FIRMWARE_UEFI;
  else {
    v2v_error ("vmx '%s': unknown firmware '%s'", vmx, val);
    return -1;
  }

  if (read_genid (v, vmx, s) == -1)
    return -1;
  s->display = vmx_true (vmx_get (v, "svga.present"));

  if (read_disks (v, vmx, dir, format, s) == -1)
    return -1;
  read_nics (v, s);
  return 0;
}

int
v2v_input_vmx (const char *vmx, const char *format, struct v2v_source *s)
{
  CLEANUP_FREE char *text = NULL, *real = NULL;
  struct vmx_entries v = VECTOR_INIT;
  char *slash;
  int r = -1;

  if (v2v_name_is_protocol (vmx)) {
    v2v_error ("-i vmx: '%s': only local vmx files are supported", vmx);
    return -1;
  }
  real = realpath (vmx, NULL);
  if (real == NULL) {
    v2v_error ("-i vmx: '%s': %m", vmx);
    return -1;
  }
  text = v2v_read_description (real, NULL);
  if (text == NULL)
    return -1;
  if (parse_vmx (text, vmx, &v) == -1)
    goto out;

  slash = strrchr (real, '/');
  if (slash == real)
    slash[1] = '\0';
  else
    *slash = '\0';
  r = read_vmx (&v, vmx, real, format, s);
 out:
  vmx_release (&v);
  return r;
}
