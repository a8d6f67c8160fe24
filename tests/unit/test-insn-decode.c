/* SOURCES: arch/x86/pv/insn-decode.c common/string.c */
/*
 * arch/x86/pv/insn-decode.c: the decoder behind privileged-instruction
 * emulation for PV guests.  Byte sequences are what GNU as emits for the
 * instruction in each comment.
 */
#include "harness.h"
#include <asm/insn-decode.h>

static struct insn d;

#define DECODE(...) ({                                              \
    static const uint8_t b_[] = { __VA_ARGS__ };                    \
    insn_decode(b_, sizeof(b_), INSN_MODE_64, &d);                                \
})

TEST(port_io_immediate)
{
    CHECK_EQ(DECODE(0xe4, 0x80), INSN_IN);          /* in $0x80, %al */
    CHECK_EQ(d.len, 2);
    CHECK_EQ(d.opsize, 1);
    CHECK(d.port_imm);
    CHECK_EQ(d.port, 0x80);
    CHECK_EQ(DECODE(0x66, 0xe5, 0x71), INSN_IN);    /* in $0x71, %ax */
    CHECK_EQ(d.len, 3);
    CHECK_EQ(d.opsize, 2);
    CHECK_EQ(DECODE(0xe7, 0x70), INSN_OUT);         /* out %eax, $0x70 */
    CHECK_EQ(d.opsize, 4);
    CHECK_EQ(d.port, 0x70);
    CHECK_EQ(DECODE(0xe6, 0xff), INSN_OUT);         /* out %al, $0xff */
    CHECK_EQ(d.opsize, 1);
    CHECK_EQ(d.port, 0xff);
}

TEST(port_io_dx)
{
    CHECK_EQ(DECODE(0xec), INSN_IN);                /* in (%dx), %al */
    CHECK_EQ(d.len, 1);
    CHECK(!d.port_imm);
    CHECK_EQ(DECODE(0xed), INSN_IN);                /* in (%dx), %eax */
    CHECK_EQ(d.opsize, 4);
    CHECK_EQ(DECODE(0x66, 0xef), INSN_OUT);         /* out %ax, (%dx) */
    CHECK_EQ(d.opsize, 2);
    CHECK_EQ(d.len, 2);
    /* A REX prefix changes nothing for port I/O (no 64-bit form). */
    CHECK_EQ(DECODE(0x48, 0xed), INSN_IN);
    CHECK_EQ(d.opsize, 4);
    CHECK_EQ(d.len, 2);
}

TEST(string_io)
{
    CHECK_EQ(DECODE(0xf3, 0x6e), INSN_OUTS);        /* rep outsb */
    CHECK(d.rep);
    CHECK_EQ(d.opsize, 1);
    CHECK_EQ(d.seg, SEG_NONE);
    CHECK_EQ(DECODE(0x66, 0xf3, 0x6d), INSN_INS);   /* rep insw */
    CHECK_EQ(d.opsize, 2);
    CHECK_EQ(d.len, 3);
    CHECK_EQ(DECODE(0x64, 0x67, 0x6f), INSN_OUTS);  /* outsl %fs:(%esi) */
    CHECK_EQ(d.seg, SEG_FS);
    CHECK_EQ(d.addr_size, 4);
    CHECK(!d.rep);
}

TEST(system)
{
    CHECK_EQ(DECODE(0x0f, 0xa2), INSN_CPUID);
    CHECK_EQ(d.len, 2);
    CHECK_EQ(DECODE(0x0f, 0x32), INSN_RDMSR);
    CHECK_EQ(DECODE(0x0f, 0x30), INSN_WRMSR);
    CHECK_EQ(DECODE(0xf4), INSN_HLT);
    CHECK_EQ(d.len, 1);
    CHECK_EQ(DECODE(0x0f, 0x06), INSN_CLTS);
    CHECK_EQ(DECODE(0x0f, 0x09), INSN_WBINVD);
    CHECK_EQ(DECODE(0x0f, 0x08), INSN_INVD);
    CHECK_EQ(DECODE(0x0f, 0x31), INSN_OTHER);       /* rdtsc: never faults here */
    CHECK_EQ(DECODE(0x0f, 0x01, 0xd1), INSN_XSETBV);
    CHECK_EQ(d.len, 3);
    CHECK_EQ(DECODE(0x0f, 0x01, 0xd0), INSN_OTHER); /* xgetbv: never faults here */
    CHECK_EQ(DECODE(0x0f, 0x01), INSN_OTHER);       /* truncated */
    CHECK_EQ(DECODE(0xf0, 0x0f, 0x01, 0xd1), INSN_OTHER);  /* lock: #UD */
}

