/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the .reg (regedit text) parser of
 * virt-win-reg --merge (common/regedit/reg-parse.c): files users were sent,
 * parsed on the host.  The first input byte chooses how strings are
 * stored (UTF-16LE or bytes as given); the rest is the file.  The
 * result is walked to check the lengths it promises.
 */

#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reg-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Reading every byte the parser promises, so ASan checks the lengths. */
static volatile unsigned char sink;

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct reg_file rf;
  char err[256];
  size_t i, j;

  if (size < 1)
    return 0;
  memset (&rf, 0, sizeof rf);
  if (reg_parse ((const char *) data + 1, size - 1,
                 data[0] & 1 ? REG_ENCODING_ASCII : REG_ENCODING_UTF16LE,
                 &rf, err, sizeof err) == 0) {
    for (i = 0; i < rf.nr_ops; ++i) {
      sink ^= (unsigned char) strlen (rf.ops[i].path);
      for (j = 0; j < rf.ops[i].nr_values; ++j) {
        const struct reg_value *v = &rf.ops[i].values[j];

        sink ^= (unsigned char) strlen (v->name);
        if (v->data != NULL && v->len > 0)
          sink ^= (unsigned char) (v->data[0] ^ v->data[v->len - 1]);
      }
    }
  }
  else if (memchr (err, '\0', sizeof err) == NULL)
    abort ();                   /* the message must be terminated */
  reg_file_free (&rf);
  return 0;
}
