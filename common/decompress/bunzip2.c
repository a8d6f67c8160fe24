/*
 * bzip2 decoder: bzip2 streams, decoded from memory to memory in a single
 * call.
 *
 * The format, outermost first:
 *   stream  "BZh" and a level '1'..'9' (blocks hold at most level * 100000
 *           bytes), blocks, then an end marker with a CRC over the blocks';
 *   block   48-bit magic, CRC of the block's output, a "randomised" flag,
 *           the row of the original string in the sorted rotations, the
 *           set of byte values used, and 2 to 6 Huffman tables with a
 *           table selector for each group of 50 symbols;
 *   symbols move-to-front indexes over the bytes used, with runs of index
 *           0 written in bijective base 2 (RUNA = 1, RUNB = 2, times the
 *           digit's weight); the decoded bytes are the last column of the
 *           Burrows-Wheeler transform of ...
 *   ...     the original bytes with every run of 4 to 255 equal bytes
 *           written as 4 of them and a count of the rest.
 * All fields are big-endian and read most significant bit first.
 *
 * Input bits come through a 64-bit buffer whose next bit is bit 63, topped
 * up to at least 56 bits; no step takes more than that between refills.
 * Past the end of the input it reads as zeros and its count goes negative
 * (so a negative count means the input is exhausted); every step checks the
 * count before acting on what it read, so a truncated stream is reported as
 * such.
 */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include "private.h"

#define BLOCK_MAGIC     0x314159265359ull      /* BCD of pi */
#define END_MAGIC       0x177245385090ull      /* BCD of sqrt(pi) */
#define LEVEL_BYTES     100000                  /* block size per level */
#define MAX_GROUPS      6
#define MIN_GROUPS      2
#define GROUP_SIZE      50                      /* symbols per selector */
#define MAX_SELECTORS   32767                   /* a 15-bit field */
#define MAX_ALPHA       258                     /* RUNA, RUNB, 255 MTF, EOB */
#define MAX_CODE_BITS   20
#define FAST_BITS       10
#define RUNA            0
#define RUNB            1
#define RUN_BYTES       4       /* equal bytes that announce a count byte */
#define TRUNCATED       "bzip2: input truncated"

/*
 * One Huffman table, canonical as in DEFLATE: codes of one length are
 * consecutive integers from first[len] and belong to symbols[start[len]],
 * symbols[start[len] + 1], ... in symbol order.  fast[] is indexed by the
 * next FAST_BITS input bits; an entry is symbol << 5 | length, or 0 when
 * the code is longer (or there is none) and decode_slow() decides.
 */
struct table {
    uint16_t fast[1 << FAST_BITS];
    uint32_t first[MAX_CODE_BITS + 1];
    uint16_t count[MAX_CODE_BITS + 1];
    uint16_t start[MAX_CODE_BITS + 1];
    uint16_t symbols[MAX_ALPHA];
};

struct bunzip {
    const uint8_t *in;
    size_t in_len;
    size_t in_pos;              /* next byte not yet taken into bits */
    /*
     * The next input bits, the first in bit 63.  nbits of them are real;
     * below those the buffer holds zeros or the genuine bits of in[in_pos]
     * onwards, so OR-ing in a byte again at its place changes nothing.
     * nbits < 0: that many zero bits past the end of the input were used.
     */
    uint64_t bits;
    int nbits;
    uint8_t *out;
    size_t out_size;
    size_t out_pos;
    const char *why;

    /*
     * One entry per byte of the block being decoded: the byte in bits 0-7
     * and, once the inverse transform is set up, the index of the entry
     * holding the byte that follows it in bits 8-31 (block_max < 2^24).
     */
    uint32_t *tt;
    unsigned int tt_len;        /* entries allocated, >= block_max */
    unsigned int block_max;     /* this stream's limit: level * 100000 */

    unsigned int num_groups;
    unsigned int num_selectors;
    uint8_t selectors[MAX_SELECTORS];
    struct table tables[MAX_GROUPS];
};

static int fail(struct bunzip *s, int err, const char *why)
{
    /* Past the end of the input, every later failure is the truncation. */
    if ( s->nbits < 0 )
    {
        err = -ENODATA;
        why = TRUNCATED;
    }
    s->why = why;
    return err;
}

