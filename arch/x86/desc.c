/*
 * Per-CPU GDT and TSS, and loading of the descriptor tables on each CPU.
 * The BSP's tables are static because it loads them before any allocator
 * exists; an AP's come from the heap (cpu_traps_alloc) before it starts.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <asm/traps.h>

/* One page of GDT, then the TSS at the start of the next page. */
struct cpu_desc_tables {
    seg_desc_t gdt[NR_RESERVED_GDT_ENTRIES];
    struct tss64 tss __aligned(PAGE_SIZE);
};
#define DESC_TABLES_ORDER 1

static struct cpu_desc_tables bsp_tables
    __section(".bss.page_aligned") __aligned(PAGE_SIZE);

static struct cpu_desc_tables *cpu_tables[CONFIG_NR_CPUS] = {
    [0] = &bsp_tables,
};

/* Pages 0..13 of every GDT area while no guest GDT is installed. */
static uint8_t zero_gdt_page[PAGE_SIZE]
    __section(".bss.page_aligned") __aligned(PAGE_SIZE);
/* Has GDT_VIRT_START(cpu) been mapped (percpu_gdt_map)? */
static bool gdt_area_mapped[CONFIG_NR_CPUS];

/*
 * Guard pages can only be unmapped in the final page tables.  Once the BSP
 * has done so for itself (stack_guard_init), every CPU that runs
 * percpu_traps_init() afterwards unmaps its own.  stack_guards[cpu] is the
 * guard page that CPU unmapped, or 0.
 */
static bool stack_guards_enabled;
static unsigned long stack_guards[CONFIG_NR_CPUS];

/*
 * Code/data descriptor fields (Intel SDM vol. 3, 3.4.5).  The accessed bit
 * is preset so that the CPU never writes to the GDT, which may then be
 * mapped read-only.
 */
#define SEG_P           0x80
#define SEG_DPL(d)      ((d) << 5)
#define SEG_S           0x10        /* code or data, not a system segment */
#define SEG_CODE_RX     0x0b        /* code, execute/read, accessed */
#define SEG_DATA_RW     0x03        /* data, read/write, accessed */
#define SEG_DATA_RO     0x01        /* data, read-only, accessed */
#define SEG_G           0x8         /* limit in 4 KiB units */
#define SEG_DB          0x4         /* 32-bit */
#define SEG_L           0x2         /* 64-bit code */

#define SYS_TSS_AVAIL   0x9         /* system descriptor: 64-bit TSS */
#define SYS_LDT         0x2         /* system descriptor: LDT */

static uint64_t seg_desc(unsigned int access, unsigned int flags,
                         uint32_t limit)
{
    return (limit & 0xffff) | ((uint64_t)access << 40) |
           ((uint64_t)((limit >> 16) & 0xf) << 48) | ((uint64_t)flags << 52);
}

/* Base 0, limit 4 GiB. */
static uint64_t flat_desc(unsigned int access, unsigned int flags)
{
    return seg_desc(access, flags | SEG_G, 0xfffff);
}

/* 16-byte system descriptor (TSS or LDT) for a 64-bit base. */
static void set_sys_desc(seg_desc_t *d, unsigned long base, uint32_t limit,
                         unsigned int type)
{
    d[0] = seg_desc(SEG_P | type, 0, limit) | ((base & 0xffffff) << 16) |
           (((base >> 24) & 0xff) << 56);
    d[1] = base >> 32;
}

#define GDT_IDX(sel)    (((sel) - FIRST_RESERVED_GDT_BYTE) >> 3)

/*
 * Entries 3..6 of the reserved page differ between the two kinds of PV
 * guest (public headers): a 64-bit one uses 4..6 as ring-3 CS32, DS32
 * and CS64 (3 is unused); a 32-bit one as Xen's compat GDT has them,
 * ring-1 code and data (FLAT_RING1_CS/DS, 0xe019/0xe021) and ring-3 code
 * and data (FLAT_RING3_CS/DS, 0xe02b/0xe033).
 */