TEST(control_registers)
{
    CHECK_EQ(DECODE(0x0f, 0x20, 0xd8), INSN_MOV_FROM_CR);   /* mov %cr3, %rax */
    CHECK_EQ(d.ctrl, 3);
    CHECK_EQ(d.gpr, 0);
    CHECK_EQ(d.len, 3);
    CHECK_EQ(DECODE(0x41, 0x0f, 0x20, 0xe7), INSN_MOV_FROM_CR); /* mov %cr4, %r15 */
    CHECK_EQ(d.ctrl, 4);
    CHECK_EQ(d.gpr, 15);
    CHECK_EQ(d.len, 4);
    CHECK_EQ(DECODE(0x0f, 0x22, 0xc3), INSN_MOV_TO_CR);     /* mov %rbx, %cr0 */
    CHECK_EQ(d.ctrl, 0);
    CHECK_EQ(d.gpr, 3);
    CHECK_EQ(DECODE(0x44, 0x0f, 0x20, 0xc0), INSN_MOV_FROM_CR); /* mov %cr8, %rax */
    CHECK_EQ(d.ctrl, 8);
    CHECK_EQ(DECODE(0x0f, 0x21, 0xf9), INSN_MOV_FROM_DR);   /* mov %db7, %rcx */
    CHECK_EQ(d.ctrl, 7);
    CHECK_EQ(d.gpr, 1);
    CHECK_EQ(DECODE(0x0f, 0x23, 0xc6), INSN_MOV_TO_DR);     /* mov %rsi, %db0 */
    CHECK_EQ(d.ctrl, 0);
    CHECK_EQ(d.gpr, 6);
}

TEST(rejects)
{
    CHECK_EQ(DECODE(0xf0, 0x0f, 0x20, 0xc0), INSN_OTHER);   /* lock */
    CHECK_EQ(DECODE(0x0f), INSN_OTHER);                     /* truncated */
    CHECK_EQ(DECODE(0x0f, 0x20), INSN_OTHER);
    CHECK_EQ(DECODE(0xe4), INSN_OTHER);
    CHECK_EQ(DECODE(0x66, 0x66), INSN_OTHER);
    CHECK_EQ(DECODE(0x48), INSN_OTHER);
    CHECK_EQ(DECODE(0x90), INSN_OTHER);                     /* nop */
    CHECK_EQ(DECODE(0x0f, 0x0b), INSN_OTHER);               /* ud2 */
    CHECK_EQ(insn_decode((const uint8_t *)"", 0, INSN_MODE_64, &d), INSN_OTHER);
    /* Fifteen prefixes then the opcode: too long for the architecture. */
    CHECK_EQ(DECODE(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0xec),
             INSN_OTHER);
}

