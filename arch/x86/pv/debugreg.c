/*
 * Debug registers of PV guests, with Xen 4.17's rules (32-bit guests make
 * the same calls through compat_table, the value one 32-bit register):
 *
 *   set_debugreg(reg, value)
 *     0..3  breakpoint addresses: must lie in guest space (-EPERM); for a
 *           32-bit guest (value: one 32-bit register) every address
 * *     6     status: upper 32 bits must be 0 (-EINVAL); reserved bits
 *           forced (ones: 0xffff0ff0 but RTM/BLD where the CPU has them;
 *           zero: bit 12)
 *     7     control: upper 32 bits 0 (-EINVAL); bit 10 forced to 1, bits
 *           12, 14, 15 (and 11 without RTM) to 0; GD (bit 13) -EPERM; I/O
 *           breakpoints need CR4.DE, which the guest does not have (-EPERM)
 *     4, 5  aliases of 6, 7 (the guest's CR4.DE is clear)
 *     other -ENODEV
 *   get_debugreg(reg): 0..3, 6, 7 (4, 5 as 6, 7); other -ENODEV
 *
 * The kernel's mov to and from DRn (pv/emul-priv.c) are these calls, as
 * in Xen 4.17: a refused write is #GP, a register that does not exist #UD.
 *
 * The values go straight into the CPU's debug registers (each vCPU owns
 * its CPU), so breakpoints fire in the guest and its #DB is bounced like
 * any exception, after its status bits are merged into the guest's DR6
 * (pv_debug_trap).  A data breakpoint hit by the hypervisor while it
 * copies guest memory is ignored (pv_debug_in_hypervisor).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/cpuid.h>
#include <asm/guest_access.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>

#define DR6_DEFAULT     0xffff0ff0UL
#define DR6_ZEROS       0x00001000UL
#define DR6_BLD         0x00000800UL    /* active low, only with bus-lock detect */
#define DR6_RTM         0x00010000UL    /* active low, only with RTM */
#define DR7_DEFAULT     0x00000400UL
#define DR7_ZEROS       0x0000d000UL
#define DR7_RTM         0x00000800UL
#define DR7_GD          0x00002000UL
#define DR7_ACTIVE      0x000000ffUL    /* L0-3, G0-3 */
#define DR7_RW_IO       2               /* R/W field value for I/O breakpoints */

static void write_dr(unsigned int reg, unsigned long val)
{
    switch ( reg )
    {
    case 0: __asm__ __volatile__ ("mov %0, %%db0" :: "r" (val)); break;
    case 1: __asm__ __volatile__ ("mov %0, %%db1" :: "r" (val)); break;
    case 2: __asm__ __volatile__ ("mov %0, %%db2" :: "r" (val)); break;
    case 3: __asm__ __volatile__ ("mov %0, %%db3" :: "r" (val)); break;
    case 6: __asm__ __volatile__ ("mov %0, %%db6" :: "r" (val)); break;
    case 7: __asm__ __volatile__ ("mov %0, %%db7" :: "r" (val)); break;
    }
}

static unsigned long read_dr6(void)
{
    unsigned long val;

    __asm__ __volatile__ ("mov %%db6, %0" : "=r" (val));
    return val;
}

static bool cpu_has_rtm(void)
{
    return cpuid(0).a >= 7 && (cpuid_count(7, 0).b & (1u << 11));
}

static bool cpu_has_bld(void)
{
    return cpuid(0).a >= 7 && (cpuid_count(7, 0).c & (1u << 24));
}

static unsigned long adjust_dr6(unsigned long dr6)
{
    unsigned long ones = DR6_DEFAULT;

    if ( cpu_has_rtm() )
        ones &= ~DR6_RTM;
    if ( cpu_has_bld() )
        ones &= ~DR6_BLD;
    return (dr6 | ones) & ~DR6_ZEROS;
}

void pv_debugreg_init(struct vcpu *v)
{
    memset(v->arch.pv.dr, 0, sizeof(v->arch.pv.dr));
    v->arch.pv.dr6 = adjust_dr6(0);
    v->arch.pv.dr7 = DR7_DEFAULT;
}

void pv_debugreg_load(const struct vcpu *v)
{
    unsigned int i;

    if ( !(v->arch.pv.dr7 & DR7_ACTIVE) )
        return;
    for ( i = 0; i < 4; i++ )
        write_dr(i, v->arch.pv.dr[i]);
    write_dr(7, v->arch.pv.dr7);
}

void pv_debugreg_unload(const struct vcpu *v)
{
    if ( v->arch.pv.dr7 & DR7_ACTIVE )
        write_dr(7, DR7_DEFAULT);
}

long do_set_debugreg(struct hc_args *a)
{
    return pv_set_debugreg(current, hc_uint(a, 0), hc_ulong(a, 1));
}

long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long val)
{
    bool live = v == current;
    unsigned int i;

    switch ( reg )
    {
    case 0 ... 3:
        /*
         * Xen 4.17's check is the 64-bit one for every guest: a 32-bit
         * guest's address (zero-extended) always passes, the hole's
         * included (its breakpoints fire only on the guest's own accesses).
         */
        if ( !is_pv_32bit_vcpu(v) && !guest_range_ok(val, sizeof(long)) )
            return -EPERM;
        v->arch.pv.dr[reg] = val;
        if ( live )
            write_dr(reg, val);
        return 0;
    case 4:
    case 6:
        if ( val != (uint32_t)val )
            return -EINVAL;
        v->arch.pv.dr6 = adjust_dr6(val);
        if ( live )
            write_dr(6, v->arch.pv.dr6);
        return 0;
    case 5:
    case 7:
        if ( val != (uint32_t)val )
            return -EINVAL;
        val = (val | DR7_DEFAULT) & ~(DR7_ZEROS | (cpu_has_rtm() ? 0 : DR7_RTM));
        if ( val & DR7_GD )
            return -EPERM;
        if ( val & DR7_ACTIVE )
            for ( i = 16; i < 32; i += 4 )
                if ( ((val >> i) & 3) == DR7_RW_IO )
                    return -EPERM;      /* needs CR4.DE */
        v->arch.pv.dr7 = val;
        if ( live )
            write_dr(7, val);
        return 0;
    default:
        return -ENODEV;
    }
}

bool pv_get_debugreg(const struct vcpu *v, unsigned int reg,
                     unsigned long *val)
{
    switch ( reg )
    {
    case 0 ... 3:
        *val = v->arch.pv.dr[reg];
        return true;
    case 4:
    case 6:
        *val = v->arch.pv.dr6;
        return true;
    case 5:
    case 7:
        *val = v->arch.pv.dr7;
        return true;
    default:
        return false;
    }
}

long do_get_debugreg(struct hc_args *a)
{
    unsigned long val;

    return pv_get_debugreg(current, hc_uint(a, 0), &val) ? (long)val : -ENODEV;
}

void pv_debug_trap(struct vcpu *v)
{
    unsigned long dr6 = read_dr6();

    /* Xen's merge: new status bits set, active-low ones cleared. */
    v->arch.pv.dr6 |= dr6 & ~DR6_DEFAULT;
    v->arch.pv.dr6 &= dr6 | ~DR6_DEFAULT;
    write_dr(6, DR6_DEFAULT);
}

bool pv_debug_in_hypervisor(const struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    /*
     * Only the guest's data breakpoints can fire in the hypervisor (its
     * addresses are guest addresses): a trap after the access, so
     * resuming is enough.  Keep the status for the guest.
     */
    if ( !v || !(v->arch.pv.dr7 & DR7_ACTIVE) )
        return false;
    pv_debug_trap(v);
    return true;
}
