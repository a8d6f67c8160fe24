/* SOURCES: common/rangeset.c common/string.c */
/*
 * common/rangeset.c.  Contents are checked through rangeset_printk(),
 * which lists every stored range, so merging and splitting are visible.
 */
#include "harness.h"
#include <xen/errno.h>
#include <xen/rangeset.h>

#define MAX ~0UL

static const char *show(struct rangeset *r)
{
    harness_log_clear();
    rangeset_printk(r);
    return harness_log();
}

static struct rangeset *new_set(void)
{
    struct rangeset *r = rangeset_new("t");

    CHECK(r != NULL);
    if ( !r )
        exit(1);
    return r;
}

TEST(new_and_print)
{
    struct rangeset *r = rangeset_new("a-rather-long-name-for-a-rangeset-yes");

    CHECK_STR(show(r), "a-rather-long-name-for-a-ranges: { }");
    CHECK(rangeset_is_empty(r));
    CHECK_EQ(rangeset_add_range(r, 0x10, 0x1f), 0);
    CHECK_EQ(rangeset_add_singleton(r, 0x30), 0);
    CHECK_STR(show(r), "a-rather-long-name-for-a-ranges: { 10-1f, 30 }");
    CHECK(!rangeset_is_empty(r));
    rangeset_destroy(r);
    CHECK_EQ(harness_live_allocs(), 0);
}

TEST(add_keeps_order)
{
    struct rangeset *r = new_set();

    CHECK_EQ(rangeset_add_range(r, 10, 20), 0);
    CHECK_EQ(rangeset_add_range(r, 30, 40), 0);
    CHECK_EQ(rangeset_add_range(r, 0, 5), 0);
    CHECK_EQ(rangeset_add_range(r, 25, 25), 0);
    CHECK_STR(show(r), "t: { 0-5, a-14, 19, 1e-28 }");
    rangeset_destroy(r);
    CHECK_EQ(harness_live_allocs(), 0);
}

TEST(add_merges_adjacent)
{
    struct rangeset *r = new_set();

    rangeset_add_range(r, 0, 4);
    CHECK_EQ(rangeset_add_range(r, 5, 9), 0);
    CHECK_STR(show(r), "t: { 0-9 }");
    rangeset_add_range(r, 11, 12);
    CHECK_STR(show(r), "t: { 0-9, b-c }");
    CHECK_EQ(rangeset_add_singleton(r, 10), 0);         /* fills the gap */
    CHECK_STR(show(r), "t: { 0-c }");
    CHECK_EQ(harness_live_allocs(), 2);                 /* set + one range */
    rangeset_destroy(r);
}

TEST(add_merges_overlapping)
{
    struct rangeset *r = new_set();

    rangeset_add_range(r, 10, 19);
    rangeset_add_range(r, 30, 39);
    rangeset_add_range(r, 50, 59);
    rangeset_add_range(r, 70, 79);
    CHECK_EQ(rangeset_add_range(r, 15, 55), 0);
    CHECK_STR(show(r), "t: { a-3b, 46-4f }");
    CHECK_EQ(rangeset_add_range(r, 12, 14), 0);         /* already there */
    CHECK_EQ(rangeset_add_range(r, 0, 100), 0);
    CHECK_STR(show(r), "t: { 0-64 }");
    CHECK_EQ(harness_live_allocs(), 2);
    rangeset_destroy(r);
}

/* e + 1 and s - 1 must not wrap at the ends of the number space. */
TEST(add_at_extremes)
{
    struct rangeset *r = new_set();

    CHECK_EQ(rangeset_add_singleton(r, MAX), 0);
    CHECK_EQ(rangeset_add_singleton(r, 0), 0);
    CHECK_STR(show(r), "t: { 0, ffffffffffffffff }");
    CHECK_EQ(rangeset_add_range(r, MAX - 5, MAX - 1), 0);
    CHECK_STR(show(r), "t: { 0, fffffffffffffffa-ffffffffffffffff }");
    CHECK_EQ(rangeset_add_range(r, 1, MAX - 6), 0);
    CHECK_STR(show(r), "t: { 0-ffffffffffffffff }");
    CHECK(rangeset_contains_range(r, 0, MAX));
    rangeset_destroy(r);
}

