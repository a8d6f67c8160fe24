#ifndef XEN_ACPI_H
#define XEN_ACPI_H

#include <xen/types.h>

/*
 * ACPI table layouts (ACPI 6.x, chapter 5) and the table finder
 * (drivers/acpi/tables.c).  Firmware tables are untrusted: every table
 * handed out by acpi_find_table() has passed its checksum, and its length
 * is at least sizeof(struct acpi_table_header); parsers must still check
 * that each field they read lies below header.length.
 */

#define ACPI_SIG_RSDP   "RSD PTR "
#define ACPI_SIG_RSDT   "RSDT"
#define ACPI_SIG_XSDT   "XSDT"
#define ACPI_SIG_MADT   "APIC"
#define ACPI_SIG_FADT   "FACP"
#define ACPI_SIG_DSDT   "DSDT"

struct acpi_rsdp {
    char signature[8];
    uint8_t checksum;           /* bytes 0..19 sum to 0 */
    char oem_id[6];
    uint8_t revision;           /* 0: ACPI 1.0 (20 bytes), 2+: 36 bytes */
    uint32_t rsdt_address;
    /* ACPI 2.0+ */
    uint32_t length;
    uint64_t xsdt_address;
    uint8_t extended_checksum;  /* bytes 0..length-1 sum to 0 */
    uint8_t reserved[3];
} __packed;
#define ACPI_RSDP_V1_SIZE 20

struct acpi_table_header {
    char signature[4];
    uint32_t length;            /* whole table, header included */
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t asl_compiler_id;
    uint32_t asl_compiler_revision;
} __packed;

/* Generic Address Structure. */
struct acpi_gas {
    uint8_t space_id;
    uint8_t bit_width;
    uint8_t bit_offset;
    uint8_t access_width;
    uint64_t address;
} __packed;
#define ACPI_GAS_MEMORY     0
#define ACPI_GAS_IO         1
#define ACPI_GAS_PCI_CONFIG 2

/* MADT and its interrupt controller structures. */
struct acpi_madt {
    struct acpi_table_header header;
    uint32_t lapic_address;
    uint32_t flags;
} __packed;
#define ACPI_MADT_PCAT_COMPAT   (1u << 0)   /* dual 8259s are present */

struct acpi_madt_entry {
    uint8_t type;
    uint8_t length;
} __packed;

enum {
    ACPI_MADT_LAPIC = 0,
    ACPI_MADT_IOAPIC = 1,
    ACPI_MADT_INT_OVERRIDE = 2,
    ACPI_MADT_NMI_SOURCE = 3,
    ACPI_MADT_LAPIC_NMI = 4,
    ACPI_MADT_LAPIC_OVERRIDE = 5,
    ACPI_MADT_X2APIC = 9,
    ACPI_MADT_X2APIC_NMI = 10,
};

struct acpi_madt_lapic {
    struct acpi_madt_entry e;
    uint8_t acpi_id;
    uint8_t apic_id;
    uint32_t flags;
} __packed;
#define ACPI_MADT_ENABLED        (1u << 0)
#define ACPI_MADT_ONLINE_CAPABLE (1u << 1)

struct acpi_madt_ioapic {
    struct acpi_madt_entry e;
    uint8_t id;
    uint8_t reserved;
    uint32_t address;
    uint32_t gsi_base;
} __packed;

struct acpi_madt_int_override {
    struct acpi_madt_entry e;
    uint8_t bus;                /* 0: ISA */
    uint8_t source;             /* ISA IRQ */
    uint32_t gsi;
    uint16_t flags;             /* ACPI_MADT_POLARITY_*, ACPI_MADT_TRIGGER_* */
} __packed;
#define ACPI_MADT_POLARITY_MASK  0x3
#define ACPI_MADT_POLARITY_HIGH  0x1
#define ACPI_MADT_POLARITY_LOW   0x3
#define ACPI_MADT_TRIGGER_MASK   0xc
#define ACPI_MADT_TRIGGER_EDGE   0x4
#define ACPI_MADT_TRIGGER_LEVEL  0xc

