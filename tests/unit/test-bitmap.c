/* SOURCES: common/bitmap.c */
/*
 * common/bitmap.c, against a bit-at-a-time model (test_bit/__set_bit from
 * xen/bitmap.h) on fixed edge cases and pseudo-random maps.
 */
#include "harness.h"
#include <xen/bitmap.h>

#define NBITS 200                       /* four words, the last partial */

static unsigned int model_next(const unsigned long *map, unsigned int size,
                               unsigned int start, bool want)
{
    for ( ; start < size; start++ )
        if ( test_bit(start, map) == want )
            return start;
    return size;
}

static unsigned int model_weight(const unsigned long *map, unsigned int size)
{
    unsigned int i, w = 0;

    for ( i = 0; i < size; i++ )
        w += test_bit(i, map);
    return w;
}

/* xorshift: a fixed sequence, so failures reproduce. */
static unsigned long rnd(void)
{
    static unsigned long x = 0x9e3779b97f4a7c15UL;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
}

TEST(find_basic)
{
    unsigned long map[BITS_TO_LONGS(NBITS)] = { 0 };

    CHECK_EQ(find_first_bit(map, NBITS), NBITS);
    CHECK_EQ(find_first_zero_bit(map, NBITS), 0);
    __set_bit(0, map);
    __set_bit(63, map);
    __set_bit(64, map);
    __set_bit(199, map);
    CHECK_EQ(find_first_bit(map, NBITS), 0);
    CHECK_EQ(find_next_bit(map, NBITS, 1), 63);
    CHECK_EQ(find_next_bit(map, NBITS, 64), 64);
    CHECK_EQ(find_next_bit(map, NBITS, 65), 199);
    CHECK_EQ(find_next_bit(map, NBITS, 199), 199);
    CHECK_EQ(find_next_bit(map, NBITS, 200), NBITS);
    CHECK_EQ(find_next_bit(map, NBITS, 5000), NBITS);
    CHECK_EQ(find_first_zero_bit(map, NBITS), 1);
    CHECK_EQ(find_next_zero_bit(map, NBITS, 63), 65);
}

/* Bits of the last word beyond size are not part of the map. */
TEST(ignores_bits_past_size)
{
    unsigned long map[2] = { 0, ~0UL << 8 };    /* bits 72.. set */

    CHECK_EQ(find_first_bit(map, 72), 72);
    CHECK_EQ(find_next_bit(map, 70, 0), 70);
    CHECK_EQ(bitmap_weight(map, 72), 0);
    CHECK_EQ(bitmap_weight(map, 80), 8);
    map[0] = ~0UL;
    map[1] = ~0UL;
    CHECK_EQ(find_first_zero_bit(map, 100), 100);
    CHECK_EQ(find_next_zero_bit(map, 64, 10), 64);
}

TEST(zero_size)
{
    unsigned long map[1] = { ~0UL };

    CHECK_EQ(find_first_bit(map, 0), 0);
    CHECK_EQ(find_first_zero_bit(map, 0), 0);
    CHECK_EQ(bitmap_weight(map, 0), 0);
}

TEST(weight)
{
    unsigned long map[BITS_TO_LONGS(NBITS)] = { ~0UL, 0, 0x8000000000000001UL, ~0UL };

    CHECK_EQ(bitmap_weight(map, 64), 64);
    CHECK_EQ(bitmap_weight(map, 129), 65);
    CHECK_EQ(bitmap_weight(map, 192), 66);
    CHECK_EQ(bitmap_weight(map, NBITS), 74);
}

TEST(set_clear)
{
    unsigned long map[BITS_TO_LONGS(NBITS)] = { 0 };

    bitmap_set(map, 60, 10);            /* crosses a word boundary */
    CHECK_EQ(map[0], 0xfUL << 60);
    CHECK_EQ(map[1], 0x3f);
    bitmap_set(map, 64, 128);           /* two whole words */
    CHECK_EQ(map[1], ~0UL);
    CHECK_EQ(map[2], ~0UL);
    CHECK_EQ(map[3], 0);
    bitmap_clear(map, 61, 70);
    CHECK_EQ(map[0], 1UL << 60);
    CHECK_EQ(map[1], 0);
    CHECK_EQ(map[2], ~0UL << 3);
    bitmap_set(map, 5, 0);
    bitmap_clear(map, 130, 0);
    CHECK_EQ(map[0], 1UL << 60);
    CHECK_EQ(map[2], ~0UL << 3);
    bitmap_set(map, 199, 1);
    CHECK_EQ(map[3], 1UL << 7);
}

TEST(random_against_model)
{
    unsigned long map[BITS_TO_LONGS(NBITS)], copy[BITS_TO_LONGS(NBITS)];
    unsigned int round, i, bad = 0;

    for ( round = 0; round < 2000 && bad < 10; round++ )
    {
        unsigned int size = rnd() % (NBITS + 1), start = rnd() % (NBITS + 2);
        unsigned int len = start < NBITS ? rnd() % (NBITS - start + 1) : 0;

        /* Sparse, dense and mixed maps. */
        for ( i = 0; i < ARRAY_SIZE(map); i++ )
            map[i] = round % 3 == 0 ? rnd() & rnd() & rnd() :
                     round % 3 == 1 ? rnd() | rnd() | rnd() : rnd();

        if ( find_next_bit(map, size, start) != model_next(map, size, start, true) ||
             find_next_zero_bit(map, size, start) != model_next(map, size, start, false) ||
             bitmap_weight(map, size) != model_weight(map, size) )
        {
            harness_fail(__FILE__, __LINE__, "search: size %u start %u map %lx %lx %lx %lx",
                         size, start, map[0], map[1], map[2], map[3]);
            bad++;
        }

        memcpy(copy, map, sizeof(map));
        if ( round & 1 )
            bitmap_set(map, start, len);
        else
            bitmap_clear(map, start, len);
        for ( i = 0; i < NBITS; i++ )
        {
            bool inside = i >= start && i < start + len;
            bool want = inside ? round & 1 : test_bit(i, copy);

            if ( test_bit(i, map) != want )
            {
                harness_fail(__FILE__, __LINE__, "%s(%u, %u): bit %u wrong",
                             round & 1 ? "set" : "clear", start, len, i);
                bad++;
                break;
            }
        }
    }
}
