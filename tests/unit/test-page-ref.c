/* SOURCES: arch/x86/mm/page_ref.c */
/*
 * The reference/type state machine of arch/x86/mm/page_ref.c over a fake
 * frame table: tables are modelled as lists of child frames, validated
 * by a fake alloc_page_type() that takes the next level's type on each
 * child (as pv/pt_validate.c does), so the invariants of asm/mm.h can be
 * checked after every step.
 */
#include "harness.h"
#include <xen/errno.h>
#include <xen/mm.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>

#define NR 16
#define MAX_CHILDREN 4

static struct page_info frames[NR];
static struct domain *dom = (struct domain *)0x1000, *other = (struct domain *)0x2000;
static int children[NR][MAX_CHILDREN];      /* frame index + 1, 0 = none */
static bool child_rw[NR][MAX_CHILDREN];     /* an L1's writable mapping */
static unsigned int nr_freed, nr_flushes, nr_validations;
/* Preemptible validations stop when this many entries were checked; -1: never. */
static int preempt_budget = -1;

bool mfn_valid(unsigned long mfn)
{
    return mfn < NR;
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
    CHECK_EQ(pg->count_info & PGC_count_mask, 0);
    CHECK_EQ(pg->u.type_info & PGT_count_mask, 0);
    nr_freed++;
}

void flush_tlb_guests(void)
{
    nr_flushes++;
}

static unsigned long level_type(unsigned int level)
{
    return PGT_l1_page_table + (level - 1) * (PGT_l2_page_table - PGT_l1_page_table);
}

static unsigned int type_level(unsigned long type)
{
    return (type - PGT_l1_page_table) / (PGT_l2_page_table - PGT_l1_page_table) + 1;
}

static unsigned int idx(const struct page_info *pg)
{
    return pg - frames;
}

static int get_child(unsigned int parent, unsigned int i, unsigned int level,
                     bool preemptible)
{
    struct page_info *c = &frames[children[parent][i] - 1];

    if ( level > 1 && preemptible )
        return get_page_and_type_preemptible(c, dom, level_type(level - 1));
    if ( level > 1 )
        return get_page_and_type(c, dom, level_type(level - 1));
    if ( child_rw[parent][i] )
        return get_page_and_type(c, dom, PGT_writable_page) ? -EBUSY : 0;
    return get_page(c, dom) ? 0 : -EINVAL;
}

static void put_child(unsigned int parent, unsigned int i, unsigned int level)
{
    struct page_info *c = &frames[children[parent][i] - 1];

    if ( level > 1 || child_rw[parent][i] )
        put_page_and_type(c);
    else
        put_page(c);
}

int alloc_page_type(struct page_info *pg, unsigned long type,
                    unsigned int *first, bool preemptible)
{
    unsigned int p = idx(pg), level = type_level(type), i;
    int rc = 0;

    nr_validations++;
    for ( i = *first; i < MAX_CHILDREN && children[p][i]; i++ )
    {
        /* As pv/pt_validate.c: at least one entry per run, not in L1s. */
        if ( preemptible && level > 1 && i > *first && preempt_budget == 0 )
            rc = -ERESTART;
        else
        {
            if ( preempt_budget > 0 )
                preempt_budget--;
            rc = get_child(p, i, level, preemptible);
        }
        if ( rc )
            break;
    }
    if ( rc == -ERESTART )
        *first = i;
    else if ( rc )
        while ( i-- > 0 )
            put_child(p, i, level);
    return rc;
}

void free_page_type(struct page_info *pg, unsigned long type)
{
    unsigned int p = idx(pg), level = type_level(type), i;

    for ( i = 0; i < MAX_CHILDREN && children[p][i]; i++ )
        put_child(p, i, level);
}

/* Frames 0..NR-1: in use, owned by dom, with the allocation reference. */
static void setup(void)
{
    unsigned int i;

    memset(frames, 0, sizeof(frames));
    memset(children, 0, sizeof(children));
    memset(child_rw, 0, sizeof(child_rw));
    nr_freed = nr_flushes = nr_validations = 0;
    preempt_budget = -1;
    for ( i = 0; i < NR; i++ )
    {
        frames[i].count_info = PGC_state_inuse | PGC_allocated | 1;
        frames[i].v.owner = dom;
    }
}

static unsigned long count(unsigned int i)
{
    return frames[i].count_info & PGC_count_mask;
}

static unsigned long tcount(unsigned int i)
{
    return frames[i].u.type_info & PGT_count_mask;
}

