/* SOURCES: common/decompress/unlz4.c common/decompress/xxhash32.c common/string.c */
/*
 * common/decompress/unlz4.c against files made by the system's lz4 in the
 * frame format (levels, block sizes, linked blocks, block and content
 * checksums, content size) and the legacy format Linux uses, frames written
 * by hand for the corner cases, and hostile input: every truncation, bit
 * flips, short output buffers.  A Linux bzImage with an lz4 payload in
 * /boot, if there is one, is decoded too.
 */
#include <glob.h>
#include "harness.h"
#include "decompress-util.h"
#include "../../common/decompress/xxhash.h"

static const uint8_t frame_magic[4] = { 0x04, 0x22, 0x4d, 0x18 };
static const uint8_t legacy_magic[4] = { 0x02, 0x21, 0x4c, 0x18 };

static void lz4_roundtrip(const char *cmd, const struct buf *data)
{
    struct buf z = run_tool(cmd, data);

    CHECK(z.p != NULL);
    if ( z.p )
    {
        CHECK(z.len >= 4 && (!memcmp(z.p, frame_magic, 4) ||
                             !memcmp(z.p, legacy_magic, 4)));
        check_decodes(unlz4, &z, data);
    }
    buf_free(&z);
}

static void lz4_all_options(const struct buf *data)
{
    lz4_roundtrip("lz4 -q -1 -c $IN", data);
    lz4_roundtrip("lz4 -q -9 -c $IN", data);
    lz4_roundtrip("lz4 -q -12 -c < $IN", data);
    lz4_roundtrip("lz4 -q -l -c $IN", data);
    lz4_roundtrip("lz4 -q -l -12 --favor-decSpeed -c $IN", data);
    lz4_roundtrip("lz4 -q --content-size -c $IN", data);
    lz4_roundtrip("lz4 -q -BD -B4 -c $IN", data);
    lz4_roundtrip("lz4 -q -BD -9 -c < $IN", data);
    lz4_roundtrip("lz4 -q -BX -B5 -c $IN", data);
    lz4_roundtrip("lz4 -q -BX -BD --no-frame-crc -B6 -c $IN", data);
    lz4_roundtrip("lz4 -q --no-frame-crc -c < $IN", data);
}

/* ---- xxHash -------------------------------------------------------------- */

TEST(xxh32_known_values)
{
    static const uint8_t none[1];

    /* The published hash of empty input, seed 0. */
    CHECK_EQ(xxh32(none, 0, 0), 0x02cc5d05);
}

/* ---- files made by lz4 --------------------------------------------------- */

TEST(empty_and_one_byte)
{
    static const uint8_t one = 'x';
    struct buf empty = buf_alloc(0), b = buf_copy(&one, 1);

    lz4_all_options(&empty);
    lz4_all_options(&b);
    buf_free(&empty);
    buf_free(&b);
}

TEST(text)
{
    struct buf d = data_text(300000, 1);

    lz4_all_options(&d);
    buf_free(&d);
}

/* Incompressible: blocks stored uncompressed in frames. */
TEST(random_bytes)
{
    struct buf d = data_random(300000, 2);

    lz4_all_options(&d);
    buf_free(&d);
}

/* Long runs: long overlapping matches at offset 1 and longer lengths. */
TEST(long_runs)
{
    struct buf d = data_runs(600000, 3), zeros = buf_alloc(3 << 20);

    lz4_all_options(&d);
    memset(zeros.p, 0, zeros.len);
    lz4_roundtrip("lz4 -q -1 -c $IN", &zeros);
    lz4_roundtrip("lz4 -q -l -c $IN", &zeros);
    buf_free(&d);
    buf_free(&zeros);
}

TEST(mixed_5mb)
{
    struct buf d = data_mixed(5 << 20, 4);

    lz4_roundtrip("lz4 -q -1 -c $IN", &d);
    lz4_roundtrip("lz4 -q -9 -BD -c < $IN", &d);
    lz4_roundtrip("lz4 -q -l -12 --favor-decSpeed -c $IN", &d);
    lz4_roundtrip("lz4 -q -BX --content-size -B4 -c $IN", &d);
    buf_free(&d);
}

