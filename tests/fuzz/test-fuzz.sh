#!/bin/sh -
# careen - make check: every fuzzing harness for a short budget
# (FUZZ_SECONDS, 10 s by default) after replaying its seeds.
# Skipped when clang (libFuzzer) is not available.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped

for f in ${FUZZERS:-fuzz-protocol}; do
  [ -x "./$f" ] || skip "$f is not built (no clang with libFuzzer)"
done

srcdir="$top_srcdir/tests/fuzz" exec sh "$top_srcdir/tests/fuzz/run-fuzzers.sh"
