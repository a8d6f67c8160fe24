/*
 * Shared by the decompressor tests: deterministic test data, running the
 * system's own compressors over it, and the checks every decoder must pass
 * (exact output, exact-size buffer, one byte short, every truncation, bit
 * flips).  Buffers are malloc'd at their exact size, so that AddressSanitizer
 * catches a decoder reading or writing one byte outside them.
 */
#ifndef DECOMPRESS_UTIL_H
#define DECOMPRESS_UTIL_H

#include <unistd.h>
#include <xen/decompress.h>
#include <xen/errno.h>

struct buf {
    uint8_t *p;
    size_t len;
};

static inline void buf_free(struct buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = 0;
}

/* splitmix64: a good, tiny, seedable generator. */
static inline uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline struct buf buf_alloc(size_t len)
{
    struct buf b = { malloc(len ? len : 1), len };

    if ( !b.p )
        abort();
    return b;
}

static inline struct buf buf_copy(const uint8_t *p, size_t len)
{
    struct buf b = buf_alloc(len);

    memcpy(b.p, p, len);
    return b;
}

/* English-like text: words from a small vocabulary, lines of varying length. */
static inline void fill_text(uint8_t *p, size_t len, uint64_t *rng)
{
    static const char *const words[] = {
        "the", "hypervisor", "maps", "a", "page", "of", "guest", "memory",
        "event", "channel", "grant", "table", "domain", "virtual", "CPU",
        "interrupt", "is", "delivered", "to", "dom0", "when", "and", "xen",
        "frame", "number", "with", "every", "block", "decompressor",
    };
    size_t i = 0;

    while ( i < len )
    {
        const char *w = words[rng_next(rng) % ARRAY_SIZE(words)];
        size_t n = strlen(w);

        memcpy(p + i, w, min(n, len - i));
        i += min(n, len - i);
        if ( i < len )
            p[i++] = rng_next(rng) % 9 ? ' ' : '\n';
    }
}

static inline void fill_random(uint8_t *p, size_t len, uint64_t *rng)
{
    size_t i;

    for ( i = 0; i < len; i++ )
        p[i] = rng_next(rng);
}

/* Runs of one byte, 1 to 5000 long: exercises run-length paths. */
static inline void fill_runs(uint8_t *p, size_t len, uint64_t *rng)
{
    size_t i = 0;

    while ( i < len )
    {
        size_t n = min((size_t)(1 + rng_next(rng) % 5000), len - i);

        memset(p + i, (int)(rng_next(rng) % 4 ? rng_next(rng) : 0), n);
        i += n;
    }
}

static inline struct buf data_text(size_t len, uint64_t seed)
{
    struct buf b = buf_alloc(len);

    fill_text(b.p, len, &seed);
    return b;
}

static inline struct buf data_random(size_t len, uint64_t seed)
{
    struct buf b = buf_alloc(len);

    fill_random(b.p, len, &seed);
    return b;
}

static inline struct buf data_runs(size_t len, uint64_t seed)
{
    struct buf b = buf_alloc(len);

    fill_runs(b.p, len, &seed);
    return b;
}

/*
 * Chunks of 1 byte to 64 KiB of text, random bytes, runs, small-integer
 * tables and copies of earlier data (far and near repeats).
 */
static inline struct buf data_mixed(size_t len, uint64_t seed)
{
    struct buf b = buf_alloc(len);
    size_t i = 0;

    while ( i < len )
    {
        size_t n = min((size_t)(1 + rng_next(&seed) % 65536), len - i), k;

        switch ( rng_next(&seed) % 5 )
        {
        case 0:
            fill_text(b.p + i, n, &seed);
            break;
        case 1:
            fill_random(b.p + i, n, &seed);
            break;
        case 2:
            fill_runs(b.p + i, n, &seed);
            break;
        case 3:
            for ( k = 0; k < n; k++ )
                b.p[i + k] = (k % 4) ? 0 : (uint8_t)(rng_next(&seed) % 16);
            break;
        default:
            if ( i )
            {
                size_t from = rng_next(&seed) % i;

                n = min(n, i - from);
                memmove(b.p + i, b.p + from, n);
            }
            else
                fill_text(b.p, n, &seed);
            break;
        }
        i += n;
    }
    return b;
}

static inline bool write_file(const char *path, const uint8_t *p, size_t len)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(p, 1, len, f) == len;

    return f && !fclose(f) && ok;
}

/* The whole of a file, or p = NULL. */
static inline struct buf read_file(const char *path)
{
    struct buf b = { NULL, 0 };
    FILE *f = fopen(path, "rb");
    long n;

    if ( !f )
        return b;
    if ( fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
         fseek(f, 0, SEEK_SET) == 0 )
    {
        b = buf_alloc(n);
        if ( fread(b.p, 1, n, f) != (size_t)n )
            buf_free(&b);
    }
    fclose(f);
    return b;
}

