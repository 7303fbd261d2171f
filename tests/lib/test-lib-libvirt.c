/** careen - offline disk-image toolkit
 *
 * add_domain, add_libvirt_dom and the libvirt credential calls, on
 * libvirt's test driver (a test:///FILE URI: no daemon, the domains are
 * described in a file written here) and without an appliance: the
 * drives a domain adds are checked with debug_drives.
 *
 * The domains: "running" (active: only read-only access), "stopped"
 * (inactive, a fixed UUID, a raw disk, a qcow2 disk marked <readonly/>
 * and an empty CD-ROM), "cdrom" (a CD-ROM with a medium), "broken" (a
 * good disk, then a missing one), "nodisk".  A second file adds an
 * <auth> user, for the credentials.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "guestfs.h"
#include "test-lib.h"

static char dir[] = "/tmp/careen-test-libvirt.XXXXXX";
static char uri[300], auth_uri[300];

#define UUID "8f6e5f0c-6f49-4b32-9b1c-0d2c3a6b7e21"

/* Checks that g's drives are exactly the lines of expected (each
 * "FILE FLAGS", FILE relative to dir), in order.
 */
static void
expect_drives (guestfs_h *g, const char *const *expected, int line)
{
  char **drives = guestfs_debug_drives (g);
  size_t i;

  if (drives == NULL) {
    fprintf (stderr, "%s:%d: debug_drives failed\n", __FILE__, line);
    failures++;
    return;
  }
  for (i = 0; expected[i] || drives[i]; ++i) {
    char want[512];

    if (expected[i])
      snprintf (want, sizeof want, "drive %zu: %s/%s", i, dir, expected[i]);
    if (!expected[i] || !drives[i] || strcmp (drives[i], want) != 0) {
      fprintf (stderr, "%s:%d: drive %zu: expected '%s', got '%s'\n",
               __FILE__, line, i, expected[i] ? want : "(none)",
               drives[i] ? drives[i] : "(none)");
      failures++;
      break;
    }
  }
  for (i = 0; drives[i]; ++i)
    free (drives[i]);
  free (drives);
}
#define EXPECT_DRIVES(...)                                              \
  do {                                                                  \
    static const char *const e_[] = { __VA_ARGS__, NULL };              \
    expect_drives (g, e_, __LINE__);                                    \
  } while (0)
#define EXPECT_NO_DRIVES()                                              \
  do {                                                                  \
    static const char *const e_[] = { NULL };                           \
    expect_drives (g, e_, __LINE__);                                    \
  } while (0)

static void
write_file (const char *name, const char *content)
{
  char path[300];
  FILE *fp;

  snprintf (path, sizeof path, "%s/%s", dir, name);
  fp = fopen (path, "w");
  if (fp == NULL || fputs (content, fp) == EOF || fclose (fp) == EOF) {
    perror (path);
    exit (EXIT_FAILURE);
  }
}

