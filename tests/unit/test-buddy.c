/* SOURCES: common/buddy.c */
/*
 * common/buddy.c over a frame table in host memory.  check_heap() walks
 * the free lists and checks every invariant listed in xen/heap.h.
 */
#include "harness.h"
#include <sys/mman.h>
#include <unistd.h>
#include <xen/heap.h>

static struct heap h;

static struct page_info *new_frames(unsigned long nr)
{
    struct page_info *f = calloc(nr, sizeof(*f));

    CHECK(f != NULL);
    if ( !f )
        exit(1);
    return f;
}

static void check_heap(void)
{
    unsigned long total = 0, steps = 0;
    unsigned int k;

    for ( k = 0; k <= MAX_ORDER; k++ )
    {
        uint32_t m, prev = PAGE_LIST_NULL;

        for ( m = h.free[k].head; m != PAGE_LIST_NULL; m = h.frames[m].list_next )
        {
            unsigned long i, buddy = m ^ (1UL << k);

            if ( ++steps > h.nr_frames )
            {
                harness_fail(__FILE__, __LINE__, "free list %u loops", k);
                return;
            }
            CHECK(heap_frame_valid(&h, m));
            CHECK_EQ(m & ((1UL << k) - 1), 0);
            CHECK_EQ(h.frames[m].list_prev, prev);
            CHECK_EQ(h.frames[m].u.free.order, k);
            for ( i = 0; i < (1UL << k); i++ )
            {
                CHECK_EQ(page_state(&h.frames[m + i]), PGC_state_free);
                if ( i )
                    CHECK_EQ(h.frames[m + i].u.free.order, PAGE_ORDER_INVALID);
            }
            if ( k < MAX_ORDER && heap_frame_valid(&h, buddy) )
                CHECK(!(page_state(&h.frames[buddy]) == PGC_state_free &&
                        h.frames[buddy].u.free.order == k));
            total += 1UL << k;
            prev = m;
        }
    }
    CHECK_EQ(total, h.nr_free);
}

/* "order:first-frame ..." of every free chunk, by order then list order. */
static const char *free_chunks(void)
{
    static char buf[4096];
    size_t len = 0;
    unsigned int k;

    buf[0] = '\0';
    for ( k = 0; k <= MAX_ORDER; k++ )
    {
        uint32_t m;

        for ( m = h.free[k].head; m != PAGE_LIST_NULL && len < sizeof(buf) - 32;
              m = h.frames[m].list_next )
            len += snprintf(buf + len, sizeof(buf) - len, "%s%u:%u",
                            len ? " " : "", k, m);
    }
    return buf;
}

TEST(add_aligned_range_is_one_chunk)
{
    heap_init(&h, new_frames(16), 16, NULL);
    CHECK_STR(free_chunks(), "");
    heap_add_range(&h, 0, 16);
    CHECK_STR(free_chunks(), "4:0");
    CHECK_EQ(h.nr_free, 16);
    check_heap();
}

TEST(add_unaligned_range_splits_on_alignment)
{
    heap_init(&h, new_frames(128), 128, NULL);
    heap_add_range(&h, 3, 100);
    /* Each list is last-in first-out. */
    CHECK_STR(free_chunks(), "0:3 2:96 2:4 3:8 4:16 5:64 5:32");
    CHECK_EQ(h.nr_free, 97);
    check_heap();
}

TEST(alloc_splits_and_free_coalesces)
{
    unsigned long got[16], m;
    unsigned int i;

    heap_init(&h, new_frames(16), 16, NULL);
    heap_add_range(&h, 0, 16);
    for ( i = 0; i < 16; i++ )
    {
        got[i] = heap_alloc(&h, 0);
        CHECK(got[i] < 16);
        CHECK_EQ(page_state(&h.frames[got[i]]), PGC_state_inuse);
        CHECK_EQ(h.frames[got[i]].count_info, 0);
        check_heap();
    }
    CHECK_EQ(heap_alloc(&h, 0), INVALID_MFN);
    CHECK_EQ(h.nr_free, 0);
    /* Every frame exactly once. */
    for ( m = 0; m < 16; m++ )
    {
        unsigned int seen = 0;

        for ( i = 0; i < 16; i++ )
            seen += got[i] == m;
        CHECK_EQ(seen, 1);
    }
    /* Free in a scrambled order; it all comes back as one chunk. */
    for ( i = 0; i < 16; i++ )
    {
        heap_free(&h, got[(i * 7) % 16], 0);
        check_heap();
    }
    CHECK_STR(free_chunks(), "4:0");
}

TEST(buddies_merge_only_when_both_free)
{
    unsigned long a, b;

    heap_init(&h, new_frames(8), 8, NULL);
    heap_add_range(&h, 0, 8);
    a = heap_alloc(&h, 1);
    b = heap_alloc(&h, 1);
    CHECK_EQ(a, 0);
    CHECK_EQ(b, 2);
    CHECK_STR(free_chunks(), "2:4");
    heap_free(&h, a, 1);
    CHECK_STR(free_chunks(), "1:0 2:4");
    heap_free(&h, b + 1, 0);           /* half of b */
    CHECK_STR(free_chunks(), "0:3 1:0 2:4");
    heap_free(&h, b, 0);
    CHECK_STR(free_chunks(), "3:0");
    check_heap();
}

