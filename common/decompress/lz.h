#ifndef COMMON_DECOMPRESS_LZ_H
#define COMMON_DECOMPRESS_LZ_H

/*
 * Byte helpers shared by unzstd and unlz4: the two copies of an LZ77 decoder (literals from the input, matches from output
 * already written).  The callers have checked every bound; these never
 * touch a byte outside the ranges they are given.
 */

#include <xen/types.h>
#include "private.h"

/* d[0, n) = s[0, n) for ranges that do not overlap, a word at a time. */
static inline void lz_copy(uint8_t *d, const uint8_t *s, size_t n)
{
    uint64_t w;
    size_t i;

    if ( n < 8 )
    {
        for ( i = 0; i < n; i++ )
            d[i] = s[i];
        return;
    }
    for ( i = 0; i + 8 <= n; i += 8 )
    {
        __builtin_memcpy(&w, s + i, 8);
        __builtin_memcpy(d + i, &w, 8);
    }
    /* The tail as one word ending at n, overlapping bytes already copied. */
    __builtin_memcpy(&w, s + n - 8, 8);
    __builtin_memcpy(d + n - 8, &w, 8);
}

/*
 * d[0, n) = the n bytes starting dist bytes back, where the copy may
 * overlap itself (dist < n repeats the last dist bytes).
 * @pre dist >= 1 and d - dist is inside the output already written.
 *
 * The output is periodic with period dist from d - dist on, so once k bytes
 * are written the source may move k further back: each step copies from a
 * distance twice the last and never overlaps the bytes it writes.
 */
static inline void lz_match(uint8_t *d, size_t dist, size_t n)
{
    while ( n > dist )
    {
        lz_copy(d, d - dist, dist);
        d += dist;
        n -= dist;
        dist *= 2;
    }
    lz_copy(d, d - dist, n);
}

#endif
