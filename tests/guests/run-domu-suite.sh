#!/bin/bash
# The PV test-kernel suite as boot-time domUs beside a 64-bit dom0
# (docs/boot-domains.md, docs/compat.md "Tests"): one QEMU boot per
# variant, the hypervisor given four modules (QEMU -kernel/-initrd):
#   0  dom0: the 64-bit test kernel, a few areas then wait_domains (it
#      waits, woken by VIRQ_DOM_EXC, until both domUs have shut down, so
#      its reboot, which resets the machine, comes after their reports)
#   1  the 64-bit test kernel (label tk64): domU d1, unprivileged, the
#      areas of tests/guests/ours-domu.list
#   2  the 32-bit PAE test kernel (label tk32): domU d2, unprivileged,
#      the areas of tests/guests/ours-domu-x86_32.list
#   3  the device tree naming them
# Variants (the placement of the vCPUs; dom0 pinned to CPU 0; each domU
# has 2 vCPUs, pinned):
#   domu      the 32-bit domU alone on CPU 1, the 64-bit one beside dom0
#             on CPU 0
#   domu1cpu  everything on CPU 0 (CPU 1 idles): the CPU switches between
#             32-bit and 64-bit vCPUs of three domains all the time
# Lines (for domu; domu1cpu likewise): PASS/FAIL domu64/<area> and
# domu32/<area> from each domU's GUEST PASS/FAIL (its console_io lines,
# "(d<id>) " before each), SKIP for an area the list marks "skip" that
# skipped itself (it needs the hardware domain), <tag>/run for each domU (it
# reached GUEST DONE with nothing failed), dom0's areas as
# domu-dom0/<area>, and domu/boot for the boot as a whole (dom0 saw both
# domains shut down, then reset the machine).  An area of a list that
# did not report is a failure.  Exits 1 if anything failed.
cd "$(dirname "$0")/../.." || exit 2
. tests/boot/lib.sh
GUEST_ARCH=x86_64
. tests/guests/lib.sh
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
FATAL="Panic on CPU|FATAL TRAP|Fault while reporting|GUEST FATAL|reported crashed"
DIR=$OUT/domu-suite
RESULTS=$DIR/results
TK64=$O/guests/x86_64/test-kernel
TK32=$O/guests/x86_32/test-kernel
DOM0_AREAS=xen_version,sysctl,wait_domains
mkdir -p "$DIR"
: > "$RESULTS"

if ! make -s -f tests/guests/Makefile O="$O" ARCH=x86_64 > "$DIR/build.log" 2>&1 ||
   ! make -s -f tests/guests/Makefile O="$O" ARCH=x86_32 >> "$DIR/build.log" 2>&1; then
    echo "FAIL domu/build (see $DIR/build.log)"
    exit 1
fi

# areas <list file>: its names, comma-separated.
areas() {
    grep -v '^#' "$1" | cut -d' ' -f1 | paste -sd,
}

# expected <list file> <area>: "pass" or "skip", what the list says of it
# (empty if it is not listed).
expected() {
    awk -v a="$2" '!/^#/ && $1 == a { print ($2 == "skip" ? "skip" : "pass") }' "$1"
}

# write_dts <file> <CPU of d1> <CPU of d2>
write_dts() {
    cat > "$1" <<EOF
/dts-v1/;
/ {
    compatible = "xh,boot-domains";
    domains {
        domu64 {
            kernel = "tk64";
            memory = <32768>;
            vcpus = <2>;
            domid = <1>;
            cpus = <$2>;
            bootargs = "only=$(areas tests/guests/ours-domu.list)";
        };
        domu32 {
            kernel = "tk32";
            memory = <32768>;
            vcpus = <2>;
            domid = <2>;
            cpus = <$3>;
            bootargs = "only=$(areas tests/guests/ours-domu-x86_32.list)";
        };
    };
};
EOF
}

