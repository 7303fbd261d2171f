/* careen - offline disk-image toolkit
 * The appliance's network interfaces (network.c).  init calls this
 * once the appliance root is mounted, before the daemon starts.
 */

#ifndef CAREEN_NETWORK_H
#define CAREEN_NETWORK_H

#include <stdbool.h>

extern void network_setup (bool eth0);

#endif /* CAREEN_NETWORK_H */
