#ifndef XEN_LE_LOAD_H
#define XEN_LE_LOAD_H

#include <xen/types.h>

/* Little-endian field loads from byte streams (no alignment needed). */
static inline uint16_t get_le16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static inline uint32_t get_le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t get_le64(const uint8_t *p)
{
    return get_le32(p) | ((uint64_t)get_le32(p + 4) << 32);
}

#endif