TEST(alignment_and_exhaustion)
{
    enum { N = 4096 };
    static unsigned char owner[N];
    unsigned long mfn[N], i, j, n = 0, used = 0;
    unsigned int order[N];

    heap_init(&h, new_frames(N), N, NULL);
    heap_add_range(&h, 0, N);
    for ( i = 0; i < N; i++ )
    {
        unsigned int o = (i * 5) % 7;
        unsigned long m = heap_alloc(&h, o);

        if ( m == INVALID_MFN )
        {
            /* Only when no chunk of that order is left. */
            for ( j = o; j <= MAX_ORDER; j++ )
                CHECK_EQ(h.free[j].head, PAGE_LIST_NULL);
            continue;
        }
        CHECK_EQ(m & ((1UL << o) - 1), 0);
        for ( j = 0; j < (1UL << o); j++ )
        {
            CHECK(!owner[m + j]);
            owner[m + j] = 1;
        }
        mfn[n] = m;
        order[n++] = o;
        used += 1UL << o;
    }
    CHECK_EQ(used + h.nr_free, N);
    while ( heap_alloc(&h, 0) != INVALID_MFN )
        ;
    CHECK_EQ(h.nr_free, 0);
    check_heap();

    /* Give back what the loop took, every other one first. */
    for ( i = 0; i < n; i += 2 )
        heap_free(&h, mfn[i], order[i]);
    check_heap();
    for ( i = 1; i < n; i += 2 )
        heap_free(&h, mfn[i], order[i]);
    check_heap();
    CHECK_EQ(h.nr_free, used);
}

TEST(order_limit)
{
    unsigned long n = 2UL << MAX_ORDER;

    heap_init(&h, new_frames(n), n, NULL);
    heap_add_range(&h, 0, n);
    /* Two MAX_ORDER buddies never merge into a larger chunk. */
    CHECK_EQ(h.free[MAX_ORDER].head != PAGE_LIST_NULL, 1);
    CHECK_EQ(h.frames[h.free[MAX_ORDER].head].list_next != PAGE_LIST_NULL, 1);
    CHECK_EQ(heap_alloc(&h, MAX_ORDER + 1), INVALID_MFN);
    CHECK(heap_alloc(&h, MAX_ORDER) != INVALID_MFN);
    CHECK(heap_alloc(&h, MAX_ORDER) != INVALID_MFN);
    CHECK_EQ(heap_alloc(&h, MAX_ORDER), INVALID_MFN);
    CHECK_EQ(h.nr_free, 0);
}

/*
 * Descriptors of frames 128..255 sit on an inaccessible host page and are
 * not backed: the heap must never read them, even when their frames are
 * the buddies of free chunks.
 */
TEST(holes_in_frame_table_are_never_read)
{
    static unsigned long backed[1] = { 0xd };   /* pages 0, 2, 3 */
    size_t sz = 4 * PAGE_INFO_PER_PAGE * sizeof(struct page_info);
    struct page_info *f;
    unsigned long a;

    CHECK_EQ(sysconf(_SC_PAGESIZE), 4096);
    f = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(f != MAP_FAILED);
    CHECK_EQ(mprotect(f + PAGE_INFO_PER_PAGE, 4096, PROT_NONE), 0);

    heap_init(&h, f, 4 * PAGE_INFO_PER_PAGE, backed);
    CHECK(heap_frame_valid(&h, 127));
    CHECK(!heap_frame_valid(&h, 128));
    CHECK(!heap_frame_valid(&h, 255));
    CHECK(heap_frame_valid(&h, 256));
    CHECK(!heap_frame_valid(&h, 512));

    heap_add_range(&h, 0, 128);
    heap_add_range(&h, 256, 512);
    CHECK_STR(free_chunks(), "7:0 8:256");
    a = heap_alloc(&h, 7);
    CHECK_EQ(a, 0);
    heap_free(&h, a, 7);
    CHECK_STR(free_chunks(), "7:0 8:256");
    check_heap();
}

static void free_twice(void)
{
    heap_init(&h, new_frames(16), 16, NULL);
    heap_add_range(&h, 0, 16);
    heap_free(&h, heap_alloc(&h, 2), 2);
    heap_free(&h, 0, 2);
}

static void free_part_of_free_chunk(void)
{
    heap_init(&h, new_frames(16), 16, NULL);
    heap_add_range(&h, 0, 16);
    heap_alloc(&h, 0);
    heap_free(&h, 8, 0);
}

static void free_misaligned(void)
{
    heap_init(&h, new_frames(16), 16, NULL);
    heap_free(&h, 2, 2);
}

static void free_beyond_end(void)
{
    heap_init(&h, new_frames(24), 24, NULL);
    heap_free(&h, 16, 4);
}

static void add_twice(void)
{
    heap_init(&h, new_frames(16), 16, NULL);
    heap_add_range(&h, 0, 8);
    heap_add_range(&h, 4, 12);
}

static void add_unbacked(void)
{
    static unsigned long backed[1] = { 1 };

    heap_init(&h, new_frames(256), 256, backed);
    heap_add_range(&h, 0, 129);
}

TEST(misuse_panics)
{
    CHECK(harness_panics(free_twice));
    CHECK(harness_panics(free_part_of_free_chunk));
    CHECK(harness_panics(free_misaligned));
    CHECK(harness_panics(free_beyond_end));
    CHECK(harness_panics(add_twice));
    CHECK(harness_panics(add_unbacked));
}
