/*
 * zstd decoder (RFC 8878): frames, blocks and the literals section.  The
 * entropy stages are in zstd_fse.c, zstd_huf.c and zstd_seq.c.
 *
 * The whole output is in memory, so it serves as the window: a match may
 * reach back to the start of its frame, and the window size in a frame
 * header costs nothing.  Working memory is one struct zstd_ctx.
 */
#include <xen/decompress.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include "lz.h"
#include "xxhash.h"
#include "zstd.h"

#define ZSTD_MAGIC          0xfd2fb528u
#define SKIPPABLE_MAGIC     0x184d2a50u     /* low 4 bits free */
#define SKIPPABLE_MASK      0xfffffff0u

/*
 * Largest Window_Size accepted, as the reference decoder on 64-bit hosts
 * (windowLog 31): every frame its compressor can make decodes here.
 */
#define ZSTD_WINDOW_MAX     (1ull << 31)

#define TRUNCATED "zstd: input truncated"

static uint64_t le_n(const uint8_t *p, unsigned int n)
{
    uint64_t v = 0;

    while ( n-- )
        v = (v << 8) | p[n];
    return v;
}

/*
 * Literals_Section (3.1.1.3.1) at the start of the block p[0, len).  Sets
 * *lit to the nlit literals (in the input for raw literals, else in
 * z->lit) and returns the section's size, or -EINVAL.
 */
static long zstd_literals(struct zstd_ctx *z, const uint8_t *p, size_t len,
                          const uint8_t **lit, size_t *nlit)
{
    unsigned int type = p[0] & 3, format = (p[0] >> 2) & 3, bits;
    size_t hsize, regen, csize, tsize = 0;
    uint64_t v;
    long rc;

    if ( type < 2 )
    {
        /* Raw or RLE: a 5-, 12- or 20-bit Regenerated_Size. */
        hsize = format == 1 ? 2 : format == 3 ? 3 : 1;
        if ( hsize > len )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: literals header truncated");
        v = le_n(p, hsize);
        regen = hsize == 1 ? v >> 3 : v >> 4;
        if ( regen > z->block_max )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: more literals than a block holds");
        if ( type == 0 )
        {
            if ( regen > len - hsize )
                return zstd_fail(&z->why, -EINVAL,
                                 "zstd: raw literals overrun the block");
            *lit = p + hsize;
            *nlit = regen;
            return hsize + regen;
        }
        if ( len - hsize < 1 )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: RLE literals overrun the block");
        memset(z->lit, p[hsize], regen);
        *lit = z->lit;
        *nlit = regen;
        return hsize + 1;
    }

    /*
     * Huffman-coded, with a new tree (type 2) or the last one (3): both
     * sizes of 10, 10, 14 or 18 bits; format 0 alone has a single stream.
     */
    hsize = format < 2 ? 3 : format + 2;
    if ( hsize > len )
        return zstd_fail(&z->why, -EINVAL, "zstd: literals header truncated");
    bits = format < 2 ? 10 : format == 2 ? 14 : 18;
    v = le_n(p, hsize) >> 4;
    regen = v & ((1u << bits) - 1);
    csize = (v >> bits) & ((1u << bits) - 1);
    if ( regen > z->block_max )
        return zstd_fail(&z->why, -EINVAL,
                         "zstd: more literals than a block holds");
    if ( csize > len - hsize )
        return zstd_fail(&z->why, -EINVAL,
                         "zstd: compressed literals overrun the block");

    if ( type == 2 )
    {
        rc = huf_read_tree(&z->huf, p + hsize, csize, &z->why);
        /* A failed read leaves the table half-written. */
        z->huf_valid = rc >= 0;
        if ( rc < 0 )
            return rc;
        tsize = rc;
    }
    else if ( !z->huf_valid )
        return zstd_fail(&z->why, -EINVAL,
                         "zstd: treeless literals without a previous tree");

    rc = huf_decode(&z->huf, format != 0, p + hsize + tsize, csize - tsize,
                    z->lit, regen, &z->why);
    if ( rc < 0 )
        return rc;
    *lit = z->lit;
    *nlit = regen;
    return hsize + csize;
}

/* A Compressed_Block (3.1.1.3): literals, then sequences that use them. */
static int zstd_block(struct zstd_ctx *z, const uint8_t *p, size_t len)
{
    const uint8_t *lit;
    size_t nlit;
    long used;

    if ( len == 0 )
        return zstd_fail(&z->why, -EINVAL, "zstd: empty compressed block");
    used = zstd_literals(z, p, len, &lit, &nlit);
    if ( used < 0 )
        return used;
    return zstd_sequences(z, p + used, len - used, lit, nlit);
}

/*
 * One Zstandard frame (3.1.1) starting with its magic at in[*ip_p]; on
 * success *ip_p moves past it.
 */
