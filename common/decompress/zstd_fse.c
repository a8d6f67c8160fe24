/*
 * zstd: FSE table descriptions and decoding tables (RFC 8878 4.1.1).
 */
#include "zstd.h"

static inline unsigned int highbit(uint32_t x)
{
    return 31 - __builtin_clz(x);
}

/*
 * Bits [pos, pos + n) of p[0, len) read as one little-endian number, with
 * zeros past the end (n <= 24).  The caller checks at the end whether it
 * went past.
 */
static uint32_t bits_at(const uint8_t *p, size_t len, size_t pos,
                        unsigned int n)
{
    size_t byte = pos >> 3;
    uint32_t v = 0;
    unsigned int i;

    for ( i = 0; i < 4 && byte + i < len; i++ )
        v |= (uint32_t)p[byte + i] << (8 * i);
    return (v >> (pos & 7)) & ((1u << n) - 1);
}

long fse_read_counts(const uint8_t *p, size_t len, int16_t *counts,
                     unsigned int max_sym, unsigned int max_log,
                     unsigned int *log, unsigned int *nsym, const char **why)
{
    unsigned int al, nbits, s = 0;
    int remaining, threshold;
    size_t pos = 4;

    if ( len == 0 )
        return zstd_fail(why, -EINVAL, "zstd: FSE table description missing");
    al = (p[0] & 15) + 5;
    if ( al > max_log )
        return zstd_fail(why, -EINVAL, "zstd: FSE accuracy log too large");

    /*
     * remaining is the probability not yet handed out, plus one: the next
     * value lies in [0, remaining].  threshold is the largest power of two
     * <= remaining and nbits its log plus one, so nbits bits can hold any
     * value; the 2 * threshold - 1 - remaining smallest values need one bit
     * fewer.  Each symbol takes at least one point or is a zero, and zeros
     * are limited by max_sym, so the loop ends.
     */
    remaining = (1 << al) + 1;
    threshold = 1 << al;
    nbits = al + 1;
    while ( remaining > 1 )
    {
        int small = 2 * threshold - 1 - remaining;
        uint32_t v = bits_at(p, len, pos, nbits);
        int count;

        if ( s > max_sym )
            return zstd_fail(why, -EINVAL,
                             "zstd: FSE table has too many symbols");
        if ( (int)(v & (threshold - 1)) < small )
        {
            count = v & (threshold - 1);
            pos += nbits - 1;
        }
        else
        {
            count = v & (2 * threshold - 1);
            if ( count >= threshold )
                count -= small;
            pos += nbits;
        }
        /* The value is the probability plus one; -1 means "less than 1". */
        count--;
        counts[s++] = count;
        remaining -= count < 0 ? 1 : count;

        /* A zero is followed by 2-bit counts of further zeros, 3 = more. */
        if ( count == 0 )
        {
            unsigned int rep, k;

            do {
                rep = bits_at(p, len, pos, 2);
                pos += 2;
                if ( s + rep > max_sym + 1 )
                    return zstd_fail(why, -EINVAL,
                                     "zstd: FSE table has too many symbols");
                for ( k = 0; k < rep; k++ )
                    counts[s++] = 0;
            } while ( rep == 3 );
        }
        while ( remaining < threshold )
        {
            nbits--;
            threshold >>= 1;
        }
    }

    /* The description ends at a byte boundary. */
    if ( (pos + 7) / 8 > len )
        return zstd_fail(why, -EINVAL, "zstd: FSE table description truncated");
    *log = al;
    *nsym = s;
    return (pos + 7) / 8;
}

void fse_build(struct fse_entry *t, const int16_t *counts, unsigned int nsym,
               unsigned int log)
{
    unsigned int size = 1u << log, mask = size - 1;
    unsigned int step = (size >> 1) + (size >> 3) + 3;
    unsigned int pos = 0, s, u;
    int high = size - 1, i;
    uint16_t next[ZSTD_ML_MAX_SYM + 1];

    /* "Less than 1" symbols take one cell each, from the end down. */
    for ( s = 0; s < nsym; s++ )
    {
        if ( counts[s] == -1 )
        {
            t[high--].symbol = s;
            next[s] = 1;
        }
        else
            next[s] = counts[s];
    }

    /*
     * The others are spread over the remaining cells.  step is odd and the
     * size a power of two, so the walk visits every cell once per lap; the
     * counts fill the cells 0 .. high exactly, so it ends back at 0.
     */
    for ( s = 0; s < nsym; s++ )
    {
        for ( i = 0; i < counts[s]; i++ )
        {
            t[pos].symbol = s;
            do {
                pos = (pos + step) & mask;
            } while ( (int)pos > high );
        }
    }

    /*
     * A symbol with count c owns c cells; in state order they take the
     * numbers c .. 2c - 1.  The cell numbered x reads log - highbit(x) bits
     * and adds them to (x << nbits) - size, which splits [0, size) among
     * the symbol's cells: lower cells get ranges twice as wide (one more
     * bit).
     */
    for ( u = 0; u < size; u++ )
    {
        unsigned int x = next[t[u].symbol]++;
        unsigned int nb = log - highbit(x);

        t[u].nbits = nb;
        t[u].base = (x << nb) - size;
    }
}
