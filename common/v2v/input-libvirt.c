/** careen - offline disk-image toolkit
 *
 * -i libvirt: a guest of a libvirt connection (-ic URI, or libvirt's
 * default).  libvirt is asked only for the domain's XML, which is then
 * read exactly as -i libvirtxml reads a file (v2v_libvirtxml_parse):
 * the disks must be files or block devices this host can open.
 *
 * What careen cannot do is refused before connecting: VMware (vpx://,
 * esx://, gsx://) and Xen over ssh (xen+ssh://) keep their disks on the
 * remote host, and virt-v2v copies them with nbdkit's VDDK or ssh
 * plugins, which careen does not have.
 *
 * As virt-v2v does, a domain that is running or paused is refused (its
 * disks are changing under us), except on libvirt's test driver, whose
 * domains run only on paper.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "cleanups.h"
#include "xalloc.h"
#include "input.h"

/* URI schemes whose disks live on another host and are reached by
 * transports careen does not have.
 */
static const struct {
  const char *prefix;
  const char *what;
} remote_schemes[] = {
  { "vpx://", "VMware vCenter" },
  { "esx://", "VMware ESXi" },
  { "gsx://", "VMware GSX" },
  { "xen+ssh://", "Xen over ssh" },
};

/* libvirt prints every error on stderr by default; the failures that
 * matter are reported here once, with virGetLastErrorMessage.
 */
static void
ignore_error (void *opaque, virErrorPtr err)
{
}

static int
check_uri (const char *uri)
{
  size_t i;

  if (uri == NULL)
    return 0;
  for (i = 0; i < sizeof remote_schemes / sizeof remote_schemes[0]; ++i)
    if (strncmp (uri, remote_schemes[i].prefix,
                 strlen (remote_schemes[i].prefix)) == 0) {
      v2v_error ("-ic %s: careen cannot read the disks of %s guests (virt-v2v "
                 "copies them with nbdkit's VDDK or ssh plugins); export "
                 "the guest and use -i ova, -i vmx or -i libvirtxml",
                 uri, remote_schemes[i].what);
      return -1;
    }
  return 0;
}

/* The password of -ip, for the credential callback. */
struct auth_data {
  const char *password;
  /* The prompt -ip could not answer, copied: libvirt frees its own as
   * soon as the callback returns.
   */
  char unanswered[256];
};

/* Answers libvirt's password questions from the -ip file.  A user name
 * takes libvirt's default (the URI's user); anything else cannot be
 * answered without a terminal.
 */
static int
auth_callback (virConnectCredentialPtr cred, unsigned int ncred, void *opaque)
{
  struct auth_data *data = opaque;
  unsigned int i;

  for (i = 0; i < ncred; ++i) {
    const char *answer = NULL;

    switch (cred[i].type) {
    case VIR_CRED_PASSPHRASE:
    case VIR_CRED_NOECHOPROMPT:
      answer = data->password;
      break;
    case VIR_CRED_USERNAME:
    case VIR_CRED_AUTHNAME:
      answer = cred[i].defresult;
      break;
    }
    if (answer == NULL) {
      /* Reported with the connection's failure, once. */
      snprintf (data->unanswered, sizeof data->unanswered, "%s",
                cred[i].prompt ? cred[i].prompt : "a credential");
      return -1;
    }
    cred[i].result = strdup (answer);
    if (cred[i].result == NULL)
      die_nomem ();
    cred[i].resultlen = strlen (answer);
  }
  return 0;
}

static int auth_types[] = {
  VIR_CRED_USERNAME, VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE,
  VIR_CRED_NOECHOPROMPT,
};

static virConnectPtr
connect_libvirt (const char *uri, const char *password_file)
{
  CLEANUP_FREE char *password = NULL;
  struct auth_data data = { .password = NULL };
  virConnectAuth auth = {
    .credtype = auth_types,
    .ncredtype = sizeof auth_types / sizeof auth_types[0],
    .cb = auth_callback,
    .cbdata = &data,
  };
  virConnectPtr conn;

  if (password_file == NULL)
    conn = virConnectOpenAuth (uri, virConnectAuthPtrDefault, VIR_CONNECT_RO);
  else {
    /* The whole file is the password, as virt-v2v documents it. */
    password = v2v_read_description (password_file, NULL);
    if (password == NULL)
      return NULL;
    data.password = password;
    conn = virConnectOpenAuth (uri, &auth, VIR_CONNECT_RO);
  }
  if (conn == NULL && data.unanswered[0])
    v2v_error ("could not connect to libvirt%s%s: libvirt asked for '%s', "
               "which -ip cannot answer", uri ? " " : "", uri ? uri : "",
               data.unanswered);
  else if (conn == NULL)
    v2v_error ("could not connect to libvirt%s%s: %s", uri ? " " : "",
               uri ? uri : "", virGetLastErrorMessage ());
  return conn;
}

static virDomainPtr
find_domain (virConnectPtr conn, const char *guest)
{
  virDomainPtr dom;

  /* A UUID first, then a name, as virt-v2v looks guests up. */
  dom = virDomainLookupByUUIDString (conn, guest);
  if (dom == NULL)
    dom = virDomainLookupByName (conn, guest);
  if (dom == NULL)
    v2v_error ("cannot find libvirt domain '%s': %s", guest,
               virGetLastErrorMessage ());
  return dom;
}

static int
check_state (virConnectPtr conn, virDomainPtr dom, const char *guest)
{
  CLEANUP_FREE char *uri = virConnectGetURI (conn);
  int state, reason;

  if (uri && strncmp (uri, "test:", 5) == 0)
    return 0;
  if (virDomainGetState (dom, &state, &reason, 0) == -1) {
    v2v_error ("libvirt domain '%s': cannot get its state: %s", guest,
               virGetLastErrorMessage ());
    return -1;
  }
  if (state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_BLOCKED ||
      state == VIR_DOMAIN_PAUSED) {
    v2v_error ("libvirt domain '%s' is running or paused: shut it down "
               "before converting it", guest);
    return -1;
  }
  return 0;
}

int
v2v_input_libvirt (const char *uri, const char *guest,
                   const char *password_file, const char *format,
                   struct v2v_source *s)
{
  CLEANUP_FREE char *xml = NULL, *what = NULL, *cwd = NULL;
  virConnectPtr conn;
  virDomainPtr dom = NULL;
  int r = -1;

  if (check_uri (uri) == -1)
    return -1;
  if (virInitialize () == -1) {
    v2v_error ("could not initialize libvirt: %s", virGetLastErrorMessage ());
    return -1;
  }
  virSetErrorFunc (NULL, ignore_error);
  conn = connect_libvirt (uri, password_file);
  if (conn == NULL)
    return -1;
  dom = find_domain (conn, guest);
  if (dom == NULL)
    goto out_conn;
  if (check_state (conn, dom, guest) == -1)
    goto out_dom;
  /* The inactive definition: what boots next, as virt-v2v reads it. */
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  if (xml == NULL) {
    v2v_error ("libvirt domain '%s': cannot get its XML: %s", guest,
               virGetLastErrorMessage ());
    goto out_dom;
  }
  cwd = getcwd (NULL, 0);
  if (cwd == NULL) {
    v2v_error ("getcwd: %m");
    goto out_dom;
  }
  if (asprintf (&what, "libvirt domain '%s'", guest) == -1)
    die_nomem ();
  r = v2v_libvirtxml_parse (xml, strlen (xml), what, cwd, format, s);

 out_dom:
  virDomainFree (dom);
 out_conn:
  virConnectClose (conn);
  return r;
}
