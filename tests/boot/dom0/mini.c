/*
 * A minimal 64-bit PV dom0 for the boot tests: checks what the hypervisor
 * set up (start_info, boot stack, M2P) and the first hypercalls, hostile
 * arguments included, prints one "MINI PASS|FAIL <check>" line each and
 * "MINI DONE passed=N failed=M", then ends as its command line says:
 *   poweroff (default), reboot, crash   SCHEDOP_shutdown with that reason
 *   pagefault                           touch an unmapped address
 *   console                             echo serial input for ever
 */
#include <stdbool.h>
#include <public/xen.h>
#include <public/version.h>
#include <public/sched.h>
#include <public/event_channel.h>
#include <public/callback.h>
#include <public/features.h>

#define PAGE_SIZE       4096UL
#define VIRT_BASE       0xffffffff80000000UL
#define EFAULT          14
#define EINVAL          22
#define ENOSYS          38

extern char hypercall_page[];
static start_info_t *si;
static unsigned int passed, failed;

static long hc(unsigned long nr, unsigned long a1, unsigned long a2,
               unsigned long a3)
{
    register unsigned long rdi __asm__("rdi") = a1;
    register unsigned long rsi __asm__("rsi") = a2;
    register unsigned long rdx __asm__("rdx") = a3;
    register unsigned long r10 __asm__("r10");
    register unsigned long r8 __asm__("r8");
    long ret;

    __asm__ __volatile__ ("call *%[fn]"
                          : "=a" (ret), "+r" (rdi), "+r" (rsi), "+r" (rdx),
                            "=r" (r10), "=r" (r8)
                          : [fn] "r" (hypercall_page + nr * 32)
                          : "memory");
    return ret;
}

/* SYSCALL without the hypercall page: any number. */
static long raw_hc(unsigned long nr)
{
    long ret;

    __asm__ __volatile__ ("syscall" : "=a" (ret) : "a" (nr)
                          : "rcx", "r11", "rdi", "rsi", "rdx", "r10", "r8", "memory");
    return ret;
}

static unsigned long slen(const char *s)
{
    unsigned long n = 0;

    while ( s[n] )
        n++;
    return n;
}

static void put(const char *s)
{
    hc(__HYPERVISOR_console_io, CONSOLEIO_write, slen(s), (unsigned long)s);
}

static void put_hex(unsigned long v)
{
    char buf[19] = "0x";
    int i;

    for ( i = 0; i < 16; i++ )
        buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    buf[18] = 0;
    put(buf);
}

static void put_dec(long v)
{
    char buf[24];
    int i = sizeof(buf) - 1;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

    buf[i] = 0;
    do {
        buf[--i] = '0' + u % 10;
        u /= 10;
    } while ( u );
    if ( v < 0 )
        buf[--i] = '-';
    put(&buf[i]);
}

static bool check_failed;

static void expect(const char *what, long got, long want)
{
    if ( got == want )
        return;
    put("MINI   ");
    put(what);
    put(": got ");
    put_dec(got);
    put(", want ");
    put_dec(want);
    put("\n");
    check_failed = true;
}

static void report(const char *name)
{
    put(check_failed ? "MINI FAIL " : "MINI PASS ");
    put(name);
    put("\n");
    if ( check_failed )
        failed++;
    else
        passed++;
    check_failed = false;
}

static bool prefix(const char *s, const char *p)
{
    while ( *p )
        if ( *s++ != *p++ )
            return false;
    return true;
}

static bool cmdline_has(const char *w)
{
    const char *c = (const char *)si->cmd_line;

    for ( ; *c; c++ )
        if ( (c == (const char *)si->cmd_line || c[-1] == ' ') && prefix(c, w) )
            return true;
    return false;
}

