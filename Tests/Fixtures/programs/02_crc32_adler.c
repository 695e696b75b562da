/* Checksums: table-driven CRC32 (table built at startup), Adler-32, Fletcher-16. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t crc_table[256];
static int crc_table_ready;

static void crc32_build_table(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
        crc_table[n] = c;
    }
    crc_table_ready = 1;
}

uint32_t crc32_update(uint32_t crc, const uint8_t *buf, size_t len)
{
    if (!crc_table_ready)
        crc32_build_table();
    crc = ~crc;
    while (len--)
        crc = crc_table[(crc ^ *buf++) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

static uint32_t crc32_bitwise(const uint8_t *buf, size_t len)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        crc ^= buf[i];
        for (int k = 0; k < 8; k++) {
            uint32_t mask = 0u - (crc & 1u);
            crc = (crc >> 1) ^ (0xEDB88320u & mask);
        }
    }
    return ~crc;
}

uint32_t adler32(const uint8_t *buf, size_t len)
{
    const uint32_t MOD = 65521u;
    uint32_t a = 1, b = 0;
    while (len > 0) {
        size_t chunk = len < 3800 ? len : 3800;
        len -= chunk;
        while (chunk--) {
            a += *buf++;
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    return (b << 16) | a;
}

static uint16_t fletcher16(const uint8_t *buf, size_t len)
{
    uint16_t s1 = 0, s2 = 0;
    for (size_t i = 0; i < len; i++) {
        s1 = (uint16_t)((s1 + buf[i]) % 255);
        s2 = (uint16_t)((s2 + s1) % 255);
    }
    return (uint16_t)((s2 << 8) | s1);
}

int main(void)
{
    static const char *const inputs[] = {
        "",
        "a",
        "abc",
        "123456789",
        "The quick brown fox jumps over the lazy dog",
        "firmware image v1.2.3 build 0042",
    };
    uint8_t big[1024];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)((i * 31u + 7u) ^ (i >> 3));

    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        const uint8_t *p = (const uint8_t *)inputs[i];
        size_t n = strlen(inputs[i]);
        printf("[%zu] crc32=%08x bitwise=%08x adler=%08x fletcher=%04x\n", i,
               (unsigned)crc32_update(0, p, n), (unsigned)crc32_bitwise(p, n),
               (unsigned)adler32(p, n), (unsigned)fletcher16(p, n));
    }

    /* Incremental CRC must match one-shot CRC. */
    uint32_t inc = 0;
    for (size_t off = 0; off < sizeof big; off += 100) {
        size_t n = sizeof big - off < 100 ? sizeof big - off : 100;
        inc = crc32_update(inc, big + off, n);
    }
    printf("big: crc=%08x incremental=%08x adler=%08x\n",
           (unsigned)crc32_update(0, big, sizeof big), (unsigned)inc,
           (unsigned)adler32(big, sizeof big));
    return 0;
}
