/* Bit-level packing helpers: a bit writer/reader over byte buffers and a packed telemetry record. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bitwriter {
    uint8_t *buf;
    size_t cap_bits;
    size_t pos;
};

struct bitreader {
    const uint8_t *buf;
    size_t len_bits;
    size_t pos;
};

/* Telemetry sample packed into 64 bits on the wire. */
struct telemetry {
    uint8_t node_id;      /* 6 bits */
    uint8_t flags;        /* 4 bits */
    int16_t temperature;  /* 11 bits, signed, 0.1 degC */
    uint16_t voltage_mv;  /* 13 bits */
    uint8_t rssi;         /* 7 bits */
    uint32_t seq;         /* 23 bits */
};

bool bw_put(struct bitwriter *w, uint32_t value, unsigned nbits)
{
    if (nbits > 32 || w->pos + nbits > w->cap_bits)
        return false;
    for (unsigned i = nbits; i-- > 0;) {
        size_t byte = w->pos >> 3;
        unsigned bit = 7u - (unsigned)(w->pos & 7u);
        if ((value >> i) & 1u)
            w->buf[byte] |= (uint8_t)(1u << bit);
        else
            w->buf[byte] &= (uint8_t)~(1u << bit);
        w->pos++;
    }
    return true;
}

bool br_get(struct bitreader *r, unsigned nbits, uint32_t *out)
{
    if (nbits > 32 || r->pos + nbits > r->len_bits)
        return false;
    uint32_t v = 0;
    for (unsigned i = 0; i < nbits; i++) {
        size_t byte = r->pos >> 3;
        unsigned bit = 7u - (unsigned)(r->pos & 7u);
        v = (v << 1) | ((r->buf[byte] >> bit) & 1u);
        r->pos++;
    }
    *out = v;
    return true;
}

static int32_t sign_extend(uint32_t v, unsigned bits)
{
    uint32_t m = 1u << (bits - 1);
    v &= (1u << bits) - 1u;
    return (int32_t)(v ^ m) - (int32_t)m;
}

bool telemetry_pack(const struct telemetry *t, uint8_t out[8])
{
    struct bitwriter w = { out, 64, 0 };
    if (t->node_id > 63 || t->flags > 15 || t->voltage_mv > 8191 || t->rssi > 127)
        return false;
    if (t->temperature < -1024 || t->temperature > 1023)
        return false;
    return bw_put(&w, t->node_id, 6) && bw_put(&w, t->flags, 4) &&
           bw_put(&w, (uint32_t)t->temperature & 0x7FFu, 11) && bw_put(&w, t->voltage_mv, 13) &&
           bw_put(&w, t->rssi, 7) && bw_put(&w, t->seq & 0x7FFFFFu, 23);
}

bool telemetry_unpack(const uint8_t in[8], struct telemetry *t)
{
    struct bitreader r = { in, 64, 0 };
    uint32_t v[6];
    static const uint8_t widths[6] = { 6, 4, 11, 13, 7, 23 };
    for (int i = 0; i < 6; i++)
        if (!br_get(&r, widths[i], &v[i]))
            return false;
    t->node_id = (uint8_t)v[0];
    t->flags = (uint8_t)v[1];
    t->temperature = (int16_t)sign_extend(v[2], 11);
    t->voltage_mv = (uint16_t)v[3];
    t->rssi = (uint8_t)v[4];
    t->seq = v[5];
    return true;
}

/* Packs four 10-bit ADC samples into five bytes (little-endian bit order). */
void pack10x4(const uint16_t s[4], uint8_t out[5])
{
    uint64_t acc = 0;
    for (int i = 0; i < 4; i++)
        acc |= (uint64_t)(s[i] & 0x3FFu) << (10 * i);
    for (int i = 0; i < 5; i++)
        out[i] = (uint8_t)(acc >> (8 * i));
}

void unpack10x4(const uint8_t in[5], uint16_t s[4])
{
    uint64_t acc = 0;
    for (int i = 0; i < 5; i++)
        acc |= (uint64_t)in[i] << (8 * i);
    for (int i = 0; i < 4; i++)
        s[i] = (uint16_t)((acc >> (10 * i)) & 0x3FFu);
}
