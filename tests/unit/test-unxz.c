/* SOURCES: common/decompress/unxz.c common/decompress/unlzma.c common/decompress/lzma_dec.c common/decompress/bcj_x86.c common/decompress/crc32.c common/decompress/crc64.c common/string.c */
/*
 * common/decompress/unxz.c and unlzma.c (with the shared LZMA core and the
 * x86 BCJ filter) against files made by the system's xz: presets, checks,
 * LZMA2 options, multiple blocks and streams, BCJ on real and synthetic
 * x86 code, legacy .lzma with and without a known size; then hostile
 * input: every truncation, bit flips, short output, hand-made bad fields,
 * failed allocation.  A Linux bzImage with an xz payload, if one is on
 * this machine, is decoded too.
 */
#include <glob.h>
#include "harness.h"
#include "decompress-util.h"
#include "../../common/decompress/private.h"

static void xz_roundtrip(const char *cmd, const struct buf *data)
{
    struct buf z = run_tool(cmd, data);

    CHECK(z.p != NULL);
    if ( !z.p )
        printf("    could not run: %s\n", cmd);
    else
        check_decodes(unxz, &z, data);
    buf_free(&z);
}

static void lzma_roundtrip(const char *cmd, const struct buf *data)
{
    struct buf z = run_tool(cmd, data);

    CHECK(z.p != NULL);
    if ( z.p )
        check_decodes(unlzma, &z, data);
    buf_free(&z);
}

static long decode(decompress_fn *fn, const struct buf *z, struct buf *out,
                   const char **why)
{
    struct buf in = buf_copy(z->p, z->len);
    long rc;

    *why = NULL;
    rc = fn(in.p, in.len, out->p, out->len, why);
    buf_free(&in);
    return rc;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    return crc32_update(0xffffffff, p, n) ^ 0xffffffff;
}

/* ---- checksums ----------------------------------------------------------- */

TEST(crc64_known_values)
{
    static const uint8_t check[] = "123456789";
    struct buf r = data_random(1000, 1);
    uint64_t crc;

    /* The catalogue check value of CRC-64/XZ. */
    CHECK_EQ(~crc64_update(~0ull, check, 9), 0x995dc9bbdf1939faull);
    CHECK_EQ(crc64_update(~0ull, check, 0), ~0ull);
    crc = crc64_update(~0ull, r.p, 333);
    crc = crc64_update(crc, r.p + 333, r.len - 333);
    CHECK_EQ(crc, crc64_update(~0ull, r.p, r.len));
    buf_free(&r);
}

/* ---- valid files --------------------------------------------------------- */

TEST(empty_and_one_byte)
{
    struct buf empty = buf_alloc(0), one = data_text(1, 1);

    xz_roundtrip("xz -c $IN", &empty);
    xz_roundtrip("xz -c $IN", &one);
    xz_roundtrip("xz -0 --check=none -c $IN", &one);
    lzma_roundtrip("xz --format=lzma -c $IN", &empty);
    lzma_roundtrip("xz --format=lzma -c $IN", &one);
    buf_free(&empty);
    buf_free(&one);
}

TEST(text_presets)
{
    struct buf t = data_text(300000, 2);

    xz_roundtrip("xz -0 -c $IN", &t);
    xz_roundtrip("xz -6 -c $IN", &t);
    xz_roundtrip("xz -9e -c $IN", &t);
    buf_free(&t);
}

TEST(check_types)
{
    struct buf t = data_text(100000, 3);

    xz_roundtrip("xz --check=none -c $IN", &t);
    xz_roundtrip("xz --check=crc32 -c $IN", &t);
    xz_roundtrip("xz --check=crc64 -c $IN", &t);
    xz_roundtrip("xz --check=sha256 -c $IN", &t);
    buf_free(&t);
}

/* Incompressible: LZMA2 stores it as uncompressed chunks. */
TEST(random_uncompressed_chunks)
{
    struct buf r = data_random(300000, 4), z;

    xz_roundtrip("xz -6 -c $IN", &r);
    /* Interleaved with text: switches between the two chunk kinds. */
    z = data_mixed(600000, 5);
    xz_roundtrip("xz -6 -c $IN", &z);
    buf_free(&z);
    buf_free(&r);
}

