/* careen - offline disk-image toolkit */

/**
 * Opening libvirt connections, and the credential calls that let a
 * program answer libvirt's questions (user name, password ...) from a
 * GUESTFS_EVENT_LIBVIRT_AUTH callback instead of the terminal.
 *
 * libvirt asks through a callback of virConnectOpenAuth with an array
 * of virConnectCredential.  While that callback runs, the handle points
 * at the array (g->libvirt_request), the program's event callbacks run,
 * and the get/set credential calls read and fill the array.  Outside it
 * g->libvirt_request is NULL and those calls fail with EINVAL.
 */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "libvirt-internal.h"
#include "stringsbuf.h"

/* The names of the credential types, as in libguestfs's API. */
static const struct {
  const char *name;
  int type;
} cred_types[] = {
  { "username", VIR_CRED_USERNAME },
  { "authname", VIR_CRED_AUTHNAME },
  { "language", VIR_CRED_LANGUAGE },
  { "cnonce", VIR_CRED_CNONCE },
  { "passphrase", VIR_CRED_PASSPHRASE },
  { "echoprompt", VIR_CRED_ECHOPROMPT },
  { "noechoprompt", VIR_CRED_NOECHOPROMPT },
  { "realm", VIR_CRED_REALM },
  { "external", VIR_CRED_EXTERNAL },
};
#define NR_CRED_TYPES (sizeof cred_types / sizeof cred_types[0])

/* One pending request of libvirt: valid during the auth callback. */
struct libvirt_auth_request {
  virConnectCredentialPtr cred;
  unsigned int ncred;
};

static int
cred_type_of_name (const char *name)
{
  size_t i;

  for (i = 0; i < NR_CRED_TYPES; ++i)
    if (strcmp (cred_types[i].name, name) == 0)
      return cred_types[i].type;
  return -1;
}

static const char *
cred_name_of_type (int type)
{
  size_t i;

  for (i = 0; i < NR_CRED_TYPES; ++i)
    if (cred_types[i].type == type)
      return cred_types[i].name;
  return NULL;
}

const char *
guestfs_int_libvirt_error (void)
{
  const char *msg = virGetLastErrorMessage ();

  return msg ? msg : "unknown libvirt error";
}

int
guestfs_impl_set_libvirt_supported_credentials (guestfs_h *g,
                                                char *const *creds)
{
  char **copy;
  size_t i;

  if (creds[0] == NULL) {
    guestfs_int_error_errno (g, EINVAL, "the list of credentials is empty");
    return -1;
  }
  for (i = 0; creds[i] != NULL; ++i)
    if (cred_type_of_name (creds[i]) == -1) {
      guestfs_int_error_errno (g, EINVAL,
                               "unknown libvirt credential type '%s'",
                               creds[i]);
      return -1;
    }
  copy = strings_copy (creds);
  if (copy == NULL)
    guestfs_int_oom (g);
  strings_free (g->libvirt_supported_creds);
  g->libvirt_supported_creds = copy;
  return 0;
}

/* The request being answered, or NULL (reported) outside the callback. */
static struct libvirt_auth_request *
current_request (guestfs_h *g)
{
  if (g->libvirt_request == NULL)
    guestfs_int_error_errno (g, EINVAL,
                             "no libvirt credentials are being requested: "
                             "call this from a GUESTFS_EVENT_LIBVIRT_AUTH "
                             "callback");
  return g->libvirt_request;
}

/* The index'th credential of the request, or NULL (reported). */
static virConnectCredentialPtr
requested (guestfs_h *g, int index)
{
  struct libvirt_auth_request *req = current_request (g);

  if (req == NULL)
    return NULL;
  if (index < 0 || (unsigned) index >= req->ncred) {
    guestfs_int_error_errno (g, EINVAL,
                             "credential index %d out of range: libvirt "
                             "requested %u", index, req->ncred);
    return NULL;
  }
  return &req->cred[index];
}

char **
guestfs_impl_get_libvirt_requested_credentials (guestfs_h *g)
{
  struct libvirt_auth_request *req = current_request (g);
  struct stringsbuf sb;
  unsigned i;
  char **ret;

  if (req == NULL)
    return NULL;
  stringsbuf_init (&sb);
  for (i = 0; i < req->ncred; ++i) {
    /* libvirt only asks for the types we offered, all of them named. */
    const char *name = cred_name_of_type (req->cred[i].type);

    if (stringsbuf_add_string (&sb, name ? name : "") == -1)
      guestfs_int_oom (g);
  }
  ret = stringsbuf_finish (&sb);
  if (ret == NULL)
    guestfs_int_oom (g);
  return ret;
}

