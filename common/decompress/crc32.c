/*
 * CRC-32 for the decoders (see private.h for the conventions).
 *
 * The reflected form runs over eight bytes per step ("slicing by 8"):
 * table[k][b] is the CRC register change caused by byte b followed by k
 * zero bytes, so the effect of eight input bytes is the XOR of eight
 * independent look-ups instead of a chain of eight dependent ones.  This
 * form checks every byte of a decompressed dom0 kernel, so its speed
 * matters.  The unreflected form (bzip2 only) is one byte per step: bzip2
 * decoding is dominated by its block sort inverse, not by the checksum.
 */
#include <xen/lib.h>
#include "private.h"

#define POLY_REFLECTED  0xedb88320u
#define POLY_NORMAL     0x04c11db7u

static uint32_t le_table[8][256];
static uint32_t be_table[256];

/*
 * The tables are filled on first use.  Filling is idempotent (every filler
 * stores the same values), so two CPUs racing through it do no harm; the
 * barrier orders the table stores before the flag store, and x86 keeps
 * stores in order for other CPUs.
 */
static bool tables_ready;

static void fill_tables(void)
{
    unsigned int b, k, bit;

    for ( b = 0; b < 256; b++ )
    {
        uint32_t le = b, be = (uint32_t)b << 24;

        for ( bit = 0; bit < 8; bit++ )
        {
            le = (le >> 1) ^ (le & 1 ? POLY_REFLECTED : 0);
            be = (be << 1) ^ (be & 0x80000000u ? POLY_NORMAL : 0);
        }
        le_table[0][b] = le;
        be_table[b] = be;
    }
    /* One more zero byte after table[k - 1]'s: shift it through once more. */
    for ( k = 1; k < 8; k++ )
        for ( b = 0; b < 256; b++ )
        {
            uint32_t prev = le_table[k - 1][b];

            le_table[k][b] = (prev >> 8) ^ le_table[0][prev & 0xff];
        }
    barrier();
    ACCESS_ONCE(tables_ready) = true;
}

static inline void need_tables(void)
{
    if ( unlikely(!ACCESS_ONCE(tables_ready)) )
        fill_tables();
}

uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
    need_tables();

    for ( ; n >= 8; p += 8, n -= 8 )
    {
        uint32_t lo = crc ^ get_le32(p), hi = get_le32(p + 4);

        crc = le_table[7][lo & 0xff] ^ le_table[6][(lo >> 8) & 0xff] ^
              le_table[5][(lo >> 16) & 0xff] ^ le_table[4][lo >> 24] ^
              le_table[3][hi & 0xff] ^ le_table[2][(hi >> 8) & 0xff] ^
              le_table[1][(hi >> 16) & 0xff] ^ le_table[0][hi >> 24];
    }
    for ( ; n; p++, n-- )
        crc = (crc >> 8) ^ le_table[0][(crc ^ *p) & 0xff];
    return crc;
}

uint32_t crc32_be_update(uint32_t crc, const uint8_t *p, size_t n)
{
    need_tables();

    for ( ; n; p++, n-- )
        crc = (crc << 8) ^ be_table[(crc >> 24) ^ *p];
    return crc;
}
