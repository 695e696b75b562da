/* Bit-twiddling helpers: popcount, bit reversal, leading zeros, parity, gray code. */
#include <stdint.h>
#include <stdio.h>

static unsigned popcount32(uint32_t v)
{
    v = v - ((v >> 1) & 0x55555555u);
    v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);
    v = (v + (v >> 4)) & 0x0F0F0F0Fu;
    return (v * 0x01010101u) >> 24;
}

static uint32_t reverse32(uint32_t v)
{
    v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
    v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
    v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
    v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
    return (v >> 16) | (v << 16);
}

static unsigned clz32(uint32_t v)
{
    if (v == 0)
        return 32;
    unsigned n = 0;
    if (!(v & 0xFFFF0000u)) { n += 16; v <<= 16; }
    if (!(v & 0xFF000000u)) { n += 8; v <<= 8; }
    if (!(v & 0xF0000000u)) { n += 4; v <<= 4; }
    if (!(v & 0xC0000000u)) { n += 2; v <<= 2; }
    if (!(v & 0x80000000u)) { n += 1; }
    return n;
}

static unsigned parity32(uint32_t v)
{
    v ^= v >> 16;
    v ^= v >> 8;
    v ^= v >> 4;
    return (0x6996u >> (v & 0xFu)) & 1u;
}

static uint32_t to_gray(uint32_t v) { return v ^ (v >> 1); }

static uint32_t from_gray(uint32_t g)
{
    for (uint32_t s = 1; s < 32; s <<= 1)
        g ^= g >> s;
    return g;
}

static uint32_t next_same_popcount(uint32_t v)
{
    uint32_t t = v | (v - 1);
    uint32_t lowest = ~t & (0u - ~t);
    return (t + 1) | (((lowest - 1) >> (31 - clz32(v & (0u - v)))) >> 1) ;
}

static uint32_t rotl32(uint32_t v, unsigned r)
{
    r &= 31u;
    return r ? (v << r) | (v >> (32 - r)) : v;
}

int main(void)
{
    static const uint32_t samples[] = {
        0u, 1u, 0x80000000u, 0xFFFFFFFFu, 0x12345678u, 0xDEADBEEFu, 0x00F0F000u, 0x55AA55AAu
    };
    for (unsigned i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        uint32_t v = samples[i];
        printf("%08x pop=%2u rev=%08x clz=%2u par=%u gray=%08x back=%08x rotl7=%08x\n",
               (unsigned)v, popcount32(v), (unsigned)reverse32(v), clz32(v), parity32(v),
               (unsigned)to_gray(v), (unsigned)from_gray(to_gray(v)), (unsigned)rotl32(v, 7));
    }
    uint32_t c = 0x7u;
    printf("combinations:");
    for (int i = 0; i < 10; i++) {
        printf(" %02x", (unsigned)c);
        c = next_same_popcount(c);
    }
    printf("\n");
    return 0;
}
