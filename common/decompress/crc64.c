/*
 * CRC-64 as .xz uses it (ECMA-182 polynomial, reflected: 0xC96C5795D7870F42
 * with the lowest bit first); conventions as crc32_update()'s in private.h.
 * One table look-up per byte: only .xz files made with --check=crc64 and
 * the index cross-check use it, never a kernel built by Linux's scripts.
 */
#include <xen/lib.h>
#include "private.h"

#define POLY64_REFLECTED 0xc96c5795d7870f42ull

static uint64_t table[256];

/*
 * Filled on first use; filling is idempotent, so CPUs racing through it do
 * no harm, and the barrier orders the table before the flag.
 */
static bool table_ready;

static void fill_table(void)
{
    unsigned int b, bit;

    for ( b = 0; b < 256; b++ )
    {
        uint64_t crc = b;

        for ( bit = 0; bit < 8; bit++ )
            crc = (crc >> 1) ^ (crc & 1 ? POLY64_REFLECTED : 0);
        table[b] = crc;
    }
    barrier();
    ACCESS_ONCE(table_ready) = true;
}

uint64_t crc64_update(uint64_t crc, const uint8_t *p, size_t n)
{
    if ( unlikely(!ACCESS_ONCE(table_ready)) )
        fill_table();

    for ( ; n; p++, n-- )
        crc = (crc >> 8) ^ table[(crc ^ *p) & 0xff];
    return crc;
}
