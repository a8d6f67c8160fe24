/*
 * Host tool: wrap the 64-bit hypervisor ELF (linked at its high virtual
 * address) into a 32-bit ELF with one PT_LOAD at its machine address.
 * QEMU's Multiboot loader refuses ELF64 images, and GRUB's Multiboot1
 * loader wants 32-bit addresses; the entry code runs at machine addresses.
 *
 * usage: mkelf32 <in-elf64> <out-elf32>
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR_SPACE 0x80

static void die(const char *msg)
{
    fprintf(stderr, "mkelf32: %s\n", msg);
    exit(1);
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;

    if ( !f )
        die("cannot open input");
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(*len);
    if ( !buf || fread(buf, 1, *len, f) != *len )
        die("cannot read input");
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    size_t len;
    unsigned char *in, *img;
    Elf64_Ehdr *eh;
    Elf64_Phdr *ph;
    Elf32_Ehdr oh;
    Elf32_Phdr op;
    unsigned long lo = ~0UL, file_hi = 0, mem_hi = 0, entry = 0;
    int i, found_entry = 0;
    FILE *out;
    static const unsigned char pad[HDR_SPACE - sizeof(Elf32_Ehdr) - sizeof(Elf32_Phdr)];

    if ( argc != 3 )
        die("usage: mkelf32 <in-elf64> <out-elf32>");
    in = read_file(argv[1], &len);
    eh = (Elf64_Ehdr *)in;
    if ( len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
         eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64 )
        die("input is not an x86-64 ELF");
    if ( eh->e_phoff + (size_t)eh->e_phnum * sizeof(*ph) > len )
        die("truncated program headers");
    ph = (Elf64_Phdr *)(in + eh->e_phoff);

    for ( i = 0; i < eh->e_phnum; i++ )
    {
        if ( ph[i].p_type != PT_LOAD )
            continue;
        if ( ph[i].p_offset + ph[i].p_filesz > len )
            die("segment outside the file");
        if ( ph[i].p_paddr < lo )
            lo = ph[i].p_paddr;
        if ( ph[i].p_paddr + ph[i].p_filesz > file_hi )
            file_hi = ph[i].p_paddr + ph[i].p_filesz;
        if ( ph[i].p_paddr + ph[i].p_memsz > mem_hi )
            mem_hi = ph[i].p_paddr + ph[i].p_memsz;
        if ( eh->e_entry >= ph[i].p_vaddr &&
             eh->e_entry < ph[i].p_vaddr + ph[i].p_memsz )
        {
            entry = eh->e_entry - ph[i].p_vaddr + ph[i].p_paddr;
            found_entry = 1;
        }
    }
    if ( lo == ~0UL || !found_entry || mem_hi > 0xffffffffUL )
        die("no loadable image below 4 GiB containing the entry point");

    img = calloc(1, file_hi - lo);
    if ( !img )
        die("out of memory");
    for ( i = 0; i < eh->e_phnum; i++ )
        if ( ph[i].p_type == PT_LOAD )
            memcpy(img + (ph[i].p_paddr - lo), in + ph[i].p_offset,
                   ph[i].p_filesz);

    memset(&oh, 0, sizeof(oh));
    memcpy(oh.e_ident, ELFMAG, SELFMAG);
    oh.e_ident[EI_CLASS] = ELFCLASS32;
    oh.e_ident[EI_DATA] = ELFDATA2LSB;
    oh.e_ident[EI_VERSION] = EV_CURRENT;
    oh.e_type = ET_EXEC;
    oh.e_machine = EM_386;
    oh.e_version = EV_CURRENT;
    oh.e_entry = entry;
    oh.e_phoff = sizeof(oh);
    oh.e_ehsize = sizeof(oh);
    oh.e_phentsize = sizeof(op);
    oh.e_phnum = 1;

    memset(&op, 0, sizeof(op));
    op.p_type = PT_LOAD;
    /* Multiboot headers must be 8-byte aligned in the file, not just in memory. */
    op.p_offset = HDR_SPACE;
    op.p_vaddr = op.p_paddr = lo;
    op.p_filesz = file_hi - lo;
    op.p_memsz = mem_hi - lo;
    op.p_flags = PF_R | PF_W | PF_X;
    op.p_align = HDR_SPACE;

    out = fopen(argv[2], "wb");
    if ( !out || fwrite(&oh, sizeof(oh), 1, out) != 1 ||
         fwrite(&op, sizeof(op), 1, out) != 1 ||
         fwrite(pad, 1, sizeof(pad), out) != sizeof(pad) ||
         fwrite(img, 1, file_hi - lo, out) != file_hi - lo || fclose(out) )
        die("cannot write output");
    return 0;
}
