#ifndef COMMON_DECOMPRESS_LZMA_DEC_H
#define COMMON_DECOMPRESS_LZMA_DEC_H

/*
 * The LZMA decoder shared by .xz (inside LZMA2 chunks, unxz.c) and the
 * legacy .lzma format (unlzma.c): range decoder, probability model, state
 * machine, literal/match/rep coding.  Container parsing stays with the
 * callers.
 *
 * The dictionary is the output buffer itself: everything decoded since the
 * last dictionary reset, out[dict_start, pos), is what matches may copy
 * from.  Each match distance is checked against that span, so the declared
 * dictionary size of a stream needs no separate enforcement.
 */

#include <xen/types.h>

#define LZMA_LC_MAX         8
#define LZMA_LP_MAX         4
#define LZMA_PB_MAX         4
#define LZMA_PROPS_BYTE_MAX ((LZMA_PB_MAX * 5 + LZMA_LP_MAX) * 9 + LZMA_LC_MAX)

/* Model constants of the format. */
#define LZMA_STATES         12      /* kinds of recent symbol history */
#define LZMA_POS_STATES_MAX (1 << LZMA_PB_MAX)
#define LZMA_LEN_STATES     4       /* distance slot context: min(len, 3) */
#define LZMA_DIST_SLOTS     64
#define LZMA_DIST_MODELED   14      /* slots below this: all bits modeled */
#define LZMA_FULL_DISTANCES 128     /* distances whose low bits are modeled */
#define LZMA_ALIGN_BITS     4
#define LZMA_LITERAL_PROBS  0x300   /* per literal context */

struct lzma_props {
    unsigned int lc;    /* literal context: high bits of the previous byte */
    unsigned int lp;    /* literal context: low bits of the position */
    unsigned int pb;    /* match context: low bits of the position */
};

/*
 * Probability counters (11-bit fixed point, chance of a 0 bit), grouped as
 * the format uses them.  Only uint16_t members, so the whole structure is
 * one array of counters for initialisation.
 */
struct lzma_len_probs {
    uint16_t choice;                            /* len >= 8? */
    uint16_t choice2;                           /* len >= 16? */
    uint16_t low[LZMA_POS_STATES_MAX][8];       /* 3-bit tree: 0..7 */
    uint16_t mid[LZMA_POS_STATES_MAX][8];       /* 3-bit tree: 8..15 */
    uint16_t high[256];                         /* 8-bit tree: 16..271 */
};

struct lzma_probs {
    uint16_t is_match[LZMA_STATES][LZMA_POS_STATES_MAX];
    uint16_t is_rep[LZMA_STATES];
    uint16_t is_rep_g0[LZMA_STATES];
    uint16_t is_rep_g1[LZMA_STATES];
    uint16_t is_rep_g2[LZMA_STATES];
    uint16_t is_rep0_long[LZMA_STATES][LZMA_POS_STATES_MAX];
    uint16_t dist_slot[LZMA_LEN_STATES][LZMA_DIST_SLOTS];
    /* Reverse trees for slots 4..13, indexed from (base - slot + 1). */
    uint16_t dist_special[LZMA_FULL_DISTANCES - LZMA_DIST_MODELED + 1];
    uint16_t dist_align[1 << LZMA_ALIGN_BITS];
    struct lzma_len_probs match_len;
    struct lzma_len_probs rep_len;
    /* LZMA_LITERAL_PROBS << (lc + lp) counters; sized at allocation. */
    uint16_t literal[];
};

/* Why the range decoder stopped making sense; 0 while it does. */
enum lzma_rc_error {
    LZMA_RC_OK,
    LZMA_RC_OVERRUN,    /* needed a byte at or past in_end */
    LZMA_RC_CORRUPT,    /* first byte not zero, or code >= range */
};

/*
 * Invariant while error == LZMA_RC_OK: code < range, and after each
 * normalisation range >= 2^24.  Bytes past in_end read as zero and set
 * error, so a truncated stream costs at most one symbol of garbage before
 * the decoder notices.
 */
struct lzma_rc {
    const uint8_t *in;
    size_t in_pos;
    size_t in_end;
    uint32_t range;
    uint32_t code;
    enum lzma_rc_error error;
};

struct lzma_dec {
    struct lzma_rc rc;

    uint8_t *out;
    size_t pos;             /* next byte to write */
    size_t dict_start;      /* position of the last dictionary reset */

    struct lzma_props props;
    unsigned int lclp_max;  /* literal[] is sized for lc + lp up to this */
    unsigned int state;     /* 0..6 after a literal, 7..11 after a match */
    uint32_t rep[4];        /* the last four match distances, minus one */
    const char *why;        /* reason for LZMA_STOP_CORRUPT */

    struct lzma_probs probs;    /* last: literal[] follows */
};

/* Why lzma_decode() returned. */
enum lzma_stop {
    LZMA_STOP_LIMIT,        /* pos reached the limit (want_marker false) */
    LZMA_STOP_MARKER,       /* end-of-payload marker decoded */
    LZMA_STOP_TOO_LONG,     /* a literal or match would cross the limit */
    LZMA_STOP_OVERRUN,      /* input ran out (rc.error is OVERRUN) */
    LZMA_STOP_CORRUPT,      /* impossible data; why says what */
};

/* Splits a properties byte (pb * 5 + lp) * 9 + lc; false if out of range. */
bool lzma_props_decode(uint8_t byte, struct lzma_props *props);

/*
 * A decoder whose literal table holds lc + lp up to lclp_max, writing to
 * out.  NULL if memory is short.  Free with xfree().
 */
struct lzma_dec *lzma_dec_alloc(unsigned int lclp_max, uint8_t *out);

/*
 * State reset: new properties (@pre lc + lp <= lclp_max), every counter
 * to one half, no history, all rep distances zero.
 */
void lzma_dec_reset(struct lzma_dec *d, const struct lzma_props *props);

/*
 * Start the range decoder on in[start, end): reads its five header bytes.
 * Errors (too short, bad first byte) land in rc.error and make the next
 * lzma_decode() return at once.
 */
void lzma_rc_init(struct lzma_rc *rc, const uint8_t *in, size_t start,
                  size_t end);

/* After the last symbol a well-formed encoder leaves code at zero. */
static inline bool lzma_rc_finished(const struct lzma_rc *rc)
{
    return rc->error == LZMA_RC_OK && rc->code == 0;
}

/*
 * Decode symbols into out[pos, limit).  With want_marker false, stop when
 * pos reaches limit and treat an end marker as corruption; with it true,
 * go on until the end marker, and a symbol that does not fit below limit
 * ends decoding with LZMA_STOP_TOO_LONG.  Any stop with rc.error set is
 * reported as LZMA_STOP_OVERRUN or LZMA_STOP_CORRUPT, whatever else
 * happened in that symbol.  Output bytes in [pos, limit) may have been
 * written even when decoding fails.
 *
 * Bounded: every symbol writes at least one byte or ends decoding.
 */
enum lzma_stop lzma_decode(struct lzma_dec *d, size_t limit,
                           bool want_marker);

#endif
