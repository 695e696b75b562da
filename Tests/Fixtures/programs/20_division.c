/* Integer division-heavy routines: gcd/lcm, sieve, base conversion, modular exponentiation. */
#include <stdint.h>
#include <stdio.h>

static uint32_t gcd(uint32_t a, uint32_t b)
{
    while (b) {
        uint32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint64_t lcm(uint32_t a, uint32_t b) { return (uint64_t)(a / gcd(a, b)) * b; }

static uint32_t powmod(uint32_t base, uint32_t exp, uint32_t mod)
{
    uint64_t result = 1 % mod, b = base % mod;
    while (exp) {
        if (exp & 1u)
            result = result * b % mod;
        b = b * b % mod;
        exp >>= 1;
    }
    return (uint32_t)result;
}

static int to_base(uint32_t v, unsigned base, char *buf)
{
    char tmp[40];
    int n = 0;
    do {
        unsigned d = v % base;
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

static unsigned digit_sum(uint64_t v)
{
    unsigned s = 0;
    while (v) {
        s += (unsigned)(v % 10);
        v /= 10;
    }
    return s;
}

static int sieve_count(int limit, int *largest)
{
    static unsigned char composite[10001];
    int count = 0;
    for (int i = 2; i <= limit; i++) {
        if (composite[i])
            continue;
        count++;
        *largest = i;
        for (int j = i * i; j <= limit; j += i)
            composite[j] = 1;
    }
    return count;
}

static int is_prime_mr(uint32_t n)
{
    if (n < 2) return 0;
    static const uint32_t small[] = { 2, 3, 5, 7, 11 };
    for (int i = 0; i < 5; i++)
        if (n % small[i] == 0)
            return n == small[i];
    uint32_t d = n - 1;
    int r = 0;
    while (d % 2 == 0) { d /= 2; r++; }
    for (int i = 0; i < 5; i++) {
        uint64_t x = powmod(small[i], d, n);
        if (x == 1 || x == n - 1)
            continue;
        int composite = 1;
        for (int k = 1; k < r && composite; k++) {
            x = x * x % n;
            if (x == n - 1)
                composite = 0;
        }
        if (composite)
            return 0;
    }
    return 1;
}

static int32_t sdiv_round(int32_t n, int32_t d)
{
    /* round half away from zero */
    if ((n < 0) == (d < 0))
        return (n + d / 2) / d;
    return (n - d / 2) / d;
}

int main(void)
{
    printf("gcd(1071,462)=%u lcm(21,6)=%llu lcm(65536,10000)=%llu\n", (unsigned)gcd(1071, 462),
           (unsigned long long)lcm(21, 6), (unsigned long long)lcm(65536, 10000));
    printf("powmod(2,1000,1e9+7)=%u powmod(7,560,561)=%u\n", (unsigned)powmod(2, 1000, 1000000007u),
           (unsigned)powmod(7, 560, 561));

    char buf[40];
    static const unsigned bases[] = { 2, 3, 7, 16, 36 };
    for (int i = 0; i < 5; i++) {
        to_base(3735928559u, bases[i], buf);
        printf("0xdeadbeef base %2u = %s\n", bases[i], buf);
    }
    int largest = 0;
    int cnt = sieve_count(10000, &largest);
    printf("primes<=10000: %d, largest %d\n", cnt, largest);

    int mr = 0;
    for (uint32_t n = 4000000000u; n < 4000001000u; n++)
        mr += is_prime_mr(n);
    printf("primes in [4e9, 4e9+1000): %d, 561 prime? %d\n", mr, is_prime_mr(561));

    uint64_t f = 1;
    for (int i = 1; i <= 20; i++)
        f *= (uint64_t)i;
    printf("digitsum(20!)=%u\n", digit_sum(f));

    static const int32_t pairs[][2] = { { 7, 2 }, { -7, 2 }, { 7, -2 }, { -7, -2 }, { 100, 7 }, { -100, 7 } };
    for (int i = 0; i < 6; i++)
        printf("%d/%d: trunc=%d mod=%d round=%d\n", pairs[i][0], pairs[i][1], pairs[i][0] / pairs[i][1],
               pairs[i][0] % pairs[i][1], sdiv_round(pairs[i][0], pairs[i][1]));
    return 0;
}
