/*
 * Feature flags.  The hypervisor reports the ones it offers a guest
 * through XENVER_get_features (bit n of submap 0 is feature n).  A kernel
 * states the ones it understands in its XEN_ELFNOTE_FEATURES string
 * ("name|name|!name": the names below without XENFEAT_, '!' marking a
 * feature it cannot run without) or XEN_ELFNOTE_SUPPORTED_FEATURES
 * (a bitmap).  A kernel that may be dom0 must list dom0 when it uses the
 * bitmap note.
 */
#ifndef XEN_PUBLIC_FEATURES_H
#define XEN_PUBLIC_FEATURES_H

/* Page tables may be written directly; no need to map them read-only. */
#define XENFEAT_writable_page_tables       0

/* Descriptor tables may be written directly. */
#define XENFEAT_writable_descriptor_tables 1

/*
 * The hypervisor translates guest-physical to machine addresses (HVM,
 * PVH): page tables hold guest frame numbers.
 */
#define XENFEAT_auto_translated_physmap    2

/* The guest kernel runs in supervisor mode (ring 0). */
#define XENFEAT_supervisor_mode_kernel     3

/* 32-bit PAE page directories need not be below 4 GiB. */
#define XENFEAT_pae_pgdir_above_4gb        4

/* MMU_PT_UPDATE_PRESERVE_AD is available. */
#define XENFEAT_mmu_pt_update_preserve_ad  5

/* MMUEXT_CLEAR_PAGE and MMUEXT_COPY_PAGE are available. */
#define XENFEAT_highmem_assist             6

/* GNTTABOP_map_grant_ref honours GNTMAP_guest_avail_mask bits. */
#define XENFEAT_gnttab_map_avail_bits      7

/* HVM: events may be delivered through an interrupt vector. */
#define XENFEAT_hvm_callback_vector        8

/* HVM: the PV clock is safe to use. */
#define XENFEAT_hvm_safe_pvclock           9

/* HVM: physical IRQs may be routed as PIRQs. */
#define XENFEAT_hvm_pirqs                 10

/* The guest may run as dom0. */
#define XENFEAT_dom0                      11

/* Retired: grant mappings also appeared at pfn == mfn.  Never offered. */
#define XENFEAT_grant_map_identity        12

/* XENMEMF_vnode is understood. */
#define XENFEAT_memory_op_vnode_supported 13

/* Arm: SMCCC calls to the hypervisor. */
#define XENFEAT_ARM_SMCCC_supported       14

/*
 * PVH: the ACPI RSDP may be anywhere, not only below 1 MiB.  Consulted
 * only for guests whose XEN_ELFNOTE_GUEST_OS contains "linux".
 */
#define XENFEAT_linux_rsdp_unrestricted   15

/*
 * Whether the domain's frames are direct mapped (gfn == mfn).  Exactly
 * one of the two is set by hypervisors that know about them; older ones
 * set neither, and then PV (not translated) guests are direct mapped and
 * x86 translated guests are not.
 */
#define XENFEAT_not_direct_mapped         16
#define XENFEAT_direct_mapped             17

/*
 * Added after Xen 4.17 (numbers fixed since), so that kernels and the
 * ELF note parser can name them; this hypervisor offers them only once it
 * implements them.
 *   runstate_phys_area, vcpu_time_phys_area: the guest may register its
 *     runstate and time areas by guest physical address (vcpu.h).
 *   dm_msix_all_writes: device models see every MSI-X vector control
 *     write, not only unmasking ones.
 */
#define XENFEAT_runstate_phys_area        18
#define XENFEAT_vcpu_time_phys_area       19
#define XENFEAT_dm_msix_all_writes        20

/* Number of 32-bit submaps XENVER_get_features has. */
#define XENFEAT_NR_SUBMAPS 1

#endif /* XEN_PUBLIC_FEATURES_H */
