/* careen - the stand-in for cmd.exe in the Windows test guest
 * Copyright (C) 2026 the careen authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * Compiled with clang --target=x86_64-pc-windows-msvc and linked by
 * lld-link with no C library, this is a real x86-64 PE executable, so
 * inspection can read the guest's architecture from
 * \Windows\System32\cmd.exe as it does on a real Windows.  It is never
 * run.
 */

int main (void);

int
main (void)
{
  return 0;
}
