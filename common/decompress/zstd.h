#ifndef COMMON_DECOMPRESS_ZSTD_H
#define COMMON_DECOMPRESS_ZSTD_H

/*
 * Private to the zstd decoder (unzstd.c, zstd_fse.c, zstd_huf.c,
 * zstd_seq.c), written from RFC 8878.  Numbers in parentheses are its
 * sections; field names in Mixed_Case are its names.
 */

#include <xen/errno.h>
#include <xen/types.h>

/* Block_Maximum_Size never exceeds this. */
#define ZSTD_BLOCK_MAX      (128 * 1024)

/* Longest Huffman code of the literals (4.2.1). */
#define ZSTD_HUF_MAX_BITS   11

/* Largest Accuracy_Log and symbol of each FSE-coded alphabet. */
#define ZSTD_LL_MAX_LOG     9
#define ZSTD_ML_MAX_LOG     9
#define ZSTD_OF_MAX_LOG     8
#define ZSTD_HUFW_MAX_LOG   6
#define ZSTD_LL_MAX_SYM     35
#define ZSTD_ML_MAX_SYM     52
/* Offset codes above 31 would mean offsets of 8 GiB: not supported. */
#define ZSTD_OF_MAX_SYM     31
/* A Huffman weight is at most the longest code length. */
#define ZSTD_HUFW_MAX_SYM   ZSTD_HUF_MAX_BITS

static inline int zstd_fail(const char **why, int err, const char *msg)
{
    *why = msg;
    return err;
}

/*
 * Backward bit reader (4.1, 4.2.2): a stream is read from its last byte
 * towards its first, and within that as one little-endian number from its
 * highest bit down.  The last byte's highest set bit marks where the data
 * begins.
 *
 * bits holds the next unread bits left-aligned (the next bit is bit 63);
 * the avail bits at the top are real, everything below is either zero or
 * real bits of the byte at next[-1], which a later refill ORs in again
 * unchanged.  Once every byte is loaded the bits below avail are zero, so
 * reading past the start of the stream yields zeros and drives avail
 * negative: that is how overruns are detected.
 */
struct bitrev {
    const uint8_t *start;   /* first byte of the stream */
    const uint8_t *next;    /* bytes [start, next) are not loaded yet */
    uint64_t bits;
    int avail;
};

/*
 * Top up bits.  Afterwards avail >= 56 or every byte is loaded, so up to
 * 56 bits can be read before the next refill.  avail stays below 64, so
 * that the shift below is defined.
 */
static inline void bitrev_refill(struct bitrev *br)
{
    if ( br->next - br->start >= 8 )
    {
        /* Whole bytes that fit below the avail bits (0 <= avail < 64). */
        unsigned int n = (63 - br->avail) >> 3;
        uint64_t w;

        __builtin_memcpy(&w, br->next - 8, 8);
        br->bits |= w >> br->avail;
        br->next -= n;
        br->avail += 8 * n;
        return;
    }
    while ( br->avail <= 56 && br->next > br->start )
    {
        br->next--;
        br->bits |= (uint64_t)*br->next << (56 - br->avail);
        br->avail += 8;
    }
}

/* 0, or -EINVAL for an empty stream or one whose last byte is zero. */
static inline int bitrev_init(struct bitrev *br, const uint8_t *p, size_t len)
{
    unsigned int skip;

    if ( len == 0 || p[len - 1] == 0 )
        return -EINVAL;
    br->start = p;
    br->next = p + len;
    br->bits = 0;
    br->avail = 0;
    bitrev_refill(br);
    /* The padding zeros above the marker bit, and the marker itself. */
    skip = __builtin_clz(p[len - 1]) - 23;
    br->bits <<= skip;
    br->avail -= skip;
    return 0;
}

/* The next n bits (n <= 56, within what the last refill guaranteed). */
static inline uint64_t bitrev_read(struct bitrev *br, unsigned int n)
{
    /* Two shifts, so that n = 0 reads nothing without shifting by 64. */
    uint64_t v = (br->bits >> 1) >> (63 - n);

    br->bits <<= n;
    br->avail -= n;
    return v;
}

/* The next n bits without consuming them (1 <= n <= 56). */
static inline unsigned int bitrev_peek(const struct bitrev *br, unsigned int n)
{
    return br->bits >> (64 - n);
}

