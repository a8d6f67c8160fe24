/*
 * LZMA decoding (see lzma_dec.h for the interface).
 *
 * An LZMA stream is a sequence of symbols, each coded bit by bit with an
 * adaptive binary range coder:
 *   - literal: one byte, coded with counters chosen by the previous byte
 *     and the position (lc, lp); right after a match it is coded against
 *     the byte at the last match distance, which it often equals;
 *   - match: a length (2..273) and a new distance;
 *   - rep match: a length and one of the four most recent distances;
 *   - short rep: one byte from the most recent distance.
 * Which kind comes next is coded with counters chosen by the "state" (a
 * summary of the last few symbol kinds) and the position (pb).  A match
 * whose distance is all ones is the end-of-payload marker.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include "lzma_dec.h"

#define PROB_BITS       11
#define PROB_INIT       (1u << (PROB_BITS - 1))     /* one half */
#define PROB_SHIFT      5       /* counters move 1/32 of the way per bit */
#define RC_TOP          (1u << 24)

#define MATCH_LEN_MIN   2
#define END_MARKER      0xffffffffu

/*
 * For the helpers the decode loop runs per bit or per symbol: taking the
 * address of the loop's local range decoder in a call that is not inlined
 * would force it out of registers for the whole loop.
 */
#define RC_INLINE       inline __attribute__((always_inline))

/* States below this follow a literal; from it on, a match of some kind. */
#define STATE_LIT_STATES 7

BUILD_BUG_ON(sizeof(struct lzma_probs) % sizeof(uint16_t));

bool lzma_props_decode(uint8_t byte, struct lzma_props *props)
{
    if ( byte > LZMA_PROPS_BYTE_MAX )
        return false;
    props->lc = byte % 9;
    byte /= 9;
    props->lp = byte % 5;
    props->pb = byte / 5;
    return true;
}

struct lzma_dec *lzma_dec_alloc(unsigned int lclp_max, uint8_t *out)
{
    struct lzma_dec *d;

    ASSERT(lclp_max <= LZMA_LC_MAX + LZMA_LP_MAX);
    d = xzalloc_bytes(sizeof(*d) +
                      sizeof(uint16_t) * (LZMA_LITERAL_PROBS << lclp_max));
    if ( d )
    {
        d->lclp_max = lclp_max;
        d->out = out;
    }
    return d;
}

void lzma_dec_reset(struct lzma_dec *d, const struct lzma_props *props)
{
    uint16_t *prob = (uint16_t *)&d->probs;
    size_t i, n = sizeof(d->probs) / sizeof(uint16_t) +
                  (LZMA_LITERAL_PROBS << (props->lc + props->lp));

    ASSERT(props->lc + props->lp <= d->lclp_max);
    d->props = *props;
    for ( i = 0; i < n; i++ )
        prob[i] = PROB_INIT;
    d->state = 0;
    d->rep[0] = d->rep[1] = d->rep[2] = d->rep[3] = 0;
}

/* ---- range decoder ------------------------------------------------------ */

static RC_INLINE uint8_t rc_byte(struct lzma_rc *rc)
{
    if ( likely(rc->in_pos < rc->in_end) )
        return rc->in[rc->in_pos++];
    rc->error = LZMA_RC_OVERRUN;
    return 0;
}

void lzma_rc_init(struct lzma_rc *rc, const uint8_t *in, size_t start,
                  size_t end)
{
    uint8_t first;
    unsigned int i;

    rc->in = in;
    rc->in_pos = start;
    rc->in_end = end;
    rc->error = LZMA_RC_OK;
    rc->range = 0xffffffffu;
    rc->code = 0;
    /* The encoder's first output byte is always zero (its carry slot). */
    first = rc_byte(rc);
    for ( i = 0; i < 4; i++ )
        rc->code = (rc->code << 8) | rc_byte(rc);
    if ( rc->error == LZMA_RC_OK && (first != 0 || rc->code == rc->range) )
        rc->error = LZMA_RC_CORRUPT;
}

