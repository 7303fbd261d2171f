/** careen - offline disk-image toolkit
 *
 * virt-v2v: from the command line to the output: the source is read,
 * converted through overlays (common/v2v/v2v-run.c), and the output
 * copies the overlays (the source's data plus the conversion's
 * changes) to the target.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "spawn.h"
#include "stringsbuf.h"
#include "virt-v2v.h"

int
convert_main (const struct v2v_cmdline *cl)
{
  struct v2v_source s;
  struct v2v_converted c;
  const char *tmpdir;
  int status = EXIT_FAILURE;

  memset (&s, 0, sizeof s);
  memset (&c, 0, sizeof c);
  if (!cl->print_source && output_check (cl) == -1)
    return EXIT_FAILURE;
  tmpdir = v2v_tmp_setup ();
  if (tmpdir == NULL)
    return EXIT_FAILURE;
  if (v2v_input_read (cl, tmpdir, &s) == -1)
    goto out;
  if (cl->print_source) {
    printf ("Source guest information (--print-source option):\n\n");
    v2v_source_print (stdout, &s);
    status = EXIT_SUCCESS;
    goto out;
  }
  if (output_check_names (cl, &s) == -1 ||
      v2v_tmp_check_space () == -1 ||
      v2v_convert_guest (cl, tmpdir, &s, &c) == -1 ||
      output_write (cl, &c) == -1)
    goto out;
  v2v_progress ("Finishing off");
  status = EXIT_SUCCESS;

 out:
  v2v_converted_free (&c);
  v2v_source_free (&s);
  v2v_tmp_remove_all ();
  return status;
}
