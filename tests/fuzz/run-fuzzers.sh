#!/bin/sh -
# careen - runs each libFuzzer harness in $FUZZERS for $FUZZ_SECONDS.
#
# Every seed of corpus/NAME/ (regression inputs included) is run once
# first, then the harness fuzzes from a scratch copy of the corpus (the
# tree's corpus is never written).  Any crash, leak, sanitizer report
# or timeout fails; the input that caused it is kept as
# fuzz-work/NAME/crash-* (or leak-*, timeout-*) for a regression seed.
#
# Environment: srcdir (where corpus/ is), FUZZERS, FUZZ_SECONDS,
# FUZZ_EXTRA_ARGS (extra libFuzzer options).

set -e
srcdir="${srcdir:-.}"
: "${FUZZ_SECONDS:=10}"
: "${FUZZERS:=fuzz-protocol fuzz-lib-reply fuzz-daemon-request fuzz-probe fuzz-fish-parse fuzz-untar fuzz-reg-parse fuzz-v2v-source fuzz-uri fuzz-domain-xml}"

# Per-input limits: a decoder that takes more than 10 s or 1 GiB on
# one input is a denial of service, reported as a failure.
limits="-timeout=10 -rss_limit_mb=1024 -max_len=65536"

failed=""
for f in $FUZZERS; do
  if [ ! -x "./$f" ]; then
    echo "run-fuzzers: $f: not built" >&2
    failed="$failed $f"
    continue
  fi
  work="fuzz-work/$f"
  rm -rf "$work"
  mkdir -p "$work/corpus"
  seeds="$srcdir/corpus/$f"
  if [ -d "$seeds" ] && [ -n "$(ls -A "$seeds")" ]; then
    cp "$seeds"/* "$work/corpus/"
    # Regression: each seed once, alone.
    if ! "./$f" $limits -artifact_prefix="$work/" "$seeds"/* \
           > "$work/seeds.log" 2>&1; then
      cat "$work/seeds.log" >&2
      echo "run-fuzzers: $f: a seed input fails" >&2
      failed="$failed $f"
      continue
    fi
  fi
  echo "run-fuzzers: $f: fuzzing for $FUZZ_SECONDS s"
  if ! "./$f" $limits -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
         -artifact_prefix="$work/" ${FUZZ_EXTRA_ARGS:-} "$work/corpus" \
         > "$work/fuzz.log" 2>&1; then
    tail -n 60 "$work/fuzz.log" >&2
    echo "run-fuzzers: $f: FAILED, input kept in $work/" >&2
    failed="$failed $f"
    continue
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$work/fuzz.log" |
    sed "s/^/run-fuzzers: $f: /"
done

if [ -n "$failed" ]; then
  echo "run-fuzzers: failed:$failed" >&2
  exit 1
fi
