/* careen - offline disk-image toolkit */

/**
 * LUKS key slots and headers: luks_add_key, luks_kill_slot, luks_uuid
 * and luks_format_cipher, with cryptsetup(8).  As in luks.c, keys never
 * appear on a command line or in a file: the key that unlocks the
 * device goes to cryptsetup on its standard input, and the new key of
 * luks_add_key through an anonymous memory file given as its fd 3.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

/* Longest key taken, as luks.c: cryptsetup's default key file limit. */
#define KEY_MAX (8 * 1024 * 1024)

/* LUKS1 has 8 key slots; the API documents 0 to 7. */
#define LUKS_KEYSLOTS 8

/* Longest cipher specification ("aes-xts-plain64", "serpent-cbc-essiv:
 * sha256"): cryptsetup's own limit is 32 for the name and mode each.
 */
#define CIPHER_MAX 64

/* Replies EINVAL unless key (named what) can be used. */
static int
check_key (const char *what, const char *key)
{
  size_t len = strlen (key);

  if (len == 0) {
    reply_with_error_errno (EINVAL, "the %s is empty", what);
    return -1;
  }
  if (len > KEY_MAX) {
    reply_with_error_errno (EINVAL, "the %s is longer than %d bytes", what,
                            KEY_MAX);
    return -1;
  }
  return 0;
}

static int
check_keyslot (int keyslot)
{
  if (keyslot < 0 || keyslot >= LUKS_KEYSLOTS) {
    reply_with_error_errno (EINVAL, "key slot must be 0 to %d: %d",
                            LUKS_KEYSLOTS - 1, keyslot);
    return -1;
  }
  return 0;
}

/* Runs cryptsetup (argv) with key on its stdin and extra_fd (or -1) as
 * its fd 3.  0 on success, else -1 after replying with cryptsetup's
 * own words.
 */
static int
cryptsetup_with_key (const char *const *argv, const char *key, int extra_fd)
{
  struct command_spec spec = {
    .argv = argv, .stdin_fd = COMMAND_PIPE, .stdout_fd = COMMAND_PIPE,
    .extra_fd = extra_fd,
  };
  struct command_capture out = { 0 }, err = { 0 };
  CLEANUP_FREE char *errs = NULL;
  struct command_child c;
  int status;

  if (command_start (&spec, &c) == -1) {
    reply_with_perror ("cryptsetup");
    return -1;
  }
  status = command_collect (&c, key, strlen (key), &out, &err);
  char_vector_release (&out.buf);
  errs = command_capture_finish (&err);
  char_vector_release (&err.buf);
  if (status == -1) {
    reply_with_perror ("cryptsetup");
    return -1;
  }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
    size_t n = errs ? strlen (errs) : 0;

    while (n > 0 && errs[n - 1] == '\n')
      errs[--n] = '\0';
    if (n == 0)
      reply_with_error ("cryptsetup %s: %s", argv[1],
                        WIFEXITED (status) ? "failed" : "killed by a signal");
    else
      command_error ("cryptsetup", errs);
    return -1;
  }
  return 0;
}

int
do_luks_add_key (const char *device, const char *key, const char *newkey,
                 int keyslot)
{
  char slot[16];
  const char *argv[] = {
    "cryptsetup", "luksAddKey", "--key-slot", slot, "--key-file", "-",
    "--", device, "/proc/self/fd/3", NULL
  };
  size_t len = strlen (newkey), done = 0;
  int fd, r;

  if (check_key ("key", key) == -1 || check_key ("new key", newkey) == -1 ||
      check_keyslot (keyslot) == -1)
    return -1;
  snprintf (slot, sizeof slot, "%d", keyslot);

  fd = memfd_create ("luks-new-key", MFD_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("memfd_create");
    return -1;
  }
  while (done < len) {
    ssize_t n = write (fd, newkey + done, len - done);

    if (n == -1) {
      reply_with_perror ("write: new key");
      close (fd);
      return -1;
    }
    done += n;
  }
  if (lseek (fd, 0, SEEK_SET) == -1) {
    reply_with_perror ("lseek: new key");
    close (fd);
    return -1;
  }
  load_device_mapper ();
  r = cryptsetup_with_key (argv, key, fd);
  close (fd);
  return r;
}

int
do_luks_kill_slot (const char *device, const char *key, int keyslot)
{
  char slot[16];
  /* No --batch-mode: only then does cryptsetup insist on a key that
   * unlocks the device before wiping a slot.
   */
  const char *argv[] = {
    "cryptsetup", "luksKillSlot", "--key-file", "-", "--", device, slot,
    NULL
  };

  if (check_key ("key", key) == -1 || check_keyslot (keyslot) == -1)
    return -1;
  snprintf (slot, sizeof slot, "%d", keyslot);
  load_device_mapper ();
  return cryptsetup_with_key (argv, key, -1);
}

char *
do_luks_uuid (const char *device)
{
  char *out = NULL;
  CLEANUP_FREE char *err = NULL;

  if (command (&out, &err, "cryptsetup", "luksUUID", "--", device,
               NULL) == -1) {
    command_error ("cryptsetup", err);
    free (out);
    return NULL;
  }
  out[strcspn (out, "\n")] = '\0';
  if (*out == '\0') {
    reply_with_error ("%s: cryptsetup gave no UUID", device);
    free (out);
    return NULL;
  }
  return out;
}

int
do_luks_format_cipher (const char *device, const char *key, int keyslot,
                       const char *cipher)
{
  char slot[16];
  const char *argv[] = {
    "cryptsetup", "--batch-mode", "luksFormat", "--key-slot", slot,
    "--cipher", cipher, "--key-file", "-", "--", device, NULL
  };

  if (check_key ("key", key) == -1 || check_keyslot (keyslot) == -1)
    return -1;
  if (*cipher == '\0' || *cipher == '-' || strlen (cipher) > CIPHER_MAX ||
      strspn (cipher, "abcdefghijklmnopqrstuvwxyz"
              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:")
      != strlen (cipher)) {
    reply_with_error_errno (EINVAL, "invalid cipher: '%s'", cipher);
    return -1;
  }
  snprintf (slot, sizeof slot, "%d", keyslot);
  load_device_mapper ();
  return cryptsetup_with_key (argv, key, -1);
}