/* Legacy blocks hold 8 MiB: a bigger file has several. */
TEST(legacy_several_blocks)
{
    struct buf d = data_mixed(19 << 20, 5);

    lz4_roundtrip("lz4 -q -l -c $IN", &d);
    buf_free(&d);
}

/* Frames of both kinds and skippable ones decode to the concatenation. */
TEST(multiple_frames)
{
    static const uint8_t skip[] = { 0x5f, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 7, 7 };
    struct buf d = data_text(70000, 6), three = buf_alloc(3 * d.len);
    struct buf z = run_tool("{ lz4 -q -c $IN; lz4 -q -l -c $IN; "
                            "lz4 -q -BD -BX -c < $IN; }", &d), with_skip;

    memcpy(three.p, d.p, d.len);
    memcpy(three.p + d.len, d.p, d.len);
    memcpy(three.p + 2 * d.len, d.p, d.len);
    CHECK(z.p != NULL);
    if ( !z.p )
        return;
    check_decodes(unlz4, &z, &three);

    with_skip = buf_alloc(sizeof(skip) + z.len + sizeof(skip));
    memcpy(with_skip.p, skip, sizeof(skip));
    memcpy(with_skip.p + sizeof(skip), z.p, z.len);
    memcpy(with_skip.p + sizeof(skip) + z.len, skip, sizeof(skip));
    check_decodes(unlz4, &with_skip, &three);

    buf_free(&with_skip);
    buf_free(&z);
    buf_free(&three);
    buf_free(&d);
}

/*
 * What a Linux build puts in a bzImage: lz4 -l -12 --favor-decSpeed of the
 * kernel, then the kernel's size as 4 bytes.  Below 8 MiB the size could
 * pass for a block size; the decoder recognises it as the output's length.
 */
static void linux_style(size_t len, uint64_t seed)
{
    struct buf d = data_mixed(len, seed), z;
    char cmd[160];

    snprintf(cmd, sizeof(cmd),
             "{ lz4 -q -l -12 --favor-decSpeed -c $IN && "
             "printf '\\%03o\\%03o\\%03o\\%03o'; }",
             (unsigned int)(len & 255), (unsigned int)((len >> 8) & 255),
             (unsigned int)((len >> 16) & 255), (unsigned int)(len >> 24));
    z = run_tool(cmd, &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_decodes(unlz4, &z, &d);
    buf_free(&z);
    buf_free(&d);
}

TEST(linux_style_payload)
{
    linux_style(3 << 20, 7);
    linux_style(9 << 20, 8);
}

/* ---- frames written by hand ---------------------------------------------- */

/*
 * A frame with independent 64 KiB blocks holding the given block, with a
 * correct descriptor checksum.
 */
static struct buf frame_with_block(uint8_t flg, const uint8_t *blk, size_t n)
{
    struct buf b = buf_alloc(4 + 3 + 4 + n + 4);
    uint8_t *p = b.p;

    memcpy(p, frame_magic, 4);
    p[4] = flg;
    p[5] = 0x40;
    p[6] = (xxh32(p + 4, 2, 0) >> 8) & 0xff;
    p[7] = n;
    p[8] = p[9] = p[10] = 0;
    memcpy(p + 11, blk, n);
    memset(p + 11 + n, 0, 4);                   /* EndMark */
    return b;
}

TEST(hand_made_blocks)
{
    /* "abcd", then 6 bytes from offset 2, then "xyz12". */
    static const uint8_t good[] = {
        0x42, 'a', 'b', 'c', 'd', 2, 0, 0x50, 'x', 'y', 'z', '1', '2' };
    static const uint8_t off0[] = { 0x42, 'a', 'b', 'c', 'd', 0, 0, 0x00 };
    static const uint8_t far[] = { 0x42, 'a', 'b', 'c', 'd', 5, 0, 0x00 };
    static const uint8_t ends_in_match[] = { 0x42, 'a', 'b', 'c', 'd', 2 };
    static const uint8_t lit_overrun[] = { 0x50, 'a', 'b' };
    static const uint8_t long_lit[] = { 0xf0, 255, 255 };
    struct buf z, out = buf_alloc(32);
    const char *why;

    z = frame_with_block(0x60, good, sizeof(good));
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), 15);
    CHECK(!memcmp(out.p, "abcdcdcdcdxyz12", 15));
    buf_free(&z);

    z = frame_with_block(0x60, off0, sizeof(off0));
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "lz4: match offset out of range");
    buf_free(&z);
    z = frame_with_block(0x60, far, sizeof(far));
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "lz4: match offset out of range");
    buf_free(&z);
    z = frame_with_block(0x60, ends_in_match, sizeof(ends_in_match));
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "lz4: block ends inside a sequence");
    buf_free(&z);
    z = frame_with_block(0x60, lit_overrun, sizeof(lit_overrun));
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "lz4: literals overrun the block");
    buf_free(&z);
    z = frame_with_block(0x60, long_lit, sizeof(long_lit));
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EINVAL);
    buf_free(&z);

    /* Output one byte short of the match. */
    z = frame_with_block(0x60, good, sizeof(good));
    CHECK_EQ(unlz4(z.p, z.len, out.p, 9, &why), -ENOSPC);
    buf_free(&z);
    buf_free(&out);
}

