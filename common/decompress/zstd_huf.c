/*
 * zstd: Huffman-coded literals (RFC 8878 4.2): tree descriptions, decoding
 * tables and the one or four coded streams.
 */
#include "lz.h"
#include "zstd.h"

#define HUF_MAX_WEIGHTS 255     /* explicit weights; the last is implied */

static inline unsigned int highbit(uint32_t x)
{
    return 31 - __builtin_clz(x);
}

/*
 * Weights compressed with FSE (4.2.1.2): a table description, then one
 * backward bitstream shared by two states that take turns, starting with
 * the first.  A state yields its symbol and then advances; when an advance
 * needs more bits than are left, the other state's symbol is the last one.
 * Returns the number of weights, or -EINVAL.
 */
static int huf_fse_weights(const uint8_t *p, size_t len, uint8_t *w,
                           const char **why)
{
    int16_t counts[ZSTD_HUFW_MAX_SYM + 1];
    struct fse_entry t[1 << ZSTD_HUFW_MAX_LOG];
    unsigned int log, nsym, s1, s2, n = 0;
    struct bitrev br;
    long used;

    used = fse_read_counts(p, len, counts, ZSTD_HUFW_MAX_SYM,
                           ZSTD_HUFW_MAX_LOG, &log, &nsym, why);
    if ( used < 0 )
        return used;
    fse_build(t, counts, nsym, log);
    if ( bitrev_init(&br, p + used, len - used) )
        return zstd_fail(why, -EINVAL, "zstd: bad Huffman weight bitstream");
    s1 = bitrev_read(&br, log);
    s2 = bitrev_read(&br, log);
    if ( bitrev_overrun(&br) )
        return zstd_fail(why, -EINVAL,
                         "zstd: Huffman weight bitstream too short");

    /* Each turn yields a weight, so the count check bounds the loop. */
    for ( ;; )
    {
        /* Room for this weight and a possible final one. */
        if ( n + 2 > HUF_MAX_WEIGHTS )
            return zstd_fail(why, -EINVAL, "zstd: too many Huffman weights");
        bitrev_refill(&br);
        w[n++] = t[s1].symbol;
        s1 = t[s1].base + bitrev_read(&br, t[s1].nbits);
        if ( bitrev_overrun(&br) )
        {
            w[n++] = t[s2].symbol;
            break;
        }
        if ( n + 2 > HUF_MAX_WEIGHTS )
            return zstd_fail(why, -EINVAL, "zstd: too many Huffman weights");
        w[n++] = t[s2].symbol;
        s2 = t[s2].base + bitrev_read(&br, t[s2].nbits);
        if ( bitrev_overrun(&br) )
        {
            w[n++] = t[s1].symbol;
            break;
        }
    }
    return n;
}

/*
 * Decoding table from the weights of symbols 0 .. n - 1 (w has room for one
 * more, the implied last weight).  Weight w > 0 means a code of
 * max_bits + 1 - w bits, so 2^(w - 1) of the 2^max_bits table cells.  Codes
 * are handed out from the lowest weight up, symbols in order within a
 * weight: cells are filled in that order.
 */
static int huf_build(struct huf_table *t, uint8_t *w, unsigned int n,
                     const char **why)
{
    unsigned int count[ZSTD_HUF_MAX_BITS + 1] = { 0 };
    unsigned int start[ZSTD_HUF_MAX_BITS + 1];
    unsigned int max_bits, pos, s, i;
    uint32_t sum = 0, rest;

    for ( s = 0; s < n; s++ )
    {
        if ( w[s] > ZSTD_HUF_MAX_BITS )
            return zstd_fail(why, -EINVAL, "zstd: Huffman weight too large");
        sum += (1u << w[s]) >> 1;
    }
    if ( sum == 0 )
        return zstd_fail(why, -EINVAL, "zstd: Huffman tree without symbols");

    /* The implied last weight completes the sum to the next power of two. */
    max_bits = highbit(sum) + 1;
    if ( max_bits > ZSTD_HUF_MAX_BITS )
        return zstd_fail(why, -EINVAL,
                         "zstd: Huffman codes longer than 11 bits");
    rest = (1u << max_bits) - sum;
    if ( rest & (rest - 1) )
        return zstd_fail(why, -EINVAL,
                         "zstd: Huffman weights do not form a tree");
    w[n++] = highbit(rest) + 1;

    for ( s = 0; s < n; s++ )
        count[w[s]]++;
    /*
     * The sum is even, so there is an even number of weight-1 symbols; the
     * format requires some, which also means at least two symbols.
     */
    if ( count[1] == 0 )
        return zstd_fail(why, -EINVAL,
                         "zstd: Huffman tree without a weight-1 symbol");

    for ( pos = 0, i = 1; i <= max_bits; i++ )
    {
        start[i] = pos;
        pos += count[i] << (i - 1);
    }
    for ( s = 0; s < n; s++ )
    {
        unsigned int wt = w[s];
        struct huf_entry e = { s, max_bits + 1 - wt };

        if ( !wt )
            continue;
        for ( i = 0; i < 1u << (wt - 1); i++ )
            t->e[start[wt] + i] = e;
        start[wt] += 1u << (wt - 1);
    }
    t->max_bits = max_bits;
    return 0;
}

