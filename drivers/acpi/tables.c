/*
 * ACPI table discovery: find the RSDP, walk the XSDT (or RSDT) and keep a
 * list of the tables that pass their checksum.  Everything read here is
 * firmware input: a table is used only after its length has been bounded
 * and its checksum verified, and a bad one is reported and left out.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/acpi.h>
#include <xen/mm.h>
#include <asm/bootinfo.h>
#include <asm/page.h>

/* Larger tables than this are taken as corrupt length fields. */
#define ACPI_MAX_TABLE_LEN  (16u << 20)
#define ACPI_MAX_TABLES     64

static const struct acpi_table_header *tables[ACPI_MAX_TABLES];
static unsigned int nr_tables;

void *acpi_map(paddr_t pa, size_t length)
{
    /* Below 4 GiB everything is in the direct map (see xen/mm.h). */
    if ( pa + length <= (1ULL << 32) )
        return __va(pa);
    return ioremap(pa, length);
}

static uint8_t checksum(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    while ( len-- )
        sum += *b++;
    return sum;
}

/*
 * Check an RSDP candidate of which avail bytes are readable.  Returns the
 * root table's address and sets *xsdt, or 0 if the candidate is unusable.
 */
static paddr_t rsdp_root(const struct acpi_rsdp *r, size_t avail, bool *xsdt)
{
    if ( avail < ACPI_RSDP_V1_SIZE ||
         memcmp(r->signature, ACPI_SIG_RSDP, 8) ||
         checksum(r, ACPI_RSDP_V1_SIZE) )
        return 0;

    *xsdt = false;
    if ( r->revision < 2 )
        return r->rsdt_address;

    if ( avail < sizeof(*r) || r->length < sizeof(*r) || r->length > avail ||
         checksum(r, r->length) )
    {
        printk(XENLOG_WARNING "ACPI: RSDP extended checksum/length bad, "
               "using the RSDT\n");
        return r->rsdt_address;
    }
    if ( r->xsdt_address )
    {
        *xsdt = true;
        return r->xsdt_address;
    }
    return r->rsdt_address;
}

/* Scan [start, end) on 16-byte boundaries for a valid RSDP. */
static paddr_t rsdp_scan(paddr_t start, paddr_t end, bool *xsdt,
                         paddr_t *where)
{
    paddr_t pa;

    for ( pa = start; pa + ACPI_RSDP_V1_SIZE <= end; pa += 16 )
    {
        paddr_t root = rsdp_root(__va(pa), end - pa, xsdt);

        if ( root )
        {
            *where = pa;
            return root;
        }
    }
    return 0;
}

static paddr_t find_root(bool *xsdt)
{
    paddr_t root, where = 0, ebda;

    if ( boot_info.rsdp_len )
    {
        root = rsdp_root((const void *)boot_info.rsdp, boot_info.rsdp_len,
                         xsdt);
        if ( root )
        {
            printk("ACPI: RSDP from the boot loader (%s)\n",
                   *xsdt ? "XSDT" : "RSDT");
            return root;
        }
        printk(XENLOG_WARNING "ACPI: boot loader's RSDP copy is invalid\n");
    }

    /* The BIOS data area holds the EBDA's real-mode segment at 0x40e. */
    ebda = (paddr_t)*(const uint16_t *)__va(0x40e) << 4;
    root = 0;
    if ( ebda >= 0x80000 && ebda < 0xa0000 )
        root = rsdp_scan(ebda, min(ebda + 1024, (paddr_t)0xa0000), xsdt,
                         &where);
    if ( !root )
        root = rsdp_scan(0xe0000, 0x100000, xsdt, &where);
    if ( root )
        printk("ACPI: RSDP at %#lx (%s)\n", where, *xsdt ? "XSDT" : "RSDT");
    return root;
}

/*
 * Map and validate the table at pa.  Returns it, or NULL after saying why
 * it is unusable.
 */
