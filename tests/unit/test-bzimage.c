/* SOURCES: arch/x86/pv/bzimage.c common/string.c */
/* Finding the payload of a bzImage; hostile headers fail with a reason. */
#include "harness.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/errno.h>
#include "../../arch/x86/pv/bzimage.h"

#define IMG_SIZE    8192

static void put16(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }

/* A protocol 2.15 image: 2 setup sectors, payload of 100 bytes at +0x20. */
static void make_image(uint8_t *img)
{
    memset(img, 0, IMG_SIZE);
    img[0x1f1] = 2;
    put16(img + 0x1fe, 0xaa55);
    memcpy(img + 0x202, "HdrS", 4);
    put16(img + 0x206, 0x020f);
    put32(img + 0x248, 0x20);
    put32(img + 0x24c, 100);
    put32(img + 3 * 512 + 0x20 + 96, 123456);
}

TEST(valid_image)
{
    uint8_t img[IMG_SIZE];
    struct bzimage_payload p;

    make_image(img);
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), 0);
    CHECK_EQ(p.offset, 3 * 512 + 0x20);
    CHECK_EQ(p.length, 100);
    CHECK_EQ(p.out_size, 123456);
}

TEST(zero_setup_sects_means_four)
{
    uint8_t img[IMG_SIZE];
    struct bzimage_payload p;

    make_image(img);
    img[0x1f1] = 0;
    put32(img + 5 * 512 + 0x20 + 96, 77);
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), 0);
    CHECK_EQ(p.offset, 5 * 512 + 0x20);
    CHECK_EQ(p.out_size, 77);
}

TEST(not_a_bzimage)
{
    uint8_t img[IMG_SIZE];
    struct bzimage_payload p;

    make_image(img);
    memcpy(img, "\177ELF", 4);
    img[0x1fe] = 0;
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), -ENOENT);
    make_image(img);
    img[0x205] = 'T';
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), -ENOENT);
    /* Too short to hold the header at all. */
    make_image(img);
    CHECK_EQ(bzimage_parse(img, 0x24f, &p), -ENOENT);
    CHECK_EQ(bzimage_parse(img, 0, &p), -ENOENT);
}

TEST(old_protocol_refused)
{
    uint8_t img[IMG_SIZE];
    struct bzimage_payload p;

    make_image(img);
    put16(img + 0x206, 0x0207);
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), -EINVAL);
    CHECK_LOG("boot protocol 2.07");
}

TEST(payload_outside_image)
{
    uint8_t img[IMG_SIZE];
    struct bzimage_payload p;

    make_image(img);
    put32(img + 0x24c, IMG_SIZE);                   /* too long */
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), -EINVAL);
    CHECK_LOG("outside");
    make_image(img);
    put32(img + 0x248, 0xffffffff);                 /* offset wraps */
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), -EINVAL);
    make_image(img);
    put32(img + 0x248, 0xfffffff0);
    put32(img + 0x24c, 0x20);                       /* sum wraps in 32 bits */
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), -EINVAL);
    make_image(img);
    img[0x1f1] = 255;                               /* code beyond the end */
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), -EINVAL);
    /* Exactly up to the end is fine. */
    make_image(img);
    put32(img + 0x24c, IMG_SIZE - 3 * 512 - 0x20);
    put32(img + IMG_SIZE - 4, 9);
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), 0);
    CHECK_EQ(p.out_size, 9);
}

TEST(payload_too_short_or_empty)
{
    uint8_t img[IMG_SIZE];
    struct bzimage_payload p;

    make_image(img);
    put32(img + 0x24c, 3);
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), -EINVAL);
    make_image(img);
    put32(img + 3 * 512 + 0x20 + 96, 0);
    CHECK_EQ(bzimage_parse(img, sizeof(img), &p), -EINVAL);
    CHECK_LOG("empty");
}

/* Random headers never read outside the image (ASan watches). */
TEST(random_headers)
{
    struct bzimage_payload p;
    unsigned int i, len;

    srand(4);
    for ( i = 0; i < 20000; i++ )
    {
        uint8_t *img;
        unsigned int j;

        len = 0x250 + rand() % 4096;
        img = malloc(len);
        for ( j = 0; j < len; j++ )
            img[j] = rand();
        put16(img + 0x1fe, 0xaa55);
        memcpy(img + 0x202, "HdrS", 4);
        put32(img + 0x248, rand() % 8192);
        put32(img + 0x24c, rand() % 8192);
        if ( bzimage_parse(img, len, &p) == 0 )
            CHECK(p.offset + p.length <= len && p.length >= 4);
        free(img);
    }
}

/* Debian's kernel, when scripts/fetch-linux.sh has cached it. */
static char debian_path[512];

static void test_debian_kernel(void)
{
    struct bzimage_payload p;
    uint8_t *img;
    long len;
    FILE *f = fopen(debian_path, "rb");

    CHECK(f != NULL);
    if ( !f )
        return;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    img = malloc(len);
    CHECK(fread(img, 1, len, f) == (size_t)len);
    fclose(f);
    CHECK_EQ(bzimage_parse(img, len, &p), 0);
    CHECK(!memcmp(img + p.offset, "\xfd" "7zXZ", 6));
    CHECK(p.out_size > (16u << 20));
    free(img);
}

static void __attribute__((constructor)) register_debian_kernel(void)
{
    static struct harness_case c = { "debian_kernel", test_debian_kernel, NULL };
    const char *cache = getenv("XH_CACHE"), *home = getenv("HOME");
    char cmd[600];
    FILE *f;

    if ( cache )
        snprintf(cmd, sizeof(cmd), "ls %s/linux/root/boot/vmlinuz-* 2>/dev/null", cache);
    else
        snprintf(cmd, sizeof(cmd), "ls %s/.cache/xh/linux/root/boot/vmlinuz-* 2>/dev/null",
                 home ? home : "");
    f = popen(cmd, "r");
    if ( f && fgets(debian_path, sizeof(debian_path), f) )
    {
        debian_path[strcspn(debian_path, "\n")] = 0;
        harness_register(&c);
    }
    if ( f )
        pclose(f);
}