TEST(forced_prefix)
{
    static const uint8_t fe[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
    static const uint8_t bad[] = { 0x0f, 0x0b, 'x', 'e', 'N', 0x0f, 0xa2 };

    CHECK_EQ(insn_forced_prefix(fe, sizeof(fe)), 5);
    CHECK_EQ(insn_decode(fe + 5, sizeof(fe) - 5, INSN_MODE_64, &d), INSN_CPUID);
    CHECK_EQ(insn_forced_prefix(fe, 4), 0);
    CHECK_EQ(insn_forced_prefix(bad, sizeof(bad)), 0);
}

TEST(stores)
{
    CHECK_EQ(DECODE(0x48, 0x89, 0x02), INSN_MOV_STORE);     /* mov %rax, (%rdx) */
    CHECK_EQ(d.opsize, 8);
    CHECK_EQ(d.gpr, 0);
    CHECK(!d.has_imm);
    CHECK_EQ(d.len, 3);
    CHECK_EQ(DECODE(0x4c, 0x89, 0x44, 0x24, 0x08), INSN_MOV_STORE); /* mov %r8, 8(%rsp) */
    CHECK_EQ(d.gpr, 8);
    CHECK_EQ(d.len, 5);
    CHECK_EQ(DECODE(0x89, 0x0d, 1, 2, 3, 4), INSN_MOV_STORE);  /* mov %ecx, x(%rip) */
    CHECK_EQ(d.opsize, 4);
    CHECK_EQ(d.gpr, 1);
    CHECK_EQ(d.len, 6);
    CHECK_EQ(DECODE(0x66, 0x89, 0x98, 0, 1, 0, 0), INSN_MOV_STORE); /* mov %bx, 0x100(%rax) */
    CHECK_EQ(d.opsize, 2);
    CHECK_EQ(d.gpr, 3);
    CHECK_EQ(d.len, 7);
    CHECK_EQ(DECODE(0x88, 0x27), INSN_MOV_STORE);           /* mov %ah, (%rdi) */
    CHECK_EQ(d.opsize, 1);
    CHECK_EQ(d.gpr, 0);
    CHECK(d.gpr_high8);
    CHECK_EQ(DECODE(0x40, 0x88, 0x27), INSN_MOV_STORE);     /* mov %spl, (%rdi) */
    CHECK_EQ(d.gpr, 4);
    CHECK(!d.gpr_high8);
    /* SIB without base: disp32. */
    CHECK_EQ(DECODE(0x89, 0x04, 0x25, 0, 0x10, 0, 0), INSN_MOV_STORE); /* mov %eax, 0x1000 */
    CHECK_EQ(d.len, 7);
    /* Immediates, sign-extended to 64 bits with REX.W. */
    CHECK_EQ(DECODE(0x48, 0xc7, 0x07, 0xff, 0xff, 0xff, 0xff), INSN_MOV_STORE);
    CHECK_EQ(d.opsize, 8);                                  /* movq $-1, (%rdi) */
    CHECK(d.has_imm);
    CHECK_EQ(d.imm, ~0ULL);
    CHECK_EQ(d.len, 7);
    CHECK_EQ(DECODE(0xc6, 0x40, 0x10, 0x5a), INSN_MOV_STORE); /* movb $0x5a, 16(%rax) */
    CHECK_EQ(d.imm, 0x5a);
    CHECK_EQ(d.len, 4);
    CHECK_EQ(DECODE(0x66, 0xc7, 0x00, 0x34, 0x12), INSN_MOV_STORE); /* movw $0x1234, (%rax) */
    CHECK_EQ(d.imm, 0x1234);
    CHECK_EQ(d.len, 5);
    /* Register destinations, other c7 forms, truncation. */
    CHECK_EQ(DECODE(0x48, 0x89, 0xc2), INSN_OTHER);         /* mov %rax, %rdx */
    CHECK_EQ(DECODE(0xc7, 0x08, 0, 0, 0, 0), INSN_OTHER);   /* c7 /1 */
    CHECK_EQ(DECODE(0x48, 0x89, 0x44, 0x24), INSN_OTHER);   /* disp8 missing */
    CHECK_EQ(DECODE(0xc7, 0x07, 1, 2, 3), INSN_OTHER);      /* imm32 short */
    CHECK_EQ(DECODE(0x89, 0x04), INSN_OTHER);               /* SIB missing */
}

TEST(cli_sti)
{
    static const uint8_t cli[] = { 0xfa }, sti[] = { 0xfb };
    struct insn insn;

    CHECK_EQ(insn_decode(cli, sizeof(cli), INSN_MODE_64, &insn), INSN_CLI);
    CHECK_EQ(insn.len, 1);
    CHECK_EQ(insn_decode(sti, sizeof(sti), INSN_MODE_64, &insn), INSN_STI);
    CHECK_EQ(insn.len, 1);
    CHECK_EQ(insn_decode(cli, 0, INSN_MODE_64, &insn), INSN_OTHER);
}

TEST(xchg_cmpxchg_stores)
{
    /* xchg %rdx,(%rax); lock xchg %rdx,(%rax); lock cmpxchg %rcx,(%rdi);
     * cmpxchg %r9d,0x8(%rsi); xchg %ah,(%rbx); xchg %rdx,%rax (register). */
    static const uint8_t xchg[] = { 0x48, 0x87, 0x10 };
    static const uint8_t lxchg[] = { 0xf0, 0x48, 0x87, 0x10 };
    static const uint8_t lcmpxchg[] = { 0xf0, 0x48, 0x0f, 0xb1, 0x0f };
    static const uint8_t cmpxchg32[] = { 0x44, 0x0f, 0xb1, 0x4e, 0x08 };
    static const uint8_t xchg_ah[] = { 0x86, 0x23 };
    static const uint8_t xchg_reg[] = { 0x48, 0x87, 0xd0 };
    static const uint8_t lock_mov[] = { 0xf0, 0x48, 0x89, 0x10 };
    static const uint8_t lock_cpuid[] = { 0xf0, 0x0f, 0xa2 };
    struct insn insn;

    CHECK_EQ(insn_decode(xchg, sizeof(xchg), INSN_MODE_64, &insn), INSN_XCHG_STORE);
    CHECK_EQ(insn.len, 3);
    CHECK_EQ(insn.opsize, 8);
    CHECK_EQ(insn.gpr, 2);
    CHECK_EQ(insn_decode(lxchg, sizeof(lxchg), INSN_MODE_64, &insn), INSN_XCHG_STORE);
    CHECK_EQ(insn.len, 4);
    CHECK(insn.lock);
    CHECK_EQ(insn_decode(lcmpxchg, sizeof(lcmpxchg), INSN_MODE_64, &insn), INSN_CMPXCHG_STORE);
    CHECK_EQ(insn.len, 5);
    CHECK_EQ(insn.opsize, 8);
    CHECK_EQ(insn.gpr, 1);
    CHECK_EQ(insn_decode(cmpxchg32, sizeof(cmpxchg32), INSN_MODE_64, &insn), INSN_CMPXCHG_STORE);
    CHECK_EQ(insn.len, 5);
    CHECK_EQ(insn.opsize, 4);
    CHECK_EQ(insn.gpr, 9);
    CHECK_EQ(insn_decode(xchg_ah, sizeof(xchg_ah), INSN_MODE_64, &insn), INSN_XCHG_STORE);
    CHECK_EQ(insn.opsize, 1);
    CHECK_EQ(insn.gpr, 0);
    CHECK(insn.gpr_high8);
    CHECK_EQ(insn_decode(xchg_reg, sizeof(xchg_reg), INSN_MODE_64, &insn), INSN_OTHER);
    CHECK_EQ(insn_decode(lock_mov, sizeof(lock_mov), INSN_MODE_64, &insn), INSN_OTHER);
    CHECK_EQ(insn_decode(lock_cpuid, sizeof(lock_cpuid), INSN_MODE_64, &insn), INSN_OTHER);
    CHECK_EQ(insn_decode(lcmpxchg, 4, INSN_MODE_64, &insn), INSN_OTHER);     /* truncated */
}

TEST(rmw_bit_operations)
{
    /* ds andb $0xfd,(%r12); lock orq $0x20,(%rdi); lock btrq $5,(%rax);
     * andl $0x7fffffff,0x4(%rbx); btl $5,(%rax) (no store); xorb $1,(%rax). */
    static const uint8_t andb[] = { 0x3e, 0x41, 0x80, 0x24, 0x24, 0xfd };
    static const uint8_t orq[] = { 0xf0, 0x48, 0x83, 0x0f, 0x20 };
    static const uint8_t btrq[] = { 0xf0, 0x48, 0x0f, 0xba, 0x30, 0x05 };
    static const uint8_t andl[] = { 0x81, 0x63, 0x04, 0xff, 0xff, 0xff, 0x7f };
    static const uint8_t bt[] = { 0x0f, 0xba, 0x20, 0x05 };
    static const uint8_t xorb[] = { 0x80, 0x30, 0x01 };
    struct insn insn;

    CHECK_EQ(insn_decode(andb, sizeof(andb), INSN_MODE_64, &insn), INSN_RMW_STORE);
    CHECK_EQ(insn.len, 6);
    CHECK_EQ(insn.opsize, 1);
    CHECK_EQ(insn.rmw, RMW_AND);
    CHECK_EQ(insn.imm & 0xff, 0xfd);
    CHECK_EQ(insn_decode(orq, sizeof(orq), INSN_MODE_64, &insn), INSN_RMW_STORE);
    CHECK_EQ(insn.len, 5);
    CHECK_EQ(insn.opsize, 8);
    CHECK_EQ(insn.rmw, RMW_OR);
    CHECK_EQ(insn.imm, 0x20);
    CHECK_EQ(insn_decode(btrq, sizeof(btrq), INSN_MODE_64, &insn), INSN_RMW_STORE);
    CHECK_EQ(insn.len, 6);
    CHECK_EQ(insn.rmw, RMW_BTR);
    CHECK_EQ(insn.imm, 5);
    CHECK_EQ(insn_decode(andl, sizeof(andl), INSN_MODE_64, &insn), INSN_RMW_STORE);
    CHECK_EQ(insn.len, 7);
    CHECK_EQ(insn.opsize, 4);
    CHECK_EQ(insn.imm, 0x7fffffff);
    CHECK_EQ(insn_decode(bt, sizeof(bt), INSN_MODE_64, &insn), INSN_OTHER);
    CHECK_EQ(insn_decode(xorb, sizeof(xorb), INSN_MODE_64, &insn), INSN_OTHER);
    CHECK_EQ(insn_decode(andl, 6, INSN_MODE_64, &insn), INSN_OTHER);          /* truncated */
}

/* 32-bit code (32-bit PV guests): as GNU as emits it with .code32. */
#define DECODE32(...) ({                                            \
    static const uint8_t b_[] = { __VA_ARGS__ };                    \
    insn_decode(b_, sizeof(b_), INSN_MODE_32, &d);                  \
})

