/* careen - offline disk-image toolkit */

/**
 * API tests of command, command_lines, sh and sh_lines, in one launch,
 * of reads of files that change size while they are read, and of
 * autosync (writes reach the image at shutdown).
 *
 * The guest is an ext4 filesystem made with mke2fs -d from a tree that
 * holds the host's dash as /bin/sh with its shared libraries, plus
 * programs that cannot run (not an executable format, a missing
 * interpreter) and a hostile /sys that is a symlink to /etc: the bind
 * mount of the appliance's /sys must not land on the guest's /etc.
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

static char tree[] = "/tmp/careen-api-cmd.XXXXXX";

static void
remove_tree (void)
{
  test_remove_tree (tree);
}

static void
run_or_die (const char *cmd)
{
  if (system (cmd) != 0) {
    fprintf (stderr, "failed: %s\n", cmd);
    exit (EXIT_FAILURE);
  }
}

static void
write_file (const char *name, const char *content, mode_t mode)
{
  char p[256];
  FILE *fp;

  snprintf (p, sizeof p, "%s/%s", tree, name);
  fp = fopen (p, "w");
  if (fp == NULL || fputs (content, fp) == EOF || fclose (fp) == EOF ||
      chmod (p, mode) == -1) {
    perror (p);
    exit (EXIT_FAILURE);
  }
}

/* The ELF header of an AArch64 program: a guest of another
 * architecture, which the x86-64 appliance cannot run.
 */
