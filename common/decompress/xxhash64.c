/*
 * XXH64, written from the xxHash specification (XXH64 algorithm
 * description): four 64-bit lanes absorb 32-byte stripes and are merged
 * into one accumulator, the rest is mixed in 8, 4 and 1 byte steps, and a
 * final avalanche spreads every input bit over the result.  All arithmetic
 * is modulo 2^64.
 */
#include "private.h"
#include "xxhash.h"

#define P1 0x9e3779b185ebca87ull
#define P2 0xc2b2ae3d27d4eb4full
#define P3 0x165667b19e3779f9ull
#define P4 0x85ebca77c2b2ae63ull
#define P5 0x27d4eb2f165667c5ull

static inline uint64_t rotl64(uint64_t x, unsigned int r)
{
    return (x << r) | (x >> (64 - r));
}

/* One lane step: accumulate a 64-bit input word. */
static inline uint64_t round64(uint64_t acc, uint64_t in)
{
    return rotl64(acc + in * P2, 31) * P1;
}

/* Fold a finished lane into the accumulator. */
static inline uint64_t merge64(uint64_t h, uint64_t lane)
{
    return (h ^ round64(0, lane)) * P1 + P4;
}

uint64_t xxh64(const uint8_t *p, size_t len, uint64_t seed)
{
    const uint8_t *end = p + len;
    uint64_t h;

    if ( len >= 32 )
    {
        uint64_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;

        for ( ; end - p >= 32; p += 32 )
        {
            v1 = round64(v1, get_le64(p));
            v2 = round64(v2, get_le64(p + 8));
            v3 = round64(v3, get_le64(p + 16));
            v4 = round64(v4, get_le64(p + 24));
        }
        h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
        h = merge64(h, v1);
        h = merge64(h, v2);
        h = merge64(h, v3);
        h = merge64(h, v4);
    }
    else
        h = seed + P5;

    h += len;

    for ( ; end - p >= 8; p += 8 )
        h = rotl64(h ^ round64(0, get_le64(p)), 27) * P1 + P4;
    if ( end - p >= 4 )
    {
        h = rotl64(h ^ (get_le32(p) * P1), 23) * P2 + P3;
        p += 4;
    }
    for ( ; p < end; p++ )
        h = rotl64(h ^ (*p * P5), 11) * P1;

    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}
