/*
 * HYPERVISOR_callback_op(int cmd, void *arg): register the entry points
 * through which the hypervisor enters a PV guest kernel for events and
 * special cases.  (HYPERVISOR_set_callbacks is the older call for the
 * event and failsafe callbacks only.)
 */
#ifndef XEN_PUBLIC_CALLBACK_H
#define XEN_PUBLIC_CALLBACK_H

#include "xen.h"

/* Event upcall: entered when events are pending and not masked. */
#define CALLBACKTYPE_event                 0

/*
 * Failsafe: entered when returning to the guest fails because of bad
 * guest state (typically a segment register that no longer loads); the
 * offending selectors are on the frame.
 */
#define CALLBACKTYPE_failsafe              1

/* 64-bit guests: SYSCALL from 64-bit guest user mode. */
#define CALLBACKTYPE_syscall               2

/* Retired (a 32-bit hypervisor feature). */
#define CALLBACKTYPE_sysenter_deprecated   3

/* NMI delivery. */
#define CALLBACKTYPE_nmi                   4

/* SYSENTER from 32-bit guest user mode (Intel CPUs; 64-bit user too). */
#define CALLBACKTYPE_sysenter              5

/* SYSCALL from 32-bit guest user mode (AMD CPUs). */
#define CALLBACKTYPE_syscall32             7

/*
 * Mask events (set evtchn_upcall_mask) on entry.  Ignored for the event
 * and NMI callbacks, which always mask.
 */
#define _CALLBACKF_mask_events             0
#define CALLBACKF_mask_events              (1U << _CALLBACKF_mask_events)

/* CALLBACKOP_register: set (or replace) a callback. */
#define CALLBACKOP_register                0
#ifndef __ASSEMBLY__
struct callback_register {
    uint16_t type;              /* IN: CALLBACKTYPE_* */
    uint16_t flags;             /* IN: CALLBACKF_* */
    xen_callback_t address;     /* IN: entry point */
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);
#endif /* !__ASSEMBLY__ */

/*
 * CALLBACKOP_unregister: remove a callback.  Only some types can be
 * removed; the others give -XEN_EINVAL.
 */
#define CALLBACKOP_unregister              1
#ifndef __ASSEMBLY__
struct callback_unregister {
    uint16_t type;              /* IN: CALLBACKTYPE_* */
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);
#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_CALLBACK_H */