static char *
dup_or_empty (guestfs_h *g, const char *s)
{
  char *r = strdup (s ? s : "");

  if (r == NULL)
    guestfs_int_oom (g);
  return r;
}

char *
guestfs_impl_get_libvirt_requested_credential_prompt (guestfs_h *g,
                                                      int index)
{
  virConnectCredentialPtr c = requested (g, index);

  return c ? dup_or_empty (g, c->prompt) : NULL;
}

char *
guestfs_impl_get_libvirt_requested_credential_challenge (guestfs_h *g,
                                                         int index)
{
  virConnectCredentialPtr c = requested (g, index);

  return c ? dup_or_empty (g, c->challenge) : NULL;
}

char *
guestfs_impl_get_libvirt_requested_credential_defresult (guestfs_h *g,
                                                         int index)
{
  virConnectCredentialPtr c = requested (g, index);

  return c ? dup_or_empty (g, c->defresult) : NULL;
}

int
guestfs_impl_set_libvirt_requested_credential (guestfs_h *g, int index,
                                               const char *cred,
                                               size_t cred_size)
{
  virConnectCredentialPtr c = requested (g, index);
  char *result;

  if (c == NULL)
    return -1;
  if (cred_size > UINT_MAX - 1) {
    guestfs_int_error_errno (g, EINVAL, "credential of %zu bytes is too long",
                             cred_size);
    return -1;
  }
  /* libvirt takes the answer over and frees it with free(3); the NUL
   * lets it use a password as a C string too.
   */
  result = malloc (cred_size + 1);
  if (result == NULL)
    guestfs_int_oom (g);
  memcpy (result, cred, cred_size);
  result[cred_size] = '\0';
  free (c->result);
  c->result = result;
  c->resultlen = (unsigned) cred_size;
  return 0;
}

struct auth_data {
  guestfs_h *g;
  const char *uri;              /* for the event: as given, or "" */
};

/* virConnectOpenAuth's callback: hands the request to the program's
 * event callbacks and checks that every credential got an answer.
 */
static int
auth_callback (virConnectCredentialPtr cred, unsigned int ncred, void *opaque)
{
  struct auth_data *data = opaque;
  guestfs_h *g = data->g;
  struct libvirt_auth_request req = { .cred = cred, .ncred = ncred };
  unsigned i;
  int r = 0;

  for (i = 0; i < ncred; ++i) {
    cred[i].result = NULL;
    cred[i].resultlen = 0;
  }
  g->libvirt_request = &req;
  guestfs_int_call_callbacks_message (g, GUESTFS_EVENT_LIBVIRT_AUTH,
                                      data->uri, strlen (data->uri));
  g->libvirt_request = NULL;

  for (i = 0; i < ncred; ++i)
    if (cred[i].result == NULL)
      r = -1;
  if (r == -1) {
    /* libvirt frees no answer of a request that failed. */
    for (i = 0; i < ncred; ++i) {
      free (cred[i].result);
      cred[i].result = NULL;
    }
    debug (g, "libvirt auth: the callback left a credential unanswered");
  }
  return r;
}

virConnectPtr
guestfs_int_open_libvirt (guestfs_h *g, const char *uri, unsigned flags)
{
  virConnectPtr conn;

  if (guestfs_int_load_libvirt (g) == -1)
    return NULL;
  if (g->libvirt_supported_creds != NULL &&
      guestfs_int_has_callback (g, GUESTFS_EVENT_LIBVIRT_AUTH)) {
    size_t n = strings_count (g->libvirt_supported_creds), i;
    CLEANUP_FREE int *types = calloc (n, sizeof *types);
    struct auth_data data = { .g = g, .uri = uri ? uri : "" };
    virConnectAuth auth;

    if (types == NULL)
      guestfs_int_oom (g);
    for (i = 0; i < n; ++i)
      types[i] = cred_type_of_name (g->libvirt_supported_creds[i]);
    auth.credtype = types;
    auth.ncredtype = (unsigned) n;
    auth.cb = auth_callback;
    auth.cbdata = &data;
    conn = virConnectOpenAuth (uri, &auth, flags);
  }
  else
    conn = virConnectOpenAuth (uri, virConnectAuthPtrDefault, flags);

  if (conn == NULL) {
    if (uri)
      guestfs_int_error_errno (g, ECONNREFUSED,
                               "could not connect to libvirt '%s': %s",
                               uri, guestfs_int_libvirt_error ());
    else
      guestfs_int_error_errno (g, ECONNREFUSED,
                               "could not connect to libvirt's default "
                               "connection: %s", guestfs_int_libvirt_error ());
    return NULL;
  }
  return conn;
}

void
guestfs_int_free_libvirt_auth (guestfs_h *g)
{
  strings_free (g->libvirt_supported_creds);
  g->libvirt_supported_creds = NULL;
}
