/* SOURCES: drivers/acpi/tables.c arch/x86/acpi/boot.c arch/x86/acpi/power.c common/string.c */
/*
 * ACPI table parsing with well-formed and hostile firmware tables.  Each
 * table is a heap block of exactly its stated length, so the sanitizers
 * catch any read past its end.  "Physical" addresses are host pointers
 * shifted so that ioremap() below gives the pointer back.
 */
#include "harness.h"
#include <sys/wait.h>
#include <unistd.h>
#include <xen/acpi.h>
#include <asm/acpi.h>
#include <asm/bootinfo.h>
#include <asm/config.h>
#include <asm/pci.h>
#include <xen/mm.h>
#include <xen/time.h>

struct boot_info boot_info;

void *ioremap(paddr_t pa, size_t len)
{
    return (void *)(uintptr_t)(pa + DIRECTMAP_VIRT_START);
}

void mdelay(unsigned long ms)
{
}

/* The PCI-space reset register is only written at reset, never here. */
void pci_cf8_write(uint32_t cf8, unsigned int offset, unsigned int bytes,
                   uint32_t val)
{
    abort();
}

static paddr_t pa_of(const void *p)
{
    return (uintptr_t)p - DIRECTMAP_VIRT_START;
}

static void set_checksum(struct acpi_table_header *h)
{
    const uint8_t *b = (const uint8_t *)h;
    uint8_t sum = 0;
    uint32_t i;

    h->checksum = 0;
    for ( i = 0; i < h->length; i++ )
        sum += b[i];
    h->checksum = -sum;
}

/* A table: header, then len bytes of body, checksummed. */
static struct acpi_table_header *table(const char *sig, const void *body,
                                       size_t len)
{
    struct acpi_table_header *h = calloc(1, sizeof(*h) + len);

    memcpy(h->signature, sig, 4);
    h->length = sizeof(*h) + len;
    h->revision = 1;
    memcpy(h->oem_id, "TEST  ", 6);
    memcpy(h->oem_table_id, "UNITTEST", 8);
    if ( len )
        memcpy(h + 1, body, len);
    set_checksum(h);
    return h;
}

/* Point the boot loader's RSDP copy at an XSDT listing the tables. */
static void install(struct acpi_table_header **t, unsigned int n)
{
    uint64_t entries[16];
    struct acpi_rsdp *r = (struct acpi_rsdp *)boot_info.rsdp;
    uint8_t sum = 0;
    unsigned int i;

    for ( i = 0; i < n; i++ )
        entries[i] = pa_of(t[i]);
    memset(r, 0, sizeof(*r));
    memcpy(r->signature, ACPI_SIG_RSDP, 8);
    memcpy(r->oem_id, "TEST  ", 6);
    r->revision = 2;
    r->length = sizeof(*r);
    r->xsdt_address = pa_of(table(ACPI_SIG_XSDT, entries, n * 8));
    for ( i = 0; i < ACPI_RSDP_V1_SIZE; i++ )
        sum += boot_info.rsdp[i];
    r->checksum = -sum;
    for ( sum = 0, i = 0; i < sizeof(*r); i++ )
        sum += boot_info.rsdp[i];
    r->extended_checksum = -sum;
    boot_info.rsdp_len = sizeof(*r);
}

/* MADT body under construction. */
static uint8_t madt_body[4096];
static size_t madt_len;

static void madt_start(uint32_t lapic_addr)
{
    struct { uint32_t addr, flags; } fixed = { lapic_addr, 1 };

    memcpy(madt_body, &fixed, sizeof(fixed));
    madt_len = sizeof(fixed);
}

static void madt_add(const void *e, size_t len)
{
    memcpy(madt_body + madt_len, e, len);
    madt_len += len;
}

static void add_lapic(uint8_t acpi_id, uint8_t apic_id, uint32_t flags)
{
    struct acpi_madt_lapic e = { { ACPI_MADT_LAPIC, sizeof(e) }, acpi_id,
                                 apic_id, flags };

    madt_add(&e, sizeof(e));
}

static void add_x2apic(uint32_t acpi_id, uint32_t id, uint32_t flags)
{
    struct acpi_madt_x2apic e = { { ACPI_MADT_X2APIC, sizeof(e) }, 0, id,
                                  flags, acpi_id };

    madt_add(&e, sizeof(e));
}

static void add_ioapic(uint8_t id, uint32_t addr, uint32_t gsi_base)
{
    struct acpi_madt_ioapic e = { { ACPI_MADT_IOAPIC, sizeof(e) }, id, 0,
                                  addr, gsi_base };

    madt_add(&e, sizeof(e));
}

