#ifndef COMMON_DECOMPRESS_PRIVATE_H
#define COMMON_DECOMPRESS_PRIVATE_H

/* Helpers shared by the decoders in common/decompress/; not an interface. */

#include <xen/types.h>
#include <xen/le_load.h>

/*
 * CRC-32 of IEEE 802.3 as gzip, xz and PNG use it: the reflected form of
 * polynomial 0x04C11DB7, i.e. 0xEDB88320 with the lowest bit first.
 * crc32_update() does no pre- or post-inversion, so that a checksum can be
 * built over several calls:
 *
 *     crc = crc32_update(0xffffffff, a, a_len);
 *     crc = crc32_update(crc, b, b_len);
 *     crc ^= 0xffffffff;        (the standard CRC-32 of a then b)
 *
 * crc32_be_update() is the same polynomial unreflected (0x04C11DB7, highest
 * bit first), as bzip2 uses it, with the same convention for inversion.
 *
 * Both may be called from several CPUs at once.
 */
uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n);
uint32_t crc32_be_update(uint32_t crc, const uint8_t *p, size_t n);

/*
 * CRC-64 of ECMA-182 as .xz uses it: reflected polynomial
 * 0xC96C5795D7870F42, same conventions (no inversion, any CPU).
 */
uint64_t crc64_update(uint64_t crc, const uint8_t *p, size_t n);

#endif