static int zstd_frame(struct zstd_ctx *z, const uint8_t *in, size_t in_len,
                      size_t *ip_p)
{
    static const uint8_t did_bytes[4] = { 0, 1, 2, 4 };
    static const uint8_t fcs_bytes[4] = { 0, 2, 4, 8 };
    size_t ip = *ip_p + 4, hsize, did_size, fcs_size, len;
    uint64_t window = 0, fcs = 0, sum;
    unsigned int fhd, bh, type;
    bool single, has_fcs, last;
    int rc;

    if ( ip >= in_len )
        return zstd_fail(&z->why, -ENODATA, TRUNCATED);
    fhd = in[ip];
    single = fhd & 0x20;
    did_size = did_bytes[fhd & 3];
    /* Flag 0 means no size, except that a single segment has a 1-byte one. */
    fcs_size = fcs_bytes[fhd >> 6];
    if ( single && !fcs_size )
        fcs_size = 1;
    has_fcs = fcs_size != 0;
    if ( fhd & 0x08 )
        return zstd_fail(&z->why, -EINVAL,
                         "zstd: reserved frame header bit set");
    hsize = 1 + !single + did_size + fcs_size;
    if ( hsize > in_len - ip )
        return zstd_fail(&z->why, -ENODATA, TRUNCATED);
    ip++;

    if ( !single )
    {
        unsigned int wlog = 10 + (in[ip] >> 3);

        window = (1ull << wlog) + ((1ull << wlog) >> 3) * (in[ip] & 7);
        ip++;
        if ( window > ZSTD_WINDOW_MAX )
            return zstd_fail(&z->why, -EOPNOTSUPP,
                             "zstd: window larger than 2 GiB");
    }
    if ( le_n(in + ip, did_size) )
        return zstd_fail(&z->why, -EOPNOTSUPP,
                         "zstd: dictionaries are not supported");
    ip += did_size;
    if ( has_fcs )
    {
        fcs = le_n(in + ip, fcs_size) + (fcs_size == 2 ? 256 : 0);
        ip += fcs_size;
        if ( fcs > z->out_size - z->pos )
            return zstd_fail(&z->why, -ENOSPC, "zstd: output buffer too small");
        if ( single )
            window = fcs;
    }

    /* Frames are independent: no history, tables or offsets carry over. */
    z->frame_start = z->pos;
    z->block_max = min(window, (uint64_t)ZSTD_BLOCK_MAX);
    z->rep[0] = 1;
    z->rep[1] = 4;
    z->rep[2] = 8;
    z->huf_valid = false;
    z->ll.valid = z->of.valid = z->ml.valid = false;

    /* Each block uses at least its 3-byte header: the input bounds the loop. */
    do {
        if ( in_len - ip < 3 )
            return zstd_fail(&z->why, -ENODATA, TRUNCATED);
        bh = in[ip] | (in[ip + 1] << 8) | (in[ip + 2] << 16);
        ip += 3;
        last = bh & 1;
        type = (bh >> 1) & 3;
        len = bh >> 3;
        if ( type == 3 )
            return zstd_fail(&z->why, -EINVAL, "zstd: reserved block type");
        if ( len > z->block_max )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: block larger than Block_Maximum_Size");

        switch ( type )
        {
        case 0:     /* Raw_Block */
            if ( len > in_len - ip )
                return zstd_fail(&z->why, -ENODATA, TRUNCATED);
            rc = zstd_room(z, z->pos, len);
            if ( rc )
                return rc;
            lz_copy(z->out + z->pos, in + ip, len);
            z->pos += len;
            ip += len;
            break;

        case 1:     /* RLE_Block: one byte, repeated len times */
            if ( in_len - ip < 1 )
                return zstd_fail(&z->why, -ENODATA, TRUNCATED);
            rc = zstd_room(z, z->pos, len);
            if ( rc )
                return rc;
            memset(z->out + z->pos, in[ip], len);
            z->pos += len;
            ip += 1;
            break;

        default:    /* Compressed_Block */
            if ( len > in_len - ip )
                return zstd_fail(&z->why, -ENODATA, TRUNCATED);
            rc = zstd_block(z, in + ip, len);
            if ( rc )
                return rc;
            ip += len;
            break;
        }
    } while ( !last );

    if ( has_fcs && z->pos - z->frame_start != fcs )
        return zstd_fail(&z->why, -EINVAL,
                         "zstd: frame size differs from its header");

    /* Content_Checksum: the low 32 bits of XXH64 (seed 0) of the frame. */
    if ( fhd & 0x04 )
    {
        if ( in_len - ip < 4 )
            return zstd_fail(&z->why, -ENODATA, TRUNCATED);
        sum = xxh64(z->out + z->frame_start, z->pos - z->frame_start, 0);
        if ( get_le32(in + ip) != (uint32_t)sum )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: content checksum mismatch");
        ip += 4;
    }
    *ip_p = ip;
    return 0;
}

/*
 * Frames follow each other until the input ends or something that is not a
 * frame follows one (trailing data, ignored).  Skippable frames (3.1.2) are
 * skipped.
 */
long unzstd(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_size,
            const char **why)
{
    struct zstd_ctx *z;
    size_t ip = 0;
    bool first = true;
    long rc = 0;

    z = xzalloc_bytes(sizeof(*z));
    if ( !z )
    {
        *why = "zstd: out of memory for the decoder state";
        return -ENOMEM;
    }
    z->out = out;
    z->out_size = out_size;

    /* Every frame uses at least its 4-byte magic: the input bounds the loop. */
    for ( ;; )
    {
        uint32_t magic;

        if ( in_len - ip < 4 )
        {
            if ( first )
                rc = zstd_fail(&z->why, -ENODATA, TRUNCATED);
            break;
        }
        magic = get_le32(in + ip);
        if ( magic == ZSTD_MAGIC )
            rc = zstd_frame(z, in, in_len, &ip);
        else if ( (magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC )
        {
            if ( in_len - ip < 8 || get_le32(in + ip + 4) > in_len - ip - 8 )
                rc = zstd_fail(&z->why, -ENODATA, TRUNCATED);
            else
                ip += 8 + get_le32(in + ip + 4);
        }
        else if ( first )
            rc = zstd_fail(&z->why, -EINVAL, "zstd: bad magic");
        else
            break;
        if ( rc )
            break;
        first = false;
    }

    if ( rc == 0 )
        rc = z->pos;
    else
        *why = z->why;
    xfree(z);
    return rc;
}
