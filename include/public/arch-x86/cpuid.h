/*
 * The hypervisor's CPUID leaves.  They start at the first multiple of
 * 0x100 from 0x40000000 not taken by another hypervisor interface offered
 * to the same guest (0x40000000 normally, 0x40000100 when a Viridian
 * interface sits at 0x40000000).  A PV kernel sees them through the
 * forced-emulation prefix (XEN_CPUID in arch-x86/xen.h).  Leaf n below is
 * base + n - 1.
 */
#ifndef XEN_PUBLIC_ARCH_X86_CPUID_H
#define XEN_PUBLIC_ARCH_X86_CPUID_H

#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

/*
 * Leaf 1 (base + 0): EAX = highest leaf of this range; EBX, ECX, EDX =
 * "XenVMMXenVMM", the signature that identifies the hypervisor.
 */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558  /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d  /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e  /* "nVMM" */

/* Leaf 2 (base + 1): EAX = version, major in bits 16..31, minor in 0..15. */

/*
 * Leaf 3 (base + 2): EAX = number of hypercall pages (1); EBX = index of
 * the first hypervisor MSR (writing a guest page address to it has that
 * page filled with hypercall stubs); ECX = feature bits below; EDX = 0.
 */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD  (1u << 0)

/*
 * Leaf 4 (base + 3): time.
 *   sub-leaf 0: EAX bit 0 TSC emulated, bit 1 host TSC reliable, bit 2
 *               RDTSCP available; EBX tsc_mode (0 default, 1 always
 *               emulate, 2 never emulate, 3 never emulate + TSC_AUX);
 *               ECX guest TSC kHz; EDX incarnation (migrations so far).
 *   sub-leaf 1: EAX/EBX TSC offset low/high; ECX TSC-to-ns multiplier;
 *               EDX shift.
 *   sub-leaf 2: EAX host TSC kHz.
 */

/*
 * Leaf 5 (base + 4): HVM features in EAX (below); EBX the vCPU id when
 * XEN_HVM_CPUID_VCPU_ID_PRESENT, ECX the domain id when
 * XEN_HVM_CPUID_DOMID_PRESENT.
 */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT (1u << 0)    /* APIC accesses virtualised */
#define XEN_HVM_CPUID_X2APIC_VIRT      (1u << 1)    /* x2APIC accesses virtualised */
#define XEN_HVM_CPUID_IOMMU_MAPPINGS   (1u << 2)    /* foreign maps in the IOMMU */
#define XEN_HVM_CPUID_VCPU_ID_PRESENT  (1u << 3)    /* EBX holds the vCPU id */
#define XEN_HVM_CPUID_DOMID_PRESENT    (1u << 4)    /* ECX holds the domain id */
/*
 * Non-remappable IO-APIC RTEs (bits 49..55) and MSI addresses (bits 5..11)
 * carry destination APIC id bits 8..14, so interrupts can reach APIC ids
 * up to 32767.
 */
#define XEN_HVM_CPUID_EXT_DEST_ID      (1u << 5)
/* Per-vCPU upcall vectors work for event channels bound to physical IRQs. */
#define XEN_HVM_CPUID_UPCALL_VECTOR    (1u << 6)

/*
 * Leaf 6 (base + 5): PV guests.  Sub-leaf 0: EAX = highest sub-leaf;
 * EBX bits 0..7 = machine address width in bits (allowing for memory
 * hot-plug).
 */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK (0xffu << 0)

/* Leaves in the range after leaf 1. */
#define XEN_CPUID_MAX_NUM_LEAVES 5

#endif /* XEN_PUBLIC_ARCH_X86_CPUID_H */
