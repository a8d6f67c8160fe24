/* SOURCES: common/decompress/unzstd.c common/decompress/zstd_fse.c common/decompress/zstd_huf.c common/decompress/zstd_seq.c common/decompress/xxhash64.c common/string.c */
/*
 * common/decompress/unzstd.c and its parts against files made by the
 * system's zstd at several levels and options, frames written by hand for
 * the corner cases, and hostile input: every truncation, bit flips, short
 * output buffers, unsupported parameters, failed allocation.  A Linux
 * bzImage with a zstd payload in /boot, if there is one, is decoded too.
 */
#include <glob.h>
#include "harness.h"
#include "decompress-util.h"
#include "../../common/decompress/xxhash.h"
#include "../../common/decompress/zstd.h"

static const uint8_t zstd_magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };

/* data compressed by cmd decodes to data. */
static void zstd_roundtrip(const char *cmd, const struct buf *data)
{
    struct buf z = run_tool(cmd, data);

    CHECK(z.p != NULL);
    if ( z.p )
    {
        CHECK(z.len >= 4 && !memcmp(z.p, zstd_magic, 4));
        check_decodes(unzstd, &z, data);
    }
    buf_free(&z);
}

/* The same file at the levels and with the options a kernel build uses. */
static void zstd_all_levels(const struct buf *data)
{
    zstd_roundtrip("zstd -q -1 -c $IN", data);
    zstd_roundtrip("zstd -q -3 -c $IN", data);
    zstd_roundtrip("zstd -q -19 -c $IN", data);
    zstd_roundtrip("zstd -q --ultra -22 -c $IN", data);
    /* From a pipe: no content size, a window descriptor instead. */
    zstd_roundtrip("zstd -q -3 -c < $IN", data);
    zstd_roundtrip("zstd -q --ultra -22 -c < $IN", data);
    zstd_roundtrip("zstd -q -19 --no-check -c $IN", data);
    zstd_roundtrip("zstd -q -1 --no-check -c < $IN", data);
}

/* ---- xxHash and tables --------------------------------------------------- */

TEST(xxh64_known_values)
{
    static const uint8_t none[1];

    /* The published hash of empty input, seed 0. */
    CHECK_EQ(xxh64(none, 0, 0), 0xef46db3751d8e999ull);
}

/*
 * The predefined distributions of RFC 8878 3.1.1.3.2.2 through fse_build()
 * give the decoding tables printed in its Appendix A (spot checks of
 * states of every kind: double-width, single-width and "less than 1").
 */
TEST(predefined_tables_match_appendix_a)
{
    static const int16_t ll[36] = {
        4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1 };
    static const int16_t ml[53] = {
        1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
        -1, -1, -1, -1, -1 };
    static const int16_t of[29] = {
        1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1 };
    /* state, symbol, nbits, base */
    static const uint16_t ll_ref[][4] = {
        { 0, 0, 4, 0 }, { 1, 0, 4, 16 }, { 2, 1, 5, 32 }, { 10, 14, 6, 0 },
        { 17, 25, 5, 32 }, { 22, 0, 4, 32 }, { 38, 25, 4, 0 },
        { 43, 0, 4, 48 }, { 59, 24, 5, 32 }, { 60, 35, 6, 0 },
        { 63, 32, 6, 0 },
    };
    static const uint16_t ml_ref[][4] = {
        { 0, 0, 6, 0 }, { 1, 1, 4, 0 }, { 2, 2, 5, 32 }, { 22, 1, 4, 16 },
        { 43, 1, 4, 32 }, { 44, 1, 4, 48 }, { 45, 2, 4, 16 },
        { 56, 29, 6, 0 }, { 57, 52, 6, 0 }, { 63, 46, 6, 0 },
    };
    static const uint16_t of_ref[][4] = {
        { 0, 0, 5, 0 }, { 1, 6, 4, 0 }, { 15, 7, 4, 16 }, { 20, 8, 4, 16 },
        { 24, 6, 4, 16 }, { 27, 28, 5, 0 }, { 31, 24, 5, 0 },
    };
    struct fse_entry t[64];
    size_t i;

    fse_build(t, ll, 36, 6);
    for ( i = 0; i < ARRAY_SIZE(ll_ref); i++ )
    {
        const struct fse_entry *e = &t[ll_ref[i][0]];

        CHECK_EQ(e->symbol, ll_ref[i][1]);
        CHECK_EQ(e->nbits, ll_ref[i][2]);
        CHECK_EQ(e->base, ll_ref[i][3]);
    }
    fse_build(t, ml, 53, 6);
    for ( i = 0; i < ARRAY_SIZE(ml_ref); i++ )
    {
        const struct fse_entry *e = &t[ml_ref[i][0]];

        CHECK_EQ(e->symbol, ml_ref[i][1]);
        CHECK_EQ(e->nbits, ml_ref[i][2]);
        CHECK_EQ(e->base, ml_ref[i][3]);
    }
    fse_build(t, of, 29, 5);
    for ( i = 0; i < ARRAY_SIZE(of_ref); i++ )
    {
        const struct fse_entry *e = &t[of_ref[i][0]];

        CHECK_EQ(e->symbol, of_ref[i][1]);
        CHECK_EQ(e->nbits, of_ref[i][2]);
        CHECK_EQ(e->base, of_ref[i][3]);
    }
}