TEST(runs_and_long_matches)
{
    struct buf r = data_runs(400000, 6);

    xz_roundtrip("xz -9 -c $IN", &r);
    xz_roundtrip("xz --lzma2=preset=6,nice=273,mf=bt4 -c $IN", &r);
    buf_free(&r);
}

/* lc, lp and pb at their extremes, small and large dictionaries. */
TEST(lzma2_options)
{
    struct buf m = data_mixed(500000, 7);

    xz_roundtrip("xz --lzma2=lc=0,lp=0,pb=0 -c $IN", &m);
    xz_roundtrip("xz --lzma2=lc=4,lp=0,pb=4 -c $IN", &m);
    xz_roundtrip("xz --lzma2=lc=0,lp=4,pb=2 -c $IN", &m);
    xz_roundtrip("xz --lzma2=lc=1,lp=3,pb=1 -c $IN", &m);
    xz_roundtrip("xz --lzma2=dict=4KiB -c $IN", &m);
    xz_roundtrip("xz --lzma2=dict=1536MiB,mode=fast,mf=hc3 -c $IN", &m);
    buf_free(&m);
}

/* Blocks with sizes in their headers (as multi-threaded xz writes them). */
TEST(multiple_blocks)
{
    struct buf m = data_mixed(700000, 8);

    xz_roundtrip("xz --block-size=65536 -c $IN", &m);
    xz_roundtrip("xz -T2 --block-size=100000 -c $IN", &m);
    xz_roundtrip("xz --block-list=1,7,200000,65536 -c $IN", &m);
    buf_free(&m);
}

/* 5 MiB, the size class of a kernel; also the speed measurement's input. */
TEST(mixed_5mb)
{
    struct buf m = data_mixed(5 << 20, 9);

    xz_roundtrip("xz -6 -c $IN", &m);
    buf_free(&m);
}

TEST(mixed_5mb_lzma)
{
    struct buf m = data_mixed(5 << 20, 9);

    lzma_roundtrip("xz --format=lzma -6 -c $IN", &m);
    buf_free(&m);
}

/* ---- x86 BCJ ------------------------------------------------------------- */

/* This test's own executable: real x86-64 code, a few hundred KiB. */
static struct buf own_code(void)
{
    return read_file("/proc/self/exe");
}

TEST(bcj_real_code)
{
    struct buf code = own_code();

    CHECK(code.p != NULL);
    if ( !code.p )
        return;
    xz_roundtrip("xz --x86 --lzma2 -c $IN", &code);
    xz_roundtrip("xz --check=crc32 --x86 --lzma2=preset=9,dict=32MiB -c $IN",
                 &code);
    xz_roundtrip("xz --x86=start=4097 --lzma2 -c $IN", &code);
    xz_roundtrip("xz --x86 --x86=start=7 --lzma2 -c $IN", &code);
    xz_roundtrip("xz --x86 --lzma2 --block-size=30000 -c $IN", &code);
    buf_free(&code);
}

/*
 * Dense E8/E9 bytes among 00/FF and random bytes: every branch of the
 * filter's neighbour rules, many times over.
 */
TEST(bcj_synthetic)
{
    unsigned int seed;

    for ( seed = 0; seed < 8; seed++ )
    {
        uint64_t rng = 100 + seed;
        struct buf d = buf_alloc(50000 + seed);
        size_t i;

        for ( i = 0; i < d.len; i++ )
        {
            uint64_t r = rng_next(&rng);

            switch ( r % (4 + seed) )
            {
            case 0:
                d.p[i] = 0xe8;
                break;
            case 1:
                d.p[i] = 0xe9;
                break;
            case 2:
                d.p[i] = 0x00;
                break;
            case 3:
                d.p[i] = 0xff;
                break;
            default:
                d.p[i] = r >> 32;
                break;
            }
        }
        xz_roundtrip("xz --x86 --lzma2 -c $IN", &d);
        xz_roundtrip("xz --x86=start=4294967000 --lzma2 -c $IN", &d);
        buf_free(&d);
    }
}

/* ---- streams ------------------------------------------------------------- */

static struct buf concat(const struct buf *a, size_t pad, const struct buf *b)
{
    struct buf c = buf_alloc(a->len + pad + b->len);

