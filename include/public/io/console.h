/*
 * The PV console ring page: one page shared by a guest's console
 * frontend and the console backend (xenconsoled), found through
 * start_info.console.domU (or the HVM params) and signalled over its
 * event channel.  'in' carries bytes to the guest, 'out' bytes from it;
 * both are byte rings with free-running indexes, masked with
 * MASK_XENCONS_IDX(idx, ring).  The producer of each ring writes the
 * bytes, then (after a write barrier) its _prod index.
 */
#ifndef XEN_PUBLIC_IO_CONSOLE_H
#define XEN_PUBLIC_IO_CONSOLE_H

#include "../xen-types.h"

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];              /* backend to guest */
    char out[2048];             /* guest to backend */
    XENCONS_RING_IDX in_cons;   /* GST */
    XENCONS_RING_IDX in_prod;   /* backend */
    XENCONS_RING_IDX out_cons;  /* backend */
    XENCONS_RING_IDX out_prod;  /* GST */
};

#ifdef XEN_WANT_FLEX_CONSOLE_RING
#include "ring.h"
DEFINE_XEN_FLEX_RING(xencons);
#endif

#endif /* XEN_PUBLIC_IO_CONSOLE_H */
