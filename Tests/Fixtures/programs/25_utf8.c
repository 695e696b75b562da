/* UTF-8 decoding/encoding with validation, code-point statistics and case folding for ASCII. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define UTF8_BAD 0xFFFFFFFFu

/* Decodes one code point starting at s (len bytes available); stores consumed byte count. */
static uint32_t utf8_decode(const uint8_t *s, size_t len, size_t *used)
{
    *used = 1;
    uint8_t c = s[0];
    if (c < 0x80)
        return c;
    size_t need;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) { need = 2; cp = c & 0x1Fu; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { need = 3; cp = c & 0x0Fu; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { need = 4; cp = c & 0x07u; min = 0x10000; }
    else return UTF8_BAD;
    if (need > len)
        return UTF8_BAD;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return UTF8_BAD;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return UTF8_BAD;
    *used = need;
    return cp;
}

static size_t utf8_encode(uint32_t cp, uint8_t *out)
{
    if (cp < 0x80) { out[0] = (uint8_t)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | (cp >> 6));
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (cp >> 12));
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (cp >> 18));
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

struct stats {
    unsigned ascii, two, three, four, invalid;
    uint32_t max_cp;
};

static void analyse(const char *label, const uint8_t *s, size_t n)
{
    struct stats st = { 0, 0, 0, 0, 0, 0 };
    uint8_t re[256];
    size_t ro = 0;
    for (size_t i = 0; i < n;) {
        size_t used;
        uint32_t cp = utf8_decode(s + i, n - i, &used);
        if (cp == UTF8_BAD) {
            st.invalid++;
            cp = 0xFFFD;
        } else if (used == 1) st.ascii++;
        else if (used == 2) st.two++;
        else if (used == 3) st.three++;
        else st.four++;
        if (cp != 0xFFFD && cp > st.max_cp)
            st.max_cp = cp;
        if (cp >= 'a' && cp <= 'z')
            cp -= 32;
        ro += utf8_encode(cp, re + ro);
        i += used;
    }
    re[ro] = 0;
    printf("%-8s a=%u 2=%u 3=%u 4=%u bad=%u max=U+%04X -> %s\n", label, st.ascii, st.two, st.three,
           st.four, st.invalid, (unsigned)st.max_cp, (const char *)re);
}

int main(void)
{
    static const char *const samples[][2] = {
        { "ascii", "hello, world" },
        { "latin", "caf\xc3\xa9 na\xc3\xafve" },
        { "cjk", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e ok" },
        { "emoji", "smile \xf0\x9f\x98\x80!" },
        { "broken", "bad \xc3 \xe2\x82 \xed\xa0\x80 \xc0\xaf end" },
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
        analyse(samples[i][0], (const uint8_t *)samples[i][1], strlen(samples[i][1]));

    static const uint32_t cps[] = { 0x24, 0xA2, 0x20AC, 0x10348, 0x10FFFF };
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        uint8_t buf[4];
        size_t n = utf8_encode(cps[i], buf), used;
        printf("U+%06X:", (unsigned)cps[i]);
        for (size_t k = 0; k < n; k++)
            printf(" %02X", buf[k]);
        printf(" -> U+%06X\n", (unsigned)utf8_decode(buf, n, &used));
    }
    return 0;
}
