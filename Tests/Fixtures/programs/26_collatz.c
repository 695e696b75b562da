/* Small program: Collatz sequence lengths with a tiny result cache. */
#include <stdio.h>

#define LIMIT 1000u

static unsigned short cache[LIMIT];

static unsigned collatz_len(unsigned long n)
{
    unsigned steps = 0;
    unsigned long start = n;
    while (n != 1) {
        if (n < LIMIT && cache[n]) {
            steps += cache[n];
            break;
        }
        n = (n & 1u) ? 3 * n + 1 : n / 2;
        steps++;
    }
    if (start < LIMIT)
        cache[start] = (unsigned short)steps;
    return steps;
}

/*
 * Scan every start value below LIMIT and remember the one with the
 * longest trajectory. Ties keep the smallest start value.
 */
int main(void)
{
    unsigned best = 1, best_len = 0;
    unsigned long total = 0;
    for (unsigned i = 1; i < LIMIT; i++) {
        unsigned len = collatz_len(i);
        total += len;
        if (len > best_len) {
            best_len = len;
            best = i;
        }
    }
    printf("longest below %u: %u (%u steps), total %lu\n", LIMIT, best, best_len, total);
    return 0;
}