static void
make_files (void)
{
  static char xml[8192];
  char cmd[600];
  const char *auth =
    "  <auth><user password='s3cret'>alice</user></auth>\n";
  int pass;

  snprintf (cmd, sizeof cmd,
            "cd %s && truncate -s 1M a.img cd.iso && "
            "qemu-img create -q -f qcow2 b.qcow2 1M", dir);
  if (system (cmd) != 0) {
    fprintf (stderr, "cannot make the test images\n");
    exit (EXIT_FAILURE);
  }
  for (pass = 0; pass < 2; ++pass) {
    snprintf (xml, sizeof xml,
      "<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
      "%s"
      "  <domain type='test'>\n"
      "    <name>running</name>\n"
      "    <memory>65536</memory><os><type>hvm</type></os>\n"
      "    <devices>\n"
      "      <disk type='file' device='disk'>\n"
      "        <driver name='qemu' type='raw'/>\n"
      "        <source file='%s/a.img'/><target dev='vda'/>\n"
      "      </disk>\n"
      "    </devices>\n"
      "  </domain>\n"
      "  <domain type='test'>\n"
      "    <name>stopped</name><uuid>" UUID "</uuid>\n"
      "    <test:runstate>5</test:runstate>\n"
      "    <memory>65536</memory><os><type>hvm</type></os>\n"
      "    <devices>\n"
      "      <disk type='file' device='disk'>\n"
      "        <driver name='qemu' type='raw'/>\n"
      "        <source file='%s/a.img'/><target dev='vda'/>\n"
      "      </disk>\n"
      "      <disk type='file' device='disk'>\n"
      "        <driver name='qemu' type='qcow2'/>\n"
      "        <source file='%s/b.qcow2'/><target dev='vdb'/>\n"
      "        <readonly/>\n"
      "      </disk>\n"
      "      <disk type='file' device='cdrom'>\n"
      "        <target dev='hdc' bus='ide'/>\n"
      "      </disk>\n"
      "    </devices>\n"
      "  </domain>\n"
      "  <domain type='test'>\n"
      "    <name>cdrom</name>\n"
      "    <test:runstate>5</test:runstate>\n"
      "    <memory>65536</memory><os><type>hvm</type></os>\n"
      "    <devices>\n"
      "      <disk type='file' device='cdrom'>\n"
      "        <driver name='qemu' type='raw'/>\n"
      "        <source file='%s/cd.iso'/><target dev='hdc' bus='ide'/>\n"
      "      </disk>\n"
      "    </devices>\n"
      "  </domain>\n"
      "  <domain type='test'>\n"
      "    <name>broken</name>\n"
      "    <test:runstate>5</test:runstate>\n"
      "    <memory>65536</memory><os><type>hvm</type></os>\n"
      "    <devices>\n"
      "      <disk type='file' device='disk'>\n"
      "        <driver name='qemu' type='raw'/>\n"
      "        <source file='%s/a.img'/><target dev='vda'/>\n"
      "      </disk>\n"
      "      <disk type='file' device='disk'>\n"
      "        <driver name='qemu' type='raw'/>\n"
      "        <source file='%s/missing.img'/><target dev='vdb'/>\n"
      "      </disk>\n"
      "    </devices>\n"
      "  </domain>\n"
      "  <domain type='test'>\n"
      "    <name>nodisk</name>\n"
      "    <test:runstate>5</test:runstate>\n"
      "    <memory>65536</memory><os><type>hvm</type></os>\n"
      "  </domain>\n"
      "</node>\n",
      pass ? auth : "", dir, dir, dir, dir, dir, dir);
    write_file (pass ? "auth.xml" : "domains.xml", xml);
  }
  snprintf (uri, sizeof uri, "test://%s/domains.xml", dir);
  snprintf (auth_uri, sizeof auth_uri, "test://%s/auth.xml", dir);
}

static guestfs_h *
new_handle (void)
{
  guestfs_h *g = guestfs_create ();

  if (g == NULL) {
    perror ("guestfs_create");
    exit (EXIT_FAILURE);
  }
  guestfs_set_error_handler (g, NULL, NULL);
  return g;
}

