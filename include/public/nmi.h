/*
 * HYPERVISOR_nmi_op(unsigned int cmd, void *arg): NMI delivery to the
 * hardware domain.  Returns 0 or -XEN_E*.
 */
#ifndef XEN_PUBLIC_NMI_H
#define XEN_PUBLIC_NMI_H

#include "xen.h"

/*
 * Why an NMI was delivered: bits the hypervisor sets in
 * shared_info.arch.nmi_reason (x86).
 */
/* I/O channel check (system control port 0x61, bit 6). */
#define _XEN_NMIREASON_io_error     0
#define XEN_NMIREASON_io_error      (1UL << _XEN_NMIREASON_io_error)
/* PCI SERR# (system control port 0x61, bit 7). */
#define _XEN_NMIREASON_pci_serr     1
#define XEN_NMIREASON_pci_serr      (1UL << _XEN_NMIREASON_pci_serr)
/* Some other hardware NMI. */
#define _XEN_NMIREASON_unknown      2
#define XEN_NMIREASON_unknown       (1UL << _XEN_NMIREASON_unknown)

/*
 * XENNMI_register_callback (arg struct xennmi_callback): set the calling
 * vCPU's NMI handler.  Only dom0's vCPU 0 may; others get -XEN_EINVAL.
 */
#define XENNMI_register_callback   0
struct xennmi_callback {
    unsigned long handler_address;  /* IN */
    unsigned long pad;
};
typedef struct xennmi_callback xennmi_callback_t;
DEFINE_XEN_GUEST_HANDLE(xennmi_callback_t);

/* XENNMI_unregister_callback (arg NULL): remove it. */
#define XENNMI_unregister_callback 1

#endif /* XEN_PUBLIC_NMI_H */