static void
write_foreign_elf (const char *name)
{
  unsigned char h[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
  char p[256];
  FILE *fp;

  h[16] = 2;                    /* e_type: executable */
  h[18] = 183;                  /* e_machine: AArch64 */
  h[20] = 1;                    /* e_version */
  h[52] = 64;                   /* e_ehsize */
  h[54] = 56;                   /* e_phentsize */
  snprintf (p, sizeof p, "%s/%s", tree, name);
  fp = fopen (p, "w");
  if (fp == NULL || fwrite (h, 1, sizeof h, fp) != sizeof h ||
      fclose (fp) == EOF || chmod (p, 0755) == -1) {
    perror (p);
    exit (EXIT_FAILURE);
  }
}

/* The guest: dash and the libraries it needs, as on the host. */
static void
make_tree (void)
{
  char cmd[1024];

  if (mkdtemp (tree) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  atexit (remove_tree);
  if (access ("/bin/dash", X_OK) != 0) {
    printf ("test-api-misc-command: skipped: no /bin/dash to make a guest\n");
    exit (77);
  }
  snprintf (cmd, sizeof cmd,
            "set -e; cd '%s'; mkdir -p bin etc dev proc tmp; "
            "ln -s /etc sys", tree);
  run_or_die (cmd);
  test_copy_host_program (tree, "/bin/dash", "bin/sh");
  write_file ("etc/hostname", "guest\n", 0644);
  write_file ("bin/notelf", "this is not a program\n", 0755);
  write_foreign_elf ("bin/aarch64");
  write_file ("bin/badinterp", "#!/nonexistent/interpreter\n", 0755);
  write_file ("bin/fail", "#!/bin/sh\necho out\necho 'it failed' >&2\n"
              "exit 3\n", 0755);
}

static void
check_lines (int line, char **l, const char *const *expected)
{
  size_t i;

  if (l == NULL) {
    test_fail (__FILE__, line, "call failed");
    return;
  }
  for (i = 0; expected[i] != NULL; ++i)
    if (l[i] == NULL || strcmp (l[i], expected[i]) != 0) {
      test_fail (__FILE__, line, "line %zu is \"%s\", expected \"%s\"", i,
                 l[i] ? l[i] : "(end)", expected[i]);
      break;
    }
  if (expected[i] == NULL && l[i] != NULL)
    test_fail (__FILE__, line, "extra line \"%s\"", l[i]);
  test_free_list (l);
}

static void
test_commands (guestfs_h *g)
{
  char *const echo[] = { (char *) "/bin/sh", (char *) "-c",
                         (char *) "echo hello", NULL };
  char *const lines[] = { (char *) "sh", (char *) "-c",
                          (char *) "echo a; echo; echo b", NULL };
  char *const args[] = { (char *) "sh", (char *) "-c",
                         (char *) "printf '[%s]' \"$@\"", (char *) "sh",
                         (char *) "two words", (char *) "", (char *) "$HOME",
                         NULL };
  char *const nosuch[] = { (char *) "nosuch", NULL };
  char *const nosuch_abs[] = { (char *) "/bin/nosuch", NULL };
  char *const notelf[] = { (char *) "notelf", NULL };
  char *const foreign[] = { (char *) "aarch64", NULL };
  char *const badinterp[] = { (char *) "/bin/badinterp", NULL };
  char *const fail[] = { (char *) "fail", NULL };
  char *const empty[] = { NULL };
  char *const emptyname[] = { (char *) "", NULL };
  char *s;

  /* Nothing mounted yet. */
  CHECK_FAILS (g, guestfs_command (g, echo));
  CHECK_OK (guestfs_mount (g, "/dev/sda", "/"));

  s = guestfs_command (g, echo);
  CHECK_STREQ (s, "hello\n");
  free (s);
  check_lines (__LINE__, guestfs_command_lines (g, lines),
               (const char *const[]) { "a", "", "b", NULL });
  /* Arguments reach the program as they are, without a shell. */
  s = guestfs_command (g, args);
  CHECK_STREQ (s, "[two words][][$HOME]");
  free (s);

  s = guestfs_sh (g, "echo x; echo y >&2");
  CHECK_STREQ (s, "x\n");
  free (s);
  s = guestfs_sh (g, "printf ''");
  CHECK_STREQ (s, "");
  free (s);
  check_lines (__LINE__, guestfs_sh_lines (g, "printf 'a\\nb'"),
               (const char *const[]) { "a", "b", NULL });
  check_lines (__LINE__, guestfs_sh_lines (g, "true"),
               (const char *const[]) { NULL });
  check_lines (__LINE__, guestfs_sh_lines (g, "echo $PATH"),
               (const char *const[]) {
                 "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
                 "/sbin:/bin", NULL });

  /* The appliance's /dev and /proc are there for the command ... */
  s = guestfs_sh (g, "test -r /proc/self/status && test -c /dev/null && "
                  "echo ok");
  CHECK_STREQ (s, "ok\n");
  free (s);
  /* ... but not on the guest's /etc through the /sys symlink. */
  s = guestfs_sh (g, "test -f /etc/hostname && echo safe");
  CHECK_STREQ (s, "safe\n");
  free (s);
  /* ... and gone afterwards. */
  CHECK (guestfs_exists (g, "/proc/self") == 0);
  CHECK (guestfs_exists (g, "/dev/null") == 0);
  CHECK (guestfs_is_file (g, "/etc/hostname") == 1);

  /* Guest programs, and the programs they start, run without address
   * randomization (ADDR_NO_RANDOMIZE, 0x0040000): it is what keeps
   * initramfs rebuilds fast under TCG (daemon/command.c).
   */
  s = guestfs_sh (g, "read p < /proc/self/personality && "
                  "sh -c 'read q < /proc/self/personality; echo $q' && "
                  "echo $p");
  CHECK_STREQ (s, "00040000\n00040000\n");
  free (s);

  /* Failures. */
  CHECK_FAILS (g, guestfs_command (g, fail));
  if (strstr (guestfs_last_error (g), "it failed") == NULL)
    test_fail (__FILE__, __LINE__, "error without stderr: %s",
               guestfs_last_error (g));
  CHECK_FAILS (g, guestfs_sh (g, "exit 7"));
  if (strstr (guestfs_last_error (g), "status 7") == NULL)
    test_fail (__FILE__, __LINE__, "error without status: %s",
               guestfs_last_error (g));
  CHECK_ERROR (g, guestfs_command (g, nosuch), ENOENT);
  CHECK_ERROR (g, guestfs_command (g, nosuch_abs), ENOENT);
  CHECK_ERROR (g, guestfs_command_lines (g, notelf), ENOEXEC);
  CHECK_ERROR (g, guestfs_command (g, foreign), ENOEXEC);
  if (strstr (guestfs_last_error (g), "architecture") == NULL)
    test_fail (__FILE__, __LINE__, "unclear error: %s",
               guestfs_last_error (g));
  CHECK_ERROR (g, guestfs_command (g, badinterp), ENOENT);
  if (strstr (guestfs_last_error (g), "interpreter") == NULL)
    test_fail (__FILE__, __LINE__, "unclear error: %s",
               guestfs_last_error (g));
  CHECK_ERROR (g, guestfs_command (g, empty), EINVAL);
  CHECK_ERROR (g, guestfs_command (g, emptyname), EINVAL);
  CHECK_ERROR (g, guestfs_command (g, NULL), EINVAL);

  /* Output that cannot fit in a reply: the program is stopped. */
  CHECK_ERROR (g, guestfs_sh (g, "while :; do echo "
                              "0123456789012345678901234567890123456789"
                              "0123456789012345678901234567890123456789"
                              "; done"), EMSGSIZE);
  CHECK_OK (guestfs_ping_daemon (g));
}

/* Reads of files that change size under them.  The daemon runs one call
 * at a time, so the changes come from writers that sh leaves running in
 * the guest: one appends numbered lines to /grow, the other truncates
 * /shrink and writes it again (926 KiB), over and over.  Every read ends (the
 * file's size at open bounds it), and what it gives is a prefix of what
 * the file held: of /grow's final content, and of /shrink's one repeated
 * line.
 */
#define SHRINK_LINE "0123456789abcdef0123456789abcdef0123456789abcdef012345678\n"

static bool
is_prefix (const char *data, size_t len, const char *whole, size_t whole_len)
{
  return len <= whole_len && memcmp (data, whole, len) == 0;
}

static bool
is_shrink_content (const char *data, size_t len)
{
  size_t line = sizeof SHRINK_LINE - 1, i;

  for (i = 0; i < len; ++i)
    if (data[i] != SHRINK_LINE[i % line])
      return false;
  return true;
}

static void
test_changing_size (guestfs_h *g)
{
  char local[300];
  char *s, *grow_reads[3], *grown, *data;
  size_t grow_lens[3], grown_len, len, i;
  int64_t size;

  snprintf (local, sizeof local, "%s/download", tree);
  /* Output to guest files only: nothing holds the command's pipes or
   * the appliance's /dev, bound in for the command alone.
   */
  /* Big enough that a read takes several chunks, during which the
   * daemon waits for the channel and the writers run; small enough, with
   * what is appended, for read_file's 4 MiB limit.
   */
  CHECK_OK (guestfs_fill (g, 'A', 1536 * 1024, "/grow"));
  s = guestfs_sh (g,
                  "(i=0; while [ $i -lt 40000 ]; do i=$((i+1)); "
                  "echo \"line $i of the growing file\"; done) "
                  "<&- >>/grow 2>&1 & echo $! > /grow.pid; "
                  "l='" SHRINK_LINE "'; "
                  "l=$l$l$l$l$l$l$l$l; l=$l$l$l$l$l$l$l$l; "
                  "(while :; do : > /shrink; i=0; while [ $i -lt 256 ]; do "
                  "i=$((i+1)); printf %s \"$l\"; done >> /shrink; done) "
                  "<&- >/dev/null 2>&1 & echo $! > /shrink.pid");
  CHECK (s != NULL);
  free (s);
  if (s == NULL)
    return;

  /* The writers are running: /grow grows while we look at it. */
  size = guestfs_filesize (g, "/grow");
  for (i = 0; i < 1000 && guestfs_filesize (g, "/grow") == size; ++i)
    ;
  CHECK (guestfs_filesize (g, "/grow") > size);

  for (i = 0; i < 3; ++i) {
    grow_reads[i] = NULL;
    grow_lens[i] = 0;
  }
  CHECK_OK (guestfs_download (g, "/grow", local));
  grow_reads[0] = test_read_local (local, &grow_lens[0]);
  grow_reads[1] = guestfs_read_file (g, "/grow", &grow_lens[1]);
  grow_reads[2] = guestfs_cat (g, "/grow");
  if (grow_reads[2])
    grow_lens[2] = strlen (grow_reads[2]);
  s = guestfs_checksum (g, "sha256", "/grow");
  CHECK (s != NULL);
  free (s);

  for (i = 0; i < 10; ++i) {
    CHECK_OK (guestfs_download (g, "/shrink", local));
    data = test_read_local (local, &len);
    CHECK (data != NULL || len == 0);
    CHECK (len <= 256 * 64 * (sizeof SHRINK_LINE - 1));
    if (!is_shrink_content (data, len))
      test_fail (__FILE__, __LINE__, "/shrink download: %zu bytes that "
                 "the file never held", len);
    free (data);
    data = guestfs_read_file (g, "/shrink", &len);
    CHECK (data != NULL);
    if (data && !is_shrink_content (data, len))
      test_fail (__FILE__, __LINE__, "/shrink read_file: %zu bytes that "
                 "the file never held", len);
    free (data);
  }

  /* Stop the writers (the guest has only dash's builtins); /grow then
   * holds its final content.
   */
  s = guestfs_sh (g, "read p1 < /grow.pid && read p2 < /shrink.pid && "
                  "kill $p1 $p2 && "
                  "while kill -0 $p1 2>&- || kill -0 $p2 2>&-; do :; done && "
                  "echo stopped");
  CHECK_STREQ (s, "stopped\n");
  free (s);
  grown = guestfs_read_file (g, "/grow", &grown_len);
  CHECK (grown != NULL);
  for (i = 0; i < 3 && grown; ++i) {
    CHECK (grow_reads[i] != NULL);
    CHECK (grow_lens[i] > 0);
    if (grow_reads[i] && !is_prefix (grow_reads[i], grow_lens[i], grown,
                                     grown_len))
      test_fail (__FILE__, __LINE__, "read %zu of /grow: %zu bytes, not a "
                 "prefix of its final %zu", i, grow_lens[i], grown_len);
  }
  for (i = 0; i < 3; ++i)
    free (grow_reads[i]);
  free (grown);
  CHECK_OK (guestfs_rm (g, "/grow"));
  CHECK_OK (guestfs_rm (g, "/shrink"));
}

/* autosync (the default): a write is on the image after shutdown
 * without an explicit umount or sync.
 */
static void
test_autosync (guestfs_h *g, const char *image)
{
  char cmd[512], buf[64] = "";
  FILE *fp;

  CHECK (guestfs_get_autosync (g) == 1);
  CHECK_OK (guestfs_write (g, "/autosync.txt", "synced\n", 7));
  CHECK_OK (guestfs_shutdown (g));
  snprintf (cmd, sizeof cmd,
            "PATH=$PATH:/sbin:/usr/sbin debugfs -R 'cat /autosync.txt' "
            "'%s' 2>/dev/null", image);
  fp = popen (cmd, "r");
  if (fp == NULL || fgets (buf, sizeof buf, fp) == NULL)
    buf[0] = '\0';
  if (fp)
    pclose (fp);
  CHECK_STREQ (buf, "synced\n");
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-misc-command");
  const char *image;

  make_tree ();
  image = test_add_ext4_from_dir (g, tree, 32 * MiB);
  test_launch (g);
  test_commands (g);
  test_changing_size (g);
  test_autosync (g, image);
  test_exit (g);
}