static void set_guest_flat_entries(seg_desc_t *gdt, bool compat)
{
    BUILD_BUG_ON(GDT_IDX(FLAT_COMPAT_RING1_CS) != 3 ||
                 GDT_IDX(FLAT_COMPAT_RING1_DS) != 4 ||
                 GDT_IDX(FLAT_COMPAT_RING3_CS) != 5 ||
                 GDT_IDX(FLAT_COMPAT_RING3_DS) != 6);
    if ( compat )
    {
        gdt[3] = flat_desc(SEG_P | SEG_DPL(1) | SEG_S | SEG_CODE_RX, SEG_DB);
        gdt[4] = flat_desc(SEG_P | SEG_DPL(1) | SEG_S | SEG_DATA_RW, SEG_DB);
        gdt[5] = flat_desc(SEG_P | SEG_DPL(3) | SEG_S | SEG_CODE_RX, SEG_DB);
        gdt[6] = flat_desc(SEG_P | SEG_DPL(3) | SEG_S | SEG_DATA_RW, SEG_DB);
        return;
    }
    gdt[3] = 0;
    gdt[GDT_IDX(GDT_RING3_CS32)] =
        flat_desc(SEG_P | SEG_DPL(3) | SEG_S | SEG_CODE_RX, SEG_DB);
    gdt[GDT_IDX(GDT_RING3_DS32)] =
        flat_desc(SEG_P | SEG_DPL(3) | SEG_S | SEG_DATA_RW, SEG_DB);
    gdt[GDT_IDX(GDT_RING3_CS64)] =
        flat_desc(SEG_P | SEG_DPL(3) | SEG_S | SEG_CODE_RX, SEG_L);
}

/*
 * The running CPU's entries follow the kind of guest it enters; no
 * selector of the other layout is loaded at that moment (the
 * hypervisor's own are entries 1, 2 and 7).
 */
void percpu_gdt_set_compat(bool compat)
{
    set_guest_flat_entries(cpu_tables[smp_processor_id()]->gdt, compat);
}

static void gdt_fill(seg_desc_t *gdt, const struct tss64 *tss,
                     unsigned int cpu)
{
    memset(gdt, 0, PAGE_SIZE);
    gdt[GDT_IDX(__HYPERVISOR_CS)] =
        flat_desc(SEG_P | SEG_DPL(0) | SEG_S | SEG_CODE_RX, SEG_L);
    gdt[GDT_IDX(__HYPERVISOR_DS32)] =
        flat_desc(SEG_P | SEG_DPL(0) | SEG_S | SEG_DATA_RW, SEG_DB);
    set_guest_flat_entries(gdt, false);
    gdt[GDT_IDX(__HYPERVISOR_CS32)] =
        flat_desc(SEG_P | SEG_DPL(0) | SEG_S | SEG_CODE_RX, SEG_DB);
    set_sys_desc(&gdt[GDT_IDX(TSS_SELECTOR)], (unsigned long)tss,
                 sizeof(*tss) - 1, SYS_TSS_AVAIL);
    /* LDT_SELECTOR stays empty until a guest's LDT is loaded (percpu_ldt_load). */
    gdt[GDT_IDX(PER_CPU_SELECTOR)] =
        seg_desc(SEG_P | SEG_DPL(0) | SEG_S | SEG_DATA_RO, 0, cpu);
}

/* sp: any address in the CPU's stack block. */
static void tss_fill(struct tss64 *tss, unsigned long sp)
{
    unsigned long block = stack_block(sp);
    struct cpu_info *ci = (void *)(block + STACK_SIZE - CPU_INFO_SIZE);

    memset(tss, 0, sizeof(*tss));
    /* Entries from guest context build their frame in cpu_info (asm/current.h). */
    tss->rsp[0] = (unsigned long)&ci->guest_cpu_user_regs.es;
    tss->ist[IST_MCE - 1] = block + STACK_IST_TOP(IST_MCE);
    tss->ist[IST_NMI - 1] = block + STACK_IST_TOP(IST_NMI);
    tss->ist[IST_DF - 1] = block + STACK_IST_TOP(IST_DF);
    /* A bitmap offset past the limit: all port I/O from rings > IOPL faults. */
    tss->iomap_base = sizeof(*tss);
}