static void add_override(uint8_t irq, uint32_t gsi, uint16_t flags)
{
    struct acpi_madt_int_override e = { { ACPI_MADT_INT_OVERRIDE, sizeof(e) },
                                        0, irq, gsi, flags };

    madt_add(&e, sizeof(e));
}

static struct acpi_table_header *madt_done(void)
{
    return table(ACPI_SIG_MADT, madt_body, madt_len);
}

/* Name(_S5, Package(4) { 5, 5, 0, 0 }) after some unrelated AML. */
static const uint8_t s5_aml[] = {
    0x10, 0x05, 0x5f, 0x53, 0x42, 0x5f,             /* Scope(_SB_) */
    0x08, 0x5f, 0x53, 0x35, 0x5f,                   /* Name(_S5_, */
    0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00,
};

/* A FADT (revision 5) with the reset register and PM1a at 0x604. */
static struct acpi_table_header *fadt_with(const struct acpi_table_header *dsdt)
{
    struct acpi_fadt f;

    memset(&f, 0, sizeof(f));
    f.pm1a_cnt_blk = 0x604;
    f.flags = ACPI_FADT_RESET_REG_SUP;
    f.reset_reg.space_id = ACPI_GAS_IO;
    f.reset_reg.bit_width = 8;
    f.reset_reg.address = 0xcf9;
    f.reset_value = 6;
    struct acpi_table_header *t;

    f.x_dsdt = dsdt ? pa_of(dsdt) : 0;
    t = table(ACPI_SIG_FADT, (uint8_t *)&f + sizeof(f.header),
              sizeof(f) - sizeof(f.header));
    t->revision = 5;
    set_checksum(t);
    return t;
}

static void boot_with_madt(struct acpi_table_header *madt)
{
    struct acpi_table_header *t[2] = { fadt_with(NULL), madt };

    install(t, 2);
    acpi_boot_init();
}

TEST(good_tables)
{
    struct acpi_table_header *dsdt = table(ACPI_SIG_DSDT, s5_aml,
                                           sizeof(s5_aml));
    struct acpi_table_header *t[2];
    struct acpi_madt_lapic_override lo = {
        { ACPI_MADT_LAPIC_OVERRIDE, sizeof(lo) }, 0, 0xfee10000 };
    bool level, low;

    madt_start(0xfee00000);
    add_lapic(0, 0, ACPI_MADT_ENABLED);
    add_lapic(1, 1, ACPI_MADT_ENABLED);
    add_lapic(2, 0xff, ACPI_MADT_ENABLED);          /* invalid id: skipped */
    add_lapic(3, 7, 0);                             /* unusable */
    add_lapic(4, 8, ACPI_MADT_ONLINE_CAPABLE);      /* hot-pluggable */
    add_x2apic(5, 300, ACPI_MADT_ENABLED);
    add_ioapic(2, 0xfec00000, 0);
    add_ioapic(3, 0xfec01000, 24);
    add_override(0, 2, 0);
    add_override(9, 9, ACPI_MADT_TRIGGER_LEVEL | ACPI_MADT_POLARITY_LOW);
    madt_add(&lo, sizeof(lo));
    t[0] = fadt_with(dsdt);
    t[1] = madt_done();
    install(t, 2);
    acpi_boot_init();

    CHECK_EQ(acpi_nr_cpus, 4);
    CHECK_EQ(acpi_cpus[0].apic_id, 0);
    CHECK_EQ(acpi_cpus[1].apic_id, 1);
    CHECK_EQ(acpi_cpus[2].apic_id, 8);
    CHECK(!acpi_cpus[2].enabled);
    CHECK_EQ(acpi_cpus[3].apic_id, 300);
    CHECK_EQ(acpi_cpus[3].acpi_id, 5);
    CHECK(acpi_cpus[3].enabled);
    CHECK_EQ(acpi_nr_ioapics, 2);
    CHECK_EQ(acpi_ioapics[1].addr, 0xfec01000);
    CHECK_EQ(acpi_ioapics[1].gsi_base, 24);
    CHECK_EQ(acpi_lapic_addr, 0xfee10000);

    CHECK_EQ(acpi_isa_irq_to_gsi(0, &level, &low), 2);
    CHECK(!level && !low);
    CHECK_EQ(acpi_isa_irq_to_gsi(9, &level, &low), 9);
    CHECK(level && low);
    CHECK_EQ(acpi_isa_irq_to_gsi(4, &level, &low), 4);
    CHECK(!level && !low);

    CHECK_LOG("reset register port 0xcf9, value 0x6");
    CHECK_LOG("S5 via PM1a control 0x604, SLP_TYP 5/5");
    CHECK_LOG("(1 unusable)");
}

