#ifndef ASM_X86_DEFNS_H
#define ASM_X86_DEFNS_H

/* Architectural bits of RFLAGS and the control registers (Intel SDM vol. 3). */

#define X86_EFLAGS_CF       0x00000001UL
#define X86_EFLAGS_PF       0x00000004UL
#define X86_EFLAGS_AF       0x00000010UL
#define X86_EFLAGS_ZF       0x00000040UL
#define X86_EFLAGS_SF       0x00000080UL
#define X86_EFLAGS_TF       0x00000100UL
#define X86_EFLAGS_IF       0x00000200UL
#define X86_EFLAGS_DF       0x00000400UL
#define X86_EFLAGS_OF       0x00000800UL
#define X86_EFLAGS_IOPL     0x00003000UL
#define X86_EFLAGS_NT       0x00004000UL
#define X86_EFLAGS_RF       0x00010000UL
#define X86_EFLAGS_VM       0x00020000UL
#define X86_EFLAGS_AC       0x00040000UL

#define X86_CR0_PE          0x00000001UL
#define X86_CR0_MP          0x00000002UL
#define X86_CR0_EM          0x00000004UL
#define X86_CR0_TS          0x00000008UL
#define X86_CR0_ET          0x00000010UL
#define X86_CR0_NE          0x00000020UL
#define X86_CR0_WP          0x00010000UL
#define X86_CR0_AM          0x00040000UL
#define X86_CR0_PG          0x80000000UL

#define X86_CR4_VME         0x00000001UL
#define X86_CR4_PVI         0x00000002UL
#define X86_CR4_TSD         0x00000004UL
#define X86_CR4_DE          0x00000008UL
#define X86_CR4_PSE         0x00000010UL
#define X86_CR4_PAE         0x00000020UL
#define X86_CR4_MCE         0x00000040UL
#define X86_CR4_PGE         0x00000080UL
#define X86_CR4_OSFXSR      0x00000200UL
#define X86_CR4_OSXMMEXCPT  0x00000400UL
#define X86_CR4_UMIP        0x00000800UL
#define X86_CR4_FSGSBASE    0x00010000UL
#define X86_CR4_PCIDE       0x00020000UL
#define X86_CR4_OSXSAVE     0x00040000UL
#define X86_CR4_SMEP        0x00100000UL
#define X86_CR4_SMAP        0x00200000UL

#endif