TEST(bad_ranges)
{
    struct rangeset *r = new_set();

    CHECK_EQ(rangeset_add_range(r, 5, 4), -EINVAL);
    CHECK_EQ(rangeset_remove_range(r, 5, 4), -EINVAL);
    rangeset_add_range(r, 0, 10);
    CHECK(!rangeset_contains_range(r, 5, 4));
    CHECK(!rangeset_overlaps_range(r, 5, 4));
    CHECK_STR(show(r), "t: { 0-a }");
    rangeset_destroy(r);
}

TEST(remove_splits)
{
    struct rangeset *r = new_set();

    rangeset_add_range(r, 0, 99);
    CHECK_EQ(rangeset_remove_range(r, 10, 19), 0);
    CHECK_STR(show(r), "t: { 0-9, 14-63 }");
    CHECK_EQ(rangeset_remove_singleton(r, 50), 0);
    CHECK_STR(show(r), "t: { 0-9, 14-31, 33-63 }");
    rangeset_destroy(r);
    CHECK_EQ(harness_live_allocs(), 0);
}

TEST(remove_edges_and_spans)
{
    struct rangeset *r = new_set();

    rangeset_add_range(r, 10, 19);
    rangeset_add_range(r, 30, 39);
    rangeset_add_range(r, 50, 59);
    rangeset_add_range(r, 70, 79);
    CHECK_EQ(rangeset_remove_range(r, 10, 12), 0);      /* head */
    CHECK_EQ(rangeset_remove_range(r, 77, 79), 0);      /* tail */
    CHECK_STR(show(r), "t: { d-13, 1e-27, 32-3b, 46-4c }");
    CHECK_EQ(rangeset_remove_range(r, 15, 55), 0);      /* across three */
    CHECK_STR(show(r), "t: { d-e, 38-3b, 46-4c }");
    CHECK_EQ(rangeset_remove_range(r, 0, 14), 0);       /* a whole range */
    CHECK_EQ(rangeset_remove_range(r, 20, 29), 0);      /* nothing there */
    CHECK_STR(show(r), "t: { 38-3b, 46-4c }");
    CHECK_EQ(rangeset_remove_range(r, 0, MAX), 0);
    CHECK_STR(show(r), "t: { }");
    CHECK(rangeset_is_empty(r));
    CHECK_EQ(harness_live_allocs(), 1);
    rangeset_destroy(r);
}

TEST(remove_at_extremes)
{
    struct rangeset *r = new_set();

    rangeset_add_range(r, 0, MAX);
    CHECK_EQ(rangeset_remove_singleton(r, MAX), 0);
    CHECK_EQ(rangeset_remove_singleton(r, 0), 0);
    CHECK_STR(show(r), "t: { 1-fffffffffffffffe }");
    CHECK_EQ(rangeset_remove_range(r, 2, MAX - 2), 0);
    CHECK_STR(show(r), "t: { 1, fffffffffffffffe }");
    rangeset_destroy(r);
}

TEST(queries)
{
    struct rangeset *r = new_set();

    rangeset_add_range(r, 10, 19);
    rangeset_add_range(r, 30, 39);
    CHECK(rangeset_contains_range(r, 10, 19));
    CHECK(rangeset_contains_range(r, 12, 15));
    CHECK(rangeset_contains_singleton(r, 39));
    CHECK(!rangeset_contains_range(r, 10, 20));
    CHECK(!rangeset_contains_range(r, 15, 35));         /* spans the gap */
    CHECK(!rangeset_contains_singleton(r, 25));
    CHECK(!rangeset_contains_singleton(r, 0));
    CHECK(!rangeset_contains_singleton(r, 40));
    CHECK(rangeset_overlaps_range(r, 0, 10));
    CHECK(rangeset_overlaps_range(r, 19, 29));
    CHECK(rangeset_overlaps_range(r, 0, MAX));
    CHECK(!rangeset_overlaps_range(r, 20, 29));
    CHECK(!rangeset_overlaps_range(r, 40, MAX));
    CHECK(!rangeset_overlaps_range(r, 0, 9));
    rangeset_destroy(r);
}

struct report {
    char text[128];
    int calls, stop_after;
};

static int record(unsigned long s, unsigned long e, void *ctxt)
{
    struct report *rep = ctxt;
    size_t n = strlen(rep->text);

    snprintf(rep->text + n, sizeof(rep->text) - n, "[%lu,%lu]", s, e);
    return ++rep->calls == rep->stop_after ? 42 : 0;
}