TEST(madt_entry_past_end)
{
    struct acpi_madt_lapic e = { { ACPI_MADT_LAPIC, 200 }, 2, 2, 1 };

    madt_start(0xfee00000);
    add_lapic(0, 0, ACPI_MADT_ENABLED);
    madt_add(&e, sizeof(e));
    boot_with_madt(madt_done());

    CHECK_EQ(acpi_nr_cpus, 1);
    CHECK_LOG("has bad length 200; rest of the MADT ignored");
}

TEST(madt_entry_zero_length)
{
    struct acpi_madt_entry e = { 42, 0 };

    madt_start(0xfee00000);
    add_lapic(0, 3, ACPI_MADT_ENABLED);
    madt_add(&e, sizeof(e));
    add_lapic(1, 4, ACPI_MADT_ENABLED);
    boot_with_madt(madt_done());

    CHECK_EQ(acpi_nr_cpus, 1);
    CHECK_EQ(acpi_cpus[0].apic_id, 3);
    CHECK_LOG("has bad length 0");
}

TEST(madt_entry_too_short_for_type)
{
    struct acpi_madt_entry e[3] = { { ACPI_MADT_X2APIC, 6 } };

    madt_start(0xfee00000);
    madt_add(e, sizeof(e));
    boot_with_madt(madt_done());

    CHECK_LOG("MADT entry type 9 at offset 44 has bad length 6");
    /* Nothing usable: the boot CPU alone. */
    CHECK_EQ(acpi_nr_cpus, 1);
}

TEST(madt_trailing_byte)
{
    uint8_t odd = ACPI_MADT_LAPIC;

    madt_start(0xfee00000);
    add_lapic(0, 5, ACPI_MADT_ENABLED);
    madt_add(&odd, 1);
    boot_with_madt(madt_done());

    CHECK_EQ(acpi_nr_cpus, 1);
    CHECK_EQ(acpi_cpus[0].apic_id, 5);
}

TEST(madt_bad_checksum)
{
    struct acpi_table_header *m;

    madt_start(0xfee00000);
    add_lapic(0, 0, ACPI_MADT_ENABLED);
    add_lapic(1, 1, ACPI_MADT_ENABLED);
    m = madt_done();
    m->checksum++;
    boot_with_madt(m);

    CHECK_LOG("APIC at");
    CHECK_LOG("fails its checksum, skipped");
    CHECK_EQ(acpi_nr_cpus, 1);
}

TEST(madt_too_short)
{
    uint32_t half = 0xfee00000;

    boot_with_madt(table(ACPI_SIG_MADT, &half, sizeof(half)));
    CHECK_LOG("MADT too short");
    CHECK_EQ(acpi_nr_cpus, 1);
}

TEST(table_shorter_than_header)
{
    struct acpi_table_header *t[2], *bad = table("JUNK", NULL, 0);

    bad->length = 10;
    set_checksum(bad);
    madt_start(0xfee00000);
    add_lapic(0, 0, ACPI_MADT_ENABLED);
    t[0] = bad;
    t[1] = madt_done();
    install(t, 2);
    acpi_boot_init();

    CHECK_LOG("has bad length 10, skipped");
    CHECK_EQ(acpi_nr_cpus, 1);
    CHECK(acpi_find_table(ACPI_SIG_MADT, 0) != NULL);
    CHECK(acpi_find_table("JUNK", 0) == NULL);
}

TEST(table_absurd_length)
{
    struct acpi_table_header *t[1], *bad = table("JUNK", NULL, 0);

    bad->length = 0x40000000;
    t[0] = bad;
    install(t, 1);
    acpi_boot_init();

    CHECK_LOG("has bad length 1073741824, skipped");
    CHECK_LOG("no FADT");
}

TEST(null_xsdt_entry)
{
    struct acpi_table_header *t[2] = { NULL, NULL };

    madt_start(0xfee00000);
    add_lapic(0, 6, ACPI_MADT_ENABLED);
    t[1] = madt_done();
    install(t, 2);      /* entry 0 is pa_of(NULL): nonsense */
    acpi_boot_init();
    CHECK_EQ(acpi_cpus[0].apic_id, 6);
}

TEST(too_many_cpus)
{
    unsigned int i;

    madt_start(0xfee00000);
    for ( i = 0; i < CONFIG_NR_CPUS + 6; i++ )
        add_x2apic(i, i, ACPI_MADT_ENABLED);
    boot_with_madt(madt_done());

    CHECK_EQ(acpi_nr_cpus, CONFIG_NR_CPUS);
    CHECK_LOG("6 more CPUs than CONFIG_NR_CPUS=64 ignored");
}