static inline uint64_t load_be64(const uint8_t *p)
{
    return ((uint64_t)p[0] << 56) | ((uint64_t)p[1] << 48) |
           ((uint64_t)p[2] << 40) | ((uint64_t)p[3] << 32) |
           ((uint64_t)p[4] << 24) | ((uint64_t)p[5] << 16) |
           ((uint64_t)p[6] << 8) | p[7];
}

/* Afterwards nbits >= 56, or all of the input is in the buffer. */
static inline void refill(struct bunzip *s)
{
    if ( likely(s->in_len - s->in_pos >= 8) )
    {
        /* As in gunzip.c, mirrored; 0 <= nbits <= 63 here. */
        s->bits |= load_be64(s->in + s->in_pos) >> s->nbits;
        s->in_pos += (63 - s->nbits) >> 3;
        s->nbits |= 56;
        return;
    }
    while ( s->nbits < 56 && s->in_pos < s->in_len )
    {
        s->bits |= (uint64_t)s->in[s->in_pos++] << (56 - s->nbits);
        s->nbits += 8;
    }
}

/* The next n (1..32) bits; nbits goes negative if they are not all there. */
static inline uint32_t get_bits(struct bunzip *s, unsigned int n)
{
    uint32_t v = s->bits >> (64 - n);

    s->bits <<= n;
    s->nbits -= (int)n;
    return v;
}

/*
 * Build t from lengths[0, n) (each 1..20).  Over-subscribed codes are
 * rejected; an incomplete one is accepted and input matching none of its
 * codes is rejected by decode_slow().
 */
static int table_build(struct bunzip *s, struct table *t,
                       const uint8_t *lengths, unsigned int n)
{
    unsigned int len, sym, i, next[MAX_CODE_BITS + 1];
    uint32_t code;
    long left = 1;              /* codes of the current length still free */

    memset(t->count, 0, sizeof(t->count));
    for ( sym = 0; sym < n; sym++ )
        t->count[lengths[sym]]++;
    for ( len = 1; len <= MAX_CODE_BITS; len++ )
    {
        left = 2 * left - t->count[len];
        if ( left < 0 )
            return fail(s, -EINVAL, "bzip2: over-subscribed Huffman code");
    }

    code = 0;
    next[1] = t->start[1] = 0;
    for ( len = 1; len <= MAX_CODE_BITS; len++ )
    {
        t->first[len] = code;
        if ( len > 1 )
            next[len] = t->start[len] = t->start[len - 1] + t->count[len - 1];
        code = (code + t->count[len]) << 1;
    }
    for ( sym = 0; sym < n; sym++ )
        t->symbols[next[lengths[sym]]++] = sym;

    /* A code of length len covers 2^(FAST_BITS - len) consecutive slots. */
    memset(t->fast, 0, sizeof(t->fast));
    for ( len = 1; len <= FAST_BITS; len++ )
        for ( i = 0; i < t->count[len]; i++ )
        {
            unsigned int slot = (t->first[len] + i) << (FAST_BITS - len);
            unsigned int end = slot + (1u << (FAST_BITS - len));

            for ( ; slot < end; slot++ )
                t->fast[slot] = t->symbols[t->start[len] + i] << 5 | len;
        }
    return 0;
}

/*
 * A code longer than FAST_BITS, or none.  The value of the first len bits
 * is at least first[len] whenever no shorter code matched, so the unsigned
 * difference is the code's rank among those of its length.
 */
static unsigned int decode_slow(struct bunzip *s, const struct table *t)
{
    unsigned int len;

    for ( len = FAST_BITS + 1; len <= MAX_CODE_BITS; len++ )
    {
        uint32_t code = s->bits >> (64 - len);

        if ( code - t->first[len] < t->count[len] )
        {
            s->bits <<= len;
            s->nbits -= (int)len;
            return t->symbols[t->start[len] + code - t->first[len]];
        }
    }
    /* Consume what was looked at, so that past the end fail() says so. */
    s->bits <<= MAX_CODE_BITS;
    s->nbits -= MAX_CODE_BITS;
    return MAX_ALPHA;
}

/* The next symbol of t, or MAX_ALPHA.  Needs MAX_CODE_BITS buffered. */
static inline unsigned int decode(struct bunzip *s, const struct table *t)
{
    unsigned int e = t->fast[s->bits >> (64 - FAST_BITS)];

    if ( unlikely(!e) )
        return decode_slow(s, t);
    s->bits <<= e & 0x1f;
    s->nbits -= (int)(e & 0x1f);
    return e >> 5;
}