static void
test_add_domain (void)
{
  guestfs_h *g = new_handle ();

  /* A domain libvirt does not have, and a bad readonlydisk. */
  EXPECT_ERROR (guestfs_add_domain (g, "nosuch",
                                    GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri, -1),
                ENOENT, "no libvirt domain 'nosuch' on 'test://");
  EXPECT_ERROR (guestfs_add_domain (g, "stopped",
                                    GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri,
                                    GUESTFS_ADD_DOMAIN_READONLYDISK, "maybe",
                                    -1),
                EINVAL, "readonlydisk 'maybe'");

  /* A running domain: never for writing; read-only is fine. */
  EXPECT_ERROR (guestfs_add_domain (g, "running",
                                    GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri, -1),
                EBUSY, "domain 'running' on 'test://");
  EXPECT_NO_DRIVES ();
  CHECK (guestfs_add_domain (g, "running",
                             GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri,
                             GUESTFS_ADD_DOMAIN_READONLY, 1, -1) == 1);
  EXPECT_DRIVES ("a.img format=raw readonly cache=writeback");
  guestfs_close (g);

  /* readonlydisk "write" (the default): <readonly/> follows readonly;
   * the empty CD-ROM is skipped; the formats come from <driver>.
   */
  g = new_handle ();
  CHECK (guestfs_add_domain (g, "stopped",
                             GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri, -1) == 2);
  EXPECT_DRIVES ("a.img format=raw cache=writeback",
                 "b.qcow2 format=qcow2 cache=writeback");
  guestfs_close (g);

  /* "read": the <readonly/> disk only is read-only. */
  g = new_handle ();
  CHECK (guestfs_add_domain (g, "stopped",
                             GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri,
                             GUESTFS_ADD_DOMAIN_READONLYDISK, "read",
                             GUESTFS_ADD_DOMAIN_CACHEMODE, "unsafe",
                             GUESTFS_ADD_DOMAIN_COPYONREAD, 1, -1) == 2);
  EXPECT_DRIVES ("a.img format=raw cache=unsafe copyonread",
                 "b.qcow2 format=qcow2 readonly cache=unsafe copyonread");
  guestfs_close (g);

  /* "error": refused for writing, nothing added; fine read-only. */
  g = new_handle ();
  EXPECT_ERROR (guestfs_add_domain (g, "stopped",
                                    GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri,
                                    GUESTFS_ADD_DOMAIN_READONLYDISK, "error",
                                    -1),
                EROFS, "b.qcow2' is marked <readonly/>");
  EXPECT_NO_DRIVES ();
  CHECK (guestfs_add_domain (g, "stopped",
                             GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri,
                             GUESTFS_ADD_DOMAIN_READONLY, 1,
                             GUESTFS_ADD_DOMAIN_READONLYDISK, "error",
                             -1) == 2);
  EXPECT_DRIVES ("a.img format=raw readonly cache=writeback",
                 "b.qcow2 format=qcow2 readonly cache=writeback");
  guestfs_close (g);

  /* "ignore": the <readonly/> disk is left out. */
  g = new_handle ();
  CHECK (guestfs_add_domain (g, "stopped",
                             GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri,
                             GUESTFS_ADD_DOMAIN_READONLYDISK, "ignore",
                             -1) == 1);
  EXPECT_DRIVES ("a.img format=raw cache=writeback");
  guestfs_close (g);

  /* A UUID only with allowuuid; then the CD-ROM with a medium, which
   * counts as <readonly/>.
   */
  g = new_handle ();
  EXPECT_ERROR (guestfs_add_domain (g, UUID,
                                    GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri, -1),
                ENOENT, "no libvirt domain '" UUID "'");
  CHECK (guestfs_add_domain (g, UUID,
                             GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri,
                             GUESTFS_ADD_DOMAIN_ALLOWUUID, 1,
                             GUESTFS_ADD_DOMAIN_READONLYDISK, "ignore",
                             -1) == 1);
  CHECK (guestfs_add_domain (g, "cdrom",
                             GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri,
                             GUESTFS_ADD_DOMAIN_READONLYDISK, "read",
                             -1) == 1);
  EXPECT_DRIVES ("a.img format=raw cache=writeback",
                 "cd.iso format=raw readonly cache=writeback");

  /* Atomic: a domain with a missing disk adds none of its disks. */
  EXPECT_ERROR (guestfs_add_domain (g, "broken",
                                    GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri, -1),
                ENOENT, "domain 'broken' on 'test://");
  EXPECT_DRIVES ("a.img format=raw cache=writeback",
                 "cd.iso format=raw readonly cache=writeback");
  EXPECT_ERROR (guestfs_add_domain (g, "nodisk",
                                    GUESTFS_ADD_DOMAIN_LIBVIRTURI, uri, -1),
                ENOENT, "domain 'nodisk' on 'test://");

  /* A connection that cannot be made (the test driver's file is
   * missing).
   */
  EXPECT_ERROR (guestfs_add_domain (g, "stopped",
                                    GUESTFS_ADD_DOMAIN_LIBVIRTURI,
                                    "test:///nonexistent/none.xml", -1),
                ECONNREFUSED, "could not connect to libvirt "
                "'test:///nonexistent/none.xml'");

  /* Configuration only. */
  CHECK (guestfs_add_drive_scratch (g, 1024 * 1024, -1) == 0);
  guestfs_close (g);
}

static void
test_add_libvirt_dom (void)
{
  guestfs_h *g = new_handle ();
  virConnectPtr conn = virConnectOpenReadOnly (uri);
  virDomainPtr dom;

  CHECK (conn != NULL);
  if (conn == NULL)
    return;
  dom = virDomainLookupByName (conn, "stopped");
  CHECK (dom != NULL);
  if (dom) {
    CHECK (guestfs_add_libvirt_dom (g, dom,
                                    GUESTFS_ADD_LIBVIRT_DOM_READONLY, 1,
                                    -1) == 2);
    EXPECT_DRIVES ("a.img format=raw readonly cache=writeback",
                   "b.qcow2 format=qcow2 readonly cache=writeback");
    /* The caller's domain is still the caller's. */
    CHECK (strcmp (virDomainGetName (dom), "stopped") == 0);
    virDomainFree (dom);
  }
  dom = virDomainLookupByName (conn, "running");
  if (dom) {
    EXPECT_ERROR (guestfs_add_libvirt_dom (g, dom, -1), EBUSY,
                  "domain 'running' on 'test://");
    virDomainFree (dom);
  }
  EXPECT_ERROR (guestfs_add_libvirt_dom (g, NULL, -1), EINVAL, "NULL");
  virConnectClose (conn);
  guestfs_close (g);
}

/* What the credential callback saw and answers. */
struct auth_state {
  int calls;
  char *uri;
  char **creds;
  char *prompt;
  const char *password;
};