/*
 * Run shell commands with data as the file "$IN" (named name, in a fresh
 * directory, which is also the working directory) and return what they
 * wrote to standard output (all of them: "a && b" is fine); p = NULL if
 * the last one failed.
 */
static inline struct buf run_tool_named(const char *cmd, const char *name,
                                        const uint8_t *data, size_t len)
{
    char dir[] = "/tmp/decompress-test-XXXXXX", in[128], out[128], sh[1024];
    struct buf b = { NULL, 0 };

    if ( !mkdtemp(dir) )
        return b;
    snprintf(in, sizeof(in), "%s/%s", dir, name);
    snprintf(out, sizeof(out), "%s/stdout.bin", dir);
    snprintf(sh, sizeof(sh), "cd %s && IN=%s && { %s\n} > %s",
             dir, name, cmd, out);
    if ( write_file(in, data, len) && system(sh) == 0 )
        b = read_file(out);
    unlink(in);
    unlink(out);
    rmdir(dir);
    return b;
}

static inline struct buf run_tool(const char *cmd, const struct buf *data)
{
    return run_tool_named(cmd, "input.bin", data->p, data->len);
}

static inline bool have_tool(const char *name)
{
    char sh[256];

    snprintf(sh, sizeof(sh), "command -v %s >/dev/null 2>&1", name);
    return system(sh) == 0;
}

/*
 * fn decodes z to exactly orig, into a buffer of exactly that size and into
 * a larger one; a buffer one byte short fails with -ENOSPC.
 */
static inline void check_decodes(decompress_fn *fn, const struct buf *z,
                                 const struct buf *orig)
{
    struct buf in = buf_copy(z->p, z->len), out = buf_alloc(orig->len);
    struct buf big = buf_alloc(orig->len + 4096);
    const char *why = NULL;
    long rc;

    rc = fn(in.p, in.len, out.p, out.len, &why);
    CHECK_EQ(rc, orig->len);
    if ( rc != (long)orig->len )
        printf("    error: %s\n", why ? why : "(no reason given)");
    else
        CHECK(!memcmp(out.p, orig->p, orig->len));

    CHECK_EQ(fn(in.p, in.len, big.p, big.len, &why), orig->len);
    CHECK(!memcmp(big.p, orig->p, orig->len));

    if ( orig->len )
    {
        why = NULL;
        CHECK_EQ(fn(in.p, in.len, out.p, out.len - 1, &why), -ENOSPC);
        CHECK(why != NULL);
    }
    buf_free(&in);
    buf_free(&out);
    buf_free(&big);
}

/*
 * Every prefix in[0, cut) for cut = 0, step, 2 * step, ... < z->len must
 * fail with -ENODATA and a reason, reading nothing beyond the cut.
 */
static inline void check_truncations(decompress_fn *fn, const struct buf *z,
                                     size_t out_len, size_t step)
{
    struct buf out = buf_alloc(out_len);
    unsigned int bad = 0;
    size_t cut;

    for ( cut = 0; cut < z->len; cut += step )
    {
        struct buf in = buf_copy(z->p, cut);
        const char *why = NULL;
        long rc = fn(in.p, in.len, out.p, out.len, &why);

        if ( (rc != -ENODATA || !why) && bad++ < 5 )
            harness_fail(__FILE__, __LINE__, "cut at %zu of %zu: %ld (%s)",
                         cut, z->len, rc, why ? why : "no reason");
        buf_free(&in);
    }
    buf_free(&out);
}

/*
 * Flip one bit at a time, at positions drawn from seeds [0, n): the decoder
 * must fail with a reason, or (a flip in a field it ignores or in padding)
 * produce exactly the original.  Never a crash, a hang or wrong output.
 */
static inline void check_bit_flips(decompress_fn *fn, const struct buf *z,
                                   const struct buf *orig, unsigned int n)
{
    struct buf in = buf_copy(z->p, z->len), out = buf_alloc(orig->len);
    unsigned int seed, bad = 0;

    for ( seed = 0; seed < n; seed++ )
    {
        uint64_t rng = seed;
        size_t bit = rng_next(&rng) % (z->len * 8);
        const char *why = NULL;
        long rc;

        in.p[bit / 8] ^= 1 << (bit % 8);
        rc = fn(in.p, in.len, out.p, out.len, &why);
        if ( rc >= 0 ? rc != (long)orig->len || memcmp(out.p, orig->p, rc)
                     : !why )
        {
            if ( bad++ < 5 )
                harness_fail(__FILE__, __LINE__,
                             "bit %zu flipped: %ld (%s)", bit, rc,
                             rc >= 0 ? "wrong output" : "no reason");
        }
        in.p[bit / 8] ^= 1 << (bit % 8);
    }
    buf_free(&in);
    buf_free(&out);
}

#endif
