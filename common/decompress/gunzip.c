/*
 * gzip decoder: the members of the RFC 1952 container, each around a
 * DEFLATE stream (RFC 1951), decoded from memory to memory in one call.
 *
 * The output buffer is the LZ77 window: a match copies from bytes already
 * written, at most 32768 back (RFC 1951 3.2), never before the start of
 * its member's output.
 *
 * Input bits are read through a 64-bit buffer that a refill tops up to at
 * least 56 bits, enough for the longest symbol with its extra bits (a
 * length code, its 5 extra bits, a distance code and its 13: 48 bits); no
 * step takes more than 56 bits between refills.  Past the end of the input
 * the buffer reads as zeros and its count goes negative (so a negative
 * count means the input is exhausted); every step checks the count before
 * it acts on what it decoded, so truncated input is reported as such and
 * never decoded as data.
 */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include "private.h"

#define MAX_CODE_BITS   15      /* longest Huffman code DEFLATE allows */
#define FAST_BITS       10      /* codes up to this long take one look-up */
#define FAST_MASK       ((1u << FAST_BITS) - 1)
#define NUM_LITLEN      288     /* literal/length alphabet (286, 287 unused) */
#define NUM_DIST        32      /* distance alphabet (30, 31 unused) */
#define NUM_CODELEN     19      /* alphabet of the code length code */
#define MAX_LITLEN_USED 286
#define MAX_DIST_USED   30
#define END_OF_BLOCK    256
#define NO_SYMBOL       0xffff  /* decode() found no code for the input */
#define TRUNCATED       "gzip: input truncated"

/* gzip member header (RFC 1952 2.3). */
#define GZIP_HEADER_LEN 10
#define GZIP_CM_DEFLATE 8
#define FHCRC           0x02
#define FEXTRA          0x04
#define FNAME           0x08
#define FCOMMENT        0x10
#define FRESERVED       0xe0

/*
 * A canonical Huffman code (RFC 1951 3.2.2) ready for decoding.
 *
 * fast[] is indexed by the next FAST_BITS input bits.  DEFLATE sends a
 * code's first bit first, and the bit buffer holds the first bit lowest, so
 * a code sits in the index bit-reversed.  An entry is symbol << 4 | length;
 * 0 means the code is longer than FAST_BITS or no code starts with those
 * bits (an incomplete code), and decode_slow() decides.
 *
 * Codes of one length are consecutive integers, first[len] onwards, and
 * belong to symbols[start[len]], symbols[start[len] + 1], ... in symbol
 * order.
 */
struct huffman {
    uint16_t fast[1 << FAST_BITS];
    uint16_t count[MAX_CODE_BITS + 1];
    uint16_t first[MAX_CODE_BITS + 1];
    uint16_t start[MAX_CODE_BITS + 1];
    uint16_t symbols[NUM_LITLEN];
};

struct inflate {
    const uint8_t *in;
    size_t in_len;
    size_t in_pos;              /* next byte not yet taken into bits */
    /*
     * The next input bits, the first in bit 0.  nbits of them are real;
     * above those the buffer holds zeros or the genuine bits of in[in_pos]
     * onwards, so OR-ing in a byte again at its place changes nothing.
     * nbits < 0: that many zero bits past the end of the input were used.
     */
    uint64_t bits;
    int nbits;
    uint8_t *out;
    size_t out_size;
    size_t out_pos;
    const char *why;
    struct huffman litlen, dist;
};

/* RFC 1951 3.2.5: base value and extra bits of length symbols 257..285. */
static const uint16_t length_base[29] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t length_extra[29] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
    3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
/* ... and of distance symbols 0..29. */
static const uint16_t dist_base[30] = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
    257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
};
static const uint8_t dist_extra[30] = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
    7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};
/* RFC 1951 3.2.7: order in which the code length code's lengths arrive. */
static const uint8_t codelen_order[NUM_CODELEN] = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
};

/*
 * Every failure goes through here.  Once the decoder has used bits past the
 * end of the input, whatever went wrong next is a consequence of the
 * truncation, and that is what gets reported.
 */
static int fail(struct inflate *s, int err, const char *why)
{
    if ( s->nbits < 0 )
    {
        err = -ENODATA;
        why = TRUNCATED;
    }
    s->why = why;
    return err;
}

