/*
 * Legacy .lzma ("LZMA alone") decoder: a 13-byte header, then one LZMA
 * range-coded stream.
 *
 *   byte  0      properties: (pb * 5 + lp) * 9 + lc
 *   bytes 1-4    dictionary size, little-endian
 *   bytes 5-12   uncompressed size, little-endian; all ones = unknown
 *
 * With the size unknown the data must end with the end marker.  With it
 * known, decoding stops there; an end marker may still follow, and must
 * if the range coder is not in its final state.  The dictionary size needs
 * no check: out[] is the dictionary and each match is checked against it.
 * Any lc (0..8) and lp (0..4) are accepted, as the format allows; the
 * literal table then takes up to 6 MiB.
 */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include "lzma_dec.h"
#include "private.h"

#define LZMA_HEADER_SIZE    13
#define SIZE_UNKNOWN        (~0ull)

long unlzma(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_size,
            const char **why)
{
    struct lzma_props props;
    struct lzma_dec *d;
    enum lzma_stop stop;
    uint64_t size;
    size_t limit;
    long ret;

    if ( in_len < LZMA_HEADER_SIZE )
    {
        *why = "lzma: truncated header";
        return -ENODATA;
    }
    if ( !lzma_props_decode(in[0], &props) )
    {
        *why = "lzma: properties byte out of range";
        return -EINVAL;
    }
    size = get_le64(in + 5);
    if ( size != SIZE_UNKNOWN && size > out_size )
    {
        *why = "lzma: output buffer too small";
        return -ENOSPC;
    }
    limit = size == SIZE_UNKNOWN ? out_size : size;

    d = lzma_dec_alloc(props.lc + props.lp, out);
    if ( !d )
    {
        *why = "lzma: out of memory";
        return -ENOMEM;
    }
    lzma_dec_reset(d, &props);
    lzma_rc_init(&d->rc, in, LZMA_HEADER_SIZE, in_len);

    stop = lzma_decode(d, limit, size == SIZE_UNKNOWN);
    /* Known size reached: the range coder is done, or a marker follows. */
    if ( stop == LZMA_STOP_LIMIT && !lzma_rc_finished(&d->rc) )
        stop = lzma_decode(d, limit, true);

    switch ( stop )
    {
    case LZMA_STOP_LIMIT:
        ret = limit;
        break;
    case LZMA_STOP_MARKER:
        /* (With a known size, only reached at that size: see above.) */
        if ( !lzma_rc_finished(&d->rc) )
        {
            *why = "lzma: range coder not finished at the end marker";
            ret = -EINVAL;
        }
        else
            ret = d->pos;
        break;
    case LZMA_STOP_TOO_LONG:
        if ( size == SIZE_UNKNOWN )
        {
            *why = "lzma: output buffer too small";
            ret = -ENOSPC;
        }
        else
        {
            *why = "lzma: data goes on past the declared size";
            ret = -EINVAL;
        }
        break;
    case LZMA_STOP_OVERRUN:
        *why = "lzma: truncated data";
        ret = -ENODATA;
        break;
    default:
        *why = d->why;
        ret = -EINVAL;
        break;
    }

    xfree(d);
    return ret;
}