static void check_start_info(unsigned long boot_rsp)
{
    unsigned long *p2m = (unsigned long *)si->mfn_list;
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
    unsigned long si_pfn = ((unsigned long)si - VIRT_BASE) / PAGE_SIZE;

    put("MINI start_info: magic '");
    put(si->magic);
    put("', nr_pages ");
    put_dec(si->nr_pages);
    put(", pt_base ");
    put_hex(si->pt_base);
    put(", cmdline '");
    put((const char *)si->cmd_line);
    put("'\n");
    expect("magic", prefix(si->magic, "xen-3.0-x86_64"), 1);
    expect("flags", si->flags, SIF_PRIVILEGED | SIF_INITDOMAIN);
    expect("store_mfn", si->store_mfn, 0);
    expect("boot stack", boot_rsp, si->pt_base + (si->nr_pt_frames + 1) * PAGE_SIZE);
    report("start_info");

    expect("m2p[p2m[0]]", m2p[p2m[0]], 0);
    expect("m2p[p2m[start_info]]", m2p[p2m[si_pfn]], si_pfn);
    expect("m2p[p2m[last]]", m2p[p2m[si->nr_pages - 1]], si->nr_pages - 1);
    report("m2p");
}

static void check_xen_version(void)
{
    xen_extraversion_t extra;
    xen_capabilities_info_t caps;
    struct xen_feature_info fi = { .submap_idx = 0 };
    struct xen_platform_parameters pp;
    long v = hc(__HYPERVISOR_xen_version, XENVER_version, 0, 0);

    put("MINI xen_version: ");
    put_dec(v >> 16);
    put(".");
    put_dec(v & 0xffff);
    expect("extraversion", hc(__HYPERVISOR_xen_version, XENVER_extraversion,
                              (unsigned long)extra, 0), 0);
    put(extra);
    expect("get_features", hc(__HYPERVISOR_xen_version, XENVER_get_features,
                              (unsigned long)&fi, 0), 0);
    put(", features ");
    put_hex(fi.submap);
    put("\n");
    expect("version", v, 0x40011);
    expect("dom0 feature", !!(fi.submap & (1u << XENFEAT_dom0)), 1);
    fi.submap_idx = 1;
    expect("get_features submap 1", hc(__HYPERVISOR_xen_version,
                                       XENVER_get_features, (unsigned long)&fi, 0),
           -EINVAL);
    expect("capabilities", hc(__HYPERVISOR_xen_version, XENVER_capabilities,
                              (unsigned long)caps, 0), 0);
    expect("capabilities x86_64", prefix(caps, "xen-3.0-x86_64"), 1);
    expect("pagesize", hc(__HYPERVISOR_xen_version, XENVER_pagesize, 0, 0), 4096);
    expect("platform_parameters", hc(__HYPERVISOR_xen_version,
                                     XENVER_platform_parameters,
                                     (unsigned long)&pp, 0), 0);
    expect("virt_start", pp.virt_start == HYPERVISOR_VIRT_START, 1);
    expect("unknown sub-op", hc(__HYPERVISOR_xen_version, 99, 0, 0), -ENOSYS);
    report("xen_version");
}

/* Hostile pointers: every one is -EFAULT and nothing else happens. */
static void check_bad_pointers(void)
{
    static const unsigned long bad[] = {
        0xffff830000000000UL,   /* the hypervisor's direct map */
        0xffff82d040000000UL,   /* the hypervisor's image */
        0xffff800000000000UL - 8, /* last bytes below the hole, into it */
        0x8000000000000000UL,   /* not canonical */
        0x0000100000000000UL,   /* guest half, not mapped */
        0,                      /* NULL */
    };
    unsigned long *pt = (unsigned long *)si->pt_base, pt0 = pt[0];
    unsigned int i;

    for ( i = 0; i < sizeof(bad) / sizeof(bad[0]); i++ )
    {
        expect("console_io write", hc(__HYPERVISOR_console_io, CONSOLEIO_write,
                                      64, bad[i]), -EFAULT);
        expect("get_features", hc(__HYPERVISOR_xen_version, XENVER_get_features,
                                  bad[i], 0), -EFAULT);
    }
    /* Our own L4 is mapped read-only: the hypervisor must not write it for us. */
    expect("extraversion into the L4", hc(__HYPERVISOR_xen_version,
                                          XENVER_extraversion, si->pt_base, 0),
           -EFAULT);
    expect("L4 unchanged", pt[0] == pt0, 1);
    expect("console_io read bad count", hc(__HYPERVISOR_console_io, CONSOLEIO_read,
                                           0x80000000UL, 0), -7);  /* -E2BIG */
    report("bad_pointers");
}