/* The set of byte values the block uses, in increasing order. */
static int read_byte_map(struct bunzip *s, uint8_t *used, unsigned int *num)
{
    unsigned int ranges, i, j;

    refill(s);
    ranges = get_bits(s, 16);
    *num = 0;
    for ( i = 0; i < 16; i++ )
    {
        unsigned int bytes;

        if ( !(ranges & (0x8000 >> i)) )
            continue;
        refill(s);
        bytes = get_bits(s, 16);
        for ( j = 0; j < 16; j++ )
            if ( bytes & (0x8000 >> j) )
                used[(*num)++] = i * 16 + j;
    }
    if ( s->nbits < 0 )
        return fail(s, -ENODATA, TRUNCATED);
    if ( !*num )
        return fail(s, -EINVAL, "bzip2: block uses no byte values");
    return 0;
}

/* Group count, the selectors (move-to-front coded, unary) and the tables. */
static int read_tables(struct bunzip *s, unsigned int alpha_size)
{
    uint8_t lengths[MAX_ALPHA], order[MAX_GROUPS];
    unsigned int i, g, sym;
    int rc;

    refill(s);
    s->num_groups = get_bits(s, 3);
    s->num_selectors = get_bits(s, 15);
    if ( s->nbits < 0 )
        return fail(s, -ENODATA, TRUNCATED);
    if ( s->num_groups < MIN_GROUPS || s->num_groups > MAX_GROUPS )
        return fail(s, -EINVAL, "bzip2: bad number of Huffman tables");
    if ( !s->num_selectors )
        return fail(s, -EINVAL, "bzip2: no selectors");

    for ( g = 0; g < s->num_groups; g++ )
        order[g] = g;
    for ( i = 0; i < s->num_selectors; i++ )
    {
        unsigned int pos = 0;
        uint8_t g_sel;

        /* At most num_groups + 1 bits: fits the refilled buffer. */
        refill(s);
        while ( get_bits(s, 1) )
            if ( ++pos >= s->num_groups )
                return fail(s, -EINVAL, "bzip2: bad selector");
        g_sel = order[pos];
        for ( ; pos; pos-- )
            order[pos] = order[pos - 1];
        order[0] = g_sel;
        s->selectors[i] = g_sel;
    }
    if ( s->nbits < 0 )
        return fail(s, -ENODATA, TRUNCATED);

    /*
     * Lengths: a 5-bit start, then per symbol a delta, "1x" steps of +1
     * (x = 0) or -1 (x = 1) ended by "0".  Each step takes two bits, and
     * past the end the zeros end the symbol, so the loops are bounded by
     * the input.
     */
    for ( g = 0; g < s->num_groups; g++ )
    {
        unsigned int len;

        refill(s);
        len = get_bits(s, 5);
        for ( sym = 0; sym < alpha_size; sym++ )
        {
            for ( ; ; )
            {
                if ( len < 1 || len > MAX_CODE_BITS )
                    return fail(s, -EINVAL, "bzip2: bad code length");
                refill(s);
                if ( !get_bits(s, 1) )
                    break;
                len += get_bits(s, 1) ? -1 : 1;
            }
            lengths[sym] = len;
        }
        if ( s->nbits < 0 )
            return fail(s, -ENODATA, TRUNCATED);
        rc = table_build(s, &s->tables[g], lengths, alpha_size);
        if ( rc )
            return rc;
    }
    return 0;
}

/*
 * The symbols, undoing the move-to-front and run coding into tt[]; returns
 * the block's length or -errno.
 */
