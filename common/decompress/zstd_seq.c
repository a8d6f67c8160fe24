/*
 * zstd: the Sequences_Section of a compressed block (RFC 8878 3.1.1.3.2)
 * and its execution (3.1.1.4): literal copies and matches.
 */
#include "lz.h"
#include "zstd.h"

/* One of the three FSE-coded alphabets of a sequence. */
struct seq_kind {
    const uint32_t *base;       /* Baseline per code; NULL for offsets */
    const uint8_t *bits;        /* Number_of_Bits per code */
    const int16_t *defaults;    /* Default Distribution */
    unsigned int default_log;
    unsigned int default_nsym;
    unsigned int max_sym;
    unsigned int max_log;
};

static const uint32_t ll_base[ZSTD_LL_MAX_SYM + 1] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
    8192, 16384, 32768, 65536,
};
static const uint8_t ll_bits[ZSTD_LL_MAX_SYM + 1] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
    13, 14, 15, 16,
};
static const int16_t ll_defaults[] = {
    4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
    -1, -1, -1, -1,
};

static const uint32_t ml_base[ZSTD_ML_MAX_SYM + 1] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
    19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
    35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
    4099, 8195, 16387, 32771, 65539,
};
static const uint8_t ml_bits[ZSTD_ML_MAX_SYM + 1] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
    12, 13, 14, 15, 16,
};
static const int16_t ml_defaults[] = {
    1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
    -1, -1, -1, -1, -1,
};

static const int16_t of_defaults[] = {
    1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
};

static const struct seq_kind ll_kind = {
    ll_base, ll_bits, ll_defaults, 6, ARRAY_SIZE(ll_defaults),
    ZSTD_LL_MAX_SYM, ZSTD_LL_MAX_LOG,
};
static const struct seq_kind ml_kind = {
    ml_base, ml_bits, ml_defaults, 6, ARRAY_SIZE(ml_defaults),
    ZSTD_ML_MAX_SYM, ZSTD_ML_MAX_LOG,
};
/* Offset code c stands for 2^c plus c more bits: no tables needed. */
static const struct seq_kind of_kind = {
    NULL, NULL, of_defaults, 5, ARRAY_SIZE(of_defaults),
    ZSTD_OF_MAX_SYM, ZSTD_OF_MAX_LOG,
};

static struct seq_entry seq_cell(const struct seq_kind *k, unsigned int sym,
                                 unsigned int nbits, unsigned int base)
{
    struct seq_entry e = {
        .value = k->base ? k->base[sym] : 1u << sym,
        .extra = k->bits ? k->bits[sym] : sym,
        .nbits = nbits,
        .base = base,
    };

    return e;
}

/* st from an FSE table of the kind's symbols. */
static void seq_fill(struct seq_table *st, const struct seq_kind *k,
                     const struct fse_entry *f, unsigned int log)
{
    unsigned int u;

    for ( u = 0; u < 1u << log; u++ )
        st->e[u] = seq_cell(k, f[u].symbol, f[u].nbits, f[u].base);
    st->log = log;
}

/*
 * Sets up st for one symbol type from its Compression_Mode, reading any
 * table description from p[0, len).  Returns the bytes used or -EINVAL.
 */
static long seq_table(struct zstd_ctx *z, struct seq_table *st,
                      const struct seq_kind *k, unsigned int mode,
                      const uint8_t *p, size_t len)
{
    int16_t counts[ZSTD_ML_MAX_SYM + 1];
    unsigned int log, nsym;
    long used = 0;

    switch ( mode )
    {
    case 0:     /* Predefined_Mode */
        fse_build(z->scratch, k->defaults, k->default_nsym, k->default_log);
        seq_fill(st, k, z->scratch, k->default_log);
        break;

    case 1:     /* RLE_Mode: one symbol, a one-state table reading no bits */
        if ( len < 1 )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: sequences header truncated");
        if ( p[0] > k->max_sym )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: RLE sequence code out of range");
        st->e[0] = seq_cell(k, p[0], 0, 0);
        st->log = 0;
        used = 1;
        break;

    case 2:     /* FSE_Compressed_Mode */
        used = fse_read_counts(p, len, counts, k->max_sym, k->max_log, &log,
                               &nsym, &z->why);
        if ( used < 0 )
            return used;
        fse_build(z->scratch, counts, nsym, log);
        seq_fill(st, k, z->scratch, log);
        break;

    default:    /* Repeat_Mode: the table of the last block with sequences */
        if ( !st->valid )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: Repeat_Mode without a previous table");
        break;
    }
    st->valid = true;
    return used;
}

int zstd_room(struct zstd_ctx *z, size_t block_start, size_t n)
{
    if ( n > z->block_max - (z->pos - block_start) )
        return zstd_fail(&z->why, -EINVAL,
                         "zstd: block larger than Block_Maximum_Size");
    if ( n > z->out_size - z->pos )
        return zstd_fail(&z->why, -ENOSPC, "zstd: output buffer too small");
    return 0;
}

/*
 * Decode and execute nseq sequences from the bitstream in p[0, len).
 * Each write is checked against limit (the end of the output buffer or of
 * the block, whichever is first) and each match against the output of this
 * frame: frames are independent and there are no dictionaries.
 */
