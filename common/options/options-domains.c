/** careen - offline disk-image toolkit
 *
 * The tools that look at every guest when none is named (virt-df,
 * virt-alignment-scan): every domain of the libvirt connection (-c,
 * or libvirt's default), running or not, each one a guest of its own,
 * in the order of their names, as libguestfs's tools do.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "options.h"

static int
compare_names (const void *a, const void *b)
{
  virDomainPtr da = *(virDomainPtr const *) a;
  virDomainPtr db = *(virDomainPtr const *) b;

  return strcmp (virDomainGetName (da), virDomainGetName (db));
}

int
options_add_all_domains (struct options *o, bool uuid)
{
  virConnectPtr conn;
  virDomainPtr *doms = NULL;
  int i, n;

  conn = virConnectOpenAuth (o->libvirt_uri, virConnectAuthPtrDefault,
                             VIR_CONNECT_RO);
  if (conn == NULL) {
    fprintf (stderr, "%s: could not connect to libvirt%s%s: %s\n",
             o->program, o->libvirt_uri ? " " : "",
             o->libvirt_uri ? o->libvirt_uri : "",
             virGetLastErrorMessage ());
    return -1;
  }
  n = virConnectListAllDomains (conn, &doms, 0);
  if (n == -1) {
    fprintf (stderr, "%s: could not list the libvirt domains: %s\n",
             o->program, virGetLastErrorMessage ());
    virConnectClose (conn);
    return -1;
  }
  qsort (doms, (size_t) n, sizeof doms[0], compare_names);
  for (i = 0; i < n; ++i) {
    char buf[VIR_UUID_STRING_BUFLEN];

    /* With --uuid the guest is named, and found again, by its UUID:
     * add_domain accepts one where a name is expected.
     */
    if (uuid && virDomainGetUUIDString (doms[i], buf) == 0)
      options_add_domain (o, buf);
    else
      options_add_domain (o, virDomainGetName (doms[i]));
    virDomainFree (doms[i]);
  }
  free (doms);
  virConnectClose (conn);
  return 0;
}