    memcpy(c.p, a->p, a->len);
    memset(c.p + a->len, 0, pad);
    memcpy(c.p + a->len + pad, b->p, b->len);
    return c;
}

TEST(concatenated_streams)
{
    struct buf t1 = data_text(50000, 10), t2 = data_mixed(80000, 11);
    struct buf z1 = run_tool("xz -c $IN", &t1);
    struct buf z2 = run_tool("xz --check=crc64 -c $IN", &t2);
    struct buf both = concat(&t1, 0, &t2), empty = buf_alloc(0);
    struct buf ze = run_tool("xz -c $IN", &empty), c, c2, out;
    const char *why;
    size_t pad;

    CHECK(z1.p && z2.p && ze.p);
    for ( pad = 0; pad <= 12; pad += 4 )
    {
        c = concat(&z1, pad, &z2);
        check_decodes(unxz, &c, &both);
        buf_free(&c);
    }
    /* An empty stream in between, and stream padding at the end. */
    c = concat(&z1, 4, &ze);
    c2 = concat(&c, 8, &z2);
    buf_free(&c);
    c = concat(&c2, 8, &empty);
    check_decodes(unxz, &c, &both);
    buf_free(&c);
    buf_free(&c2);

    /* Padding between streams must be a multiple of four bytes. */
    out = buf_alloc(both.len);
    c = concat(&z1, 3, &z2);
    CHECK_EQ(decode(unxz, &c, &out, &why), -EINVAL);
    CHECK(why != NULL);
    buf_free(&c);

    /* Bytes that cannot start a stream are trailing data, ignored. */
    c = concat(&z1, 2, &t2);
    check_decodes(unxz, &c, &t1);
    buf_free(&c);

    buf_free(&out);
    buf_free(&ze);
    buf_free(&empty);
    buf_free(&both);
    buf_free(&z1);
    buf_free(&z2);
    buf_free(&t1);
    buf_free(&t2);
}

/* ---- legacy .lzma -------------------------------------------------------- */

TEST(lzma_alone)
{
    struct buf t = data_text(200000, 12), m = data_mixed(400000, 13);

    lzma_roundtrip("xz --format=lzma -0 -c $IN", &t);
    lzma_roundtrip("xz --format=lzma -9e -c $IN", &t);
    lzma_roundtrip("xz --format=lzma --lzma1=lc=0,lp=4,pb=4 -c $IN", &m);
    lzma_roundtrip("xz --format=lzma --lzma1=lc=4,lp=0,pb=0 -c $IN", &m);
    lzma_roundtrip("xz --format=lzma --lzma1=dict=4KiB -c $IN", &m);
    buf_free(&t);
    buf_free(&m);
}

/* xz writes "size unknown"; the same file with the size filled in. */
TEST(lzma_known_size_with_marker)
{
    struct buf t = data_mixed(150000, 14);
    struct buf z = run_tool("xz --format=lzma -c $IN", &t);
    struct buf out = buf_alloc(t.len);
    const char *why;
    unsigned int i;

    CHECK(z.p && z.len > 13);
    for ( i = 0; i < 8; i++ )
        z.p[5 + i] = (uint64_t)t.len >> (8 * i);
    check_decodes(unlzma, &z, &t);

    /* One byte less declared: the marker is not where the size says. */
    z.p[5] -= 1;
    CHECK_EQ(decode(unlzma, &z, &out, &why), -EINVAL);
    CHECK(why != NULL);
    buf_free(&out);
    buf_free(&z);
    buf_free(&t);
}

/*
 * A known size and no end marker: the LZMA data of a single-chunk LZMA2
 * stream is exactly that (LZMA2 never writes markers), behind a .lzma
 * header built here.
 */
