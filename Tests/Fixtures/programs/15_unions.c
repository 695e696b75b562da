/* Unions: tagged variant values, float bit inspection, and register overlays. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum value_kind { V_INT, V_FLOAT, V_STR, V_PAIR };

struct value {
    enum value_kind kind;
    union {
        long i;
        double f;
        char s[12];
        struct { int16_t a, b; } pair;
    } as;
};

union float_bits {
    float f;
    uint32_t u;
    struct {
        uint8_t b0, b1, b2, b3;
    } bytes;
};

/* A status register overlay as found in peripheral headers. */
union status_reg {
    uint16_t raw;
    struct {
        uint16_t ready : 1;
        uint16_t error : 1;
        uint16_t mode : 3;
        uint16_t channel : 4;
        uint16_t reserved : 7;
    } bits;
};

static struct value make_int(long i) { struct value v; v.kind = V_INT; v.as.i = i; return v; }
static struct value make_float(double f) { struct value v; v.kind = V_FLOAT; v.as.f = f; return v; }
static struct value make_pair(int a, int b)
{
    struct value v;
    v.kind = V_PAIR;
    v.as.pair.a = (int16_t)a;
    v.as.pair.b = (int16_t)b;
    return v;
}
static struct value make_str(const char *s)
{
    struct value v;
    v.kind = V_STR;
    memset(v.as.s, 0, sizeof v.as.s);
    strncpy(v.as.s, s, sizeof v.as.s - 1);
    return v;
}

static void print_value(const struct value *v)
{
    switch (v->kind) {
    case V_INT: printf("int(%ld)", v->as.i); break;
    case V_FLOAT: printf("float(%.5f)", v->as.f); break;
    case V_STR: printf("str(\"%s\")", v->as.s); break;
    case V_PAIR: printf("pair(%d,%d)", v->as.pair.a, v->as.pair.b); break;
    }
}

static double value_as_number(const struct value *v)
{
    switch (v->kind) {
    case V_INT: return (double)v->as.i;
    case V_FLOAT: return v->as.f;
    case V_STR: return (double)strlen(v->as.s);
    case V_PAIR: return (double)v->as.pair.a * v->as.pair.b;
    }
    return 0.0;
}

static void describe_float(float f)
{
    union float_bits fb;
    fb.f = f;
    unsigned sign = fb.u >> 31;
    int exponent = (int)((fb.u >> 23) & 0xFFu) - 127;
    unsigned mantissa = fb.u & 0x7FFFFFu;
    printf("%12.4f -> %08x sign=%u exp=%4d mant=%06x\n", (double)f, (unsigned)fb.u, sign,
           exponent, mantissa);
}

int main(void)
{
    struct value vals[] = {
        make_int(-42), make_float(3.14159), make_str("hello world, too long"),
        make_pair(-300, 7), make_int(1000000), make_str("ok"),
    };
    double total = 0.0;
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        print_value(&vals[i]);
        printf("\n");
        total += value_as_number(&vals[i]);
    }
    printf("total=%.5f sizeof(value)=%zu\n", total, sizeof(struct value));

    static const float floats[] = { 1.0f, -2.5f, 0.15625f, 1e10f, 0.0f, 65504.0f };
    for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++)
        describe_float(floats[i]);

    union status_reg r;
    r.raw = 0;
    r.bits.ready = 1;
    r.bits.mode = 5;
    r.bits.channel = 9;
    printf("reg raw=%04x ready=%u err=%u mode=%u ch=%u\n", r.raw, r.bits.ready, r.bits.error,
           r.bits.mode, r.bits.channel);
    r.raw ^= 0x0003;
    printf("reg raw=%04x ready=%u err=%u mode=%u ch=%u\n", r.raw, r.bits.ready, r.bits.error,
           r.bits.mode, r.bits.channel);
    return 0;
}
