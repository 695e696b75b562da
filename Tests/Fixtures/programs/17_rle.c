/* Run-length coding: a simple (count, byte) scheme and a PackBits-style variant. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static size_t rle_encode(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint8_t b = in[i];
        size_t run = 1;
        while (i + run < n && in[i + run] == b && run < 255)
            run++;
        out[o++] = (uint8_t)run;
        out[o++] = b;
        i += run;
    }
    return o;
}

static size_t rle_decode(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        for (uint8_t k = 0; k < in[i]; k++)
            out[o++] = in[i + 1];
    return o;
}

/* PackBits: header h in 0..127 => h+1 literal bytes follow; h in 129..255 => repeat next byte 257-h times. */
static size_t packbits_encode(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t o = 0, i = 0;
    while (i < n) {
        size_t run = 1;
        while (i + run < n && run < 128 && in[i + run] == in[i])
            run++;
        if (run >= 3) {
            out[o++] = (uint8_t)(257 - run);
            out[o++] = in[i];
            i += run;
            continue;
        }
        size_t lit = 0;
        while (i + lit < n && lit < 128) {
            if (i + lit + 2 < n && in[i + lit] == in[i + lit + 1] && in[i + lit] == in[i + lit + 2])
                break;
            lit++;
        }
        out[o++] = (uint8_t)(lit - 1);
        memcpy(out + o, in + i, lit);
        o += lit;
        i += lit;
    }
    return o;
}

static size_t packbits_decode(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t o = 0, i = 0;
    while (i < n) {
        uint8_t h = in[i++];
        if (h < 128) {
            size_t cnt = (size_t)h + 1;
            memcpy(out + o, in + i, cnt);
            o += cnt;
            i += cnt;
        } else if (h > 128) {
            size_t cnt = 257u - h;
            memset(out + o, in[i++], cnt);
            o += cnt;
        }
    }
    return o;
}

static void make_input(uint8_t *buf, size_t n, int style)
{
    for (size_t i = 0; i < n; i++) {
        switch (style) {
        case 0: buf[i] = (uint8_t)(i / 40); break;                  /* long runs */
        case 1: buf[i] = (uint8_t)(i * 7 + i / 3); break;           /* noisy */
        default: buf[i] = (i % 50 < 20) ? 0xAA : (uint8_t)(i & 0x0F); break;
        }
    }
}

int main(void)
{
    static uint8_t input[600], enc[1400], dec[700];
    static const char *const names[] = { "runs", "noise", "mixed" };
    for (int style = 0; style < 3; style++) {
        make_input(input, sizeof input, style);
        size_t e1 = rle_encode(input, sizeof input, enc);
        size_t d1 = rle_decode(enc, e1, dec);
        int ok1 = d1 == sizeof input && memcmp(dec, input, d1) == 0;
        size_t e2 = packbits_encode(input, sizeof input, enc);
        size_t d2 = packbits_decode(enc, e2, dec);
        int ok2 = d2 == sizeof input && memcmp(dec, input, d2) == 0;
        printf("%-6s rle=%4zu (%s) packbits=%4zu (%s)\n", names[style], e1, ok1 ? "ok" : "bad", e2,
               ok2 ? "ok" : "bad");
    }
    const char *text = "WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW";
    size_t e = rle_encode((const uint8_t *)text, strlen(text), enc);
    printf("text:");
    for (size_t i = 0; i < e; i += 2)
        printf(" %u%c", enc[i], enc[i + 1]);
    printf("\n");
    return 0;
}
