/** careen - offline disk-image toolkit
 *
 * virt-v2v --json: once the output is complete, one line of JSON on
 * stdout naming what was written, so that a program (a fleet run with
 * --images-from --json above all) learns where each converted guest
 * went without parsing progress messages:
 *
 *   {"output":"local",
 *    "disks":[{"path":"/d/win-sda","format":"raw"}],
 *    "metadata":{"path":"/d/win.xml","format":"libvirt-xml"}}
 *
 * The paths are the ones the output wrote (absolute).  -o libvirt's
 * metadata is a domain, named instead of a file; -o null writes
 * nothing, so both lists are empty.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "virt-v2v.h"

/* The metadata file of -o local, qemu and json, as a format name. */
static const char *
metadata_format (enum output_mode m)
{
  switch (m) {
  case OUTPUT_LOCAL: return "libvirt-xml";
  case OUTPUT_QEMU: return "shell-script";
  case OUTPUT_JSON: return "json";
  case OUTPUT_LIBVIRT:
  case OUTPUT_NULL: break;
  }
  return NULL;
}

void
output_result_write (FILE *fp, const struct v2v_cmdline *cl,
                     const struct v2v_converted *c,
                     const struct output_files *f)
{
  const char *meta = metadata_format (cl->output);
  size_t k;

  fputs ("{\"output\":", fp);
  options_json_string (fp, output_mode_name (cl->output));
  fputs (",\"disks\":[", fp);
  for (k = 0; f && k < f->n; ++k) {
    fputs (k ? ",{\"path\":" : "{\"path\":", fp);
    options_json_string (fp, f->final[k]);
    fputs (",\"format\":", fp);
    options_json_string (fp, cl->output_format);
    fputc ('}', fp);
  }
  fputs ("],\"metadata\":", fp);
  if (cl->output == OUTPUT_LIBVIRT) {
    fputs ("{\"domain\":", fp);
    options_json_string (fp, c->source->name);
    fputs (",\"format\":\"libvirt-domain\"}", fp);
  }
  else if (f && f->meta_final && meta) {
    fputs ("{\"path\":", fp);
    options_json_string (fp, f->meta_final);
    fputs (",\"format\":", fp);
    options_json_string (fp, meta);
    fputc ('}', fp);
  }
  else
    fputs ("null", fp);
  fputs ("}\n", fp);
}

int
output_result (const struct v2v_cmdline *cl, const struct v2v_converted *c,
               const struct output_files *f)
{
  if (!cl->json)
    return 0;
  output_result_write (stdout, cl, c, f);
  if (fflush (stdout) == EOF) {
    v2v_error ("--json: write: %s", strerror (errno));
    return -1;
  }
  return 0;
}
