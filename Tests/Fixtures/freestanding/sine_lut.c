/* Float-free sine/cosine via a quarter-wave lookup table with linear interpolation (Q15 output). */
#include <stdint.h>

/* sin(k * pi/2 / 64) * 32767 for k = 0..64 */
static const int16_t quarter_wave[65] = {
    0, 804, 1608, 2410, 3212, 4011, 4808, 5602, 6393, 7179, 7962, 8739, 9512, 10278, 11039,
    11793, 12539, 13279, 14010, 14732, 15446, 16151, 16846, 17530, 18204, 18868, 19519, 20159,
    20787, 21403, 22005, 22594, 23170, 23731, 24279, 24811, 25329, 25832, 26319, 26790, 27245,
    27683, 28105, 28510, 28898, 29268, 29621, 29956, 30273, 30571, 30852, 31113, 31356, 31580,
    31785, 31971, 32137, 32285, 32412, 32521, 32609, 32678, 32728, 32757, 32767,
};

/* phase: full circle = 65536 units. Returns sin(phase) in Q15. */
int16_t sin_q15(uint16_t phase)
{
    uint16_t quadrant = phase >> 14;
    uint16_t within = phase & 0x3FFFu;       /* 0..16383 within quadrant */
    if (quadrant & 1u)
        within = (uint16_t)(0x4000u - within);
    uint16_t idx = within >> 8;              /* 0..64 */
    uint16_t frac = within & 0xFFu;
    int32_t a = quarter_wave[idx];
    int32_t b = quarter_wave[idx < 64 ? idx + 1 : 64];
    int32_t v = a + (((b - a) * (int32_t)frac) / 256);
    return (int16_t)((quadrant & 2u) ? -v : v);
}

int16_t cos_q15(uint16_t phase)
{
    return sin_q15((uint16_t)(phase + 0x4000u));
}

/* Direct digital synthesis: advances a phase accumulator and fills a buffer of Q15 samples. */
struct dds {
    uint32_t phase;
    uint32_t step;
    int16_t amplitude_q15;
};

void dds_set_frequency(struct dds *d, uint32_t freq_hz, uint32_t sample_rate_hz)
{
    uint64_t step = ((uint64_t)freq_hz << 32) / (sample_rate_hz ? sample_rate_hz : 1u);
    d->step = (uint32_t)step;
}

void dds_fill(struct dds *d, int16_t *out, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        int32_t s = sin_q15((uint16_t)(d->phase >> 16));
        out[i] = (int16_t)((s * d->amplitude_q15) >> 15);
        d->phase += d->step;
    }
}

/* Integer atan2 approximation returning a phase in the same 65536-per-turn units. */
uint16_t atan2_phase(int32_t y, int32_t x)
{
    if (x == 0 && y == 0)
        return 0;
    int64_t ax = x < 0 ? -(int64_t)x : x;
    int64_t ay = y < 0 ? -(int64_t)y : y;
    uint32_t angle;
    if (ax >= ay) {
        int64_t r = (ay << 13) / ax;        /* 0..8192 => 0..45 degrees */
        angle = (uint32_t)r;
    } else {
        int64_t r = (ax << 13) / ay;
        angle = 16384u - (uint32_t)r;
    }
    if (x < 0)
        angle = 32768u - angle;
    if (y < 0)
        angle = 65536u - angle;
    return (uint16_t)angle;
}