TEST(duplicate_apic_id)
{
    madt_start(0xfee00000);
    add_lapic(0, 1, ACPI_MADT_ENABLED);
    add_x2apic(0, 1, ACPI_MADT_ENABLED);
    boot_with_madt(madt_done());

    CHECK_EQ(acpi_nr_cpus, 1);
    CHECK_LOG("APIC id 1 listed twice");
}

TEST(too_many_ioapics)
{
    unsigned int i;

    madt_start(0xfee00000);
    add_lapic(0, 0, ACPI_MADT_ENABLED);
    for ( i = 0; i < MAX_IOAPICS + 1; i++ )
        add_ioapic(i, 0xfec00000 + i * 0x1000, i * 24);
    add_override(20, 20, 0);           /* not an ISA IRQ */
    boot_with_madt(madt_done());

    CHECK_EQ(acpi_nr_ioapics, MAX_IOAPICS);
    CHECK_LOG("more than 8 IO-APICs, id 8 ignored");
    CHECK_LOG("override of bus 0 IRQ 20 ignored");
}

static void boot_with_dsdt(const uint8_t *aml, size_t len)
{
    struct acpi_table_header *t[1];

    t[0] = fadt_with(table(ACPI_SIG_DSDT, aml, len));
    install(t, 1);
    acpi_boot_init();
}

TEST(s5_root_prefix_and_long_pkglength)
{
    /* \_S5_ with a two-byte PkgLength: 0xe | 0x00 << 4 = 14 bytes. */
    static const uint8_t aml[] = {
        0x08, 0x5c, 0x5f, 0x53, 0x35, 0x5f,
        0x12, 0x4e, 0x00, 0x0a, 0x0a, 0x07, 0x01,  /* 10 elements: 7, 1, */
        0, 0, 0, 0, 0, 0, 0, 0,                    /* and eight zeros */
    };

    boot_with_dsdt(aml, sizeof(aml));
    CHECK_LOG("SLP_TYP 7/1");
}

TEST(s5_one_packed_element)
{
    static const uint8_t aml[] = {
        0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x05, 0x01, 0x0b, 0x05, 0x06,
    };

    boot_with_dsdt(aml, sizeof(aml));
    CHECK_LOG("SLP_TYP 5/6");
}

TEST(s5_not_a_name)
{
    /* A method called _S5_ is not the sleep package. */
    static const uint8_t aml[] = {
        0x14, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x04, 0x02, 0x01, 0x01,
    };

    boot_with_dsdt(aml, sizeof(aml));
    CHECK_LOG("no usable \\_S5");
}

TEST(s5_truncated_everywhere)
{
    unsigned int cut;
    int status;

    /*
     * Every proper prefix of the AML, each in a fresh process (the parser
     * keeps what it found): no S5, and never a read past the end.
     */
    for ( cut = 0; cut < sizeof(s5_aml); cut++ )
    {
        pid_t pid = fork();

        if ( pid == 0 )
        {
            boot_with_dsdt(s5_aml, cut);
            _exit(strstr(harness_log(), "no usable \\_S5") ? 0 : 1);
        }
        CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
        if ( !WIFEXITED(status) || WEXITSTATUS(status) )
            harness_fail(__FILE__, __LINE__, "AML cut at %u bytes", cut);
    }
}

TEST(s5_package_longer_than_table)
{
    static const uint8_t aml[] = {
        0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x3f, 0x02, 0x0a, 0x05, 0x0a, 0x05,
    };

    boot_with_dsdt(aml, sizeof(aml));
    CHECK_LOG("no usable \\_S5");
}

TEST(s5_bad_dsdt_checksum)
{
    struct acpi_table_header *t[1], *d = table(ACPI_SIG_DSDT, s5_aml,
                                                sizeof(s5_aml));

    d->checksum ^= 0x55;
    t[0] = fadt_with(d);
    install(t, 1);
    acpi_boot_init();
    CHECK_LOG("DSDT at");
    CHECK_LOG("no usable \\_S5");
}

TEST(short_fadt)
{
    /* An ACPI 1.0 FADT: no reset register, 32-bit fields only. */
    struct acpi_fadt f;
    struct acpi_table_header *t[1];

    memset(&f, 0, sizeof(f));
    f.pm1a_cnt_blk = 0x404;
    f.flags = ACPI_FADT_RESET_REG_SUP;      /* beyond its length: ignored */
    t[0] = table(ACPI_SIG_FADT, (uint8_t *)&f + sizeof(f.header),
                 offsetof(struct acpi_fadt, flags) - sizeof(f.header));
    install(t, 1);
    acpi_boot_init();
    CHECK(!strstr(harness_log(), "reset register"));
    CHECK_LOG("no usable \\_S5");
}