int cpu_traps_alloc(unsigned int cpu)
{
    struct cpu_desc_tables *t;

    ASSERT(cpu < CONFIG_NR_CPUS);
    if ( cpu_tables[cpu] )
        return 0;
    t = alloc_xenheap_pages(DESC_TABLES_ORDER);
    if ( !t )
        return -ENOMEM;
    cpu_tables[cpu] = t;
    return percpu_gdt_map(cpu) ?: pv_syscall_stub_alloc(cpu);
}

static void load_gdtr(unsigned int cpu)
{
    struct desc_ptr gdtr = {
        .limit = LAST_RESERVED_GDT_BYTE,
        .base = gdt_area_mapped[cpu] ? GDT_VIRT_START(cpu)
                : (unsigned long)cpu_tables[cpu]->gdt - FIRST_RESERVED_GDT_BYTE,
    };

    __asm__ __volatile__ ("lgdt %0" :: "m" (gdtr) : "memory");
}

int percpu_gdt_map(unsigned int cpu)
{
    unsigned long va = GDT_VIRT_START(cpu);
    unsigned int i;
    int rc = 0;

    ASSERT(cpu < CONFIG_NR_CPUS && cpu_tables[cpu]);
    if ( gdt_area_mapped[cpu] )
        return 0;
    for ( i = 0; i < FIRST_RESERVED_GDT_PAGE && !rc; i++ )
        rc = map_pages_to_xen(va + i * PAGE_SIZE, __pa(zero_gdt_page) >> PAGE_SHIFT,
                              1, PAGE_HYPERVISOR_RO);
    if ( !rc )
        rc = map_pages_to_xen(va + FIRST_RESERVED_GDT_BYTE,
                              __pa(cpu_tables[cpu]->gdt) >> PAGE_SHIFT, 1,
                              PAGE_HYPERVISOR_RW);
    /* Not present, but with its page tables: percpu_ldt_map cannot fail. */
    if ( !rc )
        rc = map_pages_to_xen(LDT_VIRT_START(cpu), 0, LDT_AREA_PAGES, 0);
    if ( rc )
        return rc;
    gdt_area_mapped[cpu] = true;
    /* The descriptors are the same, so only the table's address changes. */
    if ( cpu == smp_processor_id() )
        load_gdtr(cpu);
    return 0;
}

void percpu_gdt_set_guest(unsigned int cpu, const unsigned long *frames,
                          unsigned int nr)
{
    unsigned long va = GDT_VIRT_START(cpu);
    unsigned int i;

    ASSERT(cpu == smp_processor_id() && gdt_area_mapped[cpu]);
    ASSERT(nr <= FIRST_RESERVED_GDT_PAGE);
    /*
     * Read-write: the CPU sets accessed bits in the descriptors it loads
     * (the guest's own mappings of these frames are read-only).  The area
     * is mapped already, so no page-table page is allocated: no failure.
     */
    for ( i = 0; i < FIRST_RESERVED_GDT_PAGE; i++ )
        BUG_ON(map_pages_to_xen(va + i * PAGE_SIZE,
                                i < nr ? frames[i] : __pa(zero_gdt_page) >> PAGE_SHIFT,
                                1, i < nr ? PAGE_HYPERVISOR_RW : PAGE_HYPERVISOR_RO));
}

void percpu_ldt_map(unsigned int slot, unsigned long mfn)
{
    unsigned int cpu = smp_processor_id();

    ASSERT(gdt_area_mapped[cpu] && slot < LDT_AREA_PAGES);
    BUG_ON(map_pages_to_xen(LDT_VIRT_START(cpu) + slot * PAGE_SIZE, mfn, 1,
                            PAGE_HYPERVISOR_RW));
}

void percpu_ldt_unmap(unsigned int slot)
{
    unsigned int cpu = smp_processor_id();

    ASSERT(gdt_area_mapped[cpu] && slot < LDT_AREA_PAGES);
    BUG_ON(map_pages_to_xen(LDT_VIRT_START(cpu) + slot * PAGE_SIZE, 0, 1, 0));
}

