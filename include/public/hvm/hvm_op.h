/*
 * HYPERVISOR_hvm_op(unsigned long op, void *arg): operations for HVM
 * guests and their device models.  Only the sub-ops a PV or PVH kernel
 * (or our tools) may touch are declared here; the rest of Xen's HVMOP_*
 * set (altp2m, memory access, tracing) is not carried.
 */
#ifndef XEN_PUBLIC_HVM_HVM_OP_H
#define XEN_PUBLIC_HVM_HVM_OP_H

#include "../xen.h"
#include "../event_channel.h"

/*
 * HVMOP_set_param / HVMOP_get_param (arg struct xen_hvm_param): a
 * per-domain HVM parameter (HVM_PARAM_* in Xen's hvm/params.h: callback
 * IRQ, XenStore and console rings, ...).  Setting most of them needs
 * privilege over the domain.
 */
#define HVMOP_set_param           0
#define HVMOP_get_param           1
struct xen_hvm_param {
    domid_t  domid;             /* IN */
    uint16_t pad;
    uint32_t index;             /* IN: HVM_PARAM_* */
    uint64_t value;             /* IN (set) / OUT (get) */
};
typedef struct xen_hvm_param xen_hvm_param_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_param_t);

/* HVMOP_flush_tlbs (arg NULL): flush the TLBs of every vCPU. */
#define HVMOP_flush_tlbs          5

/* Memory types of a guest frame (HVMOP_get_mem_type). */
typedef enum {
    HVMMEM_ram_rw,              /* ordinary RAM */
    HVMMEM_ram_ro,              /* RAM; writes are dropped */
    HVMMEM_mmio_dm,             /* accesses go to the device model */
    HVMMEM_unused,              /* no longer settable */
    HVMMEM_ioreq_server         /* claimed by an ioreq server (from/to ram_rw only) */
} hvmmem_type_t;

/*
 * HVMOP_pagetable_dying (arg struct xen_hvm_pagetable_dying): hint that
 * the page table rooted at gpa is about to be freed (helps shadow paging).
 */
#define HVMOP_pagetable_dying        9
struct xen_hvm_pagetable_dying {
    domid_t  domid;             /* IN */
    uint16_t pad[3];
    uint64_t gpa;               /* IN: guest physical address of the top-level table */
};
typedef struct xen_hvm_pagetable_dying xen_hvm_pagetable_dying_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_pagetable_dying_t);

/* HVMOP_get_time (arg struct xen_hvm_get_time): system time. */
#define HVMOP_get_time              10
struct xen_hvm_get_time {
    uint64_t now;               /* OUT: ns since the hypervisor booted */
};
typedef struct xen_hvm_get_time xen_hvm_get_time_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_time_t);

/* HVMOP_get_mem_type (arg struct xen_hvm_get_mem_type): the type of one frame. */
#define HVMOP_get_mem_type    15
struct xen_hvm_get_mem_type {
    domid_t domid;              /* IN */
    uint16_t mem_type;          /* OUT: hvmmem_type_t */
    uint16_t pad[2];
    uint64_t pfn;               /* IN */
};
typedef struct xen_hvm_get_mem_type xen_hvm_get_mem_type_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_mem_type_t);

/*
 * HVMOP_set_evtchn_upcall_vector (arg struct xen_hvm_evtchn_upcall_vector):
 * deliver 'vcpu''s event upcalls as interrupt 'vector', instead of the
 * domain-wide callback.
 */
#define HVMOP_set_evtchn_upcall_vector 23
struct xen_hvm_evtchn_upcall_vector {
    uint32_t vcpu;              /* IN */
    uint8_t vector;             /* IN */
};
typedef struct xen_hvm_evtchn_upcall_vector xen_hvm_evtchn_upcall_vector_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_evtchn_upcall_vector_t);

/* Numbers of sub-ops not declared here, reserved. */
#define HVMOP_guest_request_vm_event 24
#define HVMOP_altp2m                 25

#endif /* XEN_PUBLIC_HVM_HVM_OP_H */