static inline void bitrev_skip(struct bitrev *br, unsigned int n)
{
    br->bits <<= n;
    br->avail -= n;
}

/* More bits were read than the stream holds. */
static inline bool bitrev_overrun(const struct bitrev *br)
{
    return br->avail < 0;
}

/* Every bit was read, and no more. */
static inline bool bitrev_done(const struct bitrev *br)
{
    return br->avail == 0 && br->next == br->start;
}

/* FSE decoding table cell (4.1.1): the symbol and how to get the next state. */
struct fse_entry {
    uint16_t base;
    uint8_t symbol;
    uint8_t nbits;
};

/*
 * Reads an FSE_Table_Description (4.1.1) from p[0, len): normalized counts
 * for symbols 0 .. *nsym - 1, -1 meaning "less than 1".  Returns the bytes
 * used, or -EINVAL with *why set.
 */
long fse_read_counts(const uint8_t *p, size_t len, int16_t *counts,
                     unsigned int max_sym, unsigned int max_log,
                     unsigned int *log, unsigned int *nsym, const char **why);

/*
 * Fills t[0, 1 << log) from counts that sum to 1 << log (counting -1 as 1),
 * as fse_read_counts() guarantees.
 * @pre 5 <= log <= ZSTD_LL_MAX_LOG, nsym <= ZSTD_ML_MAX_SYM + 1.
 */
void fse_build(struct fse_entry *t, const int16_t *counts, unsigned int nsym,
               unsigned int log);

/* Huffman decoding table (4.2.1): indexed by the next max_bits bits. */
struct huf_entry {
    uint8_t symbol;
    uint8_t nbits;
};

struct huf_table {
    unsigned int max_bits;      /* 1 .. ZSTD_HUF_MAX_BITS */
    struct huf_entry e[1 << ZSTD_HUF_MAX_BITS];
};

/*
 * Reads a Huffman_Tree_Description from p[0, len) into t.  Returns the
 * bytes used, or -EINVAL with *why set (t is then unusable).
 */
long huf_read_tree(struct huf_table *t, const uint8_t *p, size_t len,
                   const char **why);

/*
 * Decodes n literals from the Huffman-coded streams in p[0, len): one
 * stream, or four behind a jump table.  0 or -EINVAL with *why set.
 */
int huf_decode(const struct huf_table *t, bool four, const uint8_t *p,
               size_t len, uint8_t *out, size_t n, const char **why);

/*
 * One cell of a sequence decoding table: the FSE state transition, and the
 * Baseline and Number_of_Bits of the cell's code.
 */
struct seq_entry {
    uint32_t value;
    uint8_t extra;
    uint8_t nbits;
    uint16_t base;
};

struct seq_table {
    unsigned int log;
    bool valid;                 /* may be used by Repeat_Mode */
    struct seq_entry e[1 << ZSTD_LL_MAX_LOG];
};

/*
 * State of one unzstd() call.  Frame-scoped fields are reset at each frame
 * header: frames are independent.
 */
struct zstd_ctx {
    uint8_t *out;
    size_t out_size;
    size_t pos;                 /* bytes of out[] written */
    size_t frame_start;         /* where this frame's output begins */
    size_t block_max;           /* Block_Maximum_Size of this frame */

    /* Frame-scoped: carried from one compressed block to the next. */
    uint32_t rep[3];            /* Repeated_Offset1..3 */
    bool huf_valid;             /* huf may be used by a treeless block */
    struct huf_table huf;
    struct seq_table ll, of, ml;

    struct fse_entry scratch[1 << ZSTD_LL_MAX_LOG];
    const char *why;
    uint8_t lit[ZSTD_BLOCK_MAX];
};

/*
 * Decodes the Sequences_Section in p[0, len) and executes it against the
 * nlit literals at lit, appending to z->out.  0 or -errno with z->why set.
 */
int zstd_sequences(struct zstd_ctx *z, const uint8_t *p, size_t len,
                   const uint8_t *lit, size_t nlit);

/*
 * n more bytes at out[z->pos] fit the buffer and the block that began at
 * block_start: 0, or -ENOSPC (buffer full) or -EINVAL (the block would
 * exceed Block_Maximum_Size), with z->why set.
 */
int zstd_room(struct zstd_ctx *z, size_t block_start, size_t n);

#endif
