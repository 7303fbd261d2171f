/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for guestfish's command-line tokenizer
 * (fish/parse.c): scripts come from users, but also from generated
 * files and "<!" command output, and a script line is the first thing
 * that turns untrusted text into memory structures.  Each input is
 * one line (cut at the first newline, as the script reader does).
 */

#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fish.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct fish_line l;
  char *line;
  size_t i;

  if (size > FISH_MAX_LINE)
    return 0;
  line = strndup ((const char *) data, size);
  if (line == NULL)
    abort ();
  line[strcspn (line, "\n")] = '\0';

  if (fish_parse_line (line, &l) == 0) {
    /* The contract the command runner relies on. */
    if (l.kind == FISH_LINE_COMMAND) {
      if (l.cmd == NULL || l.argv == NULL || l.argv[l.argc] != NULL)
        abort ();
      for (i = 0; i < l.argc; ++i)
        if (l.argv[i] == NULL)
          abort ();
    }
    fish_line_free (&l);
  }
  free (line);
  return 0;
}
