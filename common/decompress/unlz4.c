/*
 * LZ4 decoder: the frame format (magic 0x184D2204), the legacy format that
 * Linux uses for lz4-compressed kernels and initramfs (magic 0x184C2102),
 * and the block format both carry.  Written from the LZ4 frame and block
 * format descriptions.
 *
 * The whole output is in memory, so it is the history matches copy from;
 * no working memory is needed.
 */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include "lz.h"
#include "xxhash.h"

#define LZ4_MAGIC           0x184d2204u
#define LZ4_LEGACY_MAGIC    0x184c2102u
#define SKIPPABLE_MAGIC     0x184d2a50u     /* low 4 bits free */
#define SKIPPABLE_MASK      0xfffffff0u

/* Legacy blocks decode to at most 8 MiB ... */
#define LEGACY_BLOCK_MAX    (8u << 20)
/* ... so they are at most this long (LZ4's worst-case expansion). */
#define LEGACY_CBLOCK_MAX   (LEGACY_BLOCK_MAX + LEGACY_BLOCK_MAX / 255 + 16)

#define TRUNCATED "lz4: input truncated"

struct lz4_out {
    uint8_t *p;
    size_t size;
    size_t pos;                 /* bytes of p[] written */
    const char *why;
};

static int fail(struct lz4_out *o, int err, const char *why)
{
    o->why = why;
    return err;
}

/*
 * The error for output that would pass limit: the end of the buffer, or
 * (when that is further) the end of a block at its maximum size.
 */
static int overflow(struct lz4_out *o, size_t limit)
{
    if ( limit == o->size )
        return fail(o, -ENOSPC, "lz4: output buffer too small");
    return fail(o, -EINVAL, "lz4: block larger than its maximum");
}

/* A length's extension bytes: each is added, 255 means another follows. */
static int extend(struct lz4_out *o, const uint8_t **ip, const uint8_t *end,
                  size_t *len)
{
    unsigned int b;

    /* Each step consumes an input byte: the input bounds the loop. */
    do {
        if ( *ip == end )
            return fail(o, -EINVAL, "lz4: block ends inside a sequence");
        b = *(*ip)++;
        *len += b;
    } while ( b == 255 );
    return 0;
}

/*
 * One compressed block in[0, len), appended to the output.  The block may
 * produce at most block_max bytes, and its matches reach back no further
 * than out[history] (the start of the block, or of the frame for linked
 * blocks).
 */
static int lz4_block(struct lz4_out *o, const uint8_t *in, size_t len,
                     size_t block_max, size_t history)
{
    const uint8_t *ip = in, *end = in + len;
    size_t pos = o->pos, limit;
    int rc;

    limit = o->size - pos < block_max ? o->size : pos + block_max;

    /* Each sequence starts with a token byte: the input bounds the loop. */
    for ( ;; )
    {
        unsigned int token;
        size_t lit, ml, off;

        if ( ip == end )
            return fail(o, -EINVAL, "lz4: block ends inside a sequence");
        token = *ip++;

        /* Literals: a 4-bit length, 15 meaning that bytes extend it. */
        lit = token >> 4;
        if ( lit == 15 && (rc = extend(o, &ip, end, &lit)) )
            return rc;
        if ( lit > (size_t)(end - ip) )
            return fail(o, -EINVAL, "lz4: literals overrun the block");
        if ( lit > limit - pos )
            return overflow(o, limit);
        lz_copy(o->p + pos, ip, lit);
        pos += lit;
        ip += lit;

        /* The last sequence is literals alone and ends the block. */
        if ( ip == end )
            break;

        if ( end - ip < 2 )
            return fail(o, -EINVAL, "lz4: block ends inside a sequence");
        off = get_le16(ip);
        ip += 2;
        if ( off == 0 || off > pos - history )
            return fail(o, -EINVAL, "lz4: match offset out of range");
        ml = (token & 15) + 4;
        if ( (token & 15) == 15 && (rc = extend(o, &ip, end, &ml)) )
            return rc;
        if ( ml > limit - pos )
            return overflow(o, limit);
        lz_match(o->p + pos, off, ml);
        pos += ml;
    }
    o->pos = pos;
    return 0;
}

