/* SOURCES: common/decompress/gunzip.c common/decompress/crc32.c common/string.c */
/*
 * common/decompress/gunzip.c against files made by the system's gzip (and,
 * for fixed-Huffman blocks throughout, Python's zlib), streams written bit
 * by bit here for the corner cases, and hostile input: every truncation,
 * bit flips, short output buffers, failed allocation.  A Linux bzImage
 * with a gzip payload in /boot, if there is one, is decoded too.
 */
#include <glob.h>
#include "harness.h"
#include "decompress-util.h"
#include "../../common/decompress/private.h"

/* Bitwise CRC-32, independent of crc32.c's tables. */
static uint32_t ref_crc32(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffff;
    unsigned int bit;

    for ( ; n; n--, p++ )
        for ( crc ^= *p, bit = 0; bit < 8; bit++ )
            crc = (crc >> 1) ^ (crc & 1 ? 0xedb88320 : 0);
    return ~crc;
}

static void gzip_roundtrip(const char *cmd, const struct buf *data)
{
    struct buf z = run_tool(cmd, data);

    CHECK(z.p != NULL);
    if ( z.p )
        check_decodes(gunzip, &z, data);
    buf_free(&z);
}

TEST(crc32_known_values)
{
    static const uint8_t check[] = "123456789";
    struct buf r = data_random(1000, 1);
    uint32_t crc;
    size_t split;

    /* The catalogue check values of CRC-32 and CRC-32/BZIP2. */
    CHECK_EQ(crc32_update(0xffffffff, check, 9) ^ 0xffffffff, 0xcbf43926);
    CHECK_EQ(crc32_be_update(0xffffffff, check, 9) ^ 0xffffffff, 0xfc891918);
    CHECK_EQ(crc32_update(0xffffffff, check, 0), 0xffffffff);

    /* Any split into two calls, any alignment and tail length. */
    for ( split = 0; split <= 40; split++ )
    {
        crc = crc32_update(0xffffffff, r.p, split);
        crc = crc32_update(crc, r.p + split, r.len - split) ^ 0xffffffff;
        CHECK_EQ(crc, ref_crc32(r.p, r.len));
        CHECK_EQ(crc32_update(0xffffffff, r.p + split, 17 + split) ^ 0xffffffff,
                 ref_crc32(r.p + split, 17 + split));
    }
    buf_free(&r);
}

TEST(empty_and_one_byte)
{
    struct buf empty = buf_alloc(0), one = data_text(1, 1);

    gzip_roundtrip("gzip -nc < $IN", &empty);
    gzip_roundtrip("gzip -nc < $IN", &one);
    gzip_roundtrip("gzip -1 -nc < $IN", &one);
    buf_free(&empty);
    buf_free(&one);
}

TEST(text_levels)
{
    struct buf t = data_text(200000, 2);

    gzip_roundtrip("gzip -1 -nc < $IN", &t);
    gzip_roundtrip("gzip -6 -nc < $IN", &t);
    gzip_roundtrip("gzip -9 -nc < $IN", &t);
    buf_free(&t);
}

/* Incompressible input: gzip falls back to stored blocks. */
TEST(random_stored_blocks)
{
    struct buf r = data_random(300000, 3);
    struct buf z = run_tool("gzip -9 -nc < $IN", &r);

    CHECK(z.p && z.len > r.len);
    if ( z.p )
        check_decodes(gunzip, &z, &r);
    buf_free(&z);
    buf_free(&r);
}

TEST(long_runs)
{
    struct buf runs = data_runs(500000, 4), zeros = buf_alloc(1 << 20);

    memset(zeros.p, 0, zeros.len);
    gzip_roundtrip("gzip -9 -nc < $IN", &runs);
    gzip_roundtrip("gzip -1 -nc < $IN", &zeros);
    buf_free(&runs);
    buf_free(&zeros);
}

