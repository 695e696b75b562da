/* Base64 encoder and decoder (RFC 4648 alphabet, with padding and validation). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t b64_encode(const uint8_t *in, size_t len, char *out)
{
    size_t o = 0, i = 0;
    while (i + 2 < len) {
        uint32_t v = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1] << 8) | in[i + 2];
        out[o++] = b64_alphabet[(v >> 18) & 63];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = b64_alphabet[(v >> 6) & 63];
        out[o++] = b64_alphabet[v & 63];
        i += 3;
    }
    if (i < len) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)in[i + 1] << 8;
        out[o++] = b64_alphabet[(v >> 18) & 63];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = (i + 1 < len) ? b64_alphabet[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Returns decoded length, or -1 on malformed input. */
long b64_decode(const char *in, uint8_t *out)
{
    size_t len = strlen(in);
    if (len % 4 != 0)
        return -1;
    long o = 0;
    for (size_t i = 0; i < len; i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; k++) {
            char c = in[i + k];
            if (c == '=' && i + 4 == len && k >= 2) {
                v[k] = 0;
                pad++;
            } else if (pad) {
                return -1;
            } else if ((v[k] = b64_value(c)) < 0) {
                return -1;
            }
        }
        uint32_t w = ((uint32_t)v[0] << 18) | ((uint32_t)v[1] << 12) | ((uint32_t)v[2] << 6) | (uint32_t)v[3];
        out[o++] = (uint8_t)(w >> 16);
        if (pad < 2) out[o++] = (uint8_t)(w >> 8);
        if (pad < 1) out[o++] = (uint8_t)w;
    }
    return o;
}

int main(void)
{
    static const char *const samples[] = {
        "", "f", "fo", "foo", "foob", "fooba", "foobar", "PassLab fixture: base64 round trip!",
    };
    char enc[128];
    uint8_t dec[128];
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        size_t n = strlen(samples[i]);
        b64_encode((const uint8_t *)samples[i], n, enc);
        long d = b64_decode(enc, dec);
        int ok = d == (long)n && memcmp(dec, samples[i], n) == 0;
        printf("%-38s -> %-50s %s\n", samples[i], enc, ok ? "ok" : "MISMATCH");
    }

    uint8_t bin[64];
    for (int i = 0; i < 64; i++)
        bin[i] = (uint8_t)(i * 73 + 11);
    b64_encode(bin, sizeof bin, enc);
    long d = b64_decode(enc, dec);
    printf("binary: %s (%ld, %s)\n", enc, d, memcmp(bin, dec, sizeof bin) == 0 ? "ok" : "bad");

    static const char *const bad[] = { "abc", "ab=c", "a===", "ab!d", "Zm9v" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        printf("decode(%s) = %ld\n", bad[i], b64_decode(bad[i], dec));
    return 0;
}
