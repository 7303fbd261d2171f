/* careen - offline disk-image toolkit
 * virt-v2v --json: the line naming what each output wrote (the result
 * of each image in a fleet run), for every -o mode.  Expected values
 * are written by hand.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virt-v2v.h"

static int failures;

static void
check (const char *what, const struct v2v_cmdline *cl,
       const struct v2v_converted *c, const struct output_files *f,
       const char *want)
{
  char *got = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&got, &size);

  if (fp == NULL) {
    perror ("open_memstream");
    exit (EXIT_FAILURE);
  }
  output_result_write (fp, cl, c, f);
  fclose (fp);
  if (strcmp (got, want) != 0) {
    fprintf (stderr, "FAIL: %s:\n  got  %s  want %s", what, got, want);
    failures++;
  }
  free (got);
}

int
main (void)
{
  /* static: the mapping tables are too big for the stack. */
  static struct v2v_cmdline cl;
  struct v2v_source s = { .name = (char *) "win" };
  struct v2v_converted c = { .source = &s };
  char *disks[] = { (char *) "/out/win-sda", (char *) "/out/win-sdb" };
  struct output_files f = {
    .final = disks, .n = 2, .meta_final = (char *) "/out/win.xml",
  };
  struct output_files one = { .final = disks, .n = 1 };

  cl.output = OUTPUT_LOCAL;
  cl.output_format = "raw";
  check ("-o local", &cl, &c, &f,
         "{\"output\":\"local\",\"disks\":["
         "{\"path\":\"/out/win-sda\",\"format\":\"raw\"},"
         "{\"path\":\"/out/win-sdb\",\"format\":\"raw\"}],"
         "\"metadata\":{\"path\":\"/out/win.xml\","
         "\"format\":\"libvirt-xml\"}}\n");

  cl.output = OUTPUT_QEMU;
  cl.output_format = "qcow2";
  f.n = 1;
  f.meta_final = (char *) "/out/win.sh";
  check ("-o qemu", &cl, &c, &f,
         "{\"output\":\"qemu\",\"disks\":["
         "{\"path\":\"/out/win-sda\",\"format\":\"qcow2\"}],"
         "\"metadata\":{\"path\":\"/out/win.sh\","
         "\"format\":\"shell-script\"}}\n");

  cl.output = OUTPUT_JSON;
  f.meta_final = (char *) "/out/win.json";
  check ("-o json", &cl, &c, &f,
         "{\"output\":\"json\",\"disks\":["
         "{\"path\":\"/out/win-sda\",\"format\":\"qcow2\"}],"
         "\"metadata\":{\"path\":\"/out/win.json\","
         "\"format\":\"json\"}}\n");

  /* The domain is named, quotes and control bytes escaped. */
  cl.output = OUTPUT_LIBVIRT;
  cl.output_format = "raw";
  s.name = (char *) "a \"b\"\n";
  check ("-o libvirt", &cl, &c, &one,
         "{\"output\":\"libvirt\",\"disks\":["
         "{\"path\":\"/out/win-sda\",\"format\":\"raw\"}],"
         "\"metadata\":{\"domain\":\"a \\\"b\\\"\\n\","
         "\"format\":\"libvirt-domain\"}}\n");

  cl.output = OUTPUT_NULL;
  check ("-o null", &cl, &c, NULL,
         "{\"output\":\"null\",\"disks\":[],\"metadata\":null}\n");

  if (failures) {
    fprintf (stderr, "%d failure(s)\n", failures);
    exit (EXIT_FAILURE);
  }
  return 0;
}
