/* careen - offline disk-image toolkit
 * lib/image-header.c built into test-lib-image-header, which tests it
 * without a handle (a source in another directory would put its object
 * there).
 */
#include "../../lib/image-header.c"
