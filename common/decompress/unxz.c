/*
 * .xz decoder (The .xz File Format, version 1.x).
 *
 *   file    := stream { stream-padding stream } [ stream-padding ]
 *   stream  := header(12) { block } index footer(12)
 *   block   := block-header compressed-data block-padding check
 *
 * A block's filter chain ends with LZMA2; before it there may be up to
 * three x86 BCJ filters (Linux compresses x86 kernels with BCJ + LZMA2).
 * Other filters are refused with -EOPNOTSUPP.  Checks: none, CRC32 and
 * CRC64 are verified; a SHA-256 field is skipped unverified (Linux never
 * writes one; LZMA2's own consistency and the index still catch most
 * damage).
 *
 * Everything happens in one call over in[] and out[]: a block's LZMA2
 * output is written straight into out[], which then serves as its
 * dictionary, and the BCJ pass runs over the block once LZMA2 is done
 * (earlier, it would change bytes LZMA2 matches still copy).
 */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include "bcj.h"
#include "lzma_dec.h"
#include "private.h"

#define STREAM_HEADER_SIZE  12
#define STREAM_FOOTER_SIZE  12
#define VLI_BYTES_MAX       9       /* 63 bits, 7 per byte */
#define SIZE_ABSENT         (~0ull) /* beyond any VLI */

#define CHECK_NONE          0x00
#define CHECK_CRC32         0x01
#define CHECK_CRC64         0x04
#define CHECK_SHA256        0x0a

#define FILTER_X86          0x04
#define FILTER_LZMA2        0x21
#define FILTERS_MAX         4

#define BLOCK_FLAG_FILTERS  0x03    /* number of filters - 1 */
#define BLOCK_FLAG_RESERVED 0x3c
#define BLOCK_FLAG_CSIZE    0x40
#define BLOCK_FLAG_USIZE    0x80

#define LZMA2_LCLP_MAX      4
#define LZMA2_DICT_BITS_MAX 40      /* 4 GiB - 1 */

static const uint8_t header_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const uint8_t footer_magic[2] = { 'Y', 'Z' };

/* What an index must describe: the blocks of one stream, summarised. */
struct index_sum {
    uint64_t count;
    uint64_t unpadded;          /* sum of the blocks' unpadded sizes */
    uint64_t uncompressed;      /* sum of their uncompressed sizes */
    uint64_t hash;              /* CRC64 of the (unpadded, uncompressed) list */
};

struct xz {
    const uint8_t *in;
    size_t in_len;
    size_t in_pos;              /* in_pos <= in_len */
    uint8_t *out;
    size_t out_size;
    size_t out_pos;             /* out_pos <= out_size */
    const char *why;
    struct lzma_dec *lzma;

    /* The current stream. */
    uint8_t flags[2];
    unsigned int check;
    unsigned int check_size;
    struct index_sum seen;
};

struct block {
    size_t header_size;
    uint64_t compressed;        /* SIZE_ABSENT unless the header gives it */
    uint64_t uncompressed;      /* likewise */
    unsigned int nr_bcj;        /* x86 filters before LZMA2, in chain order */
    uint32_t bcj_start[FILTERS_MAX - 1];
};

static int fail(struct xz *s, int err, const char *why)
{
    s->why = why;
    return err;
}

/* Are n more input bytes there? */
static bool have(const struct xz *s, size_t n)
{
    return n <= s->in_len - s->in_pos;
}

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    return ~crc32_update(~0u, p, n);
}

/*
 * A variable-length integer at in[*pos], not reaching end: 7 bits per byte,
 * least significant first, the top bit saying another byte follows.  At
 * most nine bytes, and no needless zero byte at the end (each number has
 * one encoding).  0, -ENODATA if end comes first, -EINVAL if malformed.
 */
static int read_vli(const uint8_t *in, size_t *pos, size_t end,
                    uint64_t *value)
{
    uint64_t v = 0;
    unsigned int i;
    uint8_t b;

    for ( i = 0; i < VLI_BYTES_MAX; i++ )
    {
        if ( *pos >= end )
            return -ENODATA;
        b = in[(*pos)++];
        if ( i && !b )
            return -EINVAL;
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if ( !(b & 0x80) )
        {
            *value = v;
            return 0;
        }
    }
    return -EINVAL;
}

/*
 * Does a stream header start at in_pos?  1 yes, 0 no (or no input left),
 * -1 the input ends inside what could still be one.
 */