static void check_enosys(void)
{
    expect("hypercall 60", hc(60, 0, 0, 0), -ENOSYS);
    expect("hypercall 127", hc(127, 0, 0, 0), -ENOSYS);
    expect("hypercall 1000", raw_hc(1000), -ENOSYS);
    expect("hypercall ~0", raw_hc(~0UL), -ENOSYS);
    report("enosys");
}

static void handler(void) { }

static void check_misc(void)
{
    struct trap_info traps[] = {
        { .vector = 14, .cs = FLAT_KERNEL_CS, .address = (unsigned long)handler },
        { .address = 0 },
    };
    struct callback_register cb = {
        .type = CALLBACKTYPE_event, .address = 0x8000000000000000UL,
    };
    struct callback_unregister ucb = { .type = CALLBACKTYPE_event };
    struct sched_shutdown code = { .reason = SHUTDOWN_poweroff };

    expect("vm_assist enable", hc(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                                  VMASST_TYPE_writable_pagetables, 0), 0);
    expect("vm_assist bad type", hc(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                                    40, 0), -EINVAL);
    expect("vm_assist bad cmd", hc(__HYPERVISOR_vm_assist, 7,
                                   VMASST_TYPE_writable_pagetables, 0), -ENOSYS);
    expect("set_trap_table", hc(__HYPERVISOR_set_trap_table,
                                (unsigned long)traps, 0, 0), 0);
    expect("set_trap_table bad", hc(__HYPERVISOR_set_trap_table,
                                    0xffff830000000000UL, 0, 0), -EFAULT);
    expect("set_trap_table clear", hc(__HYPERVISOR_set_trap_table, 0, 0, 0), 0);
    expect("callback non-canonical", hc(__HYPERVISOR_callback_op,
                                        CALLBACKOP_register, (unsigned long)&cb, 0),
           -EINVAL);
    cb.address = (unsigned long)handler;
    expect("callback register", hc(__HYPERVISOR_callback_op, CALLBACKOP_register,
                                   (unsigned long)&cb, 0), 0);
    expect("callback unregister event", hc(__HYPERVISOR_callback_op,
                                           CALLBACKOP_unregister,
                                           (unsigned long)&ucb, 0), -EINVAL);
    expect("callback bad cmd", hc(__HYPERVISOR_callback_op, 9, 0, 0), -ENOSYS);
    expect("set_callbacks", hc(__HYPERVISOR_set_callbacks, (unsigned long)handler,
                               (unsigned long)handler, 0), 0);
    expect("sched yield", hc(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0), 0);
    expect("sched shutdown_code", hc(__HYPERVISOR_sched_op, SCHEDOP_shutdown_code,
                                     (unsigned long)&code, 0), 0);
    expect("sched shutdown bad", hc(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
                                    0x10, 0), -EFAULT);
    report("misc_hypercalls");
}

/* head.S */
extern char ud_handler[], bp_handler[], int80_handler[], gp_handler[];
extern volatile unsigned int ud_count, bp_count, int80_count, gp_count;

/*
 * Exceptions reach our trap table's handlers and HYPERVISOR_iret brings
 * us back: #UD, int3 (a DPL 3 gate), int $0x80 (DPL 3 in our table),
 * int $0x81 (DPL 0 in our table: #GP instead).
 */
