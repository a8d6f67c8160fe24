#!/bin/sh
# Build and run the host unit tests: every tests/unit/test-<name>.c, or
# only those named on the command line (tests/unit/run.sh bitmap params).
# Binaries go to $O/unit (O as for make, default build).  Prints one
# PASS/FAIL line per test case and a summary; exits 1 if any failed.
cd "$(dirname "$0")/../.." || exit 2
CC=${HOSTCC:-gcc}
out=${O:-build}/unit
rm -rf "$out"
mkdir -p "$out/obj"

# Sanitizers catch out-of-bounds and undefined behaviour the checks miss;
# use them when this compiler can.
san=""
echo 'int main(void) { return 0; }' > "$out/san.c"
$CC -fsanitize=address,undefined "$out/san.c" -o "$out/san" 2>/dev/null &&
    san="-fsanitize=address,undefined -fno-sanitize-recover=all"
# The exit status harness.c reports as "sanitizer error".
export ASAN_OPTIONS=exitcode=102 UBSAN_OPTIONS=exitcode=102

common="-std=gnu11 -g -O1 -fno-builtin -fno-strict-aliasing $san
    -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
    -Wstrict-prototypes -Wmissing-prototypes -Werror"
# Hypervisor sources: as in the real build, no libc headers and no
# assumptions about library functions.
# libfdt's headers come alone (not all of /usr/include), with our
# libfdt_env.h, as in the hypervisor build.
mkdir -p "$out/libfdt-include"
cp /usr/include/libfdt.h /usr/include/fdt.h "$out/libfdt-include/" 2>/dev/null
hyp_flags="$common -ffreestanding -nostdinc -isystem $($CC -print-file-name=include)
    -Iinclude -Itests/unit/include -include xen/compiler.h
    -Iinclude/libfdt -I$out/libfdt-include"
test_flags="$common -Iinclude -Itests/unit -Itests/unit/include"

# compile <source> <object> <flags...>: on failure print the errors indented.
compile() {
    src=$1 obj=$2
    shift 2
    $CC "$@" -c "$src" -o "$obj" 2> "$obj.err" && return 0
    sed 's/^/    /' "$obj.err"
    return 1
}

compile tests/unit/harness.c "$out/obj/harness.o" $test_flags || exit 1

if [ $# -gt 0 ]; then
    tests=""
    for n in "$@"; do tests="$tests tests/unit/test-$n.c"; done
else
    tests=$(ls tests/unit/test-*.c)
fi

for t in $tests; do
    name=$(basename "$t" .c)
    name=${name#test-}
    # First line: /* SOURCES: a.c b.c */
    sources=$(sed -n '1s|^/\* *SOURCES:\(.*\)\*/.*|\1|p' "$t")
    # Optional second line: /* LIBS: -lfoo */ (host libraries to link).
    libs=$(sed -n '2s|^/\* *LIBS:\(.*\)\*/.*|\1|p' "$t")
    objs="$out/obj/harness.o"
    ok=1
    for s in $sources; do
        o="$out/obj/$(echo "$s" | tr / _).o"
        [ -f "$o" ] || compile "$s" "$o" $hyp_flags || ok=0
        objs="$objs $o"
    done
    compile "$t" "$out/obj/test-$name.o" $test_flags || ok=0
    if [ $ok = 1 ] && ! $CC $san "$out/obj/test-$name.o" $objs $libs -o "$out/$name" \
            2> "$out/$name.err"; then
        sed 's/^/    /' "$out/$name.err"
        ok=0
    fi
    if [ $ok = 0 ]; then
        echo "FAIL unit/$name (build failed)" > "$out/$name.out"
    else
        "$out/$name" > "$out/$name.out" 2>&1
        rc=$?
        # A binary that died outside any case printed no FAIL line.
        [ $rc = 0 ] || grep -q '^FAIL' "$out/$name.out" ||
            echo "FAIL unit/$name (exit status $rc)" >> "$out/$name.out"
    fi
    cat "$out/$name.out"
done

passed=$(cat "$out"/*.out | grep -c '^PASS')
failed=$(cat "$out"/*.out | grep -c '^FAIL')
echo "unit tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