TEST(lzma_known_size_no_marker)
{
    struct buf t = data_text(100000, 15), z = run_tool("xz -6 -c $IN", &t);
    struct buf l, out;
    size_t chunk, packed, i;
    const char *why;

    /* Stream header (12), block header, then one LZMA chunk and 0x00. */
    CHECK(z.p != NULL);
    chunk = 12 + (z.p[12] + 1) * 4;
    CHECK(z.p[chunk] >= 0xe0);
    packed = (z.p[chunk + 3] << 8 | z.p[chunk + 4]) + 1;
    CHECK_EQ(z.p[chunk + 6 + packed], 0x00);

    l = buf_alloc(13 + packed);
    l.p[0] = z.p[chunk + 5];
    put_le32(l.p + 1, 1 << 20);
    for ( i = 0; i < 8; i++ )
        l.p[5 + i] = (uint64_t)t.len >> (8 * i);
    memcpy(l.p + 13, z.p + chunk + 6, packed);
    check_decodes(unlzma, &l, &t);
    check_truncations(unlzma, &l, t.len, l.len / 100 + 1);
    /* The end, byte by byte: the range coder's last bytes are needed. */
    out = buf_alloc(t.len);
    for ( i = l.len - 8; i < l.len; i++ )
    {
        struct buf cut = buf_copy(l.p, i);

        CHECK_EQ(decode(unlzma, &cut, &out, &why), -ENODATA);
        buf_free(&cut);
    }
    buf_free(&out);

    /* A size one larger: the data ends one byte early. */
    l.p[5] += 1;
    out = buf_alloc(t.len + 1);
    CHECK(decode(unlzma, &l, &out, &why) < 0);
    CHECK(why != NULL);

    buf_free(&out);
    buf_free(&l);
    buf_free(&z);
    buf_free(&t);
}

/* ---- hostile input ------------------------------------------------------- */

TEST(truncations_small)
{
    struct buf t = data_text(3000, 16);
    struct buf z = run_tool("xz -c $IN", &t), zb, l;

    check_truncations(unxz, &z, t.len, 1);
    zb = run_tool("xz --x86 --lzma2 --check=crc64 -c $IN", &t);
    check_truncations(unxz, &zb, t.len, 1);
    l = run_tool("xz --format=lzma -c $IN", &t);
    check_truncations(unlzma, &l, t.len, 1);
    buf_free(&l);
    buf_free(&zb);
    buf_free(&z);
    buf_free(&t);
}

/* Cuts spread over a large file, then byte by byte at its very end. */
static void check_truncations_large(decompress_fn *fn, const struct buf *z,
                                    size_t out_len)
{
    struct buf out = buf_alloc(out_len);
    const char *why;
    size_t cut;

    check_truncations(fn, z, out_len, z->len / 40 + 1);
    for ( cut = z->len - 24; cut < z->len; cut++ )
    {
        struct buf in = buf_copy(z->p, cut);

        CHECK_EQ(fn(in.p, in.len, out.p, out.len, &why), -ENODATA);
        buf_free(&in);
    }
    buf_free(&out);
}

TEST(truncations_large)
{
    struct buf m = data_mixed(1 << 20, 17);
    struct buf z = run_tool("xz -6 --block-size=300000 -c $IN", &m);

    check_truncations_large(unxz, &z, m.len);
    buf_free(&z);
    buf_free(&m);
}

TEST(truncations_large_lzma)
{
    struct buf m = data_mixed(1 << 20, 17);
    struct buf l = run_tool("xz --format=lzma -c $IN", &m);

    check_truncations_large(unlzma, &l, m.len);
    buf_free(&l);
    buf_free(&m);
}

TEST(bit_flips_crc32)
{
    struct buf t = data_text(20000, 18), z = run_tool("xz -c $IN", &t);

    check_bit_flips(unxz, &z, &t, 3000);
    buf_free(&z);
    buf_free(&t);
}

TEST(bit_flips_crc64_bcj_blocks)
{
    struct buf code = own_code(), part, z;

    part = buf_copy(code.p, min(code.len, (size_t)120000));
    z = run_tool("xz --check=crc64 --x86 --lzma2 --block-size=40000 -c $IN",
                 &part);
    check_bit_flips(unxz, &z, &part, 2000);
    buf_free(&z);
    buf_free(&part);
    buf_free(&code);
}

TEST(bit_flips_mixed)
{
    struct buf m = data_mixed(200000, 19), z = run_tool("xz -6 -c $IN", &m);

    check_bit_flips(unxz, &z, &m, 600);
    buf_free(&z);
    buf_free(&m);
}

/*
 * .lzma has no checksum: a flip may give wrong output, but must never
 * crash, hang or overflow (the sanitizers watch), and errors have reasons.
 */
