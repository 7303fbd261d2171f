/** careen - offline disk-image toolkit
 *
 * virt-v2v -o libvirt [-oc URI] [-os POOL]: the disks are copied into
 * the target directory of the storage pool POOL ("default" without
 * -os) as NAME-sda ..., and the guest is defined on the libvirt
 * connection URI with the same domain XML -o local writes (its type
 * the connection's: kvm, else qemu).
 *
 * The order keeps a failure from leaving a guest that looks finished:
 * the disks are copied under partial names, the domain is defined
 * (naming the final ones), then the disks are renamed; a rename that
 * fails undefines the domain again.  A libvirt connection is opened
 * for each step (checks, then the write minutes later) rather than
 * held through the conversion.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "virt-v2v.h"

/* virt-v2v's default -os for -o libvirt. */
#define DEFAULT_POOL "default"

static struct v2v_libvirt_target *
open_target (const struct v2v_cmdline *cl)
{
  return v2v_libvirt_target_open (cl->output_conn,
                                  cl->output_storage ? cl->output_storage
                                  : DEFAULT_POOL);
}

int
output_libvirt_check (const struct v2v_cmdline *cl)
{
  struct v2v_libvirt_target *t = open_target (cl);
  struct stat st;
  const char *dir;
  int r = -1;

  if (t == NULL)
    return -1;
  /* careen writes the files itself: the pool's directory must be one
   * this host has and may write.
   */
  dir = v2v_libvirt_target_dir (t);
  if (stat (dir, &st) == -1)
    v2v_error ("storage pool directory '%s': %s", dir, strerror (errno));
  else if (!S_ISDIR (st.st_mode))
    v2v_error ("storage pool directory '%s': not a directory", dir);
  else if (access (dir, W_OK | X_OK) == -1)
    v2v_error ("storage pool directory '%s': cannot write there: %s", dir,
               strerror (errno));
  else
    r = 0;
  v2v_libvirt_target_close (t);
  return r;
}

int
output_libvirt_check_names (const struct v2v_cmdline *cl,
                            const struct v2v_source *s)
{
  struct v2v_libvirt_target *t = open_target (cl);
  const char *dir;
  size_t k;
  int r = -1;

  if (t == NULL)
    return -1;
  if (v2v_libvirt_target_check_name (t, s->name) == -1)
    goto out;
  dir = v2v_libvirt_target_dir (t);
  for (k = 0; k < s->nr_disks; ++k) {
    CLEANUP_FREE char *path = NULL;
    char dev[16];

    output_disk_name (V2V_BUS_SCSI, k, dev, sizeof dev);
    if (asprintf (&path, "%s/%s-%s", dir, s->name, dev) == -1) {
      path = NULL;
      v2v_error ("asprintf: out of memory");
      goto out;
    }
    if (access (path, F_OK) == 0) {
      v2v_error ("'%s' already exists in the storage pool: remove it or "
                 "choose another name with -on", path);
      goto out;
    }
  }
  r = 0;

 out:
  v2v_libvirt_target_close (t);
  return r;
}

/* The domain XML of C as a string, or NULL (printed). */
static char *
domain_xml (const struct v2v_cmdline *cl, const struct v2v_converted *c,
            const struct output_files *f, const char *type)
{
  char *xml = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&xml, &size);
  int r;

  if (fp == NULL) {
    v2v_error ("open_memstream: %s", strerror (errno));
    return NULL;
  }
  r = output_domain_xml (fp, cl, c, f, type);
  if (fclose (fp) == EOF || r == -1) {
    if (r != -1)
      v2v_error ("domain XML: %s", strerror (errno));
    free (xml);
    return NULL;
  }
  return xml;
}

int
output_libvirt_write (const struct v2v_cmdline *cl,
                      const struct v2v_converted *c)
{
  CLEANUP_FREE char *type = NULL, *xml = NULL;
  struct v2v_libvirt_target *t;
  struct output_files f;
  const char *arch;
  int r = -1;

  memset (&f, 0, sizeof f);
  f.meta_slot = -1;
  t = open_target (cl);
  if (t == NULL)
    return -1;
  arch = c->caps.arch && *c->caps.arch ? c->caps.arch : c->inspect.arch;
  type = v2v_libvirt_target_domain_type (t, arch);
  if (type == NULL ||
      output_files_copy (cl, c, v2v_libvirt_target_dir (t), &f) == -1)
    goto out;

  v2v_progress ("Creating output metadata");
  xml = domain_xml (cl, c, &f, type);
  if (xml == NULL || v2v_libvirt_target_define (t, xml, cl->o.verbose) == -1)
    goto out;
  if (output_files_finish (&f) == -1) {
    v2v_libvirt_target_undefine (t, c->source->name);
    goto out;
  }
  r = output_result (cl, c, &f);

 out:
  output_files_free (&f);
  v2v_libvirt_target_close (t);
  return r;
}
