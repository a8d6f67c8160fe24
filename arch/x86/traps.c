#include <xen/lib.h>
#include <asm/traps.h>
void trap_init(void) {}
void percpu_traps_init(void) {}
void show_backtrace_here(void) {}
