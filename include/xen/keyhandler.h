#ifndef XEN_KEYHANDLER_H
#define XEN_KEYHANDLER_H

#include <xen/types.h>

/*
 * Debug keys (common/keyhandler.c): while serial input goes to the
 * hypervisor (common/console_input.c), each byte typed runs the handler
 * registered for it, if any.  'h' lists them all.
 *
 * A handler runs in softirq context on the CPU that took the input
 * (interrupts on; it may take non-interrupt-safe locks and send IPIs),
 * unless it was registered irq_ok: then it may also run straight from the
 * UART's interrupt, with interrupts off, and must do nothing that needs
 * them (no on_selected_cpus, no locks taken without irqsave elsewhere).
 * Its output is printed whatever loglvl= says.
 */
typedef void keyhandler_fn_t(unsigned char key);

/*
 * key: 0..127, not taken yet (a second registration is a BUG).  desc:
 * one line for 'h', kept by reference.  Call at boot, before input starts
 * or from any context afterwards (registration is one atomic store).
 */
void register_keyhandler(unsigned char key, keyhandler_fn_t *fn,
                         const char *desc, bool irq_ok);

/* For the console: may key's handler run in interrupt context? */
bool keyhandler_irq_ok(unsigned char key);
/* Run key's handler here and now; a key without one is ignored. */
void handle_keypress(unsigned char key);

#endif
