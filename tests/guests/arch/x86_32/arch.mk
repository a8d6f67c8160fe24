# 32-bit PAE PV guests: compiler flags, the virtual layout, and which
# tests and benchmarks this port runs (the others still assume 64-bit
# PV: 64-bit frames, registers or page-table geometry).
#
# General registers only, as for 64-bit: handlers never save FPU/SSE
# state.  -m32 needs no libgcc: libgcc.c has the 64-bit divisions.
ARCH_CFLAGS  := -m32 -march=i686 -mgeneral-regs-only
ARCH_LDFLAGS := -m elf_i386
ARCH_OBJS    := arch/x86_32/libgcc.o

# The same place as 64-bit kernels: the first 4 MiB stay unmapped.
VIRT_BASE    := 0x400000

ARCH_TESTS   := xen_version console_io vcpu_op sched_op traps evtchn timer update_va_mapping pae \
                mmu_update multicall memory_op grant_table descriptors user_mode ldt \
                callbacks mmuext_op grant_pte console_read pt_preempt \
                priv_op debugreg vm_assist pae_emul physdev_op pci pirq msi \
                iomem platform_op sysctl mca pae_dom0 smp acpi_s5
ARCH_BENCHES := hypercalls mm events traps syscall
