/* Q16.16 fixed-point arithmetic: mul/div, integer sqrt, CORDIC sin/cos, a low-pass filter. */
#include <stdint.h>
#include <stdio.h>

typedef int32_t fix16;

#define FIX_ONE   65536
#define FIX_HALF  32768
#define FIX_PI    205887

static fix16 fix_from_int(int v) { return (fix16)(v * FIX_ONE); }

static fix16 fix_mul(fix16 a, fix16 b)
{
    int64_t p = (int64_t)a * b;
    p += (p >= 0) ? FIX_HALF : -FIX_HALF;
    return (fix16)(p / FIX_ONE);
}

static fix16 fix_div(fix16 a, fix16 b)
{
    if (b == 0)
        return a >= 0 ? INT32_MAX : INT32_MIN;
    int64_t n = (int64_t)a * FIX_ONE;
    return (fix16)(n / b);
}

static uint32_t isqrt64(uint64_t v)
{
    uint64_t res = 0, bit = (uint64_t)1 << 62;
    while (bit > v)
        bit >>= 2;
    while (bit) {
        if (v >= res + bit) {
            v -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    return (uint32_t)res;
}

static fix16 fix_sqrt(fix16 a)
{
    if (a <= 0)
        return 0;
    return (fix16)isqrt64((uint64_t)a << 16);
}

/* atan(2^-i) in Q16.16 */
static const fix16 cordic_atan[16] = {
    51472, 30386, 16055, 8150, 4091, 2047, 1024, 512,
    256, 128, 64, 32, 16, 8, 4, 2
};
#define CORDIC_K 39797 /* 0.607253 * 65536 */

/* angle in Q16.16 radians, valid for |angle| <= pi/2 */
static void fix_sincos(fix16 angle, fix16 *s, fix16 *c)
{
    int32_t x = CORDIC_K, y = 0, z = angle;
    for (int i = 0; i < 16; i++) {
        int32_t dx = x / (1 << i);
        int32_t dy = y / (1 << i);
        if (z >= 0) {
            x -= dy; y += dx; z -= cordic_atan[i];
        } else {
            x += dy; y -= dx; z += cordic_atan[i];
        }
    }
    *c = x;
    *s = y;
}

static void print_fix(const char *label, fix16 v)
{
    int neg = v < 0;
    uint32_t u = neg ? (uint32_t)0 - (uint32_t)v : (uint32_t)v;
    uint32_t ip = u >> 16;
    uint32_t frac = (uint32_t)(((uint64_t)(u & 0xFFFFu) * 10000u + 32768u) >> 16);
    if (frac >= 10000u) { ip++; frac -= 10000u; }
    printf("%-12s %s%u.%04u\n", label, neg ? "-" : "", (unsigned)ip, (unsigned)frac);
}

struct lowpass {
    fix16 alpha;
    fix16 state;
};

static fix16 lowpass_step(struct lowpass *f, fix16 in)
{
    f->state += fix_mul(f->alpha, in - f->state);
    return f->state;
}

int main(void)
{
    fix16 a = fix_from_int(3) + FIX_HALF;      /* 3.5 */
    fix16 b = -fix_from_int(2) - FIX_ONE / 4;  /* -2.25 */
    print_fix("a", a);
    print_fix("b", b);
    print_fix("a*b", fix_mul(a, b));
    print_fix("a/b", fix_div(a, b));
    print_fix("sqrt(2)", fix_sqrt(fix_from_int(2)));
    print_fix("sqrt(1000)", fix_sqrt(fix_from_int(1000)));
    print_fix("1/0", fix_div(FIX_ONE, 0));

    for (int deg = -90; deg <= 90; deg += 30) {
        fix16 ang = (fix16)((int64_t)deg * FIX_PI / 180);
        fix16 s, c;
        fix_sincos(ang, &s, &c);
        printf("deg %4d: ", deg);
        print_fix("sin", s);
        printf("          ");
        print_fix("cos", c);
    }

    struct lowpass lp = { FIX_ONE / 8, 0 };
    fix16 out = 0;
    for (int i = 0; i < 40; i++) {
        fix16 in = (i % 10 < 5) ? fix_from_int(10) : fix_from_int(-2);
        out = lowpass_step(&lp, in);
        if (i % 8 == 7)
            print_fix("lowpass", out);
    }
    return 0;
}