TEST(compat_sizes)
{
    CHECK_EQ(DECODE32(0xed), INSN_IN);              /* in (%dx), %eax */
    CHECK_EQ(d.opsize, 4);
    CHECK_EQ(DECODE32(0x66, 0xed), INSN_IN);        /* in (%dx), %ax */
    CHECK_EQ(d.opsize, 2);
    CHECK_EQ(DECODE32(0xf3, 0x6e), INSN_OUTS);      /* rep outsb */
    CHECK_EQ(d.addr_size, 4);
    CHECK_EQ(DECODE32(0x67, 0xf3, 0x6c), INSN_INS); /* rep insb (%dx), %es:(%di) */
    CHECK_EQ(d.addr_size, 2);
    CHECK_EQ(d.len, 3);
    CHECK_EQ(DECODE(0xf3, 0x6e), INSN_OUTS);        /* 64-bit: rsi */
    CHECK_EQ(d.addr_size, 8);
    CHECK_EQ(DECODE32(0x26, 0x6f), INSN_OUTS);      /* outsl %es:(%esi), (%dx) */
    CHECK_EQ(d.seg, SEG_ES);
}

TEST(compat_no_rex)
{
    /* 0x48 is "dec %eax" in 32-bit code: not a prefix, not ours. */
    CHECK_EQ(DECODE32(0x48, 0xed), INSN_OTHER);
    CHECK_EQ(DECODE32(0x41, 0x0f, 0x20, 0xc0), INSN_OTHER);
    /* mov %cr3, %eax; mov %edi, %cr3; mov %cr0, %esi */
    CHECK_EQ(DECODE32(0x0f, 0x20, 0xd8), INSN_MOV_FROM_CR);
    CHECK_EQ(d.ctrl, 3);
    CHECK_EQ(d.gpr, 0);
    CHECK_EQ(d.len, 3);
    CHECK_EQ(DECODE32(0x0f, 0x22, 0xdf), INSN_MOV_TO_CR);
    CHECK_EQ(d.ctrl, 3);
    CHECK_EQ(d.gpr, 7);
    CHECK_EQ(DECODE32(0x0f, 0x20, 0xc6), INSN_MOV_FROM_CR);
    CHECK_EQ(d.gpr, 6);
    /* Byte registers 4..7 are always ah..bh: xchg %dh,(%ecx). */
    CHECK_EQ(DECODE32(0x86, 0x31), INSN_XCHG_STORE);
    CHECK_EQ(d.gpr, 2);
    CHECK(d.gpr_high8);
}

