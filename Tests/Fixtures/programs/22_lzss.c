/* A small LZSS-style compressor: 4 KiB window, flag bytes grouping 8 tokens, greedy matching. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define WINDOW 4096
#define MIN_MATCH 3
#define MAX_MATCH 18

/* Token encoding: literal = 1 byte; match = 2 bytes: offset(12 bits) | (len - MIN_MATCH)(4 bits). */
static size_t lzss_compress(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t o = 0, i = 0;
    while (i < n) {
        size_t flag_pos = o++;
        uint8_t flags = 0;
        for (int bit = 0; bit < 8 && i < n; bit++) {
            size_t best_len = 0, best_off = 0;
            size_t start = i > WINDOW - 1 ? i - (WINDOW - 1) : 0;
            for (size_t j = start; j < i; j++) {
                size_t len = 0;
                while (len < MAX_MATCH && i + len < n && in[j + len] == in[i + len])
                    len++;
                if (len > best_len) {
                    best_len = len;
                    best_off = i - j;
                    if (len == MAX_MATCH)
                        break;
                }
            }
            if (best_len >= MIN_MATCH) {
                flags |= (uint8_t)(1u << bit);
                uint16_t tok = (uint16_t)((best_off << 4) | (best_len - MIN_MATCH));
                out[o++] = (uint8_t)(tok >> 8);
                out[o++] = (uint8_t)tok;
                i += best_len;
            } else {
                out[o++] = in[i++];
            }
        }
        out[flag_pos] = flags;
    }
    return o;
}

static long lzss_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t flags = in[i++];
        for (int bit = 0; bit < 8 && i < n; bit++) {
            if (flags & (1u << bit)) {
                if (i + 1 >= n)
                    return -1;
                uint16_t tok = (uint16_t)((in[i] << 8) | in[i + 1]);
                i += 2;
                size_t off = tok >> 4, len = (size_t)(tok & 15u) + MIN_MATCH;
                if (off == 0 || off > o || o + len > cap)
                    return -1;
                for (size_t k = 0; k < len; k++, o++)
                    out[o] = out[o - off];
            } else {
                if (o >= cap)
                    return -1;
                out[o++] = in[i++];
            }
        }
    }
    return (long)o;
}

static uint32_t fnv(const uint8_t *p, size_t n)
{
    uint32_t h = 0x811C9DC5u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x01000193u;
    return h;
}

static void test(const char *name, const uint8_t *data, size_t n)
{
    static uint8_t comp[8192], back[8192];
    size_t c = lzss_compress(data, n, comp);
    long d = lzss_decompress(comp, c, back, sizeof back);
    int ok = d == (long)n && memcmp(back, data, n) == 0;
    printf("%-10s %5zu -> %5zu bytes (%3zu%%) hash=%08x %s\n", name, n, c, n ? c * 100 / n : 0,
           (unsigned)fnv(comp, c), ok ? "ok" : "FAIL");
}

int main(void)
{
    static const char text[] =
        "It was the best of times, it was the worst of times, it was the age of wisdom, "
        "it was the age of foolishness, it was the epoch of belief, it was the epoch of "
        "incredulity, it was the season of Light, it was the season of Darkness.";
    test("text", (const uint8_t *)text, sizeof text - 1);

    static uint8_t buf[3000];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)("ABCDABCEABCDABCF"[i % 16]);
    test("pattern", buf, sizeof buf);

    uint32_t x = 0x12345678u;
    for (size_t i = 0; i < sizeof buf; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    test("random", buf, 1000);
    memset(buf, 0, sizeof buf);
    test("zeros", buf, sizeof buf);
    test("empty", buf, 0);

    uint8_t broken[] = { 0x01, 0x00, 0x50 };
    printf("broken stream -> %ld\n", lzss_decompress(broken, sizeof broken, buf, sizeof buf));
    return 0;
}
