/** careen - offline disk-image toolkit
 *
 * The v2v programs: reading the source.  The input of -i describes the guest;
 * then what the command line changes in that description is applied
 * once, here: the name (-on) and the networks (-n, -b, --mac), so that
 * --print-source shows what will be written.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanups.h"
#include "v2v-cmdline.h"

static const char *
input_name (enum input_mode m)
{
  switch (m) {
  case INPUT_DISK: return "disk";
  case INPUT_LOCAL: return "local";
  case INPUT_OVA: return "ova";
  case INPUT_VMX: return "vmx";
  case INPUT_LIBVIRTXML: return "libvirtxml";
  case INPUT_LIBVIRT: return "libvirt";
  }
  return "?";
}

static int
read_source (const struct v2v_cmdline *cl, const char *tmpdir,
             struct v2v_source *s)
{
  switch (cl->input) {
  case INPUT_DISK:
  case INPUT_LOCAL:
    return v2v_input_disk (cl->args, cl->nr_args, cl->input_format, s);
  case INPUT_OVA:
    return v2v_input_ova (cl->args[0], cl->input_format, tmpdir, s);
  case INPUT_VMX:
    return v2v_input_vmx (cl->args[0], cl->input_format, s);
  case INPUT_LIBVIRTXML:
    return v2v_input_libvirtxml (cl->args[0], cl->input_format, s);
  case INPUT_LIBVIRT:
    return v2v_input_libvirt (cl->input_conn, cl->args[0],
                              cl->input_password, cl->input_format, s);
  }
  v2v_error ("-i %s is not supported by careen", input_name (cl->input));
  return -1;
}

/* The -n or -b mapping of NAME: its own, else the default, else
 * NULL (unchanged).
 */
static const char *
map_name (const struct net_map *maps, size_t n, const char *name)
{
  const char *dflt = NULL;
  size_t k;

  for (k = 0; k < n; ++k) {
    if (maps[k].in == NULL)
      dflt = maps[k].out;
    else if (name && strcmp (maps[k].in, name) == 0)
      return maps[k].out;
  }
  return dflt;
}

/* --mac first (it names one NIC), then -n for networks and -b for
 * bridges.
 */
static int
map_networks (const struct v2v_cmdline *cl, struct v2v_source *s)
{
  size_t i, k;

  for (i = 0; i < s->nr_nics; ++i) {
    struct v2v_nic *nic = &s->nics[i];
    const char *out = NULL;
    bool by_mac = false;

    for (k = 0; nic->mac && k < cl->nr_macs; ++k)
      if (!cl->macs[k].is_ip && strcasecmp (cl->macs[k].mac, nic->mac) == 0) {
        nic->vnet_type = cl->macs[k].type;
        out = cl->macs[k].value;
        by_mac = true;
      }
    if (!by_mac) {
      if (nic->vnet_type == V2V_NET_BRIDGE)
        out = map_name (cl->bridges, cl->nr_bridges, nic->vnet);
      else
        out = map_name (cl->networks, cl->nr_networks, nic->vnet);
    }
    if (out) {
      char *copy = strdup (out);

      if (copy == NULL) {
        v2v_error ("strdup: out of memory");
        return -1;
      }
      free (nic->vnet);
      nic->vnet = copy;
    }
  }
  return 0;
}

int
v2v_input_read (const struct v2v_cmdline *cl, const char *tmpdir,
            struct v2v_source *s)
{
  size_t i;

  v2v_progress ("Setting up the source: %s%s%s-i %s %s",
                cl->input_conn ? "-ic " : "",
                cl->input_conn ? cl->input_conn : "",
                cl->input_conn ? " " : "", input_name (cl->input),
                cl->args[0]);
  if (read_source (cl, tmpdir, s) == -1)
    return -1;
  if (s->nr_disks == 0) {
    v2v_error ("the source '%s' has no disks", cl->args[0]);
    return -1;
  }
  /* The inputs check the files they name; the check is cheap and
   * repeating it here keeps every input honest, including the plain
   * disk images that -i disk only names.
   */
  for (i = 0; i < s->nr_disks; ++i)
    if (v2v_disk_check (&s->disks[i]) == -1)
      return -1;

  if (cl->output_name) {
    char *name = strdup (cl->output_name);

    if (name == NULL) {
      v2v_error ("strdup: out of memory");
      return -1;
    }
    free (s->name);
    s->name = name;
  }
  if (s->name == NULL || *s->name == '\0' || strchr (s->name, '/') ||
      s->name[0] == '.') {
    v2v_error ("the source's name '%s' cannot name output files: use -on "
               "NAME", s->name ? s->name : "");
    return -1;
  }
  return map_networks (cl, s);
}