static long read_symbols(struct bunzip *s, const uint8_t *used,
                         unsigned int alpha_size)
{
    const unsigned int end_of_block = alpha_size - 1;
    const struct table *t = NULL;
    unsigned int n = 0, group = 0, left_in_group = 0;
    unsigned int run = 0, weight = 1, i;
    uint8_t mtf[256];

    for ( i = 0; i < alpha_size - 2; i++ )
        mtf[i] = i;

    /* Each pass consumes a symbol: bounded by the input. */
    for ( ; ; )
    {
        unsigned int sym;
        uint8_t idx;

        if ( !left_in_group )
        {
            if ( group == s->num_selectors )
                return fail(s, -EINVAL, "bzip2: more symbols than selectors");
            t = &s->tables[s->selectors[group++]];
            left_in_group = GROUP_SIZE;
        }
        left_in_group--;

        refill(s);
        sym = decode(s, t);
        if ( s->nbits < 0 )
            return fail(s, -ENODATA, TRUNCATED);
        if ( sym == MAX_ALPHA )
            return fail(s, -EINVAL, "bzip2: invalid Huffman code");

        if ( sym <= RUNB )
        {
            /* Bijective base 2, least significant digit first. */
            if ( weight > s->block_max )
                return fail(s, -EINVAL, "bzip2: run too long");
            run += weight << sym;
            weight <<= 1;
            if ( run > s->block_max - n )
                return fail(s, -EINVAL, "bzip2: block too long");
            continue;
        }
        if ( run )
        {
            uint8_t b = used[mtf[0]];

            for ( i = 0; i < run; i++ )
                s->tt[n++] = b;
            run = 0;
            weight = 1;
        }
        if ( sym == end_of_block )
            return n;

        /* Symbol k (2 <= k < end_of_block) is move-to-front index k - 1. */
        if ( n == s->block_max )
            return fail(s, -EINVAL, "bzip2: block too long");
        i = sym - 1;
        idx = mtf[i];
        for ( ; i; i-- )
            mtf[i] = mtf[i - 1];
        mtf[0] = idx;
        s->tt[n++] = used[idx];
    }
}

/*
 * Undo the Burrows-Wheeler transform of tt[0, n) and the 4-byte run coding
 * into out[].
 *
 * tt[] holds L, the last column of the sorted rotations.  Stably sorting L
 * gives F, the first column, and the k-th occurrence of a byte in F and in
 * L are the same character of the original string.  The row whose last
 * character is the one starting row r is therefore found by looking up
 * F[r]'s occurrence in L, and that row begins with the character that
 * follows F[r] in the string.  Starting from the row holding the original
 * string (orig_ptr) and following that link n times visits the string's
 * characters in order, each as the L entry of the row reached.
 */
static int unsort_block(struct bunzip *s, unsigned int n, unsigned int orig_ptr)
{
    unsigned int count[256] = { 0 }, i, sum, pos, same = 0;
    int last = -1;

    for ( i = 0; i < n; i++ )
        count[s->tt[i] & 0xff]++;
    /* count[b] becomes the row in F of the next occurrence of b. */
    for ( sum = 0, i = 0; i < 256; i++ )
    {
        unsigned int c = count[i];

        count[i] = sum;
        sum += c;
    }
    for ( i = 0; i < n; i++ )
        s->tt[count[s->tt[i] & 0xff]++] |= i << 8;

    pos = s->tt[orig_ptr] >> 8;
    for ( i = 0; i < n; i++ )
    {
        uint32_t e = s->tt[pos];
        uint8_t b = e & 0xff;

        pos = e >> 8;
        if ( same == RUN_BYTES )
        {
            /* b counts further copies of the run's byte. */
            if ( b > s->out_size - s->out_pos )
                return fail(s, -ENOSPC, "bzip2: output buffer too small");
            memset(s->out + s->out_pos, last, b);
            s->out_pos += b;
            same = 0;
            continue;
        }
        same = b == last ? same + 1 : 1;
        last = b;
        if ( s->out_pos == s->out_size )
            return fail(s, -ENOSPC, "bzip2: output buffer too small");
        s->out[s->out_pos++] = b;
    }
    return 0;
}

/* One block, after its magic; the block's CRC is returned in *crc. */
static int read_block(struct bunzip *s, uint32_t *crc)
{
    uint8_t used[256];
    unsigned int num_used, orig_ptr;
    size_t start = s->out_pos;
    bool randomised;
    long n;
    int rc;

    refill(s);
    *crc = get_bits(s, 32);
    refill(s);
    randomised = get_bits(s, 1);
    orig_ptr = get_bits(s, 24);
    if ( s->nbits < 0 )
        return fail(s, -ENODATA, TRUNCATED);
    if ( randomised )
        return fail(s, -EOPNOTSUPP, "bzip2: randomised blocks are not supported");

    rc = read_byte_map(s, used, &num_used);
    if ( rc )
        return rc;
    rc = read_tables(s, num_used + 2);
    if ( rc )
        return rc;
    n = read_symbols(s, used, num_used + 2);
    if ( n < 0 )
        return n;
    if ( orig_ptr >= n )
        return fail(s, -EINVAL, "bzip2: original row out of range");
    rc = unsort_block(s, n, orig_ptr);
    if ( rc )
        return rc;

    if ( (crc32_be_update(0xffffffff, s->out + start, s->out_pos - start) ^
          0xffffffff) != *crc )
        return fail(s, -EINVAL, "bzip2: block CRC mismatch");
    return 0;
}

