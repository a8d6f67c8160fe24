#ifndef COMMON_DECOMPRESS_XXHASH_H
#define COMMON_DECOMPRESS_XXHASH_H

/*
 * xxHash, the non-cryptographic hashes the zstd (XXH64) and LZ4 (XXH32)
 * formats use for their checksums.  One-shot: the decoders hash output they
 * already hold in one buffer.  Both are pure functions of their arguments.
 */

#include <xen/types.h>

uint32_t xxh32(const uint8_t *p, size_t len, uint32_t seed);
uint64_t xxh64(const uint8_t *p, size_t len, uint64_t seed);

#endif
