/* Bitmap searches and bulk updates (declared in xen/bitmap.h). */
#include <xen/lib.h>
#include <xen/bitmap.h>

/*
 * Population count by halving sums (2-, 4-, 8-bit fields, then a multiply
 * that adds the bytes).  Not __builtin_popcountl: without -mpopcnt GCC
 * calls libgcc for it, and the hypervisor links without libgcc.
 */
static unsigned int weight_long(unsigned long w)
{
    w -= (w >> 1) & 0x5555555555555555UL;
    w = (w & 0x3333333333333333UL) + ((w >> 2) & 0x3333333333333333UL);
    w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
    return (w * 0x0101010101010101UL) >> 56;
}

/*
 * First bit at or after start that differs from the bits of invert (0:
 * look for a set bit, ~0: for a clear one), or size.  Bits of the last
 * word beyond size may hold anything, hence the final clamp.
 */
static unsigned int find_next(const unsigned long *map, unsigned int size,
                              unsigned int start, unsigned long invert)
{
    unsigned long i, word;

    if ( start >= size )
        return size;
    i = start / BITS_PER_LONG;
    word = (map[i] ^ invert) & (~0UL << (start % BITS_PER_LONG));
    while ( !word )
    {
        if ( (i + 1) * BITS_PER_LONG >= size )
            return size;
        word = map[++i] ^ invert;
    }
    i = i * BITS_PER_LONG + __builtin_ctzl(word);
    return i < size ? i : size;
}

unsigned int find_next_bit(const unsigned long *map, unsigned int size,
                           unsigned int start)
{
    return find_next(map, size, start, 0);
}

unsigned int find_next_zero_bit(const unsigned long *map, unsigned int size,
                                unsigned int start)
{
    return find_next(map, size, start, ~0UL);
}

unsigned int bitmap_weight(const unsigned long *map, unsigned int size)
{
    unsigned int i, w = 0;

    for ( i = 0; i < size / BITS_PER_LONG; i++ )
        w += weight_long(map[i]);
    if ( size % BITS_PER_LONG )
        w += weight_long(map[i] & ((1UL << (size % BITS_PER_LONG)) - 1));
    return w;
}

/* Set or clear [start, start + len), a word at a time. */
static void bitmap_update(unsigned long *map, unsigned int start,
                          unsigned int len, bool set)
{
    while ( len )
    {
        unsigned int bit = start % BITS_PER_LONG;
        unsigned int n = BITS_PER_LONG - bit < len ? BITS_PER_LONG - bit : len;
        unsigned long mask = (n == BITS_PER_LONG ? ~0UL : (1UL << n) - 1) << bit;

        if ( set )
            map[start / BITS_PER_LONG] |= mask;
        else
            map[start / BITS_PER_LONG] &= ~mask;
        start += n;
        len -= n;
    }
}

void bitmap_set(unsigned long *map, unsigned int start, unsigned int len)
{
    bitmap_update(map, start, len, true);
}

void bitmap_clear(unsigned long *map, unsigned int start, unsigned int len)
{
    bitmap_update(map, start, len, false);
}