static int magic_at(const struct xz *s)
{
    size_t n = min(s->in_len - s->in_pos, sizeof(header_magic));

    if ( n == 0 || memcmp(s->in + s->in_pos, header_magic, n) )
        return 0;
    return n == sizeof(header_magic) ? 1 : -1;
}

static void index_add(struct index_sum *sum, uint64_t unpadded,
                      uint64_t uncompressed)
{
    uint8_t record[16];
    unsigned int i;

    for ( i = 0; i < 8; i++ )
    {
        record[i] = unpadded >> (8 * i);
        record[8 + i] = uncompressed >> (8 * i);
    }
    sum->count++;
    sum->unpadded += unpadded;
    sum->uncompressed += uncompressed;
    sum->hash = crc64_update(sum->hash, record, sizeof(record));
}

/* ---- stream header and footer ------------------------------------------ */

/* @pre magic_at(s) == 1 */
static int stream_header(struct xz *s)
{
    const uint8_t *h = s->in + s->in_pos;

    if ( !have(s, STREAM_HEADER_SIZE) )
        return fail(s, -ENODATA, "xz: truncated stream header");
    if ( crc32_of(h + 6, 2) != get_le32(h + 8) )
        return fail(s, -EINVAL, "xz: stream header CRC32 mismatch");
    /* Reserved bits could announce fields we would misparse. */
    if ( h[6] || (h[7] & 0xf0) )
        return fail(s, -EOPNOTSUPP, "xz: unknown stream flags");

    s->flags[0] = h[6];
    s->flags[1] = h[7];
    s->check = h[7] & 0x0f;
    switch ( s->check )
    {
    case CHECK_NONE:
        s->check_size = 0;
        break;
    case CHECK_CRC32:
        s->check_size = 4;
        break;
    case CHECK_CRC64:
        s->check_size = 8;
        break;
    case CHECK_SHA256:
        s->check_size = 32;
        break;
    default:
        return fail(s, -EOPNOTSUPP, "xz: unsupported check type");
    }
    memset(&s->seen, 0, sizeof(s->seen));
    s->in_pos += STREAM_HEADER_SIZE;
    return 0;
}

/* index_size: bytes from the index indicator to the end of its CRC32. */
static int stream_footer(struct xz *s, size_t index_size)
{
    const uint8_t *f = s->in + s->in_pos;

    if ( !have(s, STREAM_FOOTER_SIZE) )
        return fail(s, -ENODATA, "xz: truncated stream footer");
    if ( memcmp(f + 10, footer_magic, sizeof(footer_magic)) )
        return fail(s, -EINVAL, "xz: bad stream footer magic");
    if ( crc32_of(f + 4, 6) != get_le32(f) )
        return fail(s, -EINVAL, "xz: stream footer CRC32 mismatch");
    /* Backward Size: the index size in units of four bytes, minus one. */
    if ( ((uint64_t)get_le32(f + 4) + 1) * 4 != index_size )
        return fail(s, -EINVAL, "xz: stream footer gives the wrong index size");
    if ( f[8] != s->flags[0] || f[9] != s->flags[1] )
        return fail(s, -EINVAL, "xz: stream footer flags differ from the header's");
    s->in_pos += STREAM_FOOTER_SIZE;
    return 0;
}

/* ---- blocks ------------------------------------------------------------- */

