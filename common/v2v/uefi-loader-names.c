/* careen - offline disk-image toolkit
 * The file names UEFI and the distributions give the boot loaders of
 * each architecture in an ESP, for the Linux and Windows converters'
 * fallback-loader steps.
 */

#include <config.h>

#include <string.h>

#include "v2v.h"

const struct uefi_loader_names *
uefi_loader_names (const char *arch)
{
  static const struct uefi_loader_names x64 = {
    "BOOTX64.EFI", "shimx64.efi", "grubx64.efi", "mmx64.efi"
  };
  static const struct uefi_loader_names ia32 = {
    "BOOTIA32.EFI", "shimia32.efi", "grubia32.efi", "mmia32.efi"
  };
  static const struct uefi_loader_names aa64 = {
    "BOOTAA64.EFI", "shimaa64.efi", "grubaa64.efi", "mmaa64.efi"
  };

  if (strcmp (arch, "x86_64") == 0)
    return &x64;
  if (strcmp (arch, "i386") == 0 || strcmp (arch, "i686") == 0)
    return &ia32;
  if (strcmp (arch, "aarch64") == 0)
    return &aa64;
  return NULL;
}
