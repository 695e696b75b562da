/* Recursive algorithms: bounded Ackermann, memoised Fibonacci, Hanoi, N-Queens, permutations. */
#include <stdint.h>
#include <stdio.h>

static long ack_calls;

static unsigned ackermann(unsigned m, unsigned n)
{
    ack_calls++;
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static uint64_t fib_memo[94];

static uint64_t fib(unsigned n)
{
    if (n < 2)
        return n;
    if (fib_memo[n])
        return fib_memo[n];
    uint64_t v = fib(n - 1) + fib(n - 2);
    fib_memo[n] = v;
    return v;
}

static unsigned hanoi_moves;
static unsigned hanoi_sig;

static void hanoi(int n, int from, int to, int via)
{
    if (n == 0)
        return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi_sig = hanoi_sig * 31u + (unsigned)(from * 3 + to);
    hanoi(n - 1, via, to, from);
}

static int queens_cols[12];

static int queen_ok(int row, int col)
{
    for (int r = 0; r < row; r++) {
        int c = queens_cols[r];
        if (c == col || c - col == r - row || c - col == row - r)
            return 0;
    }
    return 1;
}

static int queens(int row, int n)
{
    if (row == n)
        return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        if (queen_ok(row, c)) {
            queens_cols[row] = c;
            count += queens(row + 1, n);
        }
    }
    return count;
}

static void permute(char *s, int k, int n, int *count, char *last)
{
    if (k == n) {
        (*count)++;
        for (int i = 0; i <= n; i++)
            last[i] = s[i];
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n, count, last);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

static int gcd_rec(int a, int b) { return b == 0 ? a : gcd_rec(b, a % b); }

int main(void)
{
    for (unsigned m = 0; m <= 3; m++) {
        for (unsigned n = 0; n <= 4; n++) {
            ack_calls = 0;
            unsigned v = ackermann(m, n);
            printf("A(%u,%u)=%u[%ld] ", m, n, v, ack_calls);
        }
        printf("\n");
    }
    printf("fib(50)=%llu fib(90)=%llu\n", (unsigned long long)fib(50), (unsigned long long)fib(90));

    for (int n = 1; n <= 10; n += 3) {
        hanoi_moves = 0;
        hanoi_sig = 0;
        hanoi(n, 0, 2, 1);
        printf("hanoi(%d): moves=%u sig=%08x\n", n, hanoi_moves, hanoi_sig);
    }
    for (int n = 4; n <= 8; n++)
        printf("queens(%d)=%d\n", n, queens(0, n));

    char word[] = "abcde";
    char last[6];
    int count = 0;
    permute(word, 0, 5, &count, last);
    printf("permutations=%d last=%s gcd=%d\n", count, last, gcd_rec(1071, 462));
    return 0;
}
