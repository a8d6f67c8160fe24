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
                mmu_update multicall memory_op grant_table descriptors \
                priv_op debugreg vm_assist pae_emul
ARCH_BENCHES := hypercalls mm events traps
