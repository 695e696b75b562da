/*
 * lz_demo.c - a compact byte-oriented LZ77 codec with a self-test.
 *
 * Format (one block): a sequence of commands, each starting with a token byte.
 *   token high nibble: literal count (15 = more follows as extension bytes)
 *   token low nibble : match length - MIN_MATCH (15 = more follows)
 *   then: literal-count extension bytes, the literals, a 2-byte little-endian
 *   match offset, then match-length extension bytes. Extension bytes are added
 *   up; a byte of 255 means another extension byte follows.
 * The final command carries only literals (no offset), which the decoder
 * recognises by reaching the end of input.
 *
 * Written for PassLab as a code-size tuning example. Public domain / MIT.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MIN_MATCH 4
#define MAX_OFFSET 65535u
#define HASH_BITS 12
#define HASH_SIZE (1u << HASH_BITS)

static uint32_t read32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t hash4(const uint8_t *p)
{
    return (read32(p) * 2654435761u) >> (32 - HASH_BITS);
}

/* Writes a length extension for values >= 15; returns new output position or 0 on overflow. */
static size_t put_length(uint8_t *out, size_t o, size_t cap, size_t len)
{
    if (len < 15)
        return o;
    len -= 15;
    for (;;) {
        if (o >= cap)
            return 0;
        if (len < 255) {
            out[o++] = (uint8_t)len;
            return o;
        }
        out[o++] = 255;
        len -= 255;
    }
}

static size_t emit_command(uint8_t *out, size_t o, size_t cap, const uint8_t *lit, size_t nlit,
                           size_t offset, size_t mlen)
{
    if (o >= cap)
        return 0;
    size_t mcode = mlen ? mlen - MIN_MATCH : 0;
    out[o++] = (uint8_t)(((nlit < 15 ? nlit : 15) << 4) | (mcode < 15 ? mcode : 15));
    if ((o = put_length(out, o, cap, nlit)) == 0 || o + nlit > cap)
        return 0;
    memcpy(out + o, lit, nlit);
    o += nlit;
    if (mlen == 0)
        return o;
    if (o + 2 > cap)
        return 0;
    out[o++] = (uint8_t)(offset & 0xFFu);
    out[o++] = (uint8_t)(offset >> 8);
    return put_length(out, o, cap, mcode);
}

/* Compresses src into dst; returns compressed size or 0 if dst is too small. */
size_t lz_compress(const uint8_t *src, size_t n, uint8_t *dst, size_t cap)
{
    static uint32_t table[HASH_SIZE];   /* position + 1 of the last occurrence, 0 = none */
    memset(table, 0, sizeof table);
    size_t i = 0, anchor = 0, o = 0;
    while (n >= MIN_MATCH && i <= n - MIN_MATCH) {
        uint32_t h = hash4(src + i);
        size_t cand = table[h];
        table[h] = (uint32_t)(i + 1);
        if (cand == 0 || i - (cand - 1) > MAX_OFFSET || read32(src + cand - 1) != read32(src + i)) {
            i++;
            continue;
        }
        size_t ref = cand - 1, len = MIN_MATCH;
        while (i + len < n && src[ref + len] == src[i + len])
            len++;
        o = emit_command(dst, o, cap, src + anchor, i - anchor, i - ref, len);
        if (o == 0)
            return 0;
        /* seed the table with a couple of positions inside the match */
        if (len > 8) {
            table[hash4(src + i + len - 4)] = (uint32_t)(i + len - 4 + 1);
            table[hash4(src + i + 1)] = (uint32_t)(i + 2);
        }
        i += len;
        anchor = i;
    }
    return emit_command(dst, o, cap, src + anchor, n - anchor, 0, 0);
}

static int get_length(const uint8_t *in, size_t n, size_t *i, size_t *len)
{
    if (*len != 15)
        return 1;
    for (;;) {
        if (*i >= n)
            return 0;
        uint8_t b = in[(*i)++];
        *len += b;
        if (b != 255)
            return 1;
    }
}

/* Returns decompressed size, or -1 on malformed input / insufficient space. */
long lz_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t token = in[i++];
        size_t nlit = token >> 4, mlen = token & 15u;
        if (!get_length(in, n, &i, &nlit) || nlit > n - i || nlit > cap - o)
            return -1;
        memcpy(out + o, in + i, nlit);
        i += nlit;
        o += nlit;
        if (i == n)
            break;                         /* last command: literals only */
        if (n - i < 2)
            return -1;
        size_t offset = (size_t)in[i] | (size_t)in[i + 1] << 8;
        i += 2;
        if (!get_length(in, n, &i, &mlen))
            return -1;
        mlen += MIN_MATCH;
        if (offset == 0 || offset > o || mlen > cap - o)
            return -1;
        for (size_t k = 0; k < mlen; k++, o++)   /* byte-wise: overlapping copies are allowed */
            out[o] = out[o - offset];
    }
    return (long)o;
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static const char sample_text[] =
    "PassLab tunes LLVM optimisation pipelines for code size. A pipeline is a list of passes; "
    "each pass rewrites the program a little. Some passes shrink code, some grow it, and some "
    "only help when another pass runs first. PassLab tries pipelines, measures the text size, "
    "and keeps the pipelines that shrink code without changing what the program prints.";

static const char sample_config[] =
    "[uart]\nbaud=115200\nparity=none\nstop=1\n[uart1]\nbaud=115200\nparity=none\nstop=2\n"
    "[spi]\nclock=8000000\nmode=0\n[spi1]\nclock=8000000\nmode=3\n";

static uint8_t work_in[6000], work_comp[7000], work_out[6000];

static int round_trip(const char *name, const uint8_t *data, size_t n, uint32_t *acc)
{
    size_t c = lz_compress(data, n, work_comp, sizeof work_comp);
    long d = lz_decompress(work_comp, c, work_out, sizeof work_out);
    int ok = c > 0 && d == (long)n && memcmp(work_out, data, n) == 0;
    uint32_t crc = crc32(work_comp, c);
    *acc = (*acc ^ crc) * 16777619u;
    printf("%-8s %5zu -> %5zu  crc=%08x  %s\n", name, n, c, (unsigned)crc, ok ? "ok" : "FAILED");
    return ok;
}

int main(void)
{
    uint32_t acc = 2166136261u;
    int failures = 0;

    failures += !round_trip("text", (const uint8_t *)sample_text, sizeof sample_text - 1, &acc);
    failures += !round_trip("config", (const uint8_t *)sample_config, sizeof sample_config - 1, &acc);

    for (size_t i = 0; i < sizeof work_in; i++)          /* a sawtooth with a slow drift */
        work_in[i] = (uint8_t)((i % 97) + (i / 1000));
    failures += !round_trip("sawtooth", work_in, sizeof work_in, &acc);

    uint32_t x = 2463534242u;                             /* xorshift32: incompressible */
    for (size_t i = 0; i < 2048; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        work_in[i] = (uint8_t)(x >> 24);
    }
    failures += !round_trip("noise", work_in, 2048, &acc);

    memset(work_in, 'z', 5000);
    failures += !round_trip("run", work_in, 5000, &acc);
    failures += !round_trip("tiny", (const uint8_t *)"abc", 3, &acc);

    static const uint8_t corrupt[] = { 0x14, 'a', 0x09, 0x00 };   /* offset beyond output */
    long bad = lz_decompress(corrupt, sizeof corrupt, work_out, sizeof work_out);
    printf("corrupt stream -> %ld\n", bad);
    if (bad != -1)
        failures++;

    printf("checksum %08x, %d failure(s)\n", (unsigned)acc, failures);
    return failures ? 1 : 0;
}
