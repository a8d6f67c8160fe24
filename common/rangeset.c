/*
 * Rangesets (interface in xen/rangeset.h): a sorted singly linked list of
 * ranges, one allocation per range.
 *
 * Invariant, true whenever the lock is free: for consecutive ranges a, b
 * in the list, a->s <= a->e and a->e + 1 < b->s (sorted, disjoint and not
 * even adjacent).  So a range [s, e] is contained in the set only if one
 * list element covers it, and the list is as short as it can be.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/rangeset.h>
#include <xen/spinlock.h>

struct range {
    struct range *next;
    unsigned long s, e;
};

struct rangeset {
    spinlock_t lock;
    struct range *head;
    char name[32];
};

/* Can [.., a_e] and [b_s, ..] be one range?  a_e + 1 may wrap to 0. */
static bool reaches(unsigned long a_e, unsigned long b_s)
{
    return a_e == ~0UL || b_s <= a_e + 1;
}

/* Link pointing at the first range that ends at or after x (or NULL). */
static struct range **first_ending_from(struct rangeset *r, unsigned long x)
{
    struct range **link = &r->head;

    while ( *link && (*link)->e < x )
        link = &(*link)->next;
    return link;
}

struct rangeset *rangeset_new(const char *name)
{
    struct rangeset *r = xzalloc_bytes(sizeof(*r));

    if ( !r )
        return NULL;
    spin_lock_init(&r->lock);
    strlcpy(r->name, name, sizeof(r->name));
    return r;
}

void rangeset_destroy(struct rangeset *r)
{
    struct range *x, *next;

    if ( !r )
        return;
    for ( x = r->head; x; x = next )
    {
        next = x->next;
        xfree(x);
    }
    xfree(r);
}

int rangeset_add_range(struct rangeset *r, unsigned long s, unsigned long e)
{
    struct range **link, *x, *next;

    if ( s > e )
        return -EINVAL;

    spin_lock(&r->lock);
    /* The first range that could touch [s, e] from the left. */
    link = &r->head;
    while ( *link && !reaches((*link)->e, s) )
        link = &(*link)->next;
    x = *link;

    if ( !x || !reaches(e, x->s) )
    {
        /* Touches nothing: a new range goes in before x. */
        struct range *n = xzalloc_bytes(sizeof(*n));

        if ( !n )
        {
            spin_unlock(&r->lock);
            return -ENOMEM;
        }
        n->s = s;
        n->e = e;
        n->next = x;
        *link = n;
        spin_unlock(&r->lock);
        return 0;
    }

    /* Grow x to cover [s, e], then swallow every later range it reaches. */
    x->s = min(x->s, s);
    x->e = max(x->e, e);
    while ( (next = x->next) && reaches(x->e, next->s) )
    {
        x->e = max(x->e, next->e);
        x->next = next->next;
        xfree(next);
    }
    spin_unlock(&r->lock);
    return 0;
}

int rangeset_remove_range(struct rangeset *r, unsigned long s, unsigned long e)
{
    struct range **link, *x;

    if ( s > e )
        return -EINVAL;

    spin_lock(&r->lock);
    link = first_ending_from(r, s);
    x = *link;

    if ( x && x->s < s && x->e > e )
    {
        /* [s, e] is strictly inside x: split x around it. */
        struct range *n = xzalloc_bytes(sizeof(*n));

        if ( !n )
        {
            spin_unlock(&r->lock);
            return -ENOMEM;
        }
        n->s = e + 1;
        n->e = x->e;
        n->next = x->next;
        x->e = s - 1;
        x->next = n;
        spin_unlock(&r->lock);
        return 0;
    }

    /* Otherwise each range meeting [s, e] loses a head, a tail, or all. */
    while ( (x = *link) && x->s <= e )
    {
        if ( x->s < s )
        {
            x->e = s - 1;
            link = &x->next;
        }
        else if ( x->e > e )
        {
            x->s = e + 1;
            break;
        }
        else
        {
            *link = x->next;
            xfree(x);
        }
    }
    spin_unlock(&r->lock);
    return 0;
}

bool rangeset_contains_range(struct rangeset *r, unsigned long s, unsigned long e)
{
    struct range *x;
    bool found;

    if ( s > e )
        return false;
    spin_lock(&r->lock);
    x = *first_ending_from(r, e);
    found = x && x->s <= s;
    spin_unlock(&r->lock);
    return found;
}

bool rangeset_overlaps_range(struct rangeset *r, unsigned long s, unsigned long e)
{
    struct range *x;
    bool found;

    if ( s > e )
        return false;
    spin_lock(&r->lock);
    x = *first_ending_from(r, s);
    found = x && x->s <= e;
    spin_unlock(&r->lock);
    return found;
}

bool rangeset_is_empty(struct rangeset *r)
{
    bool empty;

    spin_lock(&r->lock);
    empty = !r->head;
    spin_unlock(&r->lock);
    return empty;
}

int rangeset_report_ranges(struct rangeset *r, unsigned long s, unsigned long e,
                           int (*cb)(unsigned long s, unsigned long e, void *ctxt),
                           void *ctxt)
{
    struct range *x;
    int rc = 0;

    if ( s > e )
        return 0;
    spin_lock(&r->lock);
    for ( x = *first_ending_from(r, s); !rc && x && x->s <= e; x = x->next )
        rc = cb(max(x->s, s), min(x->e, e), ctxt);
    spin_unlock(&r->lock);
    return rc;
}

void rangeset_printk(struct rangeset *r)
{
    struct range *x;

    spin_lock(&r->lock);
    printk("%s: {", r->name);
    for ( x = r->head; x; x = x->next )
    {
        printk("%s %lx", x == r->head ? "" : ",", x->s);
        if ( x->e != x->s )
            printk("-%lx", x->e);
    }
    printk(" }");
    spin_unlock(&r->lock);
}
