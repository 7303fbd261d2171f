/* careen - offline disk-image toolkit
 * fish/untar.c built into the test helper test-fish-untar-main (a
 * source in another directory would put its object there).
 */
#include "../../fish/untar.c"
