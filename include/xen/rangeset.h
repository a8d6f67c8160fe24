#ifndef XEN_RANGESET_H
#define XEN_RANGESET_H

#include <xen/types.h>

/*
 * Rangesets (common/rangeset.c): sets of unsigned longs kept as sorted,
 * disjoint, non-adjacent inclusive ranges [s, e], e.g. the I/O ports or
 * machine frames a domain may access.  Every call takes the set's lock,
 * which is not interrupt-safe: do not use rangesets from interrupt context.
 * Calls with s > e are caller bugs: add/remove return -EINVAL and the
 * queries answer false.
 */
struct rangeset;

/* NULL when out of memory.  name (truncated to 31 characters) is for printing. */
struct rangeset *rangeset_new(const char *name);
void rangeset_destroy(struct rangeset *r);

/* 0, -EINVAL or -ENOMEM; on failure the set is unchanged. */
int rangeset_add_range(struct rangeset *r, unsigned long s, unsigned long e);
/* Removing from the middle of a range splits it, which may need memory. */
int rangeset_remove_range(struct rangeset *r, unsigned long s, unsigned long e);

/* Is all of [s, e] in the set? */
bool rangeset_contains_range(struct rangeset *r, unsigned long s, unsigned long e);
/* Is any of [s, e] in the set? */
bool rangeset_overlaps_range(struct rangeset *r, unsigned long s, unsigned long e);
bool rangeset_is_empty(struct rangeset *r);

/*
 * Call cb on each part of the set inside [s, e], in ascending order, with
 * the part's bounds.  Stops at and returns the first non-zero result of cb.
 * cb runs under the set's lock and must not call into this set.
 */
int rangeset_report_ranges(struct rangeset *r, unsigned long s, unsigned long e,
                           int (*cb)(unsigned long s, unsigned long e, void *ctxt),
                           void *ctxt);

/* Print "name: { 0-f, 20, ... }" (hexadecimal) without a newline. */
void rangeset_printk(struct rangeset *r);

static inline int rangeset_add_singleton(struct rangeset *r, unsigned long x)
{
    return rangeset_add_range(r, x, x);
}

static inline int rangeset_remove_singleton(struct rangeset *r, unsigned long x)
{
    return rangeset_remove_range(r, x, x);
}

static inline bool rangeset_contains_singleton(struct rangeset *r, unsigned long x)
{
    return rangeset_contains_range(r, x, x);
}

#endif
