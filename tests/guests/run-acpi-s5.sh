#!/bin/bash
# ACPI S5 requested by dom0 (platform_op enter_acpi_sleep, the way Linux
# powers off under Xen): boots the PV test kernel with only=acpi_s5
# acpi_s5=poweroff and checks that the machine is switched off.
#
#   tests/guests/run-acpi-s5.sh [hypervisor]   (as tests/guests/run.sh)
# GUEST_ARCH=x86_32 boots the 32-bit PAE kernel instead; GUEST_TAG
# replaces "guest" in the result's name, as for run.sh.
# Prints PASS/FAIL guest/acpi-s5; exits 1 on failure.
cd "$(dirname "$0")/../.." || exit 2
. tests/boot/lib.sh
. tests/guests/lib.sh
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}

tag=${GUEST_TAG:-guest}
image=$(hypervisor_image "${1:-$XEN_DIR/xen.gz}") || exit 1
mkdir -p "$OUT"
if ! build_guests; then
    echo "FAIL $tag/acpi-s5 (cannot build the test kernel, see $OUT/guests-build.log)"
    exit 1
fi
boot_guest "${GUEST_TAG:-guests}/acpi-s5" "$image" only=acpi_s5 acpi_s5=poweroff ||
    { echo "FAIL $tag/acpi-s5 (cannot make the GRUB CD)"; exit 1; }
no_triple_fault
deny 'GUEST (FAIL|FATAL|DONE)'
need 'GUEST INFO acpi_s5: entering S5'
need 'Entering ACPI S5'
ended_by exited "the power-off"
failed=0
[ -n "$REASON" ] && failed=1
report "$tag/acpi-s5"
exit $failed