/*
 * Linked blocks may copy from earlier blocks of the frame, independent ones
 * may not.
 */
TEST(block_independence)
{
    static const uint8_t b1[] = { 0x40, 'w', 'x', 'y', 'z' };
    /* 4 bytes from 4 back */
    static const uint8_t b2[] = { 0x00, 4, 0, 0x00 };
    uint8_t f[4 + 3 + 4 + sizeof(b1) + 4 + sizeof(b2) + 4], *p = f, out[16];
    const char *why;

    memcpy(p, frame_magic, 4);
    p[4] = 0x40;                                        /* linked */
    p[5] = 0x40;
    p[6] = (xxh32(p + 4, 2, 0) >> 8) & 0xff;
    p += 7;
    memcpy(p, "\x05\0\0\0", 4);
    memcpy(p + 4, b1, sizeof(b1));
    p += 4 + sizeof(b1);
    memcpy(p, "\x04\0\0\0", 4);
    memcpy(p + 4, b2, sizeof(b2));
    p += 4 + sizeof(b2);
    memset(p, 0, 4);

    CHECK_EQ(unlz4(f, sizeof(f), out, sizeof(out), &why), 8);
    CHECK(!memcmp(out, "wxyzwxyz", 8));
    f[4] = 0x60;                                        /* independent */
    f[6] = (xxh32(f + 4, 2, 0) >> 8) & 0xff;
    CHECK_EQ(unlz4(f, sizeof(f), out, sizeof(out), &why), -EINVAL);
    CHECK_STR(why, "lz4: match offset out of range");
}

TEST(frame_descriptor_fields)
{
    static const uint8_t lit[] = { 0x30, 'a', 'b', 'c' };
    struct buf z, out = buf_alloc(16);
    const char *why;

    /* Wrong descriptor checksum. */
    z = frame_with_block(0x60, lit, sizeof(lit));
    z.p[6] ^= 1;
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "lz4: frame descriptor checksum mismatch");
    buf_free(&z);

    /* Version 2. */
    z = frame_with_block(0xa0, lit, sizeof(lit));
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EOPNOTSUPP);
    buf_free(&z);

    /* Reserved FLG bit; reserved BD bits; block size code 3. */
    z = frame_with_block(0x62, lit, sizeof(lit));
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EINVAL);
    buf_free(&z);
    z = frame_with_block(0x60, lit, sizeof(lit));
    z.p[5] = 0x41;
    z.p[6] = (xxh32(z.p + 4, 2, 0) >> 8) & 0xff;
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EINVAL);
    z.p[5] = 0x30;
    z.p[6] = (xxh32(z.p + 4, 2, 0) >> 8) & 0xff;
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "lz4: bad block maximum size");
    buf_free(&z);

    /* A block bigger than the 64 KiB maximum. */
    z = frame_with_block(0x60, lit, sizeof(lit));
    z.p[9] = 1;
    CHECK_EQ(unlz4(z.p, z.len, out.p, out.len, &why), -EINVAL);
    buf_free(&z);

    buf_free(&out);
}