TEST(mixed_5mb)
{
    struct buf m = data_mixed(5 << 20, 5);

    gzip_roundtrip("gzip -1 -nc < $IN", &m);
    gzip_roundtrip("gzip -9 -nc < $IN", &m);
    buf_free(&m);
}

/* gzip stores the input's name (FNAME) unless -n. */
TEST(file_name_in_header)
{
    struct buf t = data_text(5000, 6);
    struct buf z = run_tool_named("gzip -c $IN", "a-rather-long-file-name.txt",
                                  t.p, t.len);

    CHECK(z.p && z.len > 10 && (z.p[3] & 0x08));
    if ( z.p )
        check_decodes(gunzip, &z, &t);
    buf_free(&z);
    buf_free(&t);
}

/* Python's zlib with Z_FIXED: long streams of fixed-Huffman blocks. */
TEST(fixed_huffman_blocks)
{
    struct buf m = data_mixed(400000, 7);
    struct buf z = run_tool(
        "python3 -c 'import sys, zlib; "
        "c = zlib.compressobj(9, zlib.DEFLATED, 31, 9, zlib.Z_FIXED); "
        "d = open(\"input.bin\", \"rb\").read(); "
        "sys.stdout.buffer.write(c.compress(d) + c.flush())'", &m);

    CHECK(z.p != NULL);
    if ( z.p )
        check_decodes(gunzip, &z, &m);
    buf_free(&z);
    buf_free(&m);
}

/* ---- streams written bit by bit ------------------------------------------ */

struct bitw {
    uint8_t buf[64 * 1024];
    size_t len;
    unsigned int nbits;         /* bits used in buf[len] */
};

static void put_bits(struct bitw *w, uint32_t v, unsigned int n)
{
    for ( ; n; n--, v >>= 1 )
    {
        if ( !w->nbits )
            w->buf[w->len] = 0;
        w->buf[w->len] |= (v & 1) << w->nbits;
        if ( ++w->nbits == 8 )
        {
            w->nbits = 0;
            w->len++;
        }
    }
}

/* A Huffman code goes first bit (its most significant) first. */
static void put_code(struct bitw *w, uint32_t code, unsigned int len)
{
    while ( len-- )
        put_bits(w, code >> len, 1);
}

static void put_byte_align(struct bitw *w)
{
    if ( w->nbits )
    {
        w->nbits = 0;
        w->len++;
    }
}