static int block_header(struct xz *s, struct block *b)
{
    const uint8_t *in = s->in;
    size_t start = s->in_pos, p = start + 2, end;
    unsigned int nr_filters, i;
    uint8_t flags;

    /* in[start] is neither past the end nor zero (the index indicator). */
    b->header_size = (in[start] + 1) * 4;
    if ( !have(s, b->header_size) )
        return fail(s, -ENODATA, "xz: truncated block header");
    end = start + b->header_size - 4;
    if ( crc32_of(in + start, end - start) != get_le32(in + end) )
        return fail(s, -EINVAL, "xz: block header CRC32 mismatch");

    flags = in[start + 1];
    if ( flags & BLOCK_FLAG_RESERVED )
        return fail(s, -EOPNOTSUPP, "xz: unknown block flags");
    nr_filters = (flags & BLOCK_FLAG_FILTERS) + 1;

    b->compressed = b->uncompressed = SIZE_ABSENT;
    b->nr_bcj = 0;
    if ( (flags & BLOCK_FLAG_CSIZE) &&
         (read_vli(in, &p, end, &b->compressed) || !b->compressed) )
        return fail(s, -EINVAL, "xz: bad compressed size in block header");
    if ( (flags & BLOCK_FLAG_USIZE) &&
         read_vli(in, &p, end, &b->uncompressed) )
        return fail(s, -EINVAL, "xz: bad uncompressed size in block header");

    for ( i = 0; i < nr_filters; i++ )
    {
        bool last = i == nr_filters - 1;
        uint64_t id, props_size;

        if ( read_vli(in, &p, end, &id) ||
             read_vli(in, &p, end, &props_size) || props_size > end - p )
            return fail(s, -EINVAL, "xz: malformed filter list in block header");

        if ( id == FILTER_LZMA2 )
        {
            if ( !last || props_size != 1 )
                return fail(s, -EINVAL, "xz: misplaced or malformed LZMA2 filter");
            /*
             * The dictionary size is checked but not needed: out[] is the
             * dictionary, and each match is checked against it.
             */
            if ( in[p] & 0xc0 )
                return fail(s, -EOPNOTSUPP, "xz: unknown LZMA2 property bits");
            if ( in[p] > LZMA2_DICT_BITS_MAX )
                return fail(s, -EINVAL, "xz: LZMA2 dictionary size out of range");
        }
        else if ( id == FILTER_X86 )
        {
            if ( last || (props_size != 0 && props_size != 4) )
                return fail(s, -EINVAL, "xz: misplaced or malformed x86 filter");
            /* Start offset: any value (x86 code has no alignment). */
            b->bcj_start[b->nr_bcj++] = props_size ? get_le32(in + p) : 0;
        }
        else
            return fail(s, -EOPNOTSUPP,
                        "xz: unsupported filter (only x86 BCJ and LZMA2 are)");
        p += props_size;
    }

    /* Header padding: non-zero bytes would be fields we do not know. */
    for ( ; p < end; p++ )
        if ( in[p] )
            return fail(s, -EOPNOTSUPP, "xz: unknown fields in block header");

    s->in_pos = start + b->header_size;
    return 0;
}

/*
 * LZMA2 data: chunks, each introduced by a control byte:
 *   0x00        end of the data
 *   0x01        uncompressed chunk, after a dictionary reset
 *   0x02        uncompressed chunk
 *   0x03..0x7f  invalid
 *   0x80..0xff  LZMA chunk; bits 0-4 are bits 16-20 of its uncompressed
 *               size - 1; bits 5-6 say what is reset before it:
 *               0 nothing, 1 state, 2 state and new properties (a byte
 *               follows the sizes), 3 that and the dictionary.
 * Sizes are big-endian: uncompressed chunks have a 16-bit size - 1; LZMA
 * chunks have the low 16 bits of uncompressed size - 1, then compressed
 * size - 1.  Each LZMA chunk has its own range coder, which must end
 * exactly at the chunk's end; the LZMA state carries over unless reset.
 *
 * The data must start with a dictionary reset, and after every dictionary
 * reset the first LZMA chunk must bring properties.  Bounded: every chunk
 * consumes input.
 */
