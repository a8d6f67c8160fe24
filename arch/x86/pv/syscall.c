/*
 * SYSCALL entry stubs: how a CPU gets from a guest's SYSCALL onto its own
 * stack with no per-CPU register to find it by (the hypervisor uses no GS
 * base: guests own FS/GS bases and SWAPGS).  Each CPU has a page of code,
 * mapped executable near the image at STUBS_VIRT_START + cpu * PAGE_SIZE
 * (so a rel32 jump reaches pv/entry.S) and written through its direct-map
 * alias: the stubs have that CPU's frame addresses as immediates.
 *
 * LSTAR stub (offset 0), CSTAR stub (offset STUB_CSTAR):
 *   movabs %rax, &regs->rax        keep the guest's %rax
 *   mov    %rsp, %rax
 *   movabs $&regs->es, %rsp        this CPU's guest frame (asm/current.h)
 *   push   $ss                     FLAT_KERNEL_SS / FLAT_USER_SS32
 *   push   %rax                    guest %rsp
 *   push   %r11                    guest RFLAGS
 *   push   $cs                     FLAT_KERNEL_CS / FLAT_USER_CS32
 *   push   %rcx                    guest RIP
 *   jmp    lstar_common / cstar_common
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/cpuid.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>

#define STUB_CSTAR  64

/*
 * RFLAGS bits SYSCALL clears, as Xen: interrupts stay off until the frame
 * is saved; no single-stepping, alignment checks or string-direction
 * surprises in the hypervisor.
 */
#define SYSCALL_MASK  (X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF | \
                       X86_EFLAGS_NT | X86_EFLAGS_DF | X86_EFLAGS_IF | \
                       X86_EFLAGS_TF)
#define X86_EFLAGS_TF   0x00000100UL
#define X86_EFLAGS_IF   0x00000200UL
#define X86_EFLAGS_DF   0x00000400UL
#define X86_EFLAGS_NT   0x00004000UL
#define X86_EFLAGS_RF   0x00010000UL
#define X86_EFLAGS_VM   0x00020000UL
#define X86_EFLAGS_AC   0x00040000UL

extern const char lstar_common[], cstar_common[];

/* Direct-map (writable) alias of each CPU's stub page, NULL until allocated. */
static uint8_t *stub_page[CONFIG_NR_CPUS];

int pv_syscall_stub_alloc(unsigned int cpu)
{
    uint8_t *p;
    int rc;

    BUILD_BUG_ON(STUBS_VIRT_START < XEN_VIRT_START + 16 * 1024 * 1024);
    if ( stub_page[cpu] )
        return 0;
    p = alloc_xenheap_page();
    if ( !p )
        return -ENOMEM;
    memset(p, 0xcc, PAGE_SIZE);     /* int3 */
    rc = map_pages_to_xen(STUBS_VIRT_START + cpu * PAGE_SIZE,
                          __pa(p) >> PAGE_SHIFT, 1, PAGE_HYPERVISOR_RX);
    if ( rc )
    {
        free_xenheap_page(p);
        return rc;
    }
    stub_page[cpu] = p;
    return 0;
}

static uint8_t *emit(uint8_t *p, const void *bytes, size_t n)
{
    memcpy(p, bytes, n);
    return p + n;
}

static uint8_t *emit_imm(uint8_t *p, uint64_t v, size_t n)
{
    return emit(p, &v, n);
}

/* Write one stub at offset off of cpu's page; returns its address. */
static unsigned long write_stub(unsigned int cpu, unsigned int off,
                                const struct cpu_user_regs *regs,
                                uint16_t ss, uint16_t cs, const char *target)
{
    unsigned long va = STUBS_VIRT_START + cpu * PAGE_SIZE + off;
    uint8_t *start = stub_page[cpu] + off, *p = start;

    p = emit(p, "\x48\xa3", 2);                         /* movabs %rax, moffs64 */
    p = emit_imm(p, (unsigned long)&regs->rax, 8);
    p = emit(p, "\x48\x89\xe0", 3);                     /* mov %rsp, %rax */
    p = emit(p, "\x48\xbc", 2);                         /* movabs $imm64, %rsp */
    p = emit_imm(p, (unsigned long)&regs->es, 8);
    p = emit(p, "\x68", 1);                             /* push $imm32 */
    p = emit_imm(p, ss, 4);
    p = emit(p, "\x50", 1);                             /* push %rax */
    p = emit(p, "\x41\x53", 2);                         /* push %r11 */
    p = emit(p, "\x68", 1);                             /* push $imm32 */
    p = emit_imm(p, cs, 4);
    p = emit(p, "\x51", 1);                             /* push %rcx */
    p = emit(p, "\xe9", 1);                             /* jmp rel32 */
    p = emit_imm(p, (unsigned long)target - (va + (p - start) + 4), 4);
    BUG_ON(p - start > STUB_CSTAR);
    return va;
}

void pv_syscall_percpu_init(void)
{
    unsigned int cpu = smp_processor_id();
    const struct cpu_user_regs *regs = guest_cpu_user_regs();

    if ( !stub_page[cpu] )
        return;
    wrmsr(MSR_LSTAR, write_stub(cpu, 0, regs, FLAT_KERNEL_SS, FLAT_KERNEL_CS,
                                lstar_common));
    wrmsr(MSR_CSTAR, write_stub(cpu, STUB_CSTAR, regs, FLAT_USER_SS32,
                                FLAT_USER_CS32, cstar_common));
    /*
     * SYSCALL: CS = __HYPERVISOR_CS, SS = CS + 8.  SYSRET (64-bit):
     * CS = FLAT_RING3_CS32 + 16 = FLAT_RING3_CS64, SS = + 8 = FLAT_RING3_SS64.
     */
    BUILD_BUG_ON(__HYPERVISOR_CS + 8 != __HYPERVISOR_DS32 ||
                 FLAT_RING3_CS32 + 16 != FLAT_RING3_CS64 ||
                 FLAT_RING3_CS32 + 8 != FLAT_RING3_SS64);
    wrmsr(MSR_STAR, ((uint64_t)FLAT_RING3_CS32 << 48) |
                    ((uint64_t)__HYPERVISOR_CS << 32));
    wrmsr(MSR_SYSCALL_MASK, SYSCALL_MASK);
    /*
     * SYSENTER (Intel): into the entry of pv/compat/entry.S with the stack
     * at this CPU's guest frame, as the SYSCALL stubs; SS = CS + 8 as for
     * SYSCALL.  AMD's CPUs raise #UD for it in long mode, which the guest
     * gets (its CPUID has no SEP there): a null CS keeps it refused.
     */
    if ( host_is_amd() )
        wrmsr(MSR_IA32_SYSENTER_CS, 0);
    else
    {
        wrmsr(MSR_IA32_SYSENTER_ESP, (unsigned long)&regs->es);
        wrmsr(MSR_IA32_SYSENTER_EIP, (unsigned long)compat_sysenter_entry);
        wrmsr(MSR_IA32_SYSENTER_CS, __HYPERVISOR_CS);
    }
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}
