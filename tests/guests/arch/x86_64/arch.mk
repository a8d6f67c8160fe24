# 64-bit PV guests: compiler flags and the virtual layout.
#
# No red zone: the hypervisor pushes exception and event frames straight
# onto the interrupted stack.  General registers only: handlers never save
# FPU/SSE state, so no code may touch it.
ARCH_CFLAGS  := -m64 -mno-red-zone -mgeneral-regs-only -mcmodel=small
ARCH_LDFLAGS := -m elf_x86_64

# Where the kernel runs: pseudo-physical frame 0 maps here.  Low enough
# to be the same for 32-bit guests; above 0 so that the first 4 MiB,
# NULL included, stay unmapped and bad pointers there really are bad.
VIRT_BASE    := 0x400000