/* ---- files made by zstd -------------------------------------------------- */

TEST(empty_and_one_byte)
{
    static const uint8_t one = 'x';
    struct buf empty = buf_alloc(0), b = buf_copy(&one, 1);

    zstd_all_levels(&empty);
    zstd_all_levels(&b);
    buf_free(&empty);
    buf_free(&b);
}

TEST(text)
{
    struct buf d = data_text(200000, 1);

    zstd_all_levels(&d);
    buf_free(&d);
}

/* Incompressible: raw blocks. */
TEST(random_bytes)
{
    struct buf d = data_random(300000, 2);

    zstd_all_levels(&d);
    buf_free(&d);
}

/* Long runs: RLE blocks, RLE literals, offset-1 matches. */
TEST(long_runs)
{
    struct buf d = data_runs(600000, 3);
    struct buf zeros = buf_alloc(1 << 20);

    zstd_all_levels(&d);
    memset(zeros.p, 0, zeros.len);
    zstd_roundtrip("zstd -q -1 -c $IN", &zeros);
    zstd_roundtrip("zstd -q -19 -c < $IN", &zeros);
    buf_free(&d);
    buf_free(&zeros);
}

/* 5 MB of mixed content: many blocks, repeated tables and trees. */
TEST(mixed_5mb)
{
    struct buf d = data_mixed(5 << 20, 4);

    zstd_roundtrip("zstd -q -1 -c $IN", &d);
    zstd_roundtrip("zstd -q -3 -c < $IN", &d);
    zstd_roundtrip("zstd -q -19 -c $IN", &d);
    zstd_roundtrip("zstd -q --ultra -22 --no-check -c < $IN", &d);
    buf_free(&d);
}

/* Concatenated frames (and a skippable one) decode to the concatenation. */
TEST(multiple_frames)
{
    struct buf d = data_text(50000, 5), two = buf_alloc(2 * d.len);
    struct buf z = run_tool("{ zstd -q -1 -c $IN; "
                            "zstd -q -19 --no-check -c < $IN; }", &d);
    static const uint8_t skip[] = {
        0x5e, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3 };
    struct buf with_skip;

    memcpy(two.p, d.p, d.len);
    memcpy(two.p + d.len, d.p, d.len);
    CHECK(z.p != NULL);
    if ( !z.p )
        return;
    check_decodes(unzstd, &z, &two);

    /* A skippable frame before, between (after the first) and after. */
    with_skip = buf_alloc(z.len + 3 * sizeof(skip));
    memcpy(with_skip.p, skip, sizeof(skip));
    memcpy(with_skip.p + sizeof(skip), z.p, z.len);
    memcpy(with_skip.p + sizeof(skip) + z.len, skip, sizeof(skip));
    with_skip.len = sizeof(skip) + z.len + sizeof(skip);
    check_decodes(unzstd, &with_skip, &two);

    buf_free(&with_skip);
    buf_free(&z);
    buf_free(&two);
    buf_free(&d);
}

/*
 * What a Linux build puts in a bzImage: zstd --ultra -22 of the kernel,
 * then its size as 4 bytes, which the decoder must ignore as trailing data.
 */