/* The blocks and end marker of a stream whose header has been read. */
static int read_stream(struct bunzip *s)
{
    uint32_t combined = 0;

    /* Each block consumes input: bounded by it. */
    for ( ; ; )
    {
        uint64_t magic;
        uint32_t crc;
        int rc;

        refill(s);
        magic = (uint64_t)get_bits(s, 24) << 24;
        magic |= get_bits(s, 24);
        if ( s->nbits < 0 )
            return fail(s, -ENODATA, TRUNCATED);

        if ( magic == END_MAGIC )
        {
            refill(s);
            crc = get_bits(s, 32);
            if ( s->nbits < 0 )
                return fail(s, -ENODATA, TRUNCATED);
            if ( crc != combined )
                return fail(s, -EINVAL, "bzip2: stream CRC mismatch");
            return 0;
        }
        if ( magic != BLOCK_MAGIC )
            return fail(s, -EINVAL, "bzip2: bad block magic");

        rc = read_block(s, &crc);
        if ( rc )
            return rc;
        combined = ((combined << 1) | (combined >> 31)) ^ crc;
    }
}

/* A stream header ("BZh" and the level) at in[pos]? */
static bool stream_header(const uint8_t *in, size_t in_len, size_t pos)
{
    return in_len - pos >= 4 && in[pos] == 'B' && in[pos + 1] == 'Z' &&
           in[pos + 2] == 'h' && in[pos + 3] >= '1' && in[pos + 3] <= '9';
}

/*
 * Start the stream whose header is at in[pos]: its blocks are at most
 * level * 100000 bytes, and tt[] grows if an earlier stream had a lower
 * level.
 */
static int start_stream(struct bunzip *s, size_t pos)
{
    s->block_max = (s->in[pos + 3] - '0') * LEVEL_BYTES;
    if ( s->block_max > s->tt_len )
    {
        xfree(s->tt);
        s->tt_len = 0;
        s->tt = xzalloc_bytes(s->block_max * sizeof(*s->tt));
        if ( !s->tt )
            return fail(s, -ENOMEM, "bzip2: out of memory for the block");
        s->tt_len = s->block_max;
    }
    s->in_pos = pos + 4;
    s->bits = 0;
    s->nbits = 0;
    return 0;
}

/*
 * Streams may follow each other (as "cat a.bz2 b.bz2" or parallel
 * compressors make them); their outputs are concatenated.  Each ends at a
 * byte boundary; anything after a stream that is not a stream header is
 * trailing data.
 */
long bunzip2(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_size,
             const char **why)
{
    struct bunzip *s;
    long ret;
    int rc;

    if ( !stream_header(in, in_len, 0) )
    {
        bool truncated = in_len < 4 && !memcmp(in, "BZh", in_len);

        *why = truncated ? TRUNCATED : "bzip2: bad magic";
        return truncated ? -ENODATA : -EINVAL;
    }

    s = xzalloc_bytes(sizeof(*s));
    if ( !s )
    {
        *why = "bzip2: out of memory for the decoder state";
        return -ENOMEM;
    }
    s->in = in;
    s->in_len = in_len;
    s->out = out;
    s->out_size = out_size;

    /* Each stream takes at least 14 bytes of input: bounded by it. */
    do {
        rc = start_stream(s, s->in_pos) ?: read_stream(s);
        if ( rc )
            break;
        /* The end marker's byte is finished: return the whole ones. */
        s->in_pos -= s->nbits / 8;
    } while ( stream_header(in, in_len, s->in_pos) );

    if ( rc )
        *why = s->why;
    ret = rc ?: (long)s->out_pos;
    xfree(s->tt);
    xfree(s);
    return ret;
}