/* Afterwards nbits >= 56, or all of the input is in the buffer. */
static inline void refill(struct inflate *s)
{
    if ( likely(s->in_len - s->in_pos >= 8) )
    {
        /*
         * Eight bytes land above the real bits; the whole bytes that fit
         * count as taken, the top one's remainder lies beyond nbits as
         * genuine input (see struct inflate).  0 <= nbits <= 63 here.
         */
        s->bits |= get_le64(s->in + s->in_pos) << s->nbits;
        s->in_pos += (63 - s->nbits) >> 3;
        s->nbits |= 56;
        return;
    }
    while ( s->nbits < 56 && s->in_pos < s->in_len )
    {
        s->bits |= (uint64_t)s->in[s->in_pos++] << s->nbits;
        s->nbits += 8;
    }
}

/* The next n (<= 16) bits; nbits goes negative if they are not all there. */
static inline unsigned int get_bits(struct inflate *s, unsigned int n)
{
    unsigned int v = s->bits & ((1u << n) - 1);

    s->bits >>= n;
    s->nbits -= (int)n;
    return v;
}

static inline void drop_bits(struct inflate *s, unsigned int n)
{
    s->bits >>= n;
    s->nbits -= (int)n;
}

/*
 * Build h from lengths[0, n) (0 = symbol unused).  Over-subscribed codes
 * (more codes of some length than fit) are rejected.  Incomplete ones are
 * accepted, as RFC 1951 needs for a distance code with a single code (or
 * none); decode() reports input that matches no code.
 */
static int huffman_build(struct inflate *s, struct huffman *h,
                         const uint8_t *lengths, unsigned int n)
{
    unsigned int len, sym, code, i, next[MAX_CODE_BITS + 1];
    int left = 1;               /* codes of the current length still free */

    memset(h->count, 0, sizeof(h->count));
    for ( sym = 0; sym < n; sym++ )
        h->count[lengths[sym]]++;

    for ( len = 1; len <= MAX_CODE_BITS; len++ )
    {
        left = 2 * left - h->count[len];
        if ( left < 0 )
            return fail(s, -EINVAL, "gzip: over-subscribed Huffman code");
    }

    /* First code and first symbols[] slot of each length (RFC 1951 3.2.2). */
    code = 0;
    next[1] = h->start[1] = 0;
    for ( len = 1; len <= MAX_CODE_BITS; len++ )
    {
        h->first[len] = code;
        if ( len > 1 )
            next[len] = h->start[len] = h->start[len - 1] + h->count[len - 1];
        code = (code + h->count[len]) << 1;
    }
    for ( sym = 0; sym < n; sym++ )
        if ( lengths[sym] )
            h->symbols[next[lengths[sym]]++] = sym;

    memset(h->fast, 0, sizeof(h->fast));
    for ( len = 1; len <= FAST_BITS; len++ )
        for ( i = 0; i < h->count[len]; i++ )
        {
            unsigned int rev = 0, bit, step;

            code = h->first[len] + i;
            for ( bit = 0; bit < len; bit++ )
                rev |= ((code >> bit) & 1) << (len - 1 - bit);
            /* Every index whose low len bits are this code. */
            for ( step = rev; step <= FAST_MASK; step += 1u << len )
                h->fast[step] = h->symbols[h->start[len] + i] << 4 | len;
        }
    return 0;
}

/*
 * A code longer than FAST_BITS, or none: extend the code one bit at a time
 * until it falls in the range of its length.  At each length the value is
 * at least first[len] (a shorter code would have matched otherwise), so the
 * unsigned difference is the rank among codes of that length.
 */
static unsigned int decode_slow(struct inflate *s, const struct huffman *h)
{
    unsigned int len, code = 0;

    for ( len = 1; len <= MAX_CODE_BITS; len++ )
    {
        code = code << 1 | ((s->bits >> (len - 1)) & 1);
        if ( code - h->first[len] < h->count[len] )
        {
            drop_bits(s, len);
            return h->symbols[h->start[len] + code - h->first[len]];
        }
    }
    /* Consume what was looked at, so that past the end fail() says so. */
    drop_bits(s, MAX_CODE_BITS);
    return NO_SYMBOL;
}