TEST(linux_style_payload)
{
    struct buf d = data_mixed(3 << 20, 6);
    struct buf z = run_tool("{ zstd -q --ultra -22 -c < $IN && "
                            "printf '\\000\\000\\060\\000'; }", &d);

    CHECK(z.p != NULL);
    if ( z.p )
        check_decodes(unzstd, &z, &d);
    buf_free(&z);
    buf_free(&d);
}

/* ---- frames written by hand ---------------------------------------------- */

/*
 * One compressed block: 3 raw literals "abc" and one sequence with all three
 * codes in RLE mode (literal length code lc, offset code oc, match length
 * code 0 = 3 bytes), whose bitstream holds only the offset's extra bits
 * (bitstream byte bs, marker bit included).
 */
static struct buf rle_sequence_frame(uint8_t fcs, uint8_t lc, uint8_t oc,
                                     uint8_t bs)
{
    const uint8_t f[] = {
        0x28, 0xb5, 0x2f, 0xfd,
        0x80, 0, fcs, 0, 0, 0,                  /* 1 KiB window, 4-byte size */
        (10 << 3) | (2 << 1) | 1, 0, 0,         /* last, compressed, 10 bytes */
        3 << 3, 'a', 'b', 'c',                  /* raw literals */
        1, 0x54, lc, oc, 0, bs,                 /* 1 sequence, RLE x 3 */
    };

    return buf_copy(f, sizeof(f));
}

TEST(hand_made_sequences)
{
    struct buf z, out = buf_alloc(64);
    const char *why;

    /* Offset code 2 + extra 0 = Offset_Value 4 = offset 1: "abc" + "ccc". */
    z = rle_sequence_frame(6, 3, 2, 0x04);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), 6);
    CHECK(!memcmp(out.p, "abcccc", 6));
    buf_free(&z);

    /* Offset code 5 + 0 = offset 29, with 3 bytes written. */
    z = rle_sequence_frame(6, 3, 5, 0x20);
    why = NULL;
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "zstd: match offset before the frame start");
    buf_free(&z);

    /* Literal length 4 with only 3 literals. */
    z = rle_sequence_frame(7, 4, 2, 0x04);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "zstd: sequence uses more literals than exist");
    buf_free(&z);

    /* Frame_Content_Size says 7 but the block makes 6. */
    z = rle_sequence_frame(7, 3, 2, 0x04);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "zstd: frame size differs from its header");
    buf_free(&z);

    /* A bit left over in the sequences bitstream. */
    z = rle_sequence_frame(6, 3, 2, 0x0c);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EINVAL);
    buf_free(&z);

    /* RLE match-length code beyond the alphabet. */
    z = rle_sequence_frame(6, 3, 2, 0x04);
    z.p[21] = 53;
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "zstd: RLE sequence code out of range");
    buf_free(&z);

    /* Repeat mode in the first block: no table to repeat. */
    z = rle_sequence_frame(6, 3, 2, 0x04);
    z.p[18] = 0xfc;
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EINVAL);
    buf_free(&z);

    buf_free(&out);
}

/* RLE literals with no sequences; a 3-byte count of sequences. */
TEST(hand_made_literal_only_and_many_sequences)
{
    static const uint8_t rle_lit[] = {
        0x28, 0xb5, 0x2f, 0xfd, 0x20, 5,
        (3 << 3) | (2 << 1) | 1, 0, 0,          /* last, compressed, 3 bytes */
        (5 << 3) | 1, 'z',                      /* RLE literals, 5 of them */
        0,                                      /* no sequences */
    };
    /*
     * A raw block of 8 bytes, then 0x7f00 sequences of no literals and a
     * 3-byte match at Offset_Value 1, which with no literals picks the
     * second recent offset and swaps it to the front: offsets 4, 1, 4, ...
     */
    static const uint8_t many[] = {
        0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3,   /* 128 KiB window */
        8 << 3, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8,   /* raw, 8 bytes */
        (9 << 3) | (2 << 1) | 1, 0, 0,          /* last, compressed, 9 bytes */
        0,                                      /* no literals */
        0xff, 0, 0, 0x54, 0, 0, 0, 0x01,        /* 0x7f00 sequences, RLE x 3 */
    };
    size_t n = 8 + 3 * 0x7f00, i;
    struct buf out = buf_alloc(n), ref = buf_alloc(n);
    const char *why;
    uint32_t off = 4, other = 1, t;

    CHECK_EQ(unzstd(rle_lit, sizeof(rle_lit), out.p, out.len, &why), 5);
    CHECK(!memcmp(out.p, "zzzzz", 5));

    for ( i = 0; i < 8; i++ )
        ref.p[i] = i + 1;
    for ( ; i < n; i++ )
    {
        if ( (i - 8) % 3 == 0 && i > 8 )
        {
            t = off;
            off = other;
            other = t;
        }
        ref.p[i] = ref.p[i - off];
    }
    CHECK_EQ(unzstd(many, sizeof(many), out.p, out.len, &why), n);
    CHECK(!memcmp(out.p, ref.p, n));
    /* The last match does not fit a buffer one byte short. */
    CHECK_EQ(unzstd(many, sizeof(many), out.p, out.len - 1, &why), -ENOSPC);
    buf_free(&out);
    buf_free(&ref);
}

