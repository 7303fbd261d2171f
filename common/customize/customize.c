/* careen - offline disk-image toolkit
 * The customize operations: the option table and the list of
 * operations in command-line order.
 */

#include <config.h>

#include "customize.h"