/* Keep range >= 2^24, so that each bit has 11 bits of precision. */
static RC_INLINE void rc_normalize(struct lzma_rc *rc)
{
    if ( rc->range < RC_TOP )
    {
        rc->range <<= 8;
        rc->code = (rc->code << 8) | rc_byte(rc);
    }
}

/*
 * One bit whose chance of being 0 is *prob / 2^11; the counter moves
 * towards the bit seen.  Keeps code < range: either branch shrinks range
 * to the side of bound that code is on.
 */
static RC_INLINE unsigned int rc_bit(struct lzma_rc *rc, uint16_t *prob)
{
    uint32_t bound = (rc->range >> PROB_BITS) * *prob;
    unsigned int bit;

    if ( rc->code < bound )
    {
        rc->range = bound;
        *prob += ((1u << PROB_BITS) - *prob) >> PROB_SHIFT;
        bit = 0;
    }
    else
    {
        rc->range -= bound;
        rc->code -= bound;
        *prob -= *prob >> PROB_SHIFT;
        bit = 1;
    }
    rc_normalize(rc);
    return bit;
}

/*
 * nbits bits, most significant first, each with its own counter: probs[1]
 * for the first bit, then probs[2 + b0], ..., a binary tree of 2^nbits - 1
 * counters stored from index 1.
 */
static RC_INLINE unsigned int rc_tree(struct lzma_rc *rc, uint16_t *probs,
                                       unsigned int nbits)
{
    unsigned int m = 1;

    while ( m < (1u << nbits) )
        m = (m << 1) | rc_bit(rc, &probs[m]);
    return m - (1u << nbits);
}

/* As rc_tree(), but the first bit decoded is the least significant. */
static RC_INLINE uint32_t rc_tree_rev(struct lzma_rc *rc, uint16_t *probs,
                                   unsigned int nbits)
{
    unsigned int m = 1, i, bit;
    uint32_t value = 0;

    for ( i = 0; i < nbits; i++ )
    {
        bit = rc_bit(rc, &probs[m]);
        m = (m << 1) | bit;
        value |= bit << i;
    }
    return value;
}

/* nbits bits of fixed probability one half, most significant first. */
static RC_INLINE uint32_t rc_direct(struct lzma_rc *rc, unsigned int nbits)
{
    uint32_t value = 0;

    while ( nbits-- )
    {
        rc->range >>= 1;
        value <<= 1;
        if ( rc->code >= rc->range )
        {
            rc->code -= rc->range;
            value |= 1;
        }
        /*
         * Halving an odd range can leave code == range, which no encoder
         * produces; it would break the invariant every later bit relies on.
         */
        if ( rc->code >= rc->range )
            rc->error = LZMA_RC_CORRUPT;
        rc_normalize(rc);
    }
    return value;
}

/* ---- symbols ------------------------------------------------------------ */

static RC_INLINE unsigned int decode_literal(struct lzma_rc *rc,
                                             uint16_t *probs)
{
    return rc_tree(rc, probs, 8);
}

/*
 * A literal right after a match, predicted by match_byte (the byte at the
 * last distance).  While the bits decoded so far equal the prediction's,
 * each bit uses counters chosen by the predicted bit (probs[0x100..0x2ff]);
 * after the first difference, the plain tree (probs[1..0xff]).
 */
static RC_INLINE unsigned int decode_literal_matched(struct lzma_rc *rc,
                                                  uint16_t *probs,
                                                  unsigned int match_byte)
{
    unsigned int sym = 1, predicted, bit;

    while ( sym < 0x100 )
    {
        predicted = (match_byte >> 7) & 1;
        match_byte <<= 1;
        bit = rc_bit(rc, &probs[0x100 + (predicted << 8) + sym]);
        sym = (sym << 1) | bit;
        if ( bit != predicted )
            break;
    }
    while ( sym < 0x100 )
        sym = (sym << 1) | rc_bit(rc, &probs[sym]);
    return sym - 0x100;
}

