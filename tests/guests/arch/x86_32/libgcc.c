/*
 * The 64-bit divisions gcc -m32 calls out for, so that the 32-bit test
 * kernel needs no 32-bit libgcc (not installed with Debian's plain gcc).
 * Schoolbook binary long division: the kernel divides only for printing
 * and statistics, never on a measured path.
 */
#include <stdint.h>

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t q = 0, r = 0;
    int i;

    if ( d == 0 )
        __builtin_trap();               /* as the hardware: #UD instead of #DE */
    for ( i = 63; i >= 0; i-- )
    {
        r = (r << 1) | ((n >> i) & 1);
        if ( r >= d )
        {
            r -= d;
            q |= 1ULL << i;
        }
    }
    if ( rem )
        *rem = r;
    return q;
}

uint64_t __udivdi3(uint64_t n, uint64_t d)
{
    return __udivmoddi4(n, d, 0);
}

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
    uint64_t r;

    __udivmoddi4(n, d, &r);
    return r;
}

int64_t __divdi3(int64_t n, int64_t d)
{
    uint64_t q = __udivmoddi4(n < 0 ? -(uint64_t)n : (uint64_t)n,
                              d < 0 ? -(uint64_t)d : (uint64_t)d, 0);

    return (n < 0) != (d < 0) ? -(int64_t)q : (int64_t)q;
}

int64_t __moddi3(int64_t n, int64_t d)
{
    uint64_t r;

    __udivmoddi4(n < 0 ? -(uint64_t)n : (uint64_t)n,
                 d < 0 ? -(uint64_t)d : (uint64_t)d, &r);
    return n < 0 ? -(int64_t)r : (int64_t)r;
}
