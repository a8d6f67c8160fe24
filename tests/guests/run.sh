#!/bin/bash
# Guest tests: boot our PV test kernel as dom0 and turn its report into
# the suite's lines (docs/testing.md, tests/guests/README).
#
#   tests/guests/run.sh [hypervisor]      hypervisor: a xen.gz path, or
#                                         "xen-4.17" for Debian's Xen 4.17
# Default: our own image, $XEN_DIR/xen.gz.  GUEST_ARGS is passed on the
# kernel's command line (e.g. GUEST_ARGS=only=evtchn).  Prints
#     PASS guest/<test>  or  FAIL guest/<test> (<reason>)
# per test (SKIP guest/<test> (<reason>) for one that does not apply), then guest/run for the run as a whole (the kernel reached its
# end and the machine reset); exits 1 if anything failed.  GUEST_TAG
# replaces "guest" in those names (for runs in another configuration).
cd "$(dirname "$0")/../.." || exit 2
. tests/boot/lib.sh
. tests/guests/lib.sh
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}

tag=${GUEST_TAG:-guest}
image=$(hypervisor_image "${1:-$XEN_DIR/xen.gz}") || exit 1
mkdir -p "$OUT"
if ! build_guests; then
    echo "FAIL $tag/build (see $OUT/guests-build.log)"
    exit 1
fi
if [ ! -s "$image" ]; then
    echo "FAIL $tag/run (no hypervisor image $image)"
    exit 1
fi

# shellcheck disable=SC2086
boot_guest "${GUEST_TAG:-guests}/run" "$image" $GUEST_ARGS ||
    { echo "FAIL $tag/run (cannot make the GRUB CD)"; exit 1; }

failed=0
while IFS= read -r line; do
    case $line in
    "GUEST PASS "*)
        echo "PASS $tag/${line#GUEST PASS }"
        ;;
    "GUEST FAIL "*)
        line=${line#GUEST FAIL }
        echo "FAIL $tag/${line%%: *} (${line#*: })"
        failed=1
        ;;
    "GUEST SKIP "*)
        line=${line#GUEST SKIP }
        echo "SKIP $tag/${line%%: *} (${line#*: })"
        ;;
    esac
done < <(guest_lines)

no_triple_fault
deny '^(\(d0\) )?GUEST FATAL'
need '^(\(d0\) )?GUEST DONE '
ended_by exited "the kernel's shutdown"
[ -n "$REASON" ] && failed=1
report "$tag/run" "$(guest_lines | sed -n 's/^GUEST DONE //p')"
exit $failed
