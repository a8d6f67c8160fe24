#ifndef COMMON_DECOMPRESS_BCJ_H
#define COMMON_DECOMPRESS_BCJ_H

#include <xen/types.h>

/*
 * Undo the x86 branch conversion (xz filter 0x04) over a whole block in
 * place.  start is the filter's start offset: the address the encoder gave
 * buf[0].
 */
void bcj_x86_decode(uint8_t *buf, size_t len, uint32_t start);

#endif