TEST(compat_stores)
{
    /* mov %edx,0x4(%eax); movl $0,(%ebx,%esi,8); lock cmpxchg8b (%esi);
     * cmpxchg8b 0x10(%edi); lock cmpxchg %ecx,(%edx). */
    CHECK_EQ(DECODE32(0x89, 0x50, 0x04), INSN_MOV_STORE);
    CHECK_EQ(d.opsize, 4);
    CHECK_EQ(d.gpr, 2);
    CHECK_EQ(d.len, 3);
    CHECK_EQ(DECODE32(0xc7, 0x04, 0xf3, 0, 0, 0, 0), INSN_MOV_STORE);
    CHECK_EQ(d.len, 7);
    CHECK_EQ(d.imm, 0);
    CHECK_EQ(DECODE32(0xf0, 0x0f, 0xc7, 0x0e), INSN_CMPXCHG8B_STORE);
    CHECK_EQ(d.opsize, 8);
    CHECK_EQ(d.len, 4);
    CHECK(d.lock);
    CHECK_EQ(DECODE32(0x0f, 0xc7, 0x4f, 0x10), INSN_CMPXCHG8B_STORE);
    CHECK_EQ(d.len, 4);
    CHECK_EQ(DECODE32(0xf0, 0x0f, 0xb1, 0x0a), INSN_CMPXCHG_STORE);
    CHECK_EQ(d.opsize, 4);
    /* A 32-bit immediate is never sign-extended to 64 bits here. */
    CHECK_EQ(DECODE32(0xc7, 0x00, 0xff, 0xff, 0xff, 0xff), INSN_MOV_STORE);
    CHECK_EQ(d.imm, 0xffffffffULL);
}