TEST(bit_flips_lzma)
{
    struct buf t = data_text(30000, 20);
    struct buf z = run_tool("xz --format=lzma -c $IN", &t);
    struct buf out = buf_alloc(t.len);
    unsigned int seed;

    for ( seed = 0; seed < 3000; seed++ )
    {
        uint64_t rng = seed;
        size_t bit = rng_next(&rng) % (z.len * 8);
        const char *why = NULL;
        long rc;

        z.p[bit / 8] ^= 1 << (bit % 8);
        rc = decode(unlzma, &z, &out, &why);
        CHECK(rc < 0 ? why != NULL : rc <= (long)out.len);
        z.p[bit / 8] ^= 1 << (bit % 8);
    }
    buf_free(&out);
    buf_free(&z);
    buf_free(&t);
}

/* Random bytes behind valid headers: clean failures, never a hang. */
TEST(garbage)
{
    struct buf t = data_text(1000, 21), z = run_tool("xz -c $IN", &t);
    struct buf out = buf_alloc(1 << 16);
    unsigned int seed;

    for ( seed = 0; seed < 1500; seed++ )
    {
        struct buf g = data_random(14 + seed % 900, 2000 + seed);
        const char *why = NULL;
        long rc;

        if ( seed & 1 )
        {
            /* LZMA2 garbage behind a valid stream and block header. */
            size_t keep = min(g.len, (size_t)(12 + (z.p[12] + 1) * 4));

            memcpy(g.p, z.p, keep);
            if ( keep < g.len )
                g.p[keep] = 0xe0 | (g.p[keep] & 0x1f);
            rc = decode(unxz, &g, &out, &why);
        }
        else
        {
            /* LZMA garbage behind a sane .lzma header. */
            g.p[0] = 0x5d;
            memset(g.p + 5, 0xff, 8);
            g.p[13] = 0;
            rc = decode(unlzma, &g, &out, &why);
        }
        CHECK(rc < 0 ? why != NULL : rc <= (long)out.len);
        buf_free(&g);
    }
    buf_free(&out);
    buf_free(&z);
    buf_free(&t);
}

/* Modify a block header byte and make its CRC32 right again. */
static long with_block_header_byte(const struct buf *z, size_t off,
                                   uint8_t value, struct buf *out,
                                   const char **why)
{
    struct buf c = buf_copy(z->p, z->len);
    size_t size = (c.p[12] + 1) * 4;
    long rc;

    c.p[12 + off] = value;
    put_le32(c.p + 12 + size - 4, crc32_of(c.p + 12, size - 4));
    rc = decode(unxz, &c, out, why);
    buf_free(&c);
    return rc;
}

