/*
 * The decoder a compressed image needs, from the magic number its format
 * starts with.  Every magic is checked in full against the available
 * length; all but legacy .lzma's are distinctive enough on their own.
 */
#include <xen/decompress.h>
#include <xen/lib.h>

/*
 * Legacy .lzma has no magic: its 13-byte header is a properties byte, the
 * dictionary size (32-bit little-endian) and the uncompressed size (64-bit
 * little-endian, all ones if unknown).  What every encoder writes for a
 * kernel is properties 0x5d (lc=3, lp=0, pb=2) and a dictionary of a
 * multiple of 64 KiB, hence "5d 00 00".  To tell that from chance, ask in
 * addition for a non-zero dictionary and a size that is unknown or below
 * 256 GiB.
 */
#define LZMA_HEADER_LEN     13
#define LZMA_MAX_SIZE       (1ull << 38)

static bool lzma_plausible(const uint8_t *in, size_t in_len)
{
    uint64_t size = 0;
    unsigned int i;

    if ( in_len < LZMA_HEADER_LEN || (!in[3] && !in[4]) )
        return false;
    for ( i = 0; i < 8; i++ )
        size |= (uint64_t)in[5 + i] << (8 * i);
    return size == ~0ull || size < LZMA_MAX_SIZE;
}

static bool bzip2_level(const uint8_t *in, size_t in_len)
{
    return in_len > 3 && in[3] >= '1' && in[3] <= '9';
}

static const struct format {
    const char *name;
    decompress_fn *fn;
    uint8_t magic_len;
    uint8_t magic[6];
    /* Checks beyond the magic, or NULL. */
    bool (*plausible)(const uint8_t *in, size_t in_len);
} formats[] = {
    { "gzip",  gunzip,  2, { 0x1f, 0x8b } },
    { "xz",    unxz,    6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 } },
    { "zstd",  unzstd,  4, { 0x28, 0xb5, 0x2f, 0xfd } },
    { "lz4",   unlz4,   4, { 0x02, 0x21, 0x4c, 0x18 } },   /* legacy */
    { "lz4",   unlz4,   4, { 0x04, 0x22, 0x4d, 0x18 } },   /* frame */
    { "bzip2", bunzip2, 3, { 'B', 'Z', 'h' }, bzip2_level },
    { "lzma",  unlzma,  3, { 0x5d, 0x00, 0x00 }, lzma_plausible },
};

decompress_fn *decompress_detect(const uint8_t *in, size_t in_len,
                                 const char **name)
{
    const struct format *f;

    for ( f = formats; f < formats + ARRAY_SIZE(formats); f++ )
        if ( in_len >= f->magic_len && !memcmp(in, f->magic, f->magic_len) &&
             (!f->plausible || f->plausible(in, in_len)) )
        {
            *name = f->name;
            return f->fn;
        }
    *name = "unknown";
    return NULL;
}