TEST(report_ranges)
{
    struct rangeset *r = new_set();
    struct report rep = { "", 0, 0 };

    rangeset_add_range(r, 10, 19);
    rangeset_add_range(r, 30, 39);
    rangeset_add_range(r, 50, 59);
    CHECK_EQ(rangeset_report_ranges(r, 15, 55, record, &rep), 0);
    CHECK_STR(rep.text, "[15,19][30,39][50,55]");           /* clipped */

    rep = (struct report){ "", 0, 2 };
    CHECK_EQ(rangeset_report_ranges(r, 0, MAX, record, &rep), 42);
    CHECK_STR(rep.text, "[10,19][30,39]");                  /* stopped */

    rep = (struct report){ "", 0, 0 };
    CHECK_EQ(rangeset_report_ranges(r, 20, 29, record, &rep), 0);
    CHECK_EQ(rep.calls, 0);
    rangeset_destroy(r);
}

/* Out of memory: the call fails and the set is as before. */
TEST(out_of_memory)
{
    struct rangeset *r;

    harness_fail_alloc_after(0);
    CHECK(rangeset_new("x") == NULL);

    r = new_set();
    rangeset_add_range(r, 10, 19);
    harness_fail_alloc_after(0);
    CHECK_EQ(rangeset_add_range(r, 15, 25), 0);         /* merging needs none */
    CHECK_EQ(rangeset_add_range(r, 40, 49), -ENOMEM);
    CHECK_STR(show(r), "t: { a-19 }");

    harness_fail_alloc_after(0);
    CHECK_EQ(rangeset_remove_range(r, 12, 13), -ENOMEM); /* a split needs one */
    CHECK_STR(show(r), "t: { a-19 }");
    CHECK_EQ(rangeset_remove_range(r, 10, 11), 0);
    CHECK_STR(show(r), "t: { c-19 }");
    rangeset_destroy(r);
    CHECK_EQ(harness_live_allocs(), 0);
}

/* xorshift: a fixed sequence, so failures reproduce. */
static unsigned long rnd(void)
{
    static unsigned long x = 0x2545f4914f6cdd1dUL;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
}

#define UNIVERSE 256

struct walk {
    const bool *model;
    unsigned long next;                 /* lowest value not yet covered */
    bool ok;
};

/* Each reported range must be a maximal run of the model, in order. */
static int check_run(unsigned long s, unsigned long e, void *ctxt)
{
    struct walk *w = ctxt;
    unsigned long i;

    if ( s < w->next || e >= UNIVERSE || (s > 0 && w->model[s - 1]) ||
         (e + 1 < UNIVERSE && w->model[e + 1]) )
        w->ok = false;
    for ( i = w->next; i < UNIVERSE && i < s; i++ )
        if ( w->model[i] )
            w->ok = false;
    for ( i = s; i <= e && i < UNIVERSE; i++ )
        if ( !w->model[i] )
            w->ok = false;
    w->next = e + 1;
    return 0;
}

TEST(random_against_model)
{
    struct rangeset *r = new_set();
    bool model[UNIVERSE] = { false };
    unsigned int round, i;

    for ( round = 0; round < 3000; round++ )
    {
        unsigned long s = rnd() % UNIVERSE, e = s + rnd() % 24;
        bool add = rnd() % 2;
        struct walk w = { model, 0, true };

        if ( e >= UNIVERSE )
            e = UNIVERSE - 1;
        CHECK_EQ(add ? rangeset_add_range(r, s, e) : rangeset_remove_range(r, s, e), 0);
        for ( i = s; i <= e; i++ )
            model[i] = add;

        rangeset_report_ranges(r, 0, MAX, check_run, &w);
        for ( i = w.next; i < UNIVERSE; i++ )
            if ( model[i] )
                w.ok = false;
        if ( !w.ok )
        {
            harness_fail(__FILE__, __LINE__, "round %u: %s [%lu, %lu] gives %s",
                         round, add ? "add" : "remove", s, e, show(r));
            break;
        }

        /* A random query, answered by the model. */
        s = rnd() % UNIVERSE;
        e = min(s + rnd() % 8, UNIVERSE - 1UL);
        for ( i = s; i <= e && model[i]; i++ )
            ;
        if ( rangeset_contains_range(r, s, e) != (i > e) )
        {
            harness_fail(__FILE__, __LINE__, "round %u: contains [%lu, %lu] wrong in %s",
                         round, s, e, show(r));
            break;
        }
    }
    rangeset_destroy(r);
    CHECK_EQ(harness_live_allocs(), 0);
}