/* A frame of one raw block "hello" with the given header after the magic. */
static struct buf raw_frame(const uint8_t *hdr, size_t hlen)
{
    struct buf b = buf_alloc(4 + hlen + 3 + 5);

    memcpy(b.p, zstd_magic, 4);
    memcpy(b.p + 4, hdr, hlen);
    b.p[4 + hlen] = (5 << 3) | 1;               /* last, raw, 5 bytes */
    b.p[5 + hlen] = b.p[6 + hlen] = 0;
    memcpy(b.p + 7 + hlen, "hello", 5);
    return b;
}

TEST(frame_header_parameters)
{
    struct buf z, out = buf_alloc(16);
    const char *why;
    uint8_t h[8];

    /* Window_Log 31 + 7/8 is over the limit; 31 exactly is fine. */
    h[0] = 0x00;
    h[1] = (21 << 3) | 1;
    z = raw_frame(h, 2);
    why = NULL;
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EOPNOTSUPP);
    CHECK_STR(why, "zstd: window larger than 2 GiB");
    buf_free(&z);
    h[1] = 31 << 3;                             /* Window_Log 41 */
    z = raw_frame(h, 2);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EOPNOTSUPP);
    buf_free(&z);
    h[1] = 21 << 3;
    z = raw_frame(h, 2);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), 5);
    CHECK(!memcmp(out.p, "hello", 5));
    buf_free(&z);

    /* A dictionary ID: not supported.  ID 0 means none. */
    h[0] = 0x01;
    h[1] = 10 << 3;
    h[2] = 7;
    z = raw_frame(h, 3);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EOPNOTSUPP);
    CHECK_STR(why, "zstd: dictionaries are not supported");
    buf_free(&z);
    h[2] = 0;
    z = raw_frame(h, 3);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), 5);
    buf_free(&z);

    /* The reserved bit. */
    h[0] = 0x08;
    h[1] = 10 << 3;
    z = raw_frame(h, 2);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EINVAL);
    buf_free(&z);

    /* A 2-byte content size is the value + 256: 261 overflows the buffer. */
    h[0] = 0x40;
    h[1] = 10 << 3;
    h[2] = 5;
    h[3] = 0;
    z = raw_frame(h, 4);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -ENOSPC);
    buf_free(&z);

    /* Single segment with a 1-byte size of 4: the 5-byte block is too big. */
    h[0] = 0x20;
    h[1] = 4;
    z = raw_frame(h, 2);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "zstd: block larger than Block_Maximum_Size");
    buf_free(&z);

    /* A content size larger than the output buffer fails before decoding. */
    h[0] = 0x20;
    h[1] = 200;
    z = raw_frame(h, 2);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -ENOSPC);
    buf_free(&z);

    /* Reserved block type. */
    h[0] = 0x20;
    h[1] = 5;
    z = raw_frame(h, 2);
    z.p[6] |= 3 << 1;
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "zstd: reserved block type");
    buf_free(&z);

    buf_free(&out);
}

