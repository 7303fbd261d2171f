/* careen - offline disk-image toolkit */

/**
 * API tests of LUKS key slots and headers, in one launch with one
 * blank disk: luks_format_cipher, luks_uuid, luks_add_key and
 * luks_kill_slot, on success and on the failure paths.  Whether a key
 * works is seen by opening the device with it.
 *
 * Key derivation is slow by design, slower still under TCG: every
 * check that unlocks the device costs seconds, so there are few.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISK_A (128 * MiB)

#define KEY "first key"
#define NEWKEY "second\nkey, with a newline"
#define CIPHER "aes-cbc-essiv:sha256"

/* LUKS2 keeps its metadata as JSON in the first 16 KiB. */
#define HEADER_SIZE 16384

/* True if key opens /dev/sda1 (closing it again). */
static bool
opens (guestfs_h *g, const char *key)
{
  int r;

  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_cryptsetup_open (g, "/dev/sda1", key, "t", -1);
  guestfs_pop_error_handler (g);
  if (r == -1)
    return false;
  CHECK (guestfs_cryptsetup_close (g, "/dev/mapper/t") == 0);
  return true;
}

static bool
header_has (guestfs_h *g, const char *s)
{
  size_t len = 0;
  char *buf = guestfs_pread_device (g, "/dev/sda1", HEADER_SIZE, 0, &len);
  bool r;

  r = buf && len == HEADER_SIZE && memmem (buf, len, s, strlen (s)) != NULL;
  free (buf);
  return r;
}

static void
test_format_cipher (guestfs_h *g)
{
  CHECK (guestfs_part_init (g, "/dev/sda", "gpt") == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048, 96 * 2048 - 1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 96 * 2048, -34) == 0);

  CHECK_ERROR (g, guestfs_luks_format_cipher (g, "/dev/sda1", KEY, 8, CIPHER),
               EINVAL);
  CHECK_ERROR (g, guestfs_luks_format_cipher (g, "/dev/sda1", KEY, -1,
                                              CIPHER), EINVAL);
  CHECK_ERROR (g, guestfs_luks_format_cipher (g, "/dev/sda1", "", 0, CIPHER),
               EINVAL);
  CHECK_ERROR (g, guestfs_luks_format_cipher (g, "/dev/sda1", KEY, 0, ""),
               EINVAL);
  CHECK_ERROR (g, guestfs_luks_format_cipher (g, "/dev/sda1", KEY, 0,
                                              "--help"), EINVAL);
  CHECK_ERROR (g, guestfs_luks_format_cipher (g, "/dev/sdz1", KEY, 0, CIPHER),
               ENOENT);
  /* A cipher the kernel does not know. */
  CHECK_FAILS (g, guestfs_luks_format_cipher (g, "/dev/sda1", KEY, 0,
                                              "rot13-ecb-plain"));

  CHECK (guestfs_luks_format_cipher (g, "/dev/sda1", KEY, 2, CIPHER) == 0);
  CHECK (header_has (g, "\"" CIPHER "\""));
  CHECK (!header_has (g, "aes-xts-plain64"));
}

static void
test_uuid (guestfs_h *g)
{
  char *u = guestfs_luks_uuid (g, "/dev/sda1");
  char *v = guestfs_vfs_uuid (g, "/dev/sda1");

  CHECK (u != NULL && strlen (u) == 36);
  /* blkid reads the same header by other means. */
  CHECK_STREQ (u, v);
  CHECK (u != NULL && header_has (g, u));
  free (u);
  free (v);
  CHECK_FAILS (g, guestfs_luks_uuid (g, "/dev/sda2"));
  CHECK_ERROR (g, guestfs_luks_uuid (g, "/dev/sdz1"), ENOENT);
}

static void
test_slots (guestfs_h *g)
{
  CHECK_ERROR (g, guestfs_luks_add_key (g, "/dev/sda1", KEY, NEWKEY, 8),
               EINVAL);
  CHECK_ERROR (g, guestfs_luks_add_key (g, "/dev/sda1", KEY, "", 1), EINVAL);
  CHECK_ERROR (g, guestfs_luks_add_key (g, "/dev/sda1", "", NEWKEY, 1),
               EINVAL);
  CHECK_ERROR (g, guestfs_luks_add_key (g, "/dev/sdz1", KEY, NEWKEY, 1),
               ENOENT);
  /* A key the device does not have gives no right to add one. */
  CHECK_FAILS (g, guestfs_luks_add_key (g, "/dev/sda1", "wrong", NEWKEY, 1));
  /* Slot 2 holds KEY: it is not overwritten. */
  CHECK_FAILS (g, guestfs_luks_add_key (g, "/dev/sda1", KEY, NEWKEY, 2));
  CHECK_FAILS (g, guestfs_luks_add_key (g, "/dev/sda2", KEY, NEWKEY, 1));

  CHECK (guestfs_luks_add_key (g, "/dev/sda1", KEY, NEWKEY, 5) == 0);
  CHECK (opens (g, NEWKEY));
  /* The new key is the whole string, newline and all. */
  CHECK (!opens (g, "second"));

  CHECK_ERROR (g, guestfs_luks_kill_slot (g, "/dev/sda1", KEY, 8), EINVAL);
  CHECK_ERROR (g, guestfs_luks_kill_slot (g, "/dev/sda1", "", 5), EINVAL);
  CHECK_ERROR (g, guestfs_luks_kill_slot (g, "/dev/sdz1", KEY, 5), ENOENT);
  CHECK_FAILS (g, guestfs_luks_kill_slot (g, "/dev/sda1", "wrong", 5));
  /* An empty slot. */
  CHECK_FAILS (g, guestfs_luks_kill_slot (g, "/dev/sda1", KEY, 3));
  CHECK (guestfs_luks_kill_slot (g, "/dev/sda1", KEY, 5) == 0);
  CHECK (!opens (g, NEWKEY));
  CHECK (opens (g, KEY));
  /* The slot is free again. */
  CHECK (guestfs_luks_add_key (g, "/dev/sda1", KEY, NEWKEY, 5) == 0);
  CHECK (guestfs_luks_kill_slot (g, "/dev/sda1", NEWKEY, 2) == 0);
  CHECK (!opens (g, KEY));
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-luks-keys");

  test_add_disk (g, DISK_A);
  test_launch (g);

  test_format_cipher (g);
  test_uuid (g);
  test_slots (g);

  test_exit (g);
}
