#ifndef ARCH_X86_PV_BZIMAGE_H
#define ARCH_X86_PV_BZIMAGE_H

/*
 * x86 bzImage (the Linux boot protocol's setup header) as a dom0 kernel
 * (pv/bzimage.c, pure logic).  Only what the builder needs: where the compressed
 * kernel (a vmlinux ELF) is in the image, and how large it says it is.
 */
#include <xen/types.h>

struct bzimage_payload {
    size_t offset;          /* of the compressed data in the image */
    size_t length;          /* its bytes, trailing size field included */
    size_t out_size;        /* uncompressed size (the payload's last 4 bytes) */
};

/*
 * image[0, len) is untrusted.  Returns 0 and fills *p for a bzImage of
 * boot protocol 2.08 or later whose payload lies inside the image;
 * -ENOENT if it is no bzImage (an ELF kernel, say); -EINVAL, with a
 * message naming the problem, for a broken or unsupported one.
 */
int bzimage_parse(const uint8_t *image, size_t len, struct bzimage_payload *p);

#endif
