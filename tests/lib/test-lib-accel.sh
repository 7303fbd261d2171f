#!/bin/sh -
# careen - offline disk-image toolkit
# The accelerator fallback: KVM is put on trial with a deadline so
# short it must fail (CAREEN_TEST_KVM_DEADLINE_MS=1, a test-only knob of
# lib/accel.c), so the launch must relaunch under TCG by itself,
# succeed, and record the verdict in the cache directory; the next
# launch must use the verdict without a trial.

set -e

if [ "$SKIP_TEST_LIB_ACCEL" = 1 ]; then
    echo "$0: skipped: SKIP_TEST_LIB_ACCEL=1"
    exit 77
fi
if [ -z "$LIBGUESTFS_PATH" ]; then
    echo "$0: skipped: LIBGUESTFS_PATH is not set (run through ./run)"
    exit 77
fi
if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
    echo "$0: skipped: /dev/kvm is not usable, so there is no KVM trial"
    exit 77
fi

prog="$(dirname "$0")/test-lib-accel-helper"
tmp="$(mktemp -d /tmp/careen-test-accel.XXXXXX)"
log="$tmp/log"
# The verdict lives next to the appliance cache (lib/accel.c); keep the
# real one and put it back afterwards, so this test never leaves a
# verdict that is wrong for the host.
verdict="${LIBGUESTFS_CACHEDIR:-${TMPDIR:-/var/tmp}}/.careen-$(id -u)/accel"
if [ -f "$verdict" ]; then cp "$verdict" "$tmp/saved"; fi
cleanup ()
{
    if [ -f "$tmp/saved" ]; then cp "$tmp/saved" "$verdict"
    else rm -f "$verdict"; fi
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

export CAREEN_TEST_KVM_TRIAL=1
export CAREEN_TEST_KVM_DEADLINE_MS=1
$VG "$prog" >"$log" 2>&1 || { cat "$log"; exit 1; }
grep -q 'accel: trying kvm' "$log" || { cat "$log"; echo "$0: no kvm trial"; exit 1; }
grep -q 'relaunching under tcg' "$log" || { cat "$log"; echo "$0: no fallback"; exit 1; }
grep -q '^tcg$' "$verdict" || { echo "$0: verdict not recorded"; exit 1; }

# Second launch: the cached verdict is used, no trial.
unset CAREEN_TEST_KVM_TRIAL CAREEN_TEST_KVM_DEADLINE_MS
$VG "$prog" >"$log" 2>&1 || { cat "$log"; exit 1; }
grep -q 'cached verdict: kvm does not work' "$log" || { cat "$log"; echo "$0: verdict not used"; exit 1; }
