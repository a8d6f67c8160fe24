/*
 * XXH32, written from the xxHash specification (XXH32 algorithm
 * description): four 32-bit lanes absorb 16-byte stripes, the rest is mixed
 * in 4 bytes then 1 byte at a time, and a final avalanche spreads every
 * input bit over the result.  All arithmetic is modulo 2^32.
 */
#include "private.h"
#include "xxhash.h"

#define P1 0x9e3779b1u
#define P2 0x85ebca77u
#define P3 0xc2b2ae3du
#define P4 0x27d4eb2fu
#define P5 0x165667b1u

static inline uint32_t rotl32(uint32_t x, unsigned int r)
{
    return (x << r) | (x >> (32 - r));
}

/* One lane step: accumulate a 32-bit input word. */
static inline uint32_t round32(uint32_t acc, uint32_t in)
{
    return rotl32(acc + in * P2, 13) * P1;
}

uint32_t xxh32(const uint8_t *p, size_t len, uint32_t seed)
{
    const uint8_t *end = p + len;
    uint32_t h;

    if ( len >= 16 )
    {
        uint32_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;

        for ( ; end - p >= 16; p += 16 )
        {
            v1 = round32(v1, get_le32(p));
            v2 = round32(v2, get_le32(p + 4));
            v3 = round32(v3, get_le32(p + 8));
            v4 = round32(v4, get_le32(p + 12));
        }
        h = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18);
    }
    else
        h = seed + P5;

    /* The length enters modulo 2^32, as the specification states. */
    h += (uint32_t)len;

    for ( ; end - p >= 4; p += 4 )
        h = rotl32(h + get_le32(p) * P3, 17) * P4;
    for ( ; p < end; p++ )
        h = rotl32(h + *p * P5, 11) * P1;

    h ^= h >> 15;
    h *= P2;
    h ^= h >> 13;
    h *= P3;
    h ^= h >> 16;
    return h;
}
