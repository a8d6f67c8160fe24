/*
 * Finding the compressed kernel inside an x86 bzImage (facts from the
 * Linux boot protocol, Documentation/x86/boot.rst):
 *
 *   0x1f1  u8   setup_sects     512-byte setup sectors after the boot
 *                               sector; 0 means 4
 *   0x1fe  u16  boot_flag       0xaa55
 *   0x202  u32  header          "HdrS"
 *   0x206  u16  version         boot protocol version, payload fields
 *                               exist from 2.08 (0x0208) on
 *   0x248  u32  payload_offset  from the start of the protected-mode code
 *   0x24c  u32  payload_length
 *
 * The protected-mode code starts (setup_sects + 1) * 512 bytes into the
 * file.  Every compressor Linux uses leaves the uncompressed size as a
 * little-endian u32 in the payload's last 4 bytes (gzip's ISIZE, the
 * size the kernel build appends for the others).
 *
 * Invariant on success: offset + length <= len, length >= 4, and every
 * field read lay inside the image.  Pure: no allocation, no globals.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/le_load.h>
#include "bzimage.h"

#define SETUP_SECTS     0x1f1
#define BOOT_FLAG       0x1fe
#define HEADER          0x202
#define VERSION         0x206
#define PAYLOAD_OFFSET  0x248
#define PAYLOAD_LENGTH  0x24c
#define HEADER_END      0x250       /* bytes needed to read all of the above */

#define HDRS            0x53726448  /* "HdrS" */
#define MIN_VERSION     0x0208

int bzimage_parse(const uint8_t *image, size_t len, struct bzimage_payload *p)
{
    unsigned int sects, version;
    size_t code, off, plen;

    if ( len < HEADER_END || get_le16(image + BOOT_FLAG) != 0xaa55 ||
         get_le32(image + HEADER) != HDRS )
        return -ENOENT;

    version = get_le16(image + VERSION);
    if ( version < MIN_VERSION )
    {
        printk(XENLOG_ERR "bzImage: boot protocol %u.%02u has no payload fields"
               " (2.08 needed)\n", version >> 8, version & 0xff);
        return -EINVAL;
    }
    sects = image[SETUP_SECTS] ? image[SETUP_SECTS] : 4;
    code = (size_t)(sects + 1) * 512;
    off = get_le32(image + PAYLOAD_OFFSET);
    plen = get_le32(image + PAYLOAD_LENGTH);
    /* Each term is below 2^33, so the sums cannot wrap. */
    if ( code > len || off > len - code || plen > len - code - off )
    {
        printk(XENLOG_ERR "bzImage: payload [%#zx, +%#zx) lies outside the"
               " %#zx-byte image\n", code + off, plen, len);
        return -EINVAL;
    }
    if ( plen < 4 )
    {
        printk(XENLOG_ERR "bzImage: payload of %zu bytes is too short\n", plen);
        return -EINVAL;
    }
    p->offset = code + off;
    p->length = plen;
    p->out_size = get_le32(image + p->offset + plen - 4);
    if ( p->out_size == 0 )
    {
        printk(XENLOG_ERR "bzImage: payload claims an empty kernel\n");
        return -EINVAL;
    }
    return 0;
}