TEST(bad_fields)
{
    struct buf t = data_text(5000, 22), z = run_tool("xz -c $IN", &t);
    struct buf out = buf_alloc(t.len), c;
    const char *why;

    /*
     * xz's block header: size, flags (one filter), 0x21, 0x01, dict byte,
     * padding, CRC32.
     */
    CHECK(z.p != NULL);
    CHECK_EQ(z.p[14], 0x21);
    CHECK_EQ(z.p[15], 0x01);

    /* Sanity: rewriting the same value decodes. */
    CHECK_EQ(with_block_header_byte(&z, 4, z.p[16], &out, &why), t.len);
    /* Dictionary size: 40 is the largest. */
    CHECK_EQ(with_block_header_byte(&z, 4, 40, &out, &why), t.len);
    CHECK_EQ(with_block_header_byte(&z, 4, 41, &out, &why), -EINVAL);
    CHECK(why != NULL);
    CHECK_EQ(with_block_header_byte(&z, 4, 0x40, &out, &why), -EOPNOTSUPP);
    /* Reserved block flags; unsupported filter (Delta); LZMA2 props size. */
    CHECK_EQ(with_block_header_byte(&z, 1, 0x04, &out, &why), -EOPNOTSUPP);
    CHECK_EQ(with_block_header_byte(&z, 2, 0x03, &out, &why), -EOPNOTSUPP);
    CHECK_EQ(with_block_header_byte(&z, 3, 0x02, &out, &why), -EINVAL);
    /* Non-zero header padding. */
    CHECK_EQ(with_block_header_byte(&z, 5, 0x01, &out, &why), -EOPNOTSUPP);

    /* LZMA2 properties byte: pb = 5, then lc + lp = 5. */
    c = buf_copy(z.p, z.len);
    c.p[12 + (z.p[12] + 1) * 4 + 5] = 225;
    CHECK_EQ(decode(unxz, &c, &out, &why), -EINVAL);
    c.p[12 + (z.p[12] + 1) * 4 + 5] = 4 + 9 * 1;   /* lc 4, lp 1, pb 0 */
    CHECK_EQ(decode(unxz, &c, &out, &why), -EINVAL);
    CHECK(why != NULL);
    buf_free(&c);

    /* Unsupported check type 0x02 (CRCs of header and footer fixed up). */
    c = buf_copy(z.p, z.len);
    c.p[7] = 0x02;
    put_le32(c.p + 8, crc32_of(c.p + 6, 2));
    c.p[c.len - 3] = 0x02;
    put_le32(c.p + c.len - 12, crc32_of(c.p + c.len - 8, 6));
    CHECK_EQ(decode(unxz, &c, &out, &why), -EOPNOTSUPP);
    buf_free(&c);

    /* Header and footer flags disagree. */
    c = buf_copy(z.p, z.len);
    c.p[c.len - 3] = z.p[7] == 0x01 ? 0x04 : 0x01;
    put_le32(c.p + c.len - 12, crc32_of(c.p + c.len - 8, 6));
    CHECK_EQ(decode(unxz, &c, &out, &why), -EINVAL);
    buf_free(&c);

    /* Not xz at all; .lzma properties byte out of range. */
    c = buf_copy(t.p, 100);
    CHECK_EQ(decode(unxz, &c, &out, &why), -EINVAL);
    CHECK(why != NULL);
    buf_free(&c);
    c = run_tool("xz --format=lzma -c $IN", &t);
    c.p[0] = 225;
    CHECK_EQ(decode(unlzma, &c, &out, &why), -EINVAL);
    CHECK(why != NULL);
    buf_free(&c);

    buf_free(&out);
    buf_free(&z);
    buf_free(&t);
}

/*
 * The check field of the (single) block, which ends where the index
 * starts; the footer's Backward Size says where that is.
 */
static size_t check_offset(const struct buf *z, size_t check_size)
{
    return z->len - 12 - (get_le32(z->p + z->len - 8) + 1) * 4 - check_size;
}

TEST(check_mismatch)
{
    struct buf t = data_text(5000, 26), out = buf_alloc(t.len), z;
    const char *why;

    z = run_tool("xz --check=crc32 -c $IN", &t);
    z.p[check_offset(&z, 4)] ^= 1;
    CHECK_EQ(decode(unxz, &z, &out, &why), -EINVAL);
    CHECK(why != NULL);
    buf_free(&z);

    z = run_tool("xz --check=crc64 -c $IN", &t);
    z.p[check_offset(&z, 8) + 7] ^= 0x80;
    CHECK_EQ(decode(unxz, &z, &out, &why), -EINVAL);
    buf_free(&z);

    /* SHA-256 is documented as not verified: the data still decodes. */
    z = run_tool("xz --check=sha256 -c $IN", &t);
    z.p[check_offset(&z, 32)] ^= 1;
    CHECK_EQ(decode(unxz, &z, &out, &why), t.len);
    CHECK(!memcmp(out.p, t.p, t.len));
    buf_free(&z);

    buf_free(&out);
    buf_free(&t);
}

/* LZMA2 must start with a dictionary reset; control bytes 3..0x7f are bad. */
TEST(lzma2_control_bytes)
{
    static const uint8_t bad[] = { 0x02, 0x03, 0x7f, 0x80, 0xa0, 0xc0, 0xdf };
    struct buf t = data_text(5000, 27), out = buf_alloc(t.len), c;
    struct buf z = run_tool("xz --check=none -c $IN", &t);
    size_t chunk = 12 + (z.p[12] + 1) * 4;
    const char *why;
    unsigned int i;

    CHECK(z.p[chunk] >= 0xe0);
    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        c = buf_copy(z.p, z.len);
        c.p[chunk] = bad[i] | (z.p[chunk] & (bad[i] >= 0x80 ? 0x1f : 0));
        CHECK_EQ(decode(unxz, &c, &out, &why), -EINVAL);
        CHECK(why != NULL);
        buf_free(&c);
    }
    /* End of LZMA2 data at once: an empty block the index contradicts. */
    c = buf_copy(z.p, z.len);
    c.p[chunk] = 0x00;
    CHECK_EQ(decode(unxz, &c, &out, &why), -EINVAL);
    buf_free(&c);

    buf_free(&z);
    buf_free(&out);
    buf_free(&t);
}