static unsigned long type(unsigned int i)
{
    return frames[i].u.type_info & PGT_type_mask;
}

/*
 * asm/mm.h invariants 1-2 on every frame; a partial frame has type count 1
 * and a general reference of its own.
 */
static void check_invariants(void)
{
    unsigned int i;

    for ( i = 0; i < NR; i++ )
    {
        if ( tcount(i) )
            CHECK(count(i) >= tcount(i));
        else
            CHECK_EQ(type(i), PGT_none);
        if ( frames[i].u.type_info & PGT_partial )
        {
            CHECK_EQ(tcount(i), 1);
            CHECK(count(i) >= 2);
            CHECK(!(frames[i].u.type_info & PGT_validated));
        }
        else if ( tcount(i) && type(i) != PGT_none )
            CHECK(frames[i].u.type_info & PGT_validated);
    }
}

TEST(get_page_checks_owner_and_state)
{
    setup();
    CHECK(get_page(&frames[0], dom));
    CHECK_EQ(count(0), 2);
    CHECK(!get_page(&frames[0], other));
    CHECK_EQ(count(0), 2);              /* the failed attempt left nothing */
    frames[1].count_info = PGC_state_free;
    CHECK(!get_page(&frames[1], dom));
    frames[2].count_info = PGC_state_inuse;     /* no references: not owned */
    CHECK(!get_page(&frames[2], dom));
    put_page(&frames[0]);
    CHECK_EQ(count(0), 1);
    CHECK_EQ(nr_freed, 0);
}

TEST(last_reference_frees_and_flushes)
{
    setup();
    frames[3].count_info &= ~PGC_allocated;
    put_page(&frames[3]);
    CHECK_EQ(nr_freed, 1);
    CHECK(nr_flushes >= 1);
}

TEST(one_type_at_a_time)
{
    setup();
    CHECK_EQ(get_page_and_type(&frames[0], dom, PGT_writable_page), 0);
    /* Mapped writable: cannot become a table. */
    CHECK_EQ(get_page_and_type(&frames[0], dom, PGT_l1_page_table), -EINVAL);
    CHECK_EQ(count(0), 2);
    put_page_and_type(&frames[0]);
    CHECK_EQ(type(0), PGT_none);
    /* Now it can; the new type flushed stale writable entries first. */
    nr_flushes = 0;
    CHECK_EQ(get_page_and_type(&frames[0], dom, PGT_l1_page_table), 0);
    CHECK_EQ(nr_flushes, 1);
    CHECK_EQ(get_page_and_type(&frames[0], dom, PGT_writable_page), -EINVAL);
    CHECK_EQ(get_page_and_type(&frames[0], dom, PGT_l2_page_table), -EINVAL);
    check_invariants();
    put_page_and_type(&frames[0]);
    CHECK_EQ(type(0), PGT_none);
    check_invariants();
}

TEST(validation_takes_and_drops_child_types)
{
    setup();
    /* L2 frame 1 -> L1 frames 2 and 3; L1 2 maps 4 writable, 5 read-only. */
    children[1][0] = 3;
    children[1][1] = 4;
    children[2][0] = 5;
    child_rw[2][0] = true;
    children[2][1] = 6;
    CHECK_EQ(get_page_and_type(&frames[1], dom, PGT_l2_page_table), 0);
    CHECK_EQ(type(2), PGT_l1_page_table);
    CHECK_EQ(type(3), PGT_l1_page_table);
    CHECK_EQ(type(4), PGT_writable_page);
    CHECK_EQ(count(5), 2);
    CHECK_EQ(nr_validations, 3);
    check_invariants();
    /* A second reference validates nothing. */
    CHECK_EQ(get_page_type(&frames[1], PGT_l2_page_table), 0);
    CHECK_EQ(nr_validations, 3);
    put_page_type(&frames[1]);
    /* The last one drops every child's references, and flushes. */
    nr_flushes = 0;
    put_page_and_type(&frames[1]);
    CHECK_EQ(type(1), PGT_none);
    CHECK_EQ(type(2), PGT_none);
    CHECK_EQ(type(4), PGT_none);
    CHECK_EQ(count(4), 1);
    CHECK_EQ(count(5), 1);
    CHECK(nr_flushes >= 3);             /* three page-table types went away */
    check_invariants();
}