/* The next symbol of code h, or NO_SYMBOL.  Needs MAX_CODE_BITS buffered. */
static inline unsigned int decode(struct inflate *s, const struct huffman *h)
{
    unsigned int e = h->fast[s->bits & FAST_MASK];

    if ( unlikely(!e) )
        return decode_slow(s, h);
    drop_bits(s, e & 0xf);
    return e >> 4;
}

/* Decode one block's symbols with s->litlen and s->dist. */
static int inflate_codes(struct inflate *s)
{
    for ( ; ; )
    {
        unsigned int sym, len, dsym, dist;
        const uint8_t *src;
        uint8_t *dst;

        refill(s);
        sym = decode(s, &s->litlen);
        if ( unlikely(s->nbits < 0) )
            return fail(s, -ENODATA, TRUNCATED);
        if ( sym < 256 )
        {
            if ( unlikely(s->out_pos == s->out_size) )
                return fail(s, -ENOSPC, "gzip: output buffer too small");
            s->out[s->out_pos++] = sym;
            continue;
        }
        if ( sym == END_OF_BLOCK )
            return 0;
        sym -= 257;
        if ( unlikely(sym >= ARRAY_SIZE(length_base)) )
            return fail(s, -EINVAL, "gzip: invalid literal/length code");
        len = length_base[sym] + get_bits(s, length_extra[sym]);

        dsym = decode(s, &s->dist);
        if ( unlikely(dsym >= ARRAY_SIZE(dist_base)) )
            return fail(s, -EINVAL, "gzip: invalid distance code");
        dist = dist_base[dsym] + get_bits(s, dist_extra[dsym]);
        if ( unlikely(s->nbits < 0) )
            return fail(s, -ENODATA, TRUNCATED);
        if ( unlikely(dist > s->out_pos) )
            return fail(s, -EINVAL, "gzip: distance before start of output");
        if ( unlikely(len > s->out_size - s->out_pos) )
            return fail(s, -ENOSPC, "gzip: output buffer too small");

        /* Byte by byte: source and destination overlap when dist < len. */
        dst = s->out + s->out_pos;
        src = dst - dist;
        s->out_pos += len;
        while ( len-- )
            *dst++ = *src++;
    }
}

/* RFC 1951 3.2.4: a stored block starts at the next byte boundary. */
static int inflate_stored(struct inflate *s)
{
    unsigned int len, nlen;

    /*
     * Back to byte granularity: drop the partial byte and hand the whole
     * bytes still buffered back to the input (nbits >= 0 here).
     */
    drop_bits(s, s->nbits & 7);
    s->in_pos -= s->nbits / 8;
    s->bits = 0;
    s->nbits = 0;

    if ( s->in_len - s->in_pos < 4 )
        return fail(s, -ENODATA, TRUNCATED);
    len = get_le16(s->in + s->in_pos);
    nlen = get_le16(s->in + s->in_pos + 2);
    s->in_pos += 4;
    if ( (len ^ nlen) != 0xffff )
        return fail(s, -EINVAL, "gzip: stored block length check failed");
    if ( len > s->in_len - s->in_pos )
        return fail(s, -ENODATA, TRUNCATED);
    if ( len > s->out_size - s->out_pos )
        return fail(s, -ENOSPC, "gzip: output buffer too small");
    memcpy(s->out + s->out_pos, s->in + s->in_pos, len);
    s->in_pos += len;
    s->out_pos += len;
    return 0;
}

/* RFC 1951 3.2.6. */
static int fixed_tables(struct inflate *s)
{
    uint8_t lengths[NUM_LITLEN];
    int rc;

    memset(lengths, 8, 144);
    memset(lengths + 144, 9, 256 - 144);
    memset(lengths + 256, 7, 280 - 256);
    memset(lengths + 280, 8, NUM_LITLEN - 280);
    rc = huffman_build(s, &s->litlen, lengths, NUM_LITLEN);
    if ( rc )
        return rc;
    memset(lengths, 5, NUM_DIST);
    return huffman_build(s, &s->dist, lengths, NUM_DIST);
}

