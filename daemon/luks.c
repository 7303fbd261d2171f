/* careen - offline disk-image toolkit */

/**
 * Encrypted block devices with cryptsetup(8): cryptsetup_open,
 * cryptsetup_close, luks_format and the deprecated luks_open,
 * luks_open_ro and luks_close.  Keys go to cryptsetup on its
 * standard input (--key-file -), never on a command line or in a file,
 * and are used byte for byte.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* Longest mapping name: the kernel's DM_NAME_LEN (128) with its NUL. */
#define MAPNAME_MAX 127

/* Longest key accepted: cryptsetup's own default limit for a key
 * file is 8 MiB; passphrases are far shorter.
 */
#define KEY_MAX (8 * 1024 * 1024)

/* LUKS1 has 8 key slots; LUKS2 more, but the API documents 0-7. */
#define LUKS_KEYSLOTS 8

static int
check_key (const char *key)
{
  size_t len = strlen (key);

  if (len == 0) {
    reply_with_error_errno (EINVAL, "the key is empty");
    return -1;
  }
  if (len > KEY_MAX) {
    reply_with_error_errno (EINVAL, "the key is longer than %d bytes",
                            KEY_MAX);
    return -1;
  }
  return 0;
}

/* Replies EINVAL unless mapname can name /dev/mapper/MAPNAME. */
static int
check_mapname (const char *mapname)
{
  if (mapname[0] == '\0' || strlen (mapname) > MAPNAME_MAX ||
      strchr (mapname, '/') != NULL || mapname[0] == '-' ||
      strcmp (mapname, ".") == 0 || strcmp (mapname, "..") == 0 ||
      strcmp (mapname, "control") == 0) {
    reply_with_error_errno (EINVAL, "invalid mapping name: '%s'", mapname);
    return -1;
  }
  return 0;
}

/* Opens device as /dev/mapper/mapname.  crypttype and cipher are NULL
 * when not given.  Replies on error.
 */
static int
cryptsetup_open (const char *device, const char *key, const char *mapname,
                 bool readonly, const char *crypttype, const char *cipher)
{
  const char *argv[16] = { "cryptsetup", "open" };
  CLEANUP_FREE char *err = NULL, *found = NULL;
  size_t n = 2;
  const char *type = "luks";

  if (check_key (key) == -1 || check_mapname (mapname) == -1)
    return -1;

  if (crypttype) {
    if (strcmp (crypttype, "luks") != 0 && strcmp (crypttype, "bitlk") != 0) {
      reply_with_error_errno (EINVAL, "unknown encryption type: %s "
                              "(expected luks or bitlk)", crypttype);
      return -1;
    }
    type = crypttype;
  }
  else {
    /* blkid tells BitLocker from LUKS; anything else is tried as LUKS,
     * so that cryptsetup's own message says what is wrong.
     */
    found = blkid_tag (device, "TYPE");
    if (found == NULL)
      return -1;
    if (strcmp (found, "BitLocker") == 0)
      type = "bitlk";
  }
  if (cipher && cipher[0] == '-') {
    reply_with_error_errno (EINVAL, "invalid cipher: %s", cipher);
    return -1;
  }

  load_device_mapper ();
  argv[n++] = "--type";
  argv[n++] = type;
  if (readonly)
    argv[n++] = "--readonly";
  if (cipher) {
    argv[n++] = "--cipher";
    argv[n++] = cipher;
  }
  argv[n++] = "--key-file";
  argv[n++] = "-";
  argv[n++] = "--";
  argv[n++] = device;
  argv[n++] = mapname;
  argv[n] = NULL;

  if (commandv_stdin (NULL, &err, key, strlen (key), argv) == -1)
    return command_error ("cryptsetup", err);
  return 0;
}

int
do_cryptsetup_open (const char *device, const char *key, const char *mapname,
                    int readonly, const char *crypttype, const char *cipher)
{
  uint64_t m = optargs_bitmask;

  return cryptsetup_open (device, key, mapname,
                          (m & GUESTFS_CRYPTSETUP_OPEN_READONLY_BITMASK) &&
                          readonly,
                          (m & GUESTFS_CRYPTSETUP_OPEN_CRYPTTYPE_BITMASK) &&
                          *crypttype ? crypttype : NULL,
                          (m & GUESTFS_CRYPTSETUP_OPEN_CIPHER_BITMASK) &&
                          *cipher ? cipher : NULL);
}

int
do_cryptsetup_close (const char *device)
{
  CLEANUP_FREE char *err = NULL;
  const char *name;

  /* cryptsetup names the mapping, not a device: only the
   * /dev/mapper/NAME spelling says which one.
   */
  if (strncmp (device, "/dev/mapper/", 12) != 0) {
    reply_with_error_errno (EINVAL, "%s: not a /dev/mapper/ device", device);
    return -1;
  }
  name = device + 12;
  if (check_mapname (name) == -1)
    return -1;
  if (command (NULL, &err, "cryptsetup", "close", "--", name, NULL) == -1)
    return command_error ("cryptsetup", err);
  return 0;
}

int
do_luks_open (const char *device, const char *key, const char *mapname)
{
  return cryptsetup_open (device, key, mapname, false, "luks", NULL);
}

int
do_luks_open_ro (const char *device, const char *key, const char *mapname)
{
  return cryptsetup_open (device, key, mapname, true, "luks", NULL);
}

int
do_luks_close (const char *device)
{
  return do_cryptsetup_close (device);
}

int
do_luks_format (const char *device, const char *key, int keyslot)
{
  char slot[16];
  const char *argv[] = {
    "cryptsetup", "--batch-mode", "luksFormat", "--key-slot", slot,
    "--key-file", "-", "--", device, NULL
  };
  CLEANUP_FREE char *err = NULL;

  if (check_key (key) == -1)
    return -1;
  if (keyslot < 0 || keyslot >= LUKS_KEYSLOTS) {
    reply_with_error_errno (EINVAL, "key slot must be 0 to %d: %d",
                            LUKS_KEYSLOTS - 1, keyslot);
    return -1;
  }
  snprintf (slot, sizeof slot, "%d", keyslot);
  load_device_mapper ();
  if (commandv_stdin (NULL, &err, key, strlen (key), argv) == -1)
    return command_error ("cryptsetup", err);
  return 0;
}