void percpu_ldt_load(unsigned int ents)
{
    unsigned int cpu = smp_processor_id();
    seg_desc_t *gdt = cpu_tables[cpu]->gdt;

    ASSERT(ents <= LDT_AREA_PAGES * PAGE_SIZE / 8);
    if ( !ents )
    {
        __asm__ __volatile__ ("lldt %w0" :: "r" (0) : "memory");
        return;
    }
    set_sys_desc(&gdt[GDT_IDX(LDT_SELECTOR)], LDT_VIRT_START(cpu),
                 ents * 8 - 1, SYS_LDT);
    __asm__ __volatile__ ("lldt %w0" :: "r" (LDT_SELECTOR) : "memory");
}

static void unmap_stack_guard(void)
{
    unsigned int cpu = smp_processor_id();
    unsigned long guard =
        stack_guard_page((unsigned long)__builtin_frame_address(0));

    if ( stack_guards[cpu] == guard )
        return;
    /* No _PAGE_PRESENT: the entry stays, the mapping is gone. */
    if ( map_pages_to_xen(guard, __pa(guard) >> PAGE_SHIFT, 1, 0) )
    {
        printk(XENLOG_WARNING "CPU%u: no memory to unmap its stack guard page;"
               " a stack overflow will go unnoticed\n", cpu);
        return;
    }
    stack_guards[cpu] = guard;
}

void stack_guard_init(void)
{
    stack_guards_enabled = true;
    unmap_stack_guard();
}

bool this_cpu_stack_guarded(void)
{
    return stack_guards[smp_processor_id()] ==
           stack_guard_page((unsigned long)__builtin_frame_address(0));
}

void percpu_traps_init(void)
{
    unsigned int cpu = smp_processor_id();
    struct cpu_desc_tables *t = cpu_tables[cpu];
    unsigned long sp = (unsigned long)__builtin_frame_address(0);
    struct desc_ptr idtr;

    BUILD_BUG_ON(sizeof(struct tss64) != 104);
    BUILD_BUG_ON(offsetof(struct tss64, ist) != 0x24);
    BUILD_BUG_ON(sizeof(struct cpu_desc_tables) != (PAGE_SIZE << DESC_TABLES_ORDER));
    BUILD_BUG_ON(GDT_RING3_CS32 != FLAT_RING3_CS32 ||
                 GDT_RING3_CS64 != FLAT_RING3_CS64 ||
                 GDT_RING3_DS32 != FLAT_RING3_DS32 ||
                 GDT_RING3_DS32 != FLAT_RING3_SS64);
    BUILD_BUG_ON((1UL << GDT_AREA_SHIFT) < LAST_RESERVED_GDT_BYTE + 1);
    BUILD_BUG_ON(LDT_VIRT_START(0) < GDT_VIRT_START(0) + LAST_RESERVED_GDT_BYTE + 1 ||
                 LDT_VIRT_START(0) + LDT_AREA_PAGES * PAGE_SIZE > GDT_VIRT_START(1));
    BUILD_BUG_ON(GDT_VIRT_END > PERDOMAIN_VIRT_START + (1UL << 39));
    /* TSS.RSP0 must be 16-byte aligned: the CPU would align it down. */
    BUILD_BUG_ON((CPU_INFO_SIZE - offsetof(struct cpu_info,
                                           guest_cpu_user_regs.es)) & 15);
    BUILD_BUG_ON(sizeof(struct cpu_info) > CPU_INFO_SIZE);
    BUG_ON(!t);

    tss_fill(&t->tss, sp);
    gdt_fill(t->gdt, &t->tss, cpu);
    load_gdtr(cpu);

    idtr.limit = sizeof(idt_table) - 1;
    idtr.base = (unsigned long)idt_table;

    /*
     * A far return is the way to load %cs in 64-bit mode.  %fs and %gs are
     * left alone: on some CPUs loading a selector would clear their bases.
     */
    __asm__ __volatile__ (
        "pushq %[cs]\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "mov %[ds], %%ss\n\t"
        "mov %[ds], %%ds\n\t"
        "mov %[ds], %%es\n\t"
        "ltr %w[tss]\n\t"
        "lldt %w[null]\n\t"
        "lidt %[idtr]"
        :
        : [idtr] "m" (idtr), [cs] "i" (__HYPERVISOR_CS),
          [ds] "r" (__HYPERVISOR_DS), [null] "r" (0), [tss] "r" (TSS_SELECTOR)
        : "rax", "memory");

    if ( stack_guards_enabled )
        unmap_stack_guard();
}
