/*
 * Image layout.  Code, read-only data and writable data each start on a
 * page boundary so that the final page tables can map them X, R and RW/NX.
 * The symbol table comes after everything else but the BSS, so that filling
 * it in the second link moves no code (the Makefile checks this).
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64", "elf64-x86-64", "elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start)

PHDRS
{
    image PT_LOAD;
}

SECTIONS
{
    . = XEN_VIRT_START;
    _start = .;

    .text : AT(XEN_PHYS_START) {
        _stext = .;
        *(.text.header)
        *(.text .text.*)
        *(.init.text)
        _etext = .;
    } :image

    . = ALIGN(PAGE_SIZE);
    .rodata : AT(ADDR(.rodata) - XEN_VIRT_START + XEN_PHYS_START) {
        _srodata = .;
        *(.rodata .rodata.* .rodata1)
        . = ALIGN(8);
        __param_start = .;
        *(.init.param)
        __param_end = .;
        . = ALIGN(8);
        __start___ex_table = .;
        *(.ex_table)
        __stop___ex_table = .;
        . = ALIGN(8);
        __initcall_start = .;
        *(.initcall)
        __initcall_end = .;
        _erodata = .;
    } :image

    . = ALIGN(PAGE_SIZE);
    .data : AT(ADDR(.data) - XEN_VIRT_START + XEN_PHYS_START) {
        _sdata = .;
        *(.data.page_aligned)
        *(.data.boot)
        *(.data.read_mostly)
        *(.init.data)
        *(.data .data.*)
    } :image

    .symtab.rodata : AT(ADDR(.symtab.rodata) - XEN_VIRT_START + XEN_PHYS_START) {
        . = ALIGN(8);
        *(.rodata.symtab)
        _edata = .;
    } :image

    . = ALIGN(PAGE_SIZE);
    .bss : AT(ADDR(.bss) - XEN_VIRT_START + XEN_PHYS_START) {
        __bss_start = .;
        *(.bss.stack_aligned)
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(PAGE_SIZE);
        __bss_end = .;
    } :image
    _end = .;

    /DISCARD/ : {
        *(.note .note.*)
        *(.comment)
        *(.eh_frame)
        *(.discard)
    }
}

ASSERT(_srodata % PAGE_SIZE == 0 && _sdata % PAGE_SIZE == 0 && __bss_end % PAGE_SIZE == 0,
       "sections must be page aligned for their page permissions")
ASSERT(_end - _start <= 16 * 1024 * 1024, "image larger than the boot mapping")
ASSERT(mb1_header - _start < 8192, "multiboot1 header too far in")
ASSERT(mb2_header - _start < 32768, "multiboot2 header too far in")
