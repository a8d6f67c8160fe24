#ifndef XEN_BITMAP_H
#define XEN_BITMAP_H

#include <xen/types.h>

#define BITS_PER_LONG       64
#define BITS_TO_LONGS(n)    (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

/* Index of the first set bit at or after start, or size if none. */
unsigned int find_next_bit(const unsigned long *map, unsigned int size,
                           unsigned int start);
unsigned int find_next_zero_bit(const unsigned long *map, unsigned int size,
                                unsigned int start);
#define find_first_bit(m, s)      find_next_bit(m, s, 0)
#define find_first_zero_bit(m, s) find_next_zero_bit(m, s, 0)
unsigned int bitmap_weight(const unsigned long *map, unsigned int size);
/* Set/clear bits [start, start + len). */
void bitmap_set(unsigned long *map, unsigned int start, unsigned int len);
void bitmap_clear(unsigned long *map, unsigned int start, unsigned int len);

static inline void __set_bit(unsigned int nr, unsigned long *map)
{
    map[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline void __clear_bit(unsigned int nr, unsigned long *map)
{
    map[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

static inline bool test_bit(unsigned int nr, const unsigned long *map)
{
    return (map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

#endif