struct acpi_madt_lapic_override {
    struct acpi_madt_entry e;
    uint16_t reserved;
    uint64_t address;
} __packed;

struct acpi_madt_x2apic {
    struct acpi_madt_entry e;
    uint16_t reserved;
    uint32_t x2apic_id;
    uint32_t flags;             /* as for ACPI_MADT_LAPIC */
    uint32_t acpi_id;
} __packed;

/* FADT, up to the fields we use.  Older revisions are shorter. */
struct acpi_fadt {
    struct acpi_table_header header;
    uint32_t firmware_ctrl;
    uint32_t dsdt;
    uint8_t reserved0;
    uint8_t preferred_pm_profile;
    uint16_t sci_int;
    uint32_t smi_cmd;
    uint8_t acpi_enable;
    uint8_t acpi_disable;
    uint8_t s4bios_req;
    uint8_t pstate_cnt;
    uint32_t pm1a_evt_blk;
    uint32_t pm1b_evt_blk;
    uint32_t pm1a_cnt_blk;
    uint32_t pm1b_cnt_blk;
    uint32_t pm2_cnt_blk;
    uint32_t pm_tmr_blk;
    uint32_t gpe0_blk;
    uint32_t gpe1_blk;
    uint8_t pm1_evt_len;
    uint8_t pm1_cnt_len;
    uint8_t pm2_cnt_len;
    uint8_t pm_tmr_len;
    uint8_t gpe0_blk_len;
    uint8_t gpe1_blk_len;
    uint8_t gpe1_base;
    uint8_t cst_cnt;
    uint16_t p_lvl2_lat;
    uint16_t p_lvl3_lat;
    uint16_t flush_size;
    uint16_t flush_stride;
    uint8_t duty_offset;
    uint8_t duty_width;
    uint8_t day_alrm;
    uint8_t mon_alrm;
    uint8_t century;
    uint16_t iapc_boot_arch;
    uint8_t reserved1;
    uint32_t flags;
    struct acpi_gas reset_reg;
    uint8_t reset_value;
    uint16_t arm_boot_arch;
    uint8_t minor_revision;
    uint64_t x_firmware_ctrl;
    uint64_t x_dsdt;
    struct acpi_gas x_pm1a_evt_blk;
    struct acpi_gas x_pm1b_evt_blk;
    struct acpi_gas x_pm1a_cnt_blk;
    struct acpi_gas x_pm1b_cnt_blk;
    struct acpi_gas x_pm2_cnt_blk;
    struct acpi_gas x_pm_tmr_blk;
    struct acpi_gas x_gpe0_blk;
    struct acpi_gas x_gpe1_blk;
    struct acpi_gas sleep_control;
    struct acpi_gas sleep_status;
} __packed;
#define ACPI_FADT_RESET_REG_SUP  (1u << 10)
#define ACPI_FADT_HW_REDUCED     (1u << 20)

/* Does table t (of type struct s *) contain field f entirely? */
#define ACPI_HAS_FIELD(t, f) \
    ((t)->header.length >= offsetof(__typeof__(*(t)), f) + sizeof((t)->f))

/*
 * Locate the RSDP and the root table (XSDT preferred), checksum it and
 * list what it points to.  Returns 0, or -ENODEV when there is no usable
 * ACPI; then acpi_find_table() finds nothing.
 */
int acpi_tables_init(void);

/*
 * The instance'th (0-based) table with this 4-character signature that
 * passes its checksum, or NULL.  DSDT is found through the FADT.  The
 * mapping stays valid for the hypervisor's lifetime.
 */
const struct acpi_table_header *acpi_find_table(const char *sig,
                                                unsigned int instance);

/* Map length bytes of firmware memory at pa for reading and writing. */
void *acpi_map(paddr_t pa, size_t length);

#endif
