/* SOURCES: common/decompress/detect.c common/decompress/gunzip.c common/decompress/bunzip2.c common/decompress/crc32.c common/decompress/unxz.c common/decompress/unlzma.c common/decompress/lzma_dec.c common/decompress/bcj_x86.c common/decompress/crc64.c common/decompress/unzstd.c common/decompress/zstd_fse.c common/decompress/zstd_huf.c common/decompress/zstd_seq.c common/decompress/xxhash64.c common/decompress/unlz4.c common/decompress/xxhash32.c common/string.c */
/*
 * common/decompress/detect.c: hand-written magics of all six formats, files
 * made by the system's tools (detected, then decoded by the decoder that
 * detection chose), and inputs that must not be taken for any format.
 */
#include "harness.h"
#include "decompress-util.h"

static void expect(const uint8_t *in, size_t len, decompress_fn *fn,
                   const char *name)
{
    const char *got = NULL;

    CHECK(decompress_detect(in, len, &got) == fn);
    CHECK_STR(got, name);
}

TEST(magics)
{
    static const uint8_t gz[] = { 0x1f, 0x8b, 8, 0 };
    static const uint8_t xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4 };
    static const uint8_t zst[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x24 };
    static const uint8_t lz4_legacy[] = { 0x02, 0x21, 0x4c, 0x18, 1, 0 };
    static const uint8_t lz4_frame[] = { 0x04, 0x22, 0x4d, 0x18, 0x64, 0x40 };
    /* lzma -9 of a stream: 64 MiB dictionary, size unknown. */
    static const uint8_t lzma[] = { 0x5d, 0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff,
                                    0xff, 0xff, 0xff, 0xff, 0 };
    /* The same with a known size, as Linux's kernel build writes it. */
    static const uint8_t lzma_sized[] = { 0x5d, 0, 0, 0x80, 0, 0x00, 0x10,
                                          0x9c, 0x01, 0, 0, 0, 0 };
    uint8_t bz[4] = { 'B', 'Z', 'h', '1' };

    expect(gz, sizeof(gz), gunzip, "gzip");
    expect(gz, 2, gunzip, "gzip");
    expect(xz, sizeof(xz), unxz, "xz");
    expect(xz, 6, unxz, "xz");
    expect(zst, sizeof(zst), unzstd, "zstd");
    expect(lz4_legacy, sizeof(lz4_legacy), unlz4, "lz4");
    expect(lz4_frame, sizeof(lz4_frame), unlz4, "lz4");
    expect(lzma, sizeof(lzma), unlzma, "lzma");
    expect(lzma_sized, sizeof(lzma_sized), unlzma, "lzma");
    for ( ; bz[3] <= '9'; bz[3]++ )
        expect(bz, sizeof(bz), bunzip2, "bzip2");
}

TEST(not_compressed)
{
    static const uint8_t elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };
    static const uint8_t zeros[16];
    static const uint8_t bz_level0[] = { 'B', 'Z', 'h', '0' };
    static const uint8_t bz_level_a[] = { 'B', 'Z', 'h', 'a' };
    static const uint8_t xz_short[] = { 0xfd, '7', 'z', 'X', 'Z' };
    static const uint8_t lz4_wrong[] = { 0x03, 0x21, 0x4c, 0x18 };
    /* "5d 00 00" by chance: a zero dictionary, or an absurd size. */
    static const uint8_t lzma_no_dict[] = {
        0x5d, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    };
    static const uint8_t lzma_huge[] = { 0x5d, 0, 0, 0, 4, 0, 0, 0, 0, 0,
                                         0x10, 0, 0 };
    static const uint8_t lzma_short[] = { 0x5d, 0, 0, 0, 4, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0xff, 0xff };

    expect(elf, sizeof(elf), NULL, "unknown");
    expect(zeros, sizeof(zeros), NULL, "unknown");
    expect(zeros, 0, NULL, "unknown");
    expect(elf, 1, NULL, "unknown");
    expect((const uint8_t *)"\x1f", 1, NULL, "unknown");
    expect(bz_level0, sizeof(bz_level0), NULL, "unknown");
    expect(bz_level_a, sizeof(bz_level_a), NULL, "unknown");
    expect(bz_level0, 3, NULL, "unknown");
    expect(xz_short, sizeof(xz_short), NULL, "unknown");
    expect(lz4_wrong, sizeof(lz4_wrong), NULL, "unknown");
    expect(lzma_no_dict, sizeof(lzma_no_dict), NULL, "unknown");
    expect(lzma_huge, sizeof(lzma_huge), NULL, "unknown");
    expect(lzma_short, sizeof(lzma_short), NULL, "unknown");
}

/* Compress with the tool (if installed), detect, decode with the choice. */
static void tool_file(const char *tool, const char *cmd,
                      decompress_fn *fn, const char *name)
{
    struct buf t = data_mixed(300000, 1), z;
    const char *got = NULL, *why = NULL;
    struct buf out = buf_alloc(t.len);
    decompress_fn *chosen;

    if ( !have_tool(tool) )
        goto out;
    z = run_tool(cmd, &t);
    CHECK(z.p != NULL);
    if ( z.p )
    {
        chosen = decompress_detect(z.p, z.len, &got);
        CHECK(chosen == fn);
        CHECK_STR(got, name);
        if ( chosen )
        {
            CHECK_EQ(chosen(z.p, z.len, out.p, out.len, &why), t.len);
            CHECK(!memcmp(out.p, t.p, t.len));
        }
    }
    buf_free(&z);
 out:
    buf_free(&out);
    buf_free(&t);
}

TEST(files_from_tools)
{
    tool_file("gzip", "gzip -9 -nc < $IN", gunzip, "gzip");
    tool_file("gzip", "gzip -c $IN", gunzip, "gzip");
    tool_file("bzip2", "bzip2 -1 -c < $IN", bunzip2, "bzip2");
    tool_file("bzip2", "bzip2 -9 -c < $IN", bunzip2, "bzip2");
    tool_file("xz", "xz -c < $IN", unxz, "xz");
    tool_file("xz", "xz --check=crc32 --x86 --lzma2=dict=32MiB -c < $IN",
              unxz, "xz");
    tool_file("xz", "xz --format=lzma -9 -c < $IN", unlzma, "lzma");
    tool_file("zstd", "zstd -q -19 -c < $IN", unzstd, "zstd");
    tool_file("lz4", "lz4 -q -c < $IN", unlz4, "lz4");
    tool_file("lz4", "lz4 -q -l -9 -c < $IN", unlz4, "lz4");
}