/*
 * RFC 1951 3.2.7: the literal/length and distance code lengths, themselves
 * Huffman coded with a code length code, which is built in s->dist (that
 * table is rebuilt for the block's distances afterwards).
 */
static int dynamic_tables(struct inflate *s)
{
    uint8_t lengths[MAX_LITLEN_USED + MAX_DIST_USED];
    unsigned int nlitlen, ndist, ncodelen, i;
    int rc;

    refill(s);
    nlitlen = get_bits(s, 5) + 257;
    ndist = get_bits(s, 5) + 1;
    ncodelen = get_bits(s, 4) + 4;
    if ( s->nbits < 0 )
        return fail(s, -ENODATA, TRUNCATED);
    if ( nlitlen > MAX_LITLEN_USED || ndist > MAX_DIST_USED )
        return fail(s, -EINVAL, "gzip: too many codes in dynamic block");

    memset(lengths, 0, NUM_CODELEN);
    for ( i = 0; i < ncodelen; i++ )
    {
        refill(s);
        lengths[codelen_order[i]] = get_bits(s, 3);
    }
    if ( s->nbits < 0 )
        return fail(s, -ENODATA, TRUNCATED);
    rc = huffman_build(s, &s->dist, lengths, NUM_CODELEN);
    if ( rc )
        return rc;

    /* Every pass stores at least one length or fails: bounded by i. */
    for ( i = 0; i < nlitlen + ndist; )
    {
        unsigned int sym, repeat;
        uint8_t value = 0;

        refill(s);
        sym = decode(s, &s->dist);
        if ( sym < 16 )
        {
            lengths[i++] = sym;
            continue;
        }
        if ( sym == 16 )
        {
            if ( i == 0 )
                return fail(s, -EINVAL, "gzip: length repeat with no previous length");
            value = lengths[i - 1];
            repeat = 3 + get_bits(s, 2);
        }
        else if ( sym == 17 )
            repeat = 3 + get_bits(s, 3);
        else if ( sym == 18 )
            repeat = 11 + get_bits(s, 7);
        else
            return fail(s, -EINVAL, "gzip: invalid code length code");
        if ( repeat > nlitlen + ndist - i )
            return fail(s, -EINVAL, "gzip: code lengths overrun the alphabets");
        memset(lengths + i, value, repeat);
        i += repeat;
    }
    if ( s->nbits < 0 )
        return fail(s, -ENODATA, TRUNCATED);
    if ( !lengths[END_OF_BLOCK] )
        return fail(s, -EINVAL, "gzip: block has no end-of-block code");

    rc = huffman_build(s, &s->litlen, lengths, nlitlen);
    if ( rc )
        return rc;
    return huffman_build(s, &s->dist, lengths + nlitlen, ndist);
}

/* The DEFLATE stream from in[in_pos]; afterwards in_pos is past its end. */
static int inflate_stream(struct inflate *s)
{
    bool last;

    do {
        unsigned int type;
        int rc;

        refill(s);
        last = get_bits(s, 1);
        type = get_bits(s, 2);
        if ( s->nbits < 0 )
            return fail(s, -ENODATA, TRUNCATED);

        switch ( type )
        {
        case 0:
            rc = inflate_stored(s);
            break;
        case 1:
            rc = fixed_tables(s) ?: inflate_codes(s);
            break;
        case 2:
            rc = dynamic_tables(s) ?: inflate_codes(s);
            break;
        default:
            rc = fail(s, -EINVAL, "gzip: invalid block type");
            break;
        }
        if ( rc )
            return rc;
    } while ( !last );

    /* The trailer starts at the next byte: return unused whole bytes. */
    s->in_pos -= s->nbits / 8;
    return 0;
}

/* Offset of the byte after the NUL ending the string at in[pos], or 0. */
static size_t skip_string(const uint8_t *in, size_t in_len, size_t pos)
{
    for ( ; pos < in_len; pos++ )
        if ( !in[pos] )
            return pos + 1;
    return 0;
}

