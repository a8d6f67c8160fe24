/*
 * HYPERVISOR_physdev_op(int cmd, void *arg): physical devices and
 * interrupts, mostly for dom0: I/O privilege, IRQ routing (PIRQs), MSI,
 * PCI device registration.  cmd is PHYSDEVOP_*, arg its structure.
 */
#ifndef XEN_PUBLIC_PHYSDEV_H
#define XEN_PUBLIC_PHYSDEV_H

#include "xen.h"

/* PHYSDEVOP_eoi: the guest finished handling PIRQ 'irq'. */
#define PHYSDEVOP_eoi                   12
struct physdev_eoi {
    uint32_t irq;               /* IN: PIRQ */
};
typedef struct physdev_eoi physdev_eoi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_eoi_t);

/*
 * PHYSDEVOP_pirq_eoi_gmfn_v1 / _v2: register a page used as a bitmap,
 * indexed by PIRQ, in which the hypervisor marks the PIRQs that need a
 * PHYSDEVOP_eoi.  With v1, PHYSDEVOP_eoi also unmasks the PIRQ's event
 * channel; v2 leaves PHYSDEVOP_eoi unchanged.
 */
#define PHYSDEVOP_pirq_eoi_gmfn_v1       17
#define PHYSDEVOP_pirq_eoi_gmfn_v2       28
#define PHYSDEVOP_pirq_eoi_gmfn          PHYSDEVOP_pirq_eoi_gmfn_v2
struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn;             /* IN */
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pirq_eoi_gmfn_t);

/* PHYSDEVOP_irq_status_query: how PIRQ 'irq' must be handled. */
#define PHYSDEVOP_irq_status_query       5
struct physdev_irq_status_query {
    uint32_t irq;               /* IN: PIRQ */
    uint32_t flags;             /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_status_query_t);

/* The guest must call PHYSDEVOP_eoi after handling it. */
#define _XENIRQSTAT_needs_eoi   (0)
#define  XENIRQSTAT_needs_eoi   (1U << _XENIRQSTAT_needs_eoi)
/* The line is shared with other domains. */
#define _XENIRQSTAT_shared      (1)
#define  XENIRQSTAT_shared      (1U << _XENIRQSTAT_shared)

/*
 * PHYSDEVOP_set_iopl: the calling vCPU's virtual I/O privilege level
 * (0..3): guest code at ring r may use the ports the domain is permitted
 * when r <= iopl.
 */
#define PHYSDEVOP_set_iopl               6
struct physdev_set_iopl {
    uint32_t iopl;              /* IN */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

/*
 * PHYSDEVOP_set_iobitmap: the calling vCPU's I/O permission bitmap, in
 * TSS format (a clear bit allows the port), covering ports
 * 0..nr_ports-1; further ports are denied.  Ports the domain has no
 * permission for stay denied whatever the bitmap says.
 */
#define PHYSDEVOP_set_iobitmap           7
struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8) bitmap; /* IN */
    uint32_t nr_ports;          /* IN */
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

/* PHYSDEVOP_apic_read / _write: an IO-APIC register (dom0). */
#define PHYSDEVOP_apic_read              8
#define PHYSDEVOP_apic_write             9
struct physdev_apic {
    unsigned long apic_physbase; /* IN: IO-APIC base address */
    uint32_t reg;               /* IN: register index */
    uint32_t value;             /* IN (write) or OUT (read) */
};
typedef struct physdev_apic physdev_apic_t;
DEFINE_XEN_GUEST_HANDLE(physdev_apic_t);

/* PHYSDEVOP_alloc_irq_vector / _free_irq_vector: a vector for IRQ 'irq' (dom0). */
#define PHYSDEVOP_alloc_irq_vector      10
#define PHYSDEVOP_free_irq_vector       11
struct physdev_irq {
    uint32_t irq;               /* IN */
    uint32_t vector;            /* OUT (alloc) or IN (free) */
};
typedef struct physdev_irq physdev_irq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_t);

/* physdev_map_pirq.type */
#define MAP_PIRQ_TYPE_MSI               0x0
#define MAP_PIRQ_TYPE_GSI               0x1
#define MAP_PIRQ_TYPE_UNKNOWN           0x2
#define MAP_PIRQ_TYPE_MSI_SEG           0x3
#define MAP_PIRQ_TYPE_MULTI_MSI         0x4

/*
 * PHYSDEVOP_map_pirq (dom0): give 'domid' a PIRQ for a GSI (index = GSI)
 * or for an MSI/MSI-X vector of a PCI device.  pirq < 0 on input asks the
 * hypervisor to choose.
 */
#define PHYSDEVOP_map_pirq               13
struct physdev_map_pirq {
    domid_t domid;              /* IN */
    int type;                   /* IN: MAP_PIRQ_TYPE_* */
    int index;                  /* IN: GSI, or MSI-X entry (not for MULTI_MSI) */
    int pirq;                   /* IN: wanted, or < 0; OUT: assigned */
    /* IN: PCI bus; for MSI_SEG and MULTI_MSI, bits 16..31 are the segment. */
    int bus;
    int devfn;                  /* IN */
    int entry_nr;               /* IN: MSI vectors (OUT too for MULTI_MSI) */
    uint64_t table_base;        /* IN: MSI-X table address */
};
typedef struct physdev_map_pirq physdev_map_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_map_pirq_t);

/* PHYSDEVOP_unmap_pirq (dom0): undo PHYSDEVOP_map_pirq. */
#define PHYSDEVOP_unmap_pirq             14
struct physdev_unmap_pirq {
    domid_t domid;              /* IN */
    int pirq;                   /* IN */
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_unmap_pirq_t);