TEST(not_zstd_and_trailing_data)
{
    static const uint8_t junk[] = "this is not zstd";
    struct buf out = buf_alloc(16), z;
    const char *why = NULL;
    uint8_t h[2] = { 0x20, 5 };

    CHECK_EQ(unzstd(junk, sizeof(junk), out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "zstd: bad magic");
    CHECK_EQ(unzstd(junk, 0, out.p, out.len, &why), -ENODATA);

    /* Anything that is not a frame after one is ignored, even 1-3 bytes. */
    z = raw_frame(h, 2);
    z.p = realloc(z.p, z.len + 16);
    memcpy(z.p + z.len, junk, 16);
    CHECK_EQ(unzstd(z.p, z.len + 16, out.p, out.len, &why), 5);
    CHECK_EQ(unzstd(z.p, z.len + 3, out.p, out.len, &why), 5);
    /* A skippable frame that claims more than there is. */
    memcpy(z.p + z.len, "\x50\x2a\x4d\x18\x09\0\0\0", 8);
    CHECK_EQ(unzstd(z.p, z.len + 16, out.p, out.len, &why), -ENODATA);
    buf_free(&z);
    buf_free(&out);
}

/* ---- hostile input ------------------------------------------------------- */

TEST(truncation_small_every_prefix)
{
    struct buf d = data_text(3000, 7), z;

    z = run_tool("zstd -q -19 -c $IN", &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_truncations(unzstd, &z, d.len, 1);
    buf_free(&z);
    z = run_tool("zstd -q -1 --no-check -c < $IN", &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_truncations(unzstd, &z, d.len, 1);
    buf_free(&z);
    buf_free(&d);
}

TEST(truncation_big_many_points)
{
    struct buf d = data_mixed(2 << 20, 8), z;

    z = run_tool("zstd -q -19 -c $IN", &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_truncations(unzstd, &z, d.len, z.len / 400 + 1);
    buf_free(&z);
    buf_free(&d);
}

/* With a checksum, every flip is caught or harmless. */
TEST(bit_flips_with_checksum)
{
    struct buf d = data_mixed(40000, 9), z;

    z = run_tool("zstd -q -19 -c $IN", &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_bit_flips(unzstd, &z, &d, 3000);
    buf_free(&z);
    z = run_tool("zstd -q -1 -c < $IN", &d);
    CHECK(z.p != NULL);
    if ( z.p )
        check_bit_flips(unzstd, &z, &d, 2000);
    buf_free(&z);
    buf_free(&d);
}

/*
 * Without a checksum a flip may go unnoticed, but the decoder must still
 * end, within the buffer, with a result or a reason.  Several flips at a
 * time reach deeper into the entropy decoders.
 */
TEST(bit_flips_without_checksum)
{
    struct buf d = data_mixed(60000, 10), z, in, out;
    unsigned int seed, k;

    z = run_tool("zstd -q -19 --no-check -c $IN", &d);
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
        rc = unzstd(in.p, in.len, out.p, out.len, &why);
        CHECK(rc <= (long)d.len);
        if ( rc < 0 )
            CHECK(why != NULL);
    }
    buf_free(&in);
    buf_free(&out);
    buf_free(&z);
    buf_free(&d);
}

TEST(out_of_memory_and_no_leaks)
{
    struct buf d = data_text(10000, 11), z, out = buf_alloc(10000);
    const char *why = NULL;

    z = run_tool("zstd -q -3 -c $IN", &d);
    CHECK(z.p != NULL);
    if ( !z.p )
        return;
    harness_fail_alloc_after(0);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), -ENOMEM);
    CHECK(why != NULL);
    CHECK_EQ(unzstd(z.p, z.len, out.p, out.len, &why), d.len);
    z.p[z.len / 2] ^= 0x10;
    CHECK(unzstd(z.p, z.len, out.p, out.len, &why) < 0);
    CHECK_EQ(harness_live_allocs(), 0);
    buf_free(&z);
    buf_free(&out);
    buf_free(&d);
}

/* ---- a real kernel ------------------------------------------------------- */

/*
 * The zstd payload of the first bzImage in /boot that has one: the setup
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
             !memcmp(k.p + off, zstd_magic, 4) )
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

/* The payload ends with the kernel's size; zstd itself takes the rest. */
static void test_linux_kernel_payload(void)
{
    struct buf z = kernel_payload(), ref;

    CHECK(z.p != NULL);
    if ( !z.p )
        return;
    ref = run_tool("head -c -4 $IN | zstd -dc", &z);
    CHECK(ref.p != NULL);
    if ( ref.p )
    {
        const uint8_t *t = z.p + z.len - 4;

        CHECK_EQ(ref.len, t[0] | t[1] << 8 | t[2] << 16 | (size_t)t[3] << 24);
        check_decodes(unzstd, &z, &ref);
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