static int seq_execute(struct zstd_ctx *z, const uint8_t *p, size_t len,
                       size_t nseq, const uint8_t *lit, size_t nlit)
{
    const struct seq_entry *lt = z->ll.e, *ot = z->of.e, *mt = z->ml.e;
    size_t block_start = z->pos, pos = z->pos, limit, i;
    uint32_t rep0 = z->rep[0], rep1 = z->rep[1], rep2 = z->rep[2];
    unsigned int ls, os, ms;
    uint8_t *out = z->out;
    struct bitrev br;
    int rc;

    limit = z->out_size - pos < z->block_max ? z->out_size : pos + z->block_max;

    if ( bitrev_init(&br, p, len) )
        return zstd_fail(&z->why, -EINVAL, "zstd: bad sequences bitstream");
    /* Starting states, in the order literal lengths, offsets, match lengths. */
    ls = bitrev_read(&br, z->ll.log);
    os = bitrev_read(&br, z->of.log);
    ms = bitrev_read(&br, z->ml.log);

    for ( i = 0; i < nseq; i++ )
    {
        const struct seq_entry *le = &lt[ls], *oe = &ot[os], *me = &mt[ms];
        size_t ll, ml, off;
        uint32_t ofv;

        /*
         * Extra bits: offset (<= 31) and match length (<= 16) after one
         * refill, literal length (<= 16) and the three state updates
         * (<= 26) after another: each within the 56 a refill guarantees.
         */
        bitrev_refill(&br);
        ofv = oe->value + bitrev_read(&br, oe->extra);
        ml = me->value + bitrev_read(&br, me->extra);
        bitrev_refill(&br);
        ll = le->value + bitrev_read(&br, le->extra);
        if ( i + 1 < nseq )
        {
            ls = le->base + bitrev_read(&br, le->nbits);
            ms = me->base + bitrev_read(&br, me->nbits);
            os = oe->base + bitrev_read(&br, oe->nbits);
        }

        /*
         * Offset_Value 1-3 name the recent offsets (3.1.1.5), shifted by
         * one when there are no literals, where 3 then means Repeated_Offset1
         * minus one.  A used offset moves to the front.
         */
        if ( ofv > 3 )
        {
            off = ofv - 3;
            rep2 = rep1;
            rep1 = rep0;
            rep0 = off;
        }
        else
        {
            switch ( ofv - 1 + (ll == 0) )
            {
            case 0:
                off = rep0;
                break;
            case 1:
                off = rep1;
                rep1 = rep0;
                rep0 = off;
                break;
            case 2:
                off = rep2;
                rep2 = rep1;
                rep1 = rep0;
                rep0 = off;
                break;
            default:
                off = rep0 - 1;
                rep2 = rep1;
                rep1 = rep0;
                rep0 = off;
                break;
            }
        }

        if ( ll > nlit )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: sequence uses more literals than exist");
        if ( ll + ml > limit - pos )
        {
            if ( limit == z->out_size )
                return zstd_fail(&z->why, -ENOSPC,
                                 "zstd: output buffer too small");
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: block larger than Block_Maximum_Size");
        }
        if ( off == 0 || off > pos + ll - z->frame_start )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: match offset before the frame start");

        lz_copy(out + pos, lit, ll);
        pos += ll;
        lit += ll;
        nlit -= ll;
        lz_match(out + pos, off, ml);
        pos += ml;
    }
    /* Reading exactly every bit confirms the count of sequences. */
    if ( !bitrev_done(&br) )
        return zstd_fail(&z->why, -EINVAL,
                         "zstd: sequences bitstream length mismatch");

    z->pos = pos;
    z->rep[0] = rep0;
    z->rep[1] = rep1;
    z->rep[2] = rep2;

    /* The literals no sequence used end the block. */
    rc = zstd_room(z, block_start, nlit);
    if ( rc )
        return rc;
    lz_copy(out + z->pos, lit, nlit);
    z->pos += nlit;
    return 0;
}

int zstd_sequences(struct zstd_ctx *z, const uint8_t *p, size_t len,
                   const uint8_t *lit, size_t nlit)
{
    size_t nseq, used;
    unsigned int modes;
    long rc;

    if ( len < 1 )
        return zstd_fail(&z->why, -EINVAL, "zstd: sequences section missing");
    if ( p[0] < 128 )
    {
        nseq = p[0];
        used = 1;
    }
    else if ( p[0] < 255 )
    {
        if ( len < 2 )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: sequences header truncated");
        nseq = ((p[0] - 128) << 8) + p[1];
        used = 2;
    }
    else
    {
        if ( len < 3 )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: sequences header truncated");
        nseq = p[1] + (p[2] << 8) + 0x7f00;
        used = 3;
    }

    if ( nseq == 0 )
    {
        /* The block is its literals; the section ends, tables stay. */
        if ( used != len )
            return zstd_fail(&z->why, -EINVAL,
                             "zstd: data after an empty sequences section");
        rc = zstd_room(z, z->pos, nlit);
        if ( rc )
            return rc;
        lz_copy(z->out + z->pos, lit, nlit);
        z->pos += nlit;
        return 0;
    }

    if ( used >= len )
        return zstd_fail(&z->why, -EINVAL, "zstd: sequences header truncated");
    modes = p[used++];
    if ( modes & 3 )
        return zstd_fail(&z->why, -EINVAL,
                         "zstd: reserved bits set in sequences header");

    /* Table descriptions: literal lengths, offsets, match lengths. */
    rc = seq_table(z, &z->ll, &ll_kind, modes >> 6, p + used, len - used);
    if ( rc < 0 )
        return rc;
    used += rc;
    rc = seq_table(z, &z->of, &of_kind, (modes >> 4) & 3, p + used, len - used);
    if ( rc < 0 )
        return rc;
    used += rc;
    rc = seq_table(z, &z->ml, &ml_kind, (modes >> 2) & 3, p + used, len - used);
    if ( rc < 0 )
        return rc;
    used += rc;

    return seq_execute(z, p + used, len - used, nseq, lit, nlit);
}