TEST(compat_refused)
{
    /* 16-bit addressing of a memory operand: mov %edx,(%bx,%si). */
    CHECK_EQ(DECODE32(0x67, 0x89, 0x10), INSN_OTHER);
    CHECK_EQ(DECODE32(0x67, 0x0f, 0xc7, 0x0e), INSN_OTHER);
    /* cmpxchg8b with a register operand, or /0 instead of /1. */
    CHECK_EQ(DECODE32(0x0f, 0xc7, 0xce), INSN_OTHER);
    CHECK_EQ(DECODE32(0x0f, 0xc7, 0x06), INSN_OTHER);
    /* cmpxchg16b (REX.W) in 64-bit code; cmpxchg8b there is ours. */
    CHECK_EQ(DECODE(0xf0, 0x48, 0x0f, 0xc7, 0x0e), INSN_OTHER);
    CHECK_EQ(DECODE(0xf0, 0x0f, 0xc7, 0x0e), INSN_CMPXCHG8B_STORE);
    /* Truncated: the ModRM, SIB or displacement is missing. */
    CHECK_EQ(DECODE32(0x0f, 0x20), INSN_OTHER);
    CHECK_EQ(DECODE32(0x0f, 0xc7), INSN_OTHER);
    CHECK_EQ(DECODE32(0x0f, 0xc7, 0x4f), INSN_OTHER);
    CHECK_EQ(DECODE32(0x0f, 0xc7, 0x0c), INSN_OTHER);
    /* Prefixes filling all 15 bytes leave no room for the opcode. */
    CHECK_EQ(DECODE32(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
                      0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0xed), INSN_OTHER);
    CHECK_EQ(DECODE32(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
                      0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0xed), INSN_IN);
    CHECK_EQ(d.len, 15);
}
