#ifndef XEN_DECOMPRESS_H
#define XEN_DECOMPRESS_H

#include <xen/types.h>

/*
 * In-memory decompressors (common/decompress/), used by the dom0 builder
 * for bzImage payloads and compressed modules.  Input is untrusted: every
 * decoder bounds-checks every read of in[] and write of out[], and fails
 * with a message instead of crashing or looping forever.
 *
 * A decoder turns the whole of in[0, in_len) into out[0, out_size) in one
 * call.  It returns the number of bytes produced, or a negative errno:
 *   -EINVAL  corrupt input or bad checksum
 *   -ENODATA input ends early (truncated)
 *   -ENOSPC  output would exceed out_size
 *   -ENOMEM  could not allocate working memory (xzalloc_bytes)
 *   -EOPNOTSUPP valid but uses a feature we do not implement
 * and then points *why at a static string naming the problem.
 * Trailing bytes after the end of the compressed stream are ignored (a
 * bzImage payload may be followed by padding).
 */
typedef long decompress_fn(const uint8_t *in, size_t in_len,
                           uint8_t *out, size_t out_size, const char **why);

decompress_fn gunzip;           /* gzip (RFC 1952 + RFC 1951) */
decompress_fn unxz;             /* .xz: LZMA2 (+ x86 BCJ); checks none, CRC32,
                                   CRC64 (SHA-256 read, not verified) */
decompress_fn unlzma;           /* legacy .lzma (LZMA alone) */
decompress_fn unzstd;           /* zstd frames (RFC 8878) */
decompress_fn unlz4;            /* LZ4 frame format and the legacy format Linux uses */
decompress_fn bunzip2;          /* bzip2 */

/* Decoder for the format in[] starts with, or NULL; *name set either way. */
decompress_fn *decompress_detect(const uint8_t *in, size_t in_len,
                                 const char **name);

#endif