static void
free_creds (struct auth_state *st)
{
  size_t i;

  for (i = 0; st->creds && st->creds[i]; ++i)
    free (st->creds[i]);
  free (st->creds);
  st->creds = NULL;
}

/* libvirt may ask several times in one connection (the test driver
 * asks for the user name, then for the password).
 */
static void
auth_callback (guestfs_h *g, void *opaque, uint64_t event, int eh,
               int flags, const char *buf, size_t buf_len,
               const uint64_t *array, size_t array_len)
{
  struct auth_state *st = opaque;
  size_t i;

  st->calls++;
  free (st->uri);
  st->uri = strndup (buf, buf_len);
  free_creds (st);
  st->creds = guestfs_get_libvirt_requested_credentials (g);
  if (st->creds == NULL)
    return;
  for (i = 0; st->creds[i]; ++i) {
    if (strcmp (st->creds[i], "authname") == 0) {
      free (st->prompt);
      st->prompt = guestfs_get_libvirt_requested_credential_prompt (g, i);
      guestfs_set_libvirt_requested_credential (g, i, "alice", 5);
    }
    else if (strcmp (st->creds[i], "passphrase") == 0 && st->password)
      guestfs_set_libvirt_requested_credential (g, i, st->password,
                                                strlen (st->password));
  }
  /* Past the end of the request. */
  CHECK (guestfs_get_libvirt_requested_credential_challenge (g, 99) == NULL);
  CHECK (guestfs_last_errno (g) == EINVAL);
}

static void
free_state (struct auth_state *st)
{
  free_creds (st);
  free (st->uri);
  free (st->prompt);
  memset (st, 0, sizeof *st);
}

static void
test_credentials (void)
{
  guestfs_h *g = new_handle ();
  char *bad[] = { "authname", "telepathy", NULL };
  char *none[] = { NULL };
  char *creds[] = { "authname", "passphrase", NULL };
  struct auth_state st = { .password = "s3cret" };

  /* Outside a callback there is no request. */
  CHECK (guestfs_get_libvirt_requested_credentials (g) == NULL);
  CHECK (guestfs_last_errno (g) == EINVAL);
  CHECK (guestfs_get_libvirt_requested_credential_prompt (g, 0) == NULL);
  CHECK (guestfs_set_libvirt_requested_credential (g, 0, "x", 1) == -1);
  CHECK (guestfs_last_errno (g) == EINVAL);
  EXPECT_ERROR (guestfs_set_libvirt_supported_credentials (g, bad), EINVAL,
                "'telepathy'");
  EXPECT_ERROR (guestfs_set_libvirt_supported_credentials (g, none), EINVAL,
                "empty");

  CHECK (guestfs_set_libvirt_supported_credentials (g, creds) == 0);
  CHECK (guestfs_set_event_callback (g, auth_callback,
                                     GUESTFS_EVENT_LIBVIRT_AUTH, 0,
                                     &st) >= 0);
  CHECK (guestfs_add_domain (g, "stopped",
                             GUESTFS_ADD_DOMAIN_LIBVIRTURI, auth_uri,
                             GUESTFS_ADD_DOMAIN_READONLYDISK, "ignore",
                             -1) == 1);
  CHECK (st.calls >= 1);
  CHECK (st.uri && strcmp (st.uri, auth_uri) == 0);
  CHECK (st.prompt != NULL);
  free_state (&st);

  /* A wrong password: libvirt refuses the connection. */
  st.password = "wrong";
  EXPECT_ERROR (guestfs_add_domain (g, "stopped",
                                    GUESTFS_ADD_DOMAIN_LIBVIRTURI, auth_uri,
                                    -1),
                ECONNREFUSED, "could not connect to libvirt");
  CHECK (st.calls >= 1);
  free_state (&st);

  /* An unanswered credential fails the connection too. */
  st.password = NULL;
  EXPECT_ERROR (guestfs_add_domain (g, "stopped",
                                    GUESTFS_ADD_DOMAIN_LIBVIRTURI, auth_uri,
                                    -1),
                ECONNREFUSED, "could not connect to libvirt");
  free_state (&st);
  EXPECT_DRIVES ("a.img format=raw cache=writeback");
  guestfs_close (g);
}

int
main (void)
{
  char cmd[300];

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  /* libvirt reads an auth.conf of the user's before asking; there must
   * be none.
   */
  setenv ("XDG_CONFIG_HOME", dir, 1);
  make_files ();

  test_add_domain ();
  test_add_libvirt_dom ();
  test_credentials ();

  snprintf (cmd, sizeof cmd, "rm -rf %s", dir);
  if (system (cmd) != 0)
    failures++;
  TEST_LIB_EXIT ();
}