/* RFC 1952 2.3: the member header; returns its length or -errno. */
static long parse_header(const uint8_t *in, size_t in_len, const char **why)
{
    size_t pos = GZIP_HEADER_LEN;
    uint8_t flags;

    /* A prefix of the magic is a truncated file; anything else is not gzip. */
    if ( (in_len >= 1 && in[0] != 0x1f) || (in_len >= 2 && in[1] != 0x8b) )
    {
        *why = "gzip: bad magic";
        return -EINVAL;
    }
    if ( in_len < GZIP_HEADER_LEN )
        goto truncated;
    if ( in[2] != GZIP_CM_DEFLATE )
    {
        *why = "gzip: compression method is not deflate";
        return -EINVAL;
    }
    flags = in[3];
    if ( flags & FRESERVED )
    {
        *why = "gzip: reserved header flags set";
        return -EINVAL;
    }

    if ( flags & FEXTRA )
    {
        size_t xlen;

        if ( in_len - pos < 2 )
            goto truncated;
        xlen = get_le16(in + pos);
        pos += 2;
        if ( in_len - pos < xlen )
            goto truncated;
        pos += xlen;
    }
    if ( (flags & FNAME) && !(pos = skip_string(in, in_len, pos)) )
        goto truncated;
    if ( (flags & FCOMMENT) && !(pos = skip_string(in, in_len, pos)) )
        goto truncated;
    if ( flags & FHCRC )
    {
        uint32_t crc;

        if ( in_len - pos < 2 )
            goto truncated;
        crc = crc32_update(0xffffffff, in, pos) ^ 0xffffffff;
        if ( (crc & 0xffff) != get_le16(in + pos) )
        {
            *why = "gzip: header CRC mismatch";
            return -EINVAL;
        }
        pos += 2;
    }
    return pos;

 truncated:
    *why = TRUNCATED;
    return -ENODATA;
}

/*
 * The member at in[pos], decoded to out[0, out_size), which is its whole
 * window: a match never reaches into an earlier member's output.  Returns
 * the member's output length and sets *next past the member, or -errno.
 */
static long gunzip_member(struct inflate *s, size_t pos, uint8_t *out,
                          size_t out_size, size_t *next)
{
    long header = parse_header(s->in + pos, s->in_len - pos, &s->why);
    uint32_t crc;
    int rc;

    if ( header < 0 )
        return header;
    s->in_pos = pos + header;
    s->bits = 0;
    s->nbits = 0;
    s->out = out;
    s->out_size = out_size;
    s->out_pos = 0;

    rc = inflate_stream(s);
    if ( rc )
        return rc;

    /* RFC 1952 2.3.1: CRC32 and ISIZE (length mod 2^32), little-endian. */
    if ( s->in_len - s->in_pos < 8 )
        return fail(s, -ENODATA, TRUNCATED);
    crc = crc32_update(0xffffffff, out, s->out_pos) ^ 0xffffffff;
    if ( crc != get_le32(s->in + s->in_pos) )
        return fail(s, -EINVAL, "gzip: CRC32 mismatch");
    if ( (uint32_t)s->out_pos != get_le32(s->in + s->in_pos + 4) )
        return fail(s, -EINVAL, "gzip: length mismatch");
    *next = s->in_pos + 8;
    return s->out_pos;
}

/*
 * A gzip file may be several members one after the other (RFC 1952 2.2),
 * as "cat a.gz b.gz" makes; their outputs are concatenated.  A member
 * starts with the magic and the deflate method; anything else after a
 * member is trailing data.
 */
static bool member_follows(const uint8_t *in, size_t in_len, size_t pos)
{
    return in_len - pos >= 3 && in[pos] == 0x1f && in[pos + 1] == 0x8b &&
           in[pos + 2] == GZIP_CM_DEFLATE;
}

long gunzip(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_size,
            const char **why)
{
    struct inflate *s = xzalloc_bytes(sizeof(*s));
    size_t pos = 0, done = 0;
    long ret;

    if ( !s )
    {
        *why = "gzip: out of memory for the decoder state";
        return -ENOMEM;
    }
    s->in = in;
    s->in_len = in_len;

    /* Each member takes at least 18 bytes of input: bounded by it. */
    do {
        ret = gunzip_member(s, pos, out + done, out_size - done, &pos);
        if ( ret < 0 )
        {
            *why = s->why;
            break;
        }
        done += ret;
        ret = done;
    } while ( member_follows(in, in_len, pos) );

    xfree(s);
    return ret;
}