TEST(failed_validation_leaves_nothing)
{
    setup();
    /* L2 frame 1 -> L1 2 (fine), L1 3 which maps table 2 writable. */
    children[1][0] = 3;
    children[1][1] = 4;
    children[3][0] = 3;
    child_rw[3][0] = true;
    CHECK_EQ(get_page_and_type(&frames[1], dom, PGT_l2_page_table), -EBUSY);
    CHECK_EQ(type(1), PGT_none);
    CHECK_EQ(type(2), PGT_none);
    CHECK_EQ(type(3), PGT_none);
    CHECK_EQ(count(1), 1);
    CHECK_EQ(count(2), 1);
    CHECK_EQ(count(3), 1);
    check_invariants();
}

/*
 * L3 frame 0 -> L2 frames 1, 2; each L2 -> two L1s (3, 4 and 5, 6); each
 * L1 maps data frames 7 and 8 read-only.
 */
static void tree(void)
{
    unsigned int l1;

    children[0][0] = 2;
    children[0][1] = 3;
    children[1][0] = 4;
    children[1][1] = 5;
    children[2][0] = 6;
    children[2][1] = 7;
    for ( l1 = 3; l1 <= 6; l1++ )
    {
        children[l1][0] = 8;
        children[l1][1] = 9;
    }
}

/* Validate frame 0 as an L3, 3 entries per run: the number of runs. */
static unsigned int validate_in_steps(int *rc)
{
    unsigned int runs = 0;

    do {
        preempt_budget = 3;
        *rc = get_page_and_type_preemptible(&frames[0], dom, PGT_l3_page_table);
        runs++;
        check_invariants();
        if ( *rc == -ERESTART )
        {
            /* Nothing holds the partial frame but its own general reference. */
            CHECK(frames[0].u.type_info & PGT_partial);
            CHECK_EQ(count(0), 2);
            /* Nobody may take another type meanwhile. */
            CHECK_EQ(get_page_and_type(&frames[0], dom, PGT_writable_page), -EINVAL);
        }
    } while ( *rc == -ERESTART && runs < 20 );
    return runs;
}

TEST(preempted_validation_goes_on_where_it_stopped)
{
    int rc;

    setup();
    tree();
    CHECK(validate_in_steps(&rc) > 2);
    CHECK_EQ(rc, 0);
    /* Every table started once, some resumed. */
    CHECK(nr_validations > 7);
    CHECK_EQ(tcount(0), 1);
    CHECK_EQ(count(0), 2);              /* allocation + ours: the partial one went */
    CHECK_EQ(count(8), 1 + 4);
    CHECK_EQ(type(6), PGT_l1_page_table);
    put_page_and_type(&frames[0]);
    for ( rc = 0; rc < NR; rc++ )
    {
        CHECK_EQ(type(rc), PGT_none);
        CHECK_EQ(count(rc), 1);
    }
}

TEST(failure_after_preemption_unwinds_the_partial_tree)
{
    unsigned int i;
    int rc;

    setup();
    tree();
    /* The last L1 maps the first L2 writable: found last. */
    children[6][1] = 2;
    child_rw[6][1] = true;
    CHECK(validate_in_steps(&rc) > 2);
    CHECK_EQ(rc, -EBUSY);
    for ( i = 0; i < NR; i++ )
    {
        CHECK_EQ(type(i), PGT_none);
        CHECK_EQ(count(i), 1);
    }
    /* Fixed, it validates. */
    child_rw[6][1] = false;
    CHECK_EQ(get_page_and_type(&frames[0], dom, PGT_l3_page_table), 0);
    put_page_and_type(&frames[0]);
    check_invariants();
}

TEST(self_map_writable_refused)
{
    setup();
    children[7][0] = 8;                 /* L1 7 maps itself writable */
    child_rw[7][0] = true;
    CHECK_EQ(get_page_and_type(&frames[7], dom, PGT_l1_page_table), -EBUSY);
    CHECK_EQ(type(7), PGT_none);
    CHECK_EQ(count(7), 1);
    child_rw[7][0] = false;             /* read-only: fine */
    CHECK_EQ(get_page_and_type(&frames[7], dom, PGT_l1_page_table), 0);
    CHECK_EQ(count(7), 3);
    put_page_and_type(&frames[7]);
    CHECK_EQ(count(7), 1);
    check_invariants();
}

TEST(other_domains_frames_refused)
{
    setup();
    frames[9].v.owner = other;
    children[8][0] = 10;
    CHECK_EQ(get_page_and_type(&frames[8], dom, PGT_l1_page_table), -EINVAL);
    CHECK_EQ(count(9), 1);
    CHECK_EQ(get_page_and_type(&frames[9], dom, PGT_writable_page), -EINVAL);
    check_invariants();
}