static void check_bounce(void)
{
    struct trap_info traps[] = {
        { .vector = 6, .cs = FLAT_KERNEL_CS, .address = (unsigned long)ud_handler },
        { .vector = 3, .flags = 3, .cs = FLAT_KERNEL_CS, .address = (unsigned long)bp_handler },
        { .vector = 13, .cs = FLAT_KERNEL_CS, .address = (unsigned long)gp_handler },
        { .vector = 0x80, .flags = 3, .cs = FLAT_KERNEL_CS, .address = (unsigned long)int80_handler },
        { .vector = 0x81, .flags = 0, .cs = FLAT_KERNEL_CS, .address = (unsigned long)int80_handler },
        { .address = 0 },
    };
    register unsigned long r12 __asm__("r12") = 0x1234;
    unsigned long rax = 0x5678;

    expect("set_trap_table", hc(__HYPERVISOR_set_trap_table,
                                (unsigned long)traps, 0, 0), 0);
    /* Registers survive the round trip through the handler and iret. */
    __asm__ __volatile__ ("ud2" : "+r" (r12), "+a" (rax) :: "memory");
    expect("#UD delivered", ud_count, 1);
    expect("r12 kept", r12, 0x1234);
    expect("rax kept", rax, 0x5678);
    __asm__ __volatile__ ("int3" ::: "memory");
    expect("#BP delivered", bp_count, 1);
    __asm__ __volatile__ ("int $0x80" ::: "memory");
    expect("int $0x80 delivered", int80_count, 1);
    __asm__ __volatile__ ("int $0x81" ::: "memory");
    expect("int $0x81 refused", int80_count, 1);
    expect("int $0x81 -> #GP", gp_count, 1);
    expect("set_trap_table clear", hc(__HYPERVISOR_set_trap_table, 0, 0, 0), 0);
    report("exception_bounce");
}

/*
 * Print each batch of serial input that reaches us as "MINI got '...'"
 * (other bytes than printable ASCII as \xNN).  Without the shared info
 * page mapped we cannot clear a pending event, so the VIRQ is bound
 * afresh for every wait: closing the port drops its pending bit, and
 * input arriving after the bind still ends the poll.
 */
static void __attribute__((noreturn)) console_echo(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_CONSOLE, .vcpu = 0 };
    struct evtchn_close cl;
    struct sched_poll poll = { .nr_ports = 1, .timeout = 0 };
    char in[64], out[16 + 4 * sizeof(in)];
    long n, i, o;

    put("MINI console ready\n");
    for ( ; ; )
    {
        if ( hc(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq,
                (unsigned long)&bv, 0) )
        {
            put("MINI FAIL bind VIRQ_CONSOLE\n");
            break;
        }
        while ( (n = hc(__HYPERVISOR_console_io, CONSOLEIO_read, sizeof(in),
                        (unsigned long)in)) > 0 )
        {
            o = 0;
            for ( i = 0; i < n; i++ )
            {
                unsigned char c = in[i];

                if ( c >= 0x20 && c < 0x7f && c != '\\' )
                    out[o++] = c;
                else
                {
                    out[o++] = '\\';
                    out[o++] = 'x';
                    out[o++] = "0123456789abcdef"[c >> 4];
                    out[o++] = "0123456789abcdef"[c & 15];
                }
            }
            out[o] = 0;
            put("MINI got '");
            put(out);
            put("'\n");
        }
        if ( n < 0 )
        {
            put("MINI FAIL CONSOLEIO_read\n");
            break;
        }
        set_xen_guest_handle(poll.ports, &bv.port);
        hc(__HYPERVISOR_sched_op, SCHEDOP_poll, (unsigned long)&poll, 0);
        cl.port = bv.port;
        hc(__HYPERVISOR_event_channel_op, EVTCHNOP_close, (unsigned long)&cl, 0);
    }
    for ( ; ; )
        hc(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
}

void mini_main(start_info_t *start, unsigned long boot_rsp);
void mini_main(start_info_t *start, unsigned long boot_rsp)
{
    struct sched_shutdown sd = { .reason = SHUTDOWN_poweroff };

    si = start;
    put("MINI hello from a 64-bit PV dom0\n");
    check_start_info(boot_rsp);
    check_xen_version();
    check_bad_pointers();
    check_enosys();
    check_misc();
    check_bounce();
    put("MINI DONE passed=");
    put_dec(passed);
    put(" failed=");
    put_dec(failed);
    put("\n");

    if ( cmdline_has("console") )
        console_echo();
    if ( cmdline_has("pagefault") )
        (void)*(volatile unsigned long *)0x1000;
    if ( cmdline_has("reboot") )
        sd.reason = SHUTDOWN_reboot;
    if ( cmdline_has("crash") )
        sd.reason = SHUTDOWN_crash;
    hc(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (unsigned long)&sd, 0);
    put("MINI FAIL shutdown returned\n");
    for ( ; ; )
        hc(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
}
