/* careen - offline disk-image toolkit
 * The virt-builder index parser (common/builder): what it accepts,
 * what it rejects and at which line.  The accept/reject cases are
 * those virt-index-validate 1.48 agrees on (its syntax), plus the
 * duplicate rules of virt-builder's reader.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

static int failures;

#define FAIL(...)                                 \
  do {                                            \
    fprintf (stderr, "FAIL: " __VA_ARGS__);       \
    fputc ('\n', stderr);                         \
    failures++;                                   \
  } while (0)

/* TEXT must be rejected with an error beginning "t:LINE: ". */
static void
reject (const char *text, size_t line)
{
  struct index idx;
  char *error = NULL, want[32];

  if (index_parse ("t", text, strlen (text), &idx, &error) == 0) {
    FAIL ("accepted: %s", text);
    index_release (&idx);
    return;
  }
  snprintf (want, sizeof want, "t:%zu: ", line);
  if (error == NULL || strncmp (error, want, strlen (want)) != 0)
    FAIL ("%s: error '%s', want line %zu", text, error ? error : "(null)",
          line);
  if (idx.nr_sections != 0 || idx.sections != NULL)
    FAIL ("%s: rejected but sections left", text);
  free (error);
}

/* TEXT must be accepted with NR sections. */
static void
accept (const char *text, size_t nr)
{
  struct index idx;
  char *error = NULL;

  if (index_parse ("t", text, strlen (text), &idx, &error) == -1) {
    FAIL ("rejected: %s: %s", text, error);
    free (error);
    return;
  }
  if (idx.nr_sections != nr)
    FAIL ("%s: %zu sections, want %zu", text, idx.nr_sections, nr);
  index_release (&idx);
}

static void
check_str (const char *what, const char *got, const char *want)
{
  if (got == NULL ? want != NULL : want == NULL || strcmp (got, want) != 0)
    FAIL ("%s: got '%s', want '%s'", what, got ? got : "(null)",
          want ? want : "(null)");
}

static void
test_fields (void)
{
  static const char text[] =
    "# repository of tests\n"
    "[fedora-38]\n"
    "name=Fedora 38\n"
    "osinfo=fedora38\n"
    "arch=x86_64\n"
    "file=fedora-38.xz\n"
    "sig=fedora-38.xz.sig\n"
    "checksum[sha512]=abcd\n"
    "format=raw\n"
    "size=6442450944\n"
    "compressed_size=123\n"
    "expand=/dev/sda3\n"
    "lvexpand=/dev/vg/root\n"
    "notes=first\n"
    " second\n"
    " \n"
    "\tfourth\n"
    "notes[fr]=premier\r\n"
    "hidden=true\n"
    "aliases=f38  fedora\n"
    "revision=3\n"
    "\n"
    "\n"
    "[debian]\n"
    "arch=x86_64\n"
    "file=debian.xz\n"
    "size=1\n";
  struct index idx;
  struct index_entry *e;
  size_t nr;
  char *error;

  if (index_parse ("t", text, strlen (text), &idx, &error) == -1) {
    FAIL ("fields: %s", error);
    free (error);
    return;
  }
  if (!idx.has_comments || idx.clearsigned || idx.nr_sections != 2)
    FAIL ("fields: comments %d clearsigned %d sections %zu",
          idx.has_comments, idx.clearsigned, idx.nr_sections);
  if (idx.sections[0].line != 2 || idx.sections[1].line != 24)
    FAIL ("fields: section lines %zu %zu", idx.sections[0].line,
          idx.sections[1].line);
  check_str ("checksum subkey", idx.sections[0].fields[5].subkey, "sha512");
  if (index_entries ("t", &idx, &e, &nr, &error) == -1) {
    FAIL ("entries: %s", error);
    free (error);
    index_release (&idx);
    return;
  }
  check_str ("os_version", e[0].os_version, "fedora-38");
  check_str ("name", e[0].name, "Fedora 38");
  check_str ("osinfo", e[0].osinfo, "fedora38");
  check_str ("file", e[0].file, "fedora-38.xz");
  check_str ("sig", e[0].signature_uri, "fedora-38.xz.sig");
  check_str ("checksum", e[0].checksum_sha512, "abcd");
  check_str ("format", e[0].format, "raw");
  check_str ("expand", e[0].expand, "/dev/sda3");
  check_str ("lvexpand", e[0].lvexpand, "/dev/vg/root");
  if (e[0].size != 6442450944ULL || e[0].compressed_size != 123 ||
      !e[0].hidden || e[0].revision != 3)
    FAIL ("numbers: %llu %lld %d %d", (unsigned long long) e[0].size,
          (long long) e[0].compressed_size, e[0].hidden, e[0].revision);
  if (e[0].nr_notes != 2)
    FAIL ("notes: %zu", e[0].nr_notes);
  else {
    check_str ("notes lang", e[0].notes[0].lang, "");
    check_str ("notes", e[0].notes[0].text, "first\nsecond\n\nfourth");
    check_str ("notes[fr] lang", e[0].notes[1].lang, "fr");
    check_str ("notes[fr]", e[0].notes[1].text, "premier");
  }
  check_str ("alias 0", e[0].aliases[0], "f38");
  check_str ("alias 1", e[0].aliases[1], "fedora");
  check_str ("alias end", e[0].aliases[2], NULL);
  /* Defaults. */
  if (e[1].compressed_size != -1 || e[1].revision != 1 || e[1].hidden ||
      e[1].aliases[0] != NULL || e[1].nr_notes != 0 || e[1].name != NULL)
    FAIL ("defaults of [debian]");
  index_entries_free (e, nr);
  index_release (&idx);
}

