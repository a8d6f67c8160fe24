/* SOURCES: common/decompress/bunzip2.c common/decompress/crc32.c common/string.c */
/*
 * common/decompress/bunzip2.c against files made by the system's bzip2 at
 * several levels (one block or many), and hostile input: every truncation,
 * bit flips, corrupted CRCs, randomised blocks, short output buffers,
 * failed allocations.
 */
#include "harness.h"
#include "decompress-util.h"

static void bzip2_roundtrip(const char *cmd, const struct buf *data)
{
    struct buf z = run_tool(cmd, data);

    CHECK(z.p != NULL);
    if ( z.p )
        check_decodes(bunzip2, &z, data);
    buf_free(&z);
}

static long decode(const struct buf *z, struct buf *out, const char **why)
{
    return bunzip2(z->p, z->len, out->p, out->len, why);
}

/* Number of blocks: occurrences of the block magic at any bit offset. */
static unsigned int count_blocks(const struct buf *z)
{
    const uint64_t magic = 0x314159265359ull, mask = (1ull << 48) - 1;
    uint64_t window = 0;
    unsigned int found = 0;
    size_t bit;

    for ( bit = 0; bit < z->len * 8; bit++ )
    {
        window = (window << 1 | ((z->p[bit / 8] >> (7 - bit % 8)) & 1)) & mask;
        found += bit >= 47 && window == magic;
    }
    return found;
}

TEST(empty_and_one_byte)
{
    struct buf empty = buf_alloc(0), one = data_text(1, 1);

    bzip2_roundtrip("bzip2 -c < $IN", &empty);
    bzip2_roundtrip("bzip2 -c < $IN", &one);
    bzip2_roundtrip("bzip2 -1 -c < $IN", &one);
    buf_free(&empty);
    buf_free(&one);
}

TEST(text_levels)
{
    struct buf t = data_text(300000, 2);

    bzip2_roundtrip("bzip2 -1 -c < $IN", &t);
    bzip2_roundtrip("bzip2 -5 -c < $IN", &t);
    bzip2_roundtrip("bzip2 -9 -c < $IN", &t);
    buf_free(&t);
}

TEST(random_bytes)
{
    struct buf r = data_random(250000, 3);

    bzip2_roundtrip("bzip2 -9 -c < $IN", &r);
    buf_free(&r);
}

/*
 * Runs around the lengths where the 4-byte run coding changes (4, 5, 255
 * + 4 per count byte, ...) and long runs that become long RUNA/RUNB
 * sequences after the transform.
 */
TEST(runs)
{
    static const unsigned int lengths[] = {
        1, 2, 3, 4, 5, 6, 7, 8, 254, 255, 256, 257, 258, 259, 260, 261,
        262, 263, 300, 514, 515, 516, 517, 1000, 4096, 70000, 150000,
    };
    struct buf r, zeros = buf_alloc(1 << 20), rr;
    size_t len = 0, i;

    for ( i = 0; i < ARRAY_SIZE(lengths); i++ )
        len += lengths[i] + 1;
    r = buf_alloc(len);
    for ( len = 0, i = 0; i < ARRAY_SIZE(lengths); i++ )
    {
        memset(r.p + len, 'a' + i % 3, lengths[i]);
        len += lengths[i];
        r.p[len++] = 'A' + i % 26;
    }
    bzip2_roundtrip("bzip2 -1 -c < $IN", &r);
    bzip2_roundtrip("bzip2 -9 -c < $IN", &r);

    memset(zeros.p, 0, zeros.len);
    bzip2_roundtrip("bzip2 -9 -c < $IN", &zeros);

    rr = data_runs(600000, 4);
    bzip2_roundtrip("bzip2 -1 -c < $IN", &rr);
    buf_free(&rr);
    buf_free(&zeros);
    buf_free(&r);
}

/* 5 MB of mixed data: over 40 blocks at -1, 5 at -9. */
static void mixed_5mb(const char *cmd, unsigned int min_blocks)
{
    struct buf m = data_mixed(5 << 20, 5), z = run_tool(cmd, &m);

    CHECK(z.p != NULL);
    if ( z.p )
    {
        CHECK(count_blocks(&z) >= min_blocks);
        check_decodes(bunzip2, &z, &m);
    }
    buf_free(&z);
    buf_free(&m);
}

TEST(mixed_5mb_level1)
{
    mixed_5mb("bzip2 -1 -c < $IN", 40);
}

TEST(mixed_5mb_level9)
{
    mixed_5mb("bzip2 -9 -c < $IN", 5);
}

/* Whatever follows the last stream and is not a stream is ignored. */
TEST(trailing_bytes_ignored)
{
    struct buf t = data_text(10000, 6), z = run_tool("bzip2 -c < $IN", &t);
    struct buf padded = buf_alloc(z.len + 4096);

    memcpy(padded.p, z.p, z.len);
    memset(padded.p + z.len, 0, 4096);
    check_decodes(bunzip2, &padded, &t);
    memcpy(padded.p + z.len, "BZh0", 4);
    check_decodes(bunzip2, &padded, &t);
    buf_free(&padded);
    buf_free(&z);
    buf_free(&t);
}

/*
 * Streams one after the other decode to their concatenation, whatever
 * their levels (a later stream may need a larger block buffer), as the
 * system's bzip2 decodes them.
 */