/* Other filters before LZMA2 are refused as unsupported, not as corrupt. */
TEST(unsupported_filters)
{
    struct buf t = data_text(5000, 23), out = buf_alloc(t.len), z;
    const char *why;

    z = run_tool("xz --delta=dist=4 --lzma2 -c $IN", &t);
    CHECK_EQ(decode(unxz, &z, &out, &why), -EOPNOTSUPP);
    CHECK(why != NULL);
    buf_free(&z);
    z = run_tool("xz --arm --lzma2 -c $IN", &t);
    CHECK_EQ(decode(unxz, &z, &out, &why), -EOPNOTSUPP);
    buf_free(&z);
    buf_free(&out);
    buf_free(&t);
}

/* The index must describe exactly the blocks decoded. */
TEST(index_mismatch)
{
    struct buf m = data_mixed(100000, 24);
    struct buf z = run_tool("xz --block-size=30000 -c $IN", &m);
    struct buf out = buf_alloc(m.len), c;
    size_t index_size, index;
    const char *why;

    CHECK(z.p != NULL);
    index_size = (get_le32(z.p + z.len - 8) + 1) * 4;
    index = z.len - 12 - index_size;
    CHECK_EQ(z.p[index], 0x00);
    CHECK_EQ(z.p[index + 1], 4);            /* four records */

    /* Swap two records' uncompressed sizes: same sums, other order. */
    c = buf_copy(z.p, z.len);
    {
        /* Records: unpadded (2-3 bytes), uncompressed (3 bytes) each. */
        size_t p = index + 2, rec[4], len[4], i;

        for ( i = 0; i < 4; i++ )
        {
            rec[i] = p;
            while ( c.p[p] & 0x80 )
                p++;
            p++;
            while ( c.p[p] & 0x80 )
                p++;
            p++;
            len[i] = p - rec[i];
        }
        /* Blocks 0 and 3 differ in size (the last is short): swap them. */
        if ( len[0] == len[3] )
        {
            uint8_t tmp[32];

            memcpy(tmp, c.p + rec[0], len[0]);
            memcpy(c.p + rec[0], c.p + rec[3], len[0]);
            memcpy(c.p + rec[3], tmp, len[0]);
            put_le32(c.p + z.len - 16, crc32_of(c.p + index, index_size - 4));
            CHECK_EQ(decode(unxz, &c, &out, &why), -EINVAL);
            CHECK(why != NULL);
        }
    }
    buf_free(&c);

    /* Wrong record count (CRC fixed): refused. */
    c = buf_copy(z.p, z.len);
    c.p[index + 1] = 3;
    put_le32(c.p + z.len - 16, crc32_of(c.p + index, index_size - 4));
    CHECK_EQ(decode(unxz, &c, &out, &why), -EINVAL);
    buf_free(&c);

    buf_free(&out);
    buf_free(&z);
    buf_free(&m);
}

TEST(allocation_failure)
{
    struct buf t = data_text(1000, 25);
    struct buf z = run_tool("xz -c $IN", &t);
    struct buf l = run_tool("xz --format=lzma -c $IN", &t);
    struct buf out = buf_alloc(t.len);
    long live = harness_live_allocs();
    const char *why;

    harness_fail_alloc_after(0);
    CHECK_EQ(decode(unxz, &z, &out, &why), -ENOMEM);
    CHECK(why != NULL);
    harness_fail_alloc_after(0);
    CHECK_EQ(decode(unlzma, &l, &out, &why), -ENOMEM);
    CHECK_EQ(harness_live_allocs(), live);
    /* And no leak on success or failure either. */
    CHECK_EQ(decode(unxz, &z, &out, &why), t.len);
    z.p[z.len / 2] ^= 0x10;
    CHECK(decode(unxz, &z, &out, &why) < 0);
    CHECK_EQ(harness_live_allocs(), live);
    buf_free(&out);
    buf_free(&l);
    buf_free(&z);
    buf_free(&t);
}

