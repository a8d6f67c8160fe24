# Helpers for the QEMU boot tests (bash; sourced by tests/boot/run-all.sh).
#
# A test boots the hypervisor under QEMU/TCG with the serial console going
# to a log, stops QEMU as soon as the log shows what the test waits for,
# then checks the log.  QEMU always runs with -no-reboot, so any reset
# (a crash's reboot, a triple fault) ends it: a reset before the awaited
# line is a failure.  "-d cpu_reset" makes QEMU log "Triple fault" when
# one happens, which is never acceptable.
#
# Settings (environment):
#   XEN_DIR       directory holding xen and xen.gz (default: the top level)
#   OUT           where logs go (default tests/out)
#   BOOT_TIMEOUT  seconds after which a boot counts as hung (default 60)
#   QEMU          emulator (default qemu-system-x86_64)
#   SERIAL_PIPE   if set, a path: the serial port is also an input, bytes
#                 written to the FIFO $SERIAL_PIPE.in are typed on COM1
#                 (made by run_qemu unless it exists; open it read-write
#                 and writes never block).  The log is still $LOG.

XEN_DIR=${XEN_DIR:-.}
OUT=${OUT:-tests/out}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-60}
QEMU=${QEMU:-qemu-system-x86_64}

now_us() {
    echo "${EPOCHREALTIME/./}"
}

# run_qemu <name> <stop-ERE> <qemu args...>
# Runs QEMU with the serial console in $OUT/<name>.log until a line matches
# stop-ERE if not empty (QEMU is killed then; with LINGER=<s> it must have
# survived that much longer), QEMU exits by itself, or BOOT_TIMEOUT passes.
# Sets LOG, DEBUG_LOG, END (stopped, exited, "timeout after <n>s") and SECS
# (seconds from start to END, polled every POLL seconds).
run_qemu() {
    local name=$1 stop=$2 pid start rc serial reader=
    shift 2

    LOG=$OUT/$name.log
    DEBUG_LOG=$OUT/$name.debug
    mkdir -p "$(dirname "$LOG")"
    : > "$LOG"
    serial=(-serial "file:$LOG")
    if [ -n "$SERIAL_PIPE" ]; then
        # QEMU's pipe backend: it reads .in and writes .out; cat keeps the log.
        rm -f "$SERIAL_PIPE.out"
        mkfifo "$SERIAL_PIPE.out"
        [ -p "$SERIAL_PIPE.in" ] || mkfifo "$SERIAL_PIPE.in"
        cat "$SERIAL_PIPE.out" > "$LOG" &
        reader=$!
        serial=(-chardev "pipe,id=serial0,path=$SERIAL_PIPE" -serial chardev:serial0)
    fi
    start=$(now_us)
    timeout "$BOOT_TIMEOUT" "$QEMU" -nographic -display none -monitor none \
        -no-reboot "${serial[@]}" -d cpu_reset -D "$DEBUG_LOG" "$@" \
        < /dev/null > "$OUT/$name.qemu" 2>&1 &
    pid=$!
    END=exited
    while kill -0 "$pid" 2> /dev/null; do
        if [ -n "$stop" ] && grep -Eq -- "$stop" "$LOG"; then
            END=stopped
            if [ -n "$LINGER" ]; then
                sleep "$LINGER"
                kill -0 "$pid" 2> /dev/null || END=exited
            fi
            kill "$pid" 2> /dev/null
            break
        fi
        sleep "${POLL:-0.2}"
    done
    wait "$pid"
    rc=$?
    if [ -n "$reader" ]; then
        # QEMU closed .out, so cat sees the end (unless QEMU never opened it).
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$reader" 2> /dev/null || break
            sleep 0.1
        done
        kill "$reader" 2> /dev/null
        wait "$reader"
        rm -f "$SERIAL_PIPE.in" "$SERIAL_PIPE.out"
    fi
    [ "$END" != stopped ] && [ $rc = 124 ] && END="timeout after ${BOOT_TIMEOUT}s"
    SECS=$(( ($(now_us) - start) / 10000 ))
    SECS=$(printf '%d.%02d' $((SECS / 100)) $((SECS % 100)))
}

# Checks on the last run's log.  The first failing one sets REASON; later
# ones then do nothing, so REASON names the first problem.
REASON=
need() {
    [ -z "$REASON" ] && ! grep -Eq -- "$1" "$LOG" && REASON="no '$1' in the log"
    return 0
}

deny() {
    local hit

    [ -z "$REASON" ] && hit=$(grep -Em1 -- "$1" "$LOG") &&
        REASON="'${hit//$'\r'}' in the log"
    return 0
}

no_triple_fault() {
    [ -z "$REASON" ] && grep -q "Triple fault" "$DEBUG_LOG" 2> /dev/null &&
        REASON="triple fault (QEMU log: $DEBUG_LOG)"
    return 0
}

# ended_by <stopped|exited> <what was awaited>: how QEMU had to end.
ended_by() {
    [ -n "$REASON" ] || [ "$END" = "$1" ] && return 0
    case $END in
    timeout*) REASON="$END waiting for $2" ;;
    exited)  REASON="QEMU exited (machine reset) while waiting for $2" ;;
    stopped) REASON="the boot went on instead of $2" ;;
    esac
    return 0
}

# report <name> [detail]: one PASS/FAIL line from REASON; a failure also
# shows the end of the serial log.  Printed in one write, so parallel
# tests do not interleave; the line alone also goes to $RESULTS if set.
report() {
    local name=$1 detail=${2:+ ($2)} text

    if [ -z "$REASON" ]; then
        text="PASS $name$detail"
    else
        text="FAIL $name ($REASON)"
        if [ -s "$LOG" ]; then
            text+=$'\n'"    last lines of $LOG:"
            text+=$'\n'"$(tail -n 15 "$LOG" | tr -d '\r' | sed 's/^/    | /')"
        fi
    fi
    printf '%s\n' "$text"
    [ -z "$RESULTS" ] || printf '%s\n' "${text%%$'\n'*}" >> "$RESULTS"
    REASON=
}