/* Match length minus MATCH_LEN_MIN: 0..271. */
static RC_INLINE unsigned int decode_len(struct lzma_rc *rc,
                                      struct lzma_len_probs *lp,
                                      unsigned int pos_state)
{
    if ( !rc_bit(rc, &lp->choice) )
        return rc_tree(rc, lp->low[pos_state], 3);
    if ( !rc_bit(rc, &lp->choice2) )
        return 8 + rc_tree(rc, lp->mid[pos_state], 3);
    return 16 + rc_tree(rc, lp->high, 8);
}

/*
 * Distance minus one.  A 6-bit slot (context: the length) gives the top
 * two bits and the bit count; slots 0..3 are the distance itself.  Below
 * slot 14 the remaining bits have counters of their own (reverse trees in
 * dist_special); from slot 14 on all but the low four are plain bits, the
 * low four sharing one reverse tree (dist_align).
 */
static RC_INLINE uint32_t decode_dist(struct lzma_rc *rc, struct lzma_probs *p,
                                   unsigned int len)
{
    unsigned int slot, nbits;
    uint32_t dist;

    slot = rc_tree(rc, p->dist_slot[min(len, LZMA_LEN_STATES - 1u)], 6);
    if ( slot < 4 )
        return slot;
    nbits = (slot >> 1) - 1;
    dist = (2 | (slot & 1)) << nbits;
    if ( slot < LZMA_DIST_MODELED )
        return dist + rc_tree_rev(rc, p->dist_special + dist - slot, nbits);
    dist += rc_direct(rc, nbits - LZMA_ALIGN_BITS) << LZMA_ALIGN_BITS;
    return dist + rc_tree_rev(rc, p->dist_align, LZMA_ALIGN_BITS);
}

/*
 * len bytes from dist back to dst, in order: when dist < len the match
 * repeats bytes it has itself just written.  With dist >= 8 no eight-byte
 * word overlaps the one it is read from, so words may move at once.
 */
static RC_INLINE void copy_match(uint8_t *dst, size_t dist, size_t len)
{
    const uint8_t *src = dst - dist;

    if ( dist >= 8 )
        for ( ; len >= 8; len -= 8, dst += 8, src += 8 )
            __builtin_memcpy(dst, src, 8);
    for ( ; len; len--, dst++, src++ )
        *dst = *src;
}

/* ---- state machine ------------------------------------------------------ */

static inline unsigned int state_after_literal(unsigned int s)
{
    return s < 4 ? 0 : s < 10 ? s - 3 : s - 6;
}

static inline unsigned int state_after_match(unsigned int s)
{
    return s < STATE_LIT_STATES ? 7 : 10;
}

static inline unsigned int state_after_rep(unsigned int s)
{
    return s < STATE_LIT_STATES ? 8 : 11;
}

static inline unsigned int state_after_short_rep(unsigned int s)
{
    return s < STATE_LIT_STATES ? 9 : 11;
}

enum lzma_stop lzma_decode(struct lzma_dec *d, size_t limit, bool want_marker)
{
    /* Locals, so that the hot loop keeps them in registers. */
    struct lzma_rc rc = d->rc;
    struct lzma_probs *p = &d->probs;
    uint8_t *out = d->out;
    size_t pos = d->pos;
    const size_t dict = d->dict_start;
    const unsigned int lc = d->props.lc;
    const size_t lp_mask = (1u << d->props.lp) - 1;
    const size_t pb_mask = (1u << d->props.pb) - 1;
    unsigned int state = d->state;
    uint32_t rep0 = d->rep[0], rep1 = d->rep[1], rep2 = d->rep[2];
    uint32_t rep3 = d->rep[3], dist;
    enum lzma_stop stop;

    ASSERT(dict <= pos && pos <= limit);