static void
test_clearsigned (void)
{
  static const char text[] =
    "-----BEGIN PGP SIGNED MESSAGE-----\n"
    "Hash: SHA512\n"
    "\n"
    "[a]\n"
    "file=x\n"
    "- notes=a\n"
    " b\n"
    "-----BEGIN PGP SIGNATURE-----\n"
    "\n"
    "iQEzBAEBCgAdFiEE\n"
    "-----END PGP SIGNATURE-----\n";
  struct index idx;
  char *error;

  if (index_parse ("t", text, strlen (text), &idx, &error) == -1) {
    FAIL ("clearsigned: %s", error);
    free (error);
    return;
  }
  if (!idx.clearsigned || idx.nr_sections != 1 ||
      idx.sections[0].nr_fields != 2)
    FAIL ("clearsigned: wrong shape");
  else
    check_str ("dash-escaped", idx.sections[0].fields[1].value, "a\nb");
  index_release (&idx);
}

static void
test_entry_errors (void)
{
  static const char *const bad[] = {
    "[a]\nfile=x\nsize=1\n",                    /* no arch */
    "[a]\narch=x\nsize=1\n",                    /* no file */
    "[a]\narch=x\nfile=x\n",                    /* no size */
    "[a]\narch=x\nfile=x\nsize=1e3\n",
    "[a]\narch=x\nfile=x\nsize=-1\n",
    "[a]\narch=x\nfile=x\nsize=99999999999999999999\n",
    "[a]\narch=x\nfile=x\nsize=1\ncompressed_size=x\n",
    "[a]\narch=x\nfile=x\nsize=1\nrevision=x\n",
    "[a]\narch=x\nfile=x\nsize=1\nhidden=yes\n",
    NULL,
  };
  size_t i, nr;

  for (i = 0; bad[i]; ++i) {
    struct index idx;
    struct index_entry *e;
    char *error;

    if (index_parse ("t", bad[i], strlen (bad[i]), &idx, &error) == -1) {
      FAIL ("entry case %zu did not parse: %s", i, error);
      free (error);
      continue;
    }
    if (index_entries ("t", &idx, &e, &nr, &error) == 0) {
      FAIL ("entry case %zu accepted", i);
      index_entries_free (e, nr);
    }
    else {
      if (strncmp (error, "t:1: [a]: ", 10) != 0)
        FAIL ("entry case %zu: error '%s'", i, error);
      free (error);
    }
    index_release (&idx);
  }
}

int
main (void)
{
  char *error;
  struct index idx;

  test_fields ();
  test_clearsigned ();
  test_entry_errors ();

  accept ("", 0);
  accept ("#\n", 0);
  accept ("\n\n[a]\nfile=x\n", 1);
  accept ("[a]\n", 1);
  accept ("[a]\nfile=\n", 1);
  accept ("[a] \nfile=x\n", 1);
  accept ("[a-b_c.1]\nf_1.x=x\n1f=x\n_g=x\nf[a_1.,x]=x\n", 1);
  accept ("[a]\nf==x\n", 1);
  accept ("[a]\nfile=x\n#c\n line\n", 1);
  accept ("[a]\nfile=x\n\n# c\n\n[b]\nf=1\n", 2);
  accept ("[a]\nfile=x\n\n\n", 1);
  accept ("[a]\nf=x\n \n \n", 1);
  /* Same os-version on two architectures. */
  accept ("[a]\narch=x86_64\n\n[a]\narch=aarch64\n", 2);
  /* The same key with different subkeys. */
  accept ("[a]\nnotes=x\nnotes[fr]=y\nnotes[de]=z\n", 1);

  reject ("junk=1\n[a]\nfile=x\n", 1);
  reject ("[a]\n continuation\nfile=x\n", 2);
  reject ("[a]\nfile=x\nnoequals\n", 3);
  reject ("[a]\nfile=x\n[b]\nfile=y\n", 3);
  reject ("[a]\n\nfile=x\n", 3);
  reject ("[a b]\nfile=x\n", 1);
  reject ("[a+]\nfile=x\n", 1);
  reject ("[]\nfile=x\n", 1);
  reject (" [a]\nfile=x\n", 1);
  reject ("[a]\nfile = x\n", 2);
  reject ("[a]\nfi-le=x\n", 2);
  reject ("[a]\nk[a b]=x\n", 2);
  reject ("[a]\nk[]=x\n", 2);
  reject ("[a]\nk[a]b=x\n", 2);
  reject ("[a]\n=x\n", 2);
  reject ("[a]\nfile=x", 2);
  reject ("[a]\nfile=x\n\n \n", 4);
  reject ("[a]\n[b]\n", 2);
  reject ("[a]\nfile=x\n# c\n[b]\nf=1\n", 4);
  /* Duplicates: the line of the second one. */
  reject ("[a]\nfile=x\nname=n\nfile=y\n", 4);
  reject ("[a]\nnotes[fr]=x\nnotes[fr]=y\n", 3);
  reject ("[a]\nfile=x\n\n[b]\n\n[a]\nfile=y\n", 6);
  reject ("[a]\narch=i686\n\n[a]\narch=i686\n", 4);
  /* Clear signature without its end. */
  reject ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\n[a]\n", 4);

  /* A NUL byte, which no text index has. */
  if (index_parse ("t", "[a]\n\0\n", 6, &idx, &error) == 0) {
    FAIL ("NUL accepted");
    index_release (&idx);
  }
  else
    free (error);

  /* A file that is not there names itself. */
  if (index_parse_file ("/nonexistent/index", &idx, &error) == 0)
    FAIL ("missing file parsed");
  else {
    if (strncmp (error, "/nonexistent/index: ", 20) != 0)
      FAIL ("missing file: '%s'", error);
    free (error);
  }

  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