static const struct acpi_table_header *map_table(paddr_t pa)
{
    const struct acpi_table_header *h;
    uint32_t len;

    if ( !pa || pa + sizeof(*h) < pa )
        return NULL;
    h = acpi_map(pa, sizeof(*h));
    if ( !h )
        return NULL;
    len = h->length;
    if ( len < sizeof(*h) || len > ACPI_MAX_TABLE_LEN || pa + len < pa )
    {
        printk(XENLOG_WARNING "ACPI: table at %#lx has bad length %u, "
               "skipped\n", pa, len);
        return NULL;
    }
    h = acpi_map(pa, len);
    if ( !h )
        return NULL;
    /* Re-read: the length must not change under the checksum. */
    if ( h->length != len || checksum(h, len) )
    {
        printk(XENLOG_WARNING "ACPI: %.4s at %#lx fails its checksum, "
               "skipped\n", h->signature, pa);
        return NULL;
    }
    return h;
}

static void add_table(paddr_t pa)
{
    const struct acpi_table_header *h = map_table(pa);

    if ( !h )
        return;
    printk("ACPI: %.4s %#012lx %06x (v%02u %.6s %.8s)\n", h->signature, pa,
           h->length, h->revision, h->oem_id, h->oem_table_id);
    if ( nr_tables == ACPI_MAX_TABLES )
    {
        printk(XENLOG_WARNING "ACPI: more than %u tables, %.4s ignored\n",
               ACPI_MAX_TABLES, h->signature);
        return;
    }
    tables[nr_tables++] = h;
}

int acpi_tables_init(void)
{
    const struct acpi_table_header *root;
    const uint8_t *entry;
    unsigned int i, n, esize;
    bool xsdt = false;
    paddr_t root_pa = find_root(&xsdt);

    if ( !root_pa )
    {
        printk(XENLOG_WARNING "ACPI: no RSDP found\n");
        return -ENODEV;
    }
    root = map_table(root_pa);
    if ( root && memcmp(root->signature, xsdt ? ACPI_SIG_XSDT : ACPI_SIG_RSDT,
                        4) )
    {
        printk(XENLOG_WARNING "ACPI: root table has signature %.4s\n",
               root->signature);
        root = NULL;
    }
    if ( !root )
        return -ENODEV;
    printk("ACPI: %.4s %#012lx %06x (v%02u %.6s %.8s)\n", root->signature,
           root_pa, root->length, root->revision, root->oem_id,
           root->oem_table_id);

    /* Entries are unaligned 64-bit (XSDT) or 32-bit (RSDT) addresses. */
    esize = xsdt ? 8 : 4;
    n = (root->length - sizeof(*root)) / esize;
    entry = (const uint8_t *)(root + 1);
    for ( i = 0; i < n; i++, entry += esize )
    {
        uint64_t pa = 0;

        memcpy(&pa, entry, esize);
        add_table(pa);
    }
    return 0;
}

static const struct acpi_table_header *find_dsdt(void)
{
    static const struct acpi_table_header *dsdt;
    const struct acpi_fadt *fadt;
    paddr_t pa = 0;

    if ( dsdt )
        return dsdt;
    fadt = (const struct acpi_fadt *)acpi_find_table(ACPI_SIG_FADT, 0);
    if ( !fadt )
        return NULL;
    if ( ACPI_HAS_FIELD(fadt, x_dsdt) )
        pa = fadt->x_dsdt;
    if ( !pa && ACPI_HAS_FIELD(fadt, dsdt) )
        pa = fadt->dsdt;
    dsdt = map_table(pa);
    if ( dsdt && memcmp(dsdt->signature, ACPI_SIG_DSDT, 4) )
    {
        printk(XENLOG_WARNING "ACPI: FADT's DSDT has signature %.4s\n",
               dsdt->signature);
        dsdt = NULL;
    }
    if ( dsdt )
        printk("ACPI: DSDT %#012lx %06x (v%02u %.6s %.8s)\n", pa,
               dsdt->length, dsdt->revision, dsdt->oem_id,
               dsdt->oem_table_id);
    return dsdt;
}

const struct acpi_table_header *acpi_find_table(const char *sig,
                                                unsigned int instance)
{
    unsigned int i;

    if ( !memcmp(sig, ACPI_SIG_DSDT, 4) )
        return instance ? NULL : find_dsdt();
    for ( i = 0; i < nr_tables; i++ )
        if ( !memcmp(tables[i]->signature, sig, 4) && !instance-- )
            return tables[i];
    return NULL;
}