/* A dictionary ID (4 bytes after BD): not supported. */
TEST(dictionary_id)
{
    uint8_t f[] = { 0x04, 0x22, 0x4d, 0x18, 0x61, 0x40, 1, 2, 3, 4, 0,
                    0, 0, 0, 0 }, out[4];
    const char *why = NULL;

    f[10] = (xxh32(f + 4, 6, 0) >> 8) & 0xff;
    CHECK_EQ(unlz4(f, sizeof(f), out, sizeof(out), &why), -EOPNOTSUPP);
    CHECK_STR(why, "lz4: dictionaries are not supported");
}

TEST(not_lz4_and_trailing_data)
{
    static const uint8_t junk[] = "this is not lz4!";
    static const uint8_t lit[] = { 0x30, 'a', 'b', 'c' };
    struct buf out = buf_alloc(16), z;
    const char *why = NULL;

    CHECK_EQ(unlz4(junk, sizeof(junk), out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "lz4: bad magic");
    CHECK_EQ(unlz4(junk, 2, out.p, out.len, &why), -ENODATA);

    z = frame_with_block(0x60, lit, sizeof(lit));
    z.p = realloc(z.p, z.len + 16);
    memcpy(z.p + z.len, junk, 16);
    CHECK_EQ(unlz4(z.p, z.len + 16, out.p, out.len, &why), 3);
    CHECK_EQ(unlz4(z.p, z.len + 2, out.p, out.len, &why), 3);
    buf_free(&z);
    buf_free(&out);
}

/* ---- hostile input ------------------------------------------------------- */

TEST(truncation_frames_every_prefix)
{
    struct buf d = data_text(5000, 9), z;

    z = run_tool("lz4 -q -9 --content-size -BX -c $IN", &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_truncations(unlz4, &z, d.len, 1);
    buf_free(&z);
    z = run_tool("lz4 -q --no-frame-crc -c < $IN", &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_truncations(unlz4, &z, d.len, 1);
    buf_free(&z);
    buf_free(&d);
}

/*
 * The legacy format has no end marker: the magic alone is a valid empty
 * stream, and so is any cut between blocks.  Every other cut is an error.
 */
TEST(truncation_legacy)
{
    struct buf d = data_text(5000, 10), z, out = buf_alloc(5000);
    size_t cut;

    z = run_tool("lz4 -q -l -c $IN", &d);
    CHECK(z.p != NULL);
    if ( !z.p )
        return;
    for ( cut = 0; cut < z.len; cut++ )
    {
        struct buf in = buf_copy(z.p, cut);
        const char *why = NULL;
        long rc = unlz4(in.p, in.len, out.p, out.len, &why);

        if ( cut == 4 )
            CHECK_EQ(rc, 0);
        else if ( rc != -ENODATA || !why )
            harness_fail(__FILE__, __LINE__, "cut at %zu: %ld", cut, rc);
        buf_free(&in);
    }
    buf_free(&z);
    buf_free(&out);
    buf_free(&d);
}

TEST(truncation_big_many_points)
{
    struct buf d = data_mixed(3 << 20, 11), z;

    z = run_tool("lz4 -q -9 -c $IN", &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_truncations(unlz4, &z, d.len, z.len / 400 + 1);
    buf_free(&z);
    buf_free(&d);
}

TEST(bit_flips_with_checksum)
{
    struct buf d = data_mixed(50000, 12), z;

    z = run_tool("lz4 -q -9 -c $IN", &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_bit_flips(unlz4, &z, &d, 3000);
    buf_free(&z);
    z = run_tool("lz4 -q -1 -BX -BD -B4 -c < $IN", &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_bit_flips(unlz4, &z, &d, 2000);
    buf_free(&z);
    buf_free(&d);
}

/*
 * Legacy streams have no checksum: a flip may go unnoticed, but the decoder
 * must still end, within the buffer, with a result or a reason.
 */
TEST(bit_flips_legacy)
{
    struct buf d = data_mixed(60000, 13), z, in, out;
    unsigned int seed, k;

    z = run_tool("lz4 -q -l -12 -c $IN", &d);
    CHECK(z.p != NULL);
    if ( !z.p )
        return;
    in = buf_alloc(z.len);
    out = buf_alloc(d.len);
    for ( seed = 0; seed < 3000; seed++ )
    {
        uint64_t rng = seed + 1000;
        const char *why = NULL;
        long rc;

        memcpy(in.p, z.p, z.len);
        for ( k = 0; k <= seed % 4; k++ )
        {
            size_t bit = rng_next(&rng) % (z.len * 8);

            in.p[bit / 8] ^= 1 << (bit % 8);
        }
        rc = unlz4(in.p, in.len, out.p, out.len, &why);
        CHECK(rc <= (long)d.len);
        if ( rc < 0 )
            CHECK(why != NULL);
    }
    buf_free(&in);
    buf_free(&out);
    buf_free(&z);
    buf_free(&d);
}

/* ---- a real kernel ------------------------------------------------------- */

/*
 * The lz4 payload of the first bzImage in /boot that has one: the setup
 * header (at 0x1f1) gives the number of setup sectors; the protected-mode
 * code follows them, and payload_offset (0x248) and payload_length (0x24c)
 * locate the compressed kernel within it.
 */
static struct buf kernel_payload(void)
{
    struct buf none = { NULL, 0 };
    glob_t g;
    size_t i;

    if ( glob("/boot/vmlinuz*", 0, NULL, &g) )
        return none;
    for ( i = 0; i < g.gl_pathc; i++ )
    {
        struct buf k = read_file(g.gl_pathv[i]);
        size_t pm, off, len;

        if ( !k.p || k.len < 0x250 || memcmp(k.p + 0x202, "HdrS", 4) )
        {
            buf_free(&k);
            continue;
        }
        pm = ((k.p[0x1f1] ? k.p[0x1f1] : 4) + 1) * 512;
        off = pm + (k.p[0x248] | k.p[0x249] << 8 | k.p[0x24a] << 16 |
                    (size_t)k.p[0x24b] << 24);
        len = k.p[0x24c] | k.p[0x24d] << 8 | k.p[0x24e] << 16 |
              (size_t)k.p[0x24f] << 24;
        if ( off < k.len && len <= k.len - off && len > 8 &&
             (!memcmp(k.p + off, legacy_magic, 4) ||
              !memcmp(k.p + off, frame_magic, 4)) )
        {
            struct buf p = buf_copy(k.p + off, len);

            buf_free(&k);
            globfree(&g);
            return p;
        }
        buf_free(&k);
    }
    globfree(&g);
    return none;
}

/* The payload ends with the kernel's size; lz4 itself takes the rest. */
static void test_linux_kernel_payload(void)
{
    struct buf z = kernel_payload(), ref;

    CHECK(z.p != NULL);
    if ( !z.p )
        return;
    ref = run_tool("head -c -4 $IN | lz4 -dc", &z);
    CHECK(ref.p != NULL);
    if ( ref.p )
    {
        const uint8_t *t = z.p + z.len - 4;

        CHECK_EQ(ref.len, t[0] | t[1] << 8 | t[2] << 16 | (size_t)t[3] << 24);
        check_decodes(unlz4, &z, &ref);
    }
    buf_free(&ref);
    buf_free(&z);
}

/* Registered only where there is such a kernel. */
static void __attribute__((constructor)) register_kernel_case(void)
{
    static struct harness_case c = {
        "linux_kernel_payload", test_linux_kernel_payload, NULL
    };
    struct buf z = kernel_payload();

    if ( z.p )
        harness_register(&c);
    buf_free(&z);
}