/* RFC 1951 3.2.6 fixed literal/length code. */
static void put_fixed_sym(struct bitw *w, unsigned int sym)
{
    if ( sym < 144 )
        put_code(w, 0x30 + sym, 8);
    else if ( sym < 256 )
        put_code(w, 0x190 + sym - 144, 9);
    else if ( sym < 280 )
        put_code(w, sym - 256, 7);
    else
        put_code(w, 0xc0 + sym - 280, 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

/* A gzip member around the DEFLATE stream in w, for content orig. */
static struct buf wrap_gzip(const struct bitw *w, const uint8_t *orig,
                            size_t orig_len)
{
    static const uint8_t header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
    size_t dlen = w->len + (w->nbits != 0);
    struct buf z = buf_alloc(10 + dlen + 8);

    memcpy(z.p, header, 10);
    memcpy(z.p + 10, w->buf, dlen);
    put_le32(z.p + 10 + dlen, ref_crc32(orig, orig_len));
    put_le32(z.p + 14 + dlen, orig_len);
    return z;
}

static long decode(const struct buf *z, struct buf *out, const char **why)
{
    return gunzip(z->p, z->len, out->p, out->len, why);
}

/* A match 32768 back (the farthest allowed) of the longest length, 258. */
TEST(farthest_distance_longest_match)
{
    static struct bitw w;
    struct buf orig = data_random(32768 + 258, 8), out = buf_alloc(orig.len);
    const char *why = NULL;
    struct buf z;
    size_t i;

    memcpy(orig.p + 32768, orig.p, 258);
    put_bits(&w, 1, 1);                 /* BFINAL */
    put_bits(&w, 1, 2);                 /* fixed Huffman */
    for ( i = 0; i < 32768; i++ )
        put_fixed_sym(&w, orig.p[i]);
    put_fixed_sym(&w, 285);             /* length 258 */
    put_code(&w, 29, 5);                /* distance 24577 + 13 extra bits */
    put_bits(&w, 32768 - 24577, 13);
    put_fixed_sym(&w, 256);
    z = wrap_gzip(&w, orig.p, orig.len);
    CHECK_EQ(decode(&z, &out, &why), orig.len);
    CHECK(!memcmp(out.p, orig.p, orig.len));
    buf_free(&z);
    buf_free(&out);
    buf_free(&orig);
}

TEST(hand_made_errors)
{
    static const uint8_t abc[] = "abc";
    struct buf out = buf_alloc(100), z;
    static struct bitw w;
    const char *why;

    /* Distance 4 with 3 bytes written. */
    memset(&w, 0, sizeof(w));
    put_bits(&w, 3, 3);
    put_fixed_sym(&w, 'a');
    put_fixed_sym(&w, 'b');
    put_fixed_sym(&w, 'c');
    put_fixed_sym(&w, 257);
    put_code(&w, 3, 5);
    put_fixed_sym(&w, 256);
    z = wrap_gzip(&w, abc, 3);
    why = NULL;
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: distance before start of output");
    buf_free(&z);

    /* Block type 3. */
    memset(&w, 0, sizeof(w));
    put_bits(&w, 7, 3);
    put_bits(&w, 0, 16);
    z = wrap_gzip(&w, abc, 0);
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: invalid block type");
    buf_free(&z);

    /* Stored block whose NLEN is not LEN's complement. */
    memset(&w, 0, sizeof(w));
    put_bits(&w, 1, 3);
    put_byte_align(&w);
    put_bits(&w, 3, 16);
    put_bits(&w, 0xfffc ^ 1, 16);
    put_bits(&w, 'a' | 'b' << 8 | 'c' << 16, 24);
    z = wrap_gzip(&w, abc, 3);
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: stored block length check failed");
    buf_free(&z);

    /* Literal/length symbols 286 and 287 exist in the fixed code only. */
    memset(&w, 0, sizeof(w));
    put_bits(&w, 3, 3);
    put_fixed_sym(&w, 'a');
    put_fixed_sym(&w, 286);
    put_fixed_sym(&w, 256);
    z = wrap_gzip(&w, abc, 1);
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: invalid literal/length code");
    buf_free(&z);

    /* Distance symbol 30. */
    memset(&w, 0, sizeof(w));
    put_bits(&w, 3, 3);
    put_fixed_sym(&w, 'a');
    put_fixed_sym(&w, 257);
    put_code(&w, 30, 5);
    put_fixed_sym(&w, 256);
    z = wrap_gzip(&w, abc, 1);
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: invalid distance code");
    buf_free(&z);

    /* Dynamic block declaring 287 literal/length codes (at most 286). */
    memset(&w, 0, sizeof(w));
    put_bits(&w, 5, 3);
    put_bits(&w, 30, 5);
    put_bits(&w, 0, 5);
    put_bits(&w, 0, 4);
    put_bits(&w, 0, 32);
    z = wrap_gzip(&w, abc, 0);
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: too many codes in dynamic block");
    buf_free(&z);

    /*
     * Dynamic block whose code length code gives four symbols length 1:
     * over-subscribed.
     */
    memset(&w, 0, sizeof(w));
    put_bits(&w, 5, 3);
    put_bits(&w, 0, 5);
    put_bits(&w, 0, 5);
    put_bits(&w, 0, 4);                 /* 4 code length code lengths */
    put_bits(&w, 1, 3);
    put_bits(&w, 1, 3);
    put_bits(&w, 1, 3);
    put_bits(&w, 1, 3);
    put_bits(&w, 0, 32);
    z = wrap_gzip(&w, abc, 0);
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: over-subscribed Huffman code");
    buf_free(&z);

    buf_free(&out);
}

/* Make a gzip member with every optional header field, from gzip -n's. */
static struct buf full_header(const struct buf *plain)
{
    static const uint8_t extra[] = { 'X', 'Y', 3, 0, 1, 2, 3 };
    static const char name[] = "name.txt", comment[] = "a comment";
    struct buf z = buf_alloc(plain->len + 2 + sizeof(extra) + sizeof(name) +
                             sizeof(comment) + 2);
    size_t pos = 10;
    uint32_t crc;

    memcpy(z.p, plain->p, 10);
    z.p[3] = 0x02 | 0x04 | 0x08 | 0x10;
    z.p[pos++] = sizeof(extra);
    z.p[pos++] = 0;
    memcpy(z.p + pos, extra, sizeof(extra));
    pos += sizeof(extra);
    memcpy(z.p + pos, name, sizeof(name));
    pos += sizeof(name);
    memcpy(z.p + pos, comment, sizeof(comment));
    pos += sizeof(comment);
    crc = ref_crc32(z.p, pos);
    z.p[pos++] = crc;
    z.p[pos++] = crc >> 8;
    memcpy(z.p + pos, plain->p + 10, plain->len - 10);
    return z;
}

TEST(header_fields)
{
    struct buf t = data_text(3000, 9), plain = run_tool("gzip -nc < $IN", &t);
    struct buf out = buf_alloc(t.len), z;
    const char *why;

    CHECK(plain.p != NULL);
    if ( !plain.p )
        return;
    z = full_header(&plain);
    check_decodes(gunzip, &z, &t);
    check_truncations(gunzip, &z, t.len, 1);

    z.p[z.len - plain.len + 9] ^= 1;    /* the header CRC's high byte */
    CHECK_EQ(decode(&z, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: header CRC mismatch");
    buf_free(&z);

    plain.p[3] = 0x20;
    CHECK_EQ(decode(&plain, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: reserved header flags set");
    plain.p[3] = 0;
    plain.p[2] = 7;
    CHECK_EQ(decode(&plain, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: compression method is not deflate");
    plain.p[2] = 8;
    plain.p[1] = 0x8c;
    CHECK_EQ(decode(&plain, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: bad magic");
    plain.p[1] = 0x8b;

    CHECK_EQ(decode(&plain, &out, &why), t.len);
    plain.p[plain.len - 8] ^= 0x40;
    CHECK_EQ(decode(&plain, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: CRC32 mismatch");
    plain.p[plain.len - 8] ^= 0x40;
    plain.p[plain.len - 1] ^= 0x01;
    CHECK_EQ(decode(&plain, &out, &why), -EINVAL);
    CHECK_STR(why, "gzip: length mismatch");

    buf_free(&plain);
    buf_free(&out);
    buf_free(&t);
}

/* Whatever follows the last member and is not a member is ignored. */
TEST(trailing_bytes_ignored)
{
    struct buf t = data_text(10000, 10), z = run_tool("gzip -nc < $IN", &t);
    struct buf padded = buf_alloc(z.len + 4096);

    memcpy(padded.p, z.p, z.len);
    memset(padded.p + z.len, 0, 4096);
    check_decodes(gunzip, &padded, &t);
    /* The magic without the deflate method does not start a member. */
    memcpy(padded.p + z.len, "\x1f\x8b\x07", 3);
    check_decodes(gunzip, &padded, &t);
    buf_free(&padded);
    buf_free(&z);
    buf_free(&t);
}

/* Members one after the other decode to their concatenation. */
TEST(concatenated_members)
{
    struct buf a = data_text(70000, 20), b = data_mixed(50000, 21);
    struct buf both = buf_alloc(a.len + 1 + b.len), za, zb, z;

    memcpy(both.p, a.p, a.len);
    both.p[a.len] = 'x';
    memcpy(both.p + a.len + 1, b.p, b.len);
    za = run_tool("gzip -nc < $IN", &a);
    zb = run_tool("gzip -9 -c $IN", &b);

    /* Between them, a member of one stored byte, 'x', made here. */
    z = buf_alloc(za.len + 24 + zb.len);
    memcpy(z.p, za.p, za.len);
    memcpy(z.p + za.len, "\x1f\x8b\x08\0\0\0\0\0\0\x03"    /* header */
           "\x01\x01\x00\xfe\xff" "x", 16);                   /* stored */
    put_le32(z.p + za.len + 16, ref_crc32((const uint8_t *)"x", 1));
    put_le32(z.p + za.len + 20, 1);
    memcpy(z.p + za.len + 24, zb.p, zb.len);
    check_decodes(gunzip, &z, &both);
    check_truncations(gunzip, &z, both.len, 97);

    buf_free(&z);
    buf_free(&za);
    buf_free(&zb);
    buf_free(&both);
    buf_free(&a);
    buf_free(&b);
}

/*
 * A match in one member cannot reach into the previous member's output,
 * even where the bytes it would copy are the right ones.
 */
TEST(members_have_separate_windows)
{
    static const uint8_t aaa[] = "aaa";
    struct buf first = buf_alloc(1), zf, second, z, out = buf_alloc(4);
    static struct bitw w;
    const char *why = NULL;

    first.p[0] = 'a';
    zf = run_tool("gzip -nc < $IN", &first);
    put_bits(&w, 3, 3);
    put_fixed_sym(&w, 257);             /* length 3 */
    put_code(&w, 0, 5);                 /* distance 1 */
    put_fixed_sym(&w, 256);
    second = wrap_gzip(&w, aaa, 3);
    z = buf_alloc(zf.len + second.len);
    memcpy(z.p, zf.p, zf.len);
    memcpy(z.p + zf.len, second.p, second.len);
    CHECK_EQ(gunzip(z.p, z.len, out.p, out.len, &why), -EINVAL);
    CHECK_STR(why, "gzip: distance before start of output");
    buf_free(&z);
    buf_free(&second);
    buf_free(&zf);
    buf_free(&first);
    buf_free(&out);
}

TEST(out_of_memory)
{
    struct buf t = data_text(1000, 11), z = run_tool("gzip -nc < $IN", &t);
    struct buf out = buf_alloc(t.len);
    const char *why = NULL;

    harness_fail_alloc_after(0);
    CHECK_EQ(decode(&z, &out, &why), -ENOMEM);
    CHECK(why != NULL);
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
    struct buf t = data_text(6000, 12), r = data_random(3000, 13);
    struct buf zt = run_tool("gzip -9 -c $IN", &t);
    struct buf zr = run_tool("gzip -nc < $IN", &r);

    check_truncations(gunzip, &zt, t.len, 1);
    check_truncations(gunzip, &zr, r.len, 1);
    buf_free(&zt);
    buf_free(&zr);
    buf_free(&t);
    buf_free(&r);
}

TEST(truncated_large)
{
    struct buf m = data_mixed(1 << 20, 14);
    struct buf z = run_tool("gzip -6 -nc < $IN", &m);

    check_truncations(gunzip, &z, m.len, z.len / 300 + 1);
    buf_free(&z);
    buf_free(&m);
}

TEST(bit_flips_text)
{
    struct buf t = data_text(20000, 15), z = run_tool("gzip -9 -c $IN", &t);

    check_bit_flips(gunzip, &z, &t, 4000);
    buf_free(&z);
    buf_free(&t);
}

TEST(bit_flips_mixed)
{
    struct buf m = data_mixed(200000, 16);
    struct buf z = run_tool("gzip -6 -nc < $IN", &m);

    check_bit_flips(gunzip, &z, &m, 1000);
    buf_free(&z);
    buf_free(&m);
}

/* Random bytes after a valid header: must fail cleanly, never hang. */
TEST(garbage_streams)
{
    struct buf out = buf_alloc(1 << 16);
    unsigned int seed;

    for ( seed = 0; seed < 2000; seed++ )
    {
        struct buf z = data_random(1 + seed % 700, 1000 + seed);
        const char *why = NULL;
        long rc;

        memcpy(z.p, "\x1f\x8b\x08\x00", min(z.len, (size_t)4));
        if ( z.len > 3 )
            z.p[3] &= 0x1f;
        rc = decode(&z, &out, &why);
        CHECK(rc < 0 && why);
        buf_free(&z);
    }
    buf_free(&out);
}

/* ---- kernels ------------------------------------------------------------ */

static uint32_t le32_at(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * The gzip payload of a bzImage, or p = NULL: the setup header (at 0x1f1)
 * gives the number of setup sectors; the protected-mode code follows them,
 * and payload_offset (0x248) and payload_length (0x24c) locate the
 * compressed kernel within it.
 */
static struct buf gzip_payload(const struct buf *k)
{
    struct buf none = { NULL, 0 };
    size_t off, len;

    if ( k->len < 0x250 || memcmp(k->p + 0x202, "HdrS", 4) )
        return none;
    off = ((k->p[0x1f1] ? k->p[0x1f1] : 4) + 1) * 512 + le32_at(k->p + 0x248);
    len = le32_at(k->p + 0x24c);
    if ( off >= k->len || len > k->len - off || len < 18 ||
         k->p[off] != 0x1f || k->p[off + 1] != 0x8b )
        return none;
    return buf_copy(k->p + off, len);
}

/* The payload must decode to exactly what the system's gzip makes of it. */
static void check_payload(const struct buf *z)
{
    struct buf ref = run_tool("gzip -dc < $IN", z);

    CHECK(ref.p != NULL);
    if ( ref.p )
        check_decodes(gunzip, z, &ref);
    buf_free(&ref);
}

/* A bzImage-shaped file: 0x1f1 + 3 setup sectors, code, the payload. */
TEST(bzimage_layout)
{
    struct buf text = data_mixed(500000, 17);
    struct buf z = run_tool("gzip -9 -nc < $IN", &text), k, p;
    size_t pm = 4 * 512, code = 0x4000;

    CHECK(z.p != NULL);
    if ( !z.p )
        return;
    k = buf_alloc(pm + code + z.len + 100);
    memset(k.p, 0xcc, k.len);
    k.p[0x1f1] = 3;
    memcpy(k.p + 0x202, "HdrS", 4);
    put_le32(k.p + 0x248, code);
    put_le32(k.p + 0x24c, z.len);
    memcpy(k.p + pm + code, z.p, z.len);
    p = gzip_payload(&k);
    CHECK(p.p && p.len == z.len);
    if ( p.p )
        check_payload(&p);
    buf_free(&p);
    buf_free(&k);
    buf_free(&z);
    buf_free(&text);
}

/* The first bzImage in /boot with a gzip payload, or p = NULL. */
static struct buf boot_kernel_payload(void)
{
    struct buf p = { NULL, 0 };
    glob_t g;
    size_t i;

    if ( glob("/boot/vmlinuz*", 0, NULL, &g) )
        return p;
    for ( i = 0; i < g.gl_pathc && !p.p; i++ )
    {
        struct buf k = read_file(g.gl_pathv[i]);

        if ( k.p )
            p = gzip_payload(&k);
        buf_free(&k);
    }
    globfree(&g);
    return p;
}

static void test_linux_kernel_payload(void)
{
    struct buf z = boot_kernel_payload();

    CHECK(z.p != NULL);
    if ( z.p )
        check_payload(&z);
    buf_free(&z);
}

/* Registered only where there is such a kernel. */
static void __attribute__((constructor)) register_kernel_case(void)
{
    static struct harness_case c = {
        "linux_kernel_payload", test_linux_kernel_payload, NULL
    };
    struct buf z = boot_kernel_payload();

    if ( z.p )
        harness_register(&c);
    buf_free(&z);
}
