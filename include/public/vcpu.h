/*
 * HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid, void *arg): bringing
 * vCPUs up and down, their timers and the areas they share with the
 * hypervisor.  vcpuid names one of the caller's own vCPUs; an id the
 * domain does not have fails with -XEN_ENOENT.
 */
#ifndef XEN_PUBLIC_VCPU_H
#define XEN_PUBLIC_VCPU_H

#include "xen.h"

/*
 * VCPUOP_initialise (arg struct vcpu_guest_context for PV guests): give a
 * vCPU that has never run its initial state.  Allowed once per vCPU; the
 * vCPU still waits for VCPUOP_up.
 */
#define VCPUOP_initialise            0

/* VCPUOP_up (arg NULL): make an initialised vCPU runnable. */
#define VCPUOP_up                    1

/*
 * VCPUOP_down (arg NULL): stop a vCPU.  For another vCPU the call may
 * return before it has stopped (VCPUOP_is_up may still say 1 for a
 * moment); on itself it is synchronous.  A stopped vCPU keeps its
 * references to page tables, GDT and LDT: switch it to harmless ones
 * first if they are to be freed.
 */
#define VCPUOP_down                  2

/* VCPUOP_is_up (arg NULL): returns 1 if the vCPU is up, else 0. */
#define VCPUOP_is_up                 3

/*
 * VCPUOP_get_runstate_info (arg struct vcpu_runstate_info, OUT): the
 * vCPU's scheduling state and the time it has spent in each state.
 */
#define VCPUOP_get_runstate_info     4
struct vcpu_runstate_info {
    int      state;             /* RUNSTATE_* */
    uint64_t state_entry_time;  /* system time (ns) the state was entered */
    /*
     * Set in state_entry_time while the hypervisor rewrites a registered
     * runstate area (with VMASST_TYPE_runstate_update_flag enabled).
     */
#define XEN_RUNSTATE_UPDATE          (xen_mk_ullong(1) << 63)
    /* ns spent in each RUNSTATE_*; the sum keeps pace with system time. */
    uint64_t time[4];
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

#define RUNSTATE_running  0     /* running on a physical CPU */
#define RUNSTATE_runnable 1     /* wants to run, waiting for a CPU */
#define RUNSTATE_blocked  2     /* waiting for an event (idle) */
/*
 * Neither running nor waiting for an event: paused, down, or held inside
 * the hypervisor.  Blocked takes precedence when both apply.
 */
#define RUNSTATE_offline  3

/*
 * VCPUOP_register_runstate_memory_area: a guest virtual address where
 * the hypervisor keeps a copy of the vCPU's vcpu_runstate_info, updated
 * each time the vCPU is scheduled in (so a reader running on that vCPU
 * always sees RUNSTATE_running).  One area per vCPU; a new call replaces
 * the old one.
 */
#define VCPUOP_register_runstate_memory_area 5
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;
    } addr;                     /* IN: guest virtual address */
};
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

/*
 * VCPUOP_set_periodic_timer (arg struct vcpu_set_periodic_timer) /
 * VCPUOP_stop_periodic_timer (arg NULL): the vCPU's periodic timer, which
 * raises VIRQ_TIMER every period_ns (periods under 1 ms may be refused).
 */
#define VCPUOP_set_periodic_timer    6
#define VCPUOP_stop_periodic_timer   7
struct vcpu_set_periodic_timer {
    uint64_t period_ns;         /* IN */
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

/*
 * VCPUOP_set_singleshot_timer (arg struct vcpu_set_singleshot_timer) /
 * VCPUOP_stop_singleshot_timer (arg NULL): the vCPU's one-shot timer,
 * which raises VIRQ_TIMER once at timeout_abs_ns.
 */
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;    /* IN: absolute system time, ns */
    uint32_t flags;             /* IN: VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

/* Fail with -XEN_ETIME instead of firing at once if the time has passed. */
#define _VCPU_SSHOTTMR_future (0)
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

/*
 * VCPUOP_register_vcpu_info: move the vCPU's struct vcpu_info out of
 * shared_info to byte 'offset' of guest frame 'mfn' (e.g. into per-CPU
 * data).  The structure must not cross a page boundary.  Once per vCPU.
 */
#define VCPUOP_register_vcpu_info   10
struct vcpu_register_vcpu_info {
    uint64_t mfn;               /* IN: frame holding the vcpu_info */
    uint32_t offset;            /* IN: byte offset in the frame */
    uint32_t rsvd;              /* must be 0 */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

/* VCPUOP_send_nmi (arg NULL): raise an NMI on the vCPU. */
#define VCPUOP_send_nmi             11

/*
 * VCPUOP_get_physid (arg struct vcpu_get_physid): for a vCPU pinned to
 * one physical CPU, that CPU's ids; on x86 bits 0..31 are the APIC id and
 * bits 32..63 the ACPI id.  -XEN_EINVAL when not meaningful.
 */
#define VCPUOP_get_physid           12
struct vcpu_get_physid {
    uint64_t phys_id;           /* OUT */
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

/*
 * VCPUOP_register_vcpu_time_memory_area: a second place (guest virtual
 * address) where the hypervisor writes the vCPU's vcpu_time_info,
 * whenever it writes the one in vcpu_info and with the same version
 * protocol.  Meant to be mapped read-only into user space for a fast
 * clock.
 */
#define VCPUOP_register_vcpu_time_memory_area   13
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        struct vcpu_time_info *v;
        uint64_t p;
    } addr;                     /* IN: guest virtual address */
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);

#endif /* XEN_PUBLIC_VCPU_H */