static int lzma2_decode(struct xz *s)
{
    struct lzma_dec *d = s->lzma;
    bool need_dict_reset = true, need_props = true;
    const uint8_t *in = s->in;
    size_t unpacked, packed;
    uint8_t control;

    for ( ;; )
    {
        if ( !have(s, 1) )
            return fail(s, -ENODATA, "xz: truncated LZMA2 data");
        control = in[s->in_pos++];
        if ( control == 0x00 )
            return 0;

        if ( control == 0x01 || control >= 0xe0 )
        {
            d->dict_start = s->out_pos;
            need_dict_reset = false;
            need_props = true;
        }
        else if ( need_dict_reset )
            return fail(s, -EINVAL, "xz: LZMA2 data does not start with a dictionary reset");

        if ( control < 0x80 )
        {
            if ( control > 0x02 )
                return fail(s, -EINVAL, "xz: invalid LZMA2 control byte");
            if ( !have(s, 2) )
                return fail(s, -ENODATA, "xz: truncated LZMA2 chunk");
            unpacked = ((in[s->in_pos] << 8) | in[s->in_pos + 1]) + 1;
            s->in_pos += 2;
            if ( !have(s, unpacked) )
                return fail(s, -ENODATA, "xz: truncated LZMA2 chunk");
            if ( unpacked > s->out_size - s->out_pos )
                return fail(s, -ENOSPC, "xz: output buffer too small");
            memcpy(s->out + s->out_pos, in + s->in_pos, unpacked);
            s->in_pos += unpacked;
            s->out_pos += unpacked;
            continue;
        }

        if ( !have(s, 4) )
            return fail(s, -ENODATA, "xz: truncated LZMA2 chunk");
        unpacked = ((size_t)(control & 0x1f) << 16) +
                   ((in[s->in_pos] << 8) | in[s->in_pos + 1]) + 1;
        packed = ((in[s->in_pos + 2] << 8) | in[s->in_pos + 3]) + 1;
        s->in_pos += 4;

        if ( control >= 0xc0 )
        {
            struct lzma_props props;

            if ( !have(s, 1) )
                return fail(s, -ENODATA, "xz: truncated LZMA2 chunk");
            if ( !lzma_props_decode(in[s->in_pos++], &props) ||
                 props.lc + props.lp > LZMA2_LCLP_MAX )
                return fail(s, -EINVAL, "xz: LZMA2 properties out of range");
            lzma_dec_reset(d, &props);
            need_props = false;
        }
        else if ( need_props )
            return fail(s, -EINVAL, "xz: LZMA2 chunk lacks properties after a dictionary reset");
        else if ( control >= 0xa0 )
            lzma_dec_reset(d, &d->props);

        if ( !have(s, packed) )
            return fail(s, -ENODATA, "xz: truncated LZMA2 chunk");
        if ( unpacked > s->out_size - s->out_pos )
            return fail(s, -ENOSPC, "xz: output buffer too small");

        lzma_rc_init(&d->rc, in, s->in_pos, s->in_pos + packed);
        d->pos = s->out_pos;
        switch ( lzma_decode(d, s->out_pos + unpacked, false) )
        {
        case LZMA_STOP_LIMIT:
            break;
        case LZMA_STOP_CORRUPT:
            return fail(s, -EINVAL, d->why);
        case LZMA_STOP_OVERRUN:
            return fail(s, -EINVAL, "xz: LZMA2 chunk longer than its compressed size");
        default:
            return fail(s, -EINVAL, "xz: LZMA2 match crosses the end of its chunk");
        }
        if ( d->rc.in_pos != s->in_pos + packed || !lzma_rc_finished(&d->rc) )
            return fail(s, -EINVAL, "xz: LZMA2 chunk ends early or uncleanly");
        s->in_pos += packed;
        s->out_pos += unpacked;
    }
}

static bool check_matches(const struct xz *s, const uint8_t *data,
                          size_t len, const uint8_t *stored)
{
    switch ( s->check )
    {
    case CHECK_CRC32:
        return crc32_of(data, len) == get_le32(stored);
    case CHECK_CRC64:
        return ~crc64_update(~0ull, data, len) == get_le64(stored);
    default:
        /* None, or SHA-256, which we do not verify (see the top). */
        return true;
    }
}

/* @pre in[in_pos] exists and is not zero (that would be the index). */
static int block(struct xz *s)
{
    size_t start = s->in_pos, data_start, out_start = s->out_pos;
    uint64_t compressed, uncompressed;
    struct block b;
    unsigned int i;
    int rc;

    rc = block_header(s, &b);
    if ( rc )
        return rc;
    data_start = s->in_pos;
    rc = lzma2_decode(s);
    if ( rc )
        return rc;

    compressed = s->in_pos - data_start;
    uncompressed = s->out_pos - out_start;
    if ( b.compressed != SIZE_ABSENT && b.compressed != compressed )
        return fail(s, -EINVAL, "xz: block's compressed size differs from its header");
    if ( b.uncompressed != SIZE_ABSENT && b.uncompressed != uncompressed )
        return fail(s, -EINVAL, "xz: block's uncompressed size differs from its header");

    /* The decoder runs the chain backwards: the last BCJ first. */
    for ( i = b.nr_bcj; i-- > 0; )
        bcj_x86_decode(s->out + out_start, uncompressed, b.bcj_start[i]);

    /* Block padding up to a multiple of four bytes. */
    while ( (s->in_pos - start) & 3 )
    {
        if ( !have(s, 1) )
            return fail(s, -ENODATA, "xz: truncated block padding");
        if ( s->in[s->in_pos++] )
            return fail(s, -EINVAL, "xz: non-zero block padding");
    }

    if ( !have(s, s->check_size) )
        return fail(s, -ENODATA, "xz: truncated block check");
    if ( !check_matches(s, s->out + out_start, uncompressed,
                        s->in + s->in_pos) )
        return fail(s, -EINVAL, "xz: check mismatch: data corrupt");
    s->in_pos += s->check_size;

    index_add(&s->seen, b.header_size + compressed + s->check_size,
              uncompressed);
    return 0;
}