# domain_results <domid> <tag> <list file>: one line per GUEST PASS/FAIL/
# SKIP of that domain, a FAIL for each listed area that did not report,
# then <tag>/run.
domain_results() {
    local id=$1 tag=$2 list=$3 line area seen=" " failed=""

    while IFS= read -r line; do
        case $line in
        "GUEST PASS "*)
            area=${line#GUEST PASS }
            if [ "$(expected "$list" "$area")" = skip ]; then
                echo "FAIL $tag/$area (passed; $list expects it skipped)"
                failed=1 any_failed=1
            else
                echo "PASS $tag/$area"
            fi
            ;;
        "GUEST FAIL "*)
            line=${line#GUEST FAIL }
            area=${line%%: *}
            echo "FAIL $tag/$area (${line#*: })"
            failed=1 any_failed=1
            ;;
        "GUEST SKIP "*)
            line=${line#GUEST SKIP }
            area=${line%%: *}
            if [ "$(expected "$list" "$area")" = skip ]; then
                echo "SKIP $tag/$area (${line#*: })"
            else
                echo "FAIL $tag/$area (skipped: ${line#*: })"
                failed=1 any_failed=1
            fi
            ;;
        *)
            continue
            ;;
        esac
        seen+="$area "
    done < <(tr -d '\r' < "$LOG" | sed -n "s/^(d$id) \(GUEST .*\)$/\1/p")
    # shellcheck disable=SC2013  # one name a line
    for area in $(grep -v '^#' "$list" | cut -d' ' -f1); do
        case $seen in
        *" $area "*) ;;
        *) echo "FAIL $tag/$area (did not report)"; failed=1 any_failed=1 ;;
        esac
    done
    need "^\(d$id\) GUEST DONE passed=[0-9]+ failed=0"
    deny "^\(d$id\) GUEST FATAL"
    [ -n "$failed" ] && [ -z "$REASON" ] && REASON="an area failed"
    report "$tag/run" "$(tr -d '\r' < "$LOG" | sed -n "s/^(d$id) GUEST DONE //p")"
}

# variant <name> <CPU of d1> <CPU of d2>
variant() {
    local name=$1 dtb=$DIR/$1.dtb line

    write_dts "$DIR/$name.dts" "$2" "$3"
    if ! dtc -q -I dts -O dtb -o "$dtb" "$DIR/$name.dts"; then
        echo "FAIL $name/boot (dtc refused $DIR/$name.dts)"
        any_failed=1
        return
    fi
    # QEMU splits -initrd at commas; ",," is a literal one.
    # shellcheck disable=SC2086
    run_qemu "domu-suite/$name" "" -kernel "$XEN_DIR/xen" \
        -append "$GUEST_XEN_ARGS dom0_max_vcpus=1 dom0_vcpus_pin" \
        -initrd "$TK64 only=${DOM0_AREAS//,/,,},$TK64 xh.label=tk64,$TK32 xh.label=tk32,$dtb xh,,boot-domains" \
        -cpu max,-smap -smp 2 -m 512M
    while IFS= read -r line; do
        case $line in
        "GUEST PASS "*) echo "PASS $name-dom0/${line#GUEST PASS }" ;;
        "GUEST FAIL "*)
            line=${line#GUEST FAIL }
            echo "FAIL $name-dom0/${line%%: *} (${line#*: })"
            any_failed=1
            ;;
        esac
    done < <(guest_lines)
    domain_results 1 "${name}64" tests/guests/ours-domu.list
    domain_results 2 "${name}32" tests/guests/ours-domu-x86_32.list
    deny "$FATAL"
    no_triple_fault
    need "boot-domains: 2 of 2 domains valid"
    need "Building a 32-bit PAE PV domU"
    need "^(\(d0\) )?GUEST PASS wait_domains"
    need "^(\(d0\) )?GUEST DONE passed=[0-9]+ failed=0"
    need "Hardware Dom0 shutdown: rebooting machine"
    ended_by exited "dom0's shutdown"
    report "$name/boot" "$(guest_lines | sed -n 's/^GUEST DONE //p')"
}

any_failed=
variant domu 0 1
variant domu1cpu 0 0
[ -z "$any_failed" ] && ! grep -q '^FAIL' "$RESULTS"
