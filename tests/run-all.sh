#!/bin/sh
# Everything `make test` runs: set-up, build, unit tests, ABI layout
# checks, boot tests, PV guest tests (the areas in tests/guests/ours.list,
# and the 32-bit PAE kernel's in tests/guests/ours-x86_32.list),
# dom0's ACPI S5 power-off (tests/guests/run-acpi-s5.sh), boot-time
# domains from device trees (tests/guests/run-domains.sh), Debian's Linux
# as dom0 on Xen 4.17 (the reference) and on ours (tests/linux/run.sh),
# its Xen drivers used from userspace, QEMU's disk and NIC, the balloon
# and SMP dom0 (tests/linux/devices.sh).
# Prints one PASS/FAIL line per test and ends with "N passed, N failed";
# exits 1 if anything failed.  The whole output is kept in
# tests/out/test-run.log.  O selects the object directory as for make
# (images at the top level for the default O=build, else in $O).
cd "$(dirname "$0")/.." || exit 2
O=${O:-build}
if [ "$O" = build ]; then XEN_DIR=.; else XEN_DIR=$O; fi
export O XEN_DIR
mkdir -p tests/out
log=tests/out/test-run.log

# step <name> <command...>: one PASS/FAIL line for a command; its output
# goes to tests/out/<name>.log, whose end is shown if it fails.
step() {
    name=$1
    shift
    if "$@" > "tests/out/$name.log" 2>&1; then
        echo "PASS $name"
    else
        echo "FAIL $name (see tests/out/$name.log)"
        tail -n 20 "tests/out/$name.log" | sed 's/^/    | /'
        return 1
    fi
}

{
    step setup ./scripts/setup.sh
    step build make -j"$(nproc)" O="$O" && built=1
    sh tests/unit/run.sh
    sh tests/build/check-libfdt.sh
    sh tests/abi/run.sh
    if [ -n "$built" ]; then
        bash tests/boot/run-all.sh
        GUEST_ARGS="only=$(grep -v '^#' tests/guests/ours.list | paste -sd,)" \
            bash tests/guests/run.sh
        GUEST_ARCH=x86_32 GUEST_TAG=guest32 \
            GUEST_ARGS="only=$(grep -v '^#' tests/guests/ours-x86_32.list | paste -sd,)" \
            bash tests/guests/run.sh
        bash tests/guests/run-acpi-s5.sh
        GUEST_ARCH=x86_32 GUEST_TAG=guest32 bash tests/guests/run-acpi-s5.sh
        # Two dom0 vCPUs sharing one CPU: fairness and the failsafe callback.
        GUEST_TAG=guest-1cpu GUEST_QEMU="-cpu max,-smap -smp 1 -m 512M" \
            GUEST_XEN_ARGS="console=com1 com1=115200,8n1 dom0_mem=64M loglvl=all guest_loglvl=all noreboot=false dom0_max_vcpus=2" \
            GUEST_ARGS="only=smp_initialise,smp_share,smp_xsave,smp_failsafe,smp_runstate,smp_down_up" \
            bash tests/guests/run.sh
        # The same with two 32-bit vCPUs: every switch reloads ring-1 state.
        GUEST_ARCH=x86_32 GUEST_TAG=guest32-1cpu GUEST_QEMU="-cpu max,-smap -smp 1 -m 512M" \
            GUEST_XEN_ARGS="console=com1 com1=115200,8n1 dom0_mem=64M loglvl=all guest_loglvl=all noreboot=false dom0_max_vcpus=2" \
            GUEST_ARGS="only=smp_initialise,smp_share,smp_failsafe,smp_runstate,smp_down_up" \
            bash tests/guests/run.sh
        bash tests/guests/run-domains.sh
        bash tests/linux/run.sh xen-4.17
        bash tests/linux/run.sh
        LINUX_LOADER=mb1 LINUX_CPU=max bash tests/linux/run.sh
        LINUX_LOADER=kernel LINUX_VCPUS=2 LINUX_END=reboot bash tests/linux/run.sh
        # Dom0's Xen drivers from userspace (xendev-test), physinfo and the
        # balloon, QEMU's disk and NIC (xh-hw-test); on ours 1, 2 and 4
        # vCPUs, the three runs also covering QEMU -smp 1, 2, 4, -cpu max,
        # and dom0_mem 256M and 1G (docs/testing.md).
        bash tests/linux/devices.sh xen-4.17
        LINUX_SMP=1 LINUX_DOM0_MEM=256M LINUX_CPU=max bash tests/linux/devices.sh
        LINUX_VCPUS=2 LINUX_DOM0_MEM=1G bash tests/linux/devices.sh
        LINUX_VCPUS=4 LINUX_CPU=max bash tests/linux/devices.sh
    else
        echo "FAIL boot (not run: the build failed)"
    fi
} 2>&1 | tee "$log"

passed=$(grep -c '^PASS' "$log")
failed=$(grep -c '^FAIL' "$log")
echo "$passed passed, $failed failed" | tee -a "$log"
[ "$failed" = 0 ]