long huf_read_tree(struct huf_table *t, const uint8_t *p, size_t len,
                   const char **why)
{
    uint8_t w[HUF_MAX_WEIGHTS + 1];
    unsigned int n, i;
    size_t used;
    int rc;

    if ( len < 1 )
        return zstd_fail(why, -EINVAL,
                         "zstd: Huffman tree description truncated");
    if ( p[0] >= 128 )
    {
        /* Direct: 4-bit weights, the first in the high half of a byte. */
        n = p[0] - 127;
        used = 1 + (n + 1) / 2;
        if ( used > len )
            return zstd_fail(why, -EINVAL,
                             "zstd: Huffman tree description truncated");
        for ( i = 0; i < n; i++ )
            w[i] = (p[1 + i / 2] >> (i & 1 ? 0 : 4)) & 15;
    }
    else
    {
        used = 1 + p[0];
        if ( used > len )
            return zstd_fail(why, -EINVAL,
                             "zstd: Huffman tree description truncated");
        rc = huf_fse_weights(p + 1, p[0], w, why);
        if ( rc < 0 )
            return rc;
        n = rc;
    }
    rc = huf_build(t, w, n, why);
    return rc < 0 ? rc : (long)used;
}

/*
 * One stream: n symbols, and then exactly every bit must have been read.
 * Up to 5 codes of at most 11 bits fit in what a refill guarantees.
 */
static int huf_stream(const struct huf_table *t, const uint8_t *p, size_t len,
                      uint8_t *out, size_t n, const char **why)
{
    unsigned int mb = t->max_bits;
    uint8_t *end = out + n;
    struct bitrev br;
    struct huf_entry e;

    if ( bitrev_init(&br, p, len) )
        return zstd_fail(why, -EINVAL, "zstd: bad Huffman stream");
    while ( end - out >= 5 )
    {
        bitrev_refill(&br);
        e = t->e[bitrev_peek(&br, mb)];
        out[0] = e.symbol;
        bitrev_skip(&br, e.nbits);
        e = t->e[bitrev_peek(&br, mb)];
        out[1] = e.symbol;
        bitrev_skip(&br, e.nbits);
        e = t->e[bitrev_peek(&br, mb)];
        out[2] = e.symbol;
        bitrev_skip(&br, e.nbits);
        e = t->e[bitrev_peek(&br, mb)];
        out[3] = e.symbol;
        bitrev_skip(&br, e.nbits);
        e = t->e[bitrev_peek(&br, mb)];
        out[4] = e.symbol;
        bitrev_skip(&br, e.nbits);
        out += 5;
    }
    bitrev_refill(&br);
    while ( out < end )
    {
        e = t->e[bitrev_peek(&br, mb)];
        *out++ = e.symbol;
        bitrev_skip(&br, e.nbits);
    }
    if ( !bitrev_done(&br) )
        return zstd_fail(why, -EINVAL, "zstd: Huffman stream length mismatch");
    return 0;
}

int huf_decode(const struct huf_table *t, bool four, const uint8_t *p,
               size_t len, uint8_t *out, size_t n, const char **why)
{
    size_t seg = (n + 3) / 4, sz[4];
    unsigned int i;
    int rc;

    if ( !four )
        return huf_stream(t, p, len, out, n, why);

    /*
     * Jump table: the sizes of the first three streams; the fourth has the
     * rest.  Each stream but the last regenerates (n + 3) / 4 literals.
     */
    if ( len < 6 )
        return zstd_fail(why, -EINVAL, "zstd: literals jump table truncated");
    sz[0] = get_le16(p);
    sz[1] = get_le16(p + 2);
    sz[2] = get_le16(p + 4);
    if ( sz[0] + sz[1] + sz[2] > len - 6 )
        return zstd_fail(why, -EINVAL,
                         "zstd: literals streams overrun their section");
    sz[3] = len - 6 - sz[0] - sz[1] - sz[2];
    if ( 3 * seg > n )
        return zstd_fail(why, -EINVAL,
                         "zstd: too few literals for four streams");

    p += 6;
    for ( i = 0; i < 4; i++ )
    {
        rc = huf_stream(t, p, sz[i], out, i < 3 ? seg : n - 3 * seg, why);
        if ( rc )
            return rc;
        p += sz[i];
        out += seg;
    }
    return 0;
}