/* ---- a real kernel ------------------------------------------------------- */

/*
 * The xz payload of a bzImage: setup_sects (0x1f1) gives the size of the
 * real-mode part; payload_offset (0x248) and payload_length (0x24c) locate
 * the compressed kernel within the protected-mode part after it.
 */
static struct buf bzimage_payload(const struct buf *k)
{
    struct buf none = { NULL, 0 };
    size_t pm, off, len;

    if ( k->len < 0x250 || memcmp(k->p + 0x202, "HdrS", 4) )
        return none;
    pm = ((k->p[0x1f1] ? k->p[0x1f1] : 4) + 1) * 512;
    off = pm + get_le32(k->p + 0x248);
    len = get_le32(k->p + 0x24c);
    if ( off >= k->len || len > k->len - off || len < 6 ||
         memcmp(k->p + off, "\xfd" "7zXZ", 6) )
        return none;
    return buf_copy(k->p + off, len);
}

/*
 * A kernel from /boot, the project's download cache, or a cached Debian
 * linux-image package (unpacked here, to a temporary directory).
 */
static struct buf kernel_payload(void)
{
    static const char *const patterns[] = {
        "/boot/vmlinuz*",
        "~/.cache/xh/*/boot/vmlinuz*",
        "~/.cache/xh/*/*/boot/vmlinuz*",
        "~/.cache/xh/linux-image-*.deb",
        "/var/cache/apt/archives/linux-image-*.deb",
    };
    struct buf p = { NULL, 0 };
    unsigned int i;
    size_t j;

    for ( i = 0; i < ARRAY_SIZE(patterns) && !p.p; i++ )
    {
        glob_t g;

        if ( glob(patterns[i], GLOB_TILDE, NULL, &g) )
            continue;
        for ( j = 0; j < g.gl_pathc && !p.p; j++ )
        {
            const char *path = g.gl_pathv[j];
            struct buf k = { NULL, 0 };
            size_t n = strlen(path);

            if ( n > 4 && !strcmp(path + n - 4, ".deb") )
            {
                char cmd[1024];

                snprintf(cmd, sizeof(cmd),
                         "dpkg-deb --fsys-tarfile '%s' 2>/dev/null | "
                         "tar -xO --wildcards './boot/vmlinuz-*' 2>/dev/null",
                         path);
                k = run_tool(cmd, &p);
            }
            else
                k = read_file(path);
            if ( k.p )
                p = bzimage_payload(&k);
            buf_free(&k);
        }
        globfree(&g);
    }
    return p;
}

/*
 * What Linux builds for x86 (scripts/xz_wrap.sh options, then the
 * decompressed size appended as 4 bytes), inside a minimal bzImage: the
 * payload is found through the setup header and decodes, the size word
 * being trailing data.
 */
TEST(linux_style_bzimage)
{
    struct buf code = own_code(), z, k, p;
    size_t setup = (4 + 1) * 512, off = 0x3000;

    z = run_tool("xz --check=crc32 --x86 --lzma2=dict=32MiB -c $IN", &code);
    CHECK(z.p != NULL);
    if ( !z.p )
        return;
    k = buf_alloc(setup + off + z.len + 4);
    memset(k.p, 0, k.len);
    memcpy(k.p + 0x202, "HdrS", 4);
    k.p[0x1f1] = 4;
    put_le32(k.p + 0x248, off);
    put_le32(k.p + 0x24c, z.len + 4);
    memcpy(k.p + setup + off, z.p, z.len);
    put_le32(k.p + setup + off + z.len, code.len);

    p = bzimage_payload(&k);
    CHECK_EQ(p.len, z.len + 4);
    if ( p.p )
        check_decodes(unxz, &p, &code);
    buf_free(&p);
    buf_free(&k);
    buf_free(&z);
    buf_free(&code);
}

static void test_linux_kernel_payload(void)
{
    struct buf z = kernel_payload(), ref;

    CHECK(z.p != NULL);
    if ( !z.p )
        return;
    ref = run_tool("xz -dc --single-stream < $IN", &z);
    CHECK(ref.p != NULL);
    if ( ref.p )
        check_decodes(unxz, &z, &ref);
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