/* ---- index -------------------------------------------------------------- */

/*
 * The index repeats each block's unpadded and uncompressed sizes; compare
 * its summary with that of the blocks decoded.  @pre in[in_pos] == 0.
 */
static int read_index(struct xz *s)
{
    struct index_sum listed = { 0 };
    size_t start = s->in_pos, p = start + 1;
    uint64_t count, unpadded, uncompressed;
    int rc;

    rc = read_vli(s->in, &p, s->in_len, &count);
    if ( !rc && count != s->seen.count )
        return fail(s, -EINVAL, "xz: index lists a different number of blocks");
    /* Bounded: count is the number of blocks already decoded. */
    while ( !rc && listed.count < count )
    {
        rc = read_vli(s->in, &p, s->in_len, &unpadded);
        if ( !rc )
            rc = read_vli(s->in, &p, s->in_len, &uncompressed);
        if ( !rc )
            index_add(&listed, unpadded, uncompressed);
    }
    if ( rc )
        return fail(s, rc, rc == -ENODATA ? "xz: truncated index"
                                          : "xz: malformed index");
    if ( listed.unpadded != s->seen.unpadded ||
         listed.uncompressed != s->seen.uncompressed ||
         listed.hash != s->seen.hash )
        return fail(s, -EINVAL, "xz: index does not match the blocks");

    for ( ; (p - start) & 3; p++ )
    {
        if ( p >= s->in_len )
            return fail(s, -ENODATA, "xz: truncated index");
        if ( s->in[p] )
            return fail(s, -EINVAL, "xz: non-zero index padding");
    }
    if ( s->in_len - p < 4 )
        return fail(s, -ENODATA, "xz: truncated index");
    if ( crc32_of(s->in + start, p - start) != get_le32(s->in + p) )
        return fail(s, -EINVAL, "xz: index CRC32 mismatch");
    s->in_pos = p + 4;
    return 0;
}

/* ---- streams ------------------------------------------------------------ */

/* @pre magic_at(s) == 1 */
static int stream(struct xz *s)
{
    size_t index_start;
    int rc;

    rc = stream_header(s);
    /* Bounded: each block consumes at least its 8-byte header. */
    for ( ; ; )
    {
        if ( rc )
            return rc;
        if ( !have(s, 1) )
            return fail(s, -ENODATA, "xz: truncated stream");
        if ( s->in[s->in_pos] == 0 )
            break;
        rc = block(s);
    }
    index_start = s->in_pos;
    rc = read_index(s);
    if ( rc )
        return rc;
    return stream_footer(s, s->in_pos - index_start);
}

long unxz(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_size,
          const char **why)
{
    struct xz s = {
        .in = in, .in_len = in_len, .out = out, .out_size = out_size,
    };
    size_t padding_start;
    int rc, magic;

    s.lzma = lzma_dec_alloc(LZMA2_LCLP_MAX, out);
    if ( !s.lzma )
    {
        *why = "xz: out of memory";
        return -ENOMEM;
    }

    magic = in_len ? magic_at(&s) : -1;
    if ( magic <= 0 )
        rc = magic ? fail(&s, -ENODATA, "xz: truncated stream header")
                   : fail(&s, -EINVAL, "xz: not an .xz stream");
    else
        /* Bounded: each stream consumes at least its header and footer. */
        for ( ; ; )
        {
            rc = stream(&s);
            if ( rc )
                break;
            /*
             * Stream padding, then another stream or the end.  Bytes that
             * cannot start a stream are trailing data, which we ignore.
             */
            padding_start = s.in_pos;
            while ( s.in_pos < in_len && !in[s.in_pos] )
                s.in_pos++;
            magic = magic_at(&s);
            if ( magic == 0 )
                break;
            if ( magic < 0 )
            {
                rc = fail(&s, -ENODATA, "xz: truncated stream header");
                break;
            }
            if ( (s.in_pos - padding_start) & 3 )
            {
                rc = fail(&s, -EINVAL, "xz: stream padding not a multiple of four bytes");
                break;
            }
        }

    xfree(s.lzma);
    if ( rc )
    {
        *why = s.why;
        return rc;
    }
    return s.out_pos;
}
