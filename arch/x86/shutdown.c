/* Reset, power-off and halt of the whole machine. */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/shutdown.h>
#include <xen/console.h>
#include <asm/acpi.h>
#include <asm/io.h>

bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

static void __noreturn halt_forever(void)
{
    for ( ; ; )
        __asm__ __volatile__("cli; hlt" ::: "memory");
}

void machine_halt(void)
{
    printk("Halting the machine.\n");
    halt_forever();
}

void machine_restart(void)
{
    int i;

    printk("Rebooting the machine.\n");
    __asm__ __volatile__("cli" ::: "memory");

    acpi_reboot();

    /* Keyboard controller pulse of the reset line. */
    for ( i = 0; i < 0x10000 && (inb(0x64) & 0x02); i++ )
        ;
    outb(0xfe, 0x64);

    /* PCI reset control register: hard reset. */
    outb(0x02, 0xcf9);
    outb(0x06, 0xcf9);

    printk(XENLOG_ERR "Reset failed, halting.\n");
    halt_forever();
}

void machine_power_off(void)
{
    __asm__ __volatile__("cli" ::: "memory");
    acpi_power_off();
    printk(XENLOG_ERR "Power-off failed, halting.\n");
    halt_forever();
}

void machine_halt_or_reboot(void)
{
    if ( opt_noreboot )
        machine_halt();
    machine_restart();
}
