#ifndef ASM_INSN_DECODE_H
#define ASM_INSN_DECODE_H

/*
 * A small decoder for the instructions a PV guest kernel executes that
 * fault in its ring (3 for 64-bit guests, 1 for 32-bit ones) and that the
 * hypervisor emulates
 * (arch/x86/pv/emul-priv.c): port I/O, CPUID, RDMSR/WRMSR, moves from and
 * to control and debug registers, HLT, CLI/STI, CLTS, WBINVD/INVD, and the
 * forced-emulation prefix "ud2; .ascii \"xen\"", and stores (mov to memory,
 * xchg, cmpxchg, cmpxchg8b, or/and/bts/btr/btc with an immediate) for
 * writes to the guest's own page tables.  64-bit mode, or 32-bit
 * protected mode for 32-bit PV guests (INSN_MODE_32: no REX, 32-bit
 * default operand and address sizes).  Pure logic on a byte buffer,
 * unit-tested on the host (tests/unit/test-insn-decode.c).
 *
 * Everything else decodes as INSN_OTHER: the fault is bounced to the guest.
 */
#include <xen/types.h>

#define INSN_MAX_LEN    15

enum insn_kind {
    INSN_OTHER,         /* not one of ours (or malformed, or too long) */
    INSN_IN,            /* in  %dx or imm8 -> al/ax/eax */
    INSN_OUT,           /* out al/ax/eax -> %dx or imm8 */
    INSN_INS,           /* ins[bwl] (%dx) -> es:(%rdi) */
    INSN_OUTS,          /* outs[bwl] seg:(%rsi) -> (%dx) */
    INSN_CPUID,
    INSN_RDMSR,
    INSN_WRMSR,
    INSN_MOV_FROM_CR,   /* mov %crN, gpr */
    INSN_MOV_TO_CR,     /* mov gpr, %crN */
    INSN_MOV_FROM_DR,   /* mov %drN, gpr */
    INSN_MOV_TO_DR,     /* mov gpr, %drN */
    INSN_HLT,
    INSN_CLTS,
    INSN_WBINVD,
    INSN_INVD,
    INSN_MOV_STORE,     /* mov reg or imm -> memory (88, 89, c6 /0, c7 /0) */
    INSN_XCHG_STORE,    /* xchg reg, memory (86, 87; lock optional) */
    INSN_CMPXCHG_STORE, /* cmpxchg reg, memory (0f b0, 0f b1; lock optional) */
    INSN_CMPXCHG8B_STORE, /* cmpxchg8b memory (0f c7 /1; lock optional) */
    INSN_RMW_STORE,     /* or/and imm, bts/btr/btc imm -> memory (rmw below) */
    INSN_CLI,
    INSN_STI,
    INSN_XSETBV,
};

/* The operation of an INSN_RMW_STORE (Linux's bit operations on PTEs). */
enum insn_rmw { RMW_OR, RMW_AND, RMW_BTS, RMW_BTR, RMW_BTC };

/* The mode of the code segment the instruction runs in. */
enum insn_mode {
    INSN_MODE_64,       /* long mode, 64-bit code */
    INSN_MODE_32,       /* protected mode (or compatibility mode), 32-bit code */
};

/* Segment override prefixes (INSN_OUTS reads through it). */
enum insn_seg { SEG_NONE, SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };

struct insn {
    enum insn_kind kind;
    unsigned int len;           /* bytes, prefixes included */
    unsigned int opsize;        /* operand bytes: 1, 2 or 4 (I/O), 8 (stores) */
    unsigned int addr_size;     /* address bytes: 8 or 4 (64-bit mode,
                                   0x67), 4 or 2 (32-bit mode, 0x67): string
                                   ops use that much of rsi/rdi/rcx */
    bool rep;                   /* 0xf3 (or 0xf2) before ins/outs */
    bool lock;                  /* 0xf0 (only xchg/cmpxchg decode with it) */
    bool port_imm;              /* the port is 'port', not %dx */
    uint8_t port;
    enum insn_seg seg;
    unsigned int ctrl;          /* CR/DR number (REX.R included) */
    unsigned int gpr;           /* general register number, 0 = rax .. 15 */
    bool gpr_high8;             /* a store of ah/ch/dh/bh (gpr 0..3) */
    bool has_imm;               /* INSN_MOV_STORE of 'imm', not of gpr */
    uint64_t imm;               /* sign-extended; the bit number for bt* */
    enum insn_rmw rmw;          /* INSN_RMW_STORE only */
};

/*
 * Decode the instruction in buf[0..n) as code of the given mode.  Fills
 * *insn (kind INSN_OTHER if it is none of the above, or if it does not
 * fit in n bytes, or a memory operand uses 16-bit addressing).  Returns
 * insn->kind.
 */
enum insn_kind insn_decode(const uint8_t *buf, unsigned int n,
                           enum insn_mode mode, struct insn *insn);

/*
 * Length of Xen's forced-emulation prefix (ud2; 'x' 'e' 'n') at buf, or 0
 * if buf[0..n) does not start with it.
 */
#define INSN_FORCED_PREFIX_LEN  5
unsigned int insn_forced_prefix(const uint8_t *buf, unsigned int n);

#endif