    for ( ;; )
    {
        unsigned int pos_state, len;
        uint16_t *lit;

        if ( rc.error )
        {
            stop = LZMA_STOP_OVERRUN;   /* refined below */
            break;
        }
        if ( pos == limit && !want_marker )
        {
            stop = LZMA_STOP_LIMIT;
            break;
        }

        /* Positions count from the dictionary reset, as the encoder's. */
        pos_state = (pos - dict) & pb_mask;
        if ( !rc_bit(&rc, &p->is_match[state][pos_state]) )
        {
            unsigned int prev = pos > dict ? out[pos - 1] : 0;

            if ( pos == limit )
            {
                stop = LZMA_STOP_TOO_LONG;
                break;
            }
            lit = p->literal + LZMA_LITERAL_PROBS *
                  ((((pos - dict) & lp_mask) << lc) + (prev >> (8 - lc)));
            if ( state < STATE_LIT_STATES )
                out[pos] = decode_literal(&rc, lit);
            else
            {
                if ( rep0 >= pos - dict )
                {
                    d->why = "LZMA: literal predicted from beyond the data decoded so far";
                    stop = LZMA_STOP_CORRUPT;
                    break;
                }
                out[pos] = decode_literal_matched(&rc, lit,
                                                  out[pos - rep0 - 1]);
            }
            pos++;
            state = state_after_literal(state);
            continue;
        }

        if ( !rc_bit(&rc, &p->is_rep[state]) )
        {
            /* A new distance; the older ones move down the list. */
            len = decode_len(&rc, &p->match_len, pos_state);
            dist = decode_dist(&rc, p, len);
            if ( dist == END_MARKER )
            {
                if ( want_marker )
                    stop = LZMA_STOP_MARKER;
                else
                {
                    d->why = "LZMA: end marker before the end of the data";
                    stop = LZMA_STOP_CORRUPT;
                }
                break;
            }
            rep3 = rep2;
            rep2 = rep1;
            rep1 = rep0;
            rep0 = dist;
            len += MATCH_LEN_MIN;
            state = state_after_match(state);
        }
        else if ( !rc_bit(&rc, &p->is_rep_g0[state]) )
        {
            /* The most recent distance: one byte, or a length follows. */
            if ( !rc_bit(&rc, &p->is_rep0_long[state][pos_state]) )
            {
                len = 1;
                state = state_after_short_rep(state);
            }
            else
            {
                len = MATCH_LEN_MIN + decode_len(&rc, &p->rep_len, pos_state);
                state = state_after_rep(state);
            }
        }
        else
        {
            /* An older distance moves to the front of the list. */
            if ( !rc_bit(&rc, &p->is_rep_g1[state]) )
                dist = rep1;
            else
            {
                if ( !rc_bit(&rc, &p->is_rep_g2[state]) )
                    dist = rep2;
                else
                {
                    dist = rep3;
                    rep3 = rep2;
                }
                rep2 = rep1;
            }
            rep1 = rep0;
            rep0 = dist;
            len = MATCH_LEN_MIN + decode_len(&rc, &p->rep_len, pos_state);
            state = state_after_rep(state);
        }

        if ( rep0 >= pos - dict )
        {
            d->why = "LZMA: match distance beyond the data decoded so far";
            stop = LZMA_STOP_CORRUPT;
            break;
        }
        if ( len > limit - pos )
        {
            stop = LZMA_STOP_TOO_LONG;
            break;
        }
        copy_match(out + pos, rep0 + 1, len);
        pos += len;
    }

    /* Whatever the symbol looked like, bad input underneath decides. */
    if ( rc.error == LZMA_RC_OVERRUN )
        stop = LZMA_STOP_OVERRUN;
    else if ( rc.error == LZMA_RC_CORRUPT )
    {
        d->why = "LZMA: corrupt range coder data";
        stop = LZMA_STOP_CORRUPT;
    }

    d->rc = rc;
    d->pos = pos;
    d->state = state;
    d->rep[0] = rep0;
    d->rep[1] = rep1;
    d->rep[2] = rep2;
    d->rep[3] = rep3;
    return stop;
}
