/*
 * The x86 branch converter ("BCJ" filter, .xz filter ID 0x04), decoding
 * direction.
 *
 * Before compression the encoder replaced the 32-bit relative operand of
 * CALL (E8) and JMP (E9) instructions by the absolute target, which repeats
 * far more often in code.  Decoding subtracts the instruction's own
 * address again.  The encoder converted only operands whose most
 * significant byte is 0x00 or 0xff (targets within +-16 MiB, the shape of
 * real branches) and kept that byte 0x00/0xff by sign-extending the result
 * from bit 24, so the decoder recognises what to undo.  Its heuristics for
 * E8/E9 bytes close together are reproduced exactly below; anything else
 * would corrupt the output.
 *
 * The whole block is in memory, so one pass covers it: the streaming
 * state the format defines across calls never arises.
 */
#include <xen/lib.h>
#include "bcj.h"

static inline bool is_sign_byte(uint8_t b)
{
    return b == 0x00 || b == 0xff;
}

void bcj_x86_decode(uint8_t *buf, size_t len, uint32_t start)
{
    /*
     * Bit k set: buf[i - 1 - k] was an E8/E9 byte that was examined and left
     * alone (not the operand of a converted instruction).  Only the last
     * three positions matter: an opcode four or more bytes back cannot have
     * an operand overlapping the current one's.
     */
    unsigned int recent = 0;
    size_t i;

    /* An opcode needs its four operand bytes inside the buffer. */
    for ( i = 0; i + 4 < len; i++ )
    {
        uint32_t here, value;
        unsigned int far;

        if ( (buf[i] & 0xfe) != 0xe8 )
        {
            recent = (recent << 1) & 7;
            continue;
        }

        /*
         * With an unconverted opcode 1..3 bytes back, convert only if it
         * was the sole one and the byte that would have been the top of
         * its operand (buf[i + 4 - far], inside ours) is not 0x00/0xff.
         */
        far = 0;
        if ( recent )
        {
            far = recent & 4 ? 3 : recent & 2 ? 2 : 1;
            if ( (recent & (recent - 1)) || is_sign_byte(buf[i + 4 - far]) )
            {
                recent = ((recent << 1) | 1) & 7;
                continue;
            }
        }
        if ( !is_sign_byte(buf[i + 4]) )
        {
            recent = ((recent << 1) | 1) & 7;
            continue;
        }

        here = start + (uint32_t)i + 5;     /* address after the instruction */
        value = (buf[i + 1] | (buf[i + 2] << 8) | (buf[i + 3] << 16) |
                 ((uint32_t)buf[i + 4] << 24)) - here;
        /*
         * With a neighbouring opcode, the encoder redid the conversion
         * when its result had 0x00/0xff in the byte where that opcode's
         * operand would end (bits 8 * (3 - far) up): it complemented that
         * byte and all bits below it, and converted again.  Undo by the
         * same rule.  A second round would see the complement of that
         * byte as it is in buf[], which the check above found not to be
         * 0x00/0xff, so there is never a third.
         */
        if ( far && is_sign_byte(value >> (8 * (3 - far))) )
        {
            value ^= (1u << (32 - 8 * far)) - 1;
            value -= here;
        }
        /* Sign-extend from bit 24, as the encoder's output was. */
        value &= 0x01ffffff;
        if ( value & 0x01000000 )
            value |= 0xff000000u;

        buf[i + 1] = value;
        buf[i + 2] = value >> 8;
        buf[i + 3] = value >> 16;
        buf[i + 4] = value >> 24;
        i += 4;
        recent = 0;
    }
}