/* One frame starting with its magic at in[*ip_p]; *ip_p moves past it. */
static int lz4_frame(struct lz4_out *o, const uint8_t *in, size_t in_len,
                     size_t *ip_p)
{
    size_t ip = *ip_p + 4, dlen, block_max, frame_start, size;
    unsigned int flg, bd, csum;
    uint64_t content_size = 0;
    uint32_t v;
    int rc;

    /* Frame descriptor: FLG, BD, [content size], [dictionary ID], HC. */
    if ( in_len - ip < 3 )
        return fail(o, -ENODATA, TRUNCATED);
    flg = in[ip];
    bd = in[ip + 1];
    if ( (flg >> 6) != 1 )
        return fail(o, -EOPNOTSUPP, "lz4: unsupported frame version");
    dlen = 2 + (flg & 0x08 ? 8 : 0) + (flg & 0x01 ? 4 : 0);
    if ( in_len - ip < dlen + 1 )
        return fail(o, -ENODATA, TRUNCATED);
    if ( (flg & 0x02) || (bd & 0x8f) )
        return fail(o, -EINVAL, "lz4: reserved frame descriptor bits set");
    if ( ((xxh32(in + ip, dlen, 0) >> 8) & 0xff) != in[ip + dlen] )
        return fail(o, -EINVAL, "lz4: frame descriptor checksum mismatch");
    /* Block Maximum Size: codes 4-7 mean 64 KiB, 256 KiB, 1 MiB, 4 MiB. */
    if ( ((bd >> 4) & 7) < 4 )
        return fail(o, -EINVAL, "lz4: bad block maximum size");
    block_max = (size_t)1 << (2 * ((bd >> 4) & 7) + 8);
    if ( flg & 0x01 )
        return fail(o, -EOPNOTSUPP, "lz4: dictionaries are not supported");
    if ( flg & 0x08 )
    {
        content_size = get_le64(in + ip + 2);
        if ( content_size > o->size - o->pos )
            return fail(o, -ENOSPC, "lz4: output buffer too small");
    }
    ip += dlen + 1;
    frame_start = o->pos;

    /* Blocks until the zero EndMark; each uses at least 4 bytes of input. */
    csum = flg & 0x10 ? 4 : 0;
    for ( ;; )
    {
        if ( in_len - ip < 4 )
            return fail(o, -ENODATA, TRUNCATED);
        v = get_le32(in + ip);
        ip += 4;
        if ( v == 0 )
            break;
        size = v & 0x7fffffff;
        if ( size > block_max )
            return fail(o, -EINVAL, "lz4: block larger than its maximum");
        if ( in_len - ip < size + csum )
            return fail(o, -ENODATA, TRUNCATED);
        /* The block checksum covers the data as stored. */
        if ( csum && xxh32(in + ip, size, 0) != get_le32(in + ip + size) )
            return fail(o, -EINVAL, "lz4: block checksum mismatch");

        if ( v >> 31 )
        {
            /* Stored uncompressed. */
            if ( size > o->size - o->pos )
                return fail(o, -ENOSPC, "lz4: output buffer too small");
            lz_copy(o->p + o->pos, in + ip, size);
            o->pos += size;
        }
        else
        {
            /* Independent blocks see only themselves; linked ones the frame. */
            rc = lz4_block(o, in + ip, size, block_max,
                           flg & 0x20 ? o->pos : frame_start);
            if ( rc )
                return rc;
        }
        ip += size + csum;
    }

    if ( (flg & 0x08) && o->pos - frame_start != content_size )
        return fail(o, -EINVAL, "lz4: frame size differs from its header");
    if ( flg & 0x04 )
    {
        if ( in_len - ip < 4 )
            return fail(o, -ENODATA, TRUNCATED);
        if ( xxh32(o->p + frame_start, o->pos - frame_start, 0) !=
             get_le32(in + ip) )
            return fail(o, -EINVAL, "lz4: content checksum mismatch");
        ip += 4;
    }
    *ip_p = ip;
    return 0;
}

/*
 * A legacy frame: 8 MiB blocks, each independent, behind a 4-byte size, with
 * no end marker.  It ends with the input, or at a word that cannot be a
 * block size: another frame's magic, zero padding, or whatever follows.
 * Linux appends the kernel's decompressed size to the payload: a last word
 * equal to the output so far is that, not a block.
 */
static int lz4_legacy(struct lz4_out *o, const uint8_t *in, size_t in_len,
                      size_t *ip_p)
{
    size_t ip = *ip_p + 4;
    uint32_t size;
    int rc;

    /* Each block uses at least its 4-byte size: the input bounds the loop. */
    while ( ip < in_len )
    {
        if ( in_len - ip < 4 )
            return fail(o, -ENODATA, TRUNCATED);
        size = get_le32(in + ip);
        if ( size == 0 || size > LEGACY_CBLOCK_MAX ||
             (in_len - ip == 4 && size == o->pos) )
            break;
        ip += 4;
        if ( size > in_len - ip )
            return fail(o, -ENODATA, TRUNCATED);
        rc = lz4_block(o, in + ip, size, LEGACY_BLOCK_MAX, o->pos);
        if ( rc )
            return rc;
        ip += size;
    }
    *ip_p = ip;
    return 0;
}

/*
 * Frames of either kind follow each other until the input ends or something
 * that is not a frame follows one (trailing data, ignored).  Skippable
 * frames are skipped.
 */
long unlz4(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_size,
           const char **why)
{
    struct lz4_out o = { .p = out, .size = out_size };
    size_t ip = 0;
    bool first = true;
    int rc = 0;

    /* Every frame uses at least its 4-byte magic: the input bounds the loop. */
    for ( ;; )
    {
        uint32_t magic;

        if ( in_len - ip < 4 )
        {
            if ( first )
                rc = fail(&o, -ENODATA, TRUNCATED);
            break;
        }
        magic = get_le32(in + ip);
        if ( magic == LZ4_MAGIC )
            rc = lz4_frame(&o, in, in_len, &ip);
        else if ( magic == LZ4_LEGACY_MAGIC )
            rc = lz4_legacy(&o, in, in_len, &ip);
        else if ( (magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC )
        {
            if ( in_len - ip < 8 || get_le32(in + ip + 4) > in_len - ip - 8 )
                rc = fail(&o, -ENODATA, TRUNCATED);
            else
                ip += 8 + get_le32(in + ip + 4);
        }
        else if ( first )
            rc = fail(&o, -EINVAL, "lz4: bad magic");
        else
            break;
        if ( rc )
            break;
        first = false;
    }

    if ( rc )
    {
        *why = o.why;
        return rc;
    }
    return o.pos;
}
