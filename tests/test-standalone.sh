#!/bin/sh -
# careen - the repository needs nothing beside it
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Fails when a file of the source tree refers to a path outside it: a
# sibling directory of the checkout (../shared), the parent of
# $top_srcdir or $top_builddir, or the machine-wide copy of such data.
# A fresh clone on a fresh machine must build and test with nothing
# else: test data is made by the tree itself (tests/guests/write-hive).
#
# The files checked are those git tracks, or without git (a release
# tarball) every file of the tree but build and test logs.

. "$top_srcdir/tests/functions.sh"
set -e
skip_if_skipped

# The patterns are written so that they do not match this file.
escapes='[.][.]/shared([/"'"'"' ]|$)'
escapes="$escapes"'|[$][{(]?(abs_)?top_(src|build)dir[)}]?/[.][.]([/"'"'"' ]|$)'
escapes="$escapes"'|/work/[s]hared'

tmp="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$tmp"

cd "$top_srcdir"
if [ -e .git ] && command -v git >/dev/null 2>&1; then
  git ls-files -z > "$tmp/files"
else
  find . -type f ! -path './.git/*' ! -path './autom4te.cache/*' \
       ! -name '*.log' ! -name '*.trs' -print0 > "$tmp/files"
fi
[ -s "$tmp/files" ] || { echo "$test_name: no files to check" >&2; exit 1; }

# -I: binary files are not prose or code that names a path.  (xargs
# fails when any one grep finds nothing: what matters is the output.)
xargs -0 grep -InE "$escapes" < "$tmp/files" > "$tmp/found" || :
if [ -s "$tmp/found" ]; then
  echo "$test_name: these files refer to paths outside the tree:" >&2
  cat "$tmp/found" >&2
  exit 1
fi
echo "$test_name: $(tr -cd '\0' < "$tmp/files" | wc -c) files checked"
