#ifndef XEN_LIBFDT_CALL_H
#define XEN_LIBFDT_CALL_H

/*
 * Run fn(arg), which may call Debian's prebuilt libfdt, in the
 * environment that library needs (arch/x86/libfdt-env.c): interrupts
 * off, a valid stack-protector canary at %fs:0x28, on the caller's
 * hypervisor stack.  Returns fn's result.  Every libfdt call in the
 * hypervisor goes through here.
 */
int libfdt_call(int (*fn)(void *arg), void *arg);

#endif
