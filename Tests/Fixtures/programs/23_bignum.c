/* Arbitrary-precision unsigned integers in base 10^9: add, multiply by small, factorials, powers. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define LIMBS 40
#define BASE 1000000000u

typedef struct {
    uint32_t d[LIMBS];   /* little-endian limbs */
    int n;               /* used limbs, at least 1 */
} bignum;

static void bn_set(bignum *a, uint32_t v)
{
    memset(a, 0, sizeof *a);
    a->d[0] = v % BASE;
    a->d[1] = v / BASE;
    a->n = a->d[1] ? 2 : 1;
}

static int bn_add(bignum *r, const bignum *a, const bignum *b)
{
    int n = a->n > b->n ? a->n : b->n;
    uint32_t carry = 0;
    for (int i = 0; i < n; i++) {
        uint32_t s = carry + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
        carry = s >= BASE;
        r->d[i] = carry ? s - BASE : s;
    }
    if (carry) {
        if (n >= LIMBS)
            return -1;
        r->d[n++] = carry;
    }
    r->n = n;
    return 0;
}

static int bn_mul_small(bignum *a, uint32_t m)
{
    uint64_t carry = 0;
    for (int i = 0; i < a->n; i++) {
        uint64_t p = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)(p % BASE);
        carry = p / BASE;
    }
    while (carry) {
        if (a->n >= LIMBS)
            return -1;
        a->d[a->n++] = (uint32_t)(carry % BASE);
        carry /= BASE;
    }
    return 0;
}

static uint32_t bn_div_small(bignum *a, uint32_t m)
{
    uint64_t rem = 0;
    for (int i = a->n - 1; i >= 0; i--) {
        uint64_t cur = a->d[i] + rem * BASE;
        a->d[i] = (uint32_t)(cur / m);
        rem = cur % m;
    }
    while (a->n > 1 && a->d[a->n - 1] == 0)
        a->n--;
    return (uint32_t)rem;
}

static void bn_print(const char *label, const bignum *a)
{
    printf("%s = %u", label, (unsigned)a->d[a->n - 1]);
    for (int i = a->n - 2; i >= 0; i--)
        printf("%09u", (unsigned)a->d[i]);
    printf("\n");
}

static int bn_digits(const bignum *a)
{
    int digits = (a->n - 1) * 9;
    for (uint32_t top = a->d[a->n - 1]; top; top /= 10)
        digits++;
    return digits ? digits : 1;
}

int main(void)
{
    bignum f;
    bn_set(&f, 1);
    for (uint32_t i = 2; i <= 60; i++)
        bn_mul_small(&f, i);
    bn_print("60!", &f);
    printf("digits(60!) = %d\n", bn_digits(&f));

    bignum p;
    bn_set(&p, 1);
    for (int i = 0; i < 200; i++)
        bn_mul_small(&p, 2);
    bn_print("2^200", &p);

    bignum a, b, c;
    bn_set(&a, 0);
    bn_set(&b, 1);
    for (int i = 0; i < 300; i++) {
        bn_add(&c, &a, &b);
        a = b;
        b = c;
    }
    bn_print("fib(300)", &a);

    unsigned rem7 = bn_div_small(&f, 7u);
    unsigned zeros = 0;
    while (bn_div_small(&f, 10u) == 0)
        zeros++;
    printf("60!/7 rem=%u, trailing zeros of 60!/7 = %u\n", rem7, zeros);
    return 0;
}