TEST(concatenated_streams)
{
    struct buf a = data_text(150000, 13), b = data_mixed(400000, 14);
    struct buf both = buf_alloc(a.len + b.len), za, zb, z, out;
    const char *why = NULL;

    memcpy(both.p, a.p, a.len);
    memcpy(both.p + a.len, b.p, b.len);
    za = run_tool("bzip2 -1 -c < $IN", &a);
    zb = run_tool("bzip2 -9 -c < $IN", &b);
    z = buf_alloc(za.len + zb.len);
    memcpy(z.p, za.p, za.len);
    memcpy(z.p + za.len, zb.p, zb.len);
    check_decodes(bunzip2, &z, &both);
    check_truncations(bunzip2, &z, both.len, z.len / 100 + 1);

    /* The empty stream is a stream too. */
    buf_free(&z);
    z = run_tool("head -c 0 $IN | bzip2 -c && bzip2 -c < $IN", &a);
    out = buf_alloc(a.len);
    CHECK_EQ(bunzip2(z.p, z.len, out.p, out.len, &why), a.len);
    CHECK(!memcmp(out.p, a.p, a.len));

    buf_free(&out);
    buf_free(&z);
    buf_free(&za);
    buf_free(&zb);
    buf_free(&both);
    buf_free(&a);
    buf_free(&b);
}

TEST(header_and_checksums)
{
    struct buf t = data_text(5000, 7), z = run_tool("bzip2 -3 -c < $IN", &t);
    struct buf out = buf_alloc(t.len);
    const char *why;

    CHECK(z.p && z.len > 20);
    if ( !z.p )
        return;
    CHECK_EQ(decode(&z, &out, &why), t.len);

    z.p[3] = '0';
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "bzip2: bad magic");
    CHECK_EQ(bunzip2((const uint8_t *)"xy", 2, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "bzip2: bad magic");
    z.p[3] = '3';
    z.p[0] = 'b';
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "bzip2: bad magic");
    z.p[0] = 'B';

    /* The block CRC follows the 4-byte header and the 6-byte magic. */
    z.p[12] ^= 0x10;
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "bzip2: block CRC mismatch");
    z.p[12] ^= 0x10;

    /* The randomised bit follows the block CRC. */
    z.p[14] ^= 0x80;
    CHECK_EQ(decode(&z, &out, &why), -EOPNOTSUPP);
    CHECK_STR(why, "bzip2: randomised blocks are not supported");
    z.p[14] ^= 0x80;

    /* The stream CRC ends the stream; only padding (< 8 bits) follows. */
    z.p[z.len - 2] ^= 0x01;
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "bzip2: stream CRC mismatch");
    z.p[z.len - 2] ^= 0x01;

    /* A block magic that is neither. */
    z.p[5] ^= 0x04;
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "bzip2: bad block magic");
    z.p[5] ^= 0x04;

    CHECK_EQ(decode(&z, &out, &why), t.len);
    CHECK(!memcmp(out.p, t.p, t.len));
    buf_free(&out);
    buf_free(&z);
    buf_free(&t);
}

TEST(out_of_memory)
{
    struct buf t = data_text(1000, 8), z = run_tool("bzip2 -c < $IN", &t);
    struct buf out = buf_alloc(t.len);
    const char *why = NULL;

    harness_fail_alloc_after(0);
    CHECK_EQ(decode(&z, &out, &why), -ENOMEM);
    CHECK(why != NULL);
    CHECK_EQ(harness_live_allocs(), 0);
    harness_fail_alloc_after(1);
    CHECK_EQ(decode(&z, &out, &why), -ENOMEM);
    CHECK_EQ(harness_live_allocs(), 0);
    CHECK_EQ(decode(&z, &out, &why), t.len);
    CHECK_EQ(harness_live_allocs(), 0);
    buf_free(&out);
    buf_free(&z);
    buf_free(&t);
}

/* ---- hostile input ------------------------------------------------------- */

TEST(truncated_everywhere_small)
{
    struct buf t = data_text(6000, 9), z = run_tool("bzip2 -1 -c < $IN", &t);

    check_truncations(bunzip2, &z, t.len, 1);
    buf_free(&z);
    buf_free(&t);
}

TEST(truncated_large)
{
    struct buf m = data_mixed(400000, 10);
    struct buf z = run_tool("bzip2 -1 -c < $IN", &m);

    check_truncations(bunzip2, &z, m.len, z.len / 150 + 1);
    buf_free(&z);
    buf_free(&m);
}

TEST(bit_flips_text)
{
    struct buf t = data_text(20000, 11), z = run_tool("bzip2 -1 -c < $IN", &t);

    check_bit_flips(bunzip2, &z, &t, 3000);
    buf_free(&z);
    buf_free(&t);
}

TEST(bit_flips_mixed)
{
    struct buf m = data_mixed(150000, 12);
    struct buf z = run_tool("bzip2 -1 -c < $IN", &m);

    check_bit_flips(bunzip2, &z, &m, 300);
    buf_free(&z);
    buf_free(&m);
}

/* Random bytes after a valid stream header and block magic. */
TEST(garbage_streams)
{
    static const uint8_t start[] = { 'B', 'Z', 'h', '1',
                                     0x31, 0x41, 0x59, 0x26, 0x53, 0x59 };
    struct buf out = buf_alloc(1 << 16);
    unsigned int seed;

    for ( seed = 0; seed < 2000; seed++ )
    {
        struct buf z = data_random(1 + seed % 1500, 2000 + seed);
        const char *why = NULL;
        long rc;

        memcpy(z.p, start, min(z.len, sizeof(start)));
        z.p[min(z.len - 1, (size_t)14)] &= 0x7f;   /* not randomised */
        rc = decode(&z, &out, &why);
        CHECK(rc < 0 && why);
        buf_free(&z);
    }
    buf_free(&out);
}