/* PHYSDEVOP_manage_pci_add / _remove (dom0): a PCI device on segment 0. */
#define PHYSDEVOP_manage_pci_add         15
#define PHYSDEVOP_manage_pci_remove      16
struct physdev_manage_pci {
    uint8_t bus;                /* IN */
    uint8_t devfn;              /* IN */
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_t);

/* PHYSDEVOP_restore_msi (dom0): rewrite a device's MSI state after resume. */
#define PHYSDEVOP_restore_msi            19
struct physdev_restore_msi {
    uint8_t bus;                /* IN */
    uint8_t devfn;              /* IN */
};
typedef struct physdev_restore_msi physdev_restore_msi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_restore_msi_t);

/* PHYSDEVOP_manage_pci_add_ext (dom0): add with extended/virtual function info. */
#define PHYSDEVOP_manage_pci_add_ext     20
struct physdev_manage_pci_ext {
    uint8_t bus;                /* IN */
    uint8_t devfn;              /* IN */
    uint32_t is_extfn;          /* IN: an ARI extended function */
    uint32_t is_virtfn;         /* IN: an SR-IOV virtual function */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;                   /* IN: its physical function */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_ext_t);

/*
 * HYPERVISOR_physdev_op_compat(struct physdev_op *op): the old form of
 * the call, with the command inside the argument.
 */
struct physdev_op {
    uint32_t cmd;               /* IN: PHYSDEVOP_* */
    union {
        physdev_irq_status_query_t irq_status_query;
        physdev_set_iopl_t         set_iopl;
        physdev_set_iobitmap_t     set_iobitmap;
        physdev_apic_t             apic_op;
        physdev_irq_t              irq_op;
    } u;
};
typedef struct physdev_op physdev_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_op_t);

/* PHYSDEVOP_setup_gsi (dom0): trigger mode and polarity of a GSI, from ACPI. */
#define PHYSDEVOP_setup_gsi    21
struct physdev_setup_gsi {
    int gsi;                    /* IN */
    uint8_t triggering;         /* IN: 0 edge, 1 level */
    uint8_t polarity;           /* IN: 0 active high, 1 active low */
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_setup_gsi_t);

/* Number 22 is unused. */

/* PHYSDEVOP_get_free_pirq: a free PIRQ of the caller for 'type' (GSI or MSI). */
#define PHYSDEVOP_get_free_pirq    23
struct physdev_get_free_pirq {
    int type;                   /* IN: MAP_PIRQ_TYPE_GSI or _MSI */
    uint32_t pirq;              /* OUT */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_get_free_pirq_t);

/*
 * PHYSDEVOP_pci_mmcfg_reserved (dom0): whether an MMCONFIG area found in
 * ACPI is reserved in the firmware's memory map.
 */
#define XEN_PCI_MMCFG_RESERVED         0x1

#define PHYSDEVOP_pci_mmcfg_reserved    24
struct physdev_pci_mmcfg_reserved {
    uint64_t address;           /* IN */
    uint16_t segment;           /* IN */
    uint8_t start_bus;          /* IN */
    uint8_t end_bus;            /* IN */
    uint32_t flags;             /* IN: XEN_PCI_MMCFG_* */
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_mmcfg_reserved_t);

/* physdev_pci_device_add.flags */
#define XEN_PCI_DEV_EXTFN              0x1  /* ARI extended function */
#define XEN_PCI_DEV_VIRTFN             0x2  /* SR-IOV virtual function (physfn valid) */
#define XEN_PCI_DEV_PXM                0x4  /* optarr[0] is the proximity domain */

/* PHYSDEVOP_pci_device_add (dom0): a PCI device appeared. */
#define PHYSDEVOP_pci_device_add        25
struct physdev_pci_device_add {
    uint16_t seg;               /* IN */
    uint8_t bus;                /* IN */
    uint8_t devfn;              /* IN */
    uint32_t flags;             /* IN: XEN_PCI_DEV_* */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;                   /* IN: with XEN_PCI_DEV_VIRTFN */
    uint32_t optarr[XEN_FLEX_ARRAY_DIM]; /* IN: optional values, per flags */
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_add_t);

/*
 * PHYSDEVOP_pci_device_remove, PHYSDEVOP_restore_msi_ext,
 * PHYSDEVOP_prepare_msix, PHYSDEVOP_release_msix (dom0): arg is a
 * struct physdev_pci_device.  prepare_msix / release_msix bracket times
 * when the device's MSI-X MMIO resources may not / may change.
 */
#define PHYSDEVOP_pci_device_remove     26
#define PHYSDEVOP_restore_msi_ext       27
#define PHYSDEVOP_prepare_msix          30
#define PHYSDEVOP_release_msix          31
struct physdev_pci_device {
    uint16_t seg;               /* IN */
    uint8_t bus;                /* IN */
    uint8_t devfn;              /* IN */
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);

/*
 * PHYSDEVOP_dbgp_op (dom0): a USB debug port controller is about to be
 * reset / has been reset, so that a hypervisor console on it can cope.
 */
#define PHYSDEVOP_DBGP_RESET_PREPARE    1
#define PHYSDEVOP_DBGP_RESET_DONE       2

#define PHYSDEVOP_DBGP_BUS_UNKNOWN      0
#define PHYSDEVOP_DBGP_BUS_PCI          1

#define PHYSDEVOP_dbgp_op               29
struct physdev_dbgp_op {
    uint8_t op;                 /* IN: PHYSDEVOP_DBGP_RESET_* */
    uint8_t bus;                /* IN: PHYSDEVOP_DBGP_BUS_* */
    union {
        physdev_pci_device_t pci;
    } u;                        /* IN */
};
typedef struct physdev_dbgp_op physdev_dbgp_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_dbgp_op_t);

/* Retired (no longer implemented). */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY      4

#endif /* XEN_PUBLIC_PHYSDEV_H */
